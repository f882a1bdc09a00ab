/* The target form ("Target Kinerja", formulir-target.xlsx of `iki forms`):
 * one row per indicator of the template in its order, No | Kode |
 * Indikator | Satuan | Target Tahunan | Target TW I..IV, labels locked and
 * target cells open, validation by the indicator's kind, and a Petunjuk
 * sheet.  Filled in, it is an input: src/table/targets.c reads it. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <xlsxwriter.h>

#include "internal.h"
#include "iki/forms.h"
#include "iki/report.h"

#define TF_HEADER_ROW 4
#define HEAD_FILL 0xD9E1F2

static const char *const heads[] = {"No",          "Kode",           "Indikator",
                                    "Satuan",      "Target Tahunan", "Target TW I",
                                    "Target TW II", "Target TW III", "Target TW IV"};
static const double widths[] = {5, 26, 60, 10, 14, 12, 12, 12, 12};
static char *predicates[] = {"Pratama", "Madya", "Nindya", "Utama", "KLA", NULL};

typedef struct tform {
    const iki_template *t;
    int year;
    time_t build_time;
} tform;

#define CK(expr)                                                                         \
    do {                                                                                 \
        if ((expr) != LXW_NO_ERROR)                                                      \
            goto fail;                                                                   \
    } while (0)

/* Validation of the five target cells of one indicator's row. */
static lxw_error validate_row(lxw_worksheet *ws, const iki_indicator *ind, lxw_row_t r)
{
    lxw_data_validation v;
    memset(&v, 0, sizeof v);
    if (ind->kind == IKI_KIND_KLA) {
        v.validate = LXW_VALIDATION_TYPE_LIST;
        v.value_list = predicates;
        v.error_title = "Target KLA";
        v.error_message = "Pilih predikat: Pratama, Madya, Nindya, Utama atau KLA.";
    } else if (ind->unit && strcmp(ind->unit, "%") == 0) {
        /* some targets exceed 100 %: a warning, not a refusal */
        v.validate = LXW_VALIDATION_TYPE_DECIMAL;
        v.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
        v.minimum_number = 0;
        v.maximum_number = 100;
        v.error_type = LXW_VALIDATION_ERROR_TYPE_WARNING;
        v.error_title = "Target persen";
        v.error_message = "Target persen biasanya 0 sampai 100. Lanjutkan bila memang "
                          "targetnya di atas 100.";
    } else {
        v.validate = LXW_VALIDATION_TYPE_DECIMAL;
        v.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
        v.minimum_number = 0;
        v.error_title = "Target";
        v.error_message = "Isi angka 0 atau lebih.";
    }
    v.ignore_blank = LXW_VALIDATION_ON;
    return worksheet_data_validation_range(ws, r, 4, r, 8, &v);
}

