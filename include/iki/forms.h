/* iki — blank input forms: one XLSX per source form of a template
 * (libxlsxwriter), for the office's staff to fill in and drop into the
 * inbox.  A form carries exactly the headers the template recognises, the
 * kecamatan (areas), the item labels (items) or numbered rows (list), a
 * JUMLAH row of =SUM formulas (areas), data validation, locked labels with
 * unlocked input cells under a password-less sheet protection, and a
 * "Petunjuk" sheet in Indonesian.  A filled-in form is an INPUT: it does
 * not carry the IKI_MARK_PROPERTY of iki's outputs (scan.h).
 *
 * Layout of the form sheet (0-based rows): IKI_FORMS_TITLE_ROW the
 * source's title in capitals, then the office, region and year; a
 * "Periode" label with an input cell; a blank row; IKI_FORMS_HEADER_ROW
 * the header; the data rows from IKI_FORMS_HEADER_ROW + 1. */
#ifndef IKI_FORMS_H
#define IKI_FORMS_H

#include <stddef.h>
#include <time.h>

#include "iki/error.h"
#include "iki/template.h"

#define IKI_FORMS_TITLE_ROW 0
#define IKI_FORMS_PERIOD_ROW 2  /* "Periode:", then the period input cell */
#define IKI_FORMS_HEADER_ROW 4
#define IKI_FORMS_LIST_ROWS 50  /* empty numbered rows of a list form */
#define IKI_FORMS_SHEET_NOTES "Petunjuk"

/* Base name of the form of source s: "formulir-pmks.xlsx", or when the
 * source has file globs that this name does not match, the first of
 * "CODE.xlsx" and the first glob with its wildcards dropped (+ ".xlsx")
 * that matches.  Writes at most cap bytes (NUL-terminated); returns the
 * length it needed. */
size_t iki_forms_file_name(const iki_source *s, char *buf, size_t cap);

/* Sheet name of the form of source s: its title made a valid sheet name
 * (at most 31 characters, cut at a word; [ ] : * ? / \ replaced; never
 * "Petunjuk"), or another name matching the source's sheet globs when it
 * has some.  buf of at least 128 bytes. */
void iki_forms_sheet_name(const iki_source *s, char *buf, size_t cap);

/* Write the form of t->sources[source] to path atomically (through
 * iki_report_atomic: on failure path is untouched and no temporary file is
 * left).  year: the year in the title; 0 takes the template's, else the
 * year of build_time.  build_time is the document's creation time
 * (SOURCE_DATE_EPOCH gives byte-identical forms).  IKI_ERROR_IO with
 * "cannot write PATH: reason" in err (err may be NULL). */
iki_error iki_forms_write_one(const iki_template *t, size_t source, const char *path,
                              int year, time_t build_time, char *err, size_t errcap);

/* The target form: "Target Kinerja", one row per indicator of t in
 * template order, exactly No | Kode | Indikator | Satuan | Target Tahunan |
 * Target TW I | Target TW II | Target TW III | Target TW IV (header on row
 * IKI_FORMS_HEADER_ROW), the first four pre-filled and locked, the target
 * cells open with validation by kind (a number >= 0; percent 0-100 with a
 * warning, not a refusal, above; KLA a list of the predicates), "TAHUN
 * <year>" in the title rows, and a Petunjuk sheet.  year 0: see
 * iki_forms_write_one.  Written atomically. */
#define IKI_FORMS_TARGET_FILE "formulir-target.xlsx"
iki_error iki_forms_write_targets(const iki_template *t, const char *path, int year,
                                  time_t build_time, char *err, size_t errcap);

/* Create dir (and its parents) when missing and write every source's form
 * there under iki_forms_file_name(), and the target form under
 * IKI_FORMS_TARGET_FILE.  Stops at the first failure. */
iki_error iki_forms_write(const iki_template *t, const char *dir, int year,
                          time_t build_time, char *err, size_t errcap);

#endif
