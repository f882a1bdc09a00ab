/* Formulas saved without a cached result (src/readers/formula.c and
 * formula_sheet.c): the evaluator as tables (formula, cell values,
 * expected value or error), the moving of shared formulas and the reading
 * of OpenFormula as tables, then whole sheets through the xlsx reader
 * (scanner and expat paths): references forward and backward, shared
 * formulas, cycles, caps, cached values left alone. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "iki/dump.h"
#include "readers/formula.h"
#include "readers/internal.h"
#include "testutil.h"

/* ---- the evaluator ---------------------------------------------------------- */

/* The grid every formula of the table reads:
 *   A1 10   A2 20   A3 "5"   A4 "abc"   A5 TRUE   A6 #N/A   A7 (empty)
 *   B1 " 12 "   B2 2.5   B3 FALSE   C1 45306 (a date)   D1 unknown */
static void grid(void *ud, uint32_t row, uint32_t col, iki_fval *out)
{
    (void)ud;
    memset(out, 0, sizeof *out);
    out->type = IKI_FV_EMPTY;
#define NUM(v) (out->type = IKI_FV_NUMBER, out->num = (v))
#define TXT(t) (out->type = IKI_FV_TEXT, out->text = (t), out->len = strlen(t))
    if (col == 0) {
        switch (row) {
        case 0: NUM(10); break;
        case 1: NUM(20); break;
        case 2: TXT("5"); break;
        case 3: TXT("abc"); break;
        case 4: out->type = IKI_FV_BOOL, out->num = 1; break;
        case 5: out->type = IKI_FV_ERROR, out->text = "#N/A", out->len = 4; break;
        default: break;
        }
    } else if (col == 1) {
        if (row == 0)
            TXT(" 12 ");
        else if (row == 1)
            NUM(2.5);
        else if (row == 2)
            out->type = IKI_FV_BOOL, out->num = 0;
    } else if (col == 2 && row == 0) {
        NUM(45306);
    } else if (col == 3 && row == 0) {
        out->type = IKI_FV_UNKNOWN;
    }
#undef NUM
#undef TXT
}

typedef struct ecase {
    const char *formula;
    iki_fv_type type; /* IKI_FV_UNKNOWN with text NULL: does not compile */
    double num;
    const char *text; /* TEXT or ERROR */
} ecase;

#define N(f, v) {f, IKI_FV_NUMBER, v, NULL}
#define E(f, e) {f, IKI_FV_ERROR, 0, e}
#define T(f, t) {f, IKI_FV_TEXT, 0, t}
#define U(f) {f, IKI_FV_UNKNOWN, 0, "?"} /* compiles, value unknown */
#define NO(f) {f, IKI_FV_UNKNOWN, 0, NULL}

