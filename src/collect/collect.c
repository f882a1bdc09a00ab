/* The collect stage: blocks of facts (one per recognised sheet), then
 * duplicates resolved and periods combined into one value per field. */
#include "iki/collect.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iki/buf.h"
#include "iki/os.h"
#include "iki/reader.h"

/* An open-addressing set of 64-bit hashes; 0 marks an empty slot, so the
 * hash 0 is kept in a flag of its own. */
typedef struct hashset {
    uint64_t *slots;
    size_t n, cap;
    int has_zero;
} hashset;

static int hashset_add(hashset *h, uint64_t v)
{
    if (v == 0) {
        h->n += !h->has_zero;
        h->has_zero = 1;
        return 0;
    }
    if ((h->n + 1) * 2 > h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 64;
        uint64_t *s = calloc(cap, sizeof *s);
        if (!s)
            return -1;
        for (size_t i = 0; i < h->cap; i++) {
            uint64_t x = h->slots[i];
            if (!x)
                continue;
            size_t j = (size_t)(x * 0x9E3779B97F4A7C15ull) & (cap - 1);
            while (s[j])
                j = (j + 1) & (cap - 1);
            s[j] = x;
        }
        free(h->slots);
        h->slots = s;
        h->cap = cap;
    }
    size_t j = (size_t)(v * 0x9E3779B97F4A7C15ull) & (h->cap - 1);
    while (h->slots[j]) {
        if (h->slots[j] == v)
            return 0;
        j = (j + 1) & (h->cap - 1);
    }
    h->slots[j] = v;
    h->n++;
    return 0;
}

static void hashset_free(hashset *h)
{
    free(h->slots);
    memset(h, 0, sizeof *h);
}

typedef struct fieldfacts {
    int seen;          /* the column was found */
    int unknown;       /* a cell of it cannot be known */
    int has_cells;     /* at least one value added */
    double *by_area;   /* nareas + 1: the last slot is "no area" */
    int *area_has;     /* nareas + 1 */
    hashset distinct;
    char *text;
    uint32_t r0, c0, r1, c1; /* cell range that fed the field */
} fieldfacts;

typedef struct block {
    size_t source;
    iki_period period;
    char *file, *sheet;
    long long mtime;
    int dropped;
    fieldfacts *fields;
} block;

typedef struct result {
    int has;
    int unknown; /* a block's cell could not be known: no total */
    double total;
    double *by_area;
    int *area_has;
    char *text;
    iki_buf provenance;
} result;

struct iki_collect {
    const iki_template *t;
    block *blocks;
    size_t nblocks, cap;
    int open; /* the last block is open */
    size_t nslots; /* nareas + 1 */
    result **results; /* per source, per field (after finish) */
    iki_buf *periods;  /* per source */
    int finished;
    long long file_time;
};

iki_collect *iki_collect_new(const iki_template *t)
{
    if (!t)
        return NULL;
    iki_collect *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->t = t;
    c->nslots = t->nareas + 1;
    return c;
}

static void free_block(block *b, const iki_template *t)
{
    if (b->fields) {
        for (size_t f = 0; f < t->sources[b->source].nfields; f++) {
            free(b->fields[f].by_area);
            free(b->fields[f].area_has);
            hashset_free(&b->fields[f].distinct);
            free(b->fields[f].text);
        }
    }
    free(b->fields);
    free(b->file);
    free(b->sheet);
}

typedef struct result_set result_set;
static void free_result_set(const iki_template *t, result_set *rs);
static void free_results(iki_collect *c);

void iki_collect_free(iki_collect *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nblocks; i++)
        free_block(&c->blocks[i], c->t);
    free(c->blocks);
    free_results(c);
    free(c);
}

void iki_collect_set_file_time(iki_collect *c, long long mtime)
{
    if (c)
        c->file_time = mtime;
}