static int write_tform(void *ctx, const char *tmp_path)
{
    tform *x = ctx;
    const iki_template *t = x->t;
    lxw_workbook *wb = report_workbook_new(tmp_path);
    if (!wb)
        return -1;
    lxw_doc_properties props;
    memset(&props, 0, sizeof props);
    props.title = "Target Kinerja";
    props.subject = "Formulir isian iki: target";
    props.author = t->office.name;
    props.company = t->office.region;
    props.comments = "Formulir target dari iki. Setelah diisi, berkas ini adalah masukan iki.";
    props.created = x->build_time;
    lxw_format *title = report_form_format(wb, 0, 1, 0, 0), *sub = report_form_format(wb, 0, 1, 0, 0),
               *head = report_form_format(wb, 1, 1, 1, 0), *cell = report_form_format(wb, 1, 0, 1, 0),
               *no = report_form_format(wb, 1, 0, 0, 0), *in = report_form_format(wb, 1, 0, 0, 1),
               *ntext = report_form_format(wb, 0, 0, 1, 0);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Target Kinerja");
    lxw_worksheet *ns = workbook_add_worksheet(wb, IKI_FORMS_SHEET_NOTES);
    if (!title || !sub || !head || !cell || !no || !in || !ntext || !ws || !ns)
        goto fail;
    format_set_font_size(title, 14);
    format_set_bg_color(head, HEAD_FILL);
    format_set_align(head, LXW_ALIGN_CENTER);
    format_set_align(no, LXW_ALIGN_CENTER);
    CK(workbook_set_properties(wb, &props));
    for (lxw_col_t c = 0; c < 9; c++)
        CK(worksheet_set_column(ws, c, c, widths[c], NULL));
    char line[512];
    CK(worksheet_write_string(ws, 0, 0, "TARGET KINERJA", title));
    snprintf(line, sizeof line, "%s%s%s", t->office.name ? t->office.name : "",
             t->office.region && *t->office.region ? " " : "",
             t->office.region ? t->office.region : "");
    CK(worksheet_write_string(ws, 1, 0, line, sub));
    snprintf(line, sizeof line, "TAHUN %d", x->year);
    CK(worksheet_write_string(ws, 2, 0, line, sub));
    for (lxw_col_t c = 0; c < 9; c++)
        CK(worksheet_write_string(ws, TF_HEADER_ROW, c, heads[c], head));
    for (size_t i = 0; i < t->nindicators; i++) {
        const iki_indicator *ind = &t->indicators[i];
        lxw_row_t r = (lxw_row_t)(TF_HEADER_ROW + 1 + i);
        CK(worksheet_write_number(ws, r, 0, (double)(i + 1), no));
        CK(worksheet_write_string(ws, r, 1, ind->code, cell));
        CK(worksheet_write_string(ws, r, 2, ind->name, cell));
        CK(worksheet_write_string(ws, r, 3, ind->unit ? ind->unit : "", no));
        for (lxw_col_t c = 4; c < 9; c++)
            CK(worksheet_write_blank(ws, r, c, in));
        CK(validate_row(ws, ind, r));
    }
    worksheet_freeze_panes(ws, TF_HEADER_ROW + 1, 3);
    worksheet_set_paper(ws, 9);
    worksheet_set_landscape(ws);
    worksheet_fit_to_pages(ws, 1, 0);
    CK(worksheet_repeat_rows(ws, TF_HEADER_ROW, TF_HEADER_ROW));
    lxw_protection prot;
    memset(&prot, 0, sizeof prot);
    prot.format_columns = 1;
    prot.format_rows = 1;
    worksheet_protect(ws, NULL, &prot);
    worksheet_activate(ws);
    /* Petunjuk */
    static const char *const notes[] = {
        "PETUNJUK PENGISIAN FORMULIR TARGET KINERJA",
        "1. Isi kolom Target Tahunan dan Target TW I sampai TW IV (sel berwarna) untuk "
        "setiap indikator. Kode, Indikator dan Satuan sudah terisi dan dikunci: jangan "
        "diubah, iki mencocokkan baris dengan Kode (atau nama indikator).",
        "2. Target persen ditulis sebagai angka 0 sampai 100 (misalnya 75 untuk 75 %). "
        "Target di atas 100 boleh, Excel hanya memberi peringatan.",
        "3. Target KLA dipilih dari daftar: Pratama, Madya, Nindya, Utama atau KLA.",
        "4. Sel yang dibiarkan kosong berarti tidak ada target: capaian untuk periode itu "
        "tetap kosong, tidak dianggap 0.",
        "5. Simpan sebagai xlsx, xls, ods atau csv dan taruh di folder masukan bersama "
        "formulir lain. Target di formulir ini menggantikan target di templat.",
        "6. Bila ada dua formulir target untuk tahun yang sama dengan isi berbeda, iki "
        "memakai yang periodenya lebih akhir atau berkasnya lebih baru dan memberi "
        "peringatan.",
    };
    CK(worksheet_set_column(ns, 0, 0, 90, NULL));
    for (size_t i = 0; i < sizeof notes / sizeof *notes; i++) {
        CK(worksheet_write_string(ns, (lxw_row_t)i, 0, notes[i], i ? ntext : title));
        if (i)
            CK(worksheet_set_row(ns, (lxw_row_t)i, 42, NULL));
    }
    worksheet_set_paper(ns, 9);
    return report_workbook_close(wb, 0);
fail:
    return report_workbook_close(wb, -1);
}

iki_error iki_forms_write_targets(const iki_template *t, const char *path, int year,
                                  time_t build_time, char *err, size_t errcap)
{
    if (err && errcap)
        err[0] = '\0';
    if (!t || !path || !*path)
        return IKI_ERROR_USAGE;
    tform x = {t, year, build_time};
    return iki_report_atomic(path, write_tform, &x, err, errcap);
}
