/* The collect stage: sums per area, periods (flow vs stock), duplicates,
 * distinct counts, text fields, provenance. */
#include <stdio.h>
#include <string.h>

#include "iki/collect.h"
#include "testutil.h"

static iki_field fields[] = {
    {.code = "jumlah", .agg = IKI_AGG_SUM, .over_periods = IKI_PERIODS_STOCK},
    {.code = "ditangani", .agg = IKI_AGG_SUM, .over_periods = IKI_PERIODS_FLOW},
    {.code = "nik", .agg = IKI_AGG_DISTINCT, .over_periods = IKI_PERIODS_FLOW},
    {.code = "predikat", .agg = IKI_AGG_TEXT},
    {.code = "kosong", .agg = IKI_AGG_SUM},
};
static iki_source sources[] = {
    {.code = "pmks", .layout = IKI_LAYOUT_AREAS, .fields = fields, .nfields = 5},
};
static iki_area areas[] = {{.name = "Sreseh"}, {.name = "Torjun"}};
static iki_template tpl = {
    .name = "test", .areas = areas, .nareas = 2, .sources = sources, .nsources = 1,
};

static const iki_period q3 = {IKI_PERIOD_QUARTER, 2025, 3};
static const iki_period q4 = {IKI_PERIOD_QUARTER, 2025, 4};

static void flows_add_and_stocks_take_the_latest(void **state)
{
    (void)state;
    iki_collect *c = iki_collect_new(&tpl);
    iki_diags *d = iki_diags_new();
    /* Q4 first, to show that order of arrival does not matter */
    assert_int_equal(iki_collect_begin(c, 0, &q4, "in/tw4.xlsx", "PMKS", 200), 0);
    assert_int_equal(iki_collect_add(c, 0, 0, 100, 4, 2), 0);
    assert_int_equal(iki_collect_add(c, 0, 1, 50, 5, 2), 0);
    assert_int_equal(iki_collect_add(c, 1, 0, 10, 4, 3), 0);
    assert_int_equal(iki_collect_add(c, 1, 1, 5, 5, 3), 0);
    assert_int_equal(iki_collect_end(c), 0);
    assert_int_equal(iki_collect_begin(c, 0, &q3, "in/tw3.ods", "Data", 100), 0);
    assert_int_equal(iki_collect_add(c, 0, 0, 90, 6, 1), 0);
    assert_int_equal(iki_collect_add(c, 1, 0, 7, 6, 2), 0);
    assert_int_equal(iki_collect_add(c, 1, 1, 3, 7, 2), 0);
    assert_int_equal(iki_collect_end(c), 0);
    assert_int_equal(iki_collect_finish(c, d), 0);
    double v;
    assert_int_equal(iki_collect_number(c, 0, 0, &v), 0);
    assert_true(v == 150); /* stock: Q4 only */
    assert_int_equal(iki_collect_number(c, 0, 1, &v), 0);
    assert_true(v == 25); /* flow: 15 + 10 */
    assert_int_equal(iki_collect_area_number(c, 0, 1, 0, &v), 0);
    assert_true(v == 17);
    assert_int_equal(iki_collect_area_number(c, 0, 0, 1, &v), 0);
    assert_true(v == 50);
    assert_int_equal(iki_collect_number(c, 0, 4, &v), -1); /* never seen */
    assert_string_equal(iki_collect_provenance(c, 0, 0), "tw4.xlsx!PMKS!C5:C6");
    assert_string_equal(iki_collect_provenance(c, 0, 1),
                        "tw4.xlsx!PMKS!D5:D6; tw3.ods!Data!C7:C8");
    assert_string_equal(iki_collect_periods(c, 0), "Triwulan IV 2025, Triwulan III 2025");
    assert_int_equal(iki_diags_count(d), 0);
    iki_diags_free(d);
    iki_collect_free(c);
}

static void newer_duplicate_wins(void **state)
{
    (void)state;
    iki_collect *c = iki_collect_new(&tpl);
    iki_diags *d = iki_diags_new();
    assert_int_equal(iki_collect_begin(c, 0, &q4, "a/rekap.xlsx", "S", 300), 0);
    iki_collect_add(c, 1, 0, 10, 1, 1);
    iki_collect_end(c);
    assert_int_equal(iki_collect_begin(c, 0, &q4, "b/rekap-revisi.xlsx", "S", 400), 0);
    iki_collect_add(c, 1, 0, 12, 1, 1);
    iki_collect_end(c);
    assert_int_equal(iki_collect_finish(c, d), 0);
    double v;
    assert_int_equal(iki_collect_number(c, 0, 1, &v), 0);
    assert_true(v == 12);
    assert_int_equal(iki_diags_count(d), 1);
    const iki_diag *g = iki_diags_get(d, 0);
    assert_int_equal(g->severity, IKI_SEV_WARNING);
    assert_string_equal(g->file, "a/rekap.xlsx");
    assert_non_null(strstr(g->message, "rekap-revisi.xlsx is used"));
    iki_diags_free(d);
    iki_collect_free(c);
}

