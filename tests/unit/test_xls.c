/* .xls reader (src/readers/xls.c, cfb.c) against fixtures/xls/ (made by
 * fixtures/xls/make.sh: LibreOffice and Gnumeric files, patched copies and
 * a few compound files written record by record). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readers/internal.h"
#include "testutil.h"

#define XLS(name) fixture_path("xls/" name)

static const char cells_expected[] =
    "## Cells\n"
    "Name,Value,Kind\n"
    "int,42,RK integer\n"
    "decimal,3.25,-0.1\n"
    "big,123456789012,1E+20\n"
    "text,Rp 1.500 é — ñ,日本語\n"
    "date,2024-01-15,1999-12-31\n"
    "datetime,2024-02-29T13:45:30,13:45:30\n"
    /* LibreOffice stores booleans as numbers with a TRUE/FALSE format */
    "bool,1,0\n"
    "f-num,43,6.5\n"
    "f-str,abcd\n"
    "f-bool,TRUE,FALSE\n"
    "f-err,#DIV/0!,#N/A\n"
    "Merged,,,after merge\n"
    ",,under merge\n"
    ",,,,,,,,,far column J\n"
    "## Hidden\n"
    "secret,7\n"
    "## VeryHidden\n"
    "very secret,8\n"
    "## Last\n"
    "1,2,3\n";

static const char records_expected[] =
    "## Records\n"
    "100,1.23,0.5,-7\n"
    ",1,2024-01-15,2.5\n"
    "héllo — 日本,second,rich,TRUE,#DIV/0!,2024-02-29T12:00:00\n"
    "abcdéf,12.5,TRUE,#N/A\n"
    /* a cell of row 2 (1-based) after row 4: a row of its own, in the
     * order the file has it */
    ",,,,,,,8.25\n"
    "\n\n\n"
    "1\n"
    "## Second\n"
    "first\n";

static void expect_dump(const char *path, const char *expected)
{
    iki_error e;
    char *got = dump_path_all(path, &e);
    if (!got)
        fail_msg("%s: error %d", path, (int)e);
    assert_string_equal(got, expected);
    free(got);
}

static iki_reader *open_ok(const char *path)
{
    iki_reader *r = iki_reader_new(NULL);
    assert_non_null(r);
    iki_error e = iki_reader_open_path(r, path);
    if (e != IKI_OK)
        fail_msg("%s: %s", path, iki_reader_message(r));
    assert_int_equal(iki_reader_format(r), IKI_FORMAT_XLS);
    return r;
}

static void biff8_libreoffice_all_cell_types(void **state)
{
    (void)state;
    expect_dump(XLS("cells.xls"), cells_expected);
}

static void biff8_gnumeric_same_cells(void **state)
{
    (void)state;
    expect_dump(XLS("cells_gnumeric.xls"), cells_expected);
}

static void biff5_gnumeric_same_cells(void **state)
{
    (void)state;
    /* Gnumeric's BIFF7 declares code page 1200: UTF-16 strings in BIFF5 */
    expect_dump(XLS("cells_biff5.xls"), cells_expected);
    expect_dump(XLS("biff5.xls"),
                "## Teks\nRp 1.500,café — naïve,12.5\n€ 5,2024-01-15,7\n");
}

static void biff5_code_page_1252(void **state)
{
    (void)state;
    expect_dump(XLS("biff5_cp1252.xls"),
                "## Teks €\n"
                "Rp 1.500 é — naïve,2024-01-15\n"
                "€ rich “quoted”,12\n");
}

/* Excel 2.x, 3.0 and 4.0 worksheets (fixtures/xls/make_biff234.py): one
 * sheet named after the file; code page 1252, a date by its FORMAT/XF, an
 * INTEGER (BIFF2) or RK, a boolean, an error, formula results (a number,
 * and a text from the STRING record).  LibreOffice reads the same table. */
