/* The table stage's pure helpers, as tables: numbers written as text,
 * periods, area names, total labels, yes-values. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "iki/table.h"
#include "testutil.h"

/* ---- numbers --------------------------------------------------------------- */

static const struct {
    const char *text;
    const char *locale;
    iki_num_status status;
    double value;
    int percent;
} numbers[] = {
    {"1.234", "id", IKI_NUM_OK, 1234, 0},
    {"1.234,5", "id", IKI_NUM_OK, 1234.5, 0},
    {"1,234.5", "id", IKI_NUM_OK, 1234.5, 0}, /* English export: unambiguous */
    {"1.234.567,89", "id", IKI_NUM_OK, 1234567.89, 0},
    {"1,234,567", "id", IKI_NUM_OK, 1234567, 0},
    {"12,5", "id", IKI_NUM_OK, 12.5, 0},
    {"0,5", "id", IKI_NUM_OK, 0.5, 0},
    {",5", "id", IKI_NUM_OK, 0.5, 0},
    {"1.5", "id", IKI_NUM_OK, 1.5, 0},    /* not three digits: decimal */
    {"12.25", "id", IKI_NUM_OK, 12.25, 0},
    {"0.500", "id", IKI_NUM_OK, 0.5, 0},  /* integer part 0: decimal */
    {"1,234", "id", IKI_NUM_OK, 1.234, 0}, /* id: a single ',' is decimal */
    {"1,234", "en", IKI_NUM_OK, 1234, 0},  /* en: three digits group */
    {"1.234", "en", IKI_NUM_OK, 1.234, 0},
    {"12,5", "en", IKI_NUM_OK, 12.5, 0},
    {"1234", "id", IKI_NUM_OK, 1234, 0},
    {"-7", "id", IKI_NUM_OK, -7, 0},
    {"(12)", "id", IKI_NUM_OK, -12, 0},
    {"85%", "id", IKI_NUM_OK, 85, 1},
    {"85 %", "id", IKI_NUM_OK, 85, 1},
    {"12,5%", "id", IKI_NUM_OK, 12.5, 1},
    {" 1\xC2\xA0" "234 ", "id", IKI_NUM_OK, 1234, 0}, /* NBSP groups */
    {"\xC2\xA0" "42\xC2\xA0", "id", IKI_NUM_OK, 42, 0},
    {"Rp 1.500.000", "id", IKI_NUM_OK, 1500000, 0},
    {"Rp. 1.500.000,-", "id", IKI_NUM_OK, 1500000, 0},
    {"rp2.500", "id", IKI_NUM_OK, 2500, 0},
    {"-", "id", IKI_NUM_ZERO_MARK, 0, 0},
    {" - ", "id", IKI_NUM_ZERO_MARK, 0, 0},
    {"\xE2\x80\x93", "id", IKI_NUM_ZERO_MARK, 0, 0}, /* en dash */
    {"\xE2\x80\x94", "id", IKI_NUM_ZERO_MARK, 0, 0}, /* em dash */
    {"nihil", "id", IKI_NUM_ZERO_MARK, 0, 0},
    {"NIHIL", "id", IKI_NUM_ZERO_MARK, 0, 0},
    {"", "id", IKI_NUM_EMPTY, 0, 0},
    {"   ", "id", IKI_NUM_EMPTY, 0, 0},
    {"\xC2\xA0", "id", IKI_NUM_EMPTY, 0, 0},
    {"abc", "id", IKI_NUM_INVALID, 0, 0},
    {"12 orang", "id", IKI_NUM_INVALID, 0, 0},
    {"1.23.4", "id", IKI_NUM_INVALID, 0, 0}, /* groups of three only */
    {"1,234,5", "id", IKI_NUM_INVALID, 0, 0},
    {"1.234,5.6", "id", IKI_NUM_INVALID, 0, 0},
    {"12,", "id", IKI_NUM_INVALID, 0, 0},
    {"%", "id", IKI_NUM_INVALID, 0, 0},
    {"--5", "id", IKI_NUM_INVALID, 0, 0},
    {"Sreseh", "id", IKI_NUM_INVALID, 0, 0},
};

