/* The csv reader on fixtures/csv (made by fixtures/csv/make.sh). */
#include <stdlib.h>
#include <string.h>

#include "readers/internal.h"
#include "testutil.h"

static const char lo_expected[] =
    "No,Kecamatan,Jumlah PMKS,Keterangan\n"
    "1,Sreseh,1234,caf\xC3\xA9 \xE2\x80\x94 lansia\n"
    "2,Karang Penang,12.5,\"koma, \"\"kutip\"\"\"\n"
    "3,Sokobanah,0\n";

static char *dump_one(const char *rel, const char *sheet_name)
{
    iki_reader *r = iki_reader_new(NULL);
    assert_int_equal(iki_reader_open_path(r, fixture_path(rel)), IKI_OK);
    assert_int_equal(iki_reader_format(r), IKI_FORMAT_CSV);
    assert_int_equal(iki_reader_sheet_count(r), 1);
    assert_string_equal(iki_reader_sheet(r, 0)->name, sheet_name);
    iki_error e;
    char *s = dump_sheet(r, 0, &e);
    assert_int_equal(e, IKI_OK);
    iki_reader_free(r);
    return s;
}

static void utf8_comma(void **state)
{
    (void)state;
    char *s = dump_one("csv/comma-utf8.csv", "comma-utf8");
    assert_string_equal(s, lo_expected);
    free(s);
}

static void utf16_tab(void **state)
{
    (void)state;
    char *s = dump_one("csv/tab-utf16.csv", "tab-utf16");
    assert_string_equal(s, lo_expected);
    free(s);
}

static void cp1252_semicolon(void **state)
{
    (void)state;
    /* LibreOffice writes the em dash as 0x14 in this code page: only the
     * e-acute says the file was converted */
    char *s = dump_one("csv/semicolon-cp1252.csv", "semicolon-cp1252");
    assert_non_null(strstr(s, "1,Sreseh,1234,caf\xC3\xA9 "));
    assert_non_null(strstr(s, "2,Karang Penang,12.5,\"koma, \"\"kutip\"\"\"\n"));
    free(s);
    s = dump_one("csv/cp1252-python.csv", "cp1252-python");
    assert_string_equal(s, "Uraian,Nilai\n"
                           "Bantuan \xE2\x82\xAC" "5 \xE2\x80\x94 \xE2\x80\x9Cpaket\xE2\x80\x9D,5\n");
    free(s);
}

static void bom_crlf_multiline_blank_line(void **state)
{
    (void)state;
    char *s = dump_one("csv/bom-utf8.csv", "bom-utf8");
    assert_string_equal(s, "Kecamatan,Uraian,Jumlah\n"
                           "Omben,\"baris\r\ndua\",\"1.234,5\"\n"
                           "\n"
                           "Ketapang,\xE2\x9C\x93,7\n");
    free(s);
}

static char *dump_mem(const char *text, size_t len, iki_error *err)
{
    iki_reader *r = iki_reader_new(NULL);
    iki_error e = iki_reader_open_memory(r, text, len, "mem.csv");
    char *s = NULL;
    if (e == IKI_OK)
        s = dump_sheet(r, 0, &e);
    *err = e;
    iki_reader_free(r);
    return s;
}

static const struct {
    const char *in;
    const char *out;
} sniff_cases[] = {
    {"a;b;c\n1;2;3\n", "a,b,c\n1,2,3\n"},
    {"a,b\n\"1;2\",3\n", "a,b\n1;2,3\n"},
    {"a\tb\n1\t2\n", "a,b\n1,2\n"},
    {"Nama;Nilai\nx;1,5\ny;2,25\n", "Nama,Nilai\nx,\"1,5\"\ny,\"2,25\"\n"},
    {"only one field\n", "only one field\n"},
    {"a,b\r\n\r\n\r\nc,d", "a,b\n\n\nc,d\n"},
    {" a , b \n", " a , b \n"},
    {"a,,b,,\n,,\n", "a,,b\n"},
};

static void delimiters_and_lines(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof sniff_cases / sizeof *sniff_cases; i++) {
        iki_error e;
        char *s = dump_mem(sniff_cases[i].in, strlen(sniff_cases[i].in), &e);
        assert_int_equal(e, IKI_OK);
        assert_string_equal(s, sniff_cases[i].out);
        free(s);
    }
}

static void chunking_changes_nothing(void **state)
{
    (void)state;
    const char *files[] = {"csv/bom-utf8.csv", "csv/tab-utf16.csv", "csv/comma-utf8.csv"};
    for (size_t f = 0; f < 3; f++) {
        size_t size;
        unsigned char *data = read_file(fixture_path(files[f]), &size);
        iki_error e;
        char *want = dump_mem((const char *)data, size, &e);
        assert_int_equal(e, IKI_OK);
        static const size_t chunks[] = {1, 3, 17};
        for (size_t c = 0; c < 3; c++) {
            iki_read_chunk = chunks[c];
            char *got = dump_mem((const char *)data, size, &e);
            assert_int_equal(e, IKI_OK);
            assert_string_equal(got, want);
            free(got);
        }
        iki_read_chunk = 65536;
        free(want);
        free(data);
    }
}

static void hostile_text(void **state)
{
    (void)state;
    iki_error e;
    /* binary content is refused by detection */
    static const char bin[] = "PK\x01\x02\x00\x00garbage";
    char *s = dump_mem(bin, sizeof bin - 1, &e);
    assert_null(s);
    assert_int_equal(e, IKI_ERROR_NOT_SPREADSHEET);
    s = dump_mem("", 0, &e);
    assert_null(s);
    assert_int_equal(e, IKI_ERROR_NOT_SPREADSHEET);
    s = dump_mem("<html><table><tr><td>1</td></tr></table></html>", 46, &e);
    assert_null(s);
    assert_int_equal(e, IKI_ERROR_NOT_SPREADSHEET);
    /* a record longer than the limit */
    iki_limits l;
    iki_limits_default(&l);
    l.max_row_bytes = 10000;
    l.max_cell_bytes = 100000;
    size_t n = 50000;
    char *big = malloc(n);
    memset(big, 'x', n);
    iki_reader *r = iki_reader_new(&l);
    assert_int_equal(iki_reader_open_memory(r, big, n, "big.csv"), IKI_OK);
    s = dump_sheet(r, 0, &e);
    assert_null(s);
    assert_int_equal(e, IKI_ERROR_LIMIT);
    assert_non_null(strstr(iki_reader_message(r), "big.csv"));
    iki_reader_free(r);
    free(big);
    /* a truncated UTF-16 file */
    static const char u16[] = "\xFF\xFE" "a\0,\0b";
    s = dump_mem(u16, sizeof u16 - 1, &e);
    assert_null(s);
    assert_int_equal(e, IKI_ERROR_ENCODING);
    /* too many columns */
    iki_limits_default(&l);
    l.max_cols = 3;
    r = iki_reader_new(&l);
    assert_int_equal(iki_reader_open_memory(r, "a,b,c,d\n", 8, "wide.csv"), IKI_OK);
    s = dump_sheet(r, 0, &e);
    assert_null(s);
    assert_int_equal(e, IKI_ERROR_LIMIT);
    iki_reader_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(utf8_comma),
        cmocka_unit_test(utf16_tab),
        cmocka_unit_test(cp1252_semicolon),
        cmocka_unit_test(bom_crlf_multiline_blank_line),
        cmocka_unit_test(delimiters_and_lines),
        cmocka_unit_test(chunking_changes_nothing),
        cmocka_unit_test(hostile_text),
    };
    return cmocka_run_group_tests_name("csv", tests, NULL, NULL);
}
