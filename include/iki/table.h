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

/* A cell as a number: NUMBER and BOOL as they are, TEXT through
 * iki_parse_number_text, EMPTY as IKI_NUM_EMPTY, ERROR/DATE as INVALID. */
iki_num_status iki_cell_number(const iki_cell *c, const char *locale, double *out);

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

#endif
