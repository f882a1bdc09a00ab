/* iki — diagnostics: every warning and error with where it was found.
 *
 * Stages add diagnostics to one list; the CLI prints them, the report
 * writes them to a sheet.  Locations are file, sheet and cell address
 * ("B7", "B7:B20"): never cell contents of a list of persons. */
#ifndef IKI_DIAG_H
#define IKI_DIAG_H

#include <stdarg.h>
#include <stddef.h>

typedef enum iki_severity {
    IKI_SEV_INFO = 0,  /* a note: a file skipped as a duplicate, ... */
    IKI_SEV_WARNING,   /* a value may be wrong; the run goes on */
    IKI_SEV_ERROR      /* an input or an indicator could not be used */
} iki_severity;

/* Lower-case English name: "info", "warning", "error". */
const char *iki_severity_name(iki_severity s);
/* Lower-case Indonesian name: "info", "peringatan", "galat". */
const char *iki_severity_name_id(iki_severity s);

/* A diagnostic's stable code: a snake_case literal naming the kind of
 * diagnostic ("total_mismatch"), the same in every language and release.
 * Written at the call site as IKI_CODE("...") so that tests/e2e/codes.sh
 * finds every code of src/ and checks it against docs/diagnostics.md. */
#define IKI_CODE(code) code

/* One argument of a diagnostic, taken from its format's conversions in
 * order: %s a text, %d %i %u %x %c (any length) an integer, %f %e %g a
 * number.  Programs read them from the JSON ("argumen"). */
typedef enum iki_diag_arg_type {
    IKI_ARG_TEXT = 0,
    IKI_ARG_INTEGER,
    IKI_ARG_NUMBER
} iki_diag_arg_type;

typedef struct iki_diag_arg {
    iki_diag_arg_type type;
    const char *text; /* IKI_ARG_TEXT: never NULL ("%.60s": at most 60 bytes) */
    long long integer;
    double number;
} iki_diag_arg;

typedef struct iki_diag {
    const char *code;    /* IKI_CODE: static, never NULL */
    iki_severity severity;
    const char *file;    /* NULL when not about a file */
    const char *sheet;   /* NULL when not about a sheet */
    const char *cell;    /* NULL, "B7" or "B7:B20" */
    const char *message; /* one line, no trailing period needed */
    const char *message_id; /* the same in Indonesian (the workbook's and
                               an Indonesian terminal's); the English text
                               when no translation is known; never NULL */
    const iki_diag_arg *args; /* the format's arguments; none (nargs 0)
                                 for a diagnostic added with both texts */
    size_t nargs;
} iki_diag;

typedef struct iki_diags iki_diags;

iki_diags *iki_diags_new(void);   /* NULL when out of memory */
void iki_diags_free(iki_diags *d); /* NULL is harmless */

/* Add one diagnostic of the given code (IKI_CODE("..."), a static
 * string, listed in docs/diagnostics.md); strings are copied; any of
 * file/sheet/cell may be NULL.  fmt is an English printf format of the catalog (po/id.po; mark a
 * format kept elsewhere with IKI_MSG): message is it formatted, message_id
 * its Indonesian from the same arguments (the English when the catalog
 * lacks it).  Arguments are data: a text argument that is itself a message
 * is translated by the caller (iki_diags_add_both).  Returns 0, or -1 when
 * out of memory (the list stays valid). */
int iki_diags_add(iki_diags *d, const char *code, iki_severity sev, const char *file,
                  const char *sheet, const char *cell, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));
int iki_diags_vadd(iki_diags *d, const char *code, iki_severity sev, const char *file,
                   const char *sheet, const char *cell, const char *fmt, va_list ap);
/* The same with "PREFIX: " before both texts (an indicator's code);
 * prefix NULL adds nothing.  The arguments are the format's only. */
int iki_diags_vadd_prefixed(iki_diags *d, const char *code, iki_severity sev,
                            const char *file, const char *sheet, const char *cell,
                            const char *prefix, const char *fmt, va_list ap);
/* Add one diagnostic whose two texts are already made (copied, not
 * formats); message_id NULL means "the same as message". */
int iki_diags_add_both(iki_diags *d, const char *code, iki_severity sev, const char *file,
                       const char *sheet, const char *cell, const char *message,
                       const char *message_id);

size_t iki_diags_count(const iki_diags *d);
/* Move every diagnostic of src to the end of dst, in order; src is left
 * empty.  0, or -1 when out of memory (nothing moved). */
int iki_diags_move(iki_diags *dst, iki_diags *src);
/* The i-th diagnostic in the order added; NULL when out of range.  Owned
 * by the list, valid until it is freed. */
const iki_diag *iki_diags_get(const iki_diags *d, size_t i);
/* Number of diagnostics of at least the given severity. */
size_t iki_diags_count_at_least(const iki_diags *d, iki_severity sev);

/* "FILE: sheet 'S': B7: warning: message" (parts present only), into buf
 * of cap bytes; returns the length it needed. */
size_t iki_diag_format(const iki_diag *g, char *buf, size_t cap);
/* The same in Indonesian: "FILE: lembar 'S': B7: peringatan: pesan". */
size_t iki_diag_format_id(const iki_diag *g, char *buf, size_t cap);

#endif
