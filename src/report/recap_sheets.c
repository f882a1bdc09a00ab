/* The recap's Tren (per office and indicator: the realisasi of each year
 * side by side and the change from the year before), Sumber (every
 * workbook given: size, SHA-256, identity, what became of it) and Catatan
 * (every diagnostic). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iki/compute.h"
#include "recap.h"

#define TRY(call)                                                                          \
    do {                                                                                   \
        if ((call) != LXW_NO_ERROR)                                                        \
            return -1;                                                                     \
    } while (0)

/* ---- Tren ---------------------------------------------------------------- */
/* One indicator of one office in one year: the first row of its code. */
typedef struct trend_item {
    const iki_rekap_file *f;
    size_t row;  /* index into f->wb->rows */
    size_t order; /* the code's first place in its office's workbooks */
    int year;
} trend_item;

static int by_office_code_year(const void *a, const void *b)
{
    const trend_item *x = a, *y = b;
    int c = strcmp(x->f->wb->office, y->f->wb->office);
    if (c)
        return c;
    c = strcmp(x->f->wb->rows[x->row].code, y->f->wb->rows[y->row].code);
    if (c)
        return c;
    return (x->year > y->year) - (x->year < y->year);
}

static int by_office_order(const void *a, const void *b)
{
    const trend_item *x = a, *y = b;
    int c = strcmp(x->f->wb->office, y->f->wb->office);
    if (c)
        return c;
    if (x->order != y->order)
        return x->order < y->order ? -1 : 1;
    c = strcmp(x->f->wb->rows[x->row].code, y->f->wb->rows[y->row].code);
    if (c)
        return c;
    return (x->year > y->year) - (x->year < y->year);
}

static int same_group(const trend_item *x, const trend_item *y)
{
    return strcmp(x->f->wb->office, y->f->wb->office) == 0 &&
           strcmp(x->f->wb->rows[x->row].code, y->f->wb->rows[y->row].code) == 0;
}

/* The change from one year's realisasi to the next: points for numbers,
 * the predicate's move for KLA ("Madya \u2192 Nindya (+1)"). */
static lxw_error put_change(recap_ctx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                            const iki_recheck *a, const iki_recheck *b)
{
    if (a->has_value && b->has_value && !a->value_text && !b->value_text)
        return worksheet_write_number(ws, r, c, b->value - a->value, x->f.decimal2);
    int ra = a->value_text ? iki_kla_rank_from_text(a->value_text) : 0;
    int rb = b->value_text ? iki_kla_rank_from_text(b->value_text) : 0;
    if (ra > 0 && rb > 0) {
        char buf[128];
        if (ra == rb)
            snprintf(buf, sizeof buf, "tetap %s", b->value_text);
        else
            snprintf(buf, sizeof buf, "%s \xE2\x86\x92 %s (%+d)", a->value_text, b->value_text,
                     rb - ra);
        return report_put_str(ws, r, c, buf, x->f.cell_center);
    }
    return worksheet_write_blank(ws, r, c, x->f.decimal2);
}