static void numbers_as_text(void **state)
{
    (void)state;
    double v = 0;
    for (size_t i = 0; i < sizeof numbers / sizeof *numbers; i++) {
        v = -999;
        int pct = -1;
        iki_num_status st = iki_parse_number_text(numbers[i].text, strlen(numbers[i].text),
                                                  numbers[i].locale, &v, &pct);
        if (st != numbers[i].status)
            fail_msg("'%s' (%s): status %d, expected %d", numbers[i].text,
                     numbers[i].locale, (int)st, (int)numbers[i].status);
        if (st == IKI_NUM_OK || st == IKI_NUM_ZERO_MARK) {
            if (fabs(v - numbers[i].value) > 1e-9)
                fail_msg("'%s' (%s): %.17g, expected %.17g", numbers[i].text,
                         numbers[i].locale, v, numbers[i].value);
        }
        if (st == IKI_NUM_OK && pct != numbers[i].percent)
            fail_msg("'%s': percent %d", numbers[i].text, pct);
    }
    /* the longest texts: a decimal comma first gains a leading 0, a sign a
     * '-' (fuzz_text found ",0888...8" of 79 bytes writing past the digit
     * buffer); every length up to past the limit, every form */
    for (size_t len = 1; len <= 90; len++) {
        static const char *const heads[] = {"", ",", "-,", "(", "-", "Rp -,", "+,"};
        for (size_t h = 0; h < sizeof heads / sizeof *heads; h++) {
            char text[128];
            size_t hl = strlen(heads[h]);
            memcpy(text, heads[h], hl);
            memset(text + hl, '8', len);
            size_t n = hl + len;
            if (heads[h][0] == '(')
                text[n++] = ')';
            text[n] = '\0';
            iki_num_status st = iki_parse_number_text(text, n, "id", &v, NULL);
            assert_true(st == IKI_NUM_OK || st == IKI_NUM_INVALID);
            iki_parse_number_text(text, n, "en", &v, NULL);
        }
    }
    static const char fuzz[] = ",08888888888888888888888888888888888888888888888888888888888888888888888888888888";
    assert_int_equal(iki_parse_number_text(fuzz, 79, "id", &v, NULL), IKI_NUM_OK);
    assert_true(v > 0.0888 && v < 0.0889);
    /* percent may be NULL; a NULL locale is id */
    v = 0;
    assert_int_equal(iki_parse_number_text("1.234", 5, NULL, &v, NULL), IKI_NUM_OK);
    assert_true(v == 1234);
}

static void cells_as_numbers(void **state)
{
    (void)state;
    static const struct {
        iki_cell cell;
        iki_num_status status;
        double value;
    } cells[] = {
        {{0, IKI_CELL_NUMBER, 12.5, NULL, 0}, IKI_NUM_OK, 12.5},
        {{0, IKI_CELL_BOOL, 1, NULL, 0}, IKI_NUM_OK, 1},
        {{0, IKI_CELL_TEXT, 0, "1.750", 5}, IKI_NUM_OK, 1750},
        {{0, IKI_CELL_TEXT, 0, "-", 1}, IKI_NUM_ZERO_MARK, 0},
        {{0, IKI_CELL_TEXT, 0, "ada", 3}, IKI_NUM_INVALID, 0},
        {{0, IKI_CELL_ERROR, 0, "#DIV/0!", 7}, IKI_NUM_INVALID, 0},
        {{0, IKI_CELL_DATE, 45306, NULL, 0}, IKI_NUM_INVALID, 0},
        {{0, IKI_CELL_EMPTY, 0, NULL, 0}, IKI_NUM_EMPTY, 0},
    };
    for (size_t i = 0; i < sizeof cells / sizeof *cells; i++) {
        double v = -1;
        iki_num_status st = iki_cell_number(&cells[i].cell, "id", &v);
        if (st != cells[i].status)
            fail_msg("cell %zu: status %d", i, (int)st);
        if (st == IKI_NUM_OK && v != cells[i].value)
            fail_msg("cell %zu: %g", i, v);
    }
    assert_int_equal(iki_cell_number(NULL, "id", NULL), IKI_NUM_EMPTY);
}

