/* The recap workbook of `iki rekap`: document properties, sheet order and
 * the atomic write; Ringkasan (per office and year: positions,
 * indicators, with realisasi, with a target, mean capaian, the count per
 * predikat, and a chart of the counts) and Data (one row per office, year,
 * position and indicator, as an Excel table with autofilter).  Values come
 * from the rekap pass as checked there: never computed here. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "recap.h"

#define TRY(call)                                                                          \
    do {                                                                                   \
        if ((call) != LXW_NO_ERROR)                                                        \
            return -1;                                                                     \
    } while (0)

/* ---- Data ---------------------------------------------------------------- */
enum { D_TAHUN = 0, D_OPD, D_JABATAN, D_KODE, D_INDIKATOR, D_SATUAN, D_TARGET, D_REALISASI,
       D_CAPAIAN, D_PREDIKAT, D_STATUS, D_BERKAS, D_NCOLS };
static const char *const DATA_HEADER[D_NCOLS] = {
    "Tahun",  "Perangkat Daerah", "Jabatan", "Kode",    "Indikator", "Satuan",
    "Target", "Realisasi",        "Capaian", "Predikat", "Status",   "Berkas"};
static const double DATA_WIDTH[D_NCOLS] = {8, 40, 34, 22, 60, 9, 10, 12, 10, 14, 30, 40};

lxw_error recap_put_value(recap_ctx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                          const iki_recheck *k)
{
    if (k->value_text)
        return report_put_str(ws, r, c, k->value_text, x->f.cell_center);
    if (k->has_value)
        return worksheet_write_number(ws, r, c, k->value, x->f.decimal2);
    return worksheet_write_blank(ws, r, c, x->f.decimal2);
}

/* Status as written, and the 'diubah manual' flag with both numbers. */
static void status_text(const iki_wb_row *w, const iki_recheck *k, char *buf, size_t cap)
{
    size_t len = (size_t)snprintf(buf, cap, "%s", w->status);
    if (len >= cap)
        return;
    if (k->value_manual && k->value_text_computed)
        len += (size_t)snprintf(buf + len, cap - len,
                                "%sdiubah manual: Realisasi tertulis %s, dari nilai %s",
                                len ? "; " : "", w->value_text ? w->value_text : "",
                                k->value_text_computed);
    else if (k->value_manual)
        len += (size_t)snprintf(buf + len, cap - len,
                                "%sdiubah manual: Realisasi tertulis %.15g, dihitung %.15g",
                                len ? "; " : "", w->value, k->value_computed);
    if (len < cap && k->capaian_manual)
        snprintf(buf + len, cap - len, "%sdiubah manual: Capaian tertulis %.15g, dihitung %.15g",
                 len ? "; " : "", w->capaian, k->capaian_computed);
}

