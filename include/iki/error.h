/* iki — error codes shared by every stage.
 *
 * One enum from IKI_OK to a sentinel; iki_strerror() returns a static,
 * never-NULL English string for each code.  Details (file, sheet, cell,
 * line) travel beside the code: see iki_reader_message(). */
#ifndef IKI_ERROR_H
#define IKI_ERROR_H

typedef enum iki_error {
    IKI_OK = 0,
    IKI_ERROR_NOMEM,           /* out of memory */
    IKI_ERROR_IO,              /* cannot open or read a file */
    IKI_ERROR_NOT_SPREADSHEET, /* content is no known spreadsheet format */
    IKI_ERROR_ENCRYPTED,       /* encrypted or password-protected workbook */
    IKI_ERROR_TRUNCATED,       /* container cut short */
    IKI_ERROR_CORRUPT,         /* container or record structure is invalid */
    IKI_ERROR_UNSUPPORTED,     /* valid but unsupported variant (Excel 4.0 workbook, ...) */
    IKI_ERROR_XML,             /* XML not well-formed, or refused (DOCTYPE) */
    IKI_ERROR_LIMIT,           /* a safety limit was exceeded */
    IKI_ERROR_ENCODING,        /* text cannot be converted to UTF-8 */
    IKI_ERROR_NO_SUCH_SHEET,   /* sheet index or name does not exist */
    IKI_ERROR_USAGE,           /* API misuse: bad argument or call order */
    IKI_ERROR_TEMPLATE,        /* template file invalid (YAML or meaning) */
    IKI_ERROR_SENTINEL         /* number of codes; not an error */
} iki_error;

/* Static English description of code; "unknown error" for out-of-range. */
const char *iki_strerror(iki_error code);
/* The diagnostic code (docs/diagnostics.md) of an input that could not be
 * read for code: "read_corrupt", "read_limit", ...; "read_error" for a
 * code no reader returns.  Static, never NULL. */
const char *iki_error_read_code(iki_error code);

#endif