int iki_collect_begin(iki_collect *c, size_t source, const iki_period *period,
                      const char *file, const char *sheet, long long mtime)
{
    if (!c || c->open || source >= c->t->nsources)
        return -1;
    if (c->nblocks == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        block *b = realloc(c->blocks, cap * sizeof *b);
        if (!b)
            return -1;
        c->blocks = b;
        c->cap = cap;
    }
    block *b = &c->blocks[c->nblocks];
    memset(b, 0, sizeof *b);
    b->source = source;
    if (period)
        b->period = *period;
    b->file = strdup(file ? file : "");
    b->sheet = strdup(sheet ? sheet : "");
    b->mtime = mtime ? mtime : c->file_time;
    size_t nf = c->t->sources[source].nfields;
    b->fields = calloc(nf ? nf : 1, sizeof *b->fields);
    int fail = !b->file || !b->sheet || !b->fields;
    for (size_t f = 0; f < nf && !fail; f++) {
        b->fields[f].by_area = calloc(c->nslots, sizeof(double));
        b->fields[f].area_has = calloc(c->nslots, sizeof(int));
        fail = !b->fields[f].by_area || !b->fields[f].area_has;
    }
    c->nblocks++; /* so free_block runs on failure too */
    if (fail) {
        free_block(b, c->t);
        c->nblocks--;
        return -1;
    }
    c->open = 1;
    c->finished = 0;
    return 0;
}

static fieldfacts *open_field(iki_collect *c, size_t field)
{
    if (!c || !c->open)
        return NULL;
    block *b = &c->blocks[c->nblocks - 1];
    if (field >= c->t->sources[b->source].nfields)
        return NULL;
    return &b->fields[field];
}

static void widen(fieldfacts *f, uint32_t row, uint32_t col)
{
    if (!f->has_cells) {
        f->r0 = f->r1 = row;
        f->c0 = f->c1 = col;
        f->has_cells = 1;
        return;
    }
    if (row < f->r0) f->r0 = row;
    if (row > f->r1) f->r1 = row;
    if (col < f->c0) f->c0 = col;
    if (col > f->c1) f->c1 = col;
}

static size_t slot(const iki_collect *c, long area)
{
    return area >= 0 && (size_t)area < c->t->nareas ? (size_t)area : c->nslots - 1;
}

int iki_collect_field_seen(iki_collect *c, size_t field)
{
    fieldfacts *f = open_field(c, field);
    if (!f)
        return -1;
    f->seen = 1;
    return 0;
}

int iki_collect_field_unknown(iki_collect *c, size_t field)
{
    fieldfacts *f = open_field(c, field);
    if (!f)
        return -1;
    f->seen = 1;
    f->unknown = 1;
    return 0;
}

int iki_collect_add(iki_collect *c, size_t field, long area, double value,
                    uint32_t row, uint32_t col)
{
    fieldfacts *f = open_field(c, field);
    if (!f || !isfinite(value))
        return -1;
    f->seen = 1;
    size_t s = slot(c, area);
    f->by_area[s] += value;
    f->area_has[s] = 1;
    widen(f, row, col);
    return 0;
}

int iki_collect_add_distinct(iki_collect *c, size_t field, long area, uint64_t hash,
                             uint32_t row, uint32_t col)
{
    fieldfacts *f = open_field(c, field);
    if (!f)
        return -1;
    (void)area; /* distinct counts are kept per block, not per area */
    f->seen = 1;
    widen(f, row, col);
    return hashset_add(&f->distinct, hash);
}

int iki_collect_set_text(iki_collect *c, size_t field, const char *text, uint32_t row,
                         uint32_t col)
{
    fieldfacts *f = open_field(c, field);
    if (!f || !text)
        return -1;
    char *copy = strdup(text);
    if (!copy)
        return -1;
    free(f->text);
    f->text = copy;
    f->seen = 1;
    widen(f, row, col);
    return 0;
}

int iki_collect_end(iki_collect *c)
{
    if (!c || !c->open)
        return -1;
    c->open = 0;
    return 0;
}

void iki_collect_abort(iki_collect *c)
{
    if (!c || !c->open)
        return;
    free_block(&c->blocks[c->nblocks - 1], c->t);
    c->nblocks--;
    c->open = 0;
}

int iki_collect_move(iki_collect *dst, iki_collect *src)
{
    if (!dst || !src || dst->t != src->t || dst->open || src->open)
        return -1;
    if (!src->nblocks)
        return 0;
    if (dst->nblocks + src->nblocks > dst->cap) {
        size_t cap = dst->cap ? dst->cap : 16;
        while (cap < dst->nblocks + src->nblocks)
            cap *= 2;
        block *b = realloc(dst->blocks, cap * sizeof *b);
        if (!b)
            return -1;
        dst->blocks = b;
        dst->cap = cap;
    }
    memcpy(dst->blocks + dst->nblocks, src->blocks, src->nblocks * sizeof *src->blocks);
    dst->nblocks += src->nblocks;
    src->nblocks = 0;
    dst->finished = 0;
    return 0;
}

