/* Formulas saved without a cached result, computed over their sheet.
 *
 * A reference may point anywhere: a JUMLAH row at the top sums the rows
 * below it, a column adds later columns.  So when the first row holding an
 * IKI_CELL_FORMULA arrives (its position k among the rows handed out),
 * before handing it out:
 *   1. the rest of the sheet is read, keeping only the formulas (their
 *      cells and compiled programs: formula.c);
 *   2. the sheet is read again from the top, keeping only the cells inside
 *      the box that bounds every reference (their values, not their rows);
 *   3. every formula is computed, in row order (a reference to a formula
 *      cell computes that cell first; a cycle or a chain deeper than
 *      FS_MAX_CHAIN cannot be known);
 *   4. the sheet is read a third time, the first k rows are skipped, and
 *      from row k on every formula cell is replaced by its value.
 * A sheet without such formulas is read once, as before.  Memory: the
 * formulas (at most FS_MAX_FORMULAS) and the referenced cells (at most
 * FS_MAX_CELLS, their text within max_table_bytes); past a cap, what was
 * not kept cannot be known, and its formulas stay IKI_CELL_FORMULA. */
#include <stdlib.h>
#include <string.h>

#include "formula.h"
#include "internal.h"

#define FS_MAX_FORMULAS 65536u
#define FS_MAX_CELLS (1u << 19)
#define FS_MAX_CHAIN 256u

typedef struct fentry {
    uint32_t row, col;
    iki_formula *f; /* NULL: outside the supported language */
    int state;      /* 0 to do, 1 being computed, 2 done */
    iki_fval val;
} fentry;

typedef struct sentry {
    uint32_t row, col;
    iki_cell_type type;
    double num;
    size_t off, len; /* TEXT, ERROR: in text */
} sentry;

struct iki_fsheet {
    int active; /* computed: rows are being handed out with values */
    fentry *fs;
    size_t nf, fcap;
    sentry *cs;
    size_t nc, ccap;
    int capped; /* some referenced cell was not kept */
    iki_buf text;
    iki_range box;
    int have_box;
    unsigned depth;
};

void iki_fsheet_reset(struct iki_fsheet *fs)
{
    if (!fs)
        return;
    for (size_t i = 0; i < fs->nf; i++)
        iki_formula_free(fs->fs[i].f);
    fs->nf = fs->nc = 0;
    fs->capped = fs->have_box = fs->active = 0;
    fs->depth = 0;
    iki_buf_free(&fs->text);
}

void iki_fsheet_free(struct iki_fsheet *fs)
{
    if (!fs)
        return;
    iki_fsheet_reset(fs);
    free(fs->fs);
    free(fs->cs);
    free(fs);
}

static int has_formula(const iki_row *row)
{
    for (size_t i = 0; i < row->ncells; i++)
        if (row->cells[i].type == IKI_CELL_FORMULA)
            return 1;
    return 0;
}

static int cmp_pos(uint32_t ar, uint32_t ac, uint32_t br, uint32_t bc)
{
    if (ar != br)
        return ar < br ? -1 : 1;
    return ac < bc ? -1 : (ac > bc);
}

static int cmp_f(const void *a, const void *b)
{
    const fentry *x = a, *y = b;
    return cmp_pos(x->row, x->col, y->row, y->col);
}

static int cmp_s(const void *a, const void *b)
{
    const sentry *x = a, *y = b;
    return cmp_pos(x->row, x->col, y->row, y->col);
}

