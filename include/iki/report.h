/* iki — the report stage: the consolidated IKI workbook (libxlsxwriter)
 * and the JSON summary, from a finished run.  Never computes: every value
 * comes from the run (iki_run_result, iki_collect_*). */
#ifndef IKI_REPORT_H
#define IKI_REPORT_H

#include <stddef.h>
#include <time.h>

#include "iki/error.h"
#include "iki/run.h"
#include "iki/template.h"

#include "iki/scan.h" /* IKI_MARK_PROPERTY: the workbook's mark */

typedef struct iki_report_options {
    int year;          /* reporting year; 0: the template's, else the build year */
    time_t build_time; /* shown in Ringkasan and the document properties;
                          SOURCE_DATE_EPOCH when set, for byte-identical files */
    const char *version; /* iki version for the mark property */
    /* last year's IKI workbook (--previous), read by iki_wb_read and
     * checked row by row (one iki_recheck per previous->rows): Data gains
     * "Realisasi Tahun Lalu", matched by Jabatan and Kode, else by Kode.
     * NULL: no such column.  Owned by the caller. */
    const struct iki_wb *previous;
    const struct iki_recheck *previous_checks;
} iki_report_options;

/* Write the workbook to path atomically: a temporary file in the same
 * folder, renamed over path only when complete; on any failure path is
 * untouched and no temporary file is left.  IKI_ERROR_IO with a message in
 * err ("cannot write /x/y.xlsx: Permission denied") when it cannot be
 * written.  err may be NULL. */
iki_error iki_report_write_xlsx(const iki_run *run, const iki_template *t,
                                const iki_report_options *opt, const char *path,
                                char *err, size_t errcap);

/* The Data rows and the diagnostics as JSON (jansson), written atomically
 * like the workbook. */
iki_error iki_report_write_json(const iki_run *run, const iki_template *t,
                                const iki_report_options *opt, const char *path,
                                char *err, size_t errcap);

/* ---- the recap workbook of `iki rekap` ------------------------------------ */
struct iki_rekap;
typedef struct iki_recap_options {
    time_t build_time;   /* SOURCE_DATE_EPOCH when set */
    const char *version; /* iki version for the mark property */
} iki_recap_options;

/* The recap workbook (Ringkasan with a chart, Data as an Excel table,
 * Tren when the inputs span several years, Sumber, Catatan), written
 * atomically like the workbook of `build`. */
iki_error iki_report_write_recap(const struct iki_rekap *rk, const iki_recap_options *opt,
                                 const char *path, char *err, size_t errcap);
/* The recap's Data rows, files and diagnostics as JSON, atomically. */
iki_error iki_report_write_recap_json(const struct iki_rekap *rk,
                                      const iki_recap_options *opt, const char *path,
                                      char *err, size_t errcap);

/* Write a file atomically through a callback that writes the content to a
 * temporary path in the same folder (returns 0 on success).  Shared by the
 * two writers above; exposed for tests. */
typedef int (*iki_report_write_fn)(void *ctx, const char *tmp_path);
iki_error iki_report_atomic(const char *path, iki_report_write_fn fn, void *ctx,
                            char *err, size_t errcap);

#endif
