/* One IKI sheet per position, in the layout of the seed document:
 *
 *   INDIKATOR KINERJA INDIVIDU ( IKI )            (merged over the table)
 *   1. JABATAN  : title                            (value merged B:last)
 *   2. TUGAS    : text, or a. b. c. ...
 *   3. FUNGSI   : a. b. c. ...
 *   Sasaran / Kinerja Utama | Indikator Kinerja | Penjelasan / Formulasi
 *   Penghitungan | Sumber Data | [Realisasi Tahun Lalu] | Target |
 *   Realisasi | Capaian | Predikat | Kategori | Nilai Capaian IKI
 *   1 | 2 | ... (the column numbers)
 *   one row per indicator, the goal merged down over its indicators
 *                                   Sampang, 31 Desember 2025 (last 4 cols)
 *                                   KEPALA DINAS ...
 *                                   (three rows to sign)
 *                                   NAME (bold, underlined)
 *                                   NIP. ...
 *
 * Target, Capaian and Predikat are the effective target's (a target form's,
 * else the template's: the template given to the report is already the
 * effective one, see report_effective_template); Predikat is the template's
 * bands, Kategori and Nilai Capaian IKI the national rule (PermenPAN-RB
 * No. 6/2022).  Realisasi Tahun Lalu is there only with --previous.
 *
 * libxlsxwriter does not fit row heights to wrapped text, and neither Excel
 * nor LibreOffice fits rows holding merged cells, so every row height is
 * estimated here from Arial's glyph widths and the column widths.  The
 * same heights decide the printed pages (A4 landscape): a sheet that fits
 * on one page at 70% or more is fitted to one page; a longer one prints
 * one page wide at a computed scale, with manual breaks between goals (a
 * merged goal is never cut unless it is longer than a page) and the table
 * header repeated on every page.
 *
 * The date of the signature block is the last day of the reporting year,
 * or the build date when the workbook is built during the reporting year
 * (a report is not signed in the future); both are reproducible under
 * SOURCE_DATE_EPOCH, which sets the build time. */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"
#include "iki/recheck.h"

#define LINE_PT REPORT_LINE_PT
#define INDENT_PX 12.0 /* one level of indent */
#define MARGIN_LR 0.4 /* inches */
#define MARGIN_TOP 0.4
#define MARGIN_BOTTOM 0.5

/* The table's columns; Realisasi Tahun Lalu only with --previous.  The
 * widths keep the sheet on one A4 landscape page at a readable scale. */
enum {
    K_SASARAN,
    K_INDIKATOR,
    K_FORMULA,
    K_SUMBER,
    K_PREVIOUS, /* Realisasi Tahun Lalu (--previous) */
    K_TARGET,
    K_REALISASI,
    K_CAPAIAN,
    K_PREDIKAT,
    K_KATEGORI,
    K_NILAI,
    K_COUNT
};

static const double kind_width[K_COUNT] = {20, 29, 34, 11, 10, 9, 10, 9, 10, 10, 8};

static const char *const kind_header[K_COUNT] = {
    "Sasaran / Kinerja Utama", "Indikator Kinerja", "Penjelasan / Formulasi Penghitungan",
    "Sumber Data", "Realisasi Tahun Lalu", "Target", "Realisasi", "Capaian", "Predikat",
    "Kategori", "Nilai Capaian IKI"};

#define NCOLS_MAX K_COUNT

/* ---- formats ------------------------------------------------------------- */
typedef struct pos_formats {
    lxw_format *label;     /* "1. JABATAN", with a colon at the right edge */
    lxw_format *info;      /* the text after the label: wrapped, top */
    lxw_format *goal;      /* border, wrapped, indented, vertically centred */
    lxw_format *cell;      /* border, wrapped, indented, vertically centred */
    lxw_format *center;    /* border, wrapped, centred */
    lxw_format *status;    /* as center, italic (why a value is missing) */
    lxw_format *percent;   /* 0.00 " %" */
    lxw_format *index;     /* 0.00 */
    lxw_format *value;     /* #,##0.## */
    lxw_format *sig;       /* signature block, centred, wrapped */
    lxw_format *sig_name;  /* bold, underlined */
} pos_formats;