/* ---- the two readings of a number, and a column's convention --------------------- */

static const struct {
    const char *text;
    iki_num_status status;
    iki_numshape shape;
    double id, en; /* as Indonesian, as English */
} readings[] = {
    {"1,686", IKI_NUM_OK, IKI_SHAPE_EITHER, 1.686, 1686},
    {"1.686", IKI_NUM_OK, IKI_SHAPE_EITHER, 1686, 1.686},
    {"12,760", IKI_NUM_OK, IKI_SHAPE_EITHER, 12.76, 12760},
    {"-3,500", IKI_NUM_OK, IKI_SHAPE_EITHER, -3.5, -3500},
    {"Rp 2.500", IKI_NUM_OK, IKI_SHAPE_EITHER, 2500, 2.5},
    {"1,234.5", IKI_NUM_OK, IKI_SHAPE_EN, 1234.5, 1234.5}, /* both marks: one way */
    {"1.234,5", IKI_NUM_OK, IKI_SHAPE_ID, 1234.5, 1234.5},
    {"12,760,123", IKI_NUM_OK, IKI_SHAPE_EN, 12760123, 12760123},
    {"12.760.123", IKI_NUM_OK, IKI_SHAPE_ID, 12760123, 12760123},
    {"1,5", IKI_NUM_OK, IKI_SHAPE_ID, 1.5, 1.5},   /* ',' before one digit: decimal */
    {"1.5", IKI_NUM_OK, IKI_SHAPE_EN, 1.5, 1.5},
    {"0,500", IKI_NUM_OK, IKI_SHAPE_ID, 0.5, 0.5}, /* integer part 0: decimal */
    {"0.500", IKI_NUM_OK, IKI_SHAPE_EN, 0.5, 0.5},
    {"12,3456", IKI_NUM_OK, IKI_SHAPE_ID, 12.3456, 12.3456},
    {"1686", IKI_NUM_OK, IKI_SHAPE_PLAIN, 1686, 1686},
    {"85%", IKI_NUM_OK, IKI_SHAPE_PLAIN, 85, 85},
    {"-", IKI_NUM_ZERO_MARK, IKI_SHAPE_PLAIN, 0, 0},
    {"", IKI_NUM_EMPTY, IKI_SHAPE_PLAIN, 0, 0},
    {"1,23,4", IKI_NUM_INVALID, IKI_SHAPE_PLAIN, 0, 0},
    {"Sreseh", IKI_NUM_INVALID, IKI_SHAPE_PLAIN, 0, 0},
};

static void two_readings(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof readings / sizeof *readings; i++) {
        double v[2] = {-999, -999};
        iki_numshape sh = (iki_numshape)-1;
        const char *s = readings[i].text;
        iki_num_status st = iki_number_readings(s, strlen(s), v, &sh);
        if (st != readings[i].status || sh != readings[i].shape)
            fail_msg("'%s': status %d shape %d, expected %d %d", s, (int)st, (int)sh,
                     (int)readings[i].status, (int)readings[i].shape);
        if (st != IKI_NUM_OK && st != IKI_NUM_ZERO_MARK)
            continue;
        if (fabs(v[IKI_NUMCONV_ID] - readings[i].id) > 1e-9 ||
            fabs(v[IKI_NUMCONV_EN] - readings[i].en) > 1e-9)
            fail_msg("'%s': %.17g / %.17g, expected %.17g / %.17g", s, v[0], v[1],
                     readings[i].id, readings[i].en);
        /* each reading is what the parser gives under that locale */
        double a = -1, b = -1;
        iki_parse_number_text(s, strlen(s), "id", &a, NULL);
        iki_parse_number_text(s, strlen(s), "en", &b, NULL);
        if (a != v[IKI_NUMCONV_ID] || b != v[IKI_NUMCONV_EN])
            fail_msg("'%s': readings differ from the parser's", s);
    }
    assert_int_equal(iki_number_readings("7", 1, NULL, NULL), IKI_NUM_OK);
}

