/* iki — checking the values of an IKI workbook's Data row (what `iki rekap`
 * reads): Realisasi again from Pembilang and Penyebut, Capaian again from
 * Realisasi and Target by the row's kind and polarity, with the compute
 * stage's primitives.  A cached value that differs from the one computed
 * was typed over the formula: it is kept as written and flagged. */
#ifndef IKI_RECHECK_H
#define IKI_RECHECK_H

#include "iki/ikiwb.h"

typedef struct iki_recheck {
    /* the row's values after the check: as written, or computed where the
     * workbook holds none (a formula saved without its value) */
    int has_value, has_capaian;
    double value, capaian;
    const char *value_text; /* the row's predicate (KLA), or NULL */
    /* a value typed over its formula: the written and the computed one */
    int value_manual, capaian_manual;
    double value_computed, capaian_computed; /* KLA: the rank */
    const char *value_text_computed; /* KLA: the predicate of the score, or NULL */
    int value_filled, capaian_filled; /* computed because none was written */
} iki_recheck;

/* Relative tolerance of the comparison: cached values keep 15 digits. */
#define IKI_RECHECK_EPS 1e-9

/* Check row w; out is filled.  Never fails. */
void iki_recheck_row(const iki_wb_row *w, iki_recheck *out);

#endif
