/* The Triwulan sheet: the quarterly performance report (Laporan Capaian
 * Kinerja Triwulan) of every position, printable on A4 landscape:
 *
 *   LAPORAN CAPAIAN KINERJA TRIWULAN                   (merged, title)
 *   OFFICE / REGION / TAHUN 2025 — KEADAAN S.D. TRIWULAN n  (merged; n
 *   the last quarter with a realisasi)
 *   No | Indikator Kinerja | Satuan | TW I | TW II | TW III | TW IV |
 *        Tahun 2025 | Keterangan                       (group headers)
 *             Target | Realisasi | Capaian (%) under each TW;
 *             Target | Realisasi | Capaian (%) | Predikat | Kategori |
 *             Nilai Capaian IKI under the year
 *   1 | 2 | ...                                        (column numbers)
 *   per position: a row with its title, then its indicators numbered
 *   a note on how the quarters are counted
 *   GRAFIK ...: one column chart per percent indicator (target and
 *   realisasi per quarter), three a row
 *   (below the print area) the charts' data
 *
 * A quarter's realisasi is the indicator as at the quarter's end (flows
 * from the start of the year, stocks the latest period: iki_run_quarter_
 * result), its target the target form's for that quarter; Capaian is a
 * formula over the row's cells where both are numbers (as in Data), with
 * the computed value cached.  A quarter that no input reaches is left
 * empty, never 0, and Keterangan names it "data tidak tersedia".  The
 * year's columns are the annual result: Predikat from the template's
 * bands, Kategori and Nilai Capaian IKI by the national rule.
 *
 * Printing: the sheet is scaled to the page's width (a computed scale, not
 * fit-to-pages, which would make Excel ignore the break before the
 * charts), the header rows repeat on every page, and the charts start on
 * a page of their own. */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define SHEET "Triwulan"

/* Columns: No, Indikator, Satuan, 4 x (Target, Realisasi, Capaian), the
 * year's Target, Realisasi, Capaian, Predikat, Kategori, Nilai, and
 * Keterangan. */
enum {
    C_NO = 0,
    C_INDIKATOR,
    C_SATUAN,
    C_TW,                   /* TW q's Target at C_TW + 3 (q - 1) */
    C_YEAR = C_TW + 12,     /* the year's Target */
    C_YEAR_REAL,
    C_YEAR_CAPAIAN,
    C_PREDIKAT,
    C_KATEGORI,
    C_NILAI,
    C_KETERANGAN,
    NCOLS
};

static const double WIDTH[NCOLS] = {4, 28, 8, 7, 8, 8, 7, 8, 8, 7, 8, 8, 7, 8, 8,
                                    7, 8, 8, 11, 11, 8, 16};

static const char *const TW_NAME[4] = {"TW I", "TW II", "TW III", "TW IV"};

#define MARGIN_LR 0.4 /* inches */
#define MARGIN_TOP 0.4
#define MARGIN_BOTTOM 0.5
#define PAGE_W_PT (841.89 - (MARGIN_LR * 2) * 72.0)
#define PAGE_H_PT (595.28 - (MARGIN_TOP + MARGIN_BOTTOM) * 72.0)
#define WIDTH_SLACK 1.08 /* LibreOffice lays columns out wider (position.c) */
#define CHART_H 250      /* pixels */
#define CHARTS_A_ROW 3
#define CHART_ROWS 14    /* rows of 20 px a chart takes, with a gap */
#define CHART_ROW_PT 15.0

typedef struct qformats {
    lxw_format *title2;   /* bold 11pt, centred */
    lxw_format *position; /* bold, border, grey-blue fill: the position's row */
    lxw_format *cell;     /* border, wrapped, vertically centred */
    lxw_format *center;   /* the same, centred */
    lxw_format *number;   /* centred, #,##0.## */
    lxw_format *decimal2; /* centred, 0.00 */
    lxw_format *note;     /* italic, wrapped */
    lxw_format *section;  /* bold 11pt */
} qformats;

