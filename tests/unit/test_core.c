/* Error codes, buffers, number and date formatting, cell references. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "iki/dump.h"
#include "readers/internal.h"
#include "testutil.h"

static void every_error_has_a_message(void **state)
{
    (void)state;
    for (int e = 0; e < IKI_ERROR_SENTINEL; e++) {
        const char *m = iki_strerror((iki_error)e);
        assert_non_null(m);
        assert_string_not_equal(m, "unknown error");
    }
    assert_string_equal(iki_strerror(IKI_ERROR_SENTINEL), "unknown error");
    assert_string_equal(iki_strerror((iki_error)-1), "unknown error");
}

static void buf_grows_and_formats(void **state)
{
    (void)state;
    iki_buf b = IKI_BUF_INIT;
    for (int i = 0; i < 1000; i++)
        assert_int_equal(iki_buf_printf(&b, "%d,", i), 0);
    assert_int_equal(strncmp(b.data, "0,1,2,", 6), 0);
    assert_int_equal(b.data[b.len], '\0');
    iki_buf_clear(&b);
    assert_int_equal(b.len, 0);
    assert_int_equal(iki_buf_append_utf8(&b, 0x20AC), 0); /* euro */
    assert_int_equal(iki_buf_append_utf8(&b, 0xD800), 0); /* surrogate */
    assert_string_equal(b.data, "\xE2\x82\xAC\xEF\xBF\xBD");
    iki_buf_free(&b);
    iki_buf_free(&b); /* twice is harmless */
}

static const struct {
    double v;
    const char *text;
} numbers[] = {
    {12, "12"}, {12.0, "12"}, {0.1, "0.1"}, {-3.5, "-3.5"}, {0, "0"},
    {-0.0, "0"}, {0.1 + 0.2, "0.3"}, {1.0 / 3, "0.333333333333333"},
    {123456789012345.0, "123456789012345"}, {1e20, "1E+20"},
    {1.5e-7, "1.5E-07"}, {2.675, "2.675"}, {100.25, "100.25"},
};

static void numbers_shortest_roundtrip(void **state)
{
    (void)state;
    char buf[48];
    for (size_t i = 0; i < sizeof numbers / sizeof *numbers; i++) {
        iki_format_number(numbers[i].v, buf, sizeof buf);
        assert_string_equal(buf, numbers[i].text);
    }
}

static const struct {
    const char *iso;
    double serial;
    const char *text;
} dates[] = {
    {"1900-01-01", 1, "1900-01-01"},
    {"1900-02-28", 59, "1900-02-28"},
    {"1900-03-01", 61, "1900-03-01"},
    {"1970-01-01", 25569, "1970-01-01"},
    {"2024-01-15", 45306, "2024-01-15"},
    {"2024-02-29T13:45:30", 45351.573263888888, "2024-02-29T13:45:30"},
    {"9999-12-31", 2958465, "9999-12-31"},
};

static void dates_roundtrip(void **state)
{
    (void)state;
    char buf[48];
    for (size_t i = 0; i < sizeof dates / sizeof *dates; i++) {
        double s;
        assert_int_equal(iki_iso_to_serial(dates[i].iso, strlen(dates[i].iso), &s), 0);
        assert_true(fabs(s - dates[i].serial) < 1e-6);
        iki_format_serial(s, buf, sizeof buf);
        assert_string_equal(buf, dates[i].text);
    }
    iki_format_serial(60, buf, sizeof buf);
    assert_string_equal(buf, "1900-02-29");
    iki_format_serial(0.5, buf, sizeof buf);
    assert_string_equal(buf, "12:00:00");
    iki_format_serial(45306.99999999, buf, sizeof buf); /* rounds to next day */
    assert_string_equal(buf, "2024-01-16");
    iki_format_serial(-1, buf, sizeof buf);
    assert_string_equal(buf, "-1");
    double s;
    assert_int_not_equal(iki_iso_to_serial("2024-13-01", 10, &s), 0);
    assert_int_not_equal(iki_iso_to_serial("20240101", 8, &s), 0);
    assert_int_equal(iki_duration_to_serial("PT10H30M00S", 11, &s), 0);
    assert_true(fabs(s - 0.4375) < 1e-12);
    assert_int_equal(iki_duration_to_serial("P1DT12H", 7, &s), 0);
    assert_true(fabs(s - 1.5) < 1e-12);
    assert_int_not_equal(iki_duration_to_serial("PT", 2, &s), 0);
    assert_int_not_equal(iki_duration_to_serial("10H", 3, &s), 0);
}

