/* The sheet reader: find the header under the title rows, recognise the
 * source form, stream the data rows into the collect stage.
 *
 * Header detection.  The first HEAD_ROWS non-empty rows are copied; every
 * row and every pair of consecutive rows (parent over child) is a header
 * candidate.  In a pair, a blank parent continues the parent on its left
 * when that parent has children (a horizontally merged group header); a
 * blank child under a parent is the parent alone (a vertically merged
 * "Kecamatan").  Each column of a candidate has up to three texts, with a
 * quality: "parent child" or a lone text 4; "child parent" and the parent
 * alone over a "Jumlah"/"Total" child 3.  An alias matches a column
 * exactly (the quality) or, with quality 1, when the column's text holds
 * the alias as whole words and no other column does.  Columns go to the
 * key and fields greedily, best quality first; in an items layout, fields
 * may share a value column.  The winner over all candidates and sources:
 * complete (key and every required field), then most aliases matched, then
 * the best total quality, then one row before two, the earlier row, the
 * template order.  Sources whose file or sheet globs do not match are not
 * candidates.
 *
 * Data rows.  areas: the key cell names the area; a total label in the
 * key cell or in a text cell left of the data columns makes a total row,
 * kept apart and checked against the sum of the rows at the end.  list:
 * every row with a filled key cell (or, without a key column, any filled
 * field cell) is a record; after a blank row, a row with one cell or the
 * words of a signature block ends the list.  items: the label in the key
 * column picks the fields whose item it is; each reads its value column.
 * A row of column numbers right under the header ("1 2 3 4") is skipped.
 *
 * Numbers written as text.  A number that reads two ways ("1,686": 1686
 * in English, 1.686 in Indonesian) is read as its column is written, not
 * cell by cell: each column's cells and total rows gather the evidence
 * (iki_numcol in table.h), and the values that read two ways wait, with
 * both readings, until the end of the sheet, when each column is decided;
 * a column without evidence of its own follows the sheet's other columns
 * when they all agree, else the template's locale.  A column read against
 * the template's locale gets a note, a split one a warning.  At most
 * PENDING_MAX values wait: past that the columns are decided on the
 * evidence so far, and the rest of the sheet is read as decided. */
#define _GNU_SOURCE
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iki/collect.h"
#include "iki/numfmt.h"
#include "iki/msg.h"
#include "iki/os.h"
#include "iki/table.h"

#define HEAD_ROWS 30   /* rows buffered to find the header */
#define MAX_HCOLS 256  /* header columns considered */
#define NORM_CAP 256   /* bytes of one normalised header text */
#define MAX_TOTALS 8   /* total rows remembered per sheet */
#define PENDING_MAX 65536 /* values read two ways waiting per sheet (40 bytes each) */

/* ---- small helpers ------------------------------------------------------- */

static const iki_cell *row_cell(const iki_row *r, long col)
{
    if (col < 0)
        return NULL;
    size_t lo = 0, hi = r->ncells;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (r->cells[mid].col < (uint32_t)col)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < r->ncells && r->cells[lo].col == (uint32_t)col)
        return &r->cells[lo];
    return NULL;
}

static int is_text(const iki_cell *c)
{
    return c && c->type == IKI_CELL_TEXT && c->text && c->text_len;
}

static uint64_t fnv1a(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/* Does hay contain needle as whole words? */
static int has_words(const char *hay, const char *needle)
{
    size_t nl = strlen(needle);
    if (!nl)
        return 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        if ((p == hay || p[-1] == ' ') && (p[nl] == '\0' || p[nl] == ' '))
            return 1;
    return 0;
}

static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 200)
        la = 200;
    if (lb > 200)
        lb = 200;
    size_t prev[201], cur[201];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
            cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
        }
        memcpy(prev, cur, (lb + 1) * sizeof *prev);
    }
    return prev[lb];
}

static int glob_any(const iki_strlist *globs, const char *name)
{
    if (!globs->n)
        return 1;
    for (size_t i = 0; i < globs->n; i++)
        if (globs->items[i] && iki_os_fnmatch(globs->items[i], name, 1) == 0)
            return 1;
    return 0;
}

/* Item label -> is it one of field f's items?  Exact after dropping a
 * leading number or letter ("1.", "a."), else the longest item held as
 * whole words. */
static const char *strip_numbering(const char *s)
{
    const char *p = s;
    if (*p >= '0' && *p <= '9') {
        while (*p >= '0' && *p <= '9')
            p++;
    } else if (*p >= 'a' && *p <= 'z' && p[1] == ' ') {
        p++;
    } else {
        return s;
    }
    return *p == ' ' ? p + 1 : s;
}

/* ---- buffered rows -------------------------------------------------------- */

typedef struct brow {
    iki_row row;     /* cells point into mem */
    void *mem;
} brow;

static int brow_copy(brow *b, const iki_row *r)
{
    size_t text = 0;
    for (size_t i = 0; i < r->ncells; i++)
        if (r->cells[i].text)
            text += r->cells[i].text_len + 1;
    size_t cells = r->ncells * sizeof(iki_cell);
    b->mem = malloc(cells + text + 1);
    if (!b->mem)
        return -1;
    iki_cell *c = b->mem;
    char *t = (char *)b->mem + cells;
    for (size_t i = 0; i < r->ncells; i++) {
        c[i] = r->cells[i];
        if (r->cells[i].text) {
            memcpy(t, r->cells[i].text, r->cells[i].text_len);
            t[r->cells[i].text_len] = '\0';
            c[i].text = t;
            t += r->cells[i].text_len + 1;
        }
    }
    b->row.row = r->row;
    b->row.ncells = r->ncells;
    b->row.cells = c;
    return 0;
}

/* ---- header candidates ----------------------------------------------------- */

typedef struct hcol {
    char cand[3][NORM_CAP];
    int q[3];
    size_t clen[3]; /* strlen of each candidate */
    int ncand;
    char display[128]; /* header text as written, for "did you mean" */
} hcol;

typedef struct match {
    long src;
    int complete, matched, qsum, key_ok;
    int item_hits; /* items layout: labels found under the header */
    size_t nreq, nreq_ok;
    long keycol;
    long *fcol; /* per field, -1 when not found */
    uint32_t row0; /* first header row (physical) */
    size_t bi;     /* index of the first header row in the buffer */
    int two;       /* 1: two-row header */
} match;

static int norm_cell(const iki_cell *c, char *out)
{
    out[0] = '\0';
    if (!is_text(c))
        return 0;
    return iki_norm_text(c->text, c->text_len, out, NORM_CAP) > 0;
}

static int is_sum_word(const char *s)
{
    return strcmp(s, "jumlah") == 0 || strcmp(s, "total") == 0 ||
           strcmp(s, "jumlah total") == 0;
}