lxw_format *report_table_format(lxw_workbook *wb, int border, int center)
{
    lxw_format *f = workbook_add_format(wb);
    if (!f)
        return NULL;
    format_set_font_name(f, "Arial");
    format_set_font_size(f, 10);
    if (border)
        format_set_border(f, LXW_BORDER_THIN);
    format_set_text_wrap(f);
    format_set_align(f, center ? LXW_ALIGN_CENTER : LXW_ALIGN_LEFT);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    return f;
}

/* libxlsxwriter keeps one copy of identical formats when it writes the
 * styles, so making these once per sheet costs nothing in the file. */
static int make_formats(lxw_workbook *wb, pos_formats *f)
{
    f->label = workbook_add_format(wb);
    f->info = report_table_format(wb, 0, 0);
    f->goal = report_table_format(wb, 1, 0);
    f->cell = report_table_format(wb, 1, 0);
    f->center = report_table_format(wb, 1, 1);
    f->status = report_table_format(wb, 1, 1);
    f->percent = report_table_format(wb, 1, 1);
    f->index = report_table_format(wb, 1, 1);
    f->value = report_table_format(wb, 1, 1);
    f->sig = report_table_format(wb, 0, 1);
    f->sig_name = report_table_format(wb, 0, 1);
    if (!f->label || !f->info || !f->goal || !f->cell || !f->center || !f->status || !f->percent || !f->index ||
        !f->value || !f->sig || !f->sig_name)
        return -1;
    format_set_font_name(f->label, "Arial");
    format_set_font_size(f->label, 10);
    format_set_bold(f->label);
    format_set_align(f->label, LXW_ALIGN_VERTICAL_TOP);
    /* the label, spaces to fill the column, then ": " at its right edge */
    format_set_num_format(f->label, "@* \": \"");
    format_set_align(f->info, LXW_ALIGN_VERTICAL_TOP);
    format_set_indent(f->goal, 1);
    format_set_indent(f->cell, 1);
    format_set_italic(f->status);
    format_set_num_format(f->percent, "0.00\" %\"");
    format_set_num_format(f->index, "0.00");
    format_set_num_format(f->value, "#,##0.##");
    format_set_bold(f->sig_name);
    format_set_underline(f->sig_name, LXW_UNDERLINE_SINGLE);
    return 0;
}

/* ---- the sheet ----------------------------------------------------------- */
#define CK(call)                                                                         \
    do {                                                                                 \
        if ((call) != LXW_NO_ERROR)                                                      \
            goto cleanup;                                                                \
    } while (0)

/* The sheet being written and the height given to each of its rows (for
 * the page breaks). */
typedef struct sheet {
    lxw_worksheet *ws;
    const report_ctx *x;
    pos_formats f;
    double *h;  /* points, per row */
    size_t nrows;
    int ncols;                 /* columns of the table */
    int kind[NCOLS_MAX];       /* K_* of each column */
    int at[K_COUNT];           /* column of each K_*, or -1 */
    double width[NCOLS_MAX];   /* Excel widths */
} sheet;

static double cols_px(const sheet *s, int first, int last)
{
    double px = 0;
    for (int c = first; c <= last; c++)
        px += report_col_px(s->width[c]);
    return px;
}

/* The columns: every K_*, Realisasi Tahun Lalu only with --previous. */
static void layout_columns(sheet *s)
{
    s->ncols = 0;
    for (int k = 0; k < K_COUNT; k++) {
        s->at[k] = -1;
        if (k == K_PREVIOUS && !s->x->opt->previous)
            continue;
        s->at[k] = s->ncols;
        s->kind[s->ncols] = k;
        s->width[s->ncols] = kind_width[k];
        s->ncols++;
    }
}

static lxw_error set_height(sheet *s, lxw_row_t row, double h)
{
    if (row < s->nrows)
        s->h[row] = h;
    return worksheet_set_row(s->ws, row, h, NULL);
}

static int nonempty(const char *s)
{
    return s && *s;
}

/* A row of the header block: the label in A (or nothing), the text merged
 * over B to the last column. */