static const ecase ecases[] = {
    /* numbers, precedence, parentheses, unary minus, % */
    N("1+2*3", 7), N("(1+2)*3", 9), N("=1+1", 2), N(" 1 + 2 ", 3), N("10-4-3", 3),
    N("24/4/2", 3), N("-2*3", -6), N("--5", 5), N("+5", 5), N("-(1+2)", -3),
    N("50%", 0.5), N("A1%", 0.1), N(".5+1.5E1", 15.5), N("2*-3", -6), N("1-2", -1),
    N("((((7))))", 7), N("0.1+0.2", 0.1 + 0.2), N("1e3/1E+1", 100),
    /* references: relative, absolute, mixed, lower case */
    N("A1", 10), N("$A$1+A$2+$A2", 50), N("a1*b2", 25), N("C1+1", 45307),
    N("A2/A1", 2), N("A1-A2-A2", -30),
    /* an empty cell is 0 in arithmetic; a bare reference to it shows 0 */
    N("A7", 0), N("A7+1", 1), N("A7*5", 0), N("-A7", 0),
    /* text: a number in text is fine, other text is #VALUE!; a bare
     * reference gives the text itself */
    N("A3+1", 6), N("B1*2", 24), E("A4+1", "#VALUE!"), E("-A4", "#VALUE!"),
    T("A4", "abc"), T("A3", "5"),
    /* logical values count 1 and 0 in arithmetic */
    N("A5+1", 2), N("B3+1", 1),
    /* errors: propagated, the left one first */
    E("A6+1", "#N/A"), E("1+A6", "#N/A"), E("A6+A4", "#N/A"), E("A4+A6", "#VALUE!"),
    E("A1/0", "#DIV/0!"), E("A1/A7", "#DIV/0!"), E("A4/0", "#VALUE!"),
    E("1/0+A4", "#DIV/0!"), E("1E308*10", "#NUM!"), E("-(1/0)", "#DIV/0!"),
    /* SUM: numbers of cells and ranges; text, logical and empty ignored */
    N("SUM(A1:A2)", 30), N("sum(A1:A5)", 30), N("SUM(A2:A1)", 30), N("SUM(A1,A3)", 10),
    N("SUM(A1,A2,B2)", 32.5), N("SUM(A1:B2)", 32.5), N("SUM(A7)", 0),
    N("SUM(A1:A2)*2", 60), N("SUM(A1,A3+0)", 15), N("SUM(1,2)", 3), N("SUM(A1:A2)/SUM(A1)", 3),
    N("SUM(SUM(A1:A2),1)", 31), N("SUM( A1:A2 , 1 )", 31), N("SUM(B3:B3)", 0),
    N("SUM(C1)", 45306),
    E("SUM(A1:A7)", "#N/A"), E("SUM(A1,A4+0)", "#VALUE!"), E("SUM(A1,1/0)", "#DIV/0!"),
    /* unknown cells make unknown results, unless an error comes first */
    U("D1"), U("D1+1"), U("SUM(D1:D2)"), U("SUM(A1,D1)"), E("A6+D1", "#N/A"),
    /* outside the language: does not compile */
    NO("AVERAGE(A1:A2)"), NO("Sheet2!A1"), NO("'My sheet'!A1"), NO("A1:A2"), NO("A:A"),
    NO("SUM(A:A)"), NO("A1&A2"), NO("A1>2"), NO("\"x\""), NO("SUM()"), NO("1+"),
    NO("(1"), NO("1)"), NO("IF(A1,1,2)"), NO("TRUE"), NO("A1 A2"), NO("LOG10(A1)"),
    NO("XFE1"), NO("A0"), NO("A1048577"), NO("2^3"), NO(""), NO("="), NO("1A"),
    NO("SUM(A1:A2"), NO("Name1"), NO("#REF!+1"), NO("SUM(A1;A2)"),
    NO("(((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((1)))"
       ")))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))"),
};

static void evaluator_table(void **state)
{
    (void)state;
    iki_formula_env env = {NULL, grid, NULL};
    for (size_t i = 0; i < sizeof ecases / sizeof *ecases; i++) {
        const ecase *c = &ecases[i];
        iki_formula *f = NULL;
        int rc = iki_formula_compile(c->formula, strlen(c->formula), &f);
        if (c->type == IKI_FV_UNKNOWN && !c->text) {
            if (rc != 1)
                fail_msg("'%s' compiled (rc %d)", c->formula, rc);
            assert_null(f);
            continue;
        }
        if (rc != 0)
            fail_msg("'%s' did not compile (rc %d)", c->formula, rc);
        iki_fval v;
        iki_formula_eval(f, &env, &v);
        if (v.type != c->type)
            fail_msg("'%s': type %d, want %d", c->formula, (int)v.type, (int)c->type);
        if (c->type == IKI_FV_NUMBER && !(v.num == c->num))
            fail_msg("'%s': %.17g, want %.17g", c->formula, v.num, c->num);
        if ((c->type == IKI_FV_TEXT || c->type == IKI_FV_ERROR) &&
            (v.len != strlen(c->text) || memcmp(v.text, c->text, v.len) != 0))
            fail_msg("'%s': '%.*s', want '%s'", c->formula, (int)v.len, v.text, c->text);
        iki_formula_free(f);
    }
}

/* A range too large to walk cell by cell without the caller's SUM */
static void large_range_without_sum(void **state)
{
    (void)state;
    iki_formula *f = NULL;
    assert_int_equal(iki_formula_compile("SUM(A1:Z100000)", 15, &f), 0);
    iki_formula_env env = {NULL, grid, NULL};
    iki_fval v;
    iki_formula_eval(f, &env, &v);
    assert_int_equal(v.type, IKI_FV_UNKNOWN);
    size_t n;
    const iki_range *refs = iki_formula_refs(f, &n);
    assert_int_equal(n, 1);
    assert_true(refs[0].first_row == 0 && refs[0].last_row == 99999 && refs[0].last_col == 25);
    iki_formula_free(f);
}

/* ---- moving shared formulas, reading OpenFormula ------------------------------ */