static int data_sheet(recap_ctx *x)
{
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, "Data");
    lxw_format *line = workbook_add_format(x->wb);
    lxw_format *year = workbook_add_format(x->wb);
    if (!ws || !line || !year)
        return -1;
    lxw_format *const mine[] = {line, year};
    for (size_t k = 0; k < 2; k++) {
        format_set_font_name(mine[k], "Arial");
        format_set_font_size(mine[k], 10);
        format_set_border(mine[k], LXW_BORDER_THIN);
        format_set_align(mine[k], LXW_ALIGN_VERTICAL_TOP);
    }
    format_set_num_format(year, "0");
    char buf[1024];
    lxw_row_t r = 1;
    for (size_t s = 0; s < iki_rekap_standing_count(x->rk); s++) {
        const iki_rekap_file *f = iki_rekap_file_at(x->rk, iki_rekap_standing_at(x->rk, s));
        const iki_wb *wb = f->wb;
        for (size_t i = 0; i < wb->nrows; i++, r++) {
            const iki_wb_row *w = &wb->rows[i];
            const iki_recheck *k = &f->checks[i];
            TRY(worksheet_write_number(ws, r, D_TAHUN, wb->year, year));
            TRY(report_put_str(ws, r, D_OPD, wb->office, line));
            TRY(report_put_str(ws, r, D_JABATAN, w->position, line));
            TRY(report_put_str(ws, r, D_KODE, w->code, line));
            TRY(report_put_str(ws, r, D_INDIKATOR, w->name, line));
            TRY(report_put_str(ws, r, D_SATUAN, w->unit, x->f.cell_center));
            if (w->has_target)
                TRY(worksheet_write_number(ws, r, D_TARGET, w->target, x->f.plain_number));
            else
                TRY(report_put_str(ws, r, D_TARGET, w->target_text, x->f.cell_center));
            TRY(recap_put_value(x, ws, r, D_REALISASI, k));
            if (k->has_capaian)
                TRY(worksheet_write_number(ws, r, D_CAPAIAN, k->capaian, x->f.decimal2));
            else
                TRY(worksheet_write_blank(ws, r, D_CAPAIAN, x->f.decimal2));
            TRY(report_put_str(ws, r, D_PREDIKAT, w->predikat, x->f.cell_center));
            status_text(w, k, buf, sizeof buf);
            TRY(report_put_str(ws, r, D_STATUS, buf, line));
            TRY(report_put_str(ws, r, D_BERKAS, f->path, line));
        }
    }
    lxw_row_t last = r > 1 ? r - 1 : 1; /* a table needs one data row */
    lxw_table_column cols[D_NCOLS];
    lxw_table_column *colp[D_NCOLS + 1];
    memset(cols, 0, sizeof cols);
    for (int c = 0; c < D_NCOLS; c++) {
        cols[c].header = (char *)DATA_HEADER[c];
        cols[c].header_format = x->f.header;
        colp[c] = &cols[c];
    }
    colp[D_NCOLS] = NULL;
    lxw_table_options opt;
    memset(&opt, 0, sizeof opt);
    opt.name = "TabelRekap";
    opt.style_type = LXW_TABLE_STYLE_TYPE_MEDIUM;
    opt.style_type_number = 2;
    opt.columns = colp;
    TRY(worksheet_add_table(ws, 0, 0, last, D_NCOLS - 1, &opt));
    for (int c = 0; c < D_NCOLS; c++)
        TRY(worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, DATA_WIDTH[c], NULL));
    worksheet_freeze_panes(ws, 1, 0);
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9); /* A4 */
    worksheet_fit_to_pages(ws, 1, 0);
    TRY(worksheet_repeat_rows(ws, 0, 0));
    return 0;
}

/* ---- Ringkasan ----------------------------------------------------------- */
/* The predicate labels in the order of the Sampang bands, best first;
 * labels of other templates follow in the order of strcmp. */
static const char *const KNOWN_BANDS[] = {"Sangat Baik", "Baik", "Cukup", "Kurang",
                                          "Sangat Kurang"};
#define NKNOWN (sizeof KNOWN_BANDS / sizeof KNOWN_BANDS[0])

static long known_rank(const char *s)
{
    for (size_t i = 0; i < NKNOWN; i++)
        if (strcmp(s, KNOWN_BANDS[i]) == 0)
            return (long)i;
    return -1;
}

static int label_cmp(const void *a, const void *b)
{
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;
    long rx = known_rank(x), ry = known_rank(y);
    if (rx >= 0 || ry >= 0)
        return rx < 0 ? 1 : ry < 0 ? -1 : (rx > ry) - (rx < ry);
    return strcmp(x, y);
}

/* Is row i the first row of its indicator (code) in wb? */
static int first_of_code(const iki_wb *wb, size_t i)
{
    for (size_t j = 0; j < i; j++)
        if (strcmp(wb->rows[j].code, wb->rows[i].code) == 0)
            return 0;
    return 1;
}

static int first_of_position(const iki_wb *wb, size_t i)
{
    for (size_t j = 0; j < i; j++)
        if (strcmp(wb->rows[j].position, wb->rows[i].position) == 0)
            return 0;
    return 1;
}

/* Distinct predicate labels of the standing files, sorted; *out is a new
 * array of borrowed strings (free() it), NULL with n 0 when none. */
static int predicate_labels(const iki_rekap *rk, const char ***out, size_t *n)
{
    const char **v = NULL;
    size_t len = 0, cap = 0;
    for (size_t s = 0; s < iki_rekap_standing_count(rk); s++) {
        const iki_wb *wb = iki_rekap_file_at(rk, iki_rekap_standing_at(rk, s))->wb;
        for (size_t i = 0; i < wb->nrows; i++) {
            const char *p = wb->rows[i].predikat;
            if (!*p)
                continue;
            size_t k = 0;
            while (k < len && strcmp(v[k], p) != 0)
                k++;
            if (k < len)
                continue;
            if (len == cap) {
                cap = cap ? cap * 2 : 8;
                const char **nv = realloc(v, cap * sizeof *nv);
                if (!nv) {
                    free(v);
                    return -1;
                }
                v = nv;
            }
            v[len++] = p;
        }
    }
    if (len)
        qsort(v, len, sizeof *v, label_cmp);
    *out = v;
    *n = len;
    return 0;
}

