/* iki — one pass of `iki rekap`: read the IKI workbooks that `iki build`
 * wrote (any office, any template, as written or saved again by an office
 * program), check their Data rows, and decide which workbook stands for
 * each office and year.
 *
 * Usage:
 *     iki_rekap *rk = iki_rekap_new();
 *     iki_rekap_add_input(rk, "inbox/");     // files or folders
 *     iki_rekap_execute(rk);                 // reads with up to `jobs` threads
 *     for (size_t i = 0; i < iki_rekap_file_count(rk); i++) ...
 *     iki_rekap_free(rk);
 *
 * Memory: per workbook its identity and its Data rows (about 20 short rows),
 * never its cells; the readers hold one row at a time.  Files are read in
 * parallel and merged in input order, so nothing depends on the jobs. */
#ifndef IKI_REKAP_H
#define IKI_REKAP_H

#include <stddef.h>
#include <stdint.h>

#include "iki/diag.h"
#include "iki/error.h"
#include "iki/ikiwb.h"
#include "iki/reader.h"
#include "iki/recheck.h"

typedef enum iki_rekap_state {
    IKI_REKAP_READ = 0,    /* read; its rows are in the recap */
    IKI_REKAP_FAILED,      /* cannot be read, or no IKI workbook (why says) */
    IKI_REKAP_COPY,        /* an identical copy of an earlier input (of) */
    IKI_REKAP_SUPERSEDED,  /* the same office and year built later in `of` */
    IKI_REKAP_SKIPPED      /* not read on purpose (a lock file in a folder, ...) */
} iki_rekap_state;

typedef struct iki_rekap_file {
    char *path;            /* as given, or folder + "/" + name */
    uint64_t size;
    char sha256[65];       /* hex digest, "" when not read */
    iki_format format;
    iki_rekap_state state;
    char *why;             /* FAILED, SKIPPED: why (English); else NULL */
    char *why_id;          /* the same in Indonesian */
    long of;               /* COPY, SUPERSEDED: the file that stands, else -1 */
    int same_time;         /* SUPERSEDED by a workbook of the same build time
                              (a re-saved copy): the later in input order */
    iki_wb *wb;            /* identity and rows when read (READ; identity
                              also for SUPERSEDED), else NULL */
    iki_recheck *checks;   /* one per wb->rows, READ only */
} iki_rekap_file;

typedef struct iki_rekap iki_rekap;

iki_rekap *iki_rekap_new(void);     /* NULL when out of memory */
void iki_rekap_free(iki_rekap *rk); /* NULL is harmless */

/* A file or a folder (read recursively, in name order, as `build` does).
 * A path that does not exist is a FAILED file, not an error. */
iki_error iki_rekap_add_input(iki_rekap *rk, const char *path);
/* Never read this path (the output being written): matched by name. */
iki_error iki_rekap_exclude(iki_rekap *rk, const char *path);
/* Threads (0: one per core, at most 8). */
void iki_rekap_set_jobs(iki_rekap *rk, unsigned jobs);
/* Called before each file is read (from the reading threads, serialised). */
typedef void (*iki_rekap_progress_fn)(void *ctx, size_t index, size_t count, const char *path);
void iki_rekap_set_progress(iki_rekap *rk, iki_rekap_progress_fn fn, void *ctx);

/* Read every file, check every row, find copies and superseded workbooks. */
iki_error iki_rekap_execute(iki_rekap *rk);

size_t iki_rekap_file_count(const iki_rekap *rk);
const iki_rekap_file *iki_rekap_file_at(const iki_rekap *rk, size_t i);
/* The files that stand (READ), ordered by year, office and path: the order
 * of the recap's rows.  Valid until the rekap is freed. */
size_t iki_rekap_standing_count(const iki_rekap *rk);
size_t iki_rekap_standing_at(const iki_rekap *rk, size_t k);
/* Distinct years of the standing files, ascending. */
size_t iki_rekap_year_count(const iki_rekap *rk);
int iki_rekap_year_at(const iki_rekap *rk, size_t k);
const iki_diags *iki_rekap_diags(const iki_rekap *rk);
size_t iki_rekap_files_failed(const iki_rekap *rk);
/* Rows flagged 'diubah manual'. */
size_t iki_rekap_manual_count(const iki_rekap *rk);

#endif
