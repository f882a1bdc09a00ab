/* The Ringkasan sheet (the workbook's first): office, year, build time
 * and iki version in labelled cells (the identity `iki rekap` reads),
 * inputs read and skipped, warnings and errors; every indicator once with
 * realisasi, target, capaian and predikat; a bar chart of capaian per
 * indicator, or of the realisasi of the percent indicators when no
 * indicator has a capaian (a template without targets).  Values are
 * written as they are (the formulas live in Data). */
#include <stdio.h>
#include <string.h>

#include "internal.h"

#define SHEET "Ringkasan"

enum { C_KODE = 0, C_INDIKATOR, C_REALISASI, C_SATUAN, C_TARGET, C_CAPAIAN, C_PREDIKAT,
       C_STATUS, NCOLS };

static const char *const HEADER[NCOLS] = {"Kode",   "Indikator", "Realisasi", "Satuan",
                                          "Target", "Capaian",   "Predikat",  "Status"};
static const double WIDTH[NCOLS] = {26, 60, 12, 9, 10, 10, 14, 22};

#define TRY(call)                                                                          \
    do {                                                                                   \
        if ((call) != LXW_NO_ERROR)                                                        \
            return -1;                                                                     \
    } while (0)

static lxw_error str_or_blank(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s,
                              lxw_format *f)
{
    if (!s || !*s)
        return worksheet_write_blank(ws, r, c, f);
    return worksheet_write_string(ws, r, c, s, f);
}

static int info_row(lxw_worksheet *ws, lxw_row_t r, const char *label, double value,
                    lxw_format *lf, lxw_format *vf)
{
    TRY(worksheet_write_string(ws, r, 0, label, lf));
    TRY(worksheet_write_number(ws, r, 1, value, vf));
    return 0;
}

static int indicator_row(report_ctx *x, lxw_worksheet *ws, lxw_row_t r, size_t i)
{
    const iki_indicator *ind = &x->t->indicators[i];
    const iki_result *res = iki_run_result(x->run, i);
    if (!res)
        return -1;
    char buf[256];
    /* wrapped names: rows are not grown by every reader, so give the row
     * the height of the lines the name needs (about 1.4 characters per
     * unit of column width in Arial 10) */
    size_t len = ind->name ? strlen(ind->name) : 0;
    size_t per_line = (size_t)(WIDTH[C_INDIKATOR] * 1.4);
    size_t lines = len / per_line + 1;
    if (lines > 1)
        TRY(worksheet_set_row(ws, r, 12.75 * (double)lines, NULL));
    TRY(str_or_blank(ws, r, C_KODE, ind->code, x->f.cell));
    TRY(str_or_blank(ws, r, C_INDIKATOR, ind->name, x->f.cell));
    if (res->value_text && *res->value_text)
        TRY(worksheet_write_string(ws, r, C_REALISASI, res->value_text, x->f.cell_center));
    else if (res->has_value)
        TRY(worksheet_write_number(ws, r, C_REALISASI, res->value, x->f.decimal2));
    else
        TRY(worksheet_write_blank(ws, r, C_REALISASI, x->f.decimal2));
    TRY(str_or_blank(ws, r, C_SATUAN, ind->unit, x->f.cell_center));
    if (ind->target.kind == IKI_TARGET_NUMBER)
        TRY(worksheet_write_number(ws, r, C_TARGET, ind->target.lo, x->f.number));
    else {
        report_target_text(ind, buf, sizeof buf);
        TRY(str_or_blank(ws, r, C_TARGET, buf, x->f.cell_center));
    }
    if (res->has_capaian)
        TRY(worksheet_write_number(ws, r, C_CAPAIAN, res->capaian, x->f.decimal2));
    else
        TRY(worksheet_write_blank(ws, r, C_CAPAIAN, x->f.decimal2));
    TRY(str_or_blank(ws, r, C_PREDIKAT, res->predikat, x->f.cell_center));
    TRY(str_or_blank(ws, r, C_STATUS, iki_status_text(res->status), x->f.cell));
    return 0;
}

