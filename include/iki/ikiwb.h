/* iki — reading what `iki build` wrote: an IKI workbook's identity and its
 * Data sheet (the table stage's reader of iki's own workbooks, used by
 * `iki rekap` and by `iki build --previous`).
 *
 * The identity (office, region, year, build time, iki version) is read from
 * the labelled cells of Ringkasan (label in column A, value in B), else from
 * the custom document properties of the same names: an office program that
 * saves the workbook again may drop the properties, never the cells.  The
 * Data sheet is read by its header names, never by column letters; other
 * columns are ignored.  Values are read as written (cached values of
 * formulas); checking them is the caller's business.
 *
 * Usage:
 *     iki_wb *wb = iki_wb_new();
 *     iki_reader_open_path(r, path);
 *     if (iki_wb_read(r, wb, why, sizeof why, why_id, sizeof why_id) != IKI_OK) ...
 *     if (why[0]) ...skipped: not an IKI workbook...
 *     iki_wb_free(wb);
 */
#ifndef IKI_IKIWB_H
#define IKI_IKIWB_H

#include <stddef.h>
#include <stdint.h>

#include "iki/error.h"
#include "iki/reader.h"
#include "iki/scan.h" /* IKI_MARK_PROPERTY */

/* Labels of the identity cells in Ringkasan, and the names of the custom
 * document properties that hold the same values (the version: the mark). */
#define IKI_ID_SHEET "Ringkasan"
#define IKI_ID_OFFICE "Perangkat Daerah"
#define IKI_ID_REGION "Wilayah"
#define IKI_ID_YEAR "Tahun"
#define IKI_ID_BUILT "Waktu pembuatan"
#define IKI_ID_BY IKI_MARK_PROPERTY /* "Dibuat dengan": "iki 0.1.0" */

/* The Data sheet and the header names read from it. */
#define IKI_DATA_SHEET "Data"
#define IKI_COL_KODE "Kode"
#define IKI_COL_JABATAN "Jabatan"
#define IKI_COL_INDIKATOR "Indikator"
#define IKI_COL_PEMBILANG "Pembilang"
#define IKI_COL_PENYEBUT "Penyebut"
#define IKI_COL_REALISASI "Realisasi"
#define IKI_COL_SATUAN "Satuan"
#define IKI_COL_TARGET "Target"
#define IKI_COL_CAPAIAN "Capaian"
#define IKI_COL_PREDIKAT "Predikat"
#define IKI_COL_STATUS "Status"
#define IKI_COL_POLARITAS "Polaritas"
#define IKI_COL_PREVIOUS "Realisasi Tahun Lalu"
/* Polaritas as written in Data. */
#define IKI_POLARITY_HIGHER_TEXT "makin tinggi makin baik"
#define IKI_POLARITY_LOWER_TEXT "makin rendah makin baik"

/* One Data row as written.  Strings are owned by the iki_wb. */
typedef struct iki_wb_row {
    uint32_t row;       /* 0-based row of the Data sheet */
    char *position;     /* Jabatan */
    char *code;         /* Kode */
    char *name;         /* Indikator */
    char *unit;         /* Satuan, "" when none */
    char *status;       /* Status, "" when none */
    char *predikat;     /* Predikat, "" when none (or no such column) */
    char *target_text;  /* Target when not a number ("75-90", "Madya"), else NULL */
    char *value_text;   /* Realisasi when text (a KLA predicate), else NULL */
    int has_numerator, has_denominator, has_value, has_target, has_capaian;
    double numerator, denominator, value, target, capaian;
    int lower_is_better; /* Polaritas says so; 0 when absent */
} iki_wb_row;

typedef struct iki_wb {
    char *office;       /* Perangkat Daerah */
    char *region;       /* "" when none */
    char *version;      /* "iki 0.1.0", "" when not known */
    int year;
    long long built_at; /* seconds since the epoch (UTC) */
    int has_built_at;
    int identity_from_cells; /* 1: Ringkasan's cells; 0: document properties */
    int has_polarity;   /* Data has the Polaritas column */
    int has_predikat;   /* Data has the Predikat column */
    long col_realisasi, col_capaian; /* 0-based columns in Data, for messages */
    iki_wb_row *rows;
    size_t nrows;
} iki_wb;

iki_wb *iki_wb_new(void);     /* NULL when out of memory */
void iki_wb_clear(iki_wb *wb); /* back to empty, keeps the struct */
void iki_wb_free(iki_wb *wb);  /* NULL is harmless */

/* Read the identity and the Data rows of the workbook open in r into wb
 * (cleared first).  A workbook that is no IKI workbook (no identity, no
 * Data sheet, Data without the needed columns, a sheet that cannot be
 * read) is no error: the reason is put in why (English) and why_id
 * (Indonesian), "" otherwise.  IKI_ERROR_NOMEM when memory ran out. */
iki_error iki_wb_read(iki_reader *r, iki_wb *wb, char *why, size_t whycap, char *why_id,
                      size_t why_idcap);

#endif
