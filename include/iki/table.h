/* iki — the table stage: what a sheet is and what its cells mean.
 *
 * Pure helpers (text normalisation, numbers written as text, periods,
 * areas, total rows) and the sheet reader that finds the header under the
 * title rows, recognises the source form, and hands each data value to the
 * collect stage with its cell address. */
#ifndef IKI_TABLE_H
#define IKI_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "iki/diag.h"
#include "iki/reader.h"
#include "iki/template.h"

/* ---- text ---------------------------------------------------------------- */
/* Normalise header or label text for matching: lower case (ASCII and
 * Latin-1 letters), non-breaking and other Unicode spaces, line breaks,
 * tabs and punctuation ( . , : ; / \ - _ ( ) [ ] ' " * # ) become one
 * space, runs of spaces collapse, leading/trailing spaces go, and the
 * abbreviations "jml"->"jumlah", "kec"->"kecamatan", "tw"->"triwulan",
 * "lansia"->"lanjut usia", "telantar"->"terlantar", "no."/"nomor"->"no"
 * are expanded word by word.  Writes a NUL-terminated string of at most cap
 * bytes to out and returns its length (truncated when cap is too small). */
size_t iki_norm_text(const char *s, size_t len, char *out, size_t cap);

/* ---- numbers ------------------------------------------------------------- */
typedef enum iki_num_status {
    IKI_NUM_OK = 0,    /* *out holds the number */
    IKI_NUM_EMPTY,     /* empty or only spaces: no value */
    IKI_NUM_ZERO_MARK, /* "-", en/em dash, "nihil": 0 in count tables */
    IKI_NUM_INVALID    /* text that is not a number */
} iki_num_status;

/* Parse a number written as text by an office: Indonesian "1.234,5" and
 * English "1,234.5" where unambiguous, else by locale ("id" or "en");
 * "85%" and "85 %" are 85 (and *percent = 1); spaces, non-breaking spaces
 * and "Rp" are ignored; "(12)" is -12.  percent may be NULL. */
iki_num_status iki_parse_number_text(const char *s, size_t len, const char *locale,
                                     double *out, int *percent);

/* The two conventions of writing numbers: Indonesian "1.234,5" (',' the
 * decimal mark, '.' groups thousands) and English "1,234.5". */
typedef enum iki_numconv {
    IKI_NUMCONV_ID = 0,
    IKI_NUMCONV_EN = 1
} iki_numconv;

/* Which convention a number's separators fit. */
typedef enum iki_numshape {
    IKI_SHAPE_PLAIN = 0, /* no separator (or not a number): either */
    IKI_SHAPE_ID,        /* only the Indonesian: "1.234,5" "1.234.567" "12,5" */
    IKI_SHAPE_EN,        /* only the English: "1,234.5" "1,234,567" "12.5" */
    IKI_SHAPE_EITHER     /* a lone separator before three digits, "1,686" or
                          * "1.686": a group under one convention, the
                          * decimal mark under the other */
} iki_numshape;

/* The number under both conventions: v[IKI_NUMCONV_ID] and
 * v[IKI_NUMCONV_EN] (the same unless *shape is IKI_SHAPE_EITHER), as
 * iki_parse_number_text reads it with locale "id" and "en".  v and shape
 * may be NULL; *shape is IKI_SHAPE_PLAIN unless the status is OK. */
iki_num_status iki_number_readings(const char *s, size_t len, double v[2],
                                   iki_numshape *shape);

/* A cell as a number: NUMBER and BOOL as they are, TEXT through
 * iki_parse_number_text, EMPTY as IKI_NUM_EMPTY, ERROR/DATE as INVALID. */
iki_num_status iki_cell_number(const iki_cell *c, const char *locale, double *out);