static fentry *find_f(struct iki_fsheet *fs, uint32_t row, uint32_t col)
{
    size_t lo = 0, hi = fs->nf;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = cmp_pos(fs->fs[mid].row, fs->fs[mid].col, row, col);
        if (c == 0)
            return &fs->fs[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* First stored cell at or after (row, col). */
static size_t lower_s(const struct iki_fsheet *fs, uint32_t row, uint32_t col)
{
    size_t lo = 0, hi = fs->nc;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cmp_pos(fs->cs[mid].row, fs->cs[mid].col, row, col) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* ---- passes 1 and 2 -------------------------------------------------------- */

static iki_error add_formula(iki_reader *r, struct iki_fsheet *fs, uint32_t row,
                             const iki_cell *c)
{
    if (fs->nf >= FS_MAX_FORMULAS)
        return IKI_OK; /* not kept: stays IKI_CELL_FORMULA */
    if (fs->nf == fs->fcap) {
        size_t cap = fs->fcap ? fs->fcap * 2 : 64;
        fentry *n = realloc(fs->fs, cap * sizeof *n);
        if (!n)
            return reader_fail(r, IKI_ERROR_NOMEM, NULL);
        fs->fs = n;
        fs->fcap = cap;
    }
    fentry *e = &fs->fs[fs->nf];
    memset(e, 0, sizeof *e);
    e->row = row;
    e->col = c->col;
    if (iki_formula_compile(c->text, c->text_len, &e->f) < 0)
        return reader_fail(r, IKI_ERROR_NOMEM, NULL);
    fs->nf++;
    size_t nrefs;
    const iki_range *refs = iki_formula_refs(e->f, &nrefs);
    for (size_t i = 0; i < nrefs; i++) {
        const iki_range *g = &refs[i];
        if (!fs->have_box) {
            fs->box = *g;
            fs->have_box = 1;
            continue;
        }
        if (g->first_row < fs->box.first_row)
            fs->box.first_row = g->first_row;
        if (g->first_col < fs->box.first_col)
            fs->box.first_col = g->first_col;
        if (g->last_row > fs->box.last_row)
            fs->box.last_row = g->last_row;
        if (g->last_col > fs->box.last_col)
            fs->box.last_col = g->last_col;
    }
    return IKI_OK;
}

static iki_error keep_cell(iki_reader *r, struct iki_fsheet *fs, uint32_t row,
                           const iki_cell *c)
{
    const iki_range *b = &fs->box;
    if (row < b->first_row || row > b->last_row || c->col < b->first_col ||
        c->col > b->last_col)
        return IKI_OK;
    if (fs->nc >= FS_MAX_CELLS ||
        (c->text && fs->text.len + c->text_len + 1 > r->limits.max_table_bytes)) {
        fs->capped = 1;
        return IKI_OK;
    }
    if (fs->nc == fs->ccap) {
        size_t cap = fs->ccap ? fs->ccap * 2 : 256;
        sentry *n = realloc(fs->cs, cap * sizeof *n);
        if (!n)
            return reader_fail(r, IKI_ERROR_NOMEM, NULL);
        fs->cs = n;
        fs->ccap = cap;
    }
    sentry *e = &fs->cs[fs->nc];
    e->row = row;
    e->col = c->col;
    e->type = c->type;
    e->num = c->number;
    e->off = e->len = 0;
    if (c->type == IKI_CELL_TEXT || c->type == IKI_CELL_ERROR) {
        e->off = fs->text.len;
        e->len = c->text_len;
        if (iki_buf_append(&fs->text, c->text, c->text_len) != 0 ||
            iki_buf_append_char(&fs->text, '\0') != 0)
            return reader_fail(r, IKI_ERROR_NOMEM, NULL);
    }
    fs->nc++;
    return IKI_OK;
}

/* ---- step 3 ------------------------------------------------------------------ */

static void eval_entry(struct iki_fsheet *fs, fentry *e, iki_fval *out);

static void stored_value(struct iki_fsheet *fs, const sentry *s, iki_fval *out)
{
    memset(out, 0, sizeof *out);
    switch (s->type) {
    case IKI_CELL_NUMBER:
    case IKI_CELL_DATE:
        out->type = IKI_FV_NUMBER;
        out->num = s->num;
        break;
    case IKI_CELL_BOOL:
        out->type = IKI_FV_BOOL;
        out->num = s->num;
        break;
    case IKI_CELL_TEXT:
    case IKI_CELL_ERROR:
        out->type = s->type == IKI_CELL_TEXT ? IKI_FV_TEXT : IKI_FV_ERROR;
        out->text = fs->text.data + s->off;
        out->len = s->len;
        break;
    case IKI_CELL_FORMULA: {
        fentry *e = find_f(fs, s->row, s->col);
        if (e)
            eval_entry(fs, e, out);
        else
            out->type = IKI_FV_UNKNOWN; /* past FS_MAX_FORMULAS */
        break;
    }
    default:
        out->type = IKI_FV_EMPTY;
        break;
    }
}

static void env_cell(void *ud, uint32_t row, uint32_t col, iki_fval *out)
{
    struct iki_fsheet *fs = ud;
    size_t i = lower_s(fs, row, col);
    if (i < fs->nc && fs->cs[i].row == row && fs->cs[i].col == col) {
        stored_value(fs, &fs->cs[i], out);
        return;
    }
    memset(out, 0, sizeof *out);
    out->type = fs->capped ? IKI_FV_UNKNOWN : IKI_FV_EMPTY;
}

static void env_sum(void *ud, const iki_range *g, iki_fval *out)
{
    struct iki_fsheet *fs = ud;
    memset(out, 0, sizeof *out);
    if (fs->capped) {
        out->type = IKI_FV_UNKNOWN;
        return;
    }
    double sum = 0;
    int unknown = 0;
    for (size_t i = lower_s(fs, g->first_row, g->first_col);
         i < fs->nc && fs->cs[i].row <= g->last_row; i++) {
        const sentry *s = &fs->cs[i];
        if (s->col < g->first_col || s->col > g->last_col)
            continue;
        iki_fval v;
        stored_value(fs, s, &v);
        if (v.type == IKI_FV_ERROR && !unknown) {
            *out = v;
            return;
        }
        if (v.type == IKI_FV_UNKNOWN)
            unknown = 1;
        else if (v.type == IKI_FV_NUMBER)
            sum += v.num;
    }
    if (unknown) {
        out->type = IKI_FV_UNKNOWN;
    } else {
        out->type = IKI_FV_NUMBER;
        out->num = sum;
    }
}

static void eval_entry(struct iki_fsheet *fs, fentry *e, iki_fval *out)
{
    if (e->state == 2) {
        *out = e->val;
        return;
    }
    memset(out, 0, sizeof *out);
    out->type = IKI_FV_UNKNOWN;
    if (e->state == 1 || fs->depth >= FS_MAX_CHAIN)
        return; /* a cycle; a chain too deep to follow */
    e->state = 1;
    fs->depth++;
    iki_formula_env env = {fs, env_cell, env_sum};
    iki_formula_eval(e->f, &env, out);
    fs->depth--;
    e->val = *out;
    e->state = 2;
}

/* ---- step 4 ------------------------------------------------------------------ */

static void fill(struct iki_fsheet *fs, iki_reader *r)
{
    for (size_t i = 0; i < r->row.ncells; i++) {
        iki_cell *c = &r->rb.out[i];
        if (c->type != IKI_CELL_FORMULA)
            continue;
        fentry *e = find_f(fs, r->row.row, c->col);
        if (!e || e->state != 2)
            continue;
        const iki_fval *v = &e->val;
        switch (v->type) {
        case IKI_FV_NUMBER:
        case IKI_FV_BOOL:
            c->type = v->type == IKI_FV_NUMBER ? IKI_CELL_NUMBER : IKI_CELL_BOOL;
            c->number = v->num;
            c->text = NULL;
            c->text_len = 0;
            break;
        case IKI_FV_TEXT:
        case IKI_FV_ERROR:
            c->type = v->type == IKI_FV_TEXT ? IKI_CELL_TEXT : IKI_CELL_ERROR;
            c->number = 0;
            c->text = v->text;
            c->text_len = v->len;
            break;
        default:
            break; /* EMPTY does not come out of a formula; UNKNOWN stays */
        }
    }
}

static iki_error reopen(iki_reader *r)
{
    r->nmerges = 0;
    iki_error e = r->ops->open_sheet(r, (size_t)r->cur_sheet);
    if (e != IKI_OK)
        r->sheet_failed = 1;
    return e;
}

static iki_error compute(iki_reader *r, struct iki_fsheet *fs, int *have)
{
    size_t before = r->rows_out;
    iki_error e;
    /* 1: this row and the rest of the sheet, for the formulas */
    while (*have) {
        for (size_t i = 0; i < r->row.ncells; i++)
            if (r->row.cells[i].type == IKI_CELL_FORMULA &&
                (e = add_formula(r, fs, r->row.row, &r->row.cells[i])) != IKI_OK)
                return e;
        if ((e = reader_fetch_row(r, have)) != IKI_OK)
            return e;
    }
    if (fs->nf > 1) /* qsort(NULL, 0, ...) is undefined */
        qsort(fs->fs, fs->nf, sizeof *fs->fs, cmp_f);
    /* 2: the cells the formulas reference */
    if (fs->have_box) {
        if ((e = reopen(r)) != IKI_OK)
            return e;
        for (;;) {
            if ((e = reader_fetch_row(r, have)) != IKI_OK)
                return e;
            if (!*have)
                break;
            if (r->row.row < fs->box.first_row || r->row.row > fs->box.last_row)
                continue;
            for (size_t i = 0; i < r->row.ncells; i++)
                if ((e = keep_cell(r, fs, r->row.row, &r->row.cells[i])) != IKI_OK)
                    return e;
        }
        if (fs->nc > 1) /* qsort(NULL, 0, ...) is undefined */
            qsort(fs->cs, fs->nc, sizeof *fs->cs, cmp_s);
    }
    /* 3: every formula, in row order */
    for (size_t i = 0; i < fs->nf; i++) {
        iki_fval v;
        eval_entry(fs, &fs->fs[i], &v);
    }
    fs->active = 1;
    /* 4: back to the row we stopped at */
    if ((e = reopen(r)) != IKI_OK)
        return e;
    for (size_t k = 0; k <= before; k++) {
        if ((e = reader_fetch_row(r, have)) != IKI_OK)
            return e;
        if (!*have)
            break;
    }
    return IKI_OK;
}

iki_error iki_fsheet_row(iki_reader *r, int *have)
{
    if (!has_formula(&r->row))
        return IKI_OK;
    struct iki_fsheet *fs = r->fsheet;
    if (!fs) {
        fs = calloc(1, sizeof *fs);
        if (!fs)
            return reader_fail(r, IKI_ERROR_NOMEM, NULL);
        r->fsheet = fs;
    }
    if (!fs->active) {
        iki_error e = compute(r, fs, have);
        if (e != IKI_OK || !*have)
            return e;
    }
    fill(fs, r);
    return IKI_OK;
}