enum { S_TAHUN = 0, S_OPD, S_WILAYAH, S_JABATAN, S_INDIKATOR, S_REALISASI, S_TARGET,
       S_CAPAIAN, S_FIXED };
static const char *const SUM_HEADER[S_FIXED] = {
    "Tahun",   "Perangkat Daerah", "Wilayah",        "Jabatan",
    "Indikator", "Dengan realisasi", "Dengan target", "Rata-rata capaian (%)"};
static const double SUM_WIDTH[S_FIXED] = {8, 44, 22, 10, 10, 12, 10, 12};

static int info(lxw_worksheet *ws, lxw_row_t r, const char *label, double v, lxw_format *lf,
                lxw_format *vf)
{
    TRY(worksheet_write_string(ws, r, 0, label, lf));
    TRY(worksheet_write_number(ws, r, 1, v, vf));
    return 0;
}

static int summary_sheet(recap_ctx *x)
{
    const iki_rekap *rk = x->rk;
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, "Ringkasan");
    lxw_format *when = workbook_add_format(x->wb);
    lxw_format *count = workbook_add_format(x->wb);
    lxw_format *note = workbook_add_format(x->wb);
    lxw_format *year = workbook_add_format(x->wb);
    lxw_format *intcell = workbook_add_format(x->wb);
    if (!ws || !when || !count || !note || !year || !intcell)
        return -1;
    lxw_format *const mine[] = {when, count, note, year, intcell};
    for (size_t k = 0; k < sizeof mine / sizeof mine[0]; k++) {
        format_set_font_name(mine[k], "Arial");
        format_set_font_size(mine[k], 10);
        format_set_align(mine[k], LXW_ALIGN_LEFT);
    }
    format_set_num_format(when, "dd/mm/yyyy hh:mm");
    format_set_num_format(count, "#,##0");
    format_set_num_format(year, "0");
    format_set_num_format(intcell, "#,##0");
    format_set_border(intcell, LXW_BORDER_THIN);
    format_set_border(year, LXW_BORDER_THIN);
    format_set_italic(note);

    const char **labels = NULL;
    size_t nlabels = 0;
    if (predicate_labels(rk, &labels, &nlabels) != 0)
        return -1;
    int rc = -1;
    lxw_col_t ncols = (lxw_col_t)(S_FIXED + nlabels);
    char buf[256];
    size_t ny = iki_rekap_year_count(rk);
    if (ny == 0)
        snprintf(buf, sizeof buf, "Tahun: -");
    else if (ny == 1)
        snprintf(buf, sizeof buf, "Tahun %d", iki_rekap_year_at(rk, 0));
    else
        snprintf(buf, sizeof buf, "Tahun %d\xE2\x80\x93%d", iki_rekap_year_at(rk, 0),
                 iki_rekap_year_at(rk, ny - 1));
    lxw_row_t r = 0;
    if (worksheet_merge_range(ws, r, 0, r, ncols - 1, "REKAPITULASI INDIKATOR KINERJA INDIVIDU",
                              x->f.title) != LXW_NO_ERROR ||
        worksheet_merge_range(ws, r + 1, 0, r + 1, ncols - 1, buf, x->f.title) != LXW_NO_ERROR)
        goto cleanup;
    r = 3;
    size_t nfiles = iki_rekap_file_count(rk), ncopy = 0, nsup = 0, nskip = 0;
    for (size_t i = 0; i < nfiles; i++) {
        iki_rekap_state st = iki_rekap_file_at(rk, i)->state;
        ncopy += st == IKI_REKAP_COPY;
        nsup += st == IKI_REKAP_SUPERSEDED;
        nskip += st == IKI_REKAP_SKIPPED;
    }
    const iki_diags *d = iki_rekap_diags(rk);
    size_t nerr = iki_diags_count_at_least(d, IKI_SEV_ERROR);
    size_t nwarn = iki_diags_count_at_least(d, IKI_SEV_WARNING) - nerr;
    if (worksheet_write_string(ws, r, 0, "Waktu pembuatan", x->f.label) != LXW_NO_ERROR ||
        worksheet_write_unixtime(ws, r, 1, (int64_t)x->opt->build_time, when) != LXW_NO_ERROR)
        goto cleanup;
    r++;
    if (info(ws, r++, "Buku kerja dibaca", (double)iki_rekap_standing_count(rk), x->f.label,
             count) ||
        info(ws, r++, "Digantikan (dibuat lebih akhir)", (double)nsup, x->f.label, count) ||
        info(ws, r++, "Salinan identik", (double)ncopy, x->f.label, count) ||
        info(ws, r++, "Tidak dapat dibaca atau bukan IKI", (double)iki_rekap_files_failed(rk),
             x->f.label, count) ||
        info(ws, r++, "Dilewati", (double)nskip, x->f.label, count) ||
        info(ws, r++, "Baris diubah manual", (double)iki_rekap_manual_count(rk), x->f.label,
             count) ||
        info(ws, r++, "Peringatan", (double)nwarn, x->f.label, count) ||
        info(ws, r++, "Galat", (double)nerr, x->f.label, count))
        goto cleanup;
    r++;
    lxw_row_t head = r;
    for (lxw_col_t c = 0; c < ncols; c++)
        if (worksheet_write_string(ws, head, c, c < S_FIXED ? SUM_HEADER[c] : labels[c - S_FIXED],
                                   x->f.header) != LXW_NO_ERROR ||
            worksheet_set_column(ws, c, c, c < S_FIXED ? SUM_WIDTH[c] : 12, NULL) != LXW_NO_ERROR)
            goto cleanup;
    size_t *counts = calloc(nlabels ? nlabels : 1, sizeof *counts);
    if (!counts)
        goto cleanup;
    r = head + 1;
    size_t nstand = iki_rekap_standing_count(rk);
    for (size_t s = 0; s < nstand; s++, r++) {
        const iki_rekap_file *f = iki_rekap_file_at(rk, iki_rekap_standing_at(rk, s));
        const iki_wb *wb = f->wb;
        size_t npos = 0, nind = 0, nreal = 0, ntarget = 0, ncap = 0;
        double sumcap = 0;
        memset(counts, 0, (nlabels ? nlabels : 1) * sizeof *counts);
        for (size_t i = 0; i < wb->nrows; i++) {
            const iki_wb_row *w = &wb->rows[i];
            const iki_recheck *k = &f->checks[i];
            npos += first_of_position(wb, i);
            if (!first_of_code(wb, i))
                continue;
            nind++;
            nreal += k->has_value || k->value_text;
            ntarget += w->has_target || w->target_text;
            if (k->has_capaian) {
                ncap++;
                sumcap += k->capaian;
            }
            for (size_t l = 0; l < nlabels; l++)
                if (strcmp(labels[l], w->predikat) == 0)
                    counts[l]++;
        }
        int bad = worksheet_write_number(ws, r, S_TAHUN, wb->year, year) ||
                  report_put_str(ws, r, S_OPD, wb->office, x->f.cell) ||
                  report_put_str(ws, r, S_WILAYAH, wb->region, x->f.cell) ||
                  worksheet_write_number(ws, r, S_JABATAN, (double)npos, intcell) ||
                  worksheet_write_number(ws, r, S_INDIKATOR, (double)nind, intcell) ||
                  worksheet_write_number(ws, r, S_REALISASI, (double)nreal, intcell) ||
                  worksheet_write_number(ws, r, S_TARGET, (double)ntarget, intcell) ||
                  (ncap ? worksheet_write_number(ws, r, S_CAPAIAN, sumcap / (double)ncap,
                                                 x->f.decimal2)
                        : worksheet_write_blank(ws, r, S_CAPAIAN, x->f.decimal2));
        for (size_t l = 0; !bad && l < nlabels; l++)
            bad = worksheet_write_number(ws, r, (lxw_col_t)(S_FIXED + l), (double)counts[l],
                                         intcell) != LXW_NO_ERROR;
        if (bad) {
            free(counts);
            goto cleanup;
        }
    }
    free(counts);
    if (nstand == 0) {
        if (worksheet_write_string(ws, r, 0, "Tidak ada buku kerja IKI yang dibaca", note))
            goto cleanup;
        r++;
    }
    lxw_row_t last = r - 1;
    worksheet_freeze_panes(ws, head + 1, 0);
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9); /* A4 */
    worksheet_fit_to_pages(ws, 1, 0);
    r++;

    /* the chart: the count per predikat per office (and year), stacked */
    if (nlabels == 0 || nstand == 0) {
        rc = worksheet_write_string(ws, r, 0,
                                    "Tidak ada grafik: belum ada indikator yang berpredikat "
                                    "(indikator tanpa target).",
                                    note) == LXW_NO_ERROR
                 ? 0
                 : -1;
        goto cleanup;
    }
    lxw_chart *chart = workbook_add_chart(x->wb, LXW_CHART_BAR_STACKED);
    if (!chart)
        goto cleanup;
    for (size_t l = 0; l < nlabels; l++) {
        lxw_chart_series *s = chart_add_series(chart, NULL, NULL);
        if (!s)
            goto cleanup;
        /* categories: Tahun and Perangkat Daerah, two levels */
        chart_series_set_categories(s, "Ringkasan", head + 1, S_TAHUN, last, S_OPD);
        chart_series_set_values(s, "Ringkasan", head + 1, (lxw_col_t)(S_FIXED + l), last,
                                (lxw_col_t)(S_FIXED + l));
        chart_series_set_name_range(s, "Ringkasan", head, (lxw_col_t)(S_FIXED + l));
    }
    chart_title_set_name(chart, "Jumlah Indikator per Predikat per Perangkat Daerah");
    chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
    chart_axis_set_reverse(chart->y_axis);
    chart_axis_set_crossing_max(chart->y_axis);
    chart_axis_set_num_format(chart->x_axis, "0");
    lxw_chart_options co;
    memset(&co, 0, sizeof co);
    co.x_scale = 2.0;
    co.y_scale = (double)(nstand * 24 + 140) / 288.0;
    if (co.y_scale < 1.0)
        co.y_scale = 1.0;
    if (co.y_scale > 60.0)
        co.y_scale = 60.0;
    rc = worksheet_insert_chart_opt(ws, r, 0, chart, &co) == LXW_NO_ERROR ? 0 : -1;