size_t iki_collect_drop_file(iki_collect *c, const char *file)
{
    size_t n = 0;
    for (size_t i = 0; c && file && i < c->nblocks; i++)
        if (!c->blocks[i].dropped && strcmp(c->blocks[i].file, file) == 0) {
            c->blocks[i].dropped = 1;
            n++;
        }
    return n;
}

/* ---- finish -------------------------------------------------------------- */
static int same_period(const iki_period *a, const iki_period *b)
{
    return a->kind == b->kind && a->year == b->year && a->index == b->index;
}

static void append_range(iki_buf *b, const block *bl, const fieldfacts *f)
{
    char c0[8], c1[8];
    if (b->len)
        iki_buf_append_str(b, "; ");
    iki_buf_printf(b, "%s!%s", iki_os_base_name(bl->file), bl->sheet);
    if (!f->has_cells)
        return;
    iki_col_name(f->c0, c0, sizeof c0);
    iki_col_name(f->c1, c1, sizeof c1);
    if (f->r0 == f->r1 && f->c0 == f->c1)
        iki_buf_printf(b, "!%s%lu", c0, (unsigned long)f->r0 + 1);
    else
        iki_buf_printf(b, "!%s%lu:%s%lu", c0, (unsigned long)f->r0 + 1, c1,
                       (unsigned long)f->r1 + 1);
}

static void drop_duplicates(iki_collect *c, iki_diags *d)
{
    for (size_t i = 0; i < c->nblocks; i++) {
        block *a = &c->blocks[i];
        if (a->dropped)
            continue;
        for (size_t j = i + 1; j < c->nblocks; j++) {
            block *b = &c->blocks[j];
            if (b->dropped || b->source != a->source || !same_period(&a->period, &b->period))
                continue;
            if (strcmp(a->file, b->file) == 0) {
                /* two sheets of one workbook, one form and period: both are
                 * added (a form split over sheets), never silently */
                if (strcmp(a->sheet, b->sheet) != 0) {
                    char per[64];
                    iki_period_format(&a->period, per, sizeof per);
                    if (per[0])
                        iki_diags_add(d, IKI_CODE("same_form_two_sheets"), IKI_SEV_WARNING,
                                      a->file, NULL, NULL,
                                      "sheets '%s' and '%s' hold the same form (%s) for the "
                                      "period %s: both are added; hide or remove a copy",
                                      a->sheet, b->sheet, c->t->sources[a->source].code, per);
                    else
                        iki_diags_add(d, IKI_CODE("same_form_two_sheets"), IKI_SEV_WARNING,
                                      a->file, NULL, NULL,
                                      "sheets '%s' and '%s' hold the same form (%s): both "
                                      "are added; hide or remove a copy",
                                      a->sheet, b->sheet, c->t->sources[a->source].code);
                }
                continue;
            }
            /* the newer file wins; on a tie, the later name */
            int b_newer = b->mtime > a->mtime ||
                          (b->mtime == a->mtime && strcmp(b->file, a->file) > 0);
            block *older = b_newer ? a : b, *newer = b_newer ? b : a;
            char per[64];
            iki_period_format(&a->period, per, sizeof per);
            if (per[0])
                iki_diags_add(d, IKI_CODE("duplicate_form"), IKI_SEV_WARNING, older->file,
                              older->sheet, NULL,
                              "same form (%s) and period %s as in %s: the newer file %s is "
                              "used",
                              c->t->sources[a->source].code, per, iki_os_base_name(newer->file),
                              iki_os_base_name(newer->file));
            else
                iki_diags_add(d, IKI_CODE("duplicate_form"), IKI_SEV_WARNING, older->file,
                              older->sheet, NULL,
                              "same form (%s) as in %s: the newer file %s is used",
                              c->t->sources[a->source].code, iki_os_base_name(newer->file),
                              iki_os_base_name(newer->file));
            older->dropped = 1;
            if (older == a)
                break;
        }
    }
}

size_t iki_collect_block_count(const iki_collect *c)
{
    return c ? c->nblocks - (size_t)(c->open != 0) : 0;
}

int iki_collect_block(const iki_collect *c, size_t i, size_t *source, iki_period *period,
                      const char **file, const char **sheet)
{
    if (i >= iki_collect_block_count(c))
        return -1;
    const block *b = &c->blocks[i];
    if (source)
        *source = b->source;
    if (period)
        *period = b->period;
    if (file)
        *file = b->file;
    if (sheet)
        *sheet = b->sheet;
    return b->dropped ? 1 : 0;
}

