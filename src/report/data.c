/* The Data sheet: one row per (position, indicator) in the order of
 * report_data_layout, as an Excel table with autofilter so the Bappeda can
 * filter and pivot.  Realisasi and Capaian are formulas over the row's own
 * cells with the computed value cached, so readers that do not calculate
 * show the same numbers as Excel and LibreOffice after recalculation. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iki/msg.h"
#include "internal.h"
#include "iki/reader.h"
#include "iki/recheck.h"

/* Columns (0-based) and the exact header of the sheet. */
enum {
    COL_KODE = 0,
    COL_JABATAN,
    COL_SASARAN,
    COL_INDIKATOR,
    COL_PEMBILANG, /* E */
    COL_PENYEBUT,  /* F */
    COL_REALISASI, /* G */
    COL_SATUAN,
    COL_TARGET,    /* I */
    COL_CAPAIAN,   /* J */
    COL_PREDIKAT,
    COL_STATUS,
    COL_SUMBER,
    COL_POLARITAS, /* for readers of the workbook (iki rekap): how Capaian is made */
    /* issue 13: appended, so readers by header name keep working */
    COL_REAL_TW,                        /* O..R: Realisasi TW I..IV */
    COL_TARGET_TW = COL_REAL_TW + 4,    /* S..V */
    COL_CAPAIAN_TW = COL_TARGET_TW + 4, /* W..Z */
    COL_KATEGORI = COL_CAPAIAN_TW + 4,  /* AA */
    COL_NILAI,                          /* AB */
    NCOLS                               /* AC: Realisasi Tahun Lalu (--previous) */
};

static const char *const HEADER[NCOLS] = {
    "Kode",           "Jabatan",          "Sasaran",          "Indikator",
    "Pembilang",      "Penyebut",         "Realisasi",        "Satuan",
    "Target",         "Capaian",          "Predikat",         "Status",
    "Sumber",         "Polaritas",
    "Realisasi TW I", "Realisasi TW II",  "Realisasi TW III", "Realisasi TW IV",
    "Target TW I",    "Target TW II",     "Target TW III",    "Target TW IV",
    "Capaian TW I",   "Capaian TW II",    "Capaian TW III",   "Capaian TW IV",
    "Kategori",       "Nilai Capaian IKI"};

static const double WIDTH[NCOLS] = {26, 34, 34, 60, 12, 12, 12, 9,  10, 10, 14, 24, 60, 24,
                                    12, 12, 12, 12, 10, 10, 10, 10, 11, 11, 11, 11, 13, 10};

/* Provenance of the indicator's inputs (numerator, denominator, and the
 * other roles for IDG, KLA and value indicators), distinct parts joined by
 * "; " into buf of cap bytes. */
static void provenance(const report_ctx *x, const iki_indicator *ind, char *buf, size_t cap)
{
    const iki_collect *c = iki_run_collect(x->run);
    size_t len = 0;
    buf[0] = '\0';
    for (int role = 0; role < IKI_ROLE_COUNT; role++) {
        const iki_input *in = &ind->inputs[role];
        if (in->source < 0 || in->field < 0)
            continue;
        const char *p = iki_collect_provenance(c, (size_t)in->source, (size_t)in->field);
        if (!p || !*p || strstr(buf, p)) /* the same range twice: once */
            continue;
        int n = snprintf(buf + len, cap - len, "%s%s", len ? "; " : "", p);
        if (n < 0 || (size_t)n >= cap - len) {
            buf[len] = '\0';
            return;
        }
        len += (size_t)n;
    }
}

/* Status text: "ok", or why there is no value/capaian, with which input
 * when the compute stage says so ("data tidak tersedia — pmks.jumlah").
 * The compute note's Indonesian (note_id) is the workbook's. */