int report_summary_sheet(report_ctx *x)
{
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, SHEET);
    lxw_format *when = workbook_add_format(x->wb);
    lxw_format *count = workbook_add_format(x->wb);
    lxw_format *note = workbook_add_format(x->wb);
    lxw_format *office = workbook_add_format(x->wb);
    lxw_format *year = workbook_add_format(x->wb);
    lxw_format *plain = workbook_add_format(x->wb);
    if (!ws || !when || !count || !note || !office || !year || !plain)
        return -1;
    lxw_format *const mine[] = {when, count, note, office, year, plain};
    for (size_t k = 0; k < sizeof mine / sizeof mine[0]; k++) {
        format_set_font_name(mine[k], "Arial");
        format_set_font_size(mine[k], 10);
        format_set_align(mine[k], LXW_ALIGN_LEFT);
    }
    format_set_num_format(when, "dd/mm/yyyy hh:mm");
    format_set_num_format(count, "#,##0");
    format_set_num_format(year, "0");
    format_set_italic(note);
    format_set_bold(office);
    format_set_font_size(office, 11);
    format_set_align(office, LXW_ALIGN_CENTER);

    const iki_diags *d = iki_run_diags(x->run);
    size_t nerr = iki_diags_count_at_least(d, IKI_SEV_ERROR);
    size_t nwarn = iki_diags_count_at_least(d, IKI_SEV_WARNING) - nerr;

    lxw_row_t r = 0;
    TRY(worksheet_merge_range(ws, r, 0, r, NCOLS - 1, "RINGKASAN INDIKATOR KINERJA INDIVIDU",
                              x->f.title));
    r++;
    TRY(worksheet_merge_range(ws, r, 0, r, NCOLS - 1, x->t->office.name ? x->t->office.name : "",
                              office));
    r++;
    TRY(worksheet_merge_range(ws, r, 0, r, NCOLS - 1,
                              x->t->office.region ? x->t->office.region : "", office));
    r += 2;
    /* the workbook's identity in labelled cells (IKI_ID_* of report.h):
     * what `iki rekap` reads, also after an office program saved the
     * workbook again and dropped the document properties */
    TRY(worksheet_write_string(ws, r, 0, IKI_ID_OFFICE, x->f.label));
    TRY(str_or_blank(ws, r++, 1, x->t->office.name, plain));
    TRY(worksheet_write_string(ws, r, 0, IKI_ID_REGION, x->f.label));
    TRY(str_or_blank(ws, r++, 1, x->t->office.region, plain));
    if (info_row(ws, r++, IKI_ID_YEAR, x->year, x->f.label, year) != 0)
        return -1;
    TRY(worksheet_write_string(ws, r, 0, IKI_ID_BUILT, x->f.label));
    /* the build time (SOURCE_DATE_EPOCH when set), shown in UTC */
    TRY(worksheet_write_unixtime(ws, r, 1, (int64_t)x->opt->build_time, when));
    r++;
    TRY(worksheet_write_string(ws, r, 0, IKI_ID_BY, x->f.label));
    TRY(worksheet_write_string(ws, r++, 1, x->mark, plain));
    if (info_row(ws, r++, "Berkas dibaca", (double)iki_run_files_read(x->run), x->f.label,
                 count) != 0 ||
        info_row(ws, r++, "Berkas dilewati", (double)iki_run_files_skipped(x->run), x->f.label,
                 count) != 0 ||
        info_row(ws, r++, "Peringatan", (double)nwarn, x->f.label, count) != 0 ||
        info_row(ws, r++, "Galat", (double)nerr, x->f.label, count) != 0)
        return -1;
    r++;

    /* every indicator once, in template order */
    lxw_row_t head = r;
    for (lxw_col_t c = 0; c < NCOLS; c++)
        TRY(worksheet_write_string(ws, head, c, HEADER[c], x->f.header));
    size_t n = x->t->nindicators, ncap = 0, npct = 0;
    for (size_t i = 0; i < n; i++) {
        if (indicator_row(x, ws, head + 1 + (lxw_row_t)i, i) != 0)
            return -1;
        const iki_result *res = iki_run_result(x->run, i);
        if (res->has_capaian)
            ncap++;
        if (x->t->indicators[i].kind == IKI_KIND_PERCENT && res->has_value)
            npct++;
    }
    r = head + 1 + (lxw_row_t)n + 1;
    for (lxw_col_t c = 0; c < NCOLS; c++)
        TRY(worksheet_set_column(ws, c, c, WIDTH[c], NULL));
    worksheet_freeze_panes(ws, head + 1, 0);
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9); /* A4 */
    worksheet_fit_to_pages(ws, 1, 0);

    /* the chart: capaian per indicator, else realisasi of the percent
     * indicators, from a small block of its own below it */
    size_t nbars = ncap ? ncap : npct;
    if (nbars == 0) {
        TRY(worksheet_write_string(ws, r, 0,
                                   "Tidak ada grafik: belum ada indikator yang bernilai.", note));
        return 0;
    }
    lxw_chart_options co;
    memset(&co, 0, sizeof co);
    co.x_scale = 2.0;
    co.y_scale = (double)(nbars * 22 + 120) / 288.0;
    if (co.y_scale < 1.0)
        co.y_scale = 1.0;
    /* rows the chart covers (default rows are 20 pixels high) */
    lxw_row_t chart_rows = (lxw_row_t)(co.y_scale * 288.0 / 20.0) + 2;
    lxw_chart *chart = workbook_add_chart(x->wb, LXW_CHART_BAR);
    if (!chart)
        return -1;
    lxw_chart_series *s = chart_add_series(chart, NULL, NULL);
    if (!s)
        return -1;
    lxw_row_t chart_at = r;
    const char *what = ncap ? "Capaian (%)" : "Realisasi (%)";
    if (ncap)
        chart_title_set_name(chart, "Capaian per Indikator (%)");
    else {
        chart_title_set_name(chart, "Realisasi Indikator Persentase (%)");
        TRY(worksheet_write_string(
            ws, r, 0,
            "Catatan: belum ada indikator dengan target (capaian kosong), maka grafik "
            "menampilkan realisasi indikator persentase.",
            note));
        chart_at = r + 2;
    }
    /* the chart's own data below it: only the indicators that have a bar
     * (their rows are not contiguous in the table) */
    lxw_row_t g0 = chart_at + chart_rows + 1;
    TRY(worksheet_write_string(ws, g0, C_KODE, "Data grafik: Kode", x->f.header));
    TRY(worksheet_write_string(ws, g0, C_INDIKATOR, what, x->f.header));
    lxw_row_t g = g0 + 1;
    for (size_t i = 0; i < n; i++) {
        const iki_result *res = iki_run_result(x->run, i);
        int bar = ncap ? res->has_capaian
                       : x->t->indicators[i].kind == IKI_KIND_PERCENT && res->has_value;
        if (!bar)
            continue;
        TRY(worksheet_write_string(ws, g, C_KODE, x->t->indicators[i].code, x->f.cell));
        TRY(worksheet_write_number(ws, g, C_INDIKATOR, ncap ? res->capaian : res->value,
                                   x->f.decimal2));
        g++;
    }
    chart_series_set_categories(s, SHEET, g0 + 1, C_KODE, g - 1, C_KODE);
    chart_series_set_values(s, SHEET, g0 + 1, C_INDIKATOR, g - 1, C_INDIKATOR);
    chart_series_set_name(s, what);
    chart_series_set_labels(s);
    chart_series_set_labels_num_format(s, "0.00");
    chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
    /* in a bar chart the y axis holds the categories: first indicator at
     * the top, as in the table, with the value axis kept at the bottom */
    chart_axis_set_reverse(chart->y_axis);
    chart_axis_set_crossing_max(chart->y_axis);
    chart_axis_set_num_format(chart->x_axis, "0");
    TRY(worksheet_insert_chart_opt(ws, chart_at, 0, chart, &co));
    return 0;
}
