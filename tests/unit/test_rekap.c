/* Reading what `iki build` wrote: the recheck of a Data row (a table:
 * the row as written, the values after the check, the flags), and
 * iki_wb_read on workbooks written here with libxlsxwriter: the identity
 * from Ringkasan's labelled cells or, without them, from the custom
 * document properties; Data read by header names in any column order with
 * extra columns; what is no IKI workbook and why. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "iki/ikiwb.h"
#include "iki/recheck.h"
#include "testutil.h"

#define NONE (-12345.0)

/* ---- recheck --------------------------------------------------------------- */
static void recheck_table(void **state)
{
    (void)state;
    static const struct {
        const char *what;
        double num, den, value, target, capaian; /* NONE: empty cell */
        const char *value_text, *target_text, *status;
        int lower;
        /* want */
        double w_value, w_capaian;
        const char *w_text;
        int w_value_manual, w_capaian_manual;
    } t[] = {
        {"percent as built", 45, 48, 93.75, 90, 93.75 / 90 * 100, NULL, NULL, "ok", 0,
         93.75, 93.75 / 90 * 100, NULL, 0, 0},
        {"typed over (Excel recalculated Capaian)", 45, 48, 70, 80, 87.5, NULL, NULL, "ok", 0,
         70, 87.5, NULL, 1, 0},
        {"saved without values (openpyxl)", 45, 48, NONE, 80, NONE, NULL, NULL, "ok", 0,
         93.75, 93.75 / 80 * 100, NULL, 0, 0},
        {"refused by compute: not filled", 50, 48, NONE, NONE, NONE, NULL, NULL,
         "data tidak valid", 0, NONE, NONE, NULL, 0, 0},
        {"lower is better", 8185, 32218, 8185.0 / 32218 * 100, 20,
         (2 * 20 - 8185.0 / 32218 * 100) / 20 * 100, NULL, NULL, "ok", 1,
         8185.0 / 32218 * 100, (2 * 20 - 8185.0 / 32218 * 100) / 20 * 100, NULL, 0, 0},
        {"Capaian typed over", 45, 48, 93.75, 90, 100, NULL, NULL, "ok", 0, 93.75, 100, NULL, 0,
         1},
        {"range inside", 45, 48, 93.75, NONE, NONE, NULL, "90-100", "ok", 0, 93.75, 100, NULL,
         0, 0},
        {"KLA from the score", 688.4, NONE, NONE, NONE, NONE, NULL, "Nindya", "ok", 0, NONE,
         2.0 / 3 * 100, "Madya", 0, 0},
        /* LibreOffice's .xls export writes 0 as the cached result of the
         * predicate formula: no predicate, so filled from the score */
        {"KLA saved as .xls by LibreOffice", 688.4, NONE, 0, NONE, NONE, NULL, "Nindya", "ok",
         0, NONE, 2.0 / 3 * 100, "Madya", 0, 0},
        {"KLA typed over", 688.4, NONE, NONE, NONE, NONE, "Utama", NULL, "ok", 0, NONE, NONE,
         "Utama", 1, 0},
        {"IDG: nothing to recompute", NONE, NONE, 55.51, 60, NONE, NULL, NULL, "ok", 0, 55.51,
         55.51 / 60 * 100, NULL, 0, 0},
        {"no target", 9, 14, 9.0 / 14 * 100, NONE, NONE, NULL, NULL, "tanpa target", 0,
         9.0 / 14 * 100, NONE, NULL, 0, 0},
    };
    for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
        iki_wb_row w;
        memset(&w, 0, sizeof w);
        w.has_numerator = t[i].num != NONE;
        w.numerator = t[i].num;
        w.has_denominator = t[i].den != NONE;
        w.denominator = t[i].den;
        w.has_value = t[i].value != NONE;
        w.value = t[i].value;
        w.has_target = t[i].target != NONE;
        w.target = t[i].target;
        w.has_capaian = t[i].capaian != NONE;
        w.capaian = t[i].capaian;
        w.value_text = (char *)t[i].value_text;
        w.target_text = (char *)t[i].target_text;
        w.status = (char *)t[i].status;
        w.lower_is_better = t[i].lower;
        iki_recheck k;
        iki_recheck_row(&w, &k);
        if ((t[i].w_value == NONE) != !k.has_value ||
            (k.has_value && fabs(k.value - t[i].w_value) > 1e-9))
            fail_msg("%s: value %d %.15g, want %.15g", t[i].what, k.has_value, k.value,
                     t[i].w_value);
        if ((t[i].w_capaian == NONE) != !k.has_capaian ||
            (k.has_capaian && fabs(k.capaian - t[i].w_capaian) > 1e-9))
            fail_msg("%s: capaian %d %.15g, want %.15g", t[i].what, k.has_capaian, k.capaian,
                     t[i].w_capaian);
        if ((t[i].w_text == NULL) != (k.value_text == NULL) ||
            (k.value_text && strcmp(k.value_text, t[i].w_text) != 0))
            fail_msg("%s: predicate %s, want %s", t[i].what, k.value_text ? k.value_text : "-",
                     t[i].w_text ? t[i].w_text : "-");
        if (k.value_manual != t[i].w_value_manual || k.capaian_manual != t[i].w_capaian_manual)
            fail_msg("%s: manual %d/%d, want %d/%d", t[i].what, k.value_manual,
                     k.capaian_manual, t[i].w_value_manual, t[i].w_capaian_manual);
    }
}

