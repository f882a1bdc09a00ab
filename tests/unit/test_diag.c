/* Diagnostics in two languages: formats of the catalog (po/id.po, compiled
 * in), diagnostics formatted in both languages from the same arguments,
 * texts made by the caller in both, reader messages, and iki_diag_format /
 * iki_diag_format_id. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "iki/diag.h"
#include "iki/msg.h"
#include "iki/reader.h"
#include "testutil.h"

static void catalog_covers_known_messages(void **state)
{
    (void)state;
    static const char *const must[] = {
        "cannot open: %s",
        "cannot read: %s",
        "truncated or corrupt zip archive (no valid central directory)",
        "XML error in '%s' at line %lu: %s",
        "text in a number cell: '%s' (%s)",
        "text in a number cell (%s)",
        "missing input %s",
        "lock file of Excel",
        "no form recognised (no known column headers)",
    };
    for (size_t i = 0; i < sizeof must / sizeof *must; i++)
        if (!iki_msg_id(must[i]))
            fail_msg("no Indonesian for '%s'", must[i]);
    /* every error code's message */
    for (int e = 0; e < IKI_ERROR_SENTINEL; e++)
        if (!iki_msg_id(iki_strerror((iki_error)e)))
            fail_msg("no Indonesian for iki_strerror(%d) '%s'", e,
                     iki_strerror((iki_error)e));
}

static void diags_in_both_languages(void **state)
{
    (void)state;
    iki_diags *d = iki_diags_new();
    assert_non_null(d);
    assert_int_equal(iki_diags_add(d, "read_xml", IKI_SEV_ERROR, "a.xlsx", NULL, NULL,
                                   "XML error in '%s' at line %lu: %s", "xl/workbook.xml",
                                   7UL, "mismatched tag"),
                     0);
    assert_int_equal(iki_diags_add(d, "read_xml", IKI_SEV_WARNING, "b.csv", "b", "D7",
                                   "text in a number cell: '%s' (%s)", "banyak", "Jumlah"),
                     0);
    /* a format not in the table: both texts English */
    assert_int_equal(iki_diags_add(d, "read_xml", IKI_SEV_INFO, NULL, NULL, NULL, "only %d here", 3), 0);
    /* arguments are data: never translated, even when they read as a
     * message (no translating by re-parsing) */
    assert_int_equal(iki_diags_add(d, "read_xml", IKI_SEV_WARNING, "c.xlsx", "S", "B2",
                                   "text in a number cell (%s)", "lock file of Excel"),
                     0);
    /* a message inside a message: the caller gives both texts */
    assert_int_equal(iki_diags_add_both(d, "input_unreadable", IKI_SEV_ERROR, "~$x.xlsx", NULL, NULL,
                                        "cannot read: lock file of Excel",
                                        "tidak dapat dibaca: berkas kunci Excel"),
                     0);
    assert_int_equal(iki_diags_add_both(d, "input_unreadable", IKI_SEV_ERROR, NULL, NULL, NULL, "en", "id"), 0);
    /* no Indonesian given: the English, never a guess */
    assert_int_equal(iki_diags_add_both(d, "input_unreadable", IKI_SEV_INFO, NULL, NULL, NULL,
                                        "identical to a.xlsx: skipped", NULL),
                     0);
    assert_int_equal(iki_diags_count(d), 7);

    const iki_diag *g = iki_diags_get(d, 0);
    assert_string_equal(g->message, "XML error in 'xl/workbook.xml' at line 7: mismatched tag");
    assert_string_equal(g->message_id,
                        "galat XML di 'xl/workbook.xml' pada baris 7: mismatched tag");
    g = iki_diags_get(d, 1);
    assert_string_equal(g->message, "text in a number cell: 'banyak' (Jumlah)");
    assert_string_equal(g->message_id, "teks di sel angka: 'banyak' (Jumlah)");
    g = iki_diags_get(d, 2);
    assert_string_equal(g->message, "only 3 here");
    assert_string_equal(g->message_id, "only 3 here");
    g = iki_diags_get(d, 3);
    assert_string_equal(g->message_id, "teks di sel angka (lock file of Excel)");
    g = iki_diags_get(d, 4);
    assert_string_equal(g->message, "cannot read: lock file of Excel");
    assert_string_equal(g->message_id, "tidak dapat dibaca: berkas kunci Excel");
    g = iki_diags_get(d, 5);
    assert_string_equal(g->message_id, "id");
    g = iki_diags_get(d, 6);
    assert_string_equal(g->message_id, "identical to a.xlsx: skipped");

    char line[512];
    size_t need = iki_diag_format(iki_diags_get(d, 1), line, sizeof line);
    assert_string_equal(line, "b.csv: sheet 'b': D7: warning: text in a number cell: "
                              "'banyak' (Jumlah)");
    assert_int_equal(need, strlen(line));
    need = iki_diag_format_id(iki_diags_get(d, 1), line, sizeof line);
    assert_string_equal(line, "b.csv: lembar 'b': D7: peringatan: teks di sel angka: "
                              "'banyak' (Jumlah)");
    assert_int_equal(need, strlen(line));
    iki_diag_format_id(iki_diags_get(d, 2), line, sizeof line);
    assert_string_equal(line, "info: only 3 here");
    iki_diag_format_id(iki_diags_get(d, 0), line, sizeof line);
    assert_string_equal(line, "a.xlsx: galat: galat XML di 'xl/workbook.xml' pada baris 7: "
                              "mismatched tag");
    /* cut to the buffer, length still the whole */
    char small[8];
    need = iki_diag_format(iki_diags_get(d, 1), small, sizeof small);
    assert_true(need > sizeof small);
    assert_int_equal(strlen(small), sizeof small - 1);
    iki_diags_free(d);
    iki_diags_free(NULL);
}