static lxw_error info_row(sheet *s, lxw_row_t row, const char *label, const char *text)
{
    lxw_error e;
    if (label) {
        e = worksheet_write_string(s->ws, row, 0, label, s->f.label);
        if (e != LXW_NO_ERROR)
            return e;
    }
    e = worksheet_merge_range(s->ws, row, 1, row, (lxw_col_t)(s->ncols - 1), text, s->f.info);
    if (e != LXW_NO_ERROR)
        return e;
    return set_height(s, row, report_height_for(report_wrapped_lines(text, cols_px(s, 1, s->ncols - 1), 0)));
}

/* A list (TUGAS, FUNGSI): one text as it is (unless `letter_single`),
 * several lettered a., b., ...; an empty list shows "-".  Advances *row. */
static lxw_error list_rows(sheet *s, lxw_row_t *row, const char *label, const iki_strlist *l,
                           int letter_single)
{
    if (l->n == 0)
        return info_row(s, (*row)++, label, "-");
    for (size_t i = 0; i < l->n; i++) {
        const char *item = l->items[i] ? l->items[i] : "";
        char *buf = NULL;
        if (l->n > 1 || letter_single) {
            /* a. .. z., then aa., ab., ... */
            char letters[3] = {0, 0, 0};
            if (i < 26) {
                letters[0] = (char)('a' + i);
            } else {
                letters[0] = (char)('a' + (i / 26 - 1) % 26);
                letters[1] = (char)('a' + i % 26);
            }
            if (asprintf(&buf, "%s.  %s", letters, item) < 0)
                return LXW_ERROR_MEMORY_MALLOC_FAILED;
        }
        lxw_error e = info_row(s, (*row)++, i == 0 ? label : NULL, buf ? buf : item);
        free(buf);
        if (e != LXW_NO_ERROR)
            return e;
    }
    return LXW_NO_ERROR;
}

/* "31 Desember 2025", or the build date when it falls in the reporting
 * year. */
static void sign_date(const report_ctx *x, char *buf, size_t cap)
{
    struct tm tm;
    time_t bt = x->opt->build_time;
    gmtime_r(&bt, &tm);
    if (tm.tm_year + 1900 == x->year)
        report_date_id(bt, buf, cap);
    else
        snprintf(buf, cap, "31 Desember %d", x->year);
}

/* Target text with the unit ("80 %"), or "-". */
static void target_cell(const iki_indicator *ind, char *buf, size_t cap)
{
    char t[256];
    report_target_text(ind, t, sizeof t);
    if (!*t)
        snprintf(buf, cap, "-");
    else if (ind->target.kind != IKI_TARGET_PREDICATE && ind->kind != IKI_KIND_KLA &&
             nonempty(ind->unit) && strcmp(ind->unit, "indeks") != 0 &&
             strcmp(ind->unit, "predikat") != 0)
        snprintf(buf, cap, "%s %s", t, ind->unit);
    else
        snprintf(buf, cap, "%s", t);
}

/* Realisasi in (row, col); *text gets what was written as text (for the
 * row height), NULL for a number. */
static lxw_error realisasi_cell(sheet *s, lxw_row_t row, lxw_col_t col,
                                const iki_indicator *ind, const iki_result *r,
                                const char **text)
{
    *text = NULL;
    if (!r || !r->has_value) {
        *text = r ? iki_status_text(r->status) : "data tidak tersedia";
        return worksheet_write_string(s->ws, row, col, *text, s->f.status);
    }
    switch (ind->kind) {
    case IKI_KIND_PERCENT:
        return worksheet_write_number(s->ws, row, col, r->value, s->f.percent);
    case IKI_KIND_IDG:
        return worksheet_write_number(s->ws, row, col, r->value, s->f.index);
    case IKI_KIND_KLA:
        *text = nonempty(r->value_text) ? r->value_text : "belum berpredikat";
        return worksheet_write_string(s->ws, row, col, *text, s->f.center);
    default:
        return worksheet_write_number(s->ws, row, col, r->value, s->f.value);
    }
}

/* Realisasi Tahun Lalu (--previous) in (row, col), formatted as this
 * year's realisasi; "-" when last year's workbook has no such row or no
 * value.  *text as realisasi_cell's. */