/* ---- iki_wb_read ----------------------------------------------------------- */
enum { WITH_CELLS = 1, WITH_PROPS = 2, WITH_DATA = 4, DATA_NO_TARGET = 8 };

static void make(const char *path, int what)
{
    lxw_workbook *wb = workbook_new(path);
    assert_non_null(wb);
    lxw_worksheet *r = workbook_add_worksheet(wb, "Ringkasan");
    if (what & WITH_PROPS) {
        workbook_set_custom_property_string(wb, IKI_MARK_PROPERTY, "iki 9.9");
        workbook_set_custom_property_string(wb, IKI_ID_OFFICE, "Dinas Properti");
        workbook_set_custom_property_string(wb, IKI_ID_YEAR, "2023");
        workbook_set_custom_property_string(wb, IKI_ID_BUILT, "2024-01-02T03:04:05Z");
    }
    worksheet_write_string(r, 0, 0, "RINGKASAN", NULL);
    if (what & WITH_CELLS) {
        worksheet_write_string(r, 4, 0, "Perangkat Daerah", NULL);
        worksheet_write_string(r, 4, 1, "Dinas Sel", NULL);
        worksheet_write_string(r, 5, 0, " tahun ", NULL); /* case and spaces */
        worksheet_write_number(r, 5, 1, 2025, NULL);
        worksheet_write_string(r, 6, 0, "Waktu pembuatan", NULL);
        worksheet_write_number(r, 6, 1, 46022.5, NULL); /* 2025-12-31 12:00 */
    }
    if (what & WITH_DATA) {
        lxw_worksheet *d = workbook_add_worksheet(wb, "Data");
        /* another column order, an extra column, no Polaritas */
        const char *h[] = {"Catatan lain", "Realisasi", "Kode", "Jabatan", "Indikator",
                           "Capaian", (what & DATA_NO_TARGET) ? "Sasaran" : "Target",
                           "Pembilang", "Penyebut", "Status"};
        for (int c = 0; c < 10; c++)
            worksheet_write_string(d, 0, (lxw_col_t)c, h[c], NULL);
        worksheet_write_string(d, 1, 0, "x", NULL);
        worksheet_write_number(d, 1, 1, 50, NULL);
        worksheet_write_string(d, 1, 2, "a", NULL);
        worksheet_write_string(d, 1, 3, "Kepala", NULL);
        worksheet_write_string(d, 1, 4, "Indikator A", NULL);
        worksheet_write_string(d, 1, 6, "75-90", NULL);
        worksheet_write_number(d, 1, 7, 1, NULL);
        worksheet_write_number(d, 1, 8, 2, NULL);
        worksheet_write_string(d, 1, 9, "ok", NULL);
        worksheet_write_string(d, 3, 4, "a note below, no Kode", NULL);
    }
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
}

static void read_one(int what, iki_wb *out, char *why, size_t cap)
{
    char path[] = "/tmp/iki-test-ikiwb-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    make(path, what);
    iki_reader *r = iki_reader_new(NULL);
    assert_int_equal(iki_reader_open_path(r, path), IKI_OK);
    char why_id[512];
    assert_int_equal(iki_wb_read(r, out, why, cap, why_id, sizeof why_id), IKI_OK);
    if (why[0])
        assert_true(why_id[0] != '\0');
    iki_reader_free(r);
    unlink(path);
}

static void wb_read(void **state)
{
    (void)state;
    iki_wb *wb = iki_wb_new();
    char why[512];
    /* cells win over properties */
    read_one(WITH_CELLS | WITH_PROPS | WITH_DATA, wb, why, sizeof why);
    assert_string_equal(why, "");
    assert_string_equal(wb->office, "Dinas Sel");
    assert_int_equal(wb->year, 2025);
    assert_true(wb->identity_from_cells && wb->has_built_at);
    assert_true(wb->built_at == 1767182400LL);
    assert_string_equal(wb->version, "iki 9.9"); /* not in the cells: the property */
    assert_int_equal(wb->nrows, 1);
    assert_string_equal(wb->rows[0].code, "a");
    assert_string_equal(wb->rows[0].position, "Kepala");
    assert_true(wb->rows[0].has_value && wb->rows[0].value == 50);
    assert_string_equal(wb->rows[0].target_text, "75-90");
    assert_true(wb->rows[0].has_numerator && wb->rows[0].has_denominator);
    assert_int_equal(wb->col_realisasi, 1);
    assert_false(wb->has_polarity);
    /* no cells (an office program dropped nothing, but say it did): properties */
    read_one(WITH_PROPS | WITH_DATA, wb, why, sizeof why);
    assert_string_equal(why, "");
    assert_string_equal(wb->office, "Dinas Properti");
    assert_int_equal(wb->year, 2023);
    assert_false(wb->identity_from_cells);
    assert_true(wb->built_at == 1704164645LL);
    /* no identity at all */
    read_one(WITH_DATA, wb, why, sizeof why);
    assert_non_null(strstr(why, "not an IKI workbook"));
    /* no Data sheet */
    read_one(WITH_CELLS, wb, why, sizeof why);
    assert_string_equal(why, "no sheet 'Data'");
    /* Data without Target */
    read_one(WITH_CELLS | WITH_DATA | DATA_NO_TARGET, wb, why, sizeof why);
    assert_string_equal(why, "sheet 'Data' lacks the column(s) Target");
    iki_wb_free(wb);
    iki_wb_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(recheck_table),
        cmocka_unit_test(wb_read),
    };
    return cmocka_run_group_tests_name("rekap", tests, NULL, NULL);
}
