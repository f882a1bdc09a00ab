/* Blank input forms (`iki forms`): one XLSX per source form of the
 * template, written with libxlsxwriter through the atomic write of the
 * report stage.  See include/iki/forms.h for the layout.
 *
 * The headers written are exactly what the table stage recognises: for an
 * areas form "No", the key's first alias and each field's title (alias 0);
 * for a list form "No", the key column when there is one and the fields
 * that read a column (a count field without aliases reads none); for an
 * items form "No", the key column and one column per distinct value-column
 * title, with one row per distinct item label.
 *
 * Validation: whole numbers >= 0 on the numeric cells of areas forms
 * (counts of people and cases); decimals >= 0 on the numeric cells of items
 * and list forms (indices such as IDG 0.2476 and scores such as KLA 688.4
 * are fractions); a list of the yes word and "Tidak" on count_if columns;
 * the KLA predicates on a cell an indicator reads as a KLA predicate.
 *
 * A form is never marked with IKI_MARK_PROPERTY: a filled-in form is an
 * input, not an earlier output. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "internal.h"
#include "iki/os.h"

#include "iki/buf.h"
#include "iki/compute.h"
#include "iki/forms.h"
#include "iki/report.h"
#include "iki/table.h"

#define HR IKI_FORMS_HEADER_ROW
#define FIRST (HR + 1) /* first data row */
#define NO_AREA_ROWS 20 /* areas form of a template without areas */

/* ---- names --------------------------------------------------------------- */

static int glob_ok(const iki_strlist *globs, const char *name)
{
    if (!globs->n)
        return 1;
    for (size_t i = 0; i < globs->n; i++)
        if (globs->items[i] && iki_os_fnmatch(globs->items[i], name, 0) == 0)
            return 1;
    return 0;
}

/* The glob with its wildcards and bracket expressions dropped. */
static void unglob(const char *g, char *buf, size_t cap)
{
    size_t o = 0;
    for (const char *p = g; *p && o + 1 < cap; p++) {
        if (*p == '*' || *p == '?')
            continue;
        if (*p == '[') {
            const char *q = strchr(p, ']');
            if (q) {
                p = q;
                continue;
            }
        }
        buf[o++] = *p;
    }
    buf[o] = '\0';
}

size_t iki_forms_file_name(const iki_source *s, char *buf, size_t cap)
{
    char cand[256];
    int n = snprintf(cand, sizeof cand, "formulir-%s.xlsx", s->code);
    if (!glob_ok(&s->file_globs, cand)) {
        char alt[256];
        snprintf(alt, sizeof alt, "%s.xlsx", s->code);
        if (glob_ok(&s->file_globs, alt)) {
            n = snprintf(cand, sizeof cand, "%s", alt);
        } else {
            char stem[200];
            unglob(s->file_globs.items[0], stem, sizeof stem);
            size_t sl = strlen(stem);
            /* a glob already naming the extension ("*pmks*.xlsx") */
            if (sl > 5 && strcmp(stem + sl - 5, ".xlsx") == 0)
                stem[sl - 5] = '\0';
            snprintf(alt, sizeof alt, "%s.xlsx", *stem ? stem : s->code);
            if (glob_ok(&s->file_globs, alt))
                n = snprintf(cand, sizeof cand, "%s", alt);
        }
    }
    if (cap)
        snprintf(buf, cap, "%s", cand);
    return n < 0 ? 0 : (size_t)n;
}

/* Bytes of the first max UTF-8 characters of s. */
static size_t utf8_prefix(const char *s, size_t max)
{
    size_t i = 0, chars = 0;
    while (s[i]) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            if (chars == max)
                break;
            chars++;
        }
        i++;
    }
    return i;
}

