/* One run of the pipeline: scan -> readers -> table -> collect -> compute. */
#define _GNU_SOURCE
#include "iki/run.h"

#include <errno.h>
#include <pthread.h>
#include "iki/os.h"
#include "hash.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>


#include "iki/buf.h"
#include "iki/msg.h"
#include "iki/numfmt.h"
#include "iki/scan.h"

/* A target cell of a target form, with where it came from. */
typedef struct tentry {
    iki_target_entry e;
    char *file, *sheet;
    long long mtime;
    int dropped; /* its form is of another year */
} tentry;

typedef struct tlist {
    tentry *v;
    size_t n, cap;
} tlist;

static void tlist_free(tlist *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].file);
        free(l->v[i].sheet);
    }
    free(l->v);
    memset(l, 0, sizeof *l);
}

static int tlist_move(tlist *dst, tlist *src)
{
    for (size_t i = 0; i < src->n; i++) {
        if (dst->n == dst->cap) {
            size_t cap = dst->cap ? dst->cap * 2 : 32;
            tentry *v = realloc(dst->v, cap * sizeof *v);
            if (!v)
                return -1;
            dst->v = v;
            dst->cap = cap;
        }
        dst->v[dst->n++] = src->v[i];
    }
    free(src->v);
    memset(src, 0, sizeof *src);
    return 0;
}

struct iki_run {
    const iki_template *t;
    iki_run_file *files;
    size_t nfiles, cap;
    struct excl {
        char *path;
        uint64_t dev;
        uint64_t ino;
        int has_id;
    } *excl;
    size_t nexcl;
    iki_diags *diags;
    iki_collect *collect;
    iki_result *results;
    iki_result *quarters; /* 4 x nindicators: as at the end of TW I..IV */
    tlist targets;        /* every target cell read, in file order */
    iki_run_target *eff;  /* 5 x nindicators: the targets that count */
    iki_period until;     /* --until: MONTH or QUARTER (year 0: the report's) */
    long until_end;       /* its last day, yyyymmdd, after execute; 0: none */
    int executed;
    iki_run_progress_fn progress;
    void *progress_ctx;
    iki_run_read_fn after_read;
    void *after_read_ctx;
    unsigned jobs; /* 0: one per core */
    int year_set;          /* iki_run_set_year, 0: decide */
    long long clock;       /* iki_run_set_clock */
    int year;              /* the report year, after execute */
    iki_year_from year_from;
    size_t ninputs; /* iki_run_add_input calls so far */
};

void iki_run_set_year(iki_run *run, int year)
{
    if (run)
        run->year_set = year;
}

void iki_run_set_clock(iki_run *run, long long now)
{
    if (run)
        run->clock = now;
}

int iki_run_year(const iki_run *run)
{
    return run ? run->year : 0;
}

iki_year_from iki_run_year_from(const iki_run *run)
{
    return run ? run->year_from : IKI_YEAR_FROM_OPTION;
}

void iki_run_set_progress(iki_run *run, iki_run_progress_fn fn, void *ctx)
{
    if (run) {
        run->progress = fn;
        run->progress_ctx = ctx;
    }
}

void iki_run_set_after_read(iki_run *run, iki_run_read_fn fn, void *ctx)
{
    if (run) {
        run->after_read = fn;
        run->after_read_ctx = ctx;
    }
}

static void stamp_of(const iki_os_info *st, struct iki_run_stamp *s)
{
    s->dev = st->dev;
    s->ino = st->ino;
    s->mtime_ns = st->mtime_ns;
    s->ctime_ns = st->ctime_ns;
}

iki_run *iki_run_new(const iki_template *t)
{
    if (!t)
        return NULL;
    iki_run *run = calloc(1, sizeof *run);
    if (!run)
        return NULL;
    run->t = t;
    run->diags = iki_diags_new();
    run->collect = iki_collect_new(t);
    run->results = calloc(t->nindicators ? t->nindicators : 1, sizeof *run->results);
    run->quarters = calloc(4 * (t->nindicators ? t->nindicators : 1), sizeof *run->quarters);
    run->eff = calloc(5 * (t->nindicators ? t->nindicators : 1), sizeof *run->eff);
    if (!run->diags || !run->collect || !run->results || !run->quarters || !run->eff) {
        iki_run_free(run);
        return NULL;
    }
    return run;
}

void iki_run_free(iki_run *run)
{
    if (!run)
        return;
    for (size_t i = 0; i < run->nfiles; i++) {
        iki_run_file *f = &run->files[i];
        free(f->path);
        free(f->skipped);
        free(f->skipped_id);
        for (size_t s = 0; s < f->nsheets; s++) {
            free(f->sheets[s].name);
            free(f->sheets[s].why);
            free(f->sheets[s].why_id);
        }
        free(f->sheets);
    }
    free(run->files);
    for (size_t i = 0; i < run->nexcl; i++)
        free(run->excl[i].path);
    free(run->excl);
    iki_diags_free(run->diags);
    iki_collect_free(run->collect);
    free(run->results);
    free(run->quarters);
    free(run->eff);
    tlist_free(&run->targets);
    free(run);
}

static iki_run_file *push_file(iki_run *run, const char *path)
{
    if (run->nfiles == run->cap) {
        size_t cap = run->cap ? run->cap * 2 : 16;
        iki_run_file *f = realloc(run->files, cap * sizeof *f);
        if (!f)
            return NULL;
        run->files = f;
        run->cap = cap;
    }
    iki_run_file *f = &run->files[run->nfiles];
    memset(f, 0, sizeof *f);
    f->path = strdup(path);
    if (!f->path)
        return NULL;
    run->nfiles++;
    return f;
}