/* ---- the convention of a column ----------------------------------------- *
 * One program writes a column, in one convention, so a number whose text
 * reads two ways ("1,686": 1686 in English, 1.686 in Indonesian) is read
 * as its column's other cells and total row show, not cell by cell.  The
 * evidence, each for one convention only:
 *   - a cell whose separators fit it alone ("12,5", "1,234,567", "1.234,5");
 *   - a cell of a field that counts persons or cases (whole) that only it
 *     reads as a whole number ("1,686" under English; 1.686 persons are
 *     impossible);
 *   - a total row that agrees with the sum of the rows under it alone.
 * Evidence one way decides the column; evidence both ways is split and the
 * caller's default (the template's locale) applies.  Numbers typed as
 * numbers (not text) read alike under both: they only add to the sums. */
#define IKI_NUMCOL_TOTALS 8 /* total rows weighed per column */

typedef enum iki_numwhy {
    IKI_NUMWHY_NONE = 0, /* no evidence either way: the default */
    IKI_NUMWHY_TOTAL,    /* a total row agrees under this convention only */
    IKI_NUMWHY_WHOLE,    /* a count reads whole under this convention only */
    IKI_NUMWHY_SHAPE,    /* a cell's separators fit this convention only */
    IKI_NUMWHY_SPLIT     /* evidence both ways: the default */
} iki_numwhy;

typedef struct iki_numcol {
    size_t either;        /* cells (rows and totals) read two ways */
    size_t shape[2];      /* by convention: cells whose separators fit it alone */
    size_t whole[2];      /* cells of counts read whole by it alone */
    uint32_t shape_row[2], whole_row[2]; /* the first such cell's row */
    double sum[2];        /* the data cells under each convention */
    double total[IKI_NUMCOL_TOTALS][2];
    uint32_t total_row[IKI_NUMCOL_TOTALS];
    size_t ntotals;
} iki_numcol;

typedef struct iki_numdecision {
    iki_numconv conv;   /* how to read the column */
    iki_numwhy why;
    int needed;         /* some cell reads two ways (else conv is moot) */
    uint32_t row;       /* TOTAL, WHOLE, SHAPE: the row of a cell showing it */
    uint32_t row_id, row_en; /* SPLIT: a cell for each convention */
} iki_numdecision;

void iki_numcol_init(iki_numcol *c);
/* A data cell of the column at 0-based row (NULL, empty or not a number:
 * nothing); whole: its field counts persons or cases. */
void iki_numcol_add(iki_numcol *c, const iki_cell *cell, int whole, uint32_t row);
/* A total row's cell of the column (the first IKI_NUMCOL_TOTALS count). */
void iki_numcol_add_total(iki_numcol *c, const iki_cell *cell, uint32_t row);
/* Decide from the evidence so far; dflt when there is none or it is split.
 * The reason given is the strongest: a total row, then a count, then the
 * separators. */
iki_numdecision iki_numcol_decide(const iki_numcol *c, iki_numconv dflt);

/* Does the cell hold a yes-value (Ya, Y, Sudah, ✓, √, 1, TRUE, ...)?
 * list: the field's yes-values, or the template's default when n == 0. */
int iki_cell_is_yes(const iki_cell *c, const iki_strlist *list);

/* ---- areas and totals ---------------------------------------------------- */
/* Index of the area named by text ("Kec. Karang Penang", "KARANGPENANG"),
 * or -1.  Prefixes "kec", "kecamatan" and a leading number are ignored. */
long iki_match_area(const iki_template *t, const char *text, size_t len);
/* Is the text a total-row label (the template's total_labels)? */
int iki_is_total_label(const iki_template *t, const char *text, size_t len);

/* ---- periods ------------------------------------------------------------- */
typedef enum iki_period_kind {
    IKI_PERIOD_NONE = 0,
    IKI_PERIOD_YEAR,     /* index 1 */
    IKI_PERIOD_SEMESTER, /* index 1-2 */
    IKI_PERIOD_QUARTER,  /* index 1-4 (triwulan, TW) */
    IKI_PERIOD_MONTH     /* index 1-12 */
} iki_period_kind;