static void status_text(const iki_indicator *ind, const iki_result *r, char *buf, size_t cap)
{
    const char *s = iki_status_text(r->status);
    const char *den = ind->inputs[IKI_ROLE_DENOMINATOR].ref;
    const char *note = r->note_id[0] ? r->note_id : r->note;
    switch (r->status) {
    case IKI_STATUS_MISSING_INPUT: {
        /* the compute note is "missing input REF, REF": keep the refs, the
         * part after the literal head of the format's Indonesian */
        const char *f = iki_msg_pick(IKI_MSG("missing input %s"), 1);
        const char *conv = strstr(f, "%s");
        size_t head = conv ? (size_t)(conv - f) : 0;
        if (head && strncmp(note, f, head) == 0)
            snprintf(buf, cap, "%s \xE2\x80\x94 %s", s, note + head);
        else
            snprintf(buf, cap, "%s%s%s", s, note[0] ? " \xE2\x80\x94 " : "", note);
        break;
    }
    case IKI_STATUS_ZERO_DENOMINATOR:
        snprintf(buf, cap, "%s%s%s", s, den ? " \xE2\x80\x94 " : "", den ? den : "");
        break;
    case IKI_STATUS_INVALID_INPUT:
        snprintf(buf, cap, "%s%s%s", s, note[0] ? " \xE2\x80\x94 " : "", note);
        break;
    default:
        snprintf(buf, cap, "%s", s);
        break;
    }
}

/* Realisasi (column G) of Excel row er (1-based). */
static lxw_error write_realisasi(report_ctx *x, lxw_worksheet *ws, lxw_row_t row,
                                 const iki_indicator *ind, const iki_result *r)
{
    char f[512];
    unsigned long er = (unsigned long)row + 1;
    lxw_format *d2 = x->f.decimal2;
    switch (ind->kind) {
    case IKI_KIND_PERCENT:
        snprintf(f, sizeof f, "=IF(AND(ISNUMBER(E%lu),ISNUMBER(F%lu),F%lu>0),E%lu/F%lu*100,\"\")",
                 er, er, er, er, er);
        if (r->has_value)
            return worksheet_write_formula_num(ws, row, COL_REALISASI, f, d2, r->value);
        /* the formula would give a number that compute refused (invalid
         * input): show the empty value, not a formula that disagrees */
        if (r->has_numerator && r->has_denominator && r->denominator > 0)
            return worksheet_write_blank(ws, row, COL_REALISASI, d2);
        return worksheet_write_formula_str(ws, row, COL_REALISASI, f, d2, "");
    case IKI_KIND_KLA:
        if (r->value_text && *r->value_text && r->has_numerator &&
            iki_kla_rank_from_score(r->numerator) == r->kla_rank) {
            snprintf(f, sizeof f,
                     "=IF(E%lu>900,\"KLA\",IF(E%lu>800,\"Utama\",IF(E%lu>700,\"Nindya\","
                     "IF(E%lu>600,\"Madya\",IF(E%lu>=500,\"Pratama\",\"\")))))",
                     er, er, er, er, er);
            return worksheet_write_formula_str(ws, row, COL_REALISASI, f, x->f.cell_center,
                                               r->value_text);
        }
        /* the predicate from the text (no score, or the score disagrees
         * and compute chose the text): a plain string */
        return report_put_str(ws, row, COL_REALISASI, r->value_text, x->f.cell_center);
    case IKI_KIND_IDG:
    case IKI_KIND_VALUE:
    default:
        /* IDG and value indicators have no pembilang/penyebut in the row:
         * a formula could only repeat the number, so it is written as is */
        if (r->has_value)
            return worksheet_write_number(ws, row, COL_REALISASI, r->value, d2);
        return worksheet_write_blank(ws, row, COL_REALISASI, d2);
    }
}

/* A capaian cell: a formula over the row's realisasi and target cells for
 * a numeric target and a numeric realisasi; a plain number for range and
 * predicate targets (the Target cell holds text). */
