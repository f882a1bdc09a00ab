/* The convention of a column: weigh its cells' evidence (table.h says
 * which) and decide how its numbers written as text are read. */
#include <math.h>
#include <string.h>

#include "iki/table.h"

void iki_numcol_init(iki_numcol *c)
{
    memset(c, 0, sizeof *c);
}

static int is_whole(double v)
{
    return v == floor(v);
}

void iki_numcol_add(iki_numcol *c, const iki_cell *cell, int whole, uint32_t row)
{
    double v[2];
    if (!cell)
        return;
    if (cell->type == IKI_CELL_NUMBER || cell->type == IKI_CELL_BOOL) {
        c->sum[0] += cell->number;
        c->sum[1] += cell->number;
        return;
    }
    if (cell->type != IKI_CELL_TEXT || !cell->text)
        return;
    iki_numshape sh;
    if (iki_number_readings(cell->text, cell->text_len, v, &sh) != IKI_NUM_OK)
        return; /* "-" is 0 both ways; text is no number either way */
    c->sum[0] += v[0];
    c->sum[1] += v[1];
    if (sh == IKI_SHAPE_ID || sh == IKI_SHAPE_EN) {
        int k = sh == IKI_SHAPE_EN;
        if (!c->shape[k]++)
            c->shape_row[k] = row;
    } else if (sh == IKI_SHAPE_EITHER) {
        c->either++;
        if (whole && is_whole(v[0]) != is_whole(v[1])) {
            int k = is_whole(v[1]);
            if (!c->whole[k]++)
                c->whole_row[k] = row;
        }
    }
}

void iki_numcol_add_total(iki_numcol *c, const iki_cell *cell, uint32_t row)
{
    double v[2];
    iki_numshape sh = IKI_SHAPE_PLAIN;
    if (!cell || c->ntotals >= IKI_NUMCOL_TOTALS)
        return;
    if (cell->type == IKI_CELL_NUMBER || cell->type == IKI_CELL_BOOL) {
        v[0] = v[1] = cell->number;
    } else if (cell->type == IKI_CELL_TEXT && cell->text) {
        iki_num_status st = iki_number_readings(cell->text, cell->text_len, v, &sh);
        if (st != IKI_NUM_OK && st != IKI_NUM_ZERO_MARK)
            return;
    } else {
        return;
    }
    c->either += sh == IKI_SHAPE_EITHER;
    c->total[c->ntotals][0] = v[0];
    c->total[c->ntotals][1] = v[1];
    c->total_row[c->ntotals++] = row;
}

static int agrees(double total, double sum)
{
    double scale = fmax(1.0, fmax(fabs(total), fabs(sum)));
    return fabs(total - sum) <= 1e-6 * scale;
}

iki_numdecision iki_numcol_decide(const iki_numcol *c, iki_numconv dflt)
{
    iki_numdecision d;
    memset(&d, 0, sizeof d);
    d.conv = dflt;
    d.needed = c->either > 0;
    /* per convention: total rows agreeing under it alone, and the first */
    size_t tot[2] = {0, 0};
    uint32_t tot_row[2] = {0, 0};
    for (size_t i = 0; i < c->ntotals; i++) {
        int a0 = agrees(c->total[i][0], c->sum[0]);
        int a1 = agrees(c->total[i][1], c->sum[1]);
        if (a0 == a1)
            continue;
        int k = a1;
        if (!tot[k]++)
            tot_row[k] = c->total_row[i];
    }
    int any[2];
    uint32_t first[2];
    for (int k = 0; k < 2; k++) {
        any[k] = tot[k] || c->whole[k] || c->shape[k];
        first[k] = UINT32_MAX;
        if (tot[k] && tot_row[k] < first[k])
            first[k] = tot_row[k];
        if (c->whole[k] && c->whole_row[k] < first[k])
            first[k] = c->whole_row[k];
        if (c->shape[k] && c->shape_row[k] < first[k])
            first[k] = c->shape_row[k];
    }
    if (any[0] && any[1]) {
        d.why = IKI_NUMWHY_SPLIT;
        d.row_id = first[0];
        d.row_en = first[1];
        return d;
    }
    if (!any[0] && !any[1])
        return d;
    int k = any[1];
    d.conv = k ? IKI_NUMCONV_EN : IKI_NUMCONV_ID;
    if (tot[k]) {
        d.why = IKI_NUMWHY_TOTAL;
        d.row = tot_row[k];
    } else if (c->whole[k]) {
        d.why = IKI_NUMWHY_WHOLE;
        d.row = c->whole_row[k];
    } else {
        d.why = IKI_NUMWHY_SHAPE;
        d.row = c->shape_row[k];
    }
    return d;
}
