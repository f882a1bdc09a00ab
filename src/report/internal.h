/* Internal interface of the report stage: the workbook context and the
 * formats shared by every sheet, and one function per sheet. */
#ifndef IKI_REPORT_INTERNAL_H
#define IKI_REPORT_INTERNAL_H

#include <xlsxwriter.h>

#include "iki/collect.h"
#include "iki/compute.h"
#include "iki/ikiwb.h"
#include "iki/report.h"
#include "iki/run.h"
#include "iki/template.h"

/* Shared formats, created once per workbook (workbook.c). */
typedef struct report_formats {
    lxw_format *title;      /* bold 14pt, centred */
    lxw_format *subtitle;   /* bold 11pt */
    lxw_format *label;      /* bold, top-aligned ("1. JABATAN") */
    lxw_format *text;       /* top-aligned, wrapped, no border */
    lxw_format *header;     /* bold, centred, wrapped, border, grey fill */
    lxw_format *colnum;     /* centred, border, italic (the 1 2 3 4 row) */
    lxw_format *cell;       /* border, wrapped, top-aligned */
    lxw_format *cell_center;/* border, centred */
    lxw_format *goal;       /* border, wrapped, vertically centred (merged goals) */
    lxw_format *number;     /* border, "#,##0.##########" (exact counts) */
    lxw_format *decimal2;   /* border, "0.00" (realisasi, capaian) */
    lxw_format *datetime;   /* border, "dd/mm/yyyy hh:mm" */
    lxw_format *plain_number; /* no border, "#,##0.##" */
} report_formats;

typedef struct report_ctx {
    lxw_workbook *wb;
    const iki_run *run;
    const iki_template *t;
    const iki_report_options *opt;
    int year;              /* resolved reporting year */
    char mark[64];         /* "iki 0.1.0": the mark property's value */
    report_formats f;
    /* the Data sheet's row (0-based) of each indicator's first appearance;
     * filled by report_data_layout before any sheet is written */
    lxw_row_t *data_row;
} report_ctx;

/* One function per sheet; each returns 0, or -1 when libxlsxwriter failed
 * (out of memory).  Sheet order is decided by workbook.c. */
/* The report year: opt->year (--year, which the run was given too), else
 * the run's (the template's, the inputs', the clock's), else the
 * template's, else the build year. */
int report_year(const iki_run *run, const iki_template *t, const iki_report_options *opt);
/* iki_report_atomic's callback for the JSON outputs (build and rekap):
 * dump the json_t *ctx to tmp_path (UTF-8, through the os layer), two-space
 * indent, keys in order, 17 digits, a final newline.  -1 with errno set on
 * failure. */
int report_json_dump(void *ctx, const char *tmp_path);
/* A cell of the IKI tables (position sheets, Triwulan): Arial 10, wrapped,
 * centred vertically, left or centred, a thin border when asked.  NULL
 * when out of memory. */
lxw_format *report_table_format(lxw_workbook *wb, int border, int center);
/* A cell format of the blank forms (forms.c, target_form.c): Arial 10,
 * centred vertically; a thin border, bold, wrapped text as asked; an input
 * cell is unlocked and light yellow.  NULL when out of memory. */
lxw_format *report_form_format(lxw_workbook *wb, int border, int bold, int wrap, int input);
int report_summary_sheet(report_ctx *x);          /* Ringkasan */
int report_position_sheet(report_ctx *x, size_t position); /* one IKI sheet */
int report_quarters_sheet(report_ctx *x);         /* Triwulan */
int report_data_sheet(report_ctx *x);             /* Data */
int report_detail_sheet(report_ctx *x);           /* Rincian */
int report_sources_sheet(report_ctx *x);          /* Sumber */
int report_notes_sheet(report_ctx *x);            /* Catatan */
/* Catatan of any list of diagnostics (build's and rekap's). */
int report_diags_sheet(lxw_workbook *wb, const report_formats *f, const iki_diags *d);

/* Helpers (workbook.c) */
/* The shared formats in wb (also for the recap workbook); 0, or -1. */
int report_make_formats(lxw_workbook *wb, report_formats *f);
/* Every workbook iki writes (build, rekap, the forms) opens and closes
 * through these.  New: a workbook writing tmp_path, or NULL with errno
 * (ENOMEM when the library gave none).  Close: rc is 0 when every sheet
 * was written, -1 when one failed; 0, or -1 with errno: the system's
 * reason when the library hit one (disk full, file too large), ENOMEM,
 * else EIO. */
lxw_workbook *report_workbook_new(const char *tmp_path);
int report_workbook_close(lxw_workbook *wb, int rc);
/* A string cell (blank when empty), cut at a UTF-8 boundary to Excel's
 * limit of 32,767 bytes a cell. */
lxw_error report_put_str(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s,
                         lxw_format *f);
/* The Data sheet: header in row 0, then one row per (position, indicator)
 * in template order (positions, their goals, their indicators), from row 1.
 * report_data_sheet must follow exactly this order. */
void report_data_layout(report_ctx *x);
/* Capaian in (row, c_out) of indicator ind against tg: a formula over the
 * row's realisasi (c_real) and target (c_target) cells with r's capaian
 * cached where both are numbers and compute agrees with the formula, else
 * the plain value (blank when none); format d2. */
lxw_error report_write_capaian(lxw_worksheet *ws, lxw_row_t row, const iki_indicator *ind,
                               const iki_target *tg, const iki_result *r, int c_real,
                               int c_target, int c_out, lxw_format *d2);
/* Indonesian date "31 Desember 2025" of t (UTC); buf of cap bytes. */
void report_date_id(time_t t, char *buf, size_t cap);
/* Target of an indicator as text ("80", "75-90", "Madya"), "" when none. */
void report_target_text(const iki_indicator *ind, char *buf, size_t cap);
/* A shallow copy of t whose indicators carry the targets that count (the
 * run's: a target form's, else the template's); free() it.  NULL when out
 * of memory. */
iki_template *report_effective_template(const iki_run *run, const iki_template *t);
/* --previous: last year's checked row of the indicator, the one with the
 * same Jabatan and Kode, else the first with the same Kode; NULL when
 * none (or no --previous). */
struct iki_recheck;
const struct iki_recheck *report_previous(const report_ctx *x, const iki_position *pos,
                                          const iki_indicator *ind);

/* Text measurement for the printed sheets (measure.c). */
#define REPORT_LINE_PT 12.75 /* one line of 10pt Arial */
#define REPORT_PAD_PT 3.0    /* cell padding above and below */
/* Pixels of a column of Excel width w (max digit width 7 px). */
double report_col_px(double w);
/* Lines that text takes when wrapped at words in a cell of px pixels
 * (Arial 10pt; bold when `bold`). */
int report_wrapped_lines(const char *text, double px, int bold);
/* Row height in points of so many lines with the cell padding. */
double report_height_for(int lines);

#endif