/* A column: its data cells (text; "#123" is a number typed as a number),
 * whether it counts persons or cases, its total row's cell (NULL: none),
 * the template's locale; the decision expected. */
#define ID IKI_NUMCONV_ID
#define EN IKI_NUMCONV_EN
static const struct {
    const char *name;
    const char *cells[8];
    int whole;
    const char *total;
    iki_numconv dflt;
    iki_numconv conv;
    iki_numwhy why;
    int needed;
    uint32_t row, row_id, row_en; /* rows are 10 + the cell's index; total 20 */
} columns[] = {
    /* an English export read under the id template */
    {"en counts", {"1,686", "345", "2,044"}, 1, NULL, ID, EN, IKI_NUMWHY_WHOLE, 1, 10, 0, 0},
    {"en counts and total", {"1,686", "345", "2,044"}, 1, "4,075", ID, EN, IKI_NUMWHY_TOTAL,
     1, 20, 0, 0},
    {"en total only", {"686", "345", "244"}, 0, "1,275", ID, EN, IKI_NUMWHY_TOTAL, 1, 20, 0, 0},
    {"en: groups of three", {"12,760,123", "1,686"}, 0, NULL, ID, EN, IKI_NUMWHY_SHAPE, 1,
     10, 0, 0},
    {"en: both marks", {"1,686", "1,234.5"}, 0, NULL, ID, EN, IKI_NUMWHY_SHAPE, 1, 11, 0, 0},
    {"en: a decimal point", {"1.5", "2,000"}, 0, NULL, ID, EN, IKI_NUMWHY_SHAPE, 1, 10, 0, 0},
    /* the mirror: an Indonesian export read under the en template */
    {"id counts", {"1.686", "345", "2.044"}, 1, NULL, EN, ID, IKI_NUMWHY_WHOLE, 1, 10, 0, 0},
    {"id counts and total", {"1.686", "345"}, 1, "2.031", EN, ID, IKI_NUMWHY_TOTAL, 1, 20, 0,
     0},
    {"id: both marks", {"1.686", "1.234,5"}, 0, NULL, EN, ID, IKI_NUMWHY_SHAPE, 1, 11, 0, 0},
    {"id: decimal comma", {"12,5", "1.686"}, 0, NULL, EN, ID, IKI_NUMWHY_SHAPE, 1, 10, 0, 0},
    /* the template's own convention, decided the same way */
    {"id counts, id template", {"1.686", "345"}, 1, "2.031", ID, ID, IKI_NUMWHY_TOTAL, 1, 20,
     0, 0},
    /* no evidence: ratios of three decimals, no total */
    {"ratios", {"1,686", "2,044"}, 0, NULL, ID, ID, IKI_NUMWHY_NONE, 1, 0, 0, 0},
    {"ratios, en template", {"1,686", "2,044"}, 0, NULL, EN, EN, IKI_NUMWHY_NONE, 1, 0, 0, 0},
    /* "1,000" is whole either way: no evidence from a count */
    {"round thousands", {"1,000", "2,000"}, 1, NULL, ID, ID, IKI_NUMWHY_NONE, 1, 0, 0, 0},
    /* numbers typed as numbers add to the sums, nothing else */
    {"numbers and a text total", {"#686", "#345", "#244"}, 0, "1,275", ID, EN,
     IKI_NUMWHY_TOTAL, 1, 20, 0, 0},
    /* truly split: a decimal comma and a count that is whole only in English */
    {"split", {"1,5", "1,686"}, 1, NULL, ID, ID, IKI_NUMWHY_SPLIT, 1, 0, 10, 11},
    {"split, en template", {"1,5", "1,686"}, 1, NULL, EN, EN, IKI_NUMWHY_SPLIT, 1, 0, 10, 11},
    /* a decimal comma, yet the total agrees only with "1,686" as 1686 */
    {"split by the total", {"12,5", "1,686"}, 0, "1.698,5", ID, ID, IKI_NUMWHY_SPLIT, 1, 0,
     10, 20},
    {"split shapes", {"12,5", "1,234.5", "1,686"}, 0, NULL, ID, ID, IKI_NUMWHY_SPLIT, 1, 0,
     10, 11},
    /* nothing reads two ways: nothing to decide (the evidence still shows) */
    {"plain", {"1686", "12,5"}, 1, "1698,5", ID, ID, IKI_NUMWHY_SHAPE, 0, 11, 0, 0},
    {"empty", {NULL}, 1, NULL, ID, ID, IKI_NUMWHY_NONE, 0, 0, 0, 0},
};