iki_error iki_run_exclude(iki_run *run, const char *path)
{
    if (!run || !path)
        return IKI_ERROR_USAGE;
    struct excl *e = realloc(run->excl, (run->nexcl + 1) * sizeof *e);
    if (!e)
        return IKI_ERROR_NOMEM;
    run->excl = e;
    e = &run->excl[run->nexcl];
    memset(e, 0, sizeof *e);
    e->path = strdup(path);
    if (!e->path)
        return IKI_ERROR_NOMEM;
    iki_os_info st;
    if (iki_os_stat(path, &st) == 0) {
        e->dev = st.dev;
        e->ino = st.ino;
        e->has_id = 1;
    }
    run->nexcl++;
    return IKI_OK;
}

static int excluded(const iki_run *run, const char *path)
{
    iki_os_info st;
    int has = iki_os_stat(path, &st) == 0;
    for (size_t i = 0; i < run->nexcl; i++) {
        const struct excl *e = &run->excl[i];
        if (e->has_id ? (has && st.dev == e->dev && st.ino == e->ino)
                      : iki_os_same_name(e->path, path))
            return 1;
    }
    return 0;
}

/* A copy of the Indonesian of en, a message of the catalog (a skip reason
 * of src/scan, ...) or the C library's error text (kept as it is); NULL
 * when out of memory. */
static char *id_of(const char *en)
{
    return strdup(iki_msg_pick(en, 1));
}

/* Record why f is skipped, in both languages (id NULL: en is a message of
 * the catalog, or the C library's text).
 * 0, or -1 when out of memory. */
static int set_skip(iki_run_file *f, const char *en, const char *id)
{
    free(f->skipped);
    free(f->skipped_id);
    f->skipped = strdup(en);
    f->skipped_id = id ? strdup(id) : id_of(en);
    return f->skipped && f->skipped_id ? 0 : -1;
}

static int on_found(void *ctx, const char *path, int explicit_arg, iki_scan_kind kind,
                    const char *reason)
{
    iki_run *run = ctx;
    (void)explicit_arg;
    if (kind != IKI_SCAN_PROBLEM && excluded(run, path))
        return 0; /* the output being written */
    /* the same path twice: only when several inputs overlap (one folder
     * walk never repeats a path, so the common case costs nothing) */
    for (size_t i = 0; run->ninputs > 1 && i < run->nfiles; i++)
        if (strcmp(run->files[i].path, path) == 0)
            return 0;
    iki_run_file *f = push_file(run, path);
    if (!f)
        return -1;
    if (reason) {
        if (set_skip(f, reason, NULL) != 0)
            return -1;
        f->duplicate = kind == IKI_SCAN_SKIPPED;
    }
    return 0;
}

iki_error iki_run_add_input(iki_run *run, const char *path)
{
    if (!run || !path)
        return IKI_ERROR_USAGE;
    run->ninputs++;
    return iki_scan_path(path, on_found, run) == 0 ? IKI_OK : IKI_ERROR_NOMEM;
}

/* SHA-256 of the file's bytes: shown in Sumber, and finds identical
 * copies ("Rekap (1).xlsx"); with the file's size, time and stamp. */
static int content_hash(iki_run_file *f)
{
    iki_os_info st = {0};
    int rc = iki_run_hash_file(f->path, &st, f->sha256);
    int e = errno;
    if (st.kind == IKI_OS_FILE) { /* Sumber shows them, over the limit too */
        f->size = st.size;
        f->mtime = st.mtime;
        stamp_of(&st, &f->stamp);
    }
    errno = e;
    return rc;
}

static void forget_sheets(iki_run_file *f)
{
    for (size_t s = 0; s < f->nsheets; s++) {
        free(f->sheets[s].name);
        free(f->sheets[s].why);
        free(f->sheets[s].why_id);
    }
    free(f->sheets);
    f->sheets = NULL;
    f->nsheets = 0;
    f->read = 0;
}

/* Did the file change since its hash was taken: its size, its times to the
 * nanosecond, or its inode (saved through a temporary file and a rename)? */
static int changed_since(const iki_run_file *f)
{
    iki_os_info st;
    if (iki_os_stat(f->path, &st) != 0)
        return 1;
    struct iki_run_stamp now;
    stamp_of(&st, &now);
    return st.size != f->size || now.dev != f->stamp.dev ||
           now.ino != f->stamp.ino || now.mtime_ns != f->stamp.mtime_ns ||
           now.ctime_ns != f->stamp.ctime_ns;
}

/* Where one file's facts and diagnostics go: a private collector and list
 * per file, so files can be read by several threads and merged in order. */
typedef struct sink {
    iki_collect *c;
    iki_diags *d;
    tlist t;
} sink;

/* Where the target cells of one sheet go. */
typedef struct tsheet {
    tlist *l;
    const char *file, *sheet;
    long long mtime;
    size_t n;
} tsheet;

static int on_target(void *ctx, const iki_target_entry *e)
{
    tsheet *ts = ctx;
    tlist *l = ts->l;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 32;
        tentry *v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return -1;
        l->v = v;
        l->cap = cap;
    }
    tentry *t = &l->v[l->n];
    memset(t, 0, sizeof *t);
    t->e = *e;
    t->file = strdup(ts->file);
    t->sheet = strdup(ts->sheet);
    t->mtime = ts->mtime;
    if (!t->file || !t->sheet) {
        free(t->file);
        free(t->sheet);
        return -1;
    }
    l->n++;
    ts->n++;
    return 0;
}

