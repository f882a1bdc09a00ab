/* iki — the compute stage: indicator values, capaian and predikat from
 * collected inputs (../shared/DOMAIN.md).  Full precision inside; rounding
 * is the report's business.  A missing input is a status and a diagnostic,
 * never a silent zero. */
#ifndef IKI_COMPUTE_H
#define IKI_COMPUTE_H

#include <stddef.h>

#include "iki/diag.h"
#include "iki/template.h"

/* Where compute gets its inputs (the collect stage, or a test table). */
typedef struct iki_values {
    void *ctx;
    /* 0 with *out set, or -1 when the input has no data */
    int (*number)(void *ctx, size_t source, size_t field, double *out);
    /* text, or NULL when none */
    const char *(*text)(void *ctx, size_t source, size_t field);
} iki_values;

typedef enum iki_status {
    IKI_STATUS_OK = 0,          /* value, capaian and predikat */
    IKI_STATUS_NO_TARGET,       /* value, but no target: "tanpa target" */
    IKI_STATUS_MISSING_INPUT,   /* an input has no data */
    IKI_STATUS_ZERO_DENOMINATOR,
    IKI_STATUS_INVALID_INPUT    /* e.g. an index outside its scale */
} iki_status;

/* Indonesian status text for the workbook: "ok", "tanpa target",
 * "data tidak tersedia", "penyebut nol", "data tidak valid". */
const char *iki_status_text(iki_status s);

/* Kategori of an IKI's capaian, PermenPAN-RB No. 6/2022, Lampiran BAB VI. */
typedef enum iki_kategori {
    IKI_KATEGORI_NONE = 0,
    IKI_KATEGORI_SANGAT_KURANG, /* below 60 % */
    IKI_KATEGORI_KURANG,        /* 60-79 % */
    IKI_KATEGORI_CUKUP,         /* 80-99 % */
    IKI_KATEGORI_BAIK,          /* 100 % */
    IKI_KATEGORI_SANGAT_BAIK    /* above 100 % */
} iki_kategori;

/* "Sangat Kurang" .. "Sangat Baik"; "" for NONE. */
const char *iki_kategori_text(iki_kategori k);

typedef struct iki_result {
    int has_numerator, has_denominator, has_value, has_capaian;
    double numerator, denominator; /* percent: the two counts; kla: score */
    double value;                  /* realisasi (percent, IDG 0-100, KLA rank) */
    double capaian;                /* percent of target */
    int kla_rank;                  /* 0 none, 1 Pratama .. 5 KLA */
    const char *value_text;        /* KLA predicate name, else NULL (static) */
    const char *predikat;          /* band label from the template, or NULL */
    iki_kategori kategori;         /* national rule, when has_capaian */
    int has_nilai;
    double nilai;                  /* nilai capaian IKI, 0-120 */
    iki_status status;
    char note[256];                /* why, when status is not OK */
    char note_id[256];             /* the same in Indonesian */
} iki_result;

/* ---- primitives ---------------------------------------------------------- */
/* numerator / denominator x 100; -1 when denominator is 0. */
int iki_percent(double numerator, double denominator, double *out);
/* EDEP index (UNDP GEM / BPS, epsilon 2): p_f female population share
 * (0-1), x_f women's percentage (0-100); EDEP = 1/(p_f/x_f + p_m/x_m),
 * index = EDEP / 50; x_f = 0 gives 0.  -1 when an input is out of range. */
int iki_idg_edep_index(double p_f, double x_f, double *out);
/* 100 x (i_par + i_dm + i_inc) / 3 from indices on a 0-1 scale. */
double iki_idg(double i_par, double i_dm, double i_inc);
/* KLA rank from a score: 0 below 500, 1 Pratama (500-600], 2 Madya
 * (600-700], 3 Nindya (700-800], 4 Utama (800-900], 5 KLA (900-1000];
 * exactly 500 and 600 are Pratama.  -1 outside 0-1000. */
int iki_kla_rank_from_score(double score);
/* Rank from text ("Madya", "KLA MADYA", "Kabupaten Layak Anak", "utama"),
 * 0 when unknown. */
int iki_kla_rank_from_text(const char *text);
/* "Pratama", "Madya", "Nindya", "Utama", "KLA"; "" for 0. */
const char *iki_kla_rank_name(int rank);
/* Capaian (percent) of realisasi against target by polarity; a range
 * target compares with hi above it, lo below it, 100 inside; a predicate
 * target compares ranks.  -1 when the target is NONE or 0. */
int iki_capaian(double realisasi, const iki_target *target, iki_polarity polarity,
                double *out);
/* The national rule for an IKI (PermenPAN-RB No. 6/2022, Lampiran, BAB VI
 * Penilaian Kinerja): the kategori of a capaian (percent) and its nilai
 * capaian IKI (0-120): Sangat Kurang c/59 x 49; Kurang 50 + (69-50)/(79-60)
 * x (c-60); Cukup 70 + (89-70)/(99-80) x (c-80); Baik (exactly 100) 109,
 * or 120 when the target is the most that can be attained (target_max);
 * above 110: 120.  The Sangat Baik formula for 100 < c <= 110 could not be
 * confirmed from the regulation's text: nilai is left out there.  Returns
 * 0 with both set, 1 with the kategori only (nilai unknown), -1 when c is
 * not a number.  A capaian within 1e-9 of 100 is 100. */
int iki_nilai_capaian(double capaian, int target_max, iki_kategori *kategori, double *nilai);
/* Band label for a capaian from the office's bands, or NULL. */
const char *iki_predikat(const iki_office *office, double capaian);

/* ---- indicators ---------------------------------------------------------- */
/* Compute indicator `index` of t; diagnostics (missing input, numerator
 * above denominator, KLA score and text disagreeing) go to d with the
 * indicator's code.  Returns IKI_OK unless out of memory or misuse: data
 * problems are in out->status. */
iki_error iki_compute_indicator(const iki_template *t, size_t index,
                                const iki_values *values, iki_result *out,
                                iki_diags *d);
/* The same against `target` (the template's when NULL): a target form's,
 * for the year or a quarter. */
iki_error iki_compute_indicator_target(const iki_template *t, size_t index,
                                       const iki_values *values, const iki_target *target,
                                       iki_result *out, iki_diags *d);

#endif