static void column_conventions(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof columns / sizeof *columns; i++) {
        iki_numcol col;
        iki_numcol_init(&col);
        for (size_t k = 0; k < 8 && columns[i].cells[k]; k++) {
            const char *s = columns[i].cells[k];
            iki_cell c = {0, IKI_CELL_TEXT, 0, s, strlen(s)};
            if (s[0] == '#') {
                c.type = IKI_CELL_NUMBER;
                c.number = atof(s + 1);
                c.text = NULL;
                c.text_len = 0;
            }
            iki_numcol_add(&col, &c, columns[i].whole, (uint32_t)(10 + k));
        }
        if (columns[i].total) {
            iki_cell c = {0, IKI_CELL_TEXT, 0, columns[i].total, strlen(columns[i].total)};
            iki_numcol_add_total(&col, &c, 20);
        }
        iki_numdecision d = iki_numcol_decide(&col, columns[i].dflt);
        if (d.conv != columns[i].conv || d.why != columns[i].why ||
            d.needed != columns[i].needed)
            fail_msg("%s: conv %d why %d needed %d, expected %d %d %d", columns[i].name,
                     (int)d.conv, (int)d.why, d.needed, (int)columns[i].conv,
                     (int)columns[i].why, columns[i].needed);
        if (d.why == IKI_NUMWHY_SPLIT &&
            (d.row_id != columns[i].row_id || d.row_en != columns[i].row_en))
            fail_msg("%s: split rows %u/%u", columns[i].name, (unsigned)d.row_id,
                     (unsigned)d.row_en);
        if (d.why != IKI_NUMWHY_SPLIT && d.why != IKI_NUMWHY_NONE &&
            d.row != columns[i].row)
            fail_msg("%s: evidence row %u, expected %u", columns[i].name, (unsigned)d.row,
                     (unsigned)columns[i].row);
    }
    /* no more than IKI_NUMCOL_TOTALS total rows are weighed */
    iki_numcol col;
    iki_numcol_init(&col);
    iki_cell c = {0, IKI_CELL_TEXT, 0, "1,000", 5};
    for (uint32_t r = 0; r < IKI_NUMCOL_TOTALS + 3; r++)
        iki_numcol_add_total(&col, &c, r);
    assert_int_equal(col.ntotals, IKI_NUMCOL_TOTALS);
}
#undef ID
#undef EN

/* ---- yes-values -------------------------------------------------------------- */

static iki_cell text_cell(const char *s)
{
    iki_cell c = {0, IKI_CELL_TEXT, 0, s, strlen(s)};
    return c;
}