/* "B7: detail", a new string (NULL when out of memory). */
static char *join_cell(const char *cell, const char *detail)
{
    size_t n = strlen(cell) + strlen(detail) + 3;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s: %s", cell, detail);
    return s;
}

static iki_error read_file_once(iki_run *run, size_t index, iki_reader *r, sink *k);

/* content_hash failed (errno says why): the file is skipped and reported
 * once, here. */
static iki_error hash_failed(iki_run_file *f, sink *k)
{
    char msg[256], id[256];
    const char *code = IKI_CODE("read_io");
    if (errno == EFBIG) {
        code = IKI_CODE("file_too_large");
        iki_limits lim;
        iki_limits_default(&lim);
        iki_msg_format_both(msg, sizeof msg, id, sizeof id, IKI_TOO_LARGE_FMT,
                            (unsigned long long)f->size,
                            (unsigned long long)lim.max_file_bytes);
    } else {
        iki_msg_format_both(msg, sizeof msg, id, sizeof id, IKI_MSG("cannot read: %s"),
                            strerror(errno));
    }
    int bad = set_skip(f, msg, id);
    iki_diags_add_both(k->d, code, IKI_SEV_ERROR, f->path, NULL, NULL, msg, id);
    f->reported = 1;
    return bad ? IKI_ERROR_NOMEM : IKI_OK;
}

/* A file saved while it is read (staff copying into the inbox) is hashed
 * and read again once; if it changes again, it is reported and not used. */
static iki_error read_file(iki_run *run, size_t index, iki_reader *r, sink *k)
{
    for (int attempt = 0;; attempt++) {
        iki_error e = read_file_once(run, index, r, k);
        iki_run_file *f = &run->files[index];
        if (e == IKI_OK && f->read && run->after_read)
            run->after_read(run->after_read_ctx, index, f->path);
        if (e != IKI_OK || !f->read || !changed_since(f))
            return e;
        iki_collect_drop_file(k->c, f->path);
        forget_sheets(f);
        if (attempt == 0 && content_hash(f) != 0)
            return hash_failed(f, k);
        if (attempt == 1) {
            int bad = set_skip(f, IKI_MSG("it kept changing while it was read"), NULL);
            iki_diags_add(k->d, IKI_CODE("file_kept_changing"), IKI_SEV_ERROR, f->path, NULL,
                          NULL, "changed while it was read, twice: not used");
            return bad ? IKI_ERROR_NOMEM : IKI_OK;
        }
        iki_diags_add(k->d, IKI_CODE("file_changed"), IKI_SEV_INFO, f->path, NULL, NULL,
                      "changed while it was read: read again");
    }
}

static iki_error read_file_once(iki_run *run, size_t index, iki_reader *r, sink *k)
{
    iki_run_file *f = &run->files[index];
    if (f->skipped) {
        if (!f->duplicate && !f->reported) {
            char en[1024], id[1024];
            snprintf(en, sizeof en, "cannot read: %s", f->skipped);
            snprintf(id, sizeof id, iki_msg_pick(IKI_MSG("cannot read: %s"), 1),
                     f->skipped_id ? f->skipped_id : f->skipped);
            iki_diags_add_both(k->d, IKI_CODE("input_unreadable"), IKI_SEV_ERROR, f->path,
                               NULL, NULL, en, id);
        }
        return IKI_OK;
    }
    iki_error oe = iki_reader_open_path(r, f->path);
    if (oe != IKI_OK) {
        int bad = set_skip(f, iki_reader_detail(r), iki_reader_detail_id(r));
        iki_diags_add_both(k->d, iki_error_read_code(oe), IKI_SEV_ERROR, f->path, NULL, NULL,
                           iki_reader_detail(r), iki_reader_detail_id(r));
        return bad ? IKI_ERROR_NOMEM : IKI_OK;
    }
    const char *mark = iki_reader_custom_property(r, IKI_MARK_PROPERTY);
    if (mark && strncmp(mark, IKI_MARK_VALUE_PREFIX, strlen(IKI_MARK_VALUE_PREFIX)) == 0) {
        int bad = set_skip(f, IKI_MSG("a workbook written by iki (an earlier output)"), NULL);
        f->duplicate = 1; /* not a failure */
        iki_diags_add(k->d, IKI_CODE("own_output"), IKI_SEV_INFO, f->path, NULL, NULL,
                      "a workbook written by iki (an earlier output): skipped");
        return bad ? IKI_ERROR_NOMEM : IKI_OK;
    }
    f->read = 1;
    f->format = iki_reader_format(r);
    const char *base = iki_os_base_name(f->path);
    iki_period_parse(base, strlen(base), &f->period);
    size_t n = iki_reader_sheet_count(r);
    f->sheets = calloc(n ? n : 1, sizeof *f->sheets);
    if (!f->sheets)
        return IKI_ERROR_NOMEM;
    iki_collect_set_file_time(k->c, f->mtime);
    for (size_t s = 0; s < n; s++) {
        const iki_sheet_info *si = iki_reader_sheet(r, s);
        iki_run_sheet *rs = &f->sheets[f->nsheets++];
        rs->name = strdup(si->name);
        rs->source = -1;
        if (!rs->name)
            return IKI_ERROR_NOMEM;
        /* a hidden sheet (last year's recap kept out of sight) is not
         * read unless the template says so */
        if (si->visibility != IKI_SHEET_VISIBLE && !run->t->office.read_hidden) {
            const char *why = si->visibility == IKI_SHEET_VERY_HIDDEN
                                  ? IKI_MSG("very hidden sheet")
                                  : IKI_MSG("hidden sheet");
            const char *f_not_read = IKI_MSG("%s: not read (office.hidden_sheets: read in "
                                             "the template reads it)");
            char en[256], id[256];
            snprintf(en, sizeof en, f_not_read, why);
            snprintf(id, sizeof id, iki_msg_pick(f_not_read, 1), iki_msg_pick(why, 1));
            rs->why = strdup(why);
            rs->why_id = rs->why ? id_of(why) : NULL;
            rs->skipped = 1;
            if (!rs->why || !rs->why_id ||
                iki_diags_add_both(k->d, IKI_CODE("hidden_sheet"), IKI_SEV_INFO, f->path,
                                   si->name, NULL, en, id) != 0)
                return IKI_ERROR_NOMEM;
            continue;
        }
        /* a target form first: its column of indicator names could pass
         * for a list form's header */
        int target_form = 0;
        tsheet ts = {&k->t, f->path, si->name, f->mtime, 0};
        iki_error e = iki_table_read_targets(run->t, r, s, f->path, &f->period, on_target,
                                             &ts, k->d, &target_form);
        if (e == IKI_ERROR_NOMEM)
            return e;
        if (e == IKI_OK && target_form) {
            rs->target_form = 1;
            rs->targets = ts.n;
            rs->why = strdup("");
            rs->why_id = strdup("");
            if (!rs->why || !rs->why_id)
                return IKI_ERROR_NOMEM;
            continue;
        }
        iki_sheet_result res;
        memset(&res, 0, sizeof res);
        res.source = -1;
        e = iki_table_read_sheet(run->t, r, s, f->path, &f->period, k->c,
                                           k->d, &res);
        if (e == IKI_ERROR_NOMEM)
            return e;
        if (e != IKI_OK) {
            iki_diags_add_both(k->d, iki_error_read_code(e), IKI_SEV_ERROR, f->path, si->name,
                               iki_reader_cell(r),
                               iki_reader_detail(r), iki_reader_detail_id(r));
            /* Sumber has no cell column: the cell leads the reason */
            const char *cell = iki_reader_cell(r);
            rs->why = cell ? join_cell(cell, iki_reader_detail(r)) : strdup(iki_reader_detail(r));
            rs->why_id = cell ? join_cell(cell, iki_reader_detail_id(r))
                              : strdup(iki_reader_detail_id(r));
        } else {
            rs->source = res.source;
            rs->data_rows = res.data_rows;
            rs->why = strdup(res.source < 0 ? res.why : "");
            rs->why_id = strdup(res.source < 0 ? res.why_id : "");
        }
        if (!rs->why || !rs->why_id)
            return IKI_ERROR_NOMEM;
    }
    return IKI_OK;
}

