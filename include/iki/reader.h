/* iki — one row-streaming API over .xls, .xlsx/.xlsm, .ods and .csv.
 *
 * Usage:
 *     iki_reader *r = iki_reader_new(NULL);          // default limits
 *     if (iki_reader_open_path(r, "pmks.xlsx") != IKI_OK)
 *         fprintf(stderr, "%s\n", iki_reader_message(r));
 *     for (size_t s = 0; s < iki_reader_sheet_count(r); s++) {
 *         iki_reader_open_sheet(r, s);
 *         const iki_row *row;
 *         while (iki_reader_next_row(r, &row) == IKI_OK && row) ...
 *         // merges of sheet s are complete here
 *     }
 *     iki_reader_free(r);
 *
 * The format is chosen from the content (OLE2 -> xls, zip with
 * xl/workbook.xml -> xlsx, zip with the ODS mimetype -> ods, text -> csv);
 * the file name's extension only breaks ties.  A CSV file has one sheet,
 * named after the file without its extension ("idg-2024.csv" -> "idg-2024"),
 * as spreadsheet programs name it.  Memory held is one row plus
 * the workbook-level tables (shared strings, styles), never a whole sheet;
 * a sheet with formulas saved without their results adds those formulas
 * and the cells they reference, both capped (see IKI_CELL_FORMULA), and is
 * read up to three times.
 *
 * Ownership: everything returned by a const pointer belongs to the reader
 * and stays valid until the next call that changes the reader's position
 * (next_row, open_sheet, open_*, free).  Rows and their text until the next
 * iki_reader_next_row(); sheet names until close/free. */
#ifndef IKI_READER_H
#define IKI_READER_H

#include <stddef.h>
#include <stdint.h>

#include "iki/error.h"
#include "iki/msg.h"

typedef enum iki_format {
    IKI_FORMAT_UNKNOWN = 0,
    IKI_FORMAT_XLS,
    IKI_FORMAT_XLSX,
    IKI_FORMAT_ODS,
    IKI_FORMAT_CSV
} iki_format;

/* The A1 address of a 0-based cell ("B7", "AA12") into buf of cap bytes
 * (16 hold any). */
void iki_cell_name(uint32_t row, uint32_t col, char *buf, size_t cap);
/* The letters of a 0-based column ("A", "Z", "AA", "XFD") into buf of cap
 * bytes (8 hold any). */
void iki_col_name(uint32_t col, char *buf, size_t cap);

/* Lower-case short name: "xls", "xlsx", "ods", "csv", "unknown". */
const char *iki_format_name(iki_format f);

typedef enum iki_cell_type {
    IKI_CELL_EMPTY = 0,
    IKI_CELL_NUMBER,
    IKI_CELL_TEXT,
    IKI_CELL_BOOL,
    IKI_CELL_ERROR, /* text holds the error as written, e.g. "#DIV/0!" */
    IKI_CELL_DATE,  /* number holds the serial day, 1900 system (see below) */
    IKI_CELL_FORMULA /* a formula saved without its result that iki cannot
                        compute: text holds the formula (A1 syntax, no '='),
                        the value is unknown: never read it as 0 or empty */
} iki_cell_type;

/* Formulas saved without a cached result (openpyxl, some PHP and .NET
 * writers) are computed as a spreadsheet would when they use numbers,
 * references to cells of the same sheet, + - * / %, parentheses and SUM:
 * the cell then reads as the result (NUMBER, TEXT, or ERROR such as
 * "#DIV/0!").  Any other such formula, one in a reference cycle, or one
 * past the caps of src/readers/formula_sheet.c is IKI_CELL_FORMULA.  A
 * formula with a cached result reads as that result, as always. */

/* Dates and times are Excel serial numbers in the 1900 date system
 * whatever the source (1904 workbooks and ODS ISO dates are converted):
 * the integer part counts days (1 = 1900-01-01, 61 = 1900-03-01), the
 * fraction is the time of day.  A pure time has integer part 0. */
typedef struct iki_cell {
    uint32_t col;       /* 0-based column, < 16384 */
    iki_cell_type type; /* never IKI_CELL_EMPTY inside a row */
    double number;      /* NUMBER, DATE; BOOL as 0 or 1 */
    const char *text;   /* TEXT, ERROR: NUL-terminated UTF-8; else NULL */
    size_t text_len;
} iki_cell;

/* A row holds its non-empty cells only, in increasing column order. */
typedef struct iki_row {
    uint32_t row; /* 0-based row, < 1048576 */
    size_t ncells;
    const iki_cell *cells;
} iki_row;