static void yes_values(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int yes;
    } texts[] = {
        {"Ya", 1},      {"ya", 1},           {" YA ", 1},   {"Y", 1},
        {"Sudah", 1},   {"\xE2\x9C\x93", 1}, {"\xE2\x88\x9A", 1}, {"1", 1},
        {"TRUE", 1},    {"Tidak", 0},        {"Belum", 0},  {"0", 0},
        {"", 0},        {"Yatim", 0},        {"T", 0},      {"-", 0},
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        iki_cell c = text_cell(texts[i].text);
        if (iki_cell_is_yes(&c, NULL) != texts[i].yes)
            fail_msg("'%s': expected %d", texts[i].text, texts[i].yes);
    }
    iki_cell b1 = {0, IKI_CELL_BOOL, 1, NULL, 0}, b0 = {0, IKI_CELL_BOOL, 0, NULL, 0};
    iki_cell n1 = {0, IKI_CELL_NUMBER, 1, NULL, 0}, n0 = {0, IKI_CELL_NUMBER, 0, NULL, 0};
    assert_true(iki_cell_is_yes(&b1, NULL));
    assert_false(iki_cell_is_yes(&b0, NULL));
    assert_true(iki_cell_is_yes(&n1, NULL));
    assert_false(iki_cell_is_yes(&n0, NULL));
    assert_false(iki_cell_is_yes(NULL, NULL));

    /* A field's own list replaces the default. */
    static const char *const own[] = {"Dipelihara", "Baik"};
    iki_strlist l;
    test_strlist_make(&l, own, 2);
    iki_cell c = text_cell("DIPELIHARA");
    assert_true(iki_cell_is_yes(&c, &l));
    c = text_cell("baik");
    assert_true(iki_cell_is_yes(&c, &l));
    c = text_cell("Ya");
    assert_false(iki_cell_is_yes(&c, &l));
    test_strlist_free(&l);
}

/* ---- areas and totals ---------------------------------------------------------- */

static const char *const kecamatan[] = {
    "Sreseh",     "Torjun",   "Pangarengan", "Sampang",       "Camplong",
    "Omben",      "Kedungdung", "Jrengik",   "Tambelangan",   "Banyuates",
    "Robatal",    "Karang Penang", "Ketapang", "Sokobanah",
};

static void area_template(iki_template *t, iki_area *areas)
{
    memset(t, 0, sizeof *t);
    for (size_t a = 0; a < 14; a++) {
        areas[a].name = (char *)kecamatan[a];
        if (strcmp(kecamatan[a], "Karang Penang") == 0) {
            static const char *const v[] = {"Karang Penang", "Karangpenang"};
            test_strlist_make(&areas[a].variants, v, 2);
        } else {
            test_strlist_make(&areas[a].variants, &kecamatan[a], 1);
        }
    }
    t->areas = areas;
    t->nareas = 14;
}

static void area_template_free(iki_template *t)
{
    for (size_t a = 0; a < t->nareas; a++)
        test_strlist_free(&t->areas[a].variants);
    test_strlist_free(&t->total_labels);
}

static void areas(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        const char *area; /* NULL: no match */
    } cases[] = {
        {"Kec. Karang Penang", "Karang Penang"},
        {"KARANGPENANG", "Karang Penang"},
        {"karang  penang", "Karang Penang"},
        {"Karang\xC2\xA0Penang", "Karang Penang"},
        {"KARANG PENANG ", "Karang Penang"},
        {"1. Sreseh", "Sreseh"},
        {"12 Ketapang", "Ketapang"},
        {"Kecamatan Sampang", "Sampang"},
        {"KEC SOKOBANAH", "Sokobanah"},
        {"kec.omben", "Omben"},
        {"Bangkalan", NULL},
        {"Jumlah", NULL},
        {"", NULL},
        {"Kecamatan", NULL},
        {"Sampang Barat", NULL},
    };
    iki_template t;
    iki_area ar[14];
    area_template(&t, ar);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        long a = iki_match_area(&t, cases[i].text, strlen(cases[i].text));
        const char *got = a >= 0 ? t.areas[a].name : NULL;
        if ((got == NULL) != (cases[i].area == NULL) ||
            (got && strcmp(got, cases[i].area) != 0))
            fail_msg("'%s': got %s, expected %s", cases[i].text, got ? got : "-",
                     cases[i].area ? cases[i].area : "-");
    }
    assert_int_equal(iki_match_area(NULL, "Sreseh", 6), -1);
    area_template_free(&t);
}