typedef struct tcase {
    const char *in;
    long drow, dcol;
    const char *out;
} tcase;

static void shift_table(void **state)
{
    (void)state;
    static const tcase cases[] = {
        {"B5+C5", 1, 0, "B6+C6"},
        {"B5+C5", 0, 0, "B5+C5"},
        {"$B$5+B$5+$B5+B5", 2, 1, "$B$5+C$5+$B7+C7"},
        {"SUM(B2:B15)", 0, 1, "SUM(C2:C15)"},
        {"SUM(b2:b15)", 3, 0, "SUM(B5:B18)"},
        {"LOG10(A1)", 1, 0, "LOG10(A2)"},
        {"\"A1\"&A1", 1, 0, "\"A1\"&A2"},
        {"'Sheet A1'!A1", 1, 0, "'Sheet A1'!A2"},
        {"Sheet1!A1+1.5E3", 1, 0, "Sheet1!A2+1.5E3"},
        {"A1-1", -1, 0, "#REF!-1"},
        {"A1", 0, -1, "#REF!"},
        {"Z1", 0, 1, "AA1"},
        {"XFD1", 0, 1, "#REF!"},
        {"A1048576", 1, 0, "#REF!"},
        {"AB12*2", 10, 2, "AD22*2"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        iki_buf b = IKI_BUF_INIT;
        assert_int_equal(iki_formula_shift(cases[i].in, strlen(cases[i].in), cases[i].drow,
                                           cases[i].dcol, &b), 0);
        if (!b.data || strcmp(b.data, cases[i].out) != 0)
            fail_msg("shift '%s' by %ld,%ld: '%s', want '%s'", cases[i].in, cases[i].drow,
                     cases[i].dcol, b.data ? b.data : "", cases[i].out);
        iki_buf_free(&b);
    }
}

static void odf_table(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"of:=SUM([.B2:.B15])", "SUM(B2:B15)"},
        {"of:=[.A1]+[.$B$2]*2", "A1+$B$2*2"},
        {"of:=SUM([.A1];[.A2])", "SUM(A1,A2)"},
        {"of:=[Sheet2.A1]", "Sheet2!A1"},
        {"of:=[$Sheet2.A1:.B2]", "Sheet2!A1:B2"},
        {"of:=['My. sheet'.A1]", "'My. sheet'!A1"},
        {"oooc:=[.A1]", "A1"},
        {"msoxl:=SUM(A1:A2)", "SUM(A1:A2)"},
        {"of:=\"a;[b]\"&[.A1]", "\"a;[b]\"&A1"},
        {"=[.A1]", "A1"},
        {"of:=([.C4]-[.D4])/[.C4]", "(C4-D4)/C4"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        iki_buf b = IKI_BUF_INIT;
        assert_int_equal(iki_formula_from_odf(cases[i][0], strlen(cases[i][0]), &b), 0);
        if (!b.data || strcmp(b.data, cases[i][1]) != 0)
            fail_msg("'%s': '%s', want '%s'", cases[i][0], b.data ? b.data : "", cases[i][1]);
        iki_buf_free(&b);
    }
}

/* ---- whole sheets ------------------------------------------------------------- */

static const char WB[] =
    "<workbook xmlns:r=\"r\"><sheets><sheet name=\"A\" sheetId=\"1\" r:id=\"rId1\"/>"
    "</sheets></workbook>";
static const char RELS[] =
    "<Relationships><Relationship Id=\"rId1\" Type=\"x/worksheet\" "
    "Target=\"worksheets/s.xml\"/></Relationships>";

static int add(zip_t *z, const char *name, const char *d)
{
    zip_source_t *s = zip_source_buffer(z, d, strlen(d), 0);
    if (!s)
        return -1;
    if (zip_file_add(z, name, s, ZIP_FL_OVERWRITE) < 0) {
        zip_source_free(s);
        return -1;
    }
    return 0;
}