lxw_error report_write_capaian(lxw_worksheet *ws, lxw_row_t row, const iki_indicator *ind,
                               const iki_target *tg, const iki_result *r, int c_real,
                               int c_target, int c_out, lxw_format *d2)
{
    if (tg->kind == IKI_TARGET_NUMBER && ind->kind != IKI_KIND_KLA) {
        char f[512];
        unsigned long er = (unsigned long)row + 1;
        char R[8], T[8];
        iki_col_name((uint32_t)c_real, R, sizeof R);
        iki_col_name((uint32_t)c_target, T, sizeof T);
        if (ind->polarity == IKI_LOWER_IS_BETTER)
            snprintf(f, sizeof f,
                     "=IF(AND(ISNUMBER(%s%lu),ISNUMBER(%s%lu),%s%lu<>0),(2*%s%lu-%s%lu)/%s%lu*100,\"\")",
                     R, er, T, er, T, er, T, er, R, er, T, er);
        else
            snprintf(f, sizeof f,
                     "=IF(AND(ISNUMBER(%s%lu),ISNUMBER(%s%lu),%s%lu<>0),%s%lu/%s%lu*100,\"\")",
                     R, er, T, er, T, er, R, er, T, er);
        int formula_has_value = r->has_value && tg->lo != 0;
        if (r->has_capaian && formula_has_value)
            return worksheet_write_formula_num(ws, row, (lxw_col_t)c_out, f, d2, r->capaian);
        if (!r->has_capaian && !formula_has_value)
            return worksheet_write_formula_str(ws, row, (lxw_col_t)c_out, f, d2, "");
        /* compute and the formula would disagree: the plain value */
    }
    if (r->has_capaian)
        return worksheet_write_number(ws, row, (lxw_col_t)c_out, r->capaian, d2);
    return worksheet_write_blank(ws, row, (lxw_col_t)c_out, d2);
}

static lxw_error write_capaian(report_ctx *x, lxw_worksheet *ws, lxw_row_t row,
                               const iki_indicator *ind, const iki_result *r)
{
    return report_write_capaian(ws, row, ind, &ind->target, r, COL_REALISASI, COL_TARGET,
                                COL_CAPAIAN, x->f.decimal2);
}

/* A target in a cell: a number as a number, else its text. */
static lxw_error write_target(report_ctx *x, lxw_worksheet *ws, lxw_row_t row, int col,
                              const iki_target *tg)
{
    if (tg->kind == IKI_TARGET_NUMBER)
        return worksheet_write_number(ws, row, (lxw_col_t)col, tg->lo, x->f.plain_number);
    if (tg->kind == IKI_TARGET_NONE)
        return worksheet_write_blank(ws, row, (lxw_col_t)col, x->f.cell_center);
    return report_put_str(ws, row, (lxw_col_t)col, tg->text ? tg->text : "", x->f.cell_center);
}

/* The quarters (realisasi, target, capaian per TW), then the national
 * rule's Kategori and Nilai Capaian IKI of the year. */
static lxw_error write_quarters(report_ctx *x, lxw_worksheet *ws, lxw_row_t row, size_t i,
                                const iki_indicator *ind, const iki_result *r)
{
    lxw_error e = LXW_NO_ERROR;
    for (int q = 1; q <= 4 && e == LXW_NO_ERROR; q++) {
        const iki_result *rq = iki_run_quarter_result(x->run, q, i);
        const iki_run_target *rt = iki_run_target_at(x->run, i, q);
        int cr = COL_REAL_TW + q - 1;
        if (!rq || !rt)
            return LXW_ERROR_NULL_PARAMETER_IGNORED;
        if (rq->has_value && rq->value_text)
            e = report_put_str(ws, row, (lxw_col_t)cr, rq->value_text, x->f.cell_center);
        else if (rq->has_value)
            e = worksheet_write_number(ws, row, (lxw_col_t)cr, rq->value, x->f.decimal2);
        else
            e = worksheet_write_blank(ws, row, (lxw_col_t)cr, x->f.decimal2);
        if (e == LXW_NO_ERROR)
            e = write_target(x, ws, row, COL_TARGET_TW + q - 1, &rt->target);
        if (e == LXW_NO_ERROR)
            e = report_write_capaian(ws, row, ind, &rt->target, rq, cr, COL_TARGET_TW + q - 1,
                                     COL_CAPAIAN_TW + q - 1, x->f.decimal2);
    }
    if (e != LXW_NO_ERROR)
        return e;
    if (r->has_capaian)
        e = report_put_str(ws, row, COL_KATEGORI, iki_kategori_text(r->kategori),
                           x->f.cell_center);
    else
        e = worksheet_write_blank(ws, row, COL_KATEGORI, x->f.cell_center);
    if (e == LXW_NO_ERROR)
        e = r->has_nilai ? worksheet_write_number(ws, row, COL_NILAI, r->nilai, x->f.decimal2)
                         : worksheet_write_blank(ws, row, COL_NILAI, x->f.decimal2);
    return e;
}

