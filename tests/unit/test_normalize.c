/* iki_norm_text: one row per case. */
#include <string.h>

#include "iki/table.h"
#include "testutil.h"

static const struct {
    const char *in;
    const char *out;
} cases[] = {
    {"Jumlah PMKS", "jumlah pmks"},
    {"  JUMLAH   PMKS  ", "jumlah pmks"},
    {"Jml. PMKS", "jumlah pmks"},
    {"Jumlah\nPMKS", "jumlah pmks"},
    {"Jumlah\r\nPMKS", "jumlah pmks"}, /* an xlsx header with _x000D_ decoded */
    {"Jumlah\r\n\tPMKS\r", "jumlah pmks"},
    {"Jumlah\xC2\xA0PMKS", "jumlah pmks"},
    {"PMKS Ditangani (jiwa)", "pmks ditangani jiwa"},
    {"Kec. Karang Penang", "kecamatan karang penang"},
    {"No.", "no"},
    {"Nomor", "no"},
    {"TW II", "triwulan ii"},
    {"Lansia Telantar", "lanjut usia terlantar"},
    {"Gelandangan & Pengemis", "gelandangan & pengemis"},
    {"\xC3\x89LAN", "\xC3\xA9lan"},
    {"Uraian\t/ Komponen", "uraian komponen"},
    {"\xE2\x80\x94", ""},
    {"", ""},
    {"Dipelihara \xE2\x9C\x93", "dipelihara \xE2\x9C\x93"},
    {"anak_terlantar-direhabilitasi", "anak terlantar direhabilitasi"},
};

static void normalises(void **state)
{
    (void)state;
    char buf[256];
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t n = iki_norm_text(cases[i].in, strlen(cases[i].in), buf, sizeof buf);
        assert_string_equal(buf, cases[i].out);
        assert_int_equal(n, strlen(cases[i].out));
    }
}

static void truncates_safely(void **state)
{
    (void)state;
    char buf[8];
    size_t n = iki_norm_text("Jumlah Penyandang", 17, buf, sizeof buf);
    assert_true(n < sizeof buf);
    assert_string_equal(buf, "jumlah ");
    char one[1];
    assert_int_equal(iki_norm_text("abc", 3, one, 1), 0);
    assert_string_equal(one, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(normalises),
        cmocka_unit_test(truncates_safely),
    };
    return cmocka_run_group_tests_name("normalize", tests, NULL, NULL);
}