static void distinct_text_seen_and_abort(void **state)
{
    (void)state;
    iki_collect *c = iki_collect_new(&tpl);
    iki_diags *d = iki_diags_new();
    assert_int_equal(iki_collect_begin(c, 0, NULL, "x.csv", "x", 0), 0);
    assert_int_equal(iki_collect_begin(c, 0, NULL, "y.csv", "y", 0), -1); /* one open */
    for (uint64_t h = 0; h < 1000; h++)
        assert_int_equal(iki_collect_add_distinct(c, 2, -1, h % 700, (uint32_t)h, 0), 0);
    assert_int_equal(iki_collect_set_text(c, 3, "Pratama", 2, 1), 0);
    assert_int_equal(iki_collect_set_text(c, 3, "Madya", 3, 1), 0);
    assert_int_equal(iki_collect_field_seen(c, 4), 0);
    assert_int_equal(iki_collect_add(c, 9, 0, 1, 0, 0), -1); /* no such field */
    iki_collect_end(c);
    /* an aborted block leaves nothing */
    assert_int_equal(iki_collect_begin(c, 0, NULL, "z.csv", "z", 0), 0);
    iki_collect_add(c, 4, 0, 99, 0, 0);
    iki_collect_abort(c);
    assert_int_equal(iki_collect_finish(c, d), 0);
    double v;
    assert_int_equal(iki_collect_number(c, 0, 2, &v), 0);
    assert_true(v == 700);
    assert_string_equal(iki_collect_text(c, 0, 3), "Madya");
    assert_int_equal(iki_collect_number(c, 0, 3, &v), -1); /* text is no number */
    assert_int_equal(iki_collect_number(c, 0, 4, &v), 0); /* seen, nothing added: 0 */
    assert_true(v == 0);
    iki_diags_free(d);
    iki_collect_free(c);
    iki_collect_free(NULL);
}

/* Monthly blocks January..May plus one undated and one yearless block:
 * as at each cut, flows add the months up to the cut, stocks take the
 * latest month up to it; the annual results are the same as without cuts. */
static void results_as_at_a_cut(void **state)
{
    (void)state;
    iki_collect *c = iki_collect_new(&tpl);
    iki_diags *d = iki_diags_new();
    for (int m = 5; m >= 1; m--) { /* out of order on purpose */
        iki_period p = {IKI_PERIOD_MONTH, 2025, m};
        char name[32];
        snprintf(name, sizeof name, "in/bulan-%02d.xlsx", m);
        assert_int_equal(iki_collect_begin(c, 0, &p, name, "S", 100 + m), 0);
        iki_collect_add(c, 0, 0, 100 * m, 4, 2);  /* stock */
        iki_collect_add(c, 1, 0, m, 4, 3);        /* flow */
        iki_collect_end(c);
    }
    /* "Triwulan III" without a year: taken in the report year */
    iki_period q3_noyear = {IKI_PERIOD_QUARTER, 0, 3};
    assert_int_equal(iki_collect_begin(c, 0, &q3_noyear, "in/tw3.xlsx", "S", 50), 0);
    iki_collect_add(c, 1, 1, 1000, 4, 3);
    iki_collect_end(c);
    /* no period: covers the year */
    assert_int_equal(iki_collect_begin(c, 0, NULL, "in/lain.xlsx", "S", 50), 0);
    iki_collect_add(c, 1, 1, 10000, 4, 3);
    iki_collect_end(c);
    assert_int_equal(iki_collect_finish(c, d), 0);
    double v;
    assert_int_equal(iki_collect_number(c, 0, 1, &v), 0);
    assert_true(v == 15 + 1000 + 10000);
    assert_int_equal(iki_collect_block_end(c, 0, 2025), 20250531);
    assert_int_equal(iki_collect_block_end(c, 5, 2025), 20250930);
    assert_int_equal(iki_collect_block_end(c, 6, 2025), 20251231);
    assert_int_equal(iki_collect_block_end(c, 7, 2025), -1);
    static const struct {
        long cut;
        int has;
        double stock, flow;
    } rows[] = {
        {20241231, 0, 0, 0},
        {20250131, 1, 100, 1},
        {20250228, 1, 200, 3},
        {20250331, 1, 300, 6},
        {20250630, 1, 500, 15},
        {20250930, 1, 500, 1015},
        {20251231, 1, 500, 11015},
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        iki_collect_at *a = iki_collect_at_new(c, rows[i].cut, 2025);
        assert_non_null(a);
        if (!rows[i].has) {
            assert_int_equal(iki_collect_at_number(a, 0, 0, &v), -1);
            assert_int_equal(iki_collect_at_number(a, 0, 1, &v), -1);
        } else {
            assert_int_equal(iki_collect_at_number(a, 0, 0, &v), 0);
            assert_true(v == rows[i].stock);
            assert_int_equal(iki_collect_at_number(a, 0, 1, &v), 0);
            assert_true(v == rows[i].flow);
        }
        assert_null(iki_collect_at_text(a, 0, 3));
        iki_collect_at_free(a);
    }
    assert_null(iki_collect_at_new(c, 0, 2025));
    iki_collect_at_free(NULL);
    /* the annual results are untouched by the cuts */
    assert_int_equal(iki_collect_number(c, 0, 1, &v), 0);
    assert_true(v == 11015);
    assert_int_equal(iki_collect_number(c, 0, 0, &v), 0);
    assert_true(v == 500);
    iki_diags_free(d);
    iki_collect_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(flows_add_and_stocks_take_the_latest),
        cmocka_unit_test(newer_duplicate_wins),
        cmocka_unit_test(distinct_text_seen_and_abort),
        cmocka_unit_test(results_as_at_a_cut),
    };
    return cmocka_run_group_tests_name("collect", tests, NULL, NULL);
}