static void biff2_3_4_worksheets(void **state)
{
    (void)state;
    static const char *const names[] = {"biff2", "biff3", "biff4"};
    for (size_t i = 0; i < 3; i++) {
        char file[32], want[512];
        snprintf(file, sizeof file, "xls/%s.xls", names[i]);
        snprintf(want, sizeof want,
                 "## %s\n"
                 "Kecamatan,Jumlah,Tanggal\n"
                 "Sreseh,1368,2025-03-31\n"
                 "Torjun,1638.5,TRUE\n"
                 "Pangarengan,#DIV/0!,1369\n"
                 "Café Sampang,ok\n",
                 names[i]);
        expect_dump(fixture_path(file), want);
        iki_reader *r = open_ok(fixture_path(file));
        assert_int_equal(iki_reader_sheet_count(r), 1);
        assert_int_equal(iki_reader_open_sheet(r, 0), IKI_OK);
        const iki_row *row;
        int seen = 0;
        while (iki_reader_next_row(r, &row) == IKI_OK && row) {
            for (size_t c = 0; c < row->ncells; c++) {
                const iki_cell *k = &row->cells[c];
                if (row->row == 1 && k->col == 2) {
                    assert_int_equal(k->type, IKI_CELL_DATE);
                    seen++;
                }
                if (row->row == 2 && k->col == 2) {
                    assert_int_equal(k->type, IKI_CELL_BOOL);
                    seen++;
                }
                if (row->row == 3 && k->col == 1) {
                    assert_int_equal(k->type, IKI_CELL_ERROR);
                    seen++;
                }
            }
        }
        assert_int_equal(seen, 3);
        iki_reader_free(r);
        /* cut at a record boundary (the EOF record left out, as a
         * half-copied file): an error, not a shorter table */
        size_t n;
        unsigned char *b = read_file(fixture_path(file), &n);
        assert_non_null(b);
        assert_true(n > 4);
        r = iki_reader_new(NULL);
        assert_non_null(r);
        assert_int_equal(iki_reader_open_memory(r, b, n - 4, "cut.xls"), IKI_OK);
        assert_int_equal(iki_reader_open_sheet(r, 0), IKI_OK);
        iki_error e;
        while ((e = iki_reader_next_row(r, &row)) == IKI_OK && row)
            ;
        assert_int_equal(e, IKI_ERROR_TRUNCATED);
        assert_non_null(strstr(iki_reader_message(r), "cut short"));
        iki_reader_free(r);
        free(b);
    }
}

static void visibility_of_sheets(void **state)
{
    (void)state;
    iki_reader *r = open_ok(XLS("veryhidden.xls"));
    assert_int_equal(iki_reader_sheet_count(r), 4);
    assert_int_equal(iki_reader_sheet(r, 0)->visibility, IKI_SHEET_VISIBLE);
    assert_int_equal(iki_reader_sheet(r, 1)->visibility, IKI_SHEET_HIDDEN);
    assert_string_equal(iki_reader_sheet(r, 2)->name, "VeryHidden");
    assert_int_equal(iki_reader_sheet(r, 2)->visibility, IKI_SHEET_VERY_HIDDEN);
    assert_int_equal(iki_reader_sheet(r, 3)->visibility, IKI_SHEET_VISIBLE);
    iki_reader_free(r);
    r = open_ok(XLS("cells.xls"));
    assert_int_equal(iki_reader_sheet(r, 2)->visibility, IKI_SHEET_HIDDEN);
    iki_reader_free(r);
}