int recap_trend_sheet(recap_ctx *x)
{
    const iki_rekap *rk = x->rk;
    size_t ny = iki_rekap_year_count(rk), n = 0, cap = 0;
    trend_item *items = NULL;
    int rc = -1;
    for (size_t s = 0; s < iki_rekap_standing_count(rk); s++) {
        const iki_rekap_file *f = iki_rekap_file_at(rk, iki_rekap_standing_at(rk, s));
        for (size_t i = 0; i < f->wb->nrows; i++) {
            int first = 1;
            for (size_t j = 0; j < i && first; j++)
                first = strcmp(f->wb->rows[j].code, f->wb->rows[i].code) != 0;
            if (!first)
                continue;
            if (n == cap) {
                cap = cap ? cap * 2 : 256;
                trend_item *p = realloc(items, cap * sizeof *p);
                if (!p)
                    goto cleanup;
                items = p;
            }
            items[n++] = (trend_item){f, i, i, f->wb->year};
        }
    }
    /* each (office, code) takes the first place its code has in any year,
     * so the rows follow the templates' order */
    if (n)
        qsort(items, n, sizeof *items, by_office_code_year);
    for (size_t a = 0, b; a < n; a = b) {
        size_t least = items[a].order;
        for (b = a + 1; b < n && same_group(&items[a], &items[b]); b++)
            if (items[b].order < least)
                least = items[b].order;
        for (size_t k = a; k < b; k++)
            items[k].order = least;
    }
    if (n)
        qsort(items, n, sizeof *items, by_office_order);

    lxw_worksheet *ws = workbook_add_worksheet(x->wb, "Tren");
    lxw_format *line = workbook_add_format(x->wb);
    if (!ws || !line)
        goto cleanup;
    format_set_font_name(line, "Arial");
    format_set_font_size(line, 10);
    format_set_border(line, LXW_BORDER_THIN);
    format_set_align(line, LXW_ALIGN_VERTICAL_TOP);
    static const char *const FIXED[4] = {"Perangkat Daerah", "Kode", "Indikator", "Satuan"};
    static const double WIDTH[4] = {40, 22, 60, 9};
    char buf[64];
    for (lxw_col_t c = 0; c < 4; c++)
        if (worksheet_write_string(ws, 0, c, FIXED[c], x->f.header) ||
            worksheet_set_column(ws, c, c, WIDTH[c], NULL))
            goto cleanup;
    for (size_t y = 0; y < ny; y++) {
        snprintf(buf, sizeof buf, "Realisasi %d", iki_rekap_year_at(rk, y));
        if (worksheet_write_string(ws, 0, (lxw_col_t)(4 + y), buf, x->f.header))
            goto cleanup;
    }
    for (size_t y = 1; y < ny; y++) {
        snprintf(buf, sizeof buf, "Perubahan %d\xE2\x80\x93%d", iki_rekap_year_at(rk, y - 1),
                 iki_rekap_year_at(rk, y));
        if (worksheet_write_string(ws, 0, (lxw_col_t)(4 + ny + y - 1), buf, x->f.header))
            goto cleanup;
    }
    if (worksheet_set_column(ws, 4, (lxw_col_t)(4 + 2 * ny - 2), 14, NULL))
        goto cleanup;
    lxw_row_t r = 1;
    const iki_recheck **per_year = calloc(ny ? ny : 1, sizeof *per_year);
    if (!per_year)
        goto cleanup;
    for (size_t a = 0, b; a < n; a = b, r++) {
        memset(per_year, 0, (ny ? ny : 1) * sizeof *per_year);
        for (b = a; b < n && same_group(&items[a], &items[b]); b++)
            for (size_t y = 0; y < ny; y++)
                if (iki_rekap_year_at(rk, y) == items[b].year)
                    per_year[y] = &items[b].f->checks[items[b].row];
        const iki_wb *wb = items[a].f->wb;
        const iki_wb_row *w = &wb->rows[items[a].row];
        int bad = report_put_str(ws, r, 0, wb->office, line) ||
                  report_put_str(ws, r, 1, w->code, line) ||
                  report_put_str(ws, r, 2, w->name, line) ||
                  report_put_str(ws, r, 3, w->unit, x->f.cell_center);
        for (size_t y = 0; !bad && y < ny; y++)
            bad = per_year[y] ? recap_put_value(x, ws, r, (lxw_col_t)(4 + y), per_year[y])
                              : worksheet_write_blank(ws, r, (lxw_col_t)(4 + y), x->f.decimal2);
        for (size_t y = 1; !bad && y < ny; y++) {
            lxw_col_t c = (lxw_col_t)(4 + ny + y - 1);
            bad = per_year[y] && per_year[y - 1]
                      ? put_change(x, ws, r, c, per_year[y - 1], per_year[y])
                      : worksheet_write_blank(ws, r, c, x->f.decimal2);
        }
        if (bad) {
            free(per_year);
            goto cleanup;
        }
    }
    free(per_year);
    if (worksheet_autofilter(ws, 0, 0, r > 1 ? r - 1 : 1, (lxw_col_t)(4 + 2 * ny - 2)))
        goto cleanup;
    worksheet_freeze_panes(ws, 1, 0);
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9); /* A4 */
    worksheet_fit_to_pages(ws, 1, 0);
    rc = 0;
cleanup:
    free(items);
    return rc;
}

/* ---- Sumber -------------------------------------------------------------- */
static const char *const SRC_HEADER[9] = {"Berkas",           "Format",  "Ukuran (byte)",
                                          "SHA-256",          "Perangkat Daerah", "Tahun",
                                          "Dibuat pada",      "Dibuat dengan", "Status"};
static const double SRC_WIDTH[9] = {48, 8, 14, 66, 40, 8, 16, 14, 60};

