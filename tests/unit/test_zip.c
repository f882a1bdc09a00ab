/* The zip layer's caps (src/readers/zip.c). */
#include <stdlib.h>
#include <string.h>

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rereading_a_part_counts_once),
    };
    return cmocka_run_group_tests_name("zip", tests, NULL, NULL);
}
