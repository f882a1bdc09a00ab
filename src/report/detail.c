/* The Rincian sheet: for every indicator fed by an areas form (one row per
 * kecamatan), numerator, denominator and realisasi per kecamatan of the
 * template, then a JUMLAH row with the totals that feed the indicator.
 * Realisasi is a formula over the row's cells with its value cached, as in
 * the Data sheet. */
#include <stdio.h>
#include <string.h>

#include "internal.h"

#define TRY(call)                                                                          \
    do {                                                                                   \
        if ((call) != LXW_NO_ERROR)                                                        \
            return -1;                                                                     \
    } while (0)

static const char *const HEADER[4] = {"Kecamatan", "Pembilang", "Penyebut", "Realisasi (%)"};

static int from_areas(const report_ctx *x, const iki_input *in)
{
    return in->source >= 0 && in->field >= 0 && (size_t)in->source < x->t->nsources &&
           x->t->sources[in->source].layout == IKI_LAYOUT_AREAS;
}

/* The value of one input for area a (or the total when a is -1); 0 when it
 * has data.  An input not read from an areas form has no per-area value. */
static int value_of(const report_ctx *x, const iki_input *in, long a, double *out)
{
    const iki_collect *c = iki_run_collect(x->run);
    if (in->source < 0 || in->field < 0)
        return -1;
    if (a < 0)
        return iki_collect_number(c, (size_t)in->source, (size_t)in->field, out);
    if (!from_areas(x, in))
        return -1;
    return iki_collect_area_number(c, (size_t)in->source, (size_t)in->field, (size_t)a, out);
}

/* One row: label, numerator, denominator, realisasi formula. */
static int write_row(report_ctx *x, lxw_worksheet *ws, lxw_row_t r, const char *label,
                     const iki_indicator *ind, long a, lxw_format *lf, lxw_format *nf,
                     lxw_format *df)
{
    double num = 0, den = 0, pct = 0;
    int has_num = value_of(x, &ind->inputs[IKI_ROLE_NUMERATOR], a, &num) == 0;
    int has_den = value_of(x, &ind->inputs[IKI_ROLE_DENOMINATOR], a, &den) == 0;
    TRY(worksheet_write_string(ws, r, 0, label, lf));
    if (has_num)
        TRY(worksheet_write_number(ws, r, 1, num, nf));
    else
        TRY(worksheet_write_blank(ws, r, 1, nf));
    if (has_den)
        TRY(worksheet_write_number(ws, r, 2, den, nf));
    else
        TRY(worksheet_write_blank(ws, r, 2, nf));
    char f[256];
    unsigned long er = (unsigned long)r + 1;
    snprintf(f, sizeof f, "=IF(AND(ISNUMBER(B%lu),ISNUMBER(C%lu),C%lu>0),B%lu/C%lu*100,\"\")",
             er, er, er, er, er);
    if (has_num && has_den && iki_percent(num, den, &pct) == 0)
        TRY(worksheet_write_formula_num(ws, r, 3, f, df, pct));
    else
        TRY(worksheet_write_formula_str(ws, r, 3, f, df, ""));
    return 0;
}

int report_detail_sheet(report_ctx *x)
{
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, "Rincian");
    lxw_format *total = workbook_add_format(x->wb);
    lxw_format *total_num = workbook_add_format(x->wb);
    lxw_format *total_dec = workbook_add_format(x->wb);
    lxw_format *note = workbook_add_format(x->wb);
    if (!ws || !total || !total_num || !total_dec || !note)
        return -1;
    lxw_format *const mine[] = {total, total_num, total_dec, note};
    for (size_t k = 0; k < sizeof mine / sizeof mine[0]; k++) {
        format_set_font_name(mine[k], "Arial");
        format_set_font_size(mine[k], 10);
    }
    for (size_t k = 0; k < 3; k++) {
        format_set_bold(mine[k]);
        format_set_border(mine[k], LXW_BORDER_THIN);
        format_set_bg_color(mine[k], 0xF2F2F2);
    }
    format_set_num_format(total_num, "#,##0.##########");
    format_set_num_format(total_dec, "0.00");
    format_set_italic(note);

    lxw_row_t r = 0;
    TRY(worksheet_write_string(ws, r, 0, "RINCIAN PER KECAMATAN", x->f.title));
    r += 2;
    size_t blocks = 0;
    char title[1024];
    for (size_t i = 0; i < x->t->nindicators; i++) {
        const iki_indicator *ind = &x->t->indicators[i];
        if (!from_areas(x, &ind->inputs[IKI_ROLE_NUMERATOR]) &&
            !from_areas(x, &ind->inputs[IKI_ROLE_DENOMINATOR]))
            continue;
        snprintf(title, sizeof title, "%s \xE2\x80\x94 %s", ind->code, ind->name ? ind->name : "");
        TRY(worksheet_write_string(ws, r++, 0, title, x->f.subtitle));
        for (lxw_col_t c = 0; c < 4; c++)
            TRY(worksheet_write_string(ws, r, c, HEADER[c], x->f.header));
        r++;
        /* every kecamatan of the template keeps its row, data or not */
        double sum_num = 0, sum_den = 0, v;
        for (size_t a = 0; a < x->t->nareas; a++) {
            if (write_row(x, ws, r++, x->t->areas[a].name, ind, (long)a, x->f.cell,
                          x->f.number, x->f.decimal2) != 0)
                return -1;
            if (value_of(x, &ind->inputs[IKI_ROLE_NUMERATOR], (long)a, &v) == 0)
                sum_num += v;
            if (value_of(x, &ind->inputs[IKI_ROLE_DENOMINATOR], (long)a, &v) == 0)
                sum_den += v;
        }
        /* JUMLAH: the totals that feed the indicator (as in Data) */
        if (write_row(x, ws, r++, "JUMLAH", ind, -1, total, total_num, total_dec) != 0)
            return -1;
        double tn, td;
        int has_tn = value_of(x, &ind->inputs[IKI_ROLE_NUMERATOR], -1, &tn) == 0;
        int has_td = value_of(x, &ind->inputs[IKI_ROLE_DENOMINATOR], -1, &td) == 0;
        if ((from_areas(x, &ind->inputs[IKI_ROLE_NUMERATOR]) && has_tn && tn != sum_num) ||
            (from_areas(x, &ind->inputs[IKI_ROLE_DENOMINATOR]) && has_td && td != sum_den))
            TRY(worksheet_write_string(ws, r++, 0,
                                       "Catatan: jumlah per kecamatan berbeda dari total "
                                       "(baris tanpa kecamatan yang dikenali, atau nilai "
                                       "yang dihitung sekali untuk seluruh kabupaten).",
                                       note));
        r++;
        blocks++;
    }
    if (blocks == 0)
        TRY(worksheet_write_string(ws, r, 0,
                                   "Tidak ada indikator yang bersumber dari formulir per "
                                   "kecamatan.",
                                   note));
    TRY(worksheet_set_column(ws, 0, 0, 28, NULL));
    TRY(worksheet_set_column(ws, 1, 3, 14, NULL));
    worksheet_set_paper(ws, 9); /* A4 */
    worksheet_fit_to_pages(ws, 1, 0);
    return 0;
}