static unsigned char *make_xlsx(const char *rows, size_t *len)
{
    char *sheet = malloc(strlen(rows) + 200);
    assert_non_null(sheet);
    sprintf(sheet, "<worksheet><sheetData>%s</sheetData>"
                   "<mergeCells><mergeCell ref=\"A1:B1\"/></mergeCells></worksheet>", rows);
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t *buf = zip_source_buffer_create(NULL, 0, 0, &err);
    assert_non_null(buf);
    zip_source_keep(buf);
    zip_t *z = zip_open_from_source(buf, ZIP_TRUNCATE, &err);
    assert_non_null(z);
    assert_int_equal(add(z, "xl/workbook.xml", WB), 0);
    assert_int_equal(add(z, "xl/_rels/workbook.xml.rels", RELS), 0);
    assert_int_equal(add(z, "xl/worksheets/s.xml", sheet), 0);
    assert_int_equal(zip_close(z), 0);
    zip_stat_t st;
    assert_int_equal(zip_source_stat(buf, &st), 0);
    assert_int_equal(zip_source_open(buf), 0);
    unsigned char *mem = malloc((size_t)st.size);
    assert_non_null(mem);
    assert_int_equal(zip_source_read(buf, mem, st.size), (zip_int64_t)st.size);
    zip_source_close(buf);
    zip_source_free(buf);
    zip_error_fini(&err);
    free(sheet);
    *len = (size_t)st.size;
    return mem;
}

static int to_buf(void *ctx, const char *d, size_t n)
{
    return iki_buf_append(ctx, d, n);
}

/* The dump of the sheet on both xlsx paths (asserted equal), each read
 * twice (the second time after another sheet position: state is reset),
 * and the merges complete at the end. */
static char *dump_rows(const char *rows)
{
    size_t len;
    unsigned char *mem = make_xlsx(rows, &len);
    char *first = NULL;
    for (int expat = 0; expat < 2; expat++) {
        iki_xlsx_force_expat = expat;
        iki_reader *r = iki_reader_new(NULL);
        assert_non_null(r);
        assert_int_equal(iki_reader_open_memory(r, mem, len, "f.xlsx"), IKI_OK);
        for (int again = 0; again < 2; again++) {
            iki_buf b = IKI_BUF_INIT;
            assert_int_equal(iki_dump_sheet(r, 0, to_buf, &b), IKI_OK);
            size_t n;
            iki_reader_merges(r, &n);
            assert_int_equal(n, 1);
            char *s = strdup(b.data ? b.data : "");
            iki_buf_free(&b);
            if (!first)
                first = s;
            else {
                assert_string_equal(s, first);
                free(s);
            }
        }
        iki_reader_free(r);
    }
    iki_xlsx_force_expat = 0;
    free(mem);
    return first;
}

#define C(ref, inner) "<c r=\"" ref "\">" inner "</c>"
#define V(ref, v) C(ref, "<v>" v "</v>")
#define F(ref, f) C(ref, "<f>" f "</f>")
#define S(ref, t) "<c r=\"" ref "\" t=\"inlineStr\"><is><t>" t "</t></is></c>"

/* A JUMLAH row above the rows it sums, a column of later columns, a
 * reference to a formula cell that comes later still. */
static void forward_references(void **state)
{
    (void)state;
    char *s = dump_rows(
        "<row r=\"1\">" S("A1", "JUMLAH") F("B1", "SUM(B3:B5)") F("C1", "SUM(C3:C5)")
        F("D1", "D3+D4+D5") "</row>"
        "<row r=\"3\">" S("A3", "Sreseh") V("B3", "10") V("C3", "7") F("D3", "B3+C3") "</row>"
        "<row r=\"4\">" S("A4", "Torjun") V("B4", "5") V("C4", "2.5") F("D4", "B4+C4") "</row>"
        "<row r=\"5\">" S("A5", "Omben") F("B5", "E5*2") F("C5", "C3/B5") F("D5", "B5+C5")
        V("E5", "1") "</row>");
    assert_string_equal(s, "JUMLAH,17,13,30\n\n"
                           "Sreseh,10,7,17\n"
                           "Torjun,5,2.5,7.5\n"
                           "Omben,2,3.5,5.5,1\n");
    free(s);
}

/* Rows before the first formula are handed out once, as read. */
static void rows_before_the_first_formula(void **state)
{
    (void)state;
    char *s = dump_rows("<row r=\"1\">" V("A1", "1") "</row>"
                        "<row r=\"2\">" V("A2", "2") "</row>"
                        "<row r=\"3\">" F("A3", "SUM(A1:A2)+A4") "</row>"
                        "<row r=\"4\">" V("A4", "4") "</row>");
    assert_string_equal(s, "1\n2\n7\n4\n");
    free(s);
}