static const struct {
    const char *text;
    int total;
} total_cases[] = {
    {"JUMLAH", 1},        {"Jumlah", 1},         {"Jumlah Total", 1},
    {"Jml", 1},           {"JML.", 1},           {"TOTAL", 1},
    {"Total :", 1},       {" jumlah ", 1},       {"jumlah pmks", 0},
    {"Jumlah PMKS Ditangani", 0}, {"Sreseh", 0}, {"", 0},
    {"Sub Jumlah", 0},
};

static void total_labels(void **state)
{
    (void)state;
    /* The template's list ... */
    iki_template t;
    iki_area ar[14];
    area_template(&t, ar);
    static const char *const labels[] = {"JUMLAH", "TOTAL", "Jml", "Jumlah Total"};
    test_strlist_make(&t.total_labels, labels, 4);
    for (size_t i = 0; i < sizeof total_cases / sizeof *total_cases; i++)
        if (iki_is_total_label(&t, total_cases[i].text, strlen(total_cases[i].text)) !=
            total_cases[i].total)
            fail_msg("'%s': expected %d", total_cases[i].text, total_cases[i].total);
    /* ... and the built-in default when the template has none. */
    for (size_t i = 0; i < sizeof total_cases / sizeof *total_cases; i++)
        if (iki_is_total_label(NULL, total_cases[i].text, strlen(total_cases[i].text)) !=
            total_cases[i].total)
            fail_msg("default: '%s': expected %d", total_cases[i].text,
                     total_cases[i].total);
    /* a template list is the whole list */
    assert_false(iki_is_total_label(&t, "Grand Total", 11));
    assert_true(iki_is_total_label(NULL, "Grand Total", 11));
    area_template_free(&t);
}

/* ---- periods ---------------------------------------------------------------- */