static void merges_after_the_cells(void **state)
{
    (void)state;
    iki_reader *r = open_ok(XLS("cells.xls"));
    iki_error e;
    char *s = dump_sheet(r, 0, &e);
    assert_non_null(s);
    free(s);
    size_t n;
    const iki_range *m = iki_reader_merges(r, &n);
    assert_int_equal(n, 1);
    assert_int_equal(m[0].first_row, 12);
    assert_int_equal(m[0].last_row, 13);
    assert_int_equal(m[0].first_col, 0);
    assert_int_equal(m[0].last_col, 1);
    iki_reader_free(r);

    r = open_ok(XLS("records.xls"));
    s = dump_sheet(r, 0, &e);
    assert_non_null(s);
    free(s);
    m = iki_reader_merges(r, &n);
    assert_int_equal(n, 1); /* the 1x1 "merge" is dropped */
    assert_int_equal(m[0].first_row, 5);
    assert_int_equal(m[0].last_row, 6);
    assert_int_equal(m[0].first_col, 0);
    assert_int_equal(m[0].last_col, 2);
    iki_reader_free(r);
}

static void records_by_hand(void **state)
{
    (void)state;
    /* RK (int, x100, float, negative), MULRK with a date XF, LABEL (BIFF8
     * UTF-16), LABELSST, RSTRING, BOOLERR, NUMBER with a custom date
     * format, FORMULA results (string in STRING + CONTINUE, number with a
     * date-less XF, bool, error, empty string), an embedded chart
     * substream whose cells are ignored; workbook in the mini stream */
    expect_dump(XLS("records.xls"), records_expected);
    /* the same workbook in a version-4 file (4096-byte sectors) */
    expect_dump(XLS("records_4k.xls"), records_expected);
}

static void constant_booleans_and_errors(void **state)
{
    (void)state;
    static const char expected[] =
        "## Consts\n"
        "TRUE,FALSE\n"
        "#NULL!,#DIV/0!,#VALUE!,#REF!,#NAME?,#NUM!,#N/A\n"
        "gnumeric text,2.5\n";
    expect_dump(XLS("boolerr.xls"), expected);
    expect_dump(XLS("boolerr_biff5.xls"), expected);
    iki_reader *r = open_ok(XLS("boolerr.xls"));
    const iki_row *row;
    assert_int_equal(iki_reader_open_sheet(r, 0), IKI_OK);
    assert_int_equal(iki_reader_next_row(r, &row), IKI_OK);
    assert_int_equal(row->cells[0].type, IKI_CELL_BOOL);
    assert_int_equal(iki_reader_next_row(r, &row), IKI_OK);
    assert_int_equal(row->ncells, 7);
    assert_int_equal(row->cells[1].type, IKI_CELL_ERROR);
    iki_reader_free(r);
}

static void dates_1900_and_1904(void **state)
{
    (void)state;
    expect_dump(XLS("date1904.xls"),
                "## Dates\n2024-01-15,1999-12-31,2024-02-29T13:45:30,10\n");
    iki_reader *r = open_ok(XLS("date1904.xls"));
    const iki_row *row;
    assert_int_equal(iki_reader_open_sheet(r, 0), IKI_OK);
    assert_int_equal(iki_reader_next_row(r, &row), IKI_OK);
    assert_int_equal(row->cells[0].type, IKI_CELL_DATE);
    assert_true(row->cells[0].number == 45306); /* 1900-system serial */
    assert_int_equal(row->cells[3].type, IKI_CELL_NUMBER);
    assert_true(row->cells[3].number == 10);  /* not a date: unchanged */
    iki_reader_free(r);
    r = open_ok(XLS("cells.xls"));
    assert_int_equal(iki_reader_open_sheet(r, 0), IKI_OK);
    for (int i = 0; i < 6; i++)
        assert_int_equal(iki_reader_next_row(r, &row), IKI_OK);
    assert_int_equal(row->row, 5);
    assert_int_equal(row->cells[1].type, IKI_CELL_DATE);
    assert_true(row->cells[1].number == 45306);
    iki_reader_free(r);
}