static size_t utf8_len(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* A valid sheet name from text: forbidden characters become '-', at most
 * 31 characters cut at a word, no apostrophe at either end. */
static void sanitize_sheet(const char *text, char *buf, size_t cap)
{
    char tmp[512];
    size_t o = 0;
    for (const char *p = text; *p && o + 1 < sizeof tmp; p++) {
        char c = *p;
        if (strchr("[]:*?/\\", c) || c == '\n' || c == '\r' || c == '\t')
            c = c == '\n' || c == '\r' || c == '\t' ? ' ' : '-';
        tmp[o++] = c;
    }
    tmp[o] = '\0';
    size_t len = strlen(tmp);
    if (utf8_len(tmp) > LXW_SHEETNAME_MAX) {
        size_t cut = utf8_prefix(tmp, LXW_SHEETNAME_MAX);
        size_t word = cut;
        if (tmp[cut] != ' ')
            while (word > 0 && tmp[word - 1] != ' ')
                word--;
        len = word > 10 ? word : cut;
        tmp[len] = '\0';
    }
    char *start = tmp;
    while (*start == ' ' || *start == '\'')
        start++;
    len = strlen(start);
    while (len && (start[len - 1] == ' ' || start[len - 1] == '\''))
        start[--len] = '\0';
    snprintf(buf, cap, "%s", start);
}

void iki_forms_sheet_name(const iki_source *s, char *buf, size_t cap)
{
    char name[256];
    sanitize_sheet(s->title && *s->title ? s->title : s->code, name, sizeof name);
    if (!*name || strcasecmp(name, IKI_FORMS_SHEET_NOTES) == 0)
        sanitize_sheet(s->code, name, sizeof name);
    if (s->sheet_globs.n && !glob_ok(&s->sheet_globs, name)) {
        char alt[256];
        sanitize_sheet(s->code, alt, sizeof alt);
        if (glob_ok(&s->sheet_globs, alt)) {
            snprintf(name, sizeof name, "%s", alt);
        } else {
            char stem[256];
            unglob(s->sheet_globs.items[0], stem, sizeof stem);
            sanitize_sheet(stem, alt, sizeof alt);
            if (*alt && glob_ok(&s->sheet_globs, alt))
                snprintf(name, sizeof name, "%s", alt);
        }
    }
    snprintf(buf, cap, "%s", name);
}

/* ---- the form model ------------------------------------------------------ */

typedef enum ckind {
    C_NO = 0, /* the row number */
    C_KEY,    /* kecamatan, item label, or the list's key column */
    C_INT,    /* whole number >= 0 */
    C_DEC,    /* number >= 0 */
    C_TEXT,   /* free text */
    C_ID,     /* text kept as typed (NIK: 16 digits) */
    C_YESNO,  /* Ya / Tidak */
    C_VALUE   /* items: a value column; the kind depends on the row */
} ckind;

typedef struct fcol {
    const char *head; /* header text, as the template writes it */
    const char *norm; /* normalised (items value columns) */
    ckind kind;
    long field;       /* areas and list: the field read; -1 otherwise */
    double width;
} fcol;

typedef struct frow {
    const char *label; /* items: the item label as written */
    const char *norm;
} frow;

typedef struct fmts {
    lxw_format *title, *subtitle, *period_label, *text, *period_in, *header, *no, *label,
        *in_int, *in_dec, *in_text, *in_id, *in_yesno, *na, *total_label, *total_num,
        *total_blank, *ntitle, *nhead, *ntext;
} fmts;

typedef struct form {
    const iki_template *t;
    const iki_source *s;
    size_t si;
    int year;
    time_t build_time;
    lxw_workbook *wb;
    fmts f;
    fcol *cols;
    size_t ncols;
    frow *rows; /* items */
    size_t nrows;
    char sheet[128];
    char yes[64]; /* the yes word offered on count_if columns */
    const char *total_label; /* NULL: the template knows no total label */
} form;

static const char *field_head(const iki_field *fd)
{
    return fd->aliases.n && fd->aliases.items[0] ? fd->aliases.items[0]
                                                 : (fd->title ? fd->title : fd->code);
}

static double head_width(const char *head, double min)
{
    double w = (double)utf8_len(head) * 0.55 + 3;
    if (w > 24)
        w = 24; /* long headers wrap */
    return w < min ? min : w;
}

/* Does an indicator read field f of the form's source as a KLA predicate? */
static int kla_predicate(const form *x, size_t f)
{
    for (size_t i = 0; i < x->t->nindicators; i++) {
        const iki_indicator *ind = &x->t->indicators[i];
        const iki_input *in = &ind->inputs[IKI_ROLE_PREDICATE];
        if (ind->kind == IKI_KIND_KLA && in->source == (long)x->si && in->field == (long)f)
            return 1;
    }
    return 0;
}

static ckind field_kind(const form *x, const iki_field *fd)
{
    switch (fd->agg) {
    case IKI_AGG_SUM:
        return x->s->layout == IKI_LAYOUT_AREAS ? C_INT : C_DEC;
    case IKI_AGG_COUNT_IF:
        return C_YESNO;
    case IKI_AGG_DISTINCT:
        return C_ID;
    case IKI_AGG_COUNT:
    case IKI_AGG_TEXT:
        break;
    }
    return C_TEXT;
}

static int seen_norm(const fcol *cols, size_t n, const char *norm)
{
    for (size_t i = 0; i < n; i++)
        if (cols[i].norm && norm && strcmp(cols[i].norm, norm) == 0)
            return 1;
    return 0;
}

/* Columns (and items rows) of the form; -1 when memory ran out. */
static int build_model(form *x)
{
    const iki_source *s = x->s;
    x->cols = calloc(s->nfields + 2, sizeof *x->cols);
    x->rows = calloc(s->nfields ? s->nfields : 1, sizeof *x->rows);
    if (!x->cols || !x->rows)
        return -1;
    size_t n = 0;
    x->cols[n++] = (fcol){"No", NULL, C_NO, -1, 5};
    const char *key = s->key.n && s->key.items[0] ? s->key.items[0] : NULL;
    if (s->layout == IKI_LAYOUT_AREAS) {
        double w = 16;
        for (size_t a = 0; a < x->t->nareas; a++)
            if ((double)utf8_len(x->t->areas[a].name) + 3 > w)
                w = (double)utf8_len(x->t->areas[a].name) + 3;
        x->cols[n++] = (fcol){key ? key : "Kecamatan", NULL, C_KEY, -1, w};
    } else if (s->layout == IKI_LAYOUT_LIST) {
        if (key)
            x->cols[n++] = (fcol){key, s->key.norm ? s->key.norm[0] : NULL, C_KEY, -1,
                                  head_width(key, 40)};
    } else {
        double w = 28;
        for (size_t f = 0; f < s->nfields; f++) {
            const iki_strlist *it = &s->fields[f].item;
            if (!it->n || !it->items[0])
                continue;
            const char *nm = it->norm ? it->norm[0] : it->items[0];
            int dup = 0;
            for (size_t r = 0; r < x->nrows && !dup; r++)
                dup = strcmp(x->rows[r].norm, nm) == 0;
            if (dup)
                continue;
            x->rows[x->nrows++] = (frow){it->items[0], nm};
            if ((double)utf8_len(it->items[0]) + 3 > w)
                w = (double)utf8_len(it->items[0]) + 3;
        }
        x->cols[n++] = (fcol){key ? key : "Uraian", NULL, C_KEY, -1, w > 60 ? 60 : w};
    }
    for (size_t f = 0; f < s->nfields; f++) {
        const iki_field *fd = &s->fields[f];
        if (!fd->aliases.n)
            continue; /* a count without aliases reads no column */
        const char *head = field_head(fd);
        const char *norm = fd->aliases.norm && fd->aliases.norm[0] ? fd->aliases.norm[0] : head;
        if (seen_norm(x->cols, n, norm))
            continue; /* items: fields share a value column */
        ckind k = s->layout == IKI_LAYOUT_ITEMS ? C_VALUE : field_kind(x, fd);
        x->cols[n++] = (fcol){head, norm, k, s->layout == IKI_LAYOUT_ITEMS ? -1 : (long)f,
                              head_width(head, k == C_YESNO ? 12 : 14)};
    }
    x->ncols = n;
    return 0;
}

/* The field of items row r read from value column c, or -1. */
static long items_field(const form *x, size_t r, size_t c)
{
    for (size_t f = 0; f < x->s->nfields; f++) {
        const iki_field *fd = &x->s->fields[f];
        if (!fd->item.n || !fd->aliases.n)
            continue;
        const char *in = fd->item.norm ? fd->item.norm[0] : fd->item.items[0];
        const char *an = fd->aliases.norm && fd->aliases.norm[0] ? fd->aliases.norm[0]
                                                                 : field_head(fd);
        if (in && strcmp(in, x->rows[r].norm) == 0 && strcmp(an, x->cols[c].norm) == 0)
            return (long)f;
    }
    return -1;
}

/* The yes word: "Ya" when it is a yes-value of the template, else the
 * first yes-value. */
static void pick_yes(form *x)
{
    const iki_strlist *y = &x->t->yes_values;
    for (size_t f = 0; f < x->s->nfields; f++)
        if (x->s->fields[f].agg == IKI_AGG_COUNT_IF && x->s->fields[f].yes_values.n) {
            y = &x->s->fields[f].yes_values;
            break;
        }
    snprintf(x->yes, sizeof x->yes, "Ya");
    if (!y->n)
        return;
    for (size_t i = 0; i < y->n; i++)
        if (y->norm && y->norm[i] && strcmp(y->norm[i], "ya") == 0)
            return;
    snprintf(x->yes, sizeof x->yes, "%s", y->items[0]);
}

/* ---- formats ------------------------------------------------------------- */

#define INPUT_FILL 0xFFF2CC /* light yellow: cells to fill in */
#define HEAD_FILL 0xD9D9D9
#define NA_FILL 0xBFBFBF

lxw_format *report_form_format(lxw_workbook *wb, int border, int bold, int wrap, int unlocked)
{
    lxw_format *f = workbook_add_format(wb);
    if (!f)
        return NULL;
    format_set_font_name(f, "Arial");
    format_set_font_size(f, 10);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    if (border)
        format_set_border(f, LXW_BORDER_THIN);
    if (bold)
        format_set_bold(f);
    if (wrap)
        format_set_text_wrap(f);
    if (unlocked) {
        format_set_unlocked(f);
        format_set_bg_color(f, INPUT_FILL);
    }
    return f;
}

static int make_formats(form *x)
{
    fmts *f = &x->f;
    lxw_workbook *wb = x->wb;
    f->title = report_form_format(wb, 0, 1, 0, 0);
    f->subtitle = report_form_format(wb, 0, 1, 0, 0);
    f->period_label = report_form_format(wb, 0, 1, 0, 0);
    f->text = report_form_format(wb, 0, 0, 0, 0);
    f->period_in = report_form_format(wb, 1, 0, 0, 1);
    f->header = report_form_format(wb, 1, 1, 1, 0);
    f->no = report_form_format(wb, 1, 0, 0, 0);
    f->label = report_form_format(wb, 1, 0, 1, 0);
    f->in_int = report_form_format(wb, 1, 0, 0, 1);
    f->in_dec = report_form_format(wb, 1, 0, 0, 1);
    f->in_text = report_form_format(wb, 1, 0, 1, 1);
    f->in_id = report_form_format(wb, 1, 0, 0, 1);
    f->in_yesno = report_form_format(wb, 1, 0, 0, 1);
    f->na = report_form_format(wb, 1, 0, 0, 0);
    f->total_label = report_form_format(wb, 1, 1, 0, 0);
    f->total_num = report_form_format(wb, 1, 1, 0, 0);
    f->total_blank = report_form_format(wb, 1, 1, 0, 0);
    f->ntitle = report_form_format(wb, 0, 1, 0, 0);
    f->nhead = report_form_format(wb, 0, 1, 1, 0);
    f->ntext = report_form_format(wb, 0, 0, 1, 0);
    lxw_format **all[] = {&f->title, &f->subtitle, &f->period_label, &f->text, &f->period_in,
                          &f->header, &f->no, &f->label, &f->in_int, &f->in_dec,
                          &f->in_text, &f->in_id, &f->in_yesno, &f->na, &f->total_label,
                          &f->total_num, &f->total_blank, &f->ntitle, &f->nhead, &f->ntext};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        if (!*all[i])
            return -1;
    format_set_font_size(f->title, 14);
    format_set_text_wrap(f->title);
    format_set_text_wrap(f->subtitle);
    format_set_align(f->period_label, LXW_ALIGN_RIGHT);
    format_set_font_size(f->subtitle, 11);
    format_set_font_size(f->ntitle, 14);
    format_set_font_size(f->nhead, 11);
    format_set_align(f->header, LXW_ALIGN_CENTER);
    format_set_bg_color(f->header, HEAD_FILL);
    format_set_align(f->no, LXW_ALIGN_CENTER);
    format_set_num_format(f->in_int, "#,##0");
    format_set_num_format(f->in_id, "@");
    format_set_align(f->in_yesno, LXW_ALIGN_CENTER);
    format_set_bg_color(f->na, NA_FILL);
    format_set_bg_color(f->total_label, HEAD_FILL);
    format_set_bg_color(f->total_num, HEAD_FILL);
    format_set_bg_color(f->total_blank, HEAD_FILL);
    format_set_num_format(f->total_num, "#,##0");
    format_set_align(f->ntext, LXW_ALIGN_VERTICAL_TOP);
    format_set_align(f->nhead, LXW_ALIGN_VERTICAL_TOP);
    return 0;
}

static lxw_format *input_format(form *x, ckind k)
{
    switch (k) {
    case C_INT: return x->f.in_int;
    case C_DEC: return x->f.in_dec;
    case C_ID: return x->f.in_id;
    case C_YESNO: return x->f.in_yesno;
    case C_NO:
    case C_KEY:
    case C_TEXT:
    case C_VALUE: break;
    }
    return x->f.in_text;
}

/* ---- validation ---------------------------------------------------------- */

#define CK(expr)                                                                         \
    do {                                                                                 \
        if ((expr) != LXW_NO_ERROR)                                                      \
            return -1;                                                                   \
    } while (0)

static int validate(form *x, lxw_worksheet *ws, ckind k, long field, lxw_row_t r1,
                    lxw_col_t c1, lxw_row_t r2, lxw_col_t c2)
{
    lxw_data_validation dv;
    memset(&dv, 0, sizeof dv);
    char yes[64], no[] = "Tidak", msg[200];
    char *yn[] = {yes, no, NULL};
    char p1[] = "Pratama", p2[] = "Madya", p3[] = "Nindya", p4[] = "Utama", p5[] = "KLA";
    char *preds[] = {p1, p2, p3, p4, p5, NULL};
    char t_num[] = "Angka tidak sah", t_list[] = "Pilihan tidak sah";
    switch (k) {
    case C_INT:
        dv.validate = LXW_VALIDATION_TYPE_INTEGER;
        dv.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
        dv.value_number = 0;
        dv.error_title = t_num;
        snprintf(msg, sizeof msg, "Isi dengan bilangan bulat 0 atau lebih, misalnya 1234.");
        dv.error_message = msg;
        break;
    case C_DEC:
        dv.validate = LXW_VALIDATION_TYPE_DECIMAL;
        dv.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
        dv.value_number = 0;
        dv.error_title = t_num;
        snprintf(msg, sizeof msg, "Isi dengan angka 0 atau lebih (pecahan boleh).");
        dv.error_message = msg;
        break;
    case C_YESNO:
        snprintf(yes, sizeof yes, "%s", x->yes);
        dv.validate = LXW_VALIDATION_TYPE_LIST;
        dv.value_list = yn;
        dv.error_title = t_list;
        snprintf(msg, sizeof msg, "Pilih %s atau Tidak.", x->yes);
        dv.error_message = msg;
        break;
    case C_TEXT:
        if (field < 0 || !kla_predicate(x, (size_t)field))
            return 0;
        for (int i = 1; i <= 5; i++) /* the names iki knows, in rank order */
            if (!*iki_kla_rank_name(i))
                return 0;
        dv.validate = LXW_VALIDATION_TYPE_LIST;
        dv.value_list = preds;
        dv.error_type = LXW_VALIDATION_ERROR_TYPE_WARNING;
        dv.error_title = t_list;
        snprintf(msg, sizeof msg, "Predikat KLA: Pratama, Madya, Nindya, Utama atau KLA.");
        dv.error_message = msg;
        break;
    case C_NO:
    case C_KEY:
    case C_ID:
    case C_VALUE: return 0;
    }
    CK(worksheet_data_validation_range(ws, r1, c1, r2, c2, &dv));
    return 0;
}

/* ---- the form sheet ------------------------------------------------------ */

static void upper_ascii(char *s)
{
    for (; *s; s++)
        if (*s >= 'a' && *s <= 'z')
            *s = (char)(*s - 'a' + 'A');
}

/* A merged, wrapped title row tall enough for its text. */
static int title_row(form *x, lxw_worksheet *ws, lxw_row_t row, const char *text,
                     lxw_format *f, double char_w, double line_h)
{
    lxw_col_t last = (lxw_col_t)(x->ncols - 1);
    double width = 0;
    for (size_t c = 0; c < x->ncols; c++)
        width += x->cols[c].width;
    double lines = (double)(int)((double)utf8_len(text) * char_w / width) + 1;
    if (last > 0)
        CK(worksheet_merge_range(ws, row, 0, row, last, text, f));
    else
        CK(worksheet_write_string(ws, row, 0, text, f));
    CK(worksheet_set_row(ws, row, line_h * lines + 3, NULL));
    return 0;
}

static int title_rows(form *x, lxw_worksheet *ws)
{
    lxw_col_t last = (lxw_col_t)(x->ncols - 1);
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", x->s->title && *x->s->title ? x->s->title : x->s->code);
    upper_ascii(buf);
    if (title_row(x, ws, IKI_FORMS_TITLE_ROW, buf, x->f.title, 1.45, 18) != 0)
        return -1;
    const iki_office *o = &x->t->office;
    snprintf(buf, sizeof buf, "%s%s%s \xE2\x80\x94 TAHUN %d", o->name ? o->name : "",
             o->region && *o->region ? " " : "", o->region ? o->region : "", x->year);
    upper_ascii(buf);
    if (title_row(x, ws, IKI_FORMS_TITLE_ROW + 1, buf, x->f.subtitle, 1.2, 15) != 0)
        return -1;
    /* the period: the title rows are locked, so it has its own input cell,
     * right of the "Periode:" label (over the No and key columns) */
    lxw_col_t in0 = last >= 2 ? 2 : last, in1 = last >= 3 ? 3 : in0;
    if (in0 > 1)
        CK(worksheet_merge_range(ws, IKI_FORMS_PERIOD_ROW, 0, IKI_FORMS_PERIOD_ROW, in0 - 1,
                                 "Periode:", x->f.period_label));
    else
        CK(worksheet_write_string(ws, IKI_FORMS_PERIOD_ROW, 0, "Periode:", x->f.period_label));
    if (in1 > in0)
        CK(worksheet_merge_range(ws, IKI_FORMS_PERIOD_ROW, in0, IKI_FORMS_PERIOD_ROW, in1, "",
                                 x->f.period_in));
    else
        CK(worksheet_write_blank(ws, IKI_FORMS_PERIOD_ROW, in0, x->f.period_in));
    lxw_data_validation dv;
    memset(&dv, 0, sizeof dv);
    char it[] = "Periode data", im[200];
    snprintf(im, sizeof im, "Tulis periode data, misalnya Triwulan I %d, Maret %d, "
                            "Semester I %d atau Tahun %d.", x->year, x->year, x->year, x->year);
    dv.validate = LXW_VALIDATION_TYPE_ANY;
    dv.input_title = it;
    dv.input_message = im;
    CK(worksheet_data_validation_cell(ws, IKI_FORMS_PERIOD_ROW, in0, &dv));
    return 0;
}

static int header_row(form *x, lxw_worksheet *ws)
{
    double lines = 1;
    for (size_t c = 0; c < x->ncols; c++) {
        CK(worksheet_write_string(ws, HR, (lxw_col_t)c, x->cols[c].head, x->f.header));
        double l = (double)utf8_len(x->cols[c].head) / (x->cols[c].width - 1) + 1;
        if (l > lines)
            lines = l;
    }
    if (lines > 4)
        lines = 4;
    CK(worksheet_set_row(ws, HR, 13.5 * (double)(int)lines + 4, NULL));
    return 0;
}

static int areas_body(form *x, lxw_worksheet *ws)
{
    size_t n = x->t->nareas ? x->t->nareas : NO_AREA_ROWS;
    lxw_row_t last = (lxw_row_t)(FIRST + n - 1);
    for (size_t a = 0; a < n; a++) {
        lxw_row_t r = (lxw_row_t)(FIRST + a);
        CK(worksheet_write_number(ws, r, 0, (double)(a + 1), x->f.no));
        if (x->t->nareas)
            CK(worksheet_write_string(ws, r, 1, x->t->areas[a].name, x->f.label));
        else
            CK(worksheet_write_blank(ws, r, 1, x->f.in_text));
        for (size_t c = 2; c < x->ncols; c++)
            CK(worksheet_write_blank(ws, r, (lxw_col_t)c, input_format(x, x->cols[c].kind)));
    }
    for (size_t c = 2; c < x->ncols; c++)
        if (validate(x, ws, x->cols[c].kind, x->cols[c].field, FIRST, (lxw_col_t)c, last,
                     (lxw_col_t)c) != 0)
            return -1;
    if (!x->total_label)
        return 0;
    lxw_row_t tr = last + 1;
    CK(worksheet_write_blank(ws, tr, 0, x->f.total_blank));
    CK(worksheet_write_string(ws, tr, 1, x->total_label, x->f.total_label));
    for (size_t c = 2; c < x->ncols; c++) {
        if (x->cols[c].kind != C_INT) {
            CK(worksheet_write_blank(ws, tr, (lxw_col_t)c, x->f.total_blank));
            continue;
        }
        char range[LXW_MAX_CELL_RANGE_LENGTH], formula[64];
        lxw_rowcol_to_range(range, FIRST, (lxw_col_t)c, last, (lxw_col_t)c);
        snprintf(formula, sizeof formula, "=SUM(%s)", range);
        CK(worksheet_write_formula_num(ws, tr, (lxw_col_t)c, formula, x->f.total_num, 0));
    }
    return 0;
}

static int list_body(form *x, lxw_worksheet *ws)
{
    lxw_row_t last = FIRST + IKI_FORMS_LIST_ROWS - 1;
    for (lxw_row_t i = 0; i < IKI_FORMS_LIST_ROWS; i++) {
        lxw_row_t r = FIRST + i;
        CK(worksheet_write_number(ws, r, 0, (double)(i + 1), x->f.no));
        for (size_t c = 1; c < x->ncols; c++) {
            ckind k = x->cols[c].kind == C_KEY ? C_TEXT : x->cols[c].kind;
            CK(worksheet_write_blank(ws, r, (lxw_col_t)c, input_format(x, k)));
        }
    }
    for (size_t c = 1; c < x->ncols; c++)
        if (x->cols[c].kind != C_KEY &&
            validate(x, ws, x->cols[c].kind, x->cols[c].field, FIRST, (lxw_col_t)c, last,
                     (lxw_col_t)c) != 0)
            return -1;
    return 0;
}

static int items_body(form *x, lxw_worksheet *ws)
{
    for (size_t i = 0; i < x->nrows; i++) {
        lxw_row_t r = (lxw_row_t)(FIRST + i);
        CK(worksheet_write_number(ws, r, 0, (double)(i + 1), x->f.no));
        CK(worksheet_write_string(ws, r, 1, x->rows[i].label, x->f.label));
        for (size_t c = 2; c < x->ncols; c++) {
            long f = items_field(x, i, c);
            if (f < 0) {
                CK(worksheet_write_blank(ws, r, (lxw_col_t)c, x->f.na));
                continue;
            }
            ckind k = field_kind(x, &x->s->fields[f]);
            CK(worksheet_write_blank(ws, r, (lxw_col_t)c, input_format(x, k)));
            if (validate(x, ws, k, f, r, (lxw_col_t)c, r, (lxw_col_t)c) != 0)
                return -1;
        }
    }
    return 0;
}

static int form_sheet(form *x)
{
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, x->sheet);
    if (!ws)
        return -1;
    for (size_t c = 0; c < x->ncols; c++)
        CK(worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, x->cols[c].width, NULL));
    if (title_rows(x, ws) != 0 || header_row(x, ws) != 0)
        return -1;
    int rc = 0;
    switch (x->s->layout) {
    case IKI_LAYOUT_AREAS: rc = areas_body(x, ws); break;
    case IKI_LAYOUT_LIST: rc = list_body(x, ws); break;
    case IKI_LAYOUT_ITEMS: rc = items_body(x, ws); break;
    }
    if (rc != 0)
        return -1;
    /* keep the header (and the label column) in view */
    worksheet_freeze_panes(ws, HR + 1, x->ncols > 2 ? 2 : 0);
    worksheet_set_paper(ws, 9); /* A4 */
    if (x->ncols > 6)
        worksheet_set_landscape(ws);
    else
        worksheet_set_portrait(ws);
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_set_margins(ws, 0.5, 0.5, 0.6, 0.6);
    CK(worksheet_repeat_rows(ws, HR, HR));
    CK(worksheet_set_footer(ws, "&L&A&RHalaman &P dari &N"));
    lxw_protection prot;
    memset(&prot, 0, sizeof prot);
    prot.format_columns = 1; /* allowed: widen a column, heighten a row */
    prot.format_rows = 1;
    if (x->s->layout == IKI_LAYOUT_LIST) {
        prot.insert_rows = 1; /* more records than numbered rows */
        prot.delete_rows = 1;
    }
    worksheet_protect(ws, NULL, &prot);
    worksheet_activate(ws);
    return 0;
}