static int values_number(void *ctx, size_t source, size_t field, double *out)
{
    return iki_collect_number(ctx, source, field, out);
}

static const char *values_text(void *ctx, size_t source, size_t field)
{
    return iki_collect_text(ctx, source, field);
}

/* ---- phases over the files, in parallel where it pays ------------------ */
typedef struct pool {
    iki_run *run;
    sink *sinks;
    size_t next;
    pthread_mutex_t mu;
    int phase; /* 0: hash; 1: read */
    size_t started;
    iki_error err;
} pool;

/* Phase 0: the content hash of each file (SHA-256: Sumber, and identical
 * copies), its size and time. */
static iki_error hash_one(iki_run *run, size_t i, sink *k)
{
    iki_run_file *f = &run->files[i];
    if (f->skipped)
        return IKI_OK;
    if (content_hash(f) == 0)
        return IKI_OK;
    return hash_failed(f, k);
}

static void *worker(void *arg)
{
    pool *p = arg;
    iki_reader *r = p->phase == 1 ? iki_reader_new(NULL) : NULL;
    for (;;) {
        pthread_mutex_lock(&p->mu);
        size_t i = p->next++;
        int stop = i >= p->run->nfiles || p->err != IKI_OK;
        if (!stop && p->phase == 1 && p->run->progress)
            p->run->progress(p->run->progress_ctx, p->started++, p->run->nfiles,
                             p->run->files[i].path);
        pthread_mutex_unlock(&p->mu);
        if (stop)
            break;
        iki_error e;
        if (p->phase == 0)
            e = hash_one(p->run, i, &p->sinks[i]);
        else if (!r)
            e = IKI_ERROR_NOMEM;
        else {
            e = read_file(p->run, i, r, &p->sinks[i]);
        }
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

/* By digest, then by position: the first of identical files is read. */
static int by_digest(const void *a, const void *b, void *ctx)
{
    const iki_run *run = ctx;
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    int c = strcmp(run->files[i].sha256, run->files[j].sha256);
    return c ? c : (i < j ? -1 : i > j);
}

/* Run a phase over every file with up to `jobs` threads (1: this one). */
static iki_error run_phase(pool *p, int phase, unsigned jobs)
{
    p->phase = phase;
    p->next = 0;
    if (jobs > p->run->nfiles)
        jobs = (unsigned)p->run->nfiles;
    if (jobs <= 1) {
        worker(p);
        return p->err;
    }
    pthread_t th[16];
    unsigned made = 0;
    for (; made < jobs && made < 16; made++)
        if (pthread_create(&th[made], NULL, worker, p) != 0)
            break;
    if (made == 0)
        worker(p);
    for (unsigned t = 0; t < made; t++)
        pthread_join(th[t], NULL);
    return p->err;
}

void iki_run_set_jobs(iki_run *run, unsigned jobs)
{
    if (run)
        run->jobs = jobs;
}

static unsigned default_jobs(void)
{
    unsigned n = iki_os_cores();
    return n > 8 ? 8 : n;
}

/* The year the recognised inputs state: per year, the number of files
 * with a form of that year; the most, the later year on a tie; 0 when no
 * form states a year. */
static int year_of_inputs(const iki_run *run)
{
    enum { Y0 = 2000, NY = 100 }; /* iki_period_parse's years: 2000-2099 */
    size_t votes[NY] = {0};
    const char *last_file = NULL;
    unsigned char seen[NY];
    size_t nb = iki_collect_block_count(run->collect);
    for (size_t i = 0; i < nb; i++) {
        iki_period p;
        const char *file;
        if (iki_collect_block(run->collect, i, NULL, &p, &file, NULL) != 0)
            continue;
        if (!last_file || strcmp(file, last_file) != 0) {
            memset(seen, 0, sizeof seen);
            last_file = file;
        }
        if (p.year < Y0 || p.year >= Y0 + NY || seen[p.year - Y0])
            continue;
        seen[p.year - Y0] = 1;
        votes[p.year - Y0]++;
    }
    int best = 0;
    for (int y = 0; y < NY; y++)
        if (votes[y] && (!best || votes[y] >= votes[best - Y0]))
            best = Y0 + y;
    return best;
}

static iki_run_file *file_of(iki_run *run, const char *path)
{
    for (size_t i = 0; i < run->nfiles; i++)
        if (strcmp(run->files[i].path, path) == 0)
            return &run->files[i];
    return NULL;
}

/* Mark the sheet of a block left out on purpose as skipped, with the
 * reason en (and its Indonesian); a file none of whose forms is left is
 * skipped with the same reason (no failure).  0, or -1 when out of memory. */
static int skip_sheet(iki_run *run, const char *file, const char *sheet, const char *en,
                      const char *id)
{
    iki_run_file *f = file_of(run, file);
    for (size_t s = 0; f && s < f->nsheets; s++) {
        iki_run_sheet *rs = &f->sheets[s];
        if (strcmp(rs->name, sheet) != 0 || rs->skipped)
            continue;
        free(rs->why);
        free(rs->why_id);
        rs->why = strdup(en);
        rs->why_id = strdup(id);
        rs->skipped = 1;
        if (!rs->why || !rs->why_id)
            return -1;
        break;
    }
    int used = 0, other = 0;
    for (size_t s = 0; f && s < f->nsheets; s++) {
        used += f->sheets[s].source >= 0 && !f->sheets[s].skipped;
        other += f->sheets[s].source >= 0 && f->sheets[s].skipped;
    }
    if (f && f->read && !used && other) {
        if (set_skip(f, en, id) != 0)
            return -1;
        f->read = 0;
        f->duplicate = 1; /* left out on purpose, not a failure */
    }
    return 0;
}

/* Decide the report year, then leave out the forms of other years: each is
 * named in the diagnostics, its sheet marked skipped, and a file none of
 * whose forms is left is skipped with the same reason. */
static iki_error report_year(iki_run *run)
{
    run->year_from = IKI_YEAR_FROM_OPTION;
    run->year = run->year_set;
    if (!run->year && run->t->office.year) {
        run->year = run->t->office.year;
        run->year_from = IKI_YEAR_FROM_TEMPLATE;
    }
    if (!run->year && (run->year = year_of_inputs(run)) != 0)
        run->year_from = IKI_YEAR_FROM_INPUTS;
    if (!run->year) {
        time_t now = (time_t)run->clock;
        struct tm tm;
        if (!gmtime_r(&now, &tm))
            memset(&tm, 0, sizeof tm);
        run->year = tm.tm_year + 1900;
        run->year_from = IKI_YEAR_FROM_CLOCK;
        if (iki_diags_add(run->diags, IKI_CODE("year_from_clock"), IKI_SEV_WARNING, NULL,
                          NULL, NULL, "no input states its year: the report year %d is the clock's; "
                          "set it with --year or office.year in the template, or name "
                          "the year in the file names or title rows", run->year) != 0)
            return IKI_ERROR_NOMEM;
    }
    size_t nb = iki_collect_block_count(run->collect);
    for (size_t i = 0; i < nb; i++) {
        iki_period p;
        const char *file, *sheet;
        if (iki_collect_block(run->collect, i, NULL, &p, &file, &sheet) != 0 || !p.year ||
            p.year == run->year)
            continue;
        iki_collect_drop_block(run->collect, i);
        char en[128], id[128];
        iki_msg_format_both(en, sizeof en, id, sizeof id,
                            IKI_MSG("period %d, not the report year %d"), p.year, run->year);
        if (iki_diags_add(run->diags, IKI_CODE("other_year"), IKI_SEV_WARNING, file, sheet,
                          NULL, "period %d, not the report year %d: not added", p.year,
                          run->year) != 0 ||
            skip_sheet(run, file, sheet, en, id) != 0)
            return IKI_ERROR_NOMEM;
    }
    return IKI_OK;
}

void iki_run_set_until(iki_run *run, const iki_period *until)
{
    if (!run)
        return;
    memset(&run->until, 0, sizeof run->until);
    if (until && (until->kind == IKI_PERIOD_MONTH || until->kind == IKI_PERIOD_QUARTER))
        run->until = *until;
}

long iki_run_until(const iki_run *run)
{
    return run ? run->until_end : 0;
}

/* --until: the blocks whose period ends after the cut are left out, each
 * named in the diagnostics and its sheet marked skipped, as report_year
 * does for other years.  A sheet stating no period is kept. */
static iki_error apply_until(iki_run *run)
{
    if (run->until.kind == IKI_PERIOD_NONE)
        return IKI_OK;
    iki_period u = run->until;
    if (!u.year)
        u.year = run->year;
    run->until = u;
    run->until_end = iki_period_end(&u);
    char cut[64];
    iki_period_format(&u, cut, sizeof cut);
    size_t nb = iki_collect_block_count(run->collect);
    for (size_t i = 0; i < nb; i++) {
        iki_period p;
        const char *file, *sheet;
        if (iki_collect_block(run->collect, i, NULL, &p, &file, &sheet) != 0 ||
            p.kind == IKI_PERIOD_NONE ||
            iki_collect_block_end(run->collect, i, run->year) <= run->until_end)
            continue;
        iki_collect_drop_block(run->collect, i);
        char per[64], en[192], id[192];
        iki_period_format(&p, per, sizeof per);
        iki_msg_format_both(en, sizeof en, id, sizeof id, IKI_MSG("period %s, after the cut %s"),
                            per, cut);
        if (iki_diags_add(run->diags, IKI_CODE("after_until"), IKI_SEV_INFO, file, sheet,
                          NULL, "period %s, after the cut %s (--until): not added", per, cut) != 0 ||
            skip_sheet(run, file, sheet, en, id) != 0)
            return IKI_ERROR_NOMEM;
    }
    return IKI_OK;
}

static void target_text(const iki_target *t, char *buf, size_t cap)
{
    if (t->text)
        snprintf(buf, cap, "%s", t->text);
    else if (t->kind == IKI_TARGET_PREDICATE)
        snprintf(buf, cap, "%s", iki_kla_rank_name((int)t->lo));
    else if (t->kind == IKI_TARGET_RANGE) {
        char a[40], b[40];
        iki_format_number(t->lo, a, sizeof a);
        iki_format_number(t->hi, b, sizeof b);
        iki_buf x = {0};
        iki_buf_printf(&x, "%s-%s", a, b);
        snprintf(buf, cap, "%s", x.data ? x.data : "");
        iki_buf_free(&x);
    } else if (t->kind == IKI_TARGET_NUMBER)
        iki_format_number(t->lo, buf, cap);
    else
        buf[0] = '\0';
}

static int same_target(const iki_target *a, const iki_target *b)
{
    return a->kind == b->kind && a->lo == b->lo && (a->kind != IKI_TARGET_RANGE || a->hi == b->hi);
}

/* Does x win over y: the later period, else the newer file, else the later
 * name (the rule of duplicate forms)? */
static int wins(const tentry *x, const tentry *y)
{
    long ex = iki_period_end(&x->e.period), ey = iki_period_end(&y->e.period);
    if (ex != ey)
        return ex > ey;
    if (x->mtime != y->mtime)
        return x->mtime > y->mtime;
    return strcmp(x->file, y->file) > 0;
}

/* The targets that count: target forms of the report year (another year's
 * are left out, as its forms are), the winner among forms that disagree,
 * the form over the template. */
static iki_error resolve_targets(iki_run *run)
{
    const iki_template *t = run->t;
    for (size_t k = 0; k < run->targets.n; k++) {
        tentry *te = &run->targets.v[k];
        if (!te->e.period.year || te->e.period.year == run->year)
            continue;
        te->dropped = 1;
        char en[128], id[128];
        iki_msg_format_both(en, sizeof en, id, sizeof id,
                            IKI_MSG("period %d, not the report year %d"), te->e.period.year,
                            run->year);
        iki_run_file *f = file_of(run, te->file);
        int first = 1; /* one warning per sheet */
        for (size_t j = 0; j < k; j++)
            if (strcmp(run->targets.v[j].file, te->file) == 0 &&
                strcmp(run->targets.v[j].sheet, te->sheet) == 0)
                first = 0;
        if (first && (iki_diags_add(run->diags, IKI_CODE("other_year"), IKI_SEV_WARNING, te->file,
                                    te->sheet, NULL, "period %d, not the report year %d: not added",
                                    te->e.period.year, run->year) != 0 ||
                      (f && skip_sheet(run, te->file, te->sheet, en, id) != 0)))
            return IKI_ERROR_NOMEM;
    }
    for (size_t i = 0; i < t->nindicators; i++) {
        const iki_indicator *ind = &t->indicators[i];
        for (int slot = 0; slot < 5; slot++) {
            iki_run_target *rt = &run->eff[i * 5 + (size_t)slot];
            const tentry *best = NULL;
            for (size_t k = 0; k < run->targets.n; k++) {
                const tentry *te = &run->targets.v[k];
                if (te->dropped || te->e.indicator != i || te->e.slot != slot)
                    continue;
                if (!best) {
                    best = te;
                    continue;
                }
                const tentry *win = wins(te, best) ? te : best, *lose = win == te ? best : te;
                if (!same_target(&te->e.target, &best->e.target)) {
                    char a[48], b[48], ca[24], cb[24];
                    iki_target it = win->e.target, il = lose->e.target;
                    target_text(&it, a, sizeof a);
                    target_text(&il, b, sizeof b);
                    iki_cell_name(win->e.row, win->e.col, ca, sizeof ca);
                    iki_cell_name(lose->e.row, lose->e.col, cb, sizeof cb);
                    /* why it wins is a message: one per sentence */
                    const char *f_dis = IKI_MSG("target forms disagree on %s of %s: %s "
                                                "here, %s in %s!%s!%s; %s is used (%s)");
                    const char *why = iki_period_end(&win->e.period) !=
                                              iki_period_end(&lose->e.period)
                                          ? IKI_MSG("the later period")
                                          : IKI_MSG("the newer file");
                    char en[768], id[768];
                    snprintf(en, sizeof en, f_dis, iki_target_slot_name(slot), ind->code, b,
                             a, iki_os_base_name(win->file), win->sheet, ca, a, why);
                    snprintf(id, sizeof id, iki_msg_pick(f_dis, 1),
                             iki_target_slot_name(slot), ind->code, b, a,
                             iki_os_base_name(win->file), win->sheet, ca, a, iki_msg_pick(why, 1));
                    if (iki_diags_add_both(run->diags, IKI_CODE("target_conflict"),
                                           IKI_SEV_WARNING, lose->file,
                                           lose->sheet, cb, en, id) != 0)
                        return IKI_ERROR_NOMEM;
                }
                best = win;
            }
            memset(rt, 0, sizeof *rt);
            if (best) {
                rt->target = best->e.target;
                rt->file = best->file;
                rt->sheet = best->sheet;
                iki_cell_name(best->e.row, best->e.col, rt->cell, sizeof rt->cell);
                if (slot == 0 && ind->target.kind != IKI_TARGET_NONE &&
                    !same_target(&ind->target, &rt->target)) {
                    char a[48], b[48];
                    target_text(&rt->target, a, sizeof a);
                    target_text(&ind->target, b, sizeof b);
                    if (iki_diags_add(run->diags, IKI_CODE("target_from_form"), IKI_SEV_INFO,
                                      best->file, best->sheet, rt->cell,
                                      "%s: the target form gives %s, the template %s: the "
                                      "form's target is used", ind->code, a, b) != 0)
                        return IKI_ERROR_NOMEM;
                }
            } else if (slot == 0) {
                rt->target = ind->target;
            }
            target_text(&rt->target, rt->text, sizeof rt->text);
            rt->target.text = rt->target.kind != IKI_TARGET_NONE ? rt->text : NULL;
        }
    }
    return IKI_OK;
}

const iki_run_target *iki_run_target_at(const iki_run *run, size_t i, int slot)
{
    if (!run || !run->executed || i >= run->t->nindicators || slot < 0 || slot > 4)
        return NULL;
    return &run->eff[i * 5 + (size_t)slot];
}

static int at_number(void *ctx, size_t source, size_t field, double *out)
{
    return iki_collect_at_number(ctx, source, field, out);
}

static const char *at_text(void *ctx, size_t source, size_t field)
{
    return iki_collect_at_text(ctx, source, field);
}

/* Does a block of a source indicator `ind` reads end inside (from, to]? */
static int reached(const iki_run *run, const iki_indicator *ind, long from, long to)
{
    size_t nb = iki_collect_block_count(run->collect);
    for (size_t i = 0; i < nb; i++) {
        size_t source;
        if (iki_collect_block(run->collect, i, &source, NULL, NULL, NULL) != 0)
            continue;
        long end = iki_collect_block_end(run->collect, i, run->year);
        if (end <= from || end > to)
            continue;
        for (int r = 0; r < IKI_ROLE_COUNT; r++)
            if (ind->inputs[r].source == (long)source)
                return 1;
    }
    return 0;
}

/* Every indicator as at the end of TW I..IV: the collection cut at the
 * quarter's last day, computed as the year is; a quarter no input of the
 * indicator reaches (no block of its forms ends in it, or it lies after
 * --until) stays "data tidak tersedia".  Diagnostics of these computations
 * are dropped: the annual run's are the report's. */
static iki_error compute_quarters(iki_run *run)
{
    static const int ends[4] = {331, 630, 930, 1231};
    iki_error e = IKI_OK;
    iki_diags *scratch = iki_diags_new();
    if (!scratch)
        return IKI_ERROR_NOMEM;
    size_t n = run->t->nindicators;
    for (int q = 0; q < 4 && e == IKI_OK; q++) {
        long cut = (long)run->year * 10000L + ends[q];
        long from = q ? (long)run->year * 10000L + ends[q - 1] : (long)run->year * 10000L;
        iki_collect_at *at = NULL;
        if (!run->until_end || cut <= run->until_end) {
            at = iki_collect_at_new(run->collect, cut, run->year);
            if (!at) {
                e = IKI_ERROR_NOMEM;
                break;
            }
        }
        iki_values v = {at, at_number, at_text};
        for (size_t i = 0; i < n && e == IKI_OK; i++) {
            iki_result *out = &run->quarters[(size_t)q * n + i];
            if (at && reached(run, &run->t->indicators[i], from, cut)) {
                e = iki_compute_indicator_target(run->t, i, &v,
                                                 &run->eff[i * 5 + (size_t)(q + 1)].target, out,
                                                 scratch);
                continue;
            }
            memset(out, 0, sizeof *out);
            out->status = IKI_STATUS_MISSING_INPUT;
            const char *why = at ? IKI_MSG("no input for this quarter")
                                 : IKI_MSG("after the cut (--until)");
            snprintf(out->note, sizeof out->note, "%s", why);
            snprintf(out->note_id, sizeof out->note_id, "%s", iki_msg_pick(why, 1));
        }
        iki_collect_at_free(at);
    }
    iki_diags_free(scratch);
    return e;
}

iki_error iki_run_execute(iki_run *run)
{
    if (!run || run->executed)
        return IKI_ERROR_USAGE;
    unsigned jobs = run->jobs ? run->jobs : default_jobs();
    pool p;
    memset(&p, 0, sizeof p);
    p.run = run;
    p.sinks = calloc(run->nfiles ? run->nfiles : 1, sizeof *p.sinks);
    iki_error e = p.sinks ? IKI_OK : IKI_ERROR_NOMEM;
    for (size_t i = 0; i < run->nfiles && e == IKI_OK; i++) {
        p.sinks[i].c = iki_collect_new(run->t);
        p.sinks[i].d = iki_diags_new();
        if (!p.sinks[i].c || !p.sinks[i].d)
            e = IKI_ERROR_NOMEM;
    }
    if (e == IKI_OK && pthread_mutex_init(&p.mu, NULL) != 0)
        e = IKI_ERROR_NOMEM;
    else if (e == IKI_OK) {
        e = run_phase(&p, 0, jobs);
        /* identical copies, decided in file order: the first one is read;
         * sorted by digest so thousands of files cost n log n */
        size_t *order = e == IKI_OK ? malloc((run->nfiles ? run->nfiles : 1) * sizeof *order) : NULL;
        if (e == IKI_OK && !order)
            e = IKI_ERROR_NOMEM;
        size_t m = 0;
        for (size_t i = 0; order && i < run->nfiles; i++)
            if (!run->files[i].skipped)
                order[m++] = i;
        if (order)
            iki_os_qsort_r(order, m, sizeof *order, by_digest, run);
        for (size_t k = 1; order && k < m && e == IKI_OK; k++) {
            size_t first = k - 1;
            while (first > 0 && strcmp(run->files[order[first - 1]].sha256,
                                       run->files[order[k]].sha256) == 0)
                first--;
            iki_run_file *f = &run->files[order[k]];
            const iki_run_file *orig = &run->files[order[first]];
            if (strcmp(orig->sha256, f->sha256) != 0)
                continue;
            char msg[512], id[512];
            iki_msg_format_both(msg, sizeof msg, id, sizeof id, IKI_MSG("identical to %s"),
                                iki_os_base_name(orig->path));
            if (set_skip(f, msg, id))
                e = IKI_ERROR_NOMEM;
            f->duplicate = 1;
            iki_diags_add(p.sinks[order[k]].d, IKI_CODE("duplicate_file"), IKI_SEV_INFO,
                          f->path, NULL, NULL,
                          "identical to %s: skipped", iki_os_base_name(orig->path));
        }
        free(order);
        if (e == IKI_OK)
            e = run_phase(&p, 1, jobs);
        pthread_mutex_destroy(&p.mu);
    }
    /* merge in file order: the same result whatever the number of threads */
    for (size_t i = 0; p.sinks && i < run->nfiles; i++) {
        if (e == IKI_OK && (iki_diags_move(run->diags, p.sinks[i].d) != 0 ||
                            iki_collect_move(run->collect, p.sinks[i].c) != 0 ||
                            tlist_move(&run->targets, &p.sinks[i].t) != 0))
            e = IKI_ERROR_NOMEM;
        tlist_free(&p.sinks[i].t);
        iki_collect_free(p.sinks[i].c);
        iki_diags_free(p.sinks[i].d);
    }
    free(p.sinks);
    if (e != IKI_OK)
        return e;
    e = report_year(run);
    if (e == IKI_OK)
        e = apply_until(run);
    if (e == IKI_OK)
        e = resolve_targets(run);
    if (e != IKI_OK)
        return e;
    if (iki_collect_finish(run->collect, run->diags) != 0)
        return IKI_ERROR_NOMEM;
    iki_values v = {run->collect, values_number, values_text};
    for (size_t i = 0; i < run->t->nindicators; i++) {
        e = iki_compute_indicator_target(run->t, i, &v, &run->eff[i * 5].target,
                                         &run->results[i], run->diags);
        if (e != IKI_OK)
            return e;
    }
    e = compute_quarters(run);
    if (e != IKI_OK)
        return e;
    run->executed = 1;
    return IKI_OK;
}

size_t iki_run_file_count(const iki_run *run)
{
    return run ? run->nfiles : 0;
}

const iki_run_file *iki_run_file_at(const iki_run *run, size_t i)
{
    return run && i < run->nfiles ? &run->files[i] : NULL;
}

const iki_diags *iki_run_diags(const iki_run *run)
{
    return run ? run->diags : NULL;
}

const iki_collect *iki_run_collect(const iki_run *run)
{
    return run ? run->collect : NULL;
}

const iki_result *iki_run_result(const iki_run *run, size_t i)
{
    return run && run->executed && i < run->t->nindicators ? &run->results[i] : NULL;
}

const iki_result *iki_run_quarter_result(const iki_run *run, int q, size_t i)
{
    if (!run || !run->executed || q < 1 || q > 4 || i >= run->t->nindicators)
        return NULL;
    return &run->quarters[(size_t)(q - 1) * run->t->nindicators + i];
}

size_t iki_run_files_read(const iki_run *run)
{
    size_t n = 0;
    for (size_t i = 0; run && i < run->nfiles; i++)
        n += run->files[i].read;
    return n;
}

size_t iki_run_files_skipped(const iki_run *run)
{
    return run ? run->nfiles - iki_run_files_read(run) : 0;
}

size_t iki_run_files_failed(const iki_run *run)
{
    size_t n = 0;
    for (size_t i = 0; run && i < run->nfiles; i++)
        n += !run->files[i].read && !run->files[i].duplicate;
    return n;
}
