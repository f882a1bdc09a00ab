/* iki — one run of the pipeline: scan the inputs, read every sheet through
 * the table stage into the collector, finish, and compute every indicator.
 * The CLI's `check` (and later `build`) is a thin layer over this. */
#ifndef IKI_RUN_H
#define IKI_RUN_H

#include <stddef.h>
#include <stdint.h>

#include "iki/collect.h"
#include "iki/compute.h"
#include "iki/diag.h"
#include "iki/reader.h"
#include "iki/table.h"
#include "iki/template.h"

typedef struct iki_run_sheet {
    char *name;
    long source;      /* recognised source, or -1 */
    size_t data_rows;
    char *why;        /* why not recognised, or "" */
    char *why_id;     /* the same in Indonesian (English where unknown) */
    int skipped;      /* left out on purpose (why says why): a period of
                         another year than the report's, a hidden sheet;
                         source may still name the form it was */
    int target_form;  /* recognised as the target form (source -1) */
    size_t targets;   /* its target cells read */
} iki_run_sheet;

typedef struct iki_run_file {
    char *path;       /* as given, or folder + "/" + name */
    iki_format format;
    uint64_t size;
    long long mtime;  /* seconds since the epoch */
    struct iki_run_stamp { /* when hashed: tells a change made while read */
        uint64_t dev, ino;
        long long mtime_ns, ctime_ns;
    } stamp;
    char sha256[65];  /* hex digest of the content, "" when not read */
    iki_period period;    /* from the file name, or NONE */
    int read;             /* 1 when opened and read */
    int duplicate;        /* skipped, but no failure: an identical copy of
                             another file, an earlier output of iki, or a
                             lock, hidden or temporary file in a folder */
    char *skipped;        /* why it was skipped or failed, or NULL */
    char *skipped_id;     /* the same in Indonesian, NULL when skipped is */
    int reported;         /* its failure is among the diagnostics already */
    iki_run_sheet *sheets;
    size_t nsheets;
} iki_run_file;

typedef struct iki_run iki_run;

/* The template must outlive the run.  NULL when out of memory. */
iki_run *iki_run_new(const iki_template *t);
void iki_run_free(iki_run *run); /* NULL is harmless */

/* Add a file or a folder (read recursively, in name order; hidden files,
 * lock files of Excel "~$*" and LibreOffice ".~lock.*#", and names that are
 * not .xls/.xlsx/.xlsm/.ods/.csv are skipped inside folders).  A path
 * that does not exist is recorded as a skipped file, not an error. */
iki_error iki_run_add_input(iki_run *run, const char *path);

/* Never read this path as an input (the output being written, the JSON):
 * matched by device and inode when it exists, else by name. */
iki_error iki_run_exclude(iki_run *run, const char *path);

/* Called before each file is read: index (0-based), count, path. */
typedef void (*iki_run_progress_fn)(void *ctx, size_t index, size_t count, const char *path);
void iki_run_set_progress(iki_run *run, iki_run_progress_fn fn, void *ctx);

/* Called after each read of a file, before the check that it did not change
 * while it was read (size, times, inode against those taken when it was
 * hashed; a changed file is hashed and read once more, and not used when it
 * changes again).  With several jobs it may run on several threads at once.
 * Tests use it to save a file "while it is read". */
typedef void (*iki_run_read_fn)(void *ctx, size_t index, const char *path);
void iki_run_set_after_read(iki_run *run, iki_run_read_fn fn, void *ctx);

/* Files are read by up to `jobs` threads (0, the default: one per core, at
 * most 8) and merged in file order, so the result does not depend on it. */
void iki_run_set_jobs(iki_run *run, unsigned jobs);

/* The report year.  Set (--year) it is the year; 0 (the default) lets the
 * run decide: the template's office.year, else the year the recognised
 * inputs' periods state (file names, title rows and date cells above the
 * header, sheet names; the year most files state, the later on a tie),
 * else the year of `now` (seconds since the epoch, UTC: the build time)
 * with a warning that says how to set it.  Sheets whose period lies in
 * another year are not added: their sheet is marked skipped, and a file
 * all of whose forms are of another year is skipped (no failure). */
void iki_run_set_year(iki_run *run, int year);
void iki_run_set_clock(iki_run *run, long long now);
typedef enum iki_year_from {
    IKI_YEAR_FROM_OPTION = 0,
    IKI_YEAR_FROM_TEMPLATE,
    IKI_YEAR_FROM_INPUTS,
    IKI_YEAR_FROM_CLOCK
} iki_year_from;
/* After execute: the report year and where it came from. */
int iki_run_year(const iki_run *run);
iki_year_from iki_run_year_from(const iki_run *run);

/* --until: the report as at the end of a month or quarter (kind MONTH or
 * QUARTER; year 0: the report year; NULL or another kind: no cut).  The
 * forms whose period ends after it are not added: their sheet is marked
 * skipped with the reason, as a form of another year is.  A sheet whose
 * period is not stated is kept. */
void iki_run_set_until(iki_run *run, const iki_period *until);
/* After execute: the cut's last day (yyyymmdd), 0 when none. */
long iki_run_until(const iki_run *run);

/* Read everything, finish the collection, compute every indicator, then
 * every indicator as at the end of each quarter of the report year. */
iki_error iki_run_execute(iki_run *run);

size_t iki_run_file_count(const iki_run *run);
const iki_run_file *iki_run_file_at(const iki_run *run, size_t i);
const iki_diags *iki_run_diags(const iki_run *run);
const iki_collect *iki_run_collect(const iki_run *run);
/* Result of indicator i (template order), after execute. */
const iki_result *iki_run_result(const iki_run *run, size_t i);
/* Result of indicator i as at the end of quarter q (1..4: TW I..IV), after
 * execute: flows from the start of the year to the quarter's end, stocks
 * the latest period up to it.  A quarter that no input of the indicator
 * reaches (none of its forms has a period ending in it) has status
 * IKI_STATUS_MISSING_INPUT ("data tidak tersedia") and no value. */
const iki_result *iki_run_quarter_result(const iki_run *run, int q, size_t i);
/* The target an indicator is graded against: slot 0 the year's, 1..4 TW
 * I..IV's.  From a target form in the inputs (file, sheet and cell set),
 * else for slot 0 the template's target: (file NULL), else NONE.  Two
 * forms that disagree: the later period wins, else the newer file (a
 * warning names both); a form that differs from the template: an info
 * diagnostic names both.  After execute; NULL when out of range. */
typedef struct iki_run_target {
    iki_target target;  /* text: as shown ("80", "Madya") */
    const char *file;   /* NULL: the template's (or none) */
    const char *sheet;
    char cell[24];
    char text[48];
} iki_run_target;
const iki_run_target *iki_run_target_at(const iki_run *run, size_t i, int slot);
/* Counts for summaries. */
size_t iki_run_files_read(const iki_run *run);
size_t iki_run_files_skipped(const iki_run *run);
/* Files that could not be read (skipped, but not as identical copies). */
size_t iki_run_files_failed(const iki_run *run);

#endif
