/* Internal interface between the generic reader (reader.c) and the format
 * modules (xls.c, xlsx.c, ods.c, csv.c).  Not installed, not public. */
#ifndef IKI_READERS_INTERNAL_H
#define IKI_READERS_INTERNAL_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

#include "iki/buf.h"
#include "iki/reader.h"

/* ---- bytes: a file (pread) or a memory block ------------------------------
 * (named iki_bytes: iki_source is a template's form, include/iki/template.h) */
/* Elements open at once in any XML part.  Spreadsheet XML nests about ten
 * deep (rich text in a cell a few more); without a bound a small part of
 * nested tags costs the XML parser memory in proportion (a nesting bomb). */
#define IKI_XML_MAX_DEPTH 256u
#define IKI_XML_DEPTH_FMT IKI_MSG("%s: XML elements nested deeper than %u")

typedef struct iki_bytes {
    const unsigned char *mem; /* memory source, or NULL */
    int fd;                   /* file source, or -1 */
    uint64_t size;
    const char *path;         /* file source path, else NULL */
} iki_bytes;

/* Read up to len bytes at off; *got receives the count (short at EOF).
 * IKI_ERROR_IO on a read failure. */
iki_error iki_bytes_read_at(const iki_bytes *s, uint64_t off, void *buf,
                             size_t len, size_t *got);

/* ---- row builder --------------------------------------------------------- */
/* Cells collect with text offsets into an arena; rowbuf_finish() sorts by
 * column, keeps the last cell written to a column, and fixes pointers. */
typedef struct rb_cell {
    uint32_t col;
    uint32_t seq; /* insertion order, so the last write to a column wins */
    iki_cell_type type;
    double number;
    size_t text_off, text_len;
} rb_cell;

typedef struct rowbuf {
    uint32_t row;
    rb_cell *cells;
    size_t n, cap;
    iki_buf text;
    iki_cell *out;
    size_t out_cap;
    int unsorted;
} rowbuf;

void rowbuf_reset(rowbuf *rb, uint32_t row);
void rowbuf_free(rowbuf *rb);
int rowbuf_add_number(rowbuf *rb, uint32_t col, double v);
int rowbuf_add_date(rowbuf *rb, uint32_t col, double serial);
int rowbuf_add_bool(rowbuf *rb, uint32_t col, int v);
/* Text and error cells copy len bytes of UTF-8. */
int rowbuf_add_text(rowbuf *rb, uint32_t col, const char *s, size_t len);
int rowbuf_add_error(rowbuf *rb, uint32_t col, const char *s, size_t len);
/* A formula without a cached value: its A1 text without '=' (formula.h). */
int rowbuf_add_formula(rowbuf *rb, uint32_t col, const char *s, size_t len);
/* Begin a text cell whose bytes are appended to rb->text by the caller
 * (rowbuf_text_append), then closed by rowbuf_text_end. */
int rowbuf_text_begin(rowbuf *rb, uint32_t col, iki_cell_type type);
int rowbuf_text_append(rowbuf *rb, const char *s, size_t len);
void rowbuf_text_end(rowbuf *rb);
/* Drop a just-begun cell (e.g. a text cell that turned out empty). */
void rowbuf_drop_last(rowbuf *rb);
/* Used by reader.c: sort, deduplicate and publish as an iki_row. */
int rowbuf_finish(rowbuf *rb, iki_row *out);

/* ---- format modules ------------------------------------------------------ */
typedef struct iki_format_ops {
    iki_format format;
    /* Open the workbook behind r->src: read the sheet list (reader_add_sheet)
     * and workbook-level tables into r->impl. */
    iki_error (*open)(iki_reader *r);
    /* Position at the start of sheet index. */
    iki_error (*open_sheet)(iki_reader *r, size_t index);
    /* Fill rb with the next non-empty row; *have = 0 at the end of sheet.
     * rb has been reset by the caller; the module sets rb->row. */
    iki_error (*next_row)(iki_reader *r, rowbuf *rb, int *have);
    /* Release r->impl (NULL-safe), set it to NULL. */
    void (*close)(iki_reader *r);
} iki_format_ops;

extern const iki_format_ops iki_xls_ops;
extern const iki_format_ops iki_xlsx_ops;
extern const iki_format_ops iki_ods_ops;
extern const iki_format_ops iki_csv_ops;

typedef struct iki_zip iki_zip;

struct iki_reader {
    iki_limits limits;
    iki_bytes src;
    iki_zip *zip;     /* open archive for xlsx/ods, else NULL */
    char *name;       /* path or memory name, for messages */
    const char *ext;  /* points into name: extension without dot, or "" */
    const iki_format_ops *ops;
    void *impl;       /* format module state */
    iki_sheet_info *sheets; /* names are malloc'ed */
    size_t nsheets, sheets_cap;
    long cur_sheet;   /* -1 when none open */
    int sheet_failed;
    int sheet_done;
    iki_range *merges;
    size_t nmerges, merges_cap;
    rowbuf rb;
    iki_row row;
    iki_buf msg;
    iki_buf msg_id;   /* msg in Indonesian (see reader_fail) */
    size_t msg_at, msg_id_at; /* where the detail starts after "FILE: sheet 'S': " */
    char msg_cell[24];        /* the cell of the error, "" when none */
    char **props;     /* custom document properties: name, value, ... */
    size_t nprops;    /* number of pairs */
    size_t rows_out;  /* rows handed out since open_sheet */
    struct iki_fsheet *fsheet; /* formulas without cached values (formula_sheet.c) */
};