int recap_sources_sheet(recap_ctx *x)
{
    const iki_rekap *rk = x->rk;
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, "Sumber");
    lxw_format *count = workbook_add_format(x->wb);
    lxw_format *mono = workbook_add_format(x->wb);
    lxw_format *year = workbook_add_format(x->wb);
    if (!ws || !count || !mono || !year)
        return -1;
    lxw_format *const mine[] = {count, mono, year};
    for (size_t k = 0; k < 3; k++) {
        format_set_font_name(mine[k], "Arial");
        format_set_font_size(mine[k], 10);
        format_set_border(mine[k], LXW_BORDER_THIN);
        format_set_align(mine[k], LXW_ALIGN_VERTICAL_TOP);
    }
    format_set_num_format(count, "#,##0");
    format_set_num_format(year, "0");
    format_set_font_name(mono, "Courier New");
    format_set_font_size(mono, 9);
    for (lxw_col_t c = 0; c < 9; c++) {
        TRY(worksheet_write_string(ws, 0, c, SRC_HEADER[c], x->f.header));
        TRY(worksheet_set_column(ws, c, c, SRC_WIDTH[c], NULL));
    }
    char buf[2048];
    size_t n = iki_rekap_file_count(rk);
    lxw_row_t r = 1;
    for (size_t i = 0; i < n; i++, r++) {
        const iki_rekap_file *f = iki_rekap_file_at(rk, i);
        TRY(report_put_str(ws, r, 0, f->path, x->f.cell));
        const char *fmt = iki_format_name(f->format);
        TRY(report_put_str(ws, r, 1, strcmp(fmt, "unknown") ? fmt : "", x->f.cell_center));
        if (f->sha256[0])
            TRY(worksheet_write_number(ws, r, 2, (double)f->size, count));
        else
            TRY(worksheet_write_blank(ws, r, 2, count));
        TRY(report_put_str(ws, r, 3, f->sha256, mono));
        const iki_wb *wb = f->wb;
        if (wb) {
            TRY(report_put_str(ws, r, 4, wb->office, x->f.cell));
            TRY(worksheet_write_number(ws, r, 5, wb->year, year));
            if (wb->has_built_at)
                TRY(worksheet_write_unixtime(ws, r, 6, (int64_t)wb->built_at, x->f.datetime));
            else
                TRY(worksheet_write_blank(ws, r, 6, x->f.datetime));
            TRY(report_put_str(ws, r, 7, wb->version, x->f.cell));
        } else {
            for (lxw_col_t c = 4; c < 8; c++)
                TRY(worksheet_write_blank(ws, r, c, x->f.cell));
        }
        const char *other = f->of >= 0 ? iki_rekap_file_at(rk, (size_t)f->of)->path : "";
        switch (f->state) {
        case IKI_REKAP_READ:
            snprintf(buf, sizeof buf, "dibaca");
            break;
        case IKI_REKAP_COPY:
            snprintf(buf, sizeof buf, "dilewati: salinan identik dari %s", other);
            break;
        case IKI_REKAP_SUPERSEDED:
            snprintf(buf, sizeof buf,
                     f->same_time ? "digantikan oleh %s (Perangkat Daerah, tahun dan waktu "
                                    "pembuatan yang sama, kemudian dalam urutan masukan)"
                                  : "digantikan oleh %s (Perangkat Daerah dan tahun yang sama, "
                                    "dibuat lebih akhir)",
                     other);
            break;
        case IKI_REKAP_FAILED:
        case IKI_REKAP_SKIPPED:
        default:
            snprintf(buf, sizeof buf, "dilewati: %s", f->why_id ? f->why_id : "");
            break;
        }
        TRY(report_put_str(ws, r, 8, buf, x->f.cell));
    }
    if (n == 0) {
        TRY(worksheet_write_string(ws, r, 0, "Tidak ada berkas masukan", x->f.cell));
        r++;
    }
    TRY(worksheet_autofilter(ws, 0, 0, r - 1, 8));
    worksheet_freeze_panes(ws, 1, 0);
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9); /* A4 */
    worksheet_fit_to_pages(ws, 1, 0);
    return 0;
}

/* ---- Catatan ------------------------------------------------------------- */
int recap_notes_sheet(recap_ctx *x)
{
    return report_diags_sheet(x->wb, &x->f, iki_rekap_diags(x->rk));
}