static void cell_references(void **state)
{
    (void)state;
    uint32_t r = 7, c = 7;
    int hr, hc;
    assert_int_equal(iki_parse_cellref("A1", 2, &r, &c, &hr, &hc), 0);
    assert_true(r == 0 && c == 0 && hr && hc);
    assert_int_equal(iki_parse_cellref("XFD1048576", 10, &r, &c, &hr, &hc), 0);
    assert_true(r == 1048575 && c == 16383);
    assert_int_equal(iki_parse_cellref("$AB$12", 6, &r, &c, &hr, &hc), 0);
    assert_true(r == 11 && c == 27);
    assert_int_not_equal(iki_parse_cellref("A0", 2, &r, &c, &hr, &hc), 0);
    assert_int_not_equal(iki_parse_cellref("1A", 2, &r, &c, &hr, &hc), 0);
    assert_int_not_equal(iki_parse_cellref("", 0, &r, &c, &hr, &hc), 0);
    assert_int_not_equal(iki_parse_cellref("AAAAAAAAAA1", 11, &r, &c, &hr, &hc), 0);
    iki_range g;
    assert_int_equal(iki_parse_range("B2:A1", 5, &g), 0);
    assert_true(g.first_row == 0 && g.first_col == 0 && g.last_row == 1 && g.last_col == 1);
    assert_int_not_equal(iki_parse_range("B2:", 3, &g), 0);
    /* and back: letters and addresses, round trip at every letter count */
    static const struct {
        uint32_t col;
        const char *name;
    } cols[] = {{0, "A"}, {25, "Z"}, {26, "AA"}, {51, "AZ"}, {52, "BA"},
                {701, "ZZ"}, {702, "AAA"}, {16383, "XFD"}};
    char buf[16];
    for (size_t i = 0; i < sizeof cols / sizeof *cols; i++) {
        iki_col_name(cols[i].col, buf, sizeof buf);
        assert_string_equal(buf, cols[i].name);
        iki_cell_name(41, cols[i].col, buf, sizeof buf);
        assert_int_equal(iki_parse_cellref(buf, strlen(buf), &r, &c, &hr, &hc), 0);
        assert_true(r == 41 && c == cols[i].col);
    }
    iki_cell_name(1048575, 16383, buf, sizeof buf);
    assert_string_equal(buf, "XFD1048576");
    iki_col_name(27, buf, 2); /* too small: cut, still a string */
    assert_int_equal(strlen(buf), 1);
}

static void date_formats(void **state)
{
    (void)state;
    static const struct {
        const char *code;
        int is_date;
    } t[] = {
        {"dd/mm/yyyy", 1}, {"[$-421]dd mmmm yyyy", 1}, {"h:mm AM/PM", 1},
        {"[h]:mm:ss", 1}, {"0.00", 0}, {"#,##0", 0}, {"\"Tgl\" 0", 0},
        {"0.00E+00", 0}, {"[Red]0.00", 0}, {"General", 0}, {"#,##0;[Red]-#,##0", 0},
        {"0\\d", 0}, {"yyyy", 1}, {"@", 0}, {"_(* #,##0_)", 0},
    };
    for (size_t i = 0; i < sizeof t / sizeof *t; i++)
        assert_int_equal(iki_numfmt_code_is_date(t[i].code, strlen(t[i].code)),
                         t[i].is_date);
    assert_true(iki_numfmt_builtin_is_date(14));
    assert_true(iki_numfmt_builtin_is_date(22));
    assert_true(iki_numfmt_builtin_is_date(47));
    assert_false(iki_numfmt_builtin_is_date(2));
    assert_false(iki_numfmt_builtin_is_date(49));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_error_has_a_message),
        cmocka_unit_test(buf_grows_and_formats),
        cmocka_unit_test(numbers_shortest_roundtrip),
        cmocka_unit_test(dates_roundtrip),
        cmocka_unit_test(cell_references),
        cmocka_unit_test(date_formats),
    };
    return cmocka_run_group_tests_name("core", tests, NULL, NULL);
}
