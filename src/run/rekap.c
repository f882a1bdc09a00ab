/* One pass of `iki rekap`: see include/iki/rekap.h.  Files are hashed and
 * read by a pool of threads, each with its own reader, into their own
 * slots; copies, supersession and the order of the rows are decided
 * afterwards in input order, so the result never depends on the jobs. */
#include "iki/rekap.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iki/os.h"
#include "hash.h"
#include "iki/msg.h"
#include "iki/scan.h"

struct iki_rekap {
    iki_rekap_file *files;
    size_t nfiles, cap;
    char **excl;
    size_t nexcl;
    unsigned jobs;
    size_t ninputs;
    iki_rekap_progress_fn progress;
    void *progress_ctx;
    iki_diags *diags;
    iki_diags **file_diags; /* per file while reading, merged in order */
    size_t *standing;
    size_t nstanding;
    int *years;
    size_t nyears;
    size_t failed, manual;
};

iki_rekap *iki_rekap_new(void)
{
    iki_rekap *rk = calloc(1, sizeof *rk);
    if (rk && !(rk->diags = iki_diags_new())) {
        free(rk);
        return NULL;
    }
    return rk;
}

void iki_rekap_free(iki_rekap *rk)
{
    if (!rk)
        return;
    for (size_t i = 0; i < rk->nfiles; i++) {
        iki_rekap_file *f = &rk->files[i];
        free(f->path);
        free(f->why);
        free(f->why_id);
        iki_wb_free(f->wb);
        free(f->checks);
    }
    free(rk->files);
    for (size_t i = 0; i < rk->nexcl; i++)
        free(rk->excl[i]);
    free(rk->excl);
    iki_diags_free(rk->diags);
    free(rk->standing);
    free(rk->years);
    free(rk);
}

void iki_rekap_set_jobs(iki_rekap *rk, unsigned jobs)
{
    if (rk)
        rk->jobs = jobs;
}

void iki_rekap_set_progress(iki_rekap *rk, iki_rekap_progress_fn fn, void *ctx)
{
    if (rk) {
        rk->progress = fn;
        rk->progress_ctx = ctx;
    }
}

iki_error iki_rekap_exclude(iki_rekap *rk, const char *path)
{
    if (!rk || !path)
        return IKI_ERROR_USAGE;
    char **p = realloc(rk->excl, (rk->nexcl + 1) * sizeof *p);
    if (!p)
        return IKI_ERROR_NOMEM;
    rk->excl = p;
    if (!(p[rk->nexcl] = strdup(path)))
        return IKI_ERROR_NOMEM;
    rk->nexcl++;
    return IKI_OK;
}

/* Record why f is not read, in both languages (id NULL: en is a message
 * of the catalog, or the C library's text kept as it is). */
static int set_why(iki_rekap_file *f, const char *en, const char *id)
{
    free(f->why);
    free(f->why_id);
    f->why = strdup(en);
    f->why_id = strdup(id ? id : iki_msg_pick(en, 1));
    return f->why && f->why_id ? 0 : -1;
}

static int on_found(void *ctx, const char *path, int explicit_arg, iki_scan_kind kind,
                    const char *reason)
{
    iki_rekap *rk = ctx;
    (void)explicit_arg;
    for (size_t i = 0; i < rk->nexcl; i++)
        if (strcmp(rk->excl[i], path) == 0)
            return 0;
    for (size_t i = 0; rk->ninputs > 1 && i < rk->nfiles; i++)
        if (strcmp(rk->files[i].path, path) == 0)
            return 0;
    if (rk->nfiles == rk->cap) {
        size_t nc = rk->cap ? rk->cap * 2 : 64;
        iki_rekap_file *p = realloc(rk->files, nc * sizeof *p);
        if (!p)
            return -1;
        rk->files = p;
        rk->cap = nc;
    }
    iki_rekap_file *f = &rk->files[rk->nfiles];
    memset(f, 0, sizeof *f);
    f->of = -1;
    if (!(f->path = strdup(path)))
        return -1;
    rk->nfiles++;
    if (reason) {
        f->state = kind == IKI_SCAN_SKIPPED ? IKI_REKAP_SKIPPED : IKI_REKAP_FAILED;
        if (set_why(f, reason, NULL) != 0)
            return -1;
    }
    return 0;
}

