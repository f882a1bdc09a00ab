/* The zip layer's caps (src/readers/zip.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "testutil.h"

static size_t read_sheet(iki_reader *r, size_t index, iki_error *err)
{
    size_t rows = 0;
    const iki_row *row;
    *err = iki_reader_open_sheet(r, index);
    if (*err != IKI_OK)
        return 0;
    while ((*err = iki_reader_next_row(r, &row)) == IKI_OK && row)
        rows++;
    return rows;
}

/* content.xml of bigrows.ods inflates to ~220 KB: reading its sheet three
 * times must count it once against max_total_bytes. */
static void rereading_a_part_counts_once(void **state)
{
    (void)state;
    iki_limits l;
    iki_limits_default(&l);
    l.max_total_bytes = 300000;
    iki_reader *r = iki_reader_new(&l);
    assert_int_equal(iki_reader_open_path(r, fixture_path("ods/bigrows.ods")), IKI_OK);
    iki_error e;
    size_t first = read_sheet(r, 0, &e);
    assert_int_equal(e, IKI_OK);
    assert_true(first > 0);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(read_sheet(r, 0, &e), first);
        assert_int_equal(e, IKI_OK);
    }
    iki_reader_free(r);

    /* and the cap itself still bites */
    l.max_total_bytes = 100000;
    r = iki_reader_new(&l);
    e = iki_reader_open_path(r, fixture_path("ods/bigrows.ods"));
    if (e == IKI_OK)
        read_sheet(r, 0, &e);
    assert_int_equal(e, IKI_ERROR_LIMIT);
    assert_non_null(strstr(iki_reader_message(r), "bigrows.ods"));
    iki_reader_free(r);
}

/* An archive of 70,000 empty entries (zip64 end records, written by
 * libzip): refused from the count its end record declares, before libzip
 * loads the whole central directory; from memory too. */
static void too_many_entries_refused_first(void **state)
{
    (void)state;
    char path[] = "/tmp/iki-test-zip-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    int ze = 0;
    zip_t *za = zip_open(path, ZIP_TRUNCATE, &ze);
    assert_non_null(za);
    zip_source_t *s = zip_source_buffer(za, "<workbook/>", 11, 0);
    assert_true(zip_file_add(za, "xl/workbook.xml", s, 0) >= 0);
    for (int i = 0; i < 70000; i++) {
        char name[32];
        snprintf(name, sizeof name, "e%d", i);
        s = zip_source_buffer(za, "", 0, 0);
        assert_true(zip_file_add(za, name, s, 0) >= 0);
    }
    assert_int_equal(zip_close(za), 0);
    iki_reader *r = iki_reader_new(NULL);
    assert_int_equal(iki_reader_open_path(r, path), IKI_ERROR_LIMIT);
    assert_non_null(strstr(iki_reader_message(r), "more than 65536 entries"));
    size_t n = 0;
    unsigned char *data = read_file(path, &n);
    assert_non_null(data);
    assert_int_equal(iki_reader_open_memory(r, data, n, "m.xlsx"), IKI_ERROR_LIMIT);
    free(data);
    unlink(path);
    /* the count is read before libzip: end records declaring 10,000,000
     * entries over no directory at all give the limit, not libzip's
     * "corrupt archive" */
    unsigned char buf[30 + 56 + 20 + 22] = {0};
    memcpy(buf, "PK\3\4", 4); /* an empty local header first, as zips start */
    unsigned char *z = buf + 30;
    memcpy(z, "PK\6\6", 4);
    z[4] = 44;                   /* size of the rest of the record */
    z[12] = z[14] = 45;          /* versions */
    const unsigned long long many = 10000000ULL;
    for (int i = 0; i < 8; i++) /* entries on this disk, and in all */
        z[24 + i] = z[32 + i] = (unsigned char)(many >> (8 * i));
    memcpy(z + 56, "PK\6\7", 4);  /* locator: the record at offset 30 */
    z[56 + 8] = 30;
    z[56 + 16] = 1;
    memcpy(z + 76, "PK\5\6", 4);
    z[76 + 8] = z[76 + 9] = z[76 + 10] = z[76 + 11] = 0xFF;
    memcpy(z + 76 + 12, "\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF", 8);
    assert_int_equal(iki_reader_open_memory(r, buf, sizeof buf, "z.xlsx"), IKI_ERROR_LIMIT);
    assert_non_null(strstr(iki_reader_message(r), "more than 65536 entries"));
    iki_reader_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rereading_a_part_counts_once),
        cmocka_unit_test(too_many_entries_refused_first),
    };
    return cmocka_run_group_tests_name("zip", tests, NULL, NULL);
}