static int make_formats(lxw_workbook *wb, qformats *f)
{
    f->title2 = report_table_format(wb, 0, 1);
    f->position = report_table_format(wb, 1, 0);
    f->cell = report_table_format(wb, 1, 0);
    f->center = report_table_format(wb, 1, 1);
    f->number = report_table_format(wb, 1, 1);
    f->decimal2 = report_table_format(wb, 1, 1);
    f->note = report_table_format(wb, 0, 0);
    f->section = report_table_format(wb, 0, 0);
    if (!f->title2 || !f->position || !f->cell || !f->center || !f->number || !f->decimal2 ||
        !f->note || !f->section)
        return -1;
    format_set_bold(f->title2);
    format_set_font_size(f->title2, 11);
    format_set_indent(f->cell, 1);
    format_set_bold(f->position);
    format_set_bg_color(f->position, 0xDDEBF7);
    format_set_num_format(f->number, "#,##0.##");
    format_set_num_format(f->decimal2, "0.00");
    format_set_italic(f->note);
    format_set_align(f->note, LXW_ALIGN_VERTICAL_TOP);
    format_set_bold(f->section);
    format_set_text_wrap(f->section); /* (set by newfmt) */
    format_set_align(f->section, LXW_ALIGN_CENTER);
    format_set_font_size(f->section, 11);
    return 0;
}

#define TRY(call)                                                                          \
    do {                                                                                   \
        if ((call) != LXW_NO_ERROR)                                                        \
            goto cleanup;                                                                  \
    } while (0)

static int nonempty(const char *s)
{
    return s && *s;
}

/* ASCII letters upper-cased into a new string (UTF-8 passes as it is). */
static char *upper(const char *s)
{
    char *u = strdup(s ? s : "");
    for (char *p = u; p && *p; p++)
        if (*p >= 'a' && *p <= 'z')
            *p = (char)(*p - 'a' + 'A');
    return u;
}

/* A target in a cell: a number as a number, else its text, blank when
 * none. */
static lxw_error target_cell(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                             const iki_target *tg, const qformats *f)
{
    if (tg->kind == IKI_TARGET_NUMBER)
        return worksheet_write_number(ws, row, col, tg->lo, f->number);
    if (tg->kind == IKI_TARGET_NONE)
        return worksheet_write_blank(ws, row, col, f->number);
    char buf[64];
    if (nonempty(tg->text))
        return report_put_str(ws, row, col, tg->text, f->center);
    if (tg->kind == IKI_TARGET_RANGE)
        snprintf(buf, sizeof buf, "%g-%g", tg->lo, tg->hi);
    else
        snprintf(buf, sizeof buf, "%g", tg->lo);
    return worksheet_write_string(ws, row, col, buf, f->center);
}

/* A realisasi: a number, the KLA predicate, or blank (never 0). */
static lxw_error realisasi_cell(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                                const iki_indicator *ind, const iki_result *r,
                                const qformats *f)
{
    if (!r->has_value)
        return worksheet_write_blank(ws, row, col, f->decimal2);
    if (nonempty(r->value_text))
        return worksheet_write_string(ws, row, col, r->value_text, f->center);
    return worksheet_write_number(ws, row, col, r->value,
                                  ind->kind == IKI_KIND_VALUE ? f->number : f->decimal2);
}

/* Keterangan: why a quarter or the year has no capaian, each status once
 * with the periods it concerns, runs of quarters joined ("data tidak
 * tersedia: TW I\xE2\x80\x93III"; "tanpa target: TW II, tahun"). */
static void keterangan(const iki_result *const res[5], char *buf, size_t cap)
{
    static const char *const slot[5] = {"TW I", "TW II", "TW III", "TW IV", "tahun"};
    static const char *const roman[4] = {"I", "II", "III", "IV"};
    size_t len = 0;
    int done[5] = {0};
    buf[0] = '\0';
    for (int a = 0; a < 5; a++) {
        if (done[a] || res[a]->status == IKI_STATUS_OK)
            continue;
        iki_status st = res[a]->status;
        int n = snprintf(buf + len, cap - len, "%s%s: ", len ? "; " : "", iki_status_text(st));
        for (int b = a, first = 1; b < 5 && n >= 0 && (size_t)n < cap - len; b++) {
            if (done[b] || res[b]->status != st)
                continue;
            int e = b; /* a run of quarters with this status */
            while (b < 4 && e + 1 < 4 && res[e + 1]->status == st)
                e++;
            len += (size_t)n;
            if (e > b)
                n = snprintf(buf + len, cap - len, "%s%s\xE2\x80\x93%s", first ? "" : ", ",
                             slot[b], roman[e]);
            else
                n = snprintf(buf + len, cap - len, "%s%s", first ? "" : ", ", slot[b]);
            for (int k = b; k <= e; k++)
                done[k] = 1;
            b = e;
            first = 0;
        }
        if (n < 0 || (size_t)n >= cap - len)
            return;
        len += (size_t)n;
    }
}

