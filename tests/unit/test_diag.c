/* Diagnostics in two languages: the Indonesian table of src/diag_id.c
 * (sorted, every entry with the same conversions in the same order as its
 * English format), diagnostics formatted in both languages from the same
 * arguments, texts formatted elsewhere translated back, reader messages,
 * and iki_diag_format / iki_diag_format_id. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "iki/diag.h"
#include "iki/reader.h"
#include "testutil.h"

/* The conversions of a printf format, "%%" left out, as one string:
 * "%s|%lu|%.20s|". */
static void conversions(const char *f, char *out, size_t cap)
{
    size_t n = 0;
    out[0] = '\0';
    while (*f) {
        if (*f != '%') {
            f++;
            continue;
        }
        if (f[1] == '%') {
            f += 2;
            continue;
        }
        const char *start = f++;
        while (*f && strchr("-+ #0'", *f))
            f++;
        while ((*f >= '0' && *f <= '9') || *f == '*' || *f == '.')
            f++;
        while (*f && strchr("hlLqjzt", *f))
            f++;
        if (*f)
            f++;
        size_t len = (size_t)(f - start);
        assert_true(n + len + 2 < cap);
        memcpy(out + n, start, len);
        n += len;
        out[n++] = '|';
        out[n] = '\0';
    }
}

static void table_is_sorted_and_keeps_conversions(void **state)
{
    (void)state;
    size_t n = iki_text_id_count();
    assert_true(n > 100);
    const char *prev = NULL;
    for (size_t i = 0; i < n; i++) {
        const char *id = NULL;
        const char *en = iki_text_id_at(i, &id);
        assert_non_null(en);
        assert_non_null(id);
        if (prev && strcmp(prev, en) >= 0)
            fail_msg("table not sorted (or a duplicate) at '%s' after '%s'", en, prev);
        prev = en;
        char ce[256], ci[256];
        conversions(en, ce, sizeof ce);
        conversions(id, ci, sizeof ci);
        if (strcmp(ce, ci) != 0)
            fail_msg("'%s' has conversions %s but its Indonesian '%s' has %s", en, ce, id,
                     ci);
        /* found by bsearch */
        assert_ptr_equal(iki_text_id(en), id);
        /* an English format with some literal text, never pure conversions */
        size_t lit = 0;
        for (const char *p = en; *p; p++)
            lit += *p != '%';
        assert_true(lit > 0);
    }
    assert_null(iki_text_id_at(n, NULL));
    assert_null(iki_text_id("no such message in the table"));
    assert_null(iki_text_id(NULL));
}

static void table_covers_known_messages(void **state)
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
        if (!iki_text_id(must[i]))
            fail_msg("no Indonesian for '%s'", must[i]);
    /* every error code's message */
    for (int e = 0; e < IKI_ERROR_SENTINEL; e++)
        if (!iki_text_id(iki_strerror((iki_error)e)))
            fail_msg("no Indonesian for iki_strerror(%d) '%s'", e,
                     iki_strerror((iki_error)e));
}

static void diags_in_both_languages(void **state)
{
    (void)state;
    iki_diags *d = iki_diags_new();
    assert_non_null(d);
    assert_int_equal(iki_diags_add(d, IKI_SEV_ERROR, "a.xlsx", NULL, NULL,
                                   "XML error in '%s' at line %lu: %s", "xl/workbook.xml",
                                   7UL, "mismatched tag"),
                     0);
    assert_int_equal(iki_diags_add(d, IKI_SEV_WARNING, "b.csv", "b", "D7",
                                   "text in a number cell: '%s' (%s)", "banyak", "Jumlah"),
                     0);
    /* a format not in the table: both texts English */
    assert_int_equal(iki_diags_add(d, IKI_SEV_INFO, NULL, NULL, NULL, "only %d here", 3), 0);
    /* "%s" of a text formatted elsewhere: translated back */
    assert_int_equal(iki_diags_add(d, IKI_SEV_WARNING, "c.xlsx", "S", "B2", "%s",
                                   "text in a number cell (Jumlah PMKS)"),
                     0);
    /* a known message inside a known message */
    assert_int_equal(iki_diags_add(d, IKI_SEV_ERROR, "~$x.xlsx", NULL, NULL,
                                   "cannot read: %s", "lock file of Excel"),
                     0);
    assert_int_equal(iki_diags_add_both(d, IKI_SEV_ERROR, NULL, NULL, NULL, "en", "id"), 0);
    assert_int_equal(iki_diags_add_both(d, IKI_SEV_INFO, NULL, NULL, NULL,
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
    assert_string_equal(g->message_id, "teks di sel angka (Jumlah PMKS)");
    g = iki_diags_get(d, 4);
    assert_string_equal(g->message, "cannot read: lock file of Excel");
    assert_string_equal(g->message_id, "tidak dapat dibaca: berkas kunci Excel");
    g = iki_diags_get(d, 5);
    assert_string_equal(g->message_id, "id");
    g = iki_diags_get(d, 6);
    assert_string_equal(g->message_id, "sama persis dengan a.xlsx: dilewati");

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
    int r = iki_text_id_vformat(buf, cap, fmt, ap);
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

static void messages_translated_back(void **state)
{
    (void)state;
    char *s = iki_text_id_message("denominator pmks.jumlah is 0");
    assert_non_null(s);
    assert_string_equal(s, "penyebut pmks.jumlah bernilai 0");
    free(s);
    /* notes joined by "; " */
    s = iki_text_id_message("score 420 is below 500: no KLA predicate; no target in the template");
    assert_non_null(s);
    assert_string_equal(s, "skor 420 di bawah 500: tidak ada predikat KLA; "
                           "tidak ada target di templat");
    free(s);
    /* the most specific format wins over "%s: skipped" */
    s = iki_text_id_message("a workbook written by iki (an earlier output): skipped");
    assert_string_equal(s, "buku kerja yang ditulis iki (keluaran sebelumnya): dilewati");
    free(s);
    /* pieces that are known messages themselves */
    s = iki_text_id_message("looks like form 'pmks' but column 'Jumlah' is missing; "
                            "did you mean 'Jumlh'?");
    assert_string_equal(s, "tampaknya formulir 'pmks', tetapi kolom 'Jumlah' tidak ada; "
                           "mungkin maksudnya 'Jumlh'?");
    free(s);
    assert_null(iki_text_id_message("nothing we know"));
    assert_null(iki_text_id_message(""));
    assert_null(iki_text_id_message(NULL));
    /* a long text with many spaces does not take long */
    char big[1000];
    memset(big, ' ', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_null(iki_text_id_message(big));
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(table_is_sorted_and_keeps_conversions),
        cmocka_unit_test(table_covers_known_messages),
        cmocka_unit_test(diags_in_both_languages),
        cmocka_unit_test(vformat_conversions),
        cmocka_unit_test(messages_translated_back),
        cmocka_unit_test(reader_message_in_both),
        cmocka_unit_test(severities),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
