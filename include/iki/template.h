/* iki — the template: which forms (sources) an office has, how their
 * columns are named, which indicators are computed from which fields, and
 * the positions (jabatan) whose IKI sheets list those indicators.
 *
 * Loaded from YAML (libyaml) and validated as a whole; the built-in
 * template (templates/dinsos-pppa-sampang.yaml) is embedded in the library.
 * Ownership: a loaded iki_template owns every string and array in it;
 * iki_template_free() releases all.  Structures are read-only for callers.
 *
 * All header aliases, item labels, area names and variants, yes-values
 * and total labels are stored as written AND normalised (iki_norm_text in
 * table.h) in the parallel `norm` arrays, so matching is a plain strcmp. */
#ifndef IKI_TEMPLATE_H
#define IKI_TEMPLATE_H

#include <stddef.h>

#include "iki/error.h"

typedef struct iki_strlist {
    char **items; /* as written in the template */
    char **norm;  /* normalised, parallel to items */
    size_t n;
} iki_strlist;

typedef struct iki_band {
    double min;  /* capaian (percent) at or above min gets label */
    char *label; /* "Sangat Baik" */
} iki_band;

typedef struct iki_office {
    char *name;     /* "Dinas Sosial, Pemberdayaan Perempuan dan ..." */
    char *region;   /* "Kabupaten Sampang" */
    int year;       /* 0 when not set */
    char *place;    /* signature block: "Sampang" */
    char *signer_position, *signer_name, *signer_nip;
    iki_band *bands; /* sorted by min, highest first */
    size_t nbands;
    char *locale;    /* number locale: "id" (default) or "en" */
    int read_hidden; /* hidden_sheets: read (1) or skip (0, the default) */
} iki_office;

typedef struct iki_area {
    char *name;          /* "Karang Penang" */
    iki_strlist variants; /* the name itself is variant 0 */
} iki_area;

typedef enum iki_layout {
    IKI_LAYOUT_AREAS = 0, /* one row per area, a key column naming it */
    IKI_LAYOUT_LIST,      /* one row per record (a person, a TMP, a PD) */
    IKI_LAYOUT_ITEMS      /* a label column and value columns */
} iki_layout;

typedef enum iki_agg {
    IKI_AGG_SUM = 0,  /* add the numbers of the column */
    IKI_AGG_COUNT,    /* count the records (list layout) */
    IKI_AGG_COUNT_IF, /* count records whose column holds a yes-value */
    IKI_AGG_DISTINCT, /* count distinct values of the column (e.g. NIK) */
    IKI_AGG_TEXT      /* keep the text of the cell (e.g. "Madya") */
} iki_agg;

typedef enum iki_over_periods {
    IKI_PERIODS_FLOW = 0, /* added over periods (cases handled) */
    IKI_PERIODS_STOCK     /* the latest period (population of PMKS) */
} iki_over_periods;

typedef struct iki_field {
    char *code;          /* "ditangani" */
    char *title;         /* header text as on the blank form */
    iki_strlist aliases; /* header aliases (the value column for items); the
                          * title is alias 0, except for a count field given
                          * no aliases (n == 0: counts records, reads no
                          * column) */
    iki_agg agg;
    iki_strlist item;    /* items layout: the row label(s) this field reads */
    iki_over_periods over_periods;
    int required;        /* a sheet is this source only if required fields match */
    iki_strlist yes_values; /* count_if; n == 0: the template's default list */
} iki_field;

typedef struct iki_source {
    char *code;  /* "pmks" */
    char *title; /* "Rekapitulasi PMKS per Kecamatan" */
    iki_layout layout;
    /* areas: the area column ("Kecamatan"); items: the label column
     * ("Uraian", "Komponen"); list: optional column that must be filled
     * for a row to be a record ("Nama TMP") */
    iki_strlist key;
    iki_strlist file_globs;  /* optional fnmatch patterns on the base name */
    iki_strlist sheet_globs; /* optional fnmatch patterns on the sheet name */
    iki_field *fields;
    size_t nfields;
} iki_source;

typedef enum iki_kind {
    IKI_KIND_PERCENT = 0, /* numerator / denominator x 100 */
    IKI_KIND_IDG,         /* 100 x (I_par + I_DM + I_inc) / 3 */
    IKI_KIND_KLA,         /* predicate from score and/or text */
    IKI_KIND_VALUE        /* one input as it is */
} iki_kind;

/* Input roles of an indicator; which ones an indicator uses depends on its
 * kind: percent numerator+denominator; value value; idg i_inc and either
 * i_par+i_dm or p_f+x_par+x_dm (raw data, EDEP method); kla score and/or
 * predicate. */