static void shared_strings_across_continue(void **state)
{
    (void)state;
    iki_reader *r = open_ok(XLS("sst.xls"));
    const iki_row *row;
    assert_int_equal(iki_reader_open_sheet(r, 0), IKI_OK);
    char want[128];
    uint32_t n = 0;
    while (iki_reader_next_row(r, &row) == IKI_OK && row) {
        assert_int_equal(row->row, n);
        assert_int_equal(row->ncells, 2);
        assert_true(row->cells[0].number == n);
        if (n % 3 == 2)
            snprintf(want, sizeof want, "teks %04u ÄÖÜ—日本ÄÖÜ—日本ÄÖÜ—日本", n);
        else
            snprintf(want, sizeof want, "shared string number %04u padded out", n);
        assert_string_equal(row->cells[1].text, want);
        n++;
    }
    assert_int_equal(n, 600);
    iki_reader_free(r);
}

static void sst_over_the_table_limit(void **state)
{
    (void)state;
    iki_limits lim;
    iki_limits_default(&lim);
    lim.max_table_bytes = 4096;
    iki_reader *r = iki_reader_new(&lim);
    assert_int_equal(iki_reader_open_path(r, XLS("sst.xls")), IKI_ERROR_LIMIT);
    assert_non_null(strstr(iki_reader_message(r), "shared strings"));
    iki_reader_free(r);
}

static void expect_error(const char *path, iki_error code, const char *text)
{
    iki_reader *r = iki_reader_new(NULL);
    iki_error e = iki_reader_open_path(r, path);
    if (e != code)
        fail_msg("%s: got %d (%s), want %d", path, (int)e,
                 iki_reader_message(r), (int)code);
    if (!strstr(iki_reader_message(r), text))
        fail_msg("%s: message '%s' lacks '%s'", path, iki_reader_message(r), text);
    iki_reader_free(r);
}

static void bad_files(void **state)
{
    (void)state;
    expect_error(XLS("encrypted.xls"), IKI_ERROR_ENCRYPTED,
                 "workbook is password-protected");
    expect_error(XLS("encrypted.xlsx"), IKI_ERROR_ENCRYPTED,
                 "encrypted workbook (password-protected .xlsx): remove the "
                 "password and save again");
    expect_error(XLS("truncated.xls"), IKI_ERROR_TRUNCATED,
                 "truncated compound file");
    expect_error(XLS("random.xls"), IKI_ERROR_NOT_SPREADSHEET, "binary");
    expect_error(XLS("ole_garbage.xls"), IKI_ERROR_CORRUPT, "compound file");
    expect_error(XLS("word.xls"), IKI_ERROR_NOT_SPREADSHEET,
                 "OLE2 file without a workbook stream");
    expect_error(XLS("fat_loop.xls"), IKI_ERROR_CORRUPT, "loop");
    /* a real password-protected file (LibreOffice through UNO), made by
     * fixtures/bad/make.sh; encrypted.xls above is a patched copy */
    const char *real = fixture_path("bad/files/password-libreoffice.xls");
    FILE *f = fopen(real, "rb");
    if (f) {
        fclose(f);
        expect_error(real, IKI_ERROR_ENCRYPTED, "password-protected");
    }
}

static const char *const good[] = {
    "cells.xls", "cells_gnumeric.xls", "cells_biff5.xls", "biff5.xls",
    "biff5_cp1252.xls", "veryhidden.xls", "records.xls", "records_4k.xls",
    "boolerr.xls", "boolerr_biff5.xls", "date1904.xls", "sst.xls",
};

static void memory_same_as_path(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s", fixture_path("xls/"));
        strncat(path, good[i], sizeof path - strlen(path) - 1);
        iki_error e;
        char *want = dump_path_all(path, &e);
        assert_non_null(want);
        size_t size;
        unsigned char *data = read_file(path, &size);
        assert_non_null(data);
        iki_reader *r = iki_reader_new(NULL);
        assert_int_equal(iki_reader_open_memory(r, data, size, good[i]), IKI_OK);
        char *got = dump_workbook(r, &e);
        assert_non_null(got);
        assert_string_equal(got, want);
        free(got);
        free(want);
        iki_reader_free(r);
        free(data);
    }
}