static int vformat(char *buf, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = iki_msg_vformat_id(buf, cap, fmt, ap);
    va_end(ap);
    return r;
}

static void vformat_conversions(void **state)
{
    (void)state;
    char buf[256];
    assert_int_equal(vformat(buf, sizeof buf,
                             "BIFF record 0x%04X at offset %llu too short (%u bytes)", 0x1Au,
                             12345ULL, 3u),
                     1);
    assert_string_equal(buf, "rekaman BIFF 0x001A di offset 12345 terlalu pendek (3 byte)");
    assert_int_equal(vformat(buf, sizeof buf, "row %lu, column %lu: field longer than %zu bytes",
                             4UL, 2UL, (size_t)32767),
                     1);
    assert_string_equal(buf, "baris 4, kolom 2: isian lebih panjang dari 32767 byte");
    assert_int_equal(vformat(buf, sizeof buf, "invalid cell reference '%.20s' in row %lu",
                             "ABCDEFGHIJKLMNOPQRSTUVWXYZ", 9UL),
                     1);
    assert_string_equal(buf, "referensi sel 'ABCDEFGHIJKLMNOPQRST' tidak valid di baris 9");
    assert_int_equal(vformat(buf, sizeof buf, "no form recognised (best: %s, %d of %zu columns)",
                             "pmks", 2, (size_t)5),
                     1);
    assert_string_equal(buf, "tidak ada formulir yang dikenali (terdekat: pmks, 2 dari 5 kolom)");
    /* "%%" in both */
    assert_int_equal(
        vformat(buf, sizeof buf,
                "cannot compute I_par from %s = %s and %s = %s: need a female share strictly "
                "between 0 and 1 (or 0-100 %%) and a percentage 0-100",
                "p_f", "2", "x_par", "50"),
        1);
    assert_non_null(strstr(buf, "I_par tidak dapat dihitung dari p_f = 2 dan x_par = 50"));
    assert_non_null(strstr(buf, "0-100 %)"));
    /* unknown: English */
    assert_int_equal(vformat(buf, sizeof buf, "nothing known %s", "x"), 0);
    assert_string_equal(buf, "nothing known x");
    /* cut to cap */
    assert_int_equal(vformat(buf, 6, "read error"), 1);
    assert_string_equal(buf, "galat");
}

static void reader_message_in_both(void **state)
{
    (void)state;
    iki_reader *r = iki_reader_new(NULL);
    assert_non_null(r);
    assert_string_equal(iki_reader_message_id(r), "");
    assert_int_not_equal(iki_reader_open_path(r, "/nonexistent/iki/x.xlsx"), IKI_OK);
    assert_string_equal(iki_reader_message(r),
                        "/nonexistent/iki/x.xlsx: cannot open: No such file or directory");
    assert_string_equal(iki_reader_message_id(r),
                        "/nonexistent/iki/x.xlsx: tidak dapat dibuka: No such file or directory");
    static const char junk[] = "\x01\x02\x03\x04 not a spreadsheet at all \x00\x01";
    assert_int_not_equal(iki_reader_open_memory(r, junk, sizeof junk, "j.bin"), IKI_OK);
    assert_non_null(strstr(iki_reader_message(r), "j.bin: "));
    assert_non_null(strstr(iki_reader_message_id(r), "j.bin: "));
    assert_string_not_equal(iki_reader_message(r), iki_reader_message_id(r));
    iki_reader_free(r);
}