static lxw_error previous_cell(sheet *s, lxw_row_t row, lxw_col_t col, const iki_position *pos,
                               const iki_indicator *ind, const char **text)
{
    const iki_recheck *k = report_previous(s->x, pos, ind);
    *text = NULL;
    if (k && nonempty(k->value_text)) {
        *text = k->value_text;
        return worksheet_write_string(s->ws, row, col, *text, s->f.center);
    }
    if (!k || !k->has_value)
        return worksheet_write_string(s->ws, row, col, "-", s->f.center);
    lxw_format *f = ind->kind == IKI_KIND_PERCENT ? s->f.percent
                    : ind->kind == IKI_KIND_IDG   ? s->f.index
                                                  : s->f.value;
    return worksheet_write_number(s->ws, row, col, k->value, f);
}

/* The row of indicator i (every column but A); its height goes to *h. */
static lxw_error indicator_row(sheet *s, lxw_row_t row, const iki_position *pos, size_t i,
                               double *h)
{
    const iki_indicator *ind = &s->x->t->indicators[i];
    const iki_result *r = iki_run_result(s->x->run, i);
    char target[300];
    target_cell(ind, target, sizeof target);
    const char *texts[NCOLS_MAX] = {NULL};
    const char *name = ind->name ? ind->name : "";
    const char *predikat = r && nonempty(r->predikat) ? r->predikat : "-";
    const char *kategori = r && r->has_capaian && r->kategori != IKI_KATEGORI_NONE
                               ? iki_kategori_text(r->kategori)
                               : "-";
    lxw_worksheet *ws = s->ws;
    lxw_error e = LXW_NO_ERROR;
    for (int c = 1; c < s->ncols && e == LXW_NO_ERROR; c++) {
        lxw_col_t col = (lxw_col_t)c;
        const char *text = NULL;
        switch (s->kind[c]) {
        case K_INDIKATOR:
            e = worksheet_write_string(ws, row, col, text = name, s->f.cell);
            break;
        case K_FORMULA:
            text = nonempty(ind->formula) ? ind->formula : "-";
            e = worksheet_write_string(ws, row, col, text, s->f.cell);
            break;
        case K_SUMBER:
            text = nonempty(ind->data_source) ? ind->data_source : "-";
            e = worksheet_write_string(ws, row, col, text, s->f.center);
            break;
        case K_PREVIOUS:
            e = previous_cell(s, row, col, pos, ind, &text);
            break;
        case K_TARGET:
            e = worksheet_write_string(ws, row, col, text = target, s->f.center);
            break;
        case K_REALISASI:
            e = realisasi_cell(s, row, col, ind, r, &text);
            break;
        case K_CAPAIAN:
            if (r && r->has_capaian)
                e = worksheet_write_number(ws, row, col, r->capaian, s->f.percent);
            else
                e = worksheet_write_string(ws, row, col, "-", s->f.center);
            break;
        case K_PREDIKAT:
            e = worksheet_write_string(ws, row, col, text = predikat, s->f.center);
            break;
        case K_KATEGORI:
            e = worksheet_write_string(ws, row, col, text = kategori, s->f.center);
            break;
        case K_NILAI:
            if (r && r->has_nilai)
                e = worksheet_write_number(ws, row, col, r->nilai, s->f.index);
            else
                e = worksheet_write_string(ws, row, col, "-", s->f.center);
            break;
        default:
            break;
        }
        texts[c] = text;
    }
    if (e != LXW_NO_ERROR)
        return e;
    int lines = 1;
    for (int c = 1; c < s->ncols; c++) {
        if (!texts[c])
            continue;
        int n = report_wrapped_lines(texts[c], report_col_px(s->width[c]) - INDENT_PX, 0);
        if (n > lines)
            lines = n;
    }
    *h = report_height_for(lines);
    return LXW_NO_ERROR;
}

/* ---- the printed pages --------------------------------------------------- */
/* Page of A4 landscape inside the margins, in points. */
#define PAGE_W_PT (841.89 - (MARGIN_LR * 2) * 72.0)
#define PAGE_H_PT (595.28 - (MARGIN_TOP + MARGIN_BOTTOM) * 72.0)
/* The smallest scale at which the whole sheet is still printed on one page
 * (10pt text prints at 7pt); a longer sheet prints on several pages. */
#define MIN_ONE_PAGE_SCALE 0.70
/* Renderers lay the columns out wider than Excel's 7 pixels a character
 * (LibreOffice measures them with its default font: 6% wider), and rows
 * may come out a little taller: a computed scale and the page breaks
 * keep this much room. */