static const struct {
    const char *text;
    int found;
    iki_period_kind kind;
    int year, index;
    const char *formatted;
    long end;
} periods[] = {
    {"Laporan Bulan Maret 2025", 1, IKI_PERIOD_MONTH, 2025, 3, "Maret 2025", 20250331},
    {"TW II 2025", 1, IKI_PERIOD_QUARTER, 2025, 2, "Triwulan II 2025", 20250630},
    {"Triwulan 2", 1, IKI_PERIOD_QUARTER, 0, 2, "Triwulan II", 630},
    {"LAPORAN TRIWULAN IV TAHUN 2024", 1, IKI_PERIOD_QUARTER, 2024, 4,
     "Triwulan IV 2024", 20241231},
    {"Semester I 2025", 1, IKI_PERIOD_SEMESTER, 2025, 1, "Semester I 2025", 20250630},
    {"semester 2 tahun 2025", 1, IKI_PERIOD_SEMESTER, 2025, 2, "Semester II 2025",
     20251231},
    {"2025-03", 1, IKI_PERIOD_MONTH, 2025, 3, "Maret 2025", 20250331},
    {"rekap_2024_02.xlsx", 1, IKI_PERIOD_MONTH, 2024, 2, "Februari 2024", 20240229},
    {"03/2025", 1, IKI_PERIOD_MONTH, 2025, 3, "Maret 2025", 20250331},
    {"Agt 2025", 1, IKI_PERIOD_MONTH, 2025, 8, "Agustus 2025", 20250831},
    {"Agu 2025", 1, IKI_PERIOD_MONTH, 2025, 8, "Agustus 2025", 20250831},
    {"Bulan Agu", 1, IKI_PERIOD_MONTH, 0, 8, "Agustus", 831},
    {"Okt 2025", 1, IKI_PERIOD_MONTH, 2025, 10, "Oktober 2025", 20251031},
    {"Des 2025", 1, IKI_PERIOD_MONTH, 2025, 12, "Desember 2025", 20251231},
    {"December 2024", 1, IKI_PERIOD_MONTH, 2024, 12, "Desember 2024", 20241231},
    {"MEI 2025", 1, IKI_PERIOD_MONTH, 2025, 5, "Mei 2025", 20250531},
    {"TAHUN 2025", 1, IKI_PERIOD_YEAR, 2025, 1, "2025", 20251231},
    {"pmks-tw4-2025.xlsx", 1, IKI_PERIOD_QUARTER, 2025, 4, "Triwulan IV 2025", 20251231},
    {"PMKS TW.III 2025.ods", 1, IKI_PERIOD_QUARTER, 2025, 3, "Triwulan III 2025",
     20250930},
    {"Rekap PMKS Juni 2025 (1).xlsx", 1, IKI_PERIOD_MONTH, 2025, 6, "Juni 2025",
     20250630},
    {"Triwulan I (Januari - Maret) 2025", 1, IKI_PERIOD_QUARTER, 2025, 1,
     "Triwulan I 2025", 20250331},
    {"Januari s/d Maret 2025", 1, IKI_PERIOD_QUARTER, 2025, 1, "Triwulan I 2025",
     20250331},
    {"Januari - Juni 2025", 1, IKI_PERIOD_SEMESTER, 2025, 1, "Semester I 2025",
     20250630},
    {"Januari s.d. Desember 2025", 1, IKI_PERIOD_YEAR, 2025, 1, "2025", 20251231},
    {"Rekapitulasi PMKS per Kecamatan", 0, IKI_PERIOD_NONE, 0, 0, "", 0},
    {"pmks.xlsx", 0, IKI_PERIOD_NONE, 0, 0, "", 0},
    {"Jumlah 1999", 0, IKI_PERIOD_NONE, 0, 0, "", 0},
    {"", 0, IKI_PERIOD_NONE, 0, 0, "", 0},
};

static void periods_in_text(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof periods / sizeof *periods; i++) {
        iki_period p;
        int found = iki_period_parse(periods[i].text, strlen(periods[i].text), &p);
        if (found != periods[i].found || p.kind != periods[i].kind ||
            p.year != periods[i].year || (found && p.index != periods[i].index))
            fail_msg("'%s': found %d kind %d year %d index %d", periods[i].text, found,
                     (int)p.kind, p.year, p.index);
        char buf[64];
        size_t n = iki_period_format(&p, buf, sizeof buf);
        assert_int_equal(n, strlen(buf));
        if (strcmp(buf, periods[i].formatted) != 0)
            fail_msg("'%s': formatted '%s'", periods[i].text, buf);
        if (iki_period_end(&p) != periods[i].end)
            fail_msg("'%s': end %ld", periods[i].text, iki_period_end(&p));
    }
    /* ordering of period ends is what "the latest period" uses */
    iki_period q3 = {IKI_PERIOD_QUARTER, 2025, 3}, m8 = {IKI_PERIOD_MONTH, 2025, 8};
    assert_true(iki_period_end(&q3) > iki_period_end(&m8));
    assert_int_equal(iki_period_end(NULL), 0);
    char small[6];
    assert_int_equal(iki_period_format(&q3, small, sizeof small), 17); /* "Triwulan III 2025" */
    assert_string_equal(small, "Triwu");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(numbers_as_text), cmocka_unit_test(cells_as_numbers),
        cmocka_unit_test(two_readings),    cmocka_unit_test(column_conventions),
        cmocka_unit_test(yes_values),      cmocka_unit_test(areas),
        cmocka_unit_test(total_labels),    cmocka_unit_test(periods_in_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
