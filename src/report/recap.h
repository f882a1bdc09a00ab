/* Internal interface of the recap workbook (`iki rekap`): its context and
 * one function per sheet (recap.c: the workbook, Ringkasan, Data;
 * recap_sheets.c: Tren, Sumber, Catatan). */
#ifndef IKI_REPORT_RECAP_H
#define IKI_REPORT_RECAP_H

#include "internal.h"
#include "iki/rekap.h"

typedef struct recap_ctx {
    lxw_workbook *wb;
    const iki_rekap *rk;
    const iki_recap_options *opt;
    report_formats f;
} recap_ctx;

int recap_trend_sheet(recap_ctx *x);   /* Tren (only when several years) */
int recap_sources_sheet(recap_ctx *x); /* Sumber */
int recap_notes_sheet(recap_ctx *x);   /* Catatan */

/* The row's Realisasi as a cell: a number, a predicate, or blank. */
lxw_error recap_put_value(recap_ctx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                          const iki_recheck *k);

#endif