static void add_cand(hcol *h, const char *a, const char *b, int q)
{
    if (h->ncand >= 3)
        return;
    if (b && *b)
        snprintf(h->cand[h->ncand], NORM_CAP, "%s %s", a, b);
    else
        snprintf(h->cand[h->ncand], NORM_CAP, "%s", a);
    h->clen[h->ncand] = strlen(h->cand[h->ncand]);
    h->q[h->ncand++] = q;
}

/* Fill cols[0..*ncols) from one row (child == NULL) or a parent/child pair. */
static void build_header(const iki_row *parent, const iki_row *child, hcol *cols,
                         size_t *ncols)
{
    size_t n = 0;
    for (size_t i = 0; i < parent->ncells; i++)
        if (parent->cells[i].col + 1 > n)
            n = parent->cells[i].col + 1;
    if (child)
        for (size_t i = 0; i < child->ncells; i++)
            if (child->cells[i].col + 1 > n)
                n = child->cells[i].col + 1;
    if (n > MAX_HCOLS)
        n = MAX_HCOLS;
    char p[NORM_CAP], c[NORM_CAP], cont[NORM_CAP] = "";
    const char *cont_raw = "";
    for (size_t k = 0; k < n; k++) {
        hcol *h = &cols[k];
        h->ncand = 0;
        h->display[0] = '\0';
        const iki_cell *pc = row_cell(parent, (long)k);
        int hp = norm_cell(pc, p);
        if (!child) {
            if (hp) {
                add_cand(h, p, NULL, 4);
                snprintf(h->display, sizeof h->display, "%s", pc->text);
            }
            continue;
        }
        const iki_cell *cc = row_cell(child, (long)k);
        int hc = norm_cell(cc, c);
        const char *praw = hp ? pc->text : "";
        if (!hp && hc && cont[0]) { /* blank parent inside a merged group */
            memcpy(p, cont, sizeof p);
            praw = cont_raw;
            hp = 1;
        }
        if (hp && hc) {
            add_cand(h, p, c, 4);
            add_cand(h, c, p, 3);
            if (is_sum_word(c))
                add_cand(h, p, NULL, 3);
            snprintf(h->display, sizeof h->display, "%s %s", praw, cc->text);
        } else if (hp) {
            add_cand(h, p, NULL, 4);
            snprintf(h->display, sizeof h->display, "%s", praw);
        } else if (hc) {
            add_cand(h, c, NULL, 4);
            snprintf(h->display, sizeof h->display, "%s", cc->text);
        }
        /* Only a parent with a child under it starts a group. */
        if (pc && is_text(pc) && hc) {
            memcpy(cont, p, sizeof cont);
            cont_raw = pc->text;
        } else if (is_text(pc) || !hc) {
            cont[0] = '\0';
            cont_raw = "";
        }
    }
    *ncols = n;
}

/* Best quality of an entity (its aliases) for every column, into q[0..ncols):
 * an exact match of a candidate gives the candidate's quality; an alias
 * contained as whole words gives 1, but only when no other column holds it
 * (unambiguous).  One pass per alias over the columns. */
static void entity_q(const iki_strlist *aliases, const hcol *cols, size_t ncols, int *q)
{
    for (size_t k = 0; k < ncols; k++)
        q[k] = 0;
    for (size_t a = 0; a < aliases->n; a++) {
        const char *al = aliases->norm ? aliases->norm[a] : NULL;
        if (!al || !*al)
            continue;
        size_t holders = 0, holder = 0, alen = strlen(al);
        for (size_t k = 0; k < ncols; k++) {
            int here = 0;
            for (int i = 0; i < cols[k].ncand; i++) {
                size_t cl = cols[k].clen[i];
                if (cl < alen)
                    continue; /* too short to hold the alias */
                if (cl == alen) {
                    if (memcmp(cols[k].cand[i], al, alen) == 0) {
                        here = 1;
                        if (cols[k].q[i] > q[k])
                            q[k] = cols[k].q[i];
                    }
                } else if (!here && has_words(cols[k].cand[i], al)) {
                    here = 1;
                }
            }
            if (here) {
                holders++;
                holder = k;
            }
        }
        if (holders == 1 && q[holder] < 1)
            q[holder] = 1;
    }
}

typedef struct pair {
    int q;
    size_t e; /* 0 key, 1+f field */
    size_t col;
} pair;

static int pair_cmp(const void *a, const void *b)
{
    const pair *x = a, *y = b;
    if (x->q != y->q)
        return y->q - x->q;
    if (x->e != y->e)
        return x->e < y->e ? -1 : 1;
    return x->col < y->col ? -1 : (x->col > y->col);
}

/* Match source s against a header; m->fcol must hold s->nfields. */
static void eval_source(const iki_source *s, const hcol *cols, size_t ncols, match *m,
                       pair *pairs, unsigned char *used, int *qbuf)
{
    size_t ne = 1 + s->nfields, np = 0;
    m->keycol = -1;
    for (size_t f = 0; f < s->nfields; f++)
        m->fcol[f] = -1;
    m->matched = m->qsum = 0;
    memset(used, 0, ncols);
    for (size_t e = 0; e < ne; e++) {
        const iki_strlist *al = e ? &s->fields[e - 1].aliases : &s->key;
        if (!al->n)
            continue;
        entity_q(al, cols, ncols, qbuf);
        for (size_t k = 0; k < ncols; k++)
            if (qbuf[k] > 0)
                pairs[np++] = (pair){qbuf[k], e, k};
    }
    if (np > 1) /* qsort(NULL, 0, ...) is undefined */
        qsort(pairs, np, sizeof *pairs, pair_cmp);
    int items = s->layout == IKI_LAYOUT_ITEMS;
    /* the key first (its best column), then the fields */
    for (size_t i = 0; i < np; i++)
        if (pairs[i].e == 0 && m->keycol < 0) {
            m->keycol = (long)pairs[i].col;
            used[pairs[i].col] = 1;
            m->matched++;
            m->qsum += pairs[i].q;
        }
    /* A count field reads its column only to find the records: it may
     * share one (the key column, typically) and adds nothing to the score;
     * fields sharing a value column (items) count that column once. */
    for (int counts = 0; counts < 2; counts++)
        for (size_t i = 0; i < np; i++) {
            size_t e = pairs[i].e;
            if (e == 0 || m->fcol[e - 1] >= 0)
                continue;
            int count = s->fields[e - 1].agg == IKI_AGG_COUNT;
            if (count != counts)
                continue;
            if (!count && (used[pairs[i].col] == 1 || (!items && used[pairs[i].col])))
                continue;
            m->fcol[e - 1] = (long)pairs[i].col;
            if (count)
                continue;
            if (!used[pairs[i].col]) {
                m->matched++;
                m->qsum += pairs[i].q;
            }
            used[pairs[i].col] = items ? 2 : 1;
        }
    /* a list needs its key column only when the template names one */
    m->key_ok = m->keycol >= 0 || (s->layout == IKI_LAYOUT_LIST && !s->key.n);
    m->nreq = m->nreq_ok = 0;
    size_t with_col = 0;
    for (size_t f = 0; f < s->nfields; f++) {
        const iki_field *fd = &s->fields[f];
        int ok = m->fcol[f] >= 0 || (fd->aliases.n == 0 && fd->agg == IKI_AGG_COUNT);
        with_col += m->fcol[f] >= 0;
        if (fd->required) {
            m->nreq++;
            m->nreq_ok += ok;
        }
    }
    m->complete = m->key_ok && m->nreq_ok == m->nreq && (m->nreq > 0 || with_col > 0);
}