static void sheets_in_reverse_order(void **state)
{
    (void)state;
    iki_reader *r = open_ok(XLS("cells.xls"));
    size_t n = iki_reader_sheet_count(r);
    assert_int_equal(n, 4);
    iki_buf all = IKI_BUF_INIT;
    iki_buf_append(&all, "", 0);
    char *part[4];
    for (size_t i = n; i-- > 0;) {
        iki_error e;
        part[i] = dump_sheet(r, i, &e);
        assert_non_null(part[i]);
    }
    for (size_t i = 0; i < n; i++) {
        iki_buf_printf(&all, "## %s\n%s", iki_reader_sheet(r, i)->name, part[i]);
        free(part[i]);
    }
    assert_string_equal(all.data, cells_expected);
    iki_buf_free(&all);
    iki_reader_free(r);
}

/* Read everything a (possibly damaged) buffer offers; only memory safety
 * and termination are asserted. */
static void read_all_memory(const unsigned char *data, size_t size)
{
    iki_reader *r = iki_reader_new(NULL);
    assert_non_null(r);
    if (iki_reader_open_memory(r, data, size, "fuzz.xls") == IKI_OK) {
        for (size_t s = 0; s < iki_reader_sheet_count(r); s++) {
            if (iki_reader_open_sheet(r, s) != IKI_OK)
                continue;
            const iki_row *row;
            size_t guard = 0;
            while (iki_reader_next_row(r, &row) == IKI_OK && row)
                assert_true(++guard < 100000);
        }
    }
    iki_reader_free(r);
}

static void damaged_files_do_not_crash(void **state)
{
    (void)state;
    static const char *const seeds[] = {"cells.xls", "records.xls", "biff5_cp1252.xls",
                                        "sst.xls", "records_4k.xls", "biff2.xls",
                                        "biff4.xls"};
    unsigned long rnd = 12345;
    for (size_t f = 0; f < sizeof seeds / sizeof *seeds; f++) {
        char path[4096];
        snprintf(path, sizeof path, "%s%s", fixture_path("xls/"), seeds[f]);
        size_t size;
        unsigned char *orig = read_file(path, &size);
        assert_non_null(orig);
        unsigned char *d = malloc(size);
        assert_non_null(d);
        /* every cut */
        for (size_t cut = 0; cut < size; cut += size > 20000 ? 509 : 61)
            read_all_memory(orig, cut);
        /* random byte changes */
        for (int round = 0; round < 1500; round++) {
            memcpy(d, orig, size);
            int k = 1 + round % 8;
            for (int i = 0; i < k; i++) {
                rnd = rnd * 6364136223846793005UL + 1442695040888963407UL;
                size_t at = (size_t)(rnd >> 33) % size;
                d[at] = (unsigned char)(rnd >> 20);
            }
            read_all_memory(d, size);
        }
        free(d);
        free(orig);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(biff8_libreoffice_all_cell_types),
        cmocka_unit_test(biff8_gnumeric_same_cells),
        cmocka_unit_test(biff5_gnumeric_same_cells),
        cmocka_unit_test(biff5_code_page_1252),
        cmocka_unit_test(biff2_3_4_worksheets),
        cmocka_unit_test(visibility_of_sheets),
        cmocka_unit_test(merges_after_the_cells),
        cmocka_unit_test(records_by_hand),
        cmocka_unit_test(constant_booleans_and_errors),
        cmocka_unit_test(dates_1900_and_1904),
        cmocka_unit_test(shared_strings_across_continue),
        cmocka_unit_test(sst_over_the_table_limit),
        cmocka_unit_test(bad_files),
        cmocka_unit_test(memory_same_as_path),
        cmocka_unit_test(sheets_in_reverse_order),
        cmocka_unit_test(damaged_files_do_not_crash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