#define WIDTH_SLACK 1.08
#define HEIGHT_SLACK 0.93

/* A run of rows kept on one page when it fits there: a goal with its
 * indicators, or the signature block with the blank rows above it. */
typedef struct unit {
    lxw_row_t first, last;
} unit;

static double rows_pt(const sheet *s, lxw_row_t first, lxw_row_t last)
{
    double pt = 0;
    for (lxw_row_t r = first; r <= last && r < s->nrows; r++)
        pt += s->h[r];
    return pt;
}

/* Adds a break above `row` to breaks[*n] (at most LXW_BREAKS_MAX). */
static void add_break(lxw_row_t *breaks, size_t *n, lxw_row_t row)
{
    if (*n < LXW_BREAKS_MAX && row > 0 && (*n == 0 || breaks[*n - 1] < row))
        breaks[(*n)++] = row;
}

/* The page breaks of a sheet printed on several pages, `cap` points of
 * rows a page (in the sheet's own size).  The rows above the table header
 * open the first page (broken between rows when they are longer than a
 * page); the header rows repeat on every page.  A unit that does not fit
 * on what is left of a page starts the next one, and only a unit longer
 * than a whole page is broken between its rows.  The first goal takes the
 * header rows along to the next page; the signature block is never left
 * alone under the repeated header: the last goal comes along when both fit
 * on one page.  Fills `breaks` (LXW_BREAKS_MAX + 1 entries, 0-terminated)
 * and returns the number of breaks. */
static size_t page_breaks(const sheet *s, lxw_row_t header, const unit *u, size_t nu,
                          double cap, lxw_row_t *breaks)
{
    double repeat = s->h[header] + s->h[header + 1];
    double y = 0;
    size_t n = 0, on_page = 0; /* units begun on the current page */
    for (lxw_row_t r = 0; r < header; r++) {
        if (y + s->h[r] > cap && r > 0) {
            add_break(breaks, &n, r);
            y = repeat;
        }
        y += s->h[r];
    }
    y += repeat;
    double prev_h = 0;
    for (size_t k = 0; k < nu; k++) {
        double uh = rows_pt(s, u[k].first, u[k].last);
        if (y + uh > cap) {
            if (k == 0 && y > repeat && repeat + uh <= cap) {
                add_break(breaks, &n, header); /* the table starts the next page */
                y = repeat;
            } else if (k + 1 == nu && on_page > 1 && repeat + prev_h + uh <= cap) {
                add_break(breaks, &n, u[k - 1].first); /* the last goal comes along */
                y = repeat + prev_h;
                on_page = 1;
            } else if (on_page > 0) {
                add_break(breaks, &n, u[k].first);
                y = repeat;
                on_page = 0;
            }
        }
        if (y + uh > cap) { /* longer than a page: broken between its rows */
            for (lxw_row_t r = u[k].first; r <= u[k].last; r++) {
                if (y + s->h[r] > cap && y > repeat) {
                    add_break(breaks, &n, r);
                    y = repeat;
                    on_page = 0;
                }
                y += s->h[r];
            }
        } else {
            y += uh;
        }
        on_page++;
        prev_h = uh;
    }
    breaks[n] = 0;
    return n;
}

/* Page setup: A4 landscape, centred, numbered pages.  A sheet that fits
 * on one page at MIN_ONE_PAGE_SCALE or more is fitted to one page;
 * a longer one is printed one page wide at a computed scale, with manual
 * breaks between goals (Excel ignores manual breaks when fitting to
 * pages, so the scale is set, not fitted). */