/* ---- Petunjuk ------------------------------------------------------------ */

typedef struct notes {
    lxw_worksheet *ws;
    lxw_row_t row;
    int fail;
} notes;

#define NOTE_WIDTH 72

static void note(notes *n, lxw_format *f, const char *text)
{
    if (n->fail)
        return;
    if (worksheet_write_string(n->ws, n->row, 0, text, f) != LXW_NO_ERROR) {
        n->fail = 1;
        return;
    }
    /* libxlsxwriter does not fit row heights: estimate the wrapped lines */
    size_t lines = utf8_len(text) * 10 / (NOTE_WIDTH * 12) + 1;
    for (const char *p = text; *p; p++)
        lines += *p == '\n';
    if (lines > 1 && worksheet_set_row(n->ws, n->row, 13.0 * (double)lines + 2, NULL) !=
                         LXW_NO_ERROR)
        n->fail = 1;
    n->row++;
}

static void notef(notes *n, lxw_format *f, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void notef(notes *n, lxw_format *f, const char *fmt, ...)
{
    char tmp[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    note(n, f, tmp);
}

static int notes_sheet(form *x)
{
    notes n = {workbook_add_worksheet(x->wb, IKI_FORMS_SHEET_NOTES), 0, 0};
    if (!n.ws)
        return -1;
    const iki_source *s = x->s;
    const iki_office *o = &x->t->office;
    const char *title = s->title && *s->title ? s->title : s->code;
    iki_buf b = IKI_BUF_INIT;
    int y = x->year;
    char fname[300], example[300];
    iki_forms_file_name(s, fname, sizeof fname);
    snprintf(example, sizeof example, "%s-tw1-%d.xlsx", s->code, y);
    if (!glob_ok(&s->file_globs, example)) { /* the form's own name + the period */
        size_t fl = strlen(fname);
        snprintf(example, sizeof example, "%.*s-tw1-%d.xlsx",
                 (int)(fl > 5 ? fl - 5 : fl), fname, y);
    }
    CK(worksheet_set_column(n.ws, 0, 0, NOTE_WIDTH, NULL));

    note(&n, x->f.ntitle, "PETUNJUK PENGISIAN");
    notef(&n, x->f.nhead, "%s", title);
    notef(&n, x->f.ntext, "%s%s%s, tahun %d. Formulir ini dibaca oleh iki untuk menghitung "
                              "Indikator Kinerja Individu (IKI).",
          o->name ? o->name : "", o->region && *o->region ? " " : "",
          o->region ? o->region : "", y);
    n.row++;

    note(&n, x->f.nhead, "1. Yang diisi");
    notef(&n, x->f.ntext,
          "Isi lembar \"%s\" saja. Hanya sel berwarna kuning yang dapat diisi; judul, nama "
          "kolom%s dikunci (proteksi lembar tanpa kata sandi) supaya iki tetap mengenali "
          "formulir ini.",
          x->sheet,
          s->layout == IKI_LAYOUT_AREAS   ? ", nama kecamatan dan baris JUMLAH"
          : s->layout == IKI_LAYOUT_ITEMS ? " dan nama baris (uraian)"
                                          : " dan nomor baris");
    n.row++;

    note(&n, x->f.nhead, "2. Periode");
    notef(&n, x->f.ntext,
          "Tulis periode data di sel Periode di atas tabel, misalnya \"Triwulan I %d\", "
          "\"Maret %d\", \"Semester I %d\" atau \"Tahun %d\", atau di nama berkas, misalnya "
          "\"%s\". Satu berkas berisi satu periode: untuk periode berikutnya pakai salinan "
          "baru formulir ini. Bila nama berkas menyebut bulan, triwulan atau semester, "
          "periode di nama berkas itulah yang dipakai.",
          y, y, y, y, example);
    n.row++;

    note(&n, x->f.nhead, "3. Cara mengisi");
    if (s->layout == IKI_LAYOUT_AREAS) {
        note(&n, x->f.ntext,
             "Isi satu baris untuk setiap kecamatan; nama kecamatan sudah tertulis. Hanya "
             "bilangan bulat 0 atau lebih yang diterima. Sel yang dibiarkan kosong dibaca 0.");
        if (x->total_label)
            notef(&n, x->f.ntext,
                  "Baris %s dihitung otomatis dengan rumus: jangan diketik. iki mencocokkan "
                  "baris %s dengan jumlah baris kecamatan dan memberi peringatan bila "
                  "berbeda.",
                  x->total_label, x->total_label);
    } else if (s->layout == IKI_LAYOUT_ITEMS) {
        note(&n, x->f.ntext,
             "Isi nilai pada baris yang sudah tersedia; sel abu-abu tidak dipakai. Angka "
             "pecahan boleh (misalnya indeks 0,2476): pakai pemisah desimal komputer Anda. "
             "Sel yang dibiarkan kosong dibaca 0.");
        iki_buf_clear(&b);
        for (size_t r = 0; r < x->nrows; r++) {
            int required = 0;
            for (size_t f = 0; f < s->nfields && !required; f++)
                required = s->fields[f].required && s->fields[f].item.n &&
                           s->fields[f].item.norm &&
                           strcmp(s->fields[f].item.norm[0], x->rows[r].norm) == 0;
            if (!required && iki_buf_printf(&b, "%s\"%s\"", b.len ? ", " : "",
                                            x->rows[r].label) != 0)
                n.fail = 1;
        }
        if (b.len && !n.fail)
            notef(&n, x->f.ntext, "Baris yang boleh dikosongkan bila datanya tidak ada: %s.",
                  b.data);
        iki_buf_clear(&b);
        for (size_t f = 0; f < s->nfields; f++)
            if (s->fields[f].agg == IKI_AGG_TEXT && s->fields[f].item.n)
                notef(&n, x->f.ntext, "Baris \"%s\" diisi teks%s.",
                      s->fields[f].item.items[0],
                      kla_predicate(x, f)
                          ? ": salah satu dari Pratama, Madya, Nindya, Utama atau KLA"
                          : "");
    } else {
        const char *key = s->key.n ? s->key.items[0] : NULL;
        if (key)
            notef(&n, x->f.ntext,
                  "Satu baris = satu catatan. Isi kolom \"%s\" pada setiap baris yang dipakai: "
                  "baris tanpa %s tidak dihitung. Bila baris kurang, sisipkan baris baru di "
                  "tengah tabel (klik kanan nomor baris, Sisipkan).",
                  key, key);
        else
            note(&n, x->f.ntext,
                 "Satu baris = satu catatan; baris yang kosong tidak dihitung. Bila baris "
                 "kurang, sisipkan baris baru di tengah tabel (klik kanan nomor baris, "
                 "Sisipkan).");
        for (size_t c = 1; c < x->ncols; c++)
            if (x->cols[c].kind == C_YESNO)
                notef(&n, x->f.ntext, "Kolom \"%s\": pilih %s atau Tidak.",
                      x->cols[c].head, x->yes);
    }
    note(&n, x->f.ntext,
         "Ketik angka sebagai angka biasa (1234), bukan teks seperti \"1.234\". iki masih "
         "dapat membaca \"1.234\" dan \"-\" (= 0), tetapi angka biasa lebih aman.");
    n.row++;

    note(&n, x->f.nhead, "4. Jangan diubah");
    if (iki_buf_append_str(&b, "iki mengenali formulir ini dari judul kolomnya: ") != 0)
        n.fail = 1;
    for (size_t c = 0; c < x->ncols; c++)
        if (iki_buf_printf(&b, "%s\"%s\"", c ? ", " : "", x->cols[c].head) != 0)
            n.fail = 1;
    if (iki_buf_append_str(&b, ". Jangan mengganti nama kolom atau nama lembar, jangan "
                               "menghapus atau mengganti nama baris yang sudah tertulis, "
                               "dan jangan menyisipkan kolom.") != 0)
        n.fail = 1;
    if (!n.fail)
        note(&n, x->f.ntext, b.data);
    iki_buf_clear(&b);
    n.row++;

    note(&n, x->f.nhead, "5. Menyimpan");
    notef(&n, x->f.ntext,
          "Simpan sebagai .xlsx (Excel atau LibreOffice; .xls, .ods dan .csv juga dibaca) "
          "dengan nama yang menyebut periode, misalnya \"%s\" (formulir kosong ini bernama "
          "\"%s\"), lalu taruh berkasnya di folder masukan (inbox) yang disiapkan petugas TI. "
          "Tutup berkas di Excel/LibreOffice sebelum menaruhnya.",
          example, fname);
    if (s->file_globs.n) {
        iki_buf_clear(&b);
        for (size_t i = 0; i < s->file_globs.n; i++)
            if (iki_buf_printf(&b, "%s\"%s\"", i ? " atau " : "", s->file_globs.items[i]) != 0)
                n.fail = 1;
        if (!n.fail)
            notef(&n, x->f.ntext, "Nama berkas harus cocok dengan pola %s.", b.data);
    }
    n.row++;

    if (s->layout == IKI_LAYOUT_LIST) {
        note(&n, x->f.nhead, "6. Data pribadi");
        note(&n, x->f.ntext,
             "Bila daftar ini memuat data perorangan (nama, NIK), data itu tidak keluar dari "
             "kantor: iki hanya membaca jumlah catatan (dan berapa yang bertanda Ya), dan "
             "tidak pernah menyalin nama atau NIK ke buku kerja IKI, ke JSON, maupun ke "
             "layar.");
        n.row++;
    }

    int any = 0;
    for (size_t i = 0; i < x->t->nindicators; i++) {
        const iki_indicator *ind = &x->t->indicators[i];
        int uses = 0;
        for (int r = 0; r < IKI_ROLE_COUNT; r++)
            uses |= ind->inputs[r].source == (long)x->si;
        if (!uses)
            continue;
        if (!any)
            note(&n, x->f.nhead, "Dipakai untuk indikator");
        any = 1;
        notef(&n, x->f.ntext, "\xE2\x80\xA2 %s", ind->name ? ind->name : ind->code);
    }
    iki_buf_free(&b);
    if (n.fail)
        return -1;
    worksheet_set_paper(n.ws, 9);
    worksheet_set_portrait(n.ws);
    worksheet_set_margins(n.ws, 0.6, 0.6, 0.7, 0.7);
    worksheet_fit_to_pages(n.ws, 1, 0);
    return 0;
}

/* ---- the workbook -------------------------------------------------------- */

static int write_form(void *ctx, const char *tmp_path)
{
    form *x = ctx;
    x->wb = report_workbook_new(tmp_path);
    if (!x->wb)
        return -1;
    char subject[256], comments[512];
    const char *title = x->s->title && *x->s->title ? x->s->title : x->s->code;
    snprintf(subject, sizeof subject, "Formulir isian iki: %s", x->s->code);
    snprintf(comments, sizeof comments,
             "Formulir kosong dari iki (%s). Setelah diisi, berkas ini adalah masukan iki.",
             title);
    lxw_doc_properties props;
    memset(&props, 0, sizeof props);
    props.title = (char *)title;
    props.subject = subject;
    props.author = x->t->office.name;
    props.company = x->t->office.region;
    props.comments = comments;
    props.created = x->build_time;
    int rc = 0;
    /* no IKI_MARK_PROPERTY: a filled-in form is an input */
    if (workbook_set_properties(x->wb, &props) != LXW_NO_ERROR || make_formats(x) != 0 ||
        form_sheet(x) != 0 || notes_sheet(x) != 0)
        rc = -1;
    rc = report_workbook_close(x->wb, rc);
    x->wb = NULL;
    return rc;
}

static int resolve_year(const iki_template *t, int year, time_t build_time)
{
    if (year)
        return year;
    if (t->office.year)
        return t->office.year;
    struct tm tm;
    gmtime_r(&build_time, &tm);
    return tm.tm_year + 1900;
}

iki_error iki_forms_write_one(const iki_template *t, size_t source, const char *path,
                              int year, time_t build_time, char *err, size_t errcap)
{
    if (err && errcap)
        err[0] = '\0';
    if (!t || source >= t->nsources || !path || !*path)
        return IKI_ERROR_USAGE;
    form x;
    memset(&x, 0, sizeof x);
    x.t = t;
    x.s = &t->sources[source];
    x.si = source;
    x.year = resolve_year(t, year, build_time);
    x.build_time = build_time;
    iki_forms_sheet_name(x.s, x.sheet, sizeof x.sheet);
    pick_yes(&x);
    if (iki_is_total_label(t, "JUMLAH", 6))
        x.total_label = "JUMLAH";
    else if (t->total_labels.n && t->total_labels.items[0])
        x.total_label = t->total_labels.items[0];
    iki_error e = IKI_OK;
    if (build_model(&x) != 0)
        e = IKI_ERROR_NOMEM;
    else
        e = iki_report_atomic(path, write_form, &x, err, errcap);
    free(x.cols);
    free(x.rows);
    return e;
}

/* mkdir -p; 0 or -1 with errno. */
static int make_dirs(const char *dir)
{
    char *p = strdup(dir);
    if (!p)
        return -1;
    int rc = 0;
    for (char *q = p + 1; *q && rc == 0; q++) {
        if (!iki_os_is_sep(*q) || (q == p + 2 && p[1] == ':')) /* not "C:" */
            continue;
        char sep = *q;
        *q = '\0';
        if (iki_os_mkdir(p) != 0 && errno != EEXIST)
            rc = -1;
        *q = sep;
    }
    if (rc == 0 && iki_os_mkdir(p) != 0 && errno != EEXIST)
        rc = -1;
    iki_os_info st;
    if (rc == 0 && iki_os_stat(p, &st) != 0)
        rc = -1;
    else if (rc == 0 && st.kind != IKI_OS_DIR) {
        errno = ENOTDIR;
        rc = -1;
    }
    int saved = errno;
    free(p);
    errno = saved;
    return rc;
}

iki_error iki_forms_write(const iki_template *t, const char *dir, int year,
                          time_t build_time, char *err, size_t errcap)
{
    if (err && errcap)
        err[0] = '\0';
    if (!t || !dir || !*dir)
        return IKI_ERROR_USAGE;
    errno = 0;
    if (make_dirs(dir) != 0) {
        if (err && errcap)
            snprintf(err, errcap, "cannot create folder %s: %s", dir,
                     strerror(errno ? errno : ENOTDIR));
        return IKI_ERROR_IO;
    }
    for (size_t i = 0; i < t->nsources; i++) {
        char name[300];
        iki_forms_file_name(&t->sources[i], name, sizeof name);
        size_t cap = strlen(dir) + strlen(name) + 2;
        char *path = malloc(cap);
        if (!path)
            return IKI_ERROR_NOMEM;
        snprintf(path, cap, "%s%s%s", dir, iki_os_is_sep(dir[strlen(dir) - 1]) ? "" : "/", name);
        iki_error e = iki_forms_write_one(t, i, path, year, build_time, err, errcap);
        free(path);
        if (e != IKI_OK)
            return e;
    }
    size_t cap = strlen(dir) + sizeof IKI_FORMS_TARGET_FILE + 1;
    char *path = malloc(cap);
    if (!path)
        return IKI_ERROR_NOMEM;
    snprintf(path, cap, "%s%s%s", dir, iki_os_is_sep(dir[strlen(dir) - 1]) ? "" : "/",
             IKI_FORMS_TARGET_FILE);
    iki_error e = iki_forms_write_targets(t, path, resolve_year(t, year, build_time),
                                          build_time, err, errcap);
    free(path);
    return e;
}