/* Shared formulas: followers take the master's text, moved. */
static void shared_formulas(void **state)
{
    (void)state;
    char *s = dump_rows(
        "<row r=\"2\">" V("A2", "1") V("B2", "2")
        C("C2", "<f t=\"shared\" ref=\"C2:C4\" si=\"0\">A2+B2*$A$2</f>")
        C("D2", "<f t=\"shared\" ref=\"D2:E2\" si=\"1\">SUM($A2:B2)</f><v></v>")
        C("E2", "<f t=\"shared\" si=\"1\"/>") "</row>"
        "<row r=\"3\">" V("A3", "3") V("B3", "4") C("C3", "<f t=\"shared\" si=\"0\"/>") "</row>"
        "<row r=\"4\">" V("A4", "5") V("B4", "6") C("C4", "<f t=\"shared\" si=\"0\"/>")
        C("D4", "<f t=\"shared\" si=\"7\"/>") "</row>");
    /* E2 = SUM($A2:C2) = 1+2+3; D4 follows a formula never defined */
    assert_string_equal(s, "\n1,2,3,3,6\n3,4,7\n5,6,11,=shared formula 7\n");
    free(s);
}

/* Cached values are never recomputed; an empty string result stays. */
static void cached_values_kept(void **state)
{
    (void)state;
    char *s = dump_rows("<row r=\"1\">" V("A1", "1")
                        C("B1", "<f>A1+1</f><v>5</v>")
                        "<c r=\"C1\" t=\"str\"><f>A1&amp;\"\"</f><v></v></c>"
                        C("D1", "<f>A1+1</f><v></v>") "</row>");
    assert_string_equal(s, "1,5,,2\n");
    free(s);
}

/* Cycles, unsupported formulas and what depends on them stay formulas;
 * errors are computed as errors. */
static void unknown_and_errors(void **state)
{
    (void)state;
    char *s = dump_rows(
        "<row r=\"1\">" F("A1", "B1+1") F("B1", "A1+1") F("C1", "C1") F("D1", "SUM(D1:D2)")
        "</row>"
        "<row r=\"2\">" F("A2", "VLOOKUP(1,E1:F9,2,0)") F("B2", "A2*2") F("C2", "Lain!A1")
        F("D2", "1/0") F("E2", "D2+1") F("F2", "SUM(F1,G2)") S("G2", "x") "</row>");
    assert_string_equal(s, "=B1+1,=A1+1,=C1,=SUM(D1:D2)\n"
                           "\"=VLOOKUP(1,E1:F9,2,0)\",=A2*2,=Lain!A1,#DIV/0!,#DIV/0!,0,x\n");
    free(s);
}

/* A chain of formulas, each reading the next row: deeper than the
 * evaluator follows at once, but computed in row order from the bottom
 * up only when it points backward; forward it is cut and stays unknown,
 * never wrong. */
static void long_chains(void **state)
{
    (void)state;
    iki_buf rows = IKI_BUF_INIT;
    for (int i = 1; i <= 600; i++) {
        if (i == 1)
            iki_buf_printf(&rows, "<row r=\"1\"><c r=\"A1\"><v>1</v></c>"
                                  "<c r=\"B1\"><f>B2+1</f></c></row>");
        else if (i == 600)
            iki_buf_printf(&rows, "<row r=\"600\"><c r=\"A600\"><f>A599+1</f></c>"
                                  "<c r=\"B600\"><v>1</v></c></row>");
        else
            iki_buf_printf(&rows, "<row r=\"%d\"><c r=\"A%d\"><f>A%d+1</f></c>"
                                  "<c r=\"B%d\"><f>B%d+1</f></c></row>",
                           i, i, i - 1, i, i + 1);
    }
    char *s = dump_rows(rows.data);
    /* backward: A600 = 600 */
    assert_non_null(strstr(s, "\n600,1\n"));
    /* forward, 599 deep from B1: cut, so B1 stays a formula */
    assert_int_equal(strncmp(s, "1,=B2+1\n", 8), 0);
    free(s);
    iki_buf_free(&rows);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(evaluator_table),
        cmocka_unit_test(large_range_without_sum),
        cmocka_unit_test(shift_table),
        cmocka_unit_test(odf_table),
        cmocka_unit_test(forward_references),
        cmocka_unit_test(rows_before_the_first_formula),
        cmocka_unit_test(shared_formulas),
        cmocka_unit_test(cached_values_kept),
        cmocka_unit_test(unknown_and_errors),
        cmocka_unit_test(long_chains),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