/* Realisasi Tahun Lalu (--previous): the row of last year's workbook with
 * the same Jabatan and Kode, else the first with the same Kode. */
static lxw_error write_previous(report_ctx *x, lxw_worksheet *ws, lxw_row_t row,
                                const iki_position *pos, const iki_indicator *ind)
{
    const iki_recheck *k = report_previous(x, pos, ind);
    if (k && k->value_text)
        return report_put_str(ws, row, NCOLS, k->value_text, x->f.cell_center);
    if (k && k->has_value)
        return worksheet_write_number(ws, row, NCOLS, k->value, x->f.decimal2);
    return worksheet_write_blank(ws, row, NCOLS, x->f.decimal2);
}

static lxw_error write_row(report_ctx *x, lxw_worksheet *ws, lxw_row_t row,
                           const iki_position *pos, const iki_goal *goal, size_t i,
                           char *prov, size_t provcap, lxw_format *cell)
{
    const iki_indicator *ind = &x->t->indicators[i];
    const iki_result *r = iki_run_result(x->run, i);
    lxw_format *num = x->f.number;
    char buf[512];
    lxw_error e;
    if (!r)
        return LXW_ERROR_NULL_PARAMETER_IGNORED;
#define TRY(call)                                                                          \
    do {                                                                                   \
        if ((e = (call)) != LXW_NO_ERROR)                                                  \
            return e;                                                                      \
    } while (0)
    TRY(report_put_str(ws, row, COL_KODE, ind->code, cell));
    TRY(report_put_str(ws, row, COL_JABATAN, pos->title, cell));
    TRY(report_put_str(ws, row, COL_SASARAN, goal->name, cell));
    TRY(report_put_str(ws, row, COL_INDIKATOR, ind->name, cell));
    /* for KLA the numerator is the evaluation score, when known */
    if (r->has_numerator)
        TRY(worksheet_write_number(ws, row, COL_PEMBILANG, r->numerator, num));
    else
        TRY(worksheet_write_blank(ws, row, COL_PEMBILANG, num));
    if (r->has_denominator)
        TRY(worksheet_write_number(ws, row, COL_PENYEBUT, r->denominator, num));
    else
        TRY(worksheet_write_blank(ws, row, COL_PENYEBUT, num));
    TRY(write_realisasi(x, ws, row, ind, r));
    TRY(report_put_str(ws, row, COL_SATUAN, ind->unit, x->f.cell_center));
    if (ind->target.kind == IKI_TARGET_NUMBER)
        TRY(worksheet_write_number(ws, row, COL_TARGET, ind->target.lo, x->f.plain_number));
    else {
        report_target_text(ind, buf, sizeof buf);
        TRY(report_put_str(ws, row, COL_TARGET, buf, x->f.cell_center));
    }
    TRY(write_capaian(x, ws, row, ind, r));
    TRY(report_put_str(ws, row, COL_PREDIKAT, r->predikat, x->f.cell_center));
    status_text(ind, r, buf, sizeof buf);
    TRY(report_put_str(ws, row, COL_STATUS, buf, cell));
    provenance(x, ind, prov, provcap);
    TRY(report_put_str(ws, row, COL_SUMBER, prov, cell));
    TRY(report_put_str(ws, row, COL_POLARITAS,
                       ind->polarity == IKI_LOWER_IS_BETTER ? IKI_POLARITY_LOWER_TEXT
                                                            : IKI_POLARITY_HIGHER_TEXT,
                       cell));
    TRY(write_quarters(x, ws, row, i, ind, r));
    if (x->opt->previous)
        TRY(write_previous(x, ws, row, pos, ind));
#undef TRY
    return LXW_NO_ERROR;
}