iki_error iki_rekap_add_input(iki_rekap *rk, const char *path)
{
    if (!rk || !path)
        return IKI_ERROR_USAGE;
    rk->ninputs++;
    return iki_scan_path(path, on_found, rk) == 0 ? IKI_OK : IKI_ERROR_NOMEM;
}

/* ---- reading one file ----------------------------------------------------- */
static int content_hash(iki_rekap_file *f)
{
    iki_os_info st = {0};
    int rc = iki_run_hash_file(f->path, &st, f->sha256);
    if (st.kind == IKI_OS_FILE)
        f->size = st.size;
    return rc;
}

/* "G5" of a 0-based column (-1: none, as A) and row into buf. */
static void a1(long col, uint32_t row, char *buf, size_t cap)
{
    iki_cell_name(row, (uint32_t)(col < 0 ? 0 : col), buf, cap);
}

/* Check every row; a value typed over its formula is a warning. */
static iki_error check_rows(iki_rekap_file *f, iki_diags *d)
{
    iki_wb *wb = f->wb;
    f->checks = calloc(wb->nrows ? wb->nrows : 1, sizeof *f->checks);
    if (!f->checks)
        return IKI_ERROR_NOMEM;
    char cell[24];
    for (size_t i = 0; i < wb->nrows; i++) {
        const iki_wb_row *w = &wb->rows[i];
        iki_recheck *c = &f->checks[i];
        iki_recheck_row(w, c);
        if (c->value_manual && c->value_text_computed) {
            a1(wb->col_realisasi, w->row, cell, sizeof cell);
            if (iki_diags_add(d, IKI_CODE("realisasi_edited"), IKI_SEV_WARNING, f->path,
                              IKI_DATA_SHEET, cell,
                              "%s, %s: Realisasi changed by hand: %s written, %s from the "
                              "score in Pembilang",
                              w->code, w->position, w->value_text, c->value_text_computed) != 0)
                return IKI_ERROR_NOMEM;
        } else if (c->value_manual) {
            a1(wb->col_realisasi, w->row, cell, sizeof cell);
            if (iki_diags_add(d, IKI_CODE("realisasi_edited"), IKI_SEV_WARNING, f->path,
                              IKI_DATA_SHEET, cell,
                              "%s, %s: Realisasi changed by hand: %.15g written, %.15g "
                              "computed from Pembilang and Penyebut",
                              w->code, w->position, w->value, c->value_computed) != 0)
                return IKI_ERROR_NOMEM;
        }
        if (c->capaian_manual) {
            a1(wb->col_capaian, w->row, cell, sizeof cell);
            if (iki_diags_add(d, IKI_CODE("capaian_edited"), IKI_SEV_WARNING, f->path,
                              IKI_DATA_SHEET, cell,
                              "%s, %s: Capaian changed by hand: %.15g written, %.15g "
                              "computed from Realisasi and Target",
                              w->code, w->position, w->capaian, c->capaian_computed) != 0)
                return IKI_ERROR_NOMEM;
        }
    }
    return IKI_OK;
}