/* Items layout: how many buffered rows after the header hold one of the
 * source's item labels in the key column (tells "Uraian | Nilai" of KLA
 * from "Komponen | Nilai" of IDG). */
static int count_item_hits(const iki_source *s, const match *m, const brow *rows,
                           size_t nb, size_t first)
{
    int hits = 0;
    if (s->layout != IKI_LAYOUT_ITEMS || m->keycol < 0)
        return 0;
    for (size_t i = first; i < nb; i++) {
        char norm[NORM_CAP];
        if (!norm_cell(row_cell(&rows[i].row, m->keycol), norm))
            continue;
        const char *label = strip_numbering(norm);
        int hit = 0;
        for (size_t f = 0; f < s->nfields && !hit; f++)
            for (size_t k = 0; k < s->fields[f].item.n && !hit; k++) {
                const char *in = s->fields[f].item.norm ? s->fields[f].item.norm[k] : NULL;
                hit = in && *in && (strcmp(label, in) == 0 || has_words(norm, in));
            }
        hits += hit;
    }
    return hits;
}

/* Is a better than b? */
static int better(const match *a, const match *b)
{
    if (b->src < 0)
        return 1;
    if (a->complete != b->complete)
        return a->complete > b->complete;
    if (a->matched != b->matched)
        return a->matched > b->matched;
    if (a->item_hits != b->item_hits)
        return a->item_hits > b->item_hits;
    if (a->qsum != b->qsum)
        return a->qsum > b->qsum;
    if (a->two != b->two)
        return a->two < b->two;
    if (a->row0 != b->row0)
        return a->row0 < b->row0;
    return a->src < b->src;
}

/* ---- the sheet ------------------------------------------------------------- */

typedef struct total_row {
    uint32_t row;
    double *val; /* per field, two readings: [2 * f + iki_numconv] */
    long *col;   /* per field; -1: no value */
} total_row;

/* A value read two ways, waiting for its column's decision. */
typedef struct pending {
    size_t f;
    long area;
    uint32_t row;
    long col;
    double v[2];
} pending;

/* A column of numeric fields: its evidence and, once decided, how it reads. */
typedef struct numcolumn {
    long col;
    size_t field;      /* the first field reading it (for messages) */
    iki_numcol ev;
    iki_numconv conv;
    uint32_t lo, hi;   /* rows of its cells, for messages */
    int any;           /* a cell was seen */
} numcolumn;

typedef struct ctx {
    const iki_template *t;
    const iki_source *s;
    iki_collect *c;
    iki_diags *d;
    const char *file, *sheet, *locale;
    match m;
    long firstcol;  /* leftmost field column: total labels left of it */
    double *sums;   /* per field, data rows */
    unsigned char *area_seen;
    uint32_t *area_row;
    total_row totals[MAX_TOTALS];
    size_t ntotals;
    size_t empties, data_rows, records;
    int started;     /* a data row was seen */
    int ended;       /* list: the signature block began */
    int numbering_ok; /* still right under the header */
    uint32_t last_row;
    iki_numconv dflt;     /* the template's locale */
    unsigned char *whole; /* per field: counts persons or cases */
    long *numcol_of;      /* per field: index into numcols, or -1 */
    numcolumn *numcols;
    size_t nnumcols;
    int decided;          /* the columns' conventions are fixed */
    pending *pend;
    size_t npend, pend_cap;
    int oom;
} ctx;