typedef enum iki_role {
    IKI_ROLE_NUMERATOR = 0,
    IKI_ROLE_DENOMINATOR,
    IKI_ROLE_VALUE,
    IKI_ROLE_I_PAR,
    IKI_ROLE_I_DM,
    IKI_ROLE_I_INC,
    IKI_ROLE_P_F,   /* female share of population, 0-1 or percent */
    IKI_ROLE_X_PAR, /* women's percentage of parliament seats */
    IKI_ROLE_X_DM,  /* women's percentage of managers/professionals */
    IKI_ROLE_SCORE, /* KLA evaluation score (0-1000) */
    IKI_ROLE_PREDICATE, /* KLA predicate text */
    IKI_ROLE_COUNT
} iki_role;

/* YAML key of a role: "numerator", "i_par", ... */
const char *iki_role_name(iki_role role);

typedef struct iki_input {
    long source; /* index in sources, -1 when the role is unused */
    long field;  /* index in that source's fields */
    char *ref;   /* "pmks.ditangani" as written */
} iki_input;

typedef enum iki_polarity {
    IKI_HIGHER_IS_BETTER = 0,
    IKI_LOWER_IS_BETTER
} iki_polarity;

typedef enum iki_target_kind {
    IKI_TARGET_NONE = 0,
    IKI_TARGET_NUMBER,    /* lo */
    IKI_TARGET_RANGE,     /* [lo, hi] */
    IKI_TARGET_PREDICATE  /* KLA rank in lo (1 Pratama .. 5 KLA) */
} iki_target_kind;

typedef struct iki_target {
    iki_target_kind kind;
    double lo, hi;
    char *text; /* as written, for display; NULL when none */
} iki_target;

typedef struct iki_indicator {
    char *code;        /* "pmks_pulih" */
    char *goal;        /* sasaran, verbatim from the seed */
    char *name;        /* "Persentase PMKS yang terpulihkan kembali ..." */
    char *formula;     /* formula text as in the seed */
    char *unit;        /* "%", "indeks", "predikat" */
    char *data_source; /* "Dinsos PPPA" */
    iki_kind kind;
    iki_input inputs[IKI_ROLE_COUNT];
    iki_polarity polarity;
    iki_target target;
    double index_scale; /* idg: scale of given indices, 1 or 100 */
    int target_max;     /* target_max: true: the target is the most that can
                           be attained; reaching it scores nilai 120 */
} iki_indicator;

typedef struct iki_goal {
    char *name;          /* sasaran */
    size_t *indicators;  /* indices into the template's indicators */
    size_t nindicators;  /* may be 0: the goal keeps its row */
} iki_goal;

typedef struct iki_position {
    char *code;   /* "kadis" */
    char *title;  /* "KEPALA DINAS SOSIAL PPPA KABUPATEN SAMPANG" */
    char *sheet;  /* sheet name, at most 31 characters */
    iki_strlist tugas;  /* one item, or a lettered list */
    iki_strlist fungsi; /* lettered list (letters not included) */
    iki_goal *goals;
    size_t ngoals;
} iki_position;

typedef struct iki_template {
    char *name;            /* file name as given, or "(bawaan)" */
    iki_office office;
    iki_area *areas;
    size_t nareas;
    iki_strlist yes_values;   /* default yes-values for count_if */
    iki_strlist total_labels; /* "JUMLAH", "TOTAL", "Jml", ... */
    iki_source *sources;
    size_t nsources;
    iki_indicator *indicators;
    size_t nindicators;
    iki_position *positions;
    size_t npositions;
} iki_template;

/* Load a template from YAML text.  name is used in messages.  On failure
 * returns IKI_ERROR_TEMPLATE (or NOMEM) and writes one line to err:
 * "NAME:LINE:COLUMN: what was expected" (err may be NULL). */
iki_error iki_template_load(const char *name, const char *text, size_t len,
                            iki_template **out, char *err, size_t errcap);
/* Same, from a file (IKI_ERROR_IO with "NAME: cannot read: ..." in err). */
iki_error iki_template_load_file(const char *path, iki_template **out, char *err,
                                 size_t errcap);
/* The built-in template (dinsos-pppa-sampang.yaml, embedded at build). */
iki_error iki_template_load_builtin(iki_template **out, char *err, size_t errcap);
/* Its YAML text (static, NUL-terminated). */
const char *iki_template_builtin_text(size_t *len);

void iki_template_free(iki_template *t); /* NULL is harmless */

/* Lookups by code; -1 when absent. */
long iki_template_find_source(const iki_template *t, const char *code);
long iki_template_find_field(const iki_source *s, const char *code);
long iki_template_find_indicator(const iki_template *t, const char *code);

#endif