void iki_collect_drop_block(iki_collect *c, size_t i)
{
    if (i < iki_collect_block_count(c))
        c->blocks[i].dropped = 1;
}

/* Results of every source and field from the blocks not left out whose
 * period ends at or before `cut` (yyyymmdd, 0: no cut; a block whose
 * period states no year is taken in `year`, one without a period covers the
 * year).  Flows are added, stocks take the latest period among those
 * blocks.  Allocated into *res and *periods (freed by free_result_set). */
typedef struct result_set {
    result **results; /* per source, per field */
    iki_buf *periods; /* per source */
} result_set;

static void free_result_set(const iki_template *t, result_set *rs)
{
    if (rs->results) {
        for (size_t s = 0; s < t->nsources; s++) {
            if (!rs->results[s])
                continue;
            for (size_t f = 0; f < t->sources[s].nfields; f++) {
                free(rs->results[s][f].by_area);
                free(rs->results[s][f].area_has);
                free(rs->results[s][f].text);
                iki_buf_free(&rs->results[s][f].provenance);
            }
            free(rs->results[s]);
        }
        free(rs->results);
        rs->results = NULL;
    }
    if (rs->periods) {
        for (size_t s = 0; s < t->nsources; s++)
            iki_buf_free(&rs->periods[s]);
        free(rs->periods);
        rs->periods = NULL;
    }
}

static long block_end(const block *b, int year)
{
    iki_period p = b->period;
    if (p.kind == IKI_PERIOD_NONE) {
        p.kind = IKI_PERIOD_YEAR;
        p.year = 0;
    }
    if (!p.year)
        p.year = year;
    return iki_period_end(&p);
}

static int in_cut(const block *b, long cut, int year)
{
    return !b->dropped && (!cut || block_end(b, year) <= cut);
}

static int build_results(const iki_collect *c, long cut, int year, result_set *rs)
{
    const iki_template *t = c->t;
    rs->results = calloc(t->nsources ? t->nsources : 1, sizeof *rs->results);
    rs->periods = calloc(t->nsources ? t->nsources : 1, sizeof *rs->periods);
    if (!rs->results || !rs->periods)
        return -1;
    for (size_t s = 0; s < t->nsources; s++) {
        const iki_source *src = &t->sources[s];
        rs->results[s] = calloc(src->nfields ? src->nfields : 1, sizeof(result));
        if (!rs->results[s])
            return -1;
        /* the latest period among this source's blocks */
        long latest = -1;
        for (size_t i = 0; i < c->nblocks; i++) {
            const block *b = &c->blocks[i];
            if (!in_cut(b, cut, year) || b->source != s)
                continue;
            long end = iki_period_end(&b->period);
            if (end > latest)
                latest = end;
            char per[64];
            iki_period_format(&b->period, per, sizeof per);
            if (per[0] && !strstr(rs->periods[s].data ? rs->periods[s].data : "", per)) {
                if (rs->periods[s].len)
                    iki_buf_append_str(&rs->periods[s], ", ");
                iki_buf_append_str(&rs->periods[s], per);
            }
        }
        for (size_t f = 0; f < src->nfields; f++) {
            const iki_field *fd = &src->fields[f];
            result *r = &rs->results[s][f];
            r->by_area = calloc(c->nslots, sizeof(double));
            r->area_has = calloc(c->nslots, sizeof(int));
            if (!r->by_area || !r->area_has)
                return -1;
            hashset uni = {0};
            for (size_t i = 0; i < c->nblocks; i++) {
                const block *b = &c->blocks[i];
                if (!in_cut(b, cut, year) || b->source != s || !b->fields[f].seen)
                    continue;
                int stock = fd->over_periods == IKI_PERIODS_STOCK || fd->agg == IKI_AGG_TEXT;
                if (stock && iki_period_end(&b->period) != latest)
                    continue;
                const fieldfacts *ff = &b->fields[f];
                r->has = 1;
                r->unknown |= ff->unknown;
                append_range(&r->provenance, b, ff);
                if (fd->agg == IKI_AGG_DISTINCT) {
                    if (ff->distinct.has_zero && hashset_add(&uni, 0) != 0) {
                        hashset_free(&uni);
                        return -1;
                    }
                    for (size_t k = 0; k < ff->distinct.cap; k++)
                        if (ff->distinct.slots[k] && hashset_add(&uni, ff->distinct.slots[k]) != 0) {
                            hashset_free(&uni);
                            return -1;
                        }
                } else if (fd->agg == IKI_AGG_TEXT) {
                    if (ff->text) {
                        free(r->text);
                        r->text = strdup(ff->text);
                        if (!r->text)
                            return -1;
                    }
                } else {
                    for (size_t a = 0; a < c->nslots; a++) {
                        r->by_area[a] += ff->by_area[a];
                        r->area_has[a] |= ff->area_has[a];
                    }
                }
            }
            if (fd->agg == IKI_AGG_DISTINCT)
                r->total = (double)uni.n;
            else
                for (size_t a = 0; a < c->nslots; a++)
                    r->total += r->by_area[a];
            hashset_free(&uni);
        }
    }
    return 0;
}