static iki_error read_one(iki_rekap_file *f, iki_reader *r, iki_diags *d)
{
    if (f->state != IKI_REKAP_READ)
        return IKI_OK;
    if (content_hash(f) != 0) {
        f->state = IKI_REKAP_FAILED;
        char en[512], id[512];
        iki_msg_format_both(en, sizeof en, id, sizeof id, IKI_MSG("cannot read: %s"),
                            strerror(errno));
        if (set_why(f, en, id) != 0)
            return IKI_ERROR_NOMEM;
        return iki_diags_add_both(d, IKI_CODE("read_io"), IKI_SEV_ERROR, f->path, NULL, NULL, f->why, f->why_id)
                   ? IKI_ERROR_NOMEM
                   : IKI_OK;
    }
    iki_error oe = iki_reader_open_path(r, f->path);
    if (oe != IKI_OK) {
        f->state = IKI_REKAP_FAILED;
        if (set_why(f, iki_reader_detail(r), iki_reader_detail_id(r)) != 0)
            return IKI_ERROR_NOMEM;
        return iki_diags_add_both(d, iki_error_read_code(oe), IKI_SEV_ERROR, f->path, NULL, NULL, f->why, f->why_id)
                   ? IKI_ERROR_NOMEM
                   : IKI_OK;
    }
    f->format = iki_reader_format(r);
    if (!(f->wb = iki_wb_new()))
        return IKI_ERROR_NOMEM;
    char why[512], why_id[512];
    iki_error e = iki_wb_read(r, f->wb, why, sizeof why, why_id, sizeof why_id);
    if (e != IKI_OK)
        return e;
    if (why[0]) {
        iki_wb_free(f->wb);
        f->wb = NULL;
        /* iki's mark without an identity: a recap (an earlier output of
         * rekap), not an office's workbook; left out, no failure */
        const char *mark = iki_reader_custom_property(r, IKI_MARK_PROPERTY);
        if (mark && strncmp(mark, IKI_MARK_VALUE_PREFIX, strlen(IKI_MARK_VALUE_PREFIX)) == 0) {
            f->state = IKI_REKAP_SKIPPED;
            if (set_why(f, IKI_MSG("a workbook written by iki that is no IKI workbook (a recap)"),
                        NULL) != 0)
                return IKI_ERROR_NOMEM;
            return iki_diags_add_both(d, IKI_CODE("recap_skipped"), IKI_SEV_INFO, f->path, NULL, NULL, f->why, f->why_id)
                       ? IKI_ERROR_NOMEM
                       : IKI_OK;
        }
        f->state = IKI_REKAP_FAILED;
        if (set_why(f, why, why_id) != 0)
            return IKI_ERROR_NOMEM;
        return iki_diags_add_both(d, IKI_CODE("not_iki_workbook"), IKI_SEV_ERROR, f->path, NULL, NULL, f->why, f->why_id)
                   ? IKI_ERROR_NOMEM
                   : IKI_OK;
    }
    return check_rows(f, d);
}

typedef struct pool {
    iki_rekap *rk;
    pthread_mutex_t mu;
    size_t next;
    iki_error err;
} pool;

static void *worker(void *arg)
{
    pool *p = arg;
    iki_rekap *rk = p->rk;
    iki_reader *r = iki_reader_new(NULL);
    for (;;) {
        pthread_mutex_lock(&p->mu);
        size_t i = p->next++;
        int stop = i >= rk->nfiles || p->err != IKI_OK || !r;
        if (!stop && rk->progress)
            rk->progress(rk->progress_ctx, i, rk->nfiles, rk->files[i].path);
        if (!r && p->err == IKI_OK)
            p->err = IKI_ERROR_NOMEM;
        pthread_mutex_unlock(&p->mu);
        if (stop)
            break;
        iki_error e = read_one(&rk->files[i], r, rk->file_diags[i]);
        /* the reader holds the last workbook's tables: let them go */
        if (e != IKI_OK) {
            pthread_mutex_lock(&p->mu);
            if (p->err == IKI_OK)
                p->err = e;
            pthread_mutex_unlock(&p->mu);
        }
    }
    iki_reader_free(r);
    return NULL;
}

/* ---- after reading ------------------------------------------------------- */
static iki_rekap *sort_ctx; /* qsort has no context; set under one call */

static int by_year_office(const void *a, const void *b)
{
    const iki_rekap_file *x = &sort_ctx->files[*(const size_t *)a];
    const iki_rekap_file *y = &sort_ctx->files[*(const size_t *)b];
    if (x->wb->year != y->wb->year)
        return x->wb->year < y->wb->year ? -1 : 1;
    int c = strcmp(x->wb->office, y->wb->office);
    if (c)
        return c;
    c = strcmp(x->path, y->path);
    return c ? c : (*(const size_t *)a < *(const size_t *)b ? -1 : 1);
}

static pthread_mutex_t sort_mu = PTHREAD_MUTEX_INITIALIZER;