typedef enum iki_visibility {
    IKI_SHEET_VISIBLE = 0,
    IKI_SHEET_HIDDEN,
    IKI_SHEET_VERY_HIDDEN
} iki_visibility;

typedef struct iki_sheet_info {
    const char *name; /* UTF-8 */
    iki_visibility visibility;
} iki_sheet_info;

/* Inclusive, 0-based. */
typedef struct iki_range {
    uint32_t first_row, first_col, last_row, last_col;
} iki_range;

/* Safety limits; iki_limits_default() fills the documented defaults. */
typedef struct iki_limits {
    uint64_t max_file_bytes;   /* size of the file itself (2 GiB) */
    uint64_t max_entry_bytes;  /* decompressed bytes of one zip entry */
    uint64_t max_total_bytes;  /* decompressed bytes of one workbook */
    uint32_t max_ratio;        /* decompressed/compressed per entry */
    uint32_t max_cols;         /* columns per sheet (16384) */
    uint32_t max_rows;         /* rows per sheet (1048576) */
    uint32_t max_sheets;       /* sheets per workbook */
    size_t max_cell_bytes;     /* UTF-8 bytes of one cell's text */
    size_t max_row_bytes;      /* bytes of one CSV record */
    size_t max_table_bytes;    /* shared-string table and similar */
} iki_limits;

void iki_limits_default(iki_limits *limits);

/* The message for a file over max_file_bytes: its size, then the limit. */
#define IKI_TOO_LARGE_FMT IKI_MSG("file of %llu bytes is larger than the limit of %llu bytes")

typedef struct iki_reader iki_reader;

/* New reader with the given limits (NULL = defaults).  NULL when out of
 * memory.  Free with iki_reader_free(). */
iki_reader *iki_reader_new(const iki_limits *limits);
void iki_reader_free(iki_reader *r); /* NULL is harmless */

/* Open a workbook.  A reader may be reopened; the previous workbook is
 * closed first.  name (memory variant, may be NULL) is used for messages
 * and to break ties between formats by its extension.  The memory must
 * outlive the reader's use of it. */
iki_error iki_reader_open_path(iki_reader *r, const char *path);
iki_error iki_reader_open_memory(iki_reader *r, const void *data, size_t size,
                                 const char *name);

/* The last error's full message, naming the file and, where known, the
 * sheet and position: "pmks.xlsx: sheet 'Data': XML error at line 3: ...".
 * "" when no error happened.  Owned by the reader. */
const char *iki_reader_message(const iki_reader *r);
/* The same message in Indonesian ("pmks.xlsx: lembar 'Data': galat XML
 * ..."), with the English detail where no translation is known; "" when no
 * error happened.  Owned by the reader, like iki_reader_message(). */
const char *iki_reader_message_id(const iki_reader *r);
/* The same two messages without the file and sheet they start with
 * ("XML error at line 3: ..."), for a diagnostic or a skip reason that
 * carries the file and sheet beside it: each message names the file once.
 * "" when no error happened.  Owned by the reader. */
const char *iki_reader_detail(const iki_reader *r);
const char *iki_reader_detail_id(const iki_reader *r);
/* The cell the last error is about ("B7"), or NULL when it is about no
 * one cell; the messages then read "FILE: sheet 'S': B7: detail". */
const char *iki_reader_cell(const iki_reader *r);

iki_format iki_reader_format(const iki_reader *r);
size_t iki_reader_sheet_count(const iki_reader *r);
/* NULL when index is out of range. */
const iki_sheet_info *iki_reader_sheet(const iki_reader *r, size_t index);
/* Index of the sheet called name (exact, UTF-8), or -1. */
long iki_reader_find_sheet(const iki_reader *r, const char *name);

/* A custom document property of an xlsx workbook (docProps/custom.xml),
 * or NULL (other formats, or no such property).  Owned by the reader. */
const char *iki_reader_custom_property(const iki_reader *r, const char *name);

/* Start streaming a sheet; any sheet may be opened in any order. */
iki_error iki_reader_open_sheet(iki_reader *r, size_t index);

/* Next row with at least one non-empty cell; *row = NULL at the end of the
 * sheet.  After an error the sheet stays failed until reopened. */
iki_error iki_reader_next_row(iki_reader *r, const iki_row **row);

/* Merged ranges of the open sheet.  Complete once next_row has reported the
 * end of the sheet (xlsx and xls store them after the cells). */
const iki_range *iki_reader_merges(const iki_reader *r, size_t *count);

#endif