static lxw_error page_setup(sheet *s, lxw_row_t header, const unit *u, size_t nu,
                            lxw_row_t last)
{
    lxw_worksheet *ws = s->ws;
    worksheet_set_paper(ws, 9);
    worksheet_set_landscape(ws);
    worksheet_set_margins(ws, MARGIN_LR, MARGIN_LR, MARGIN_TOP, MARGIN_BOTTOM);
    worksheet_center_horizontally(ws);
    worksheet_gridlines(ws, LXW_HIDE_ALL_GRIDLINES);
    double width_pt = cols_px(s, 0, s->ncols - 1) * 0.75 * WIDTH_SLACK;
    double wscale = width_pt > PAGE_W_PT ? PAGE_W_PT / width_pt : 1.0;
    double hscale = PAGE_H_PT / rows_pt(s, 0, last);
    lxw_error e = LXW_NO_ERROR;
    if ((hscale < wscale ? hscale : wscale) >= MIN_ONE_PAGE_SCALE) {
        worksheet_fit_to_pages(ws, 1, 1);
    } else {
        int pct = (int)floor(wscale * 100.0);
        lxw_row_t *breaks = malloc((LXW_BREAKS_MAX + 1) * sizeof *breaks);
        if (!breaks)
            return LXW_ERROR_MEMORY_MALLOC_FAILED;
        worksheet_set_print_scale(ws, (uint16_t)pct);
        if (page_breaks(s, header, u, nu, PAGE_H_PT * HEIGHT_SLACK * 100.0 / pct, breaks) > 0)
            e = worksheet_set_h_pagebreaks(ws, breaks);
        free(breaks);
    }
    if (e == LXW_NO_ERROR)
        e = worksheet_repeat_rows(ws, header, header + 1);
    lxw_header_footer_options footer = {.margin = 0.2};
    if (e == LXW_NO_ERROR)
        e = worksheet_set_footer_opt(ws, "&CHalaman &P dari &N", &footer);
    if (e == LXW_NO_ERROR)
        e = worksheet_print_area(ws, 0, 0, last, (lxw_col_t)(s->ncols - 1));
    return e;
}