/* One indicator's row; its height (points) goes to *h. */
static int indicator_row(report_ctx *x, lxw_worksheet *ws, const qformats *f, lxw_row_t row,
                         int no, size_t i, double *h)
{
    const iki_indicator *ind = &x->t->indicators[i];
    const iki_result *res[5];
    for (int q = 1; q <= 4; q++)
        res[q - 1] = iki_run_quarter_result(x->run, q, i);
    res[4] = iki_run_result(x->run, i);
    for (int k = 0; k < 5; k++)
        if (!res[k])
            return -1;
    char note[512];
    keterangan(res, note, sizeof note);
    const char *predikat = nonempty(res[4]->predikat) ? res[4]->predikat : "";
    const char *kategori =
        res[4]->has_capaian ? iki_kategori_text(res[4]->kategori) : "";
    if (worksheet_write_number(ws, row, C_NO, no, f->center) != LXW_NO_ERROR ||
        report_put_str(ws, row, C_INDIKATOR, ind->name, f->cell) != LXW_NO_ERROR ||
        report_put_str(ws, row, C_SATUAN, ind->unit, f->center) != LXW_NO_ERROR)
        return -1;
    for (int q = 0; q < 5; q++) {
        int ct = q < 4 ? C_TW + 3 * q : C_YEAR;
        const iki_run_target *rt = iki_run_target_at(x->run, i, q < 4 ? q + 1 : 0);
        const iki_target *tg = q < 4 ? (rt ? &rt->target : NULL) : &ind->target;
        if (!tg || target_cell(ws, row, (lxw_col_t)ct, tg, f) != LXW_NO_ERROR ||
            realisasi_cell(ws, row, (lxw_col_t)(ct + 1), ind, res[q], f) != LXW_NO_ERROR ||
            report_write_capaian(ws, row, ind, tg, res[q], ct + 1, ct, ct + 2, f->decimal2) !=
                LXW_NO_ERROR)
            return -1;
    }
    if (report_put_str(ws, row, C_PREDIKAT, predikat, f->center) != LXW_NO_ERROR ||
        report_put_str(ws, row, C_KATEGORI, kategori, f->center) != LXW_NO_ERROR ||
        (res[4]->has_nilai
             ? worksheet_write_number(ws, row, C_NILAI, res[4]->nilai, f->decimal2)
             : worksheet_write_blank(ws, row, C_NILAI, f->decimal2)) != LXW_NO_ERROR ||
        report_put_str(ws, row, C_KETERANGAN, note, f->cell) != LXW_NO_ERROR)
        return -1;
    /* 12 px: the indent of f->cell */
    int lines = report_wrapped_lines(ind->name, report_col_px(WIDTH[C_INDIKATOR]) - 12, 0);
    const char *texts[] = {note, predikat, kategori};
    const int cols[] = {C_KETERANGAN, C_PREDIKAT, C_KATEGORI};
    for (int k = 0; k < 3; k++) {
        int n = report_wrapped_lines(texts[k], report_col_px(WIDTH[cols[k]]) - 12, 0);
        if (n > lines)
            lines = n;
    }
    *h = report_height_for(lines);
    return worksheet_set_row(ws, row, *h, NULL) == LXW_NO_ERROR ? 0 : -1;
}

/* Does indicator i have anything to chart: a quarter's realisasi or a
 * numeric quarterly target? */
static int chartable(const report_ctx *x, size_t i)
{
    if (x->t->indicators[i].kind != IKI_KIND_PERCENT)
        return 0;
    for (int q = 1; q <= 4; q++) {
        const iki_result *r = iki_run_quarter_result(x->run, q, i);
        const iki_run_target *rt = iki_run_target_at(x->run, i, q);
        if ((r && r->has_value) || (rt && rt->target.kind == IKI_TARGET_NUMBER))
            return 1;
    }
    return 0;
}