/* Identical copies: the first in input order stands. */
static iki_error mark_copies(iki_rekap *rk)
{
    for (size_t i = 0; i < rk->nfiles; i++) {
        iki_rekap_file *f = &rk->files[i];
        if (!f->sha256[0] || f->state == IKI_REKAP_SKIPPED)
            continue;
        for (size_t j = 0; j < i; j++) {
            iki_rekap_file *g = &rk->files[j];
            if (g->of >= 0 || g->state == IKI_REKAP_SKIPPED || strcmp(g->sha256, f->sha256))
                continue;
            f->state = IKI_REKAP_COPY;
            f->of = (long)j;
            iki_wb_free(f->wb);
            f->wb = NULL;
            free(f->checks);
            f->checks = NULL;
            /* its diagnostics are those of the file it copies */
            iki_diags_free(rk->file_diags[i]);
            rk->file_diags[i] = iki_diags_new();
            if (!rk->file_diags[i] ||
                iki_diags_add(rk->file_diags[i], IKI_CODE("duplicate_file"), IKI_SEV_INFO,
                              f->path, NULL, NULL, "an identical copy of %s: read once", g->path) != 0)
                return IKI_ERROR_NOMEM;
            break;
        }
    }
    return IKI_OK;
}

/* Of the workbooks of one office and year, the one built last stands
 * (on equal build times, or none, the later in input order). */
static iki_error mark_superseded(iki_rekap *rk)
{
    for (size_t i = 0; i < rk->nfiles; i++) {
        iki_rekap_file *f = &rk->files[i];
        if (f->state != IKI_REKAP_READ)
            continue;
        for (size_t j = 0; j < rk->nfiles; j++) {
            iki_rekap_file *g = &rk->files[j];
            if (j == i || g->state != IKI_REKAP_READ || g->wb->year != f->wb->year ||
                strcmp(g->wb->office, f->wb->office) != 0)
                continue;
            long long tf = f->wb->has_built_at ? f->wb->built_at : -1;
            long long tg = g->wb->has_built_at ? g->wb->built_at : -1;
            if (tg > tf || (tg == tf && j > i)) {
                f->state = IKI_REKAP_SUPERSEDED;
                f->of = (long)j;
                f->same_time = tg == tf;
                break;
            }
        }
    }
    /* point every superseded file at the one that finally stands, and
     * keep only its identity */
    for (size_t i = 0; i < rk->nfiles; i++) {
        iki_rekap_file *f = &rk->files[i];
        if (f->state != IKI_REKAP_SUPERSEDED)
            continue;
        size_t hops = 0;
        while (rk->files[f->of].state == IKI_REKAP_SUPERSEDED && hops++ < rk->nfiles)
            f->of = rk->files[f->of].of;
        free(f->checks); /* the identity stays for Sumber */
        f->checks = NULL;
        if (iki_diags_add(rk->file_diags[i], IKI_CODE("superseded"), IKI_SEV_INFO, f->path,
                          NULL, NULL, f->same_time ? IKI_MSG("superseded by %s, of the same office, year "
                                                 "and build time, later in the inputs")
                                       : IKI_MSG("superseded by %s, built later for the same "
                                                 "office and year"),
                          rk->files[f->of].path) != 0)
            return IKI_ERROR_NOMEM;
    }
    return IKI_OK;
}

static int int_cmp(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return x < y ? -1 : x > y;
}