cleanup:
    free(labels);
    return rc;
}

/* ---- the workbook -------------------------------------------------------- */
typedef struct write_job {
    const iki_rekap *rk;
    const iki_recap_options *opt;
} write_job;

static int write_workbook(void *ctx, const char *tmp_path)
{
    write_job *job = ctx;
    recap_ctx x;
    memset(&x, 0, sizeof x);
    x.rk = job->rk;
    x.opt = job->opt;
    x.wb = report_workbook_new(tmp_path);
    if (!x.wb)
        return -1;
    char title[128], mark[64];
    size_t ny = iki_rekap_year_count(x.rk);
    if (ny > 1)
        snprintf(title, sizeof title, "Rekapitulasi IKI %d-%d", iki_rekap_year_at(x.rk, 0),
                 iki_rekap_year_at(x.rk, ny - 1));
    else if (ny == 1)
        snprintf(title, sizeof title, "Rekapitulasi IKI %d", iki_rekap_year_at(x.rk, 0));
    else
        snprintf(title, sizeof title, "Rekapitulasi IKI");
    snprintf(mark, sizeof mark, "%s%s", IKI_MARK_VALUE_PREFIX,
             job->opt->version ? job->opt->version : "");
    lxw_doc_properties props;
    memset(&props, 0, sizeof props);
    props.title = title;
    props.subject = "Rekapitulasi Indikator Kinerja Individu Perangkat Daerah";
    props.comments = "Dibuat dengan iki rekap dari buku kerja IKI; lihat lembar Sumber.";
    props.created = job->opt->build_time;
    int rc = 0;
    /* the mark: `iki build` never reads the recap as an input */
    if (workbook_set_properties(x.wb, &props) != LXW_NO_ERROR ||
        workbook_set_custom_property_string(x.wb, IKI_MARK_PROPERTY, mark) != LXW_NO_ERROR ||
        report_make_formats(x.wb, &x.f) != 0)
        rc = -1;
    if (rc == 0)
        rc = summary_sheet(&x);
    if (rc == 0)
        rc = data_sheet(&x);
    if (rc == 0 && ny > 1)
        rc = recap_trend_sheet(&x);
    if (rc == 0)
        rc = recap_sources_sheet(&x);
    if (rc == 0)
        rc = recap_notes_sheet(&x);
    return report_workbook_close(x.wb, rc);
}

iki_error iki_report_write_recap(const iki_rekap *rk, const iki_recap_options *opt,
                                 const char *path, char *err, size_t errcap)
{
    if (!rk || !opt || !path)
        return IKI_ERROR_USAGE;
    write_job job = {rk, opt};
    errno = 0;
    return iki_report_atomic(path, write_workbook, &job, err, errcap);
}