int report_quarters_sheet(report_ctx *x)
{
    int rc = -1;
    qformats f;
    char *office = NULL, *region = NULL;
    char buf[256];
    lxw_row_t *breaks = NULL;
    size_t nbreaks = 0;
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, SHEET);
    if (!ws || make_formats(x->wb, &f) != 0)
        return -1;
    office = upper(x->t->office.name);
    region = upper(x->t->office.region);
    breaks = calloc(LXW_BREAKS_MAX + 1, sizeof *breaks);
    if (!office || !region || !breaks)
        goto cleanup;
    double sheet_px = 0;
    for (lxw_col_t c = 0; c < NCOLS; c++) {
        TRY(worksheet_set_column(ws, c, c, WIDTH[c], NULL));
        sheet_px += report_col_px(WIDTH[c]);
    }

    /* the title block */
    lxw_row_t row = 0;
    TRY(worksheet_merge_range(ws, row, 0, row, NCOLS - 1, "LAPORAN CAPAIAN KINERJA TRIWULAN",
                              x->f.title));
    TRY(worksheet_set_row(ws, row++, 21, NULL));
    TRY(worksheet_merge_range(ws, row, 0, row, NCOLS - 1, office, f.title2));
    row++;
    if (*region) {
        TRY(worksheet_merge_range(ws, row, 0, row, NCOLS - 1, region, f.title2));
        row++;
    }
    /* as at the last quarter any indicator has a value for: the same for
     * `--until TW2` and a folder holding only the first half-year */
    int lastq = 0;
    for (int q = 1; q <= 4; q++)
        for (size_t i = 0; i < x->t->nindicators; i++) {
            const iki_result *r = iki_run_quarter_result(x->run, q, i);
            if (r && r->has_value)
                lastq = q;
        }
    static const char *const roman[5] = {"", "I", "II", "III", "IV"};
    if (lastq)
        snprintf(buf, sizeof buf, "TAHUN %d \xE2\x80\x94 KEADAAN S.D. TRIWULAN %s", x->year,
                 roman[lastq]);
    else
        snprintf(buf, sizeof buf, "TAHUN %d", x->year);
    TRY(worksheet_merge_range(ws, row, 0, row, NCOLS - 1, buf, f.title2));
    row += 2;

    /* the header: group headers over two rows, then the column numbers */
    lxw_row_t head = row;
    TRY(worksheet_merge_range(ws, head, C_NO, head + 1, C_NO, "No", x->f.header));
    TRY(worksheet_merge_range(ws, head, C_INDIKATOR, head + 1, C_INDIKATOR,
                              "Indikator Kinerja", x->f.header));
    TRY(worksheet_merge_range(ws, head, C_SATUAN, head + 1, C_SATUAN, "Satuan", x->f.header));
    for (int q = 0; q < 5; q++) {
        lxw_col_t c0 = (lxw_col_t)(q < 4 ? C_TW + 3 * q : C_YEAR);
        if (q < 4) {
            TRY(worksheet_merge_range(ws, head, c0, head, c0 + 2, TW_NAME[q], x->f.header));
        } else {
            snprintf(buf, sizeof buf, "Tahun %d", x->year);
            TRY(worksheet_merge_range(ws, head, c0, head, C_NILAI, buf, x->f.header));
        }
        TRY(worksheet_write_string(ws, head + 1, c0, "Target", x->f.header));
        TRY(worksheet_write_string(ws, head + 1, c0 + 1, "Realisasi", x->f.header));
        TRY(worksheet_write_string(ws, head + 1, c0 + 2, "Capaian (%)", x->f.header));
    }
    TRY(worksheet_write_string(ws, head + 1, C_PREDIKAT, "Predikat", x->f.header));
    TRY(worksheet_write_string(ws, head + 1, C_KATEGORI, "Kategori", x->f.header));
    TRY(worksheet_write_string(ws, head + 1, C_NILAI, "Nilai Capaian IKI", x->f.header));
    TRY(worksheet_merge_range(ws, head, C_KETERANGAN, head + 1, C_KETERANGAN, "Keterangan",
                              x->f.header));
    for (lxw_col_t c = 0; c < NCOLS; c++)
        TRY(worksheet_write_number(ws, head + 2, c, c + 1, x->f.colnum));
    TRY(worksheet_set_row(ws, head, 18, NULL));
    TRY(worksheet_set_row(ws, head + 1, report_height_for(3), NULL));
    TRY(worksheet_set_row(ws, head + 2, REPORT_LINE_PT, NULL));
    row = head + 3;

    /* per position: its title, then its indicators */
    for (size_t p = 0; p < x->t->npositions; p++) {
        const iki_position *pos = &x->t->positions[p];
        snprintf(buf, sizeof buf, "%s", nonempty(pos->title) ? pos->title : pos->sheet);
        TRY(worksheet_merge_range(ws, row, 0, row, NCOLS - 1, buf, f.position));
        double hp = report_height_for(1) + 2;
        TRY(worksheet_set_row(ws, row++, hp, NULL));
        int no = 0;
        for (size_t g = 0; g < pos->ngoals; g++)
            for (size_t k = 0; k < pos->goals[g].nindicators; k++) {
                size_t i = pos->goals[g].indicators[k];
                double h = 0;
                if (i >= x->t->nindicators || indicator_row(x, ws, &f, row++, ++no, i, &h) != 0)
                    goto cleanup;
            }
    }
    row++;
    static const char explain[] =
        "Realisasi triwulan: keadaan pada akhir triwulan (data arus dijumlahkan sejak awal "
        "tahun, data stok dari periode terakhir). Target triwulan dari formulir target. "
        "Sel kosong: data tidak tersedia (bukan 0). Predikat menurut pita capaian "
        "template; Kategori dan Nilai Capaian IKI menurut PermenPAN-RB No. 6 Tahun 2022.";
    TRY(worksheet_merge_range(ws, row, 0, row, NCOLS - 1, explain, f.note));
    double he = report_height_for(report_wrapped_lines(explain, 1700, 0));
    TRY(worksheet_set_row(ws, row, he, NULL));
    lxw_row_t last = row;
    row += 2;

    /* the charts: percent indicators with a quarterly realisasi or target,
     * three a row; their data below the print area */
    size_t ncharts = 0;
    for (size_t i = 0; i < x->t->nindicators; i++)
        ncharts += chartable(x, i);
    lxw_row_t charts_at = row;
    if (ncharts == 0) {
        TRY(worksheet_write_string(
            ws, row, 0,
            "Tidak ada grafik: belum ada indikator persentase dengan target atau realisasi "
            "triwulan.",
            f.note));
        last = row;
    } else {
        TRY(worksheet_merge_range(ws, row, 0, row, NCOLS - 1,
                                  "GRAFIK REALISASI DAN TARGET PER TRIWULAN (%)", f.section));
        lxw_row_t grid = row + 1;
        lxw_row_t nrows_grid =
            (lxw_row_t)((ncharts + CHARTS_A_ROW - 1) / CHARTS_A_ROW) * CHART_ROWS;
        last = grid + nrows_grid;
        lxw_row_t d0 = last + 3; /* the charts' data */
        TRY(worksheet_write_string(ws, d0, C_INDIKATOR, "Data grafik", x->f.header));
        for (int q = 0; q < 4; q++)
            TRY(worksheet_write_string(ws, d0, (lxw_col_t)(C_TW + q), TW_NAME[q], x->f.header));
        lxw_row_t d = d0 + 1;
        size_t k = 0;
        for (size_t i = 0; i < x->t->nindicators; i++) {
            if (!chartable(x, i))
                continue;
            const iki_indicator *ind = &x->t->indicators[i];
            snprintf(buf, sizeof buf, "%s: Target", ind->code ? ind->code : "");
            TRY(report_put_str(ws, d, C_INDIKATOR, buf, x->f.cell));
            snprintf(buf, sizeof buf, "%s: Realisasi", ind->code ? ind->code : "");
            TRY(report_put_str(ws, d + 1, C_INDIKATOR, buf, x->f.cell));
            for (int q = 1; q <= 4; q++) {
                const iki_result *r = iki_run_quarter_result(x->run, q, i);
                const iki_run_target *rt = iki_run_target_at(x->run, i, q);
                lxw_col_t c = (lxw_col_t)(C_TW + q - 1);
                if (rt && rt->target.kind == IKI_TARGET_NUMBER)
                    TRY(worksheet_write_number(ws, d, c, rt->target.lo, x->f.decimal2));
                else
                    TRY(worksheet_write_blank(ws, d, c, x->f.decimal2));
                if (r && r->has_value)
                    TRY(worksheet_write_number(ws, d + 1, c, r->value, x->f.decimal2));
                else
                    TRY(worksheet_write_blank(ws, d + 1, c, x->f.decimal2));
            }
            lxw_chart *chart = workbook_add_chart(x->wb, LXW_CHART_COLUMN);
            if (!chart)
                goto cleanup;
            const char *names[2] = {"Target", "Realisasi"};
            for (int sr = 0; sr < 2; sr++) {
                lxw_chart_series *s = chart_add_series(chart, NULL, NULL);
                if (!s)
                    goto cleanup;
                chart_series_set_categories(s, SHEET, d0, C_TW, d0, C_TW + 3);
                chart_series_set_values(s, SHEET, d + (lxw_row_t)sr, C_TW, d + (lxw_row_t)sr,
                                        C_TW + 3);
                chart_series_set_name(s, names[sr]);
                lxw_chart_fill fill = {.color = sr ? 0x2E75B6 : 0xBFBFBF};
                chart_series_set_fill(s, &fill);
                if (sr) {
                    chart_series_set_labels(s);
                    chart_series_set_labels_num_format(s, "0.0");
                }
            }
            chart_title_set_name(chart, ind->name ? ind->name : ind->code);
            lxw_chart_font tf = {.size = 9, .bold = 1};
            chart_title_set_name_font(chart, &tf);
            chart_axis_set_num_format(chart->y_axis, "0");
            chart_axis_set_min(chart->y_axis, 0);
            chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
            lxw_chart_options co;
            memset(&co, 0, sizeof co);
            co.y_scale = (double)CHART_H / 288.0;
            co.y_offset = 6;
            /* the sheet's width shared by CHARTS_A_ROW charts */
            double slot = sheet_px / CHARTS_A_ROW;
            co.x_scale = (slot - 12) / 480.0;
            co.x_offset = (int32_t)(slot * (double)(k % CHARTS_A_ROW)) + 6;
            lxw_row_t at = grid + (lxw_row_t)(k / CHARTS_A_ROW) * CHART_ROWS;
            TRY(worksheet_insert_chart_opt(ws, at, 0, chart, &co));
            d += 2;
            k++;
        }
        TRY(worksheet_set_row(ws, charts_at, 21, NULL));
        for (lxw_row_t r = charts_at + 1; r <= last; r++)
            TRY(worksheet_set_row(ws, r, CHART_ROW_PT, NULL));
    }

    /* printing: A4 landscape, one page wide at a computed scale, the
     * header repeated, the charts from a new page */
    worksheet_set_paper(ws, 9);
    worksheet_set_landscape(ws);
    worksheet_set_margins(ws, MARGIN_LR, MARGIN_LR, MARGIN_TOP, MARGIN_BOTTOM);
    worksheet_center_horizontally(ws);
    worksheet_gridlines(ws, LXW_HIDE_ALL_GRIDLINES);
    double width_pt = 0;
    for (int c = 0; c < NCOLS; c++)
        width_pt += report_col_px(WIDTH[c]) * 0.75 * WIDTH_SLACK;
    double scale = width_pt > PAGE_W_PT ? PAGE_W_PT / width_pt : 1.0;
    int pct = (int)floor(scale * 100.0);
    worksheet_set_print_scale(ws, (uint16_t)(pct < 10 ? 10 : pct));
    if (ncharts) {
        double page = PAGE_H_PT * 0.93 * 100.0 / pct; /* sheet points a page */
        double header_pt = 18 + report_height_for(3) + REPORT_LINE_PT;
        double chart_pt = CHART_ROWS * CHART_ROW_PT;
        int per_page = (int)((page - header_pt - CHART_ROW_PT) / chart_pt);
        if (per_page < 1)
            per_page = 1;
        breaks[nbreaks++] = charts_at;
        lxw_row_t grid = charts_at + 1;
        size_t chart_rows = (ncharts + CHARTS_A_ROW - 1) / CHARTS_A_ROW;
        for (size_t cr = (size_t)per_page; cr < chart_rows && nbreaks < LXW_BREAKS_MAX;
             cr += (size_t)per_page)
            breaks[nbreaks++] = grid + (lxw_row_t)cr * CHART_ROWS;
        breaks[nbreaks] = 0;
        TRY(worksheet_set_h_pagebreaks(ws, breaks));
    }
    TRY(worksheet_repeat_rows(ws, head, head + 2));
    lxw_header_footer_options footer = {.margin = 0.2};
    TRY(worksheet_set_footer_opt(ws, "&CHalaman &P dari &N", &footer));
    TRY(worksheet_print_area(ws, 0, 0, last, NCOLS - 1));
    worksheet_freeze_panes(ws, head + 3, C_SATUAN + 1);
    rc = 0;
cleanup:
    free(office);
    free(region);
    free(breaks);
    return rc;
}
