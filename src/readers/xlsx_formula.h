/* xlsx: the <f> element of a cell, for formulas saved without a cached
 * result.  A cell's formula is its <f> text; a follower of a shared
 * formula (<f t="shared" si="N"/>) takes the text of the cell that
 * defined si N (<f t="shared" ref="D5:D18" si="N">B5+C5</f>) moved by the
 * offset between the two cells, as Excel does.  The sheet handlers of
 * xlsx.c (scanner and expat paths alike) call these; the value itself is
 * computed later (formula_sheet.c).  Internal to src/readers. */
#ifndef IKI_READERS_XLSX_FORMULA_H
#define IKI_READERS_XLSX_FORMULA_H

#include <stddef.h>
#include <stdint.h>

#include "internal.h"

/* Shared formulas defined per sheet: at most this many. */
#define XF_MAX_SHARED 65536u

typedef struct xf_shared {
    uint32_t si, row, col;
    size_t off, len; /* text in xf_state.arena */
} xf_shared;

typedef struct xf_state {
    int has_f;     /* the open cell has an <f> */
    int cap;       /* inside <f>: text goes to f */
    int shared;    /* t="shared" with a valid si */
    int master;    /* ... and a ref: it defines si */
    unsigned long si;
    iki_buf f;
    xf_shared *tab;
    size_t n, tab_cap;
    iki_buf arena;
} xf_state;

/* A new sheet: forget its shared formulas. */
void xf_sheet(xf_state *s);
void xf_free(xf_state *s);
/* A <c> opens. */
void xf_cell(xf_state *s);
/* <f> opens with these attributes (expat-style, local names). */
void xf_start(xf_state *s, const char **atts);
/* <f> closes in cell (row, col); 0, or -1 out of memory. */
int xf_end(xf_state *s, iki_reader *r, uint32_t row, uint32_t col);
/* The cell's formula into rb at col; 0, or -1 out of memory. */
int xf_emit(xf_state *s, rowbuf *rb, uint32_t row, uint32_t col);

#endif
