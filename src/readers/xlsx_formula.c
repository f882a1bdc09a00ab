/* xlsx: a cell's <f>, shared formulas moved to their follower cells. */
#include "xlsx_formula.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formula.h"

static const char *local(const char *name)
{
    const char *c = strrchr(name, ':');
    return c ? c + 1 : name;
}

static int uint_attr(const char *s, unsigned long *out)
{
    unsigned long v = 0;
    if (!s || !*s)
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > 100000000ul)
            return -1;
        v = v * 10 + (unsigned long)(*s - '0');
    }
    *out = v;
    return 0;
}

/* The definition of s->si: writers number them 0, 1, 2... in order, so
 * its index is tried first. */
static xf_shared *find(xf_state *s)
{
    if (s->si < s->n && s->tab[s->si].si == s->si)
        return &s->tab[s->si];
    for (size_t i = 0; i < s->n; i++)
        if (s->tab[i].si == s->si)
            return &s->tab[i];
    return NULL;
}

void xf_sheet(xf_state *s)
{
    s->n = 0;
    s->has_f = s->cap = 0;
    iki_buf_clear(&s->arena);
}

void xf_free(xf_state *s)
{
    iki_buf_free(&s->f);
    iki_buf_free(&s->arena);
    free(s->tab);
    memset(s, 0, sizeof *s);
}

void xf_cell(xf_state *s)
{
    s->has_f = s->cap = s->shared = s->master = 0;
}

void xf_start(xf_state *s, const char **atts)
{
    const char *t = NULL, *si = NULL, *ref = NULL;
    for (size_t i = 0; atts[i]; i += 2) {
        const char *n = local(atts[i]);
        if (strcmp(n, "t") == 0)
            t = atts[i + 1];
        else if (strcmp(n, "si") == 0)
            si = atts[i + 1];
        else if (strcmp(n, "ref") == 0)
            ref = atts[i + 1];
    }
    s->has_f = 1;
    s->cap = 1;
    iki_buf_clear(&s->f);
    s->shared = t && strcmp(t, "shared") == 0 && uint_attr(si, &s->si) == 0;
    s->master = s->shared && ref;
}

int xf_end(xf_state *s, iki_reader *r, uint32_t row, uint32_t col)
{
    s->cap = 0;
    if (!s->master || !s->f.len)
        return 0;
    xf_shared *e = find(s);
    if (!e) {
        if (s->n >= XF_MAX_SHARED ||
            s->arena.len + s->f.len > r->limits.max_table_bytes)
            return 0; /* its followers stay unknown */
        if (s->n == s->tab_cap) {
            size_t cap = s->tab_cap ? s->tab_cap * 2 : 16;
            xf_shared *t = realloc(s->tab, cap * sizeof *t);
            if (!t)
                return -1;
            s->tab = t;
            s->tab_cap = cap;
        }
        e = &s->tab[s->n++];
    }
    e->si = (uint32_t)s->si;
    e->row = row;
    e->col = col;
    e->off = s->arena.len;
    e->len = s->f.len;
    return iki_buf_append(&s->arena, s->f.data, s->f.len);
}

int xf_emit(xf_state *s, rowbuf *rb, uint32_t row, uint32_t col)
{
    if (s->f.len || !s->shared)
        return rowbuf_add_formula(rb, col, s->f.data ? s->f.data : "", s->f.len);
    const xf_shared *e = find(s);
    if (!e) { /* a follower of a formula never defined: unknown */
        char t[64];
        int n = snprintf(t, sizeof t, "shared formula %lu", s->si);
        return rowbuf_add_formula(rb, col, t, (size_t)n);
    }
    iki_buf moved = IKI_BUF_INIT;
    int rc = iki_formula_shift(s->arena.data + e->off, e->len, (long)row - (long)e->row,
                               (long)col - (long)e->col, &moved);
    if (rc == 0)
        rc = rowbuf_add_formula(rb, col, moved.data ? moved.data : "", moved.len);
    iki_buf_free(&moved);
    return rc;
}