int report_position_sheet(report_ctx *x, size_t position)
{
    const iki_position *pos = &x->t->positions[position];
    const iki_office *off = &x->t->office;
    sheet s;
    int rc = -1;
    char *line = NULL;
    unit *units = NULL;
    size_t nunits = 0;
    memset(&s, 0, sizeof s);
    s.x = x;
    /* rows: title, blank, jabatan, tugas, fungsi, blank, header, numbers,
     * the table, two blank, the signature block (8) */
    s.nrows = 6 + (pos->tugas.n ? pos->tugas.n : 1) + (pos->fungsi.n ? pos->fungsi.n : 1) + 2 + 10;
    for (size_t g = 0; g < pos->ngoals; g++)
        s.nrows += pos->goals[g].nindicators ? pos->goals[g].nindicators : 1;
    s.h = calloc(s.nrows, sizeof *s.h);
    units = calloc(pos->ngoals + 1, sizeof *units);
    if (!s.h || !units || make_formats(x->wb, &s.f) != 0)
        goto cleanup;
    for (size_t r = 0; r < s.nrows; r++)
        s.h[r] = LINE_PT; /* every row gets its height below */
    lxw_worksheet *ws = s.ws = workbook_add_worksheet(x->wb, pos->sheet);
    if (!ws)
        goto cleanup;

    layout_columns(&s);
    for (int c = 0; c < s.ncols; c++)
        CK(worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, s.width[c], NULL));

    lxw_row_t row = 0;
    CK(worksheet_merge_range(ws, row, 0, row, (lxw_col_t)(s.ncols - 1), "INDIKATOR KINERJA INDIVIDU ( IKI )",
                             x->f.title));
    CK(set_height(&s, row++, 21));
    CK(set_height(&s, row++, LINE_PT));

    CK(info_row(&s, row++, "1. JABATAN", pos->title ? pos->title : ""));
    CK(list_rows(&s, &row, "2. TUGAS", &pos->tugas, 0));
    CK(list_rows(&s, &row, "3. FUNGSI", &pos->fungsi, 1));
    CK(set_height(&s, row++, LINE_PT));

    /* the table header and the column numbers, repeated on every page */
    lxw_row_t header = row;
    int hlines = 1;
    for (int c = 0; c < s.ncols; c++) {
        const char *h = kind_header[s.kind[c]];
        CK(worksheet_write_string(ws, header, (lxw_col_t)c, h, x->f.header));
        CK(worksheet_write_number(ws, header + 1, (lxw_col_t)c, c + 1, x->f.colnum));
        int n = report_wrapped_lines(h, report_col_px(s.width[c]), 1);
        if (n > hlines)
            hlines = n;
    }
    CK(set_height(&s, header, report_height_for(hlines) + 4));
    CK(set_height(&s, header + 1, LINE_PT));
    row = header + 2;

    /* one row per indicator; the goal merged down over its indicators */
    for (size_t g = 0; g < pos->ngoals; g++) {
        const iki_goal *goal = &pos->goals[g];
        const char *gname = goal->name ? goal->name : "";
        lxw_row_t first = row;
        double total = 0, last_h = 0;
        if (goal->nindicators == 0) {
            CK(worksheet_write_string(ws, row, 0, gname, s.f.goal));
            for (int c = 1; c < s.ncols; c++)
                CK(worksheet_write_blank(ws, row, (lxw_col_t)c, s.f.cell));
            last_h = total = report_height_for(1);
            row++;
        } else {
            for (size_t k = 0; k < goal->nindicators; k++) {
                size_t i = goal->indicators[k];
                if (i >= x->t->nindicators)
                    goto cleanup;
                CK(indicator_row(&s, row, pos, i, &last_h));
                total += last_h;
                CK(set_height(&s, row++, last_h));
            }
            if (goal->nindicators > 1)
                CK(worksheet_merge_range(ws, first, 0, row - 1, 0, gname, s.f.goal));
            else
                CK(worksheet_write_string(ws, first, 0, gname, s.f.goal));
        }
        /* the goal's text needs room too: its last row grows if it must */
        double need = report_height_for(report_wrapped_lines(gname, report_col_px(s.width[0]) - INDENT_PX, 0));
        if (need > total)
            last_h += need - total;
        CK(set_height(&s, row - 1, last_h));
        units[nunits++] = (unit){first, row - 1};
    }
    lxw_row_t table_end = row - 1;
    CK(set_height(&s, row++, LINE_PT));
    CK(set_height(&s, row++, LINE_PT));

    /* the signature block, on the right (the last four columns); dotted lines to fill in by
     * hand where the template names no signer */
    static const char dots[] = "..............................................";
    const lxw_col_t s1 = (lxw_col_t)(s.ncols - 1), s0 = (lxw_col_t)(s1 - 3);
    char date[64];
    sign_date(x, date, sizeof date);
    if (asprintf(&line, "%s%s%s", nonempty(off->place) ? off->place : "",
                 nonempty(off->place) ? ", " : "", date) < 0) {
        line = NULL;
        goto cleanup;
    }
    CK(worksheet_merge_range(ws, row, s0, row, s1, line, s.f.sig));
    CK(set_height(&s, row++, report_height_for(report_wrapped_lines(line, cols_px(&s, s0, s1), 0))));
    free(line);
    line = NULL;
    if (nonempty(off->signer_position)) {
        line = strdup(off->signer_position);
        if (!line)
            goto cleanup;
        for (char *p = line; *p; p++) /* ASCII letters; UTF-8 passes as it is */
            if (*p >= 'a' && *p <= 'z')
                *p = (char)(*p - 'a' + 'A');
    }
    CK(worksheet_merge_range(ws, row, s0, row, s1, line ? line : dots, s.f.sig));
    CK(set_height(&s, row++,
                  report_height_for(report_wrapped_lines(line ? line : dots, cols_px(&s, s0, s1), 0))));
    free(line);
    line = NULL;
    for (int k = 0; k < 3; k++) /* room to sign */
        CK(set_height(&s, row++, LINE_PT + 2));
    if (nonempty(off->signer_name))
        CK(worksheet_merge_range(ws, row, s0, row, s1, off->signer_name, s.f.sig_name));
    else
        CK(worksheet_merge_range(ws, row, s0, row, s1, dots, s.f.sig));
    CK(set_height(&s, row++, LINE_PT + 2));
    if (asprintf(&line, "NIP. %s",
                 nonempty(off->signer_nip) ? off->signer_nip : dots + 12) < 0) {
        line = NULL;
        goto cleanup;
    }
    CK(worksheet_merge_range(ws, row, s0, row, s1, line, s.f.sig));
    CK(set_height(&s, row, LINE_PT + 2));
    lxw_row_t last = row;
    units[nunits++] = (unit){table_end + 1, last};
    CK(page_setup(&s, header, units, nunits, last));
    rc = 0;
cleanup:
    free(line);
    free(units);
    free(s.h);
    return rc;
}