int report_data_sheet(report_ctx *x)
{
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, "Data");
    /* one line per row (no wrapping): a table to filter, not to print */
    lxw_format *line = workbook_add_format(x->wb);
    if (!ws || !line)
        return -1;
    format_set_font_name(line, "Arial");
    format_set_font_size(line, 10);
    format_set_border(line, LXW_BORDER_THIN);
    format_set_align(line, LXW_ALIGN_VERTICAL_TOP);
    const size_t provcap = 16384;
    char *prov = malloc(provcap);
    unsigned char *seen = calloc(x->t->nindicators ? x->t->nindicators : 1, 1);
    int rc = prov && seen ? 0 : -1;
    lxw_row_t row = 1;
    for (size_t p = 0; rc == 0 && p < x->t->npositions; p++) {
        const iki_position *pos = &x->t->positions[p];
        for (size_t g = 0; rc == 0 && g < pos->ngoals; g++)
            for (size_t k = 0; rc == 0 && k < pos->goals[g].nindicators; k++) {
                size_t i = pos->goals[g].indicators[k];
                /* other sheets may refer to x->data_row[i]: it must be the
                 * row of the indicator's first appearance here */
                assert(seen[i] || x->data_row[i] == row);
                if (!seen[i] && x->data_row[i] != row)
                    rc = -1;
                seen[i] = 1;
                if (rc == 0 &&
                    write_row(x, ws, row, pos, &pos->goals[g], i, prov, provcap, line) !=
                        LXW_NO_ERROR)
                    rc = -1;
                row++;
            }
    }
    free(prov);
    free(seen);
    if (rc != 0)
        return -1;
    lxw_row_t last = row > 1 ? row - 1 : 1; /* a table needs one data row */
    /* with --previous one more column: Realisasi Tahun Lalu */
    int ncols = NCOLS + (x->opt->previous != NULL);
    lxw_table_column cols[NCOLS + 1];
    lxw_table_column *colp[NCOLS + 2];
    memset(cols, 0, sizeof cols);
    for (int c = 0; c < ncols; c++) {
        cols[c].header = (char *)(c < NCOLS ? HEADER[c] : IKI_COL_PREVIOUS);
        cols[c].header_format = x->f.header;
        colp[c] = &cols[c];
    }
    colp[ncols] = NULL;
    lxw_table_options opt;
    memset(&opt, 0, sizeof opt);
    opt.name = "TabelData";
    opt.style_type = LXW_TABLE_STYLE_TYPE_MEDIUM;
    opt.style_type_number = 2;
    opt.columns = colp;
    if (worksheet_add_table(ws, 0, 0, last, (lxw_col_t)(ncols - 1), &opt) != LXW_NO_ERROR)
        return -1;
    for (int c = 0; c < ncols; c++)
        if (worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, c < NCOLS ? WIDTH[c] : 14, NULL) !=
            LXW_NO_ERROR)
            return -1;
    worksheet_freeze_panes(ws, 1, 0);
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9); /* A4 */
    worksheet_fit_to_pages(ws, 1, 0);
    if (worksheet_repeat_rows(ws, 0, 0) != LXW_NO_ERROR)
        return -1;
    return 0;
}