static void diag(ctx *x, const char *code, iki_severity sev, uint32_t row, long col,
                 const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static void diag(ctx *x, const char *code, iki_severity sev, uint32_t row, long col,
                 const char *fmt, ...)
{
    char addr[24];
    va_list ap;
    if (col >= 0)
        iki_cell_name(row, (uint32_t)col, addr, sizeof addr);
    va_start(ap, fmt);
    if (x->d && iki_diags_vadd(x->d, code, sev, x->file, x->sheet, col >= 0 ? addr : NULL, fmt,
                               ap) != 0)
        x->oom = 1;
    va_end(ap);
}

static void c_add(ctx *x, size_t f, long area, double v, uint32_t row, long col)
{
    if (x->c && iki_collect_add(x->c, f, area, v, row, (uint32_t)(col < 0 ? 0 : col)) != 0)
        x->oom = 1;
}

/* Quote at most 40 bytes of a cell's text (areas and items only). */
static void quote(const iki_cell *c, char *buf, size_t cap)
{
    size_t n = c && c->text ? c->text_len : 0;
    if (n > 40)
        n = 40;
    if (n >= cap)
        n = cap - 1;
    if (n)
        memcpy(buf, c->text, n);
    buf[n] = '\0';
}

/* ---- the convention of each numeric column ---------------------------------- */

/* A cell's number under both conventions (see iki_number_readings). */
static iki_num_status cell_readings(const iki_cell *c, double v[2], iki_numshape *sh)
{
    *sh = IKI_SHAPE_PLAIN;
    if (c && c->type == IKI_CELL_TEXT && c->text)
        return iki_number_readings(c->text, c->text_len, v, sh);
    double one = 0;
    iki_num_status st = iki_cell_number(c, NULL, &one);
    v[0] = v[1] = one;
    return st;
}

/* Does field f of source s count persons or cases?  It does when it is the
 * numerator or denominator of a percent indicator (PMKS handled, victims
 * helped, organisations): a whole number. */
static int field_is_whole(const iki_template *t, long s, size_t f)
{
    for (size_t i = 0; i < t->nindicators; i++) {
        const iki_indicator *ind = &t->indicators[i];
        if (ind->kind != IKI_KIND_PERCENT)
            continue;
        for (int r = IKI_ROLE_NUMERATOR; r <= IKI_ROLE_DENOMINATOR; r++)
            if (ind->inputs[r].source == s && ind->inputs[r].field == (long)f)
                return 1;
    }
    return 0;
}

/* The columns of the sum fields (fields of an items layout may share one). */
static int numeric_columns(ctx *x)
{
    size_t nf = x->s->nfields ? x->s->nfields : 1;
    x->whole = calloc(nf, 1);
    x->numcol_of = malloc(nf * sizeof *x->numcol_of);
    x->numcols = calloc(nf, sizeof *x->numcols);
    if (!x->whole || !x->numcol_of || !x->numcols)
        return -1;
    for (size_t f = 0; f < x->s->nfields; f++) {
        const iki_field *fd = &x->s->fields[f];
        x->numcol_of[f] = -1;
        x->whole[f] = (unsigned char)field_is_whole(x->t, x->m.src, f);
        if (x->m.fcol[f] < 0 || fd->agg != IKI_AGG_SUM)
            continue;
        size_t k = 0;
        while (k < x->nnumcols && x->numcols[k].col != x->m.fcol[f])
            k++;
        if (k == x->nnumcols) {
            numcolumn *nc = &x->numcols[x->nnumcols++];
            nc->col = x->m.fcol[f];
            nc->field = f;
            nc->conv = x->dflt;
            iki_numcol_init(&nc->ev);
        }
        x->numcol_of[f] = (long)k;
    }
    return 0;
}

static void numcol_span(numcolumn *nc, uint32_t row)
{
    if (!nc->any || row < nc->lo)
        nc->lo = row;
    if (!nc->any || row > nc->hi)
        nc->hi = row;
    nc->any = 1;
}

static void wait_value(ctx *x, size_t f, long area, uint32_t row, long col,
                       const double v[2])
{
    if (x->npend == x->pend_cap) {
        size_t cap = x->pend_cap ? x->pend_cap * 2 : 64;
        if (cap > PENDING_MAX)
            cap = PENDING_MAX;
        pending *p = realloc(x->pend, cap * sizeof *p);
        if (!p) {
            x->oom = 1;
            return;
        }
        x->pend = p;
        x->pend_cap = cap;
    }
    x->pend[x->npend++] = (pending){f, area, row, col, {v[0], v[1]}};
}

/* Say how column nc was read (d: its decision; sheet: it follows the
 * sheet's other columns). */
static void tell_decision(ctx *x, const numcolumn *nc, const iki_numdecision *d, int sheet)
{
    char range[48], lo[24], hi[24], at[24], other[24];
    const iki_field *fd = &x->s->fields[nc->field];
    const char *title = fd->title ? fd->title : fd->code;
    iki_cell_name(nc->lo, (uint32_t)nc->col, lo, sizeof lo);
    iki_cell_name(nc->hi, (uint32_t)nc->col, hi, sizeof hi);
    if (nc->lo == nc->hi)
        snprintf(range, sizeof range, "%s", lo);
    else
        snprintf(range, sizeof range, "%s:%s", lo, hi);
    int en = nc->conv == IKI_NUMCONV_EN;
    int rc = 0;
    if (d->why == IKI_NUMWHY_SPLIT) {
        iki_cell_name(d->row_en, (uint32_t)nc->col, at, sizeof at);
        iki_cell_name(d->row_id, (uint32_t)nc->col, other, sizeof other);
        rc = iki_diags_add(x->d, IKI_CODE("numbers_both_ways"), IKI_SEV_WARNING, x->file,
                           x->sheet, range,
                           en ? IKI_MSG("numbers in column '%s' are written both ways (%s the "
                                "English way, %s the Indonesian way): read the "
                                "template's way, English (1,234.5)")
                              : IKI_MSG("numbers in column '%s' are written both ways (%s the "
                                "English way, %s the Indonesian way): read the "
                                "template's way, Indonesian (1.234,5)"),
                           title, at, other);
    } else if (sheet) {
        rc = iki_diags_add(x->d, IKI_CODE("number_convention"), IKI_SEV_INFO, x->file,
                           x->sheet, range,
                           en ? IKI_MSG("numbers in column '%s' read the English way (1,234.5), "
                                "as the sheet's other columns")
                              : IKI_MSG("numbers in column '%s' read the Indonesian way (1.234,5), "
                                "as the sheet's other columns"),
                           title);
    } else {
        iki_cell_name(d->row, (uint32_t)nc->col, at, sizeof at);
        switch (d->why) {
        case IKI_NUMWHY_TOTAL:
            rc = iki_diags_add(x->d, IKI_CODE("number_convention"), IKI_SEV_INFO, x->file,
                               x->sheet, range,
                               en ? IKI_MSG("numbers in column '%s' read the English way (1,234.5): "
                                    "only so does the total in %s agree")
                                  : IKI_MSG("numbers in column '%s' read the Indonesian way "
                                    "(1.234,5): only so does the total in %s agree"),
                               title, at);
            break;
        case IKI_NUMWHY_WHOLE:
            rc = iki_diags_add(x->d, IKI_CODE("number_convention"), IKI_SEV_INFO, x->file,
                               x->sheet, range,
                               en ? IKI_MSG("numbers in column '%s' read the English way (1,234.5): "
                                    "they count persons or cases, and %s is whole only so")
                                  : IKI_MSG("numbers in column '%s' read the Indonesian way "
                                    "(1.234,5): they count persons or cases, and %s is "
                                    "whole only so"),
                               title, at);
            break;
        default:
            rc = iki_diags_add(x->d, IKI_CODE("number_convention"), IKI_SEV_INFO, x->file,
                               x->sheet, range,
                               en ? IKI_MSG("numbers in column '%s' read the English way (1,234.5): "
                                    "the separators in %s fit only that way")
                                  : IKI_MSG("numbers in column '%s' read the Indonesian way "
                                    "(1.234,5): the separators in %s fit only that way"),
                               title, at);
            break;
        }
    }
    if (x->d && rc != 0)
        x->oom = 1;
}

/* Decide every numeric column, say so where it matters, and give the
 * waiting values their reading. */
static void decide_columns(ctx *x)
{
    iki_numdecision dec[MAX_HCOLS];
    int have[2] = {0, 0}, split = 0;
    size_t n = x->nnumcols < MAX_HCOLS ? x->nnumcols : MAX_HCOLS;
    for (size_t k = 0; k < n; k++) {
        dec[k] = iki_numcol_decide(&x->numcols[k].ev, x->dflt);
        if (dec[k].why == IKI_NUMWHY_SPLIT)
            split = 1;
        else if (dec[k].why != IKI_NUMWHY_NONE)
            have[dec[k].conv] = 1;
    }
    /* the sheet's way: every column with evidence agrees */
    int sheet_way = !split && have[0] != have[1];
    iki_numconv sheet_conv = have[1] ? IKI_NUMCONV_EN : IKI_NUMCONV_ID;
    for (size_t k = 0; k < n; k++) {
        numcolumn *nc = &x->numcols[k];
        int follows = dec[k].why == IKI_NUMWHY_NONE && sheet_way;
        nc->conv = follows ? sheet_conv : dec[k].conv;
        if (!dec[k].needed)
            continue; /* every cell reads alike either way */
        if (dec[k].why == IKI_NUMWHY_SPLIT || nc->conv != x->dflt)
            tell_decision(x, nc, &dec[k], follows);
    }
    for (size_t i = 0; i < x->npend; i++) {
        const pending *p = &x->pend[i];
        long k = x->numcol_of[p->f];
        double v = p->v[k >= 0 ? x->numcols[k].conv : x->dflt];
        x->sums[p->f] += v;
        c_add(x, p->f, p->area, v, p->row, p->col);
    }
    x->npend = 0;
    x->decided = 1;
}

#define FORMULA_MSG \
    IKI_MSG("formula without a computed value: open and save the file in an office program")

/* A formula the reader could not compute (IKI_CELL_FORMULA): its value is
 * unknown, so the field's value for this sheet is missing, never 0. */
static void unknown_formula(ctx *x, size_t f, uint32_t row, long col)
{
    diag(x, IKI_CODE("formula_not_computed"), IKI_SEV_WARNING, row, col, FORMULA_MSG);
    if (x->c && iki_collect_field_unknown(x->c, f) != 0)
        x->oom = 1;
}

/* A value of field f from cell cl: 1 when it gave something. */
static int field_value(ctx *x, size_t f, const iki_cell *cl, long area, uint32_t row,
                       int count_empty)
{
    const iki_field *fd = &x->s->fields[f];
    long col = x->m.fcol[f];
    char tmp[64];
    if (cl && cl->type == IKI_CELL_FORMULA) {
        unknown_formula(x, f, row, col);
        return 0;
    }
    switch (fd->agg) {
    case IKI_AGG_COUNT_IF:
        if (cl && iki_cell_is_yes(cl, fd->yes_values.n ? &fd->yes_values
                                                       : &x->t->yes_values)) {
            c_add(x, f, area, 1, row, col);
            return 1;
        }
        return cl != NULL;
    case IKI_AGG_DISTINCT: {
        if (!cl)
            return 0;
        char norm[NORM_CAP];
        size_t n;
        if (cl->type == IKI_CELL_TEXT)
            n = iki_norm_text(cl->text, cl->text_len, norm, sizeof norm);
        else
            n = (size_t)snprintf(norm, sizeof norm, "%.0f", cl->number);
        if (n == 0)
            return 0;
        if (x->c && iki_collect_add_distinct(x->c, f, area, fnv1a(norm, n), row,
                                             (uint32_t)col) != 0)
            x->oom = 1;
        return 1;
    }
    case IKI_AGG_TEXT: {
        if (!cl)
            return 0;
        char num[48];
        const char *txt = cl->text;
        if (cl->type != IKI_CELL_TEXT) {
            iki_format_number(cl->number, num, sizeof num);
            txt = num;
        }
        if (x->c && iki_collect_set_text(x->c, f, txt, row, (uint32_t)col) != 0)
            x->oom = 1;
        return 1;
    }
    case IKI_AGG_COUNT: /* counted per record by the caller */
        return 0;
    default: {
        double v2[2] = {0, 0};
        iki_numshape sh = IKI_SHAPE_PLAIN;
        iki_num_status st = cell_readings(cl, v2, &sh);
        if (st == IKI_NUM_EMPTY) {
            if (count_empty)
                x->empties++;
            return 0;
        }
        if (st == IKI_NUM_INVALID) {
            if (x->s->layout == IKI_LAYOUT_LIST || cl->type != IKI_CELL_TEXT) {
                diag(x, IKI_CODE("text_in_number_cell"), IKI_SEV_WARNING, row, col,
                     "text in a number cell (%s)",
                     fd->title ? fd->title : fd->code);
            } else {
                quote(cl, tmp, sizeof tmp);
                diag(x, IKI_CODE("text_in_number_cell"), IKI_SEV_WARNING, row, col,
                     "text in a number cell: '%s' (%s)",
                     tmp, fd->title ? fd->title : fd->code);
            }
            return 0;
        }
        numcolumn *nc = x->numcol_of[f] >= 0 ? &x->numcols[x->numcol_of[f]] : NULL;
        if (nc && !x->decided) {
            iki_numcol_add(&nc->ev, cl, x->whole[f], row);
            numcol_span(nc, row);
            if (sh == IKI_SHAPE_EITHER) {
                if (x->npend < PENDING_MAX) {
                    wait_value(x, f, area, row, col, v2);
                    return 1;
                }
                decide_columns(x); /* the evidence so far decides */
            }
        }
        double v = v2[nc ? nc->conv : x->dflt];
        x->sums[f] += v;
        c_add(x, f, area, v, row, col);
        return 1;
    }
    }
}

/* A total label in the key cell or a text cell left of the data columns. */
static int total_row_p(ctx *x, const iki_row *r)
{
    for (size_t i = 0; i < r->ncells; i++) {
        const iki_cell *cl = &r->cells[i];
        if ((long)cl->col >= x->firstcol && (long)cl->col != x->m.keycol)
            continue;
        if (is_text(cl) && iki_is_total_label(x->t, cl->text, cl->text_len))
            return 1;
    }
    return 0;
}

static void remember_total(ctx *x, const iki_row *r)
{
    if (x->ntotals >= MAX_TOTALS)
        return;
    total_row *tr = &x->totals[x->ntotals];
    tr->row = r->row;
    int any = 0;
    for (size_t f = 0; f < x->s->nfields; f++) {
        tr->col[f] = -1;
        if (x->m.fcol[f] < 0 || x->s->fields[f].agg != IKI_AGG_SUM)
            continue;
        double v2[2];
        iki_numshape sh;
        const iki_cell *cl = row_cell(r, x->m.fcol[f]);
        if (cl && cl->type == IKI_CELL_FORMULA) /* no total to check against */
            diag(x, IKI_CODE("formula_not_computed"), IKI_SEV_WARNING, r->row, x->m.fcol[f],
                 FORMULA_MSG);
        iki_num_status st = cell_readings(cl, v2, &sh);
        if (st == IKI_NUM_OK || st == IKI_NUM_ZERO_MARK) {
            tr->val[2 * f] = st == IKI_NUM_OK ? v2[0] : 0;
            tr->val[2 * f + 1] = st == IKI_NUM_OK ? v2[1] : 0;
            tr->col[f] = x->m.fcol[f];
            any = 1;
            numcolumn *nc = x->numcol_of[f] >= 0 ? &x->numcols[x->numcol_of[f]] : NULL;
            if (nc && nc->field == f && !x->decided) {
                iki_numcol_add_total(&nc->ev, cl, r->row);
                numcol_span(nc, r->row);
            }
        }
    }
    if (any)
        x->ntotals++;
}

/* "1 2 3 4 5" or "(1) (2) (3)": a row of column numbers. */
static int numbering_row(const iki_row *r)
{
    if (r->ncells < 3)
        return 0;
    long prev = -1;
    for (size_t i = 0; i < r->ncells; i++) {
        const iki_cell *c = &r->cells[i];
        double v;
        if (c->type == IKI_CELL_NUMBER) {
            v = c->number;
        } else if (is_text(c)) {
            char buf[16];
            size_t n = c->text_len < 15 ? c->text_len : 15;
            memcpy(buf, c->text, n);
            buf[n] = '\0';
            char *p = buf, *end;
            if (*p == '(')
                p++;
            v = strtod(p, &end);
            if (end == p || (*end && strcmp(end, ")") != 0))
                return 0;
        } else {
            return 0;
        }
        if (v != floor(v) || v < 0 || v > 1000 || (prev >= 0 && (long)v != prev + 1))
            return 0;
        prev = (long)v;
    }
    return 1;
}

static int any_number(ctx *x, const iki_row *r)
{
    for (size_t f = 0; f < x->s->nfields; f++) {
        double v;
        iki_num_status st = iki_cell_number(row_cell(r, x->m.fcol[f]), x->locale, &v);
        if (x->m.fcol[f] >= 0 && (st == IKI_NUM_OK || st == IKI_NUM_ZERO_MARK))
            return 1;
    }
    return 0;
}

static void row_areas(ctx *x, const iki_row *r)
{
    const iki_cell *kc = row_cell(r, x->m.keycol);
    char q[64];
    long area = -1;
    if (is_text(kc))
        area = iki_match_area(x->t, kc->text, kc->text_len);
    if (area < 0) {
        if (!any_number(x, r))
            return; /* a note, a signature line, an empty row */
        if (is_text(kc)) {
            quote(kc, q, sizeof q);
            diag(x, IKI_CODE("unknown_area"), IKI_SEV_WARNING, r->row, x->m.keycol,
                 "unknown kecamatan '%s': row left out", q);
        } else {
            diag(x, IKI_CODE("missing_area"), IKI_SEV_WARNING, r->row, x->m.keycol,
                 "a row with numbers but no kecamatan: row left out");
        }
        return;
    }
    if (x->area_seen[area]) {
        diag(x, IKI_CODE("area_repeated"), IKI_SEV_WARNING, r->row, x->m.keycol,
             "kecamatan '%s' appears again (also row %lu): values added",
             x->t->areas[area].name, (unsigned long)x->area_row[area] + 1);
    }
    x->area_seen[area] = 1;
    x->area_row[area] = r->row;
    int gave = 0;
    for (size_t f = 0; f < x->s->nfields; f++)
        if (x->m.fcol[f] >= 0)
            gave |= field_value(x, f, row_cell(r, x->m.fcol[f]), area, r->row, 1);
    x->data_rows += gave;
}

static int signature_row(const iki_row *r)
{
    static const char *const words[] = {"kepala", "nip", "mengetahui", "plt",
                                        "an", "pembina", "penata", "sekretaris",
                                        "kabid", "kasi", "dibuat oleh", NULL};
    if (r->ncells <= 1)
        return 1;
    for (size_t i = 0; i < r->ncells; i++) {
        char norm[NORM_CAP];
        if (!norm_cell(&r->cells[i], norm))
            continue;
        for (size_t w = 0; words[w]; w++) {
            size_t n = strlen(words[w]);
            if (strncmp(norm, words[w], n) == 0 && (norm[n] == ' ' || !norm[n]))
                return 1;
        }
    }
    return 0;
}

static void row_list(ctx *x, const iki_row *r)
{
    if (x->ended)
        return;
    if (x->started && r->row > x->last_row + 1 && signature_row(r)) {
        x->ended = 1;
        return;
    }
    int record;
    if (x->m.keycol >= 0) {
        record = row_cell(r, x->m.keycol) != NULL;
    } else {
        record = 0;
        for (size_t f = 0; f < x->s->nfields && !record; f++)
            record = row_cell(r, x->m.fcol[f]) != NULL;
    }
    if (!record)
        return;
    x->started = 1;
    x->last_row = r->row;
    x->records++;
    for (size_t f = 0; f < x->s->nfields; f++) {
        const iki_field *fd = &x->s->fields[f];
        if (fd->agg == IKI_AGG_COUNT) {
            long col = x->m.fcol[f] >= 0 ? x->m.fcol[f] : x->m.keycol;
            c_add(x, f, -1, 1, r->row, col);
        } else if (x->m.fcol[f] >= 0) {
            field_value(x, f, row_cell(r, x->m.fcol[f]), -1, r->row, 0);
        }
    }
    x->data_rows++;
}

static void row_items(ctx *x, const iki_row *r)
{
    const iki_cell *kc = row_cell(r, x->m.keycol);
    char norm[NORM_CAP];
    if (!norm_cell(kc, norm))
        return;
    const char *label = strip_numbering(norm);
    const char *best = NULL;
    size_t bestlen = 0;
    for (int pass = 0; pass < 2 && !best; pass++)
        for (size_t f = 0; f < x->s->nfields; f++) {
            const iki_strlist *it = &x->s->fields[f].item;
            for (size_t i = 0; i < it->n; i++) {
                const char *in = it->norm ? it->norm[i] : NULL;
                if (!in || !*in)
                    continue;
                int ok = pass == 0 ? (strcmp(label, in) == 0 || strcmp(norm, in) == 0)
                                   : has_words(norm, in);
                if (ok && strlen(in) > bestlen) {
                    best = in;
                    bestlen = strlen(in);
                }
            }
        }
    if (!best)
        return;
    int gave = 0;
    for (size_t f = 0; f < x->s->nfields; f++) {
        const iki_strlist *it = &x->s->fields[f].item;
        int mine = 0;
        for (size_t i = 0; i < it->n && !mine; i++)
            mine = it->norm && it->norm[i] && strcmp(it->norm[i], best) == 0;
        if (mine && x->m.fcol[f] >= 0) {
            /* the item's row is here: an empty value is 0, not missing;
             * but an optional field left empty stays missing (the rows of
             * IDG's indices on a form whose raw-data rows are filled) */
            const iki_cell *vc = row_cell(r, x->m.fcol[f]);
            if ((vc || x->s->fields[f].required) && x->c &&
                iki_collect_field_seen(x->c, f) != 0)
                x->oom = 1;
            gave |= field_value(x, f, vc, -1, r->row, 0);
        }
    }
    x->data_rows += gave;
}

static void data_row(ctx *x, const iki_row *r)
{
    if (x->numbering_ok) {
        x->numbering_ok = 0;
        if (numbering_row(r))
            return;
    }
    if (x->s->layout != IKI_LAYOUT_LIST || !x->ended) {
        if (total_row_p(x, r)) {
            if (x->s->layout != IKI_LAYOUT_ITEMS)
                remember_total(x, r);
            return;
        }
    }
    switch (x->s->layout) {
    case IKI_LAYOUT_AREAS: row_areas(x, r); break;
    case IKI_LAYOUT_LIST: row_list(x, r); break;
    case IKI_LAYOUT_ITEMS: row_items(x, r); break;
    }
}

static void check_totals(ctx *x)
{
    for (size_t k = 0; k < x->ntotals; k++) {
        total_row *tr = &x->totals[k];
        for (size_t f = 0; f < x->s->nfields; f++) {
            if (tr->col[f] < 0)
                continue;
            long nk = x->numcol_of[f];
            iki_numconv conv = nk >= 0 ? x->numcols[nk].conv : x->dflt;
            double a = tr->val[2 * f + conv], b = x->sums[f];
            double scale = fmax(1.0, fmax(fabs(a), fabs(b)));
            if (fabs(a - b) <= 1e-6 * scale)
                continue;
            char na[40], nb[40];
            iki_format_number(a, na, sizeof na);
            iki_format_number(b, nb, sizeof nb);
            const iki_field *fd = &x->s->fields[f];
            diag(x, IKI_CODE("total_mismatch"), IKI_SEV_WARNING, tr->row, tr->col[f],
                 "total row says %s, the rows add up to %s (%s)", na, nb,
                 fd->title ? fd->title : fd->code);
        }
    }
}

/* Period from the title rows above the header. */
static void title_period(const brow *rows, size_t n, iki_period *out)
{
    iki_period best = {IKI_PERIOD_NONE, 0, 0};
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < rows[i].row.ncells; j++) {
            const iki_cell *c = &rows[i].row.cells[j];
            iki_period p;
            /* "TRIWULAN I 2025" as text, or a date cell ("Periode:" and the
             * last day of the month) */
            if (!(is_text(c) && iki_period_parse(c->text, c->text_len, &p)) &&
                !(c->type == IKI_CELL_DATE && iki_period_from_serial(c->number, &p)))
                continue;
            if (p.kind > best.kind) {
                int y = best.year;
                best = p;
                if (!best.year)
                    best.year = y;
            } else if (!best.year && p.year) {
                best.year = p.year;
            }
        }
    *out = best;
}