iki_error iki_rekap_execute(iki_rekap *rk)
{
    if (!rk)
        return IKI_ERROR_USAGE;
    iki_error e = IKI_OK;
    rk->file_diags = calloc(rk->nfiles ? rk->nfiles : 1, sizeof *rk->file_diags);
    if (!rk->file_diags)
        return IKI_ERROR_NOMEM;
    for (size_t i = 0; i < rk->nfiles; i++)
        if (!(rk->file_diags[i] = iki_diags_new())) {
            e = IKI_ERROR_NOMEM;
            goto cleanup;
        }
    /* a file named but missing, or a folder that cannot be opened */
    for (size_t i = 0; i < rk->nfiles; i++) {
        iki_rekap_file *f = &rk->files[i];
        if (f->state == IKI_REKAP_FAILED &&
            iki_diags_add_both(rk->file_diags[i], IKI_CODE("input_unreadable"), IKI_SEV_ERROR,
                               f->path, NULL, NULL, f->why, f->why_id) != 0) {
            e = IKI_ERROR_NOMEM;
            goto cleanup;
        }
    }
    pool p = {rk, PTHREAD_MUTEX_INITIALIZER, 0, IKI_OK};
    unsigned jobs = rk->jobs;
    if (!jobs) {
        unsigned n = iki_os_cores();
        jobs = n > 8 ? 8 : n;
    }
    if (jobs > rk->nfiles)
        jobs = (unsigned)rk->nfiles;
    pthread_t th[16];
    unsigned made = 0;
    for (; jobs > 1 && made < jobs && made < 16; made++)
        if (pthread_create(&th[made], NULL, worker, &p) != 0)
            break;
    if (made == 0)
        worker(&p);
    for (unsigned t = 0; t < made; t++)
        pthread_join(th[t], NULL);
    if ((e = p.err) != IKI_OK)
        goto cleanup;
    if ((e = mark_copies(rk)) != IKI_OK || (e = mark_superseded(rk)) != IKI_OK)
        goto cleanup;
    /* the diagnostics in input order */
    for (size_t i = 0; i < rk->nfiles; i++)
        if (iki_diags_move(rk->diags, rk->file_diags[i]) != 0) {
            e = IKI_ERROR_NOMEM;
            goto cleanup;
        }
    /* the standing files in the recap's order, the years, the counts */
    rk->standing = malloc((rk->nfiles ? rk->nfiles : 1) * sizeof *rk->standing);
    rk->years = malloc((rk->nfiles ? rk->nfiles : 1) * sizeof *rk->years);
    if (!rk->standing || !rk->years) {
        e = IKI_ERROR_NOMEM;
        goto cleanup;
    }
    for (size_t i = 0; i < rk->nfiles; i++) {
        const iki_rekap_file *f = &rk->files[i];
        if (f->state == IKI_REKAP_FAILED)
            rk->failed++;
        if (f->state != IKI_REKAP_READ)
            continue;
        rk->standing[rk->nstanding++] = i;
        for (size_t k = 0; k < f->wb->nrows; k++)
            rk->manual += f->checks[k].value_manual || f->checks[k].capaian_manual;
        size_t y = 0;
        while (y < rk->nyears && rk->years[y] != f->wb->year)
            y++;
        if (y == rk->nyears)
            rk->years[rk->nyears++] = f->wb->year;
    }
    if (rk->nyears > 1) /* qsort(NULL, 0, ...) is undefined */
        qsort(rk->years, rk->nyears, sizeof *rk->years, int_cmp);
    pthread_mutex_lock(&sort_mu);
    sort_ctx = rk;
    if (rk->nstanding > 1) /* qsort(NULL, 0, ...) is undefined */
        qsort(rk->standing, rk->nstanding, sizeof *rk->standing, by_year_office);
    sort_ctx = NULL;
    pthread_mutex_unlock(&sort_mu);
cleanup:
    for (size_t i = 0; i < rk->nfiles; i++)
        iki_diags_free(rk->file_diags[i]);
    free(rk->file_diags);
    rk->file_diags = NULL;
    return e;
}

size_t iki_rekap_file_count(const iki_rekap *rk)
{
    return rk ? rk->nfiles : 0;
}

const iki_rekap_file *iki_rekap_file_at(const iki_rekap *rk, size_t i)
{
    return rk && i < rk->nfiles ? &rk->files[i] : NULL;
}

size_t iki_rekap_standing_count(const iki_rekap *rk)
{
    return rk ? rk->nstanding : 0;
}

size_t iki_rekap_standing_at(const iki_rekap *rk, size_t k)
{
    return rk && k < rk->nstanding ? rk->standing[k] : 0;
}

size_t iki_rekap_year_count(const iki_rekap *rk)
{
    return rk ? rk->nyears : 0;
}

int iki_rekap_year_at(const iki_rekap *rk, size_t k)
{
    return rk && k < rk->nyears ? rk->years[k] : 0;
}

const iki_diags *iki_rekap_diags(const iki_rekap *rk)
{
    return rk ? rk->diags : NULL;
}

size_t iki_rekap_files_failed(const iki_rekap *rk)
{
    return rk ? rk->failed : 0;
}

size_t iki_rekap_manual_count(const iki_rekap *rk)
{
    return rk ? rk->manual : 0;
}