/* The next non-empty row of the format module into r->row (reader.c);
 * *have = 0 at the end of the sheet. */
iki_error reader_fetch_row(iki_reader *r, int *have);

/* ---- formulas without a cached value (formula_sheet.c) -------------------
 * r->row was just fetched.  When it holds IKI_CELL_FORMULA cells, the
 * sheet's formulas are computed (the rest of the sheet is read for its
 * formulas, then the sheet is read again for the cells they reference,
 * then again up to this row) and every formula row handed out from then
 * on carries the values; a formula that cannot be computed stays
 * IKI_CELL_FORMULA.  *have may turn 0 (the sheet changed under us). */
iki_error iki_fsheet_row(iki_reader *r, int *have);
void iki_fsheet_reset(struct iki_fsheet *fs); /* NULL is harmless */
void iki_fsheet_free(struct iki_fsheet *fs);  /* NULL is harmless */

/* Record a custom document property (copied); at most 64 are kept. */
iki_error reader_add_property(iki_reader *r, const char *name, const char *value);

/* Record an error: message is "NAME[: sheet 'S']: " + formatted detail,
 * and its Indonesian twin "NAME[: lembar 'S']: " + the detail formatted
 * from the catalog's Indonesian of fmt (po/id.po: fmt is a message, marked
 * for xgettext by this call; its arguments are data, never translated).
 * Returns code, so modules can write `return reader_fail(r, code, ...)`. */
iki_error reader_vfail(iki_reader *r, iki_error code, const char *fmt, va_list ap);
iki_error reader_fail(iki_reader *r, iki_error code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The same about one cell ("B7"): "NAME: sheet 'S': B7: " + detail; the
 * cell is also kept apart (iki_reader_cell) for a diagnostic's Sel. */
iki_error reader_fail_cell(iki_reader *r, iki_error code, const char *cell,
                           const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Copies name (len bytes of UTF-8). */
iki_error reader_add_sheet(iki_reader *r, const char *name, size_t len,
                           iki_visibility vis);
/* Adds a merge of the open sheet; silently ignores a 1x1 range. */
iki_error reader_add_merge(iki_reader *r, iki_range range);

/* ---- zip archives (zip.c, over libzip) ---------------------------------- */
/* Open r->src as a zip into r->zip.  TRUNCATED/CORRUPT with a message. */
iki_error iki_zip_open(iki_reader *r);
void iki_zip_close(iki_zip *z);
/* Index of entry name (exact, then case-insensitive), or -1. */
long iki_zip_find(iki_zip *z, const char *name);
/* Whole entry into out (cleared first), capped at max_entry_bytes and
 * max_table_bytes.  IKI_ERROR_NO_SUCH_SHEET-free: a missing entry is
 * IKI_ERROR_CORRUPT. */
iki_error iki_zip_read_all(iki_reader *r, const char *name, iki_buf *out);

typedef struct iki_zip_stream iki_zip_stream;
iki_error iki_zip_stream_open(iki_reader *r, const char *name,
                              iki_zip_stream **out);
/* Up to cap bytes; *got = 0 at the end.  Enforces the limits. */
iki_error iki_zip_stream_read(iki_reader *r, iki_zip_stream *s, void *buf,
                              size_t cap, size_t *got);
void iki_zip_stream_close(iki_zip_stream *s);

/* Bytes the XML and CSV readers pull per step (default 65536).  Tests set
 * it to 1 and odd sizes to prove that chunk boundaries change nothing. */
extern size_t iki_read_chunk;

/* xlsx: nonzero makes the reader parse every part with expat, never with
 * the scanner of xlsx_scan.c (tests compare the two paths).  The counter
 * tells how often the scanner handed a part over to expat. */
extern int iki_xlsx_force_expat;
extern unsigned long iki_xlsx_scan_fallbacks;

/* xlsx.c: the workbook part of the zip package r->zip (malloc'ed), found
 * as Excel finds it: the office document that _rels/.rels names
 * (transitional or Strict relationship type), when that is a spreadsheet
 * by its content type or root element; else xl/workbook.xml.  *part is
 * NULL when there is neither; IKI_ERROR_NOT_SPREADSHEET, with a message
 * saying what it is, when the office document is another kind (a .docx). */
iki_error iki_xlsx_workbook_part(iki_reader *r, char **part);

/* ---- shared helpers ------------------------------------------------------ */
/* Date/time number formats (numfmt.c). */
int iki_numfmt_builtin_is_date(unsigned id);
int iki_numfmt_code_is_date(const char *code, size_t len);

/* "A1"-style reference -> 0-based row/col; returns 0 on success.  Either
 * part may be absent ("A", "1"): the missing one is left unchanged and
 * flagged in *has_row and *has_col. */
int iki_parse_cellref(const char *s, size_t len, uint32_t *row, uint32_t *col,
                      int *has_row, int *has_col);
/* "A1:C3" -> range; 0 on success. */
int iki_parse_range(const char *s, size_t len, iki_range *out);

/* ISO 8601 "YYYY-MM-DD[THH:MM:SS[.fff]]" -> 1900-system serial; 0 ok. */
int iki_iso_to_serial(const char *s, size_t len, double *serial);
/* ISO 8601 duration "PT10H30M0S" (ODS time-value) -> day fraction; 0 ok. */
int iki_duration_to_serial(const char *s, size_t len, double *serial);
/* Locale-independent strtod over [s, s+len); 0 when all of it parsed. */
int iki_parse_double(const char *s, size_t len, double *out);

#endif