/* Make per finer with q when they agree on the year (or one has none), or
 * give it q's year when it has none. */
static void refine_period(iki_period *per, const iki_period *q)
{
    if (per->kind != IKI_PERIOD_NONE && per->kind != IKI_PERIOD_YEAR)
        return;
    if (q->kind > per->kind && (!per->year || !q->year || q->year == per->year)) {
        int y = per->year;
        *per = *q;
        if (!per->year)
            per->year = y;
    } else if (!per->year && q->year) {
        per->year = q->year;
    }
}

static void near_miss(const iki_template *t, const match *m, const hcol *cols,
                      size_t ncols, const unsigned char *used, const char *file,
                      const char *sheet, iki_diags *d, iki_sheet_result *res, int *oom)
{
    const iki_source *s = &t->sources[m->src];
    int first = 1;
    for (size_t f = 0; f < s->nfields; f++) {
        const iki_field *fd = &s->fields[f];
        if (!fd->required || m->fcol[f] >= 0 || !fd->aliases.n)
            continue;
        size_t bestd = (size_t)-1;
        long bestc = -1;
        for (size_t k = 0; k < ncols; k++) {
            if (used[k] || !cols[k].ncand)
                continue;
            for (size_t a = 0; a < fd->aliases.n; a++)
                for (int i = 0; i < cols[k].ncand; i++) {
                    if (!fd->aliases.norm || !fd->aliases.norm[a])
                        continue;
                    size_t dd = edit_distance(cols[k].cand[i], fd->aliases.norm[a]);
                    if (dd < bestd) {
                        bestd = dd;
                        bestc = (long)k;
                    }
                }
        }
        const char *title = fd->title ? fd->title : fd->code;
        char en[512], id[512];
        const char *f_dym = IKI_MSG("looks like form '%s' but column '%s' is missing; "
                                    "did you mean '%s'?");
        const char *f_miss = IKI_MSG("looks like form '%s' but column '%s' is missing");
        int rc;
        if (bestc >= 0) {
            iki_msg_format_both(en, sizeof en, id, sizeof id, f_dym, s->code, title,
                                cols[bestc].display);
            rc = iki_diags_add(d, IKI_CODE("missing_column"), IKI_SEV_WARNING, file, sheet,
                               NULL, f_dym, s->code, title, cols[bestc].display);
        } else {
            iki_msg_format_both(en, sizeof en, id, sizeof id, f_miss, s->code, title);
            rc = iki_diags_add(d, IKI_CODE("missing_column"), IKI_SEV_WARNING, file, sheet,
                               NULL, f_miss, s->code, title);
        }
        if (rc != 0 && d)
            *oom = 1;
        if (first) {
            snprintf(res->why, sizeof res->why, "%s", en);
            snprintf(res->why_id, sizeof res->why_id, "%s", id);
            first = 0;
        }
    }
}

