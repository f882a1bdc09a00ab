/* The embedded catalog (src/msg/catalog.c): lookup, the entries in order,
 * formatting in Indonesian. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "iki/msg.h"

static void test_lookup(void **state)
{
    (void)state;
    /* a CLI text of po/id.po */
    assert_string_equal(iki_msg_id("iki: unknown command '%s'\n"), "iki: perintah tidak dikenal: '%s'\n");
    assert_null(iki_msg_id("no such text in the catalog"));
    assert_null(iki_msg_id(""));  /* the header entry is not a text */
    assert_null(iki_msg_id(NULL));
    assert_string_equal(iki_msg_pick("no such text", 1), "no such text");
    const char *en = "iki: unknown command '%s'\n";
    assert_ptr_equal(iki_msg_pick(en, 0), en);
    assert_string_equal(iki_msg_pick(en, 1), "iki: perintah tidak dikenal: '%s'\n");
}

static void test_every_entry(void **state)
{
    (void)state;
    size_t n = iki_msg_count();
    assert_true(n > 50);
    const char *prev = NULL;
    for (size_t i = 0; i < n; i++) {
        const char *id = NULL;
        const char *en = iki_msg_at(i, &id);
        assert_non_null(en);
        assert_non_null(id);
        assert_true(*en);
        if (prev)
            assert_true(strcmp(prev, en) < 0);
        /* each entry found by the lookup, translated */
        const char *got = iki_msg_id(en);
        if (!got)
            fail_msg("entry %zu '%s' not found or its translation refused", i, en);
        assert_ptr_equal(got, id);
        prev = en;
    }
    assert_null(iki_msg_at(n, NULL));
}

static int format_id(char *buf, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = iki_msg_vformat_id(buf, cap, fmt, ap);
    va_end(ap);
    return r;
}

static void test_format(void **state)
{
    (void)state;
    char buf[128];
    assert_int_equal(format_id(buf, sizeof buf, "iki: unknown command '%s'\n", "x"), 1);
    assert_string_equal(buf, "iki: perintah tidak dikenal: 'x'\n");
    assert_int_equal(format_id(buf, sizeof buf, "nothing known %d", 7), 0);
    assert_string_equal(buf, "nothing known 7");
    assert_int_equal(format_id(buf, 4, "iki: unknown command '%s'\n", "x"), 1);
    assert_string_equal(buf, "iki");
    assert_int_equal(format_id(NULL, 4, "x"), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lookup),
        cmocka_unit_test(test_every_entry),
        cmocka_unit_test(test_format),
    };
    return cmocka_run_group_tests_name("msg", tests, NULL, NULL);
}
