/* Checking an IKI workbook's Data row against its own inputs: see
 * include/iki/recheck.h.  The kind of a row is told by what it holds: a
 * percent row has Pembilang and Penyebut, a KLA row a predicate as
 * Realisasi; other rows (IDG, values) have nothing to recompute Realisasi
 * from, only Capaian. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "iki/compute.h"
#include "iki/recheck.h"

static int differ(double a, double b)
{
    double scale = fmax(1.0, fmax(fabs(a), fabs(b)));
    return fabs(a - b) > IKI_RECHECK_EPS * scale;
}

/* A row whose status says its value was computed (not refused): only
 * then may an empty Realisasi be filled from Pembilang and Penyebut. */
static int status_ok(const char *status)
{
    return status && (strncmp(status, "ok", 2) == 0 || strncmp(status, "tanpa target", 12) == 0);
}

/* The target of the row as the compute stage knows it. */
static int row_target(const iki_wb_row *w, iki_target *t)
{
    memset(t, 0, sizeof *t);
    if (w->has_target) {
        t->kind = IKI_TARGET_NUMBER;
        t->lo = t->hi = w->target;
        return 0;
    }
    if (!w->target_text)
        return -1;
    double lo, hi;
    char tail;
    if (sscanf(w->target_text, "%lf-%lf%c", &lo, &hi, &tail) == 2 && lo <= hi) {
        t->kind = IKI_TARGET_RANGE;
        t->lo = lo;
        t->hi = hi;
        return 0;
    }
    int rank = iki_kla_rank_from_text(w->target_text);
    if (rank > 0) {
        t->kind = IKI_TARGET_PREDICATE;
        t->lo = t->hi = rank;
        return 0;
    }
    return -1;
}

void iki_recheck_row(const iki_wb_row *w, iki_recheck *out)
{
    memset(out, 0, sizeof *out);
    out->has_value = w->has_value;
    out->value = w->value;
    out->value_text = w->value_text;
    out->has_capaian = w->has_capaian;
    out->capaian = w->capaian;

    /* Realisasi of a percent row */
    double v;
    if (w->has_numerator && w->has_denominator && !w->value_text &&
        iki_percent(w->numerator, w->denominator, &v) == 0) {
        out->value_computed = v;
        if (w->has_value && differ(w->value, v))
            out->value_manual = 1;
        else if (!w->has_value && status_ok(w->status)) {
            out->has_value = 1;
            out->value = v;
            out->value_filled = 1;
        }
    }

    /* Realisasi of a KLA row (a score in Pembilang, no Penyebut: IDG and
     * value rows have neither): the predicate of its score; the score wins
     * over a predicate written beside it.  A number there is no predicate
     * but the formula's text result lost on the way (LibreOffice's .xls
     * export writes 0 for it), so it is filled like an empty cell. */
    int rank = w->has_numerator && !w->has_denominator ? iki_kla_rank_from_score(w->numerator)
                                                       : -1;
    if (rank > 0) {
        int written = w->value_text ? iki_kla_rank_from_text(w->value_text) : 0;
        out->value_computed = rank;
        out->value_text_computed = iki_kla_rank_name(rank);
        if (written > 0 && written != rank)
            out->value_manual = 1;
        else if (!w->value_text && status_ok(w->status)) {
            out->has_value = 0;
            out->value = 0;
            out->value_text = iki_kla_rank_name(rank);
            out->value_filled = 1;
        }
    }

    /* Capaian from the realisasi kept, by kind and polarity */
    iki_target t;
    double cap;
    int have = -1;
    if (row_target(w, &t) == 0) {
        iki_polarity pol = w->lower_is_better ? IKI_LOWER_IS_BETTER : IKI_HIGHER_IS_BETTER;
        if (t.kind == IKI_TARGET_PREDICATE) {
            int r = out->value_text ? iki_kla_rank_from_text(out->value_text) : 0;
            if (r > 0)
                have = iki_capaian(r, &t, IKI_HIGHER_IS_BETTER, &cap);
        } else if (out->has_value) {
            have = iki_capaian(out->value, &t, pol, &cap);
        }
    }
    if (have == 0) {
        out->capaian_computed = cap;
        if (w->has_capaian && differ(w->capaian, cap))
            out->capaian_manual = 1;
        else if (!w->has_capaian) {
            out->has_capaian = 1;
            out->capaian = cap;
            out->capaian_filled = 1;
        }
    }
}