iki_error iki_table_read_sheet(const iki_template *t, iki_reader *r, size_t index,
                               const char *file, const iki_period *period,
                               struct iki_collect *c, iki_diags *d,
                               iki_sheet_result *res)
{
    iki_error rc = IKI_OK;
    brow rows[HEAD_ROWS];
    size_t nb = 0, maxf = 1;
    hcol *cols = NULL;
    int *qbuf = NULL;
    pair *pairs = NULL;
    unsigned char *used = NULL;
    match cur = {0}, best = {0};
    ctx x;
    int begun = 0, at_end = 0;
    const iki_row *row = NULL;
    memset(&x, 0, sizeof x);
    if (!res)
        return IKI_ERROR_USAGE;
    memset(res, 0, sizeof *res);
    res->source = -1;
    if (!t || !r)
        return IKI_ERROR_USAGE;
    const iki_sheet_info *info = iki_reader_sheet(r, index);
    if (!info)
        return IKI_ERROR_NO_SUCH_SHEET;
    const char *sheet = info->name;
    const char *base = file ? iki_os_base_name(file) : "";

    rc = iki_reader_open_sheet(r, index);
    if (rc != IKI_OK)
        return rc;
    /* sheet names stay valid until close/free; info too */
    while (nb < HEAD_ROWS) {
        rc = iki_reader_next_row(r, &row);
        if (rc != IKI_OK)
            goto cleanup;
        if (!row) {
            at_end = 1;
            break;
        }
        if (brow_copy(&rows[nb], row) != 0) {
            rc = IKI_ERROR_NOMEM;
            goto cleanup;
        }
        nb++;
    }

    for (size_t s = 0; s < t->nsources; s++)
        if (t->sources[s].nfields > maxf)
            maxf = t->sources[s].nfields;
    /* build_header fills what it uses: no need to clear 256 columns */
    cols = malloc(MAX_HCOLS * sizeof *cols);
    qbuf = malloc(MAX_HCOLS * sizeof *qbuf);
    pairs = malloc(MAX_HCOLS * (maxf + 1) * sizeof *pairs);
    used = calloc(MAX_HCOLS, 1);
    cur.fcol = malloc(maxf * sizeof *cur.fcol);
    best.fcol = malloc(maxf * sizeof *best.fcol);
    if (!cols || !qbuf || !pairs || !used || !cur.fcol || !best.fcol) {
        rc = IKI_ERROR_NOMEM;
        goto cleanup;
    }
    best.src = -1;
    for (size_t i = 0; i < nb; i++) {
        for (int two = 0; two < 2; two++) {
            if (two && (i + 1 >= nb || rows[i + 1].row.row != rows[i].row.row + 1))
                continue;
            size_t ncols;
            build_header(&rows[i].row, two ? &rows[i + 1].row : NULL, cols, &ncols);
            /* a header has two or more text columns: one is prose (a note,
             * the Petunjuk sheet of a blank form), never a form's header */
            size_t filled = 0;
            for (size_t k = 0; k < ncols && filled < 2; k++)
                filled += cols[k].ncand > 0;
            if (filled < 2)
                continue;
            for (size_t s = 0; s < t->nsources; s++) {
                const iki_source *src = &t->sources[s];
                if (!glob_any(&src->file_globs, base) || !glob_any(&src->sheet_globs, sheet))
                    continue;
                cur.src = (long)s;
                cur.row0 = rows[i].row.row;
                cur.bi = i;
                cur.two = two;
                eval_source(src, cols, ncols, &cur, pairs, used, qbuf);
                cur.item_hits = count_item_hits(src, &cur, rows, nb, i + 1 + (size_t)two);
                if (cur.matched > 0 && better(&cur, &best)) {
                    long *keep = best.fcol;
                    best = cur;
                    best.fcol = keep;
                    memcpy(best.fcol, cur.fcol, src->nfields * sizeof *cur.fcol);
                }
            }
        }
    }

    if (best.src < 0 || !best.complete) {
        if (best.src >= 0) {
            const iki_source *src = &t->sources[best.src];
            if (best.key_ok && best.nreq && best.nreq_ok * 2 >= best.nreq) {
                /* rebuild the winning header for the hint */
                size_t ncols;
                build_header(&rows[best.bi].row, best.two ? &rows[best.bi + 1].row : NULL,
                             cols, &ncols);
                eval_source(src, cols, ncols, &cur, pairs, used, qbuf);
                cur.src = best.src;
                int oom = 0;
                near_miss(t, &cur, cols, ncols, used, file, sheet, d, res, &oom);
                if (oom) {
                    rc = IKI_ERROR_NOMEM;
                    goto cleanup;
                }
            } else {
                iki_msg_format_both(res->why, sizeof res->why, res->why_id,
                                    sizeof res->why_id,
                                    IKI_MSG("no form recognised (best: %s, %d of %zu columns)"),
                                    src->code, best.matched,
                                    src->nfields + (src->key.n ? 1 : 0));
            }
        } else {
            const char *why = IKI_MSG("no form recognised (no known column headers)");
            snprintf(res->why, sizeof res->why, "%s", why);
            snprintf(res->why_id, sizeof res->why_id, "%s", iki_msg_pick(why, 1));
        }
        goto cleanup;
    }

    /* Recognised. */
    const iki_source *src = &t->sources[best.src];
    res->source = best.src;
    res->header_row = best.row0;
    x.t = t;
    x.s = src;
    x.c = c;
    x.d = d;
    x.file = file;
    x.sheet = sheet;
    x.locale = t->office.locale ? t->office.locale : "id";
    x.dflt = (x.locale[0] == 'e' || x.locale[0] == 'E') &&
                     (x.locale[1] == 'n' || x.locale[1] == 'N')
                 ? IKI_NUMCONV_EN
                 : IKI_NUMCONV_ID;
    x.m = best;
    x.numbering_ok = 1;
    x.firstcol = -1;
    x.firstcol = MAX_HCOLS;
    for (size_t f = 0; f < src->nfields; f++)
        if (best.fcol[f] >= 0 && best.fcol[f] < x.firstcol)
            x.firstcol = best.fcol[f];
    x.sums = calloc(src->nfields ? src->nfields : 1, sizeof *x.sums);
    x.area_seen = calloc(t->nareas ? t->nareas : 1, 1);
    x.area_row = calloc(t->nareas ? t->nareas : 1, sizeof *x.area_row);
    if (!x.sums || !x.area_seen || !x.area_row || numeric_columns(&x) != 0) {
        rc = IKI_ERROR_NOMEM;
        goto cleanup;
    }
    for (size_t k = 0; k < MAX_TOTALS; k++) {
        x.totals[k].val = calloc(src->nfields ? 2 * src->nfields : 1, sizeof(double));
        x.totals[k].col = calloc(src->nfields ? src->nfields : 1, sizeof(long));
        if (!x.totals[k].val || !x.totals[k].col) {
            rc = IKI_ERROR_NOMEM;
            goto cleanup;
        }
    }

    /* the period: the file name's, made finer (or given a year) by the
     * title rows, then by the sheet's name ("PMKS TW II 2025") */
    iki_period per = {IKI_PERIOD_NONE, 0, 0};
    if (period)
        per = *period;
    iki_period tp, sp;
    title_period(rows, best.bi, &tp);
    refine_period(&per, &tp);
    if (iki_period_parse(sheet, strlen(sheet), &sp))
        refine_period(&per, &sp);
    if (c) {
        if (iki_collect_begin(c, (size_t)best.src, &per, file, sheet, 0) != 0) {
            rc = IKI_ERROR_NOMEM;
            goto cleanup;
        }
        begun = 1;
        for (size_t f = 0; f < src->nfields; f++) {
            const iki_field *fd = &src->fields[f];
            /* items: a field is seen only when its item's row is found */
            if (src->layout != IKI_LAYOUT_ITEMS &&
                (best.fcol[f] >= 0 || (fd->agg == IKI_AGG_COUNT && !fd->aliases.n)) &&
                iki_collect_field_seen(c, f) != 0) {
                rc = IKI_ERROR_NOMEM;
                goto cleanup;
            }
        }
    }

    for (size_t i = best.bi + 1 + (size_t)best.two; i < nb && !x.oom; i++)
        data_row(&x, &rows[i].row);
    while (!at_end && !x.oom) {
        rc = iki_reader_next_row(r, &row);
        if (rc != IKI_OK)
            goto cleanup;
        if (!row)
            break;
        data_row(&x, row);
    }
    if (x.oom) {
        rc = IKI_ERROR_NOMEM;
        goto cleanup;
    }
    if (!x.decided)
        decide_columns(&x);
    check_totals(&x);
    if (x.empties) {
        diag(&x, IKI_CODE("empty_cells_as_zero"), IKI_SEV_INFO, 0, -1, "%zu empty cells read as 0", x.empties);
    }
    if (x.oom) {
        rc = IKI_ERROR_NOMEM;
        goto cleanup;
    }
    res->data_rows = x.data_rows;
    if (begun) {
        begun = 0;
        if (iki_collect_end(c) != 0)
            rc = IKI_ERROR_NOMEM;
    }

cleanup:
    if (begun)
        iki_collect_abort(c);
    for (size_t i = 0; i < nb; i++)
        free(rows[i].mem);
    for (size_t k = 0; k < MAX_TOTALS; k++) {
        free(x.totals[k].val);
        free(x.totals[k].col);
    }
    free(x.sums);
    free(x.whole);
    free(x.numcol_of);
    free(x.numcols);
    free(x.pend);
    free(x.area_seen);
    free(x.area_row);
    free(cols);
    free(qbuf);
    free(pairs);
    free(used);
    free(cur.fcol);
    free(best.fcol);
    if (rc != IKI_OK)
        res->source = -1;
    return rc;
}
