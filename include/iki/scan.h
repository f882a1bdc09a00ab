/* iki — the scan stage: which files to read.  Folders are expanded
 * recursively in name order; inside folders, hidden files, lock files
 * ("~$*", ".~lock.*#"), temporary files and names that are not
 * spreadsheets are skipped.  A file named explicitly is always taken. */
#ifndef IKI_SCAN_H
#define IKI_SCAN_H

#include <stddef.h>

/* The custom document property that marks a workbook written by iki (the
 * report stage sets it); a file carrying it is never read as an input, so
 * an earlier output cannot feed a new one. */
#define IKI_MARK_PROPERTY "Dibuat dengan"
#define IKI_MARK_VALUE_PREFIX "iki "

/* Why a file of this base name inside a folder is not read ("lock file of
 * Excel", "hidden file", "not a spreadsheet name", ...), or NULL when it is
 * read. */
const char *iki_scan_skip_reason(const char *base);
/* Would a file of this base name inside a folder be read? */
int iki_scan_wanted_name(const char *base);

typedef enum iki_scan_kind {
    IKI_SCAN_FILE = 0, /* a file to read */
    IKI_SCAN_SKIPPED,  /* deliberately not read: reason says why */
    IKI_SCAN_PROBLEM   /* cannot be read: reason says why (a folder that
                          cannot be opened, nesting too deep, a path that
                          does not exist) */
} iki_scan_kind;

/* Called for each path found, in order; return 0 to go on, -1 to stop.
 * `explicit_arg` is 1 for a path named by the caller, 0 for one found in a
 * folder.  reason is NULL for IKI_SCAN_FILE. */
typedef int (*iki_scan_fn)(void *ctx, const char *path, int explicit_arg,
                           iki_scan_kind kind, const char *reason);

/* Expand path.  Returns 0, or -1 when fn stopped or memory ran out. */
int iki_scan_path(const char *path, iki_scan_fn fn, void *ctx);

#endif