static void severities(void **state)
{
    (void)state;
    assert_string_equal(iki_severity_name_id(IKI_SEV_INFO), "info");
    assert_string_equal(iki_severity_name_id(IKI_SEV_WARNING), "peringatan");
    assert_string_equal(iki_severity_name_id(IKI_SEV_ERROR), "galat");
}

/* Each diagnostic keeps its code and its format's arguments, typed by the
 * conversions, in order; a diagnostic given as two texts has none. */
static void codes_and_typed_arguments(void **state)
{
    (void)state;
    iki_diags *d = iki_diags_new();
    assert_non_null(d);
    assert_int_equal(iki_diags_add(d, IKI_CODE("total_mismatch"), IKI_SEV_WARNING, "a.xlsx",
                                   "S", "D9", "total row says %s, the rows add up to %s (%s)",
                                   "10", "12", "Jumlah"),
                     0);
    /* every integer width, a number, %%, a width and precision from
     * arguments, a text cut inside a UTF-8 sequence (é is 2 bytes) */
    assert_int_equal(iki_diags_add(d, "t", IKI_SEV_INFO, NULL, NULL, NULL,
                                   "%d %ld %lld %zu %u %lu %llu %x %c 100%% %.2f %g %*d "
                                   "%.*s %.3s|",
                                   -1, -2L, -3LL, (size_t)4, 5u, 6UL, 7ULL, 255u, 'A', 0.5,
                                   1e300, 3, 8, 2, "xyz", "\xc3\xa9\xc3\xa9"),
                     0);
    assert_int_equal(iki_diags_add_both(d, IKI_CODE("input_unreadable"), IKI_SEV_ERROR, NULL,
                                        NULL, NULL, "cannot read: x", NULL),
                     0);
    const iki_diag *g = iki_diags_get(d, 0);
    assert_string_equal(g->code, "total_mismatch");
    assert_int_equal(g->nargs, 3);
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(g->args[i].type, IKI_ARG_TEXT);
    assert_string_equal(g->args[0].text, "10");
    assert_string_equal(g->args[2].text, "Jumlah");
    assert_string_equal(g->message_id, "baris jumlah menyebut 10, padahal jumlah "
                                       "baris-barisnya 12 (Jumlah)");
    g = iki_diags_get(d, 1);
    assert_string_equal(g->code, "t");
    static const long long ints[] = {-1, -2, -3, 4, 5, 6, 7, 255, 'A'};
    assert_int_equal(g->nargs, 14);
    for (size_t i = 0; i < 9; i++) {
        assert_int_equal(g->args[i].type, IKI_ARG_INTEGER);
        assert_true(g->args[i].integer == ints[i]);
    }
    assert_int_equal(g->args[9].type, IKI_ARG_NUMBER);
    assert_true(g->args[9].number == 0.5);
    assert_true(g->args[10].number == 1e300);
    assert_int_equal(g->args[11].type, IKI_ARG_INTEGER); /* %*d: the 8, not the width */
    assert_true(g->args[11].integer == 8);
    assert_string_equal(g->args[12].text, "xy");
    assert_string_equal(g->args[13].text, "\xc3\xa9"); /* not half of the second é */
    assert_string_equal(g->message,
                        "-1 -2 -3 4 5 6 7 ff A 100% 0.50 1e+300   8 xy \xc3\xa9\xc3|");
    g = iki_diags_get(d, 2);
    assert_string_equal(g->code, "input_unreadable");
    assert_int_equal(g->nargs, 0);
    /* moved lists keep them */
    iki_diags *e = iki_diags_new();
    assert_non_null(e);
    assert_int_equal(iki_diags_move(e, d), 0);
    assert_string_equal(iki_diags_get(e, 0)->args[1].text, "12");
    iki_diags_free(d);
    iki_diags_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(catalog_covers_known_messages),
        cmocka_unit_test(diags_in_both_languages),
        cmocka_unit_test(vformat_conversions),
        cmocka_unit_test(reader_message_in_both),
        cmocka_unit_test(severities),
        cmocka_unit_test(codes_and_typed_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