int iki_collect_finish(iki_collect *c, iki_diags *d)
{
    if (!c || c->open)
        return -1;
    free_results(c);
    drop_duplicates(c, d);
    result_set rs = {0};
    int rc = build_results(c, 0, 0, &rs);
    c->results = rs.results;
    c->periods = rs.periods;
    if (rc != 0)
        return -1;
    c->finished = 1;
    return 0;
}

long iki_collect_block_end(const iki_collect *c, size_t i, int year)
{
    if (i >= iki_collect_block_count(c))
        return -1;
    return block_end(&c->blocks[i], year);
}

/* ---- results as at a date ------------------------------------------------ */
struct iki_collect_at {
    const iki_collect *c;
    result_set rs;
};

iki_collect_at *iki_collect_at_new(const iki_collect *c, long cut, int year)
{
    if (!c || !c->finished || cut <= 0)
        return NULL;
    iki_collect_at *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->c = c;
    if (build_results(c, cut, year, &a->rs) != 0) {
        iki_collect_at_free(a);
        return NULL;
    }
    return a;
}

void iki_collect_at_free(iki_collect_at *a)
{
    if (!a)
        return;
    free_result_set(a->c->t, &a->rs);
    free(a);
}

static void free_results(iki_collect *c)
{
    result_set rs = {c->results, c->periods};
    free_result_set(c->t, &rs);
    c->results = NULL;
    c->periods = NULL;
}

static const result *get_in(const iki_template *t, result **results, size_t source,
                            size_t field)
{
    if (source >= t->nsources || field >= t->sources[source].nfields)
        return NULL;
    return &results[source][field];
}

static const result *get(const iki_collect *c, size_t source, size_t field)
{
    if (!c || !c->finished)
        return NULL;
    return get_in(c->t, c->results, source, field);
}

int iki_collect_at_number(const iki_collect_at *a, size_t source, size_t field, double *out)
{
    const result *r = a ? get_in(a->c->t, a->rs.results, source, field) : NULL;
    if (!r || !r->has || a->c->t->sources[source].fields[field].agg == IKI_AGG_TEXT)
        return -1;
    *out = r->total;
    return 0;
}

const char *iki_collect_at_text(const iki_collect_at *a, size_t source, size_t field)
{
    const result *r = a ? get_in(a->c->t, a->rs.results, source, field) : NULL;
    return r && r->has ? r->text : NULL;
}

int iki_collect_number(const iki_collect *c, size_t source, size_t field, double *out)
{
    const result *r = get(c, source, field);
    if (!r || !r->has || r->unknown ||
        c->t->sources[source].fields[field].agg == IKI_AGG_TEXT)
        return -1;
    *out = r->total;
    return 0;
}

int iki_collect_area_number(const iki_collect *c, size_t source, size_t field,
                            size_t area, double *out)
{
    const result *r = get(c, source, field);
    if (!r || !r->has || area >= c->t->nareas || !r->area_has[area])
        return -1;
    *out = r->by_area[area];
    return 0;
}

const char *iki_collect_text(const iki_collect *c, size_t source, size_t field)
{
    const result *r = get(c, source, field);
    return r && r->has && !r->unknown ? r->text : NULL;
}

const char *iki_collect_provenance(const iki_collect *c, size_t source, size_t field)
{
    const result *r = get(c, source, field);
    return r && r->provenance.data ? r->provenance.data : "";
}

const char *iki_collect_periods(const iki_collect *c, size_t source)
{
    if (!c || !c->finished || source >= c->t->nsources || !c->periods[source].data)
        return "";
    return c->periods[source].data;
}
