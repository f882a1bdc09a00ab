/* iki — diagnostics: every warning and error with where it was found.
 *
 * Stages add diagnostics to one list; the CLI prints them, the report
 * writes them to a sheet.  Locations are file, sheet and cell address
 * ("B7", "B7:B20"): never cell contents of a list of persons. */
#ifndef IKI_DIAG_H
#define IKI_DIAG_H

#include <stddef.h>

typedef enum iki_severity {
    IKI_SEV_INFO = 0,  /* a note: a file skipped as a duplicate, ... */
    IKI_SEV_WARNING,   /* a value may be wrong; the run goes on */
    IKI_SEV_ERROR      /* an input or an indicator could not be used */
} iki_severity;

/* Lower-case English name: "info", "warning", "error". */
const char *iki_severity_name(iki_severity s);

typedef struct iki_diag {
    iki_severity severity;
    const char *file;    /* NULL when not about a file */
    const char *sheet;   /* NULL when not about a sheet */
    const char *cell;    /* NULL, "B7" or "B7:B20" */
    const char *message; /* one line, no trailing period needed */
} iki_diag;

typedef struct iki_diags iki_diags;

iki_diags *iki_diags_new(void);   /* NULL when out of memory */
void iki_diags_free(iki_diags *d); /* NULL is harmless */

/* Add one diagnostic; strings are copied; any of file/sheet/cell may be
 * NULL.  Returns 0, or -1 when out of memory (the list stays valid). */
int iki_diags_add(iki_diags *d, iki_severity sev, const char *file,
                  const char *sheet, const char *cell, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

size_t iki_diags_count(const iki_diags *d);
/* The i-th diagnostic in the order added; NULL when out of range.  Owned
 * by the list, valid until it is freed. */
const iki_diag *iki_diags_get(const iki_diags *d, size_t i);
/* Number of diagnostics of at least the given severity. */
size_t iki_diags_count_at_least(const iki_diags *d, iki_severity sev);

/* "FILE: sheet 'S': B7: warning: message" (parts present only), into buf
 * of cap bytes; returns the length it needed. */
size_t iki_diag_format(const iki_diag *g, char *buf, size_t cap);

#endif