typedef struct iki_period {
    iki_period_kind kind;
    int year;  /* 0 when unknown */
    int index;
} iki_period;

/* Find a period in free text (a title row or a file name): month names in
 * Indonesian and English (Januari..Desember, Agu/Agt, Okt, Des, Mei, Jan,
 * Feb, ...), "TW II", "Triwulan 2", "Semester I", "2025-03", a year
 * 2000-2099.  Returns 1 when something was found (a year alone counts),
 * 0 otherwise. */
int iki_period_parse(const char *text, size_t len, iki_period *out);
/* The month of a date cell (Excel serial day, 1900 system): its month and
 * year (2000-2099).  1 when found, 0 otherwise. */
int iki_period_from_serial(double serial, iki_period *out);
/* Last day of the period as a sortable number yyyymmdd (a year alone is
 * its 31 December); 0 for IKI_PERIOD_NONE. */
long iki_period_end(const iki_period *p);
/* "Maret 2025", "Triwulan II 2025", "Semester I 2025", "2025", "" */
size_t iki_period_format(const iki_period *p, char *buf, size_t cap);

/* ---- sheets -------------------------------------------------------------- */
struct iki_collect;

typedef struct iki_sheet_result {
    long source;          /* recognised source index, or -1 */
    uint32_t header_row;  /* first header row (0-based) when recognised */
    size_t data_rows;     /* rows that gave values */
    char why[512];        /* when not recognised: why, in one line */
    char why_id[512];     /* the same in Indonesian */
} iki_sheet_result;

/* Read sheet `index` of r (already opened on a file called `file`, whose
 * period from the file name or NULL is `period`): find the header, match
 * the template's sources, and when one matches, stream the data rows into
 * c (iki_collect_begin/add/end).  Diagnostics (text in a number cell, a
 * total that does not match, an unknown area, a near miss with "did you
 * mean") go to d with file, sheet and cell.  Returns reader errors; a
 * sheet that is no source is IKI_OK with res->source == -1.  c may be NULL:
 * recognise and check only. */
iki_error iki_table_read_sheet(const iki_template *t, iki_reader *r, size_t index,
                               const char *file, const iki_period *period,
                               struct iki_collect *c, iki_diags *d,
                               iki_sheet_result *res);

/* ---- the target form ----------------------------------------------------- */
/* One target cell of a target form: indicator (template order), slot 0 the
 * year's target, 1..4 TW I..IV; the target (NUMBER, or PREDICATE for a KLA
 * indicator, text its name, static); the cell; the form's period (its title
 * rows', else the file name's). */
typedef struct iki_target_entry {
    size_t indicator;
    int slot;
    iki_target target;
    const char *text;
    uint32_t row, col;
    iki_period period;
} iki_target_entry;
/* 0, or -1 to stop (out of memory). */
typedef int (*iki_target_fn)(void *ctx, const iki_target_entry *e);

/* "Target Tahunan", "Target TW I" .. "Target TW IV"; "" out of range. */
const char *iki_target_slot_name(int slot);

/* Read sheet `index` of r as a target form when its header (in the first
 * 30 rows) holds Kode and/or Indikator and two or more of Target Tahunan,
 * Target TW I..IV: *recognised = 1 and each target cell goes to fn.  A row
 * matched by Kode (any case), else by the indicator's name normalised; a
 * row matching no indicator, a cell that is no number (no predicate for a
 * KLA indicator) or a negative target is a warning in d with file, sheet
 * and cell, and left out.  Returns reader errors (the sheet is opened and
 * read to the end of its table). */
iki_error iki_table_read_targets(const iki_template *t, iki_reader *r, size_t index,
                                 const char *file, const iki_period *file_period,
                                 iki_target_fn fn, void *ctx, iki_diags *d, int *recognised);

#endif
