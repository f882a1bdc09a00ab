/* The Catatan sheet, of `build` and of `rekap` alike: every diagnostic in
 * the order found, with its severity in Indonesian, file, sheet and cell,
 * under an autofilter.  The message is the diagnostic's Indonesian text
 * (message_id); the last column its code (docs/diagnostics.md), to filter
 * on. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define TRY(call)                                                                          \
    do {                                                                                   \
        if ((call) != LXW_NO_ERROR)                                                        \
            return -1;                                                                     \
    } while (0)

#define NCOLS 6
static const char *const HEADER[NCOLS] = {"Tingkat", "Berkas", "Lembar", "Sel", "Pesan", "Kode"};
static const double WIDTH[NCOLS] = {12, 40, 22, 12, 100, 26};

static const char *severity_text(iki_severity s)
{
    return iki_severity_name_id(s);
}

int report_diags_sheet(lxw_workbook *wb, const report_formats *f, const iki_diags *d)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Catatan");
    if (!ws)
        return -1;
    size_t n = iki_diags_count(d);
    for (lxw_col_t c = 0; c < NCOLS; c++) {
        TRY(worksheet_write_string(ws, 0, c, HEADER[c], f->header));
        TRY(worksheet_set_column(ws, c, c, WIDTH[c], NULL));
    }
    lxw_row_t r = 1;
    for (size_t i = 0; i < n; i++, r++) {
        const iki_diag *g = iki_diags_get(d, i);
        if (!g)
            return -1;
        TRY(report_put_str(ws, r, 0, severity_text(g->severity), f->cell));
        TRY(report_put_str(ws, r, 1, g->file, f->cell));
        TRY(report_put_str(ws, r, 2, g->sheet, f->cell));
        TRY(report_put_str(ws, r, 3, g->cell, f->cell));
        TRY(report_put_str(ws, r, 4, g->message_id ? g->message_id : g->message, f->cell));
        TRY(report_put_str(ws, r, 5, g->code, f->cell));
    }
    if (n == 0) {
        TRY(worksheet_merge_range(ws, r, 0, r, NCOLS - 1, "Tidak ada catatan", f->cell));
        r++;
    }
    TRY(worksheet_autofilter(ws, 0, 0, r - 1, NCOLS - 1));
    worksheet_freeze_panes(ws, 1, 0);
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9); /* A4 */
    worksheet_fit_to_pages(ws, 1, 0);
    if (worksheet_repeat_rows(ws, 0, 0) != LXW_NO_ERROR)
        return -1;
    return 0;
}

int report_notes_sheet(report_ctx *x)
{
    return report_diags_sheet(x->wb, &x->f, iki_run_diags(x->run));
}
