/* The readers agree across formats: one logical workbook saved by
 * LibreOffice (xls, xlsx, ods, csv), Gnumeric (ods), openpyxl and
 * libxlsxwriter (xlsx, normal and constant-memory) dumps as one expected
 * text (fixtures/reader/expected.txt; fixtures/reader/make.sh says how each
 * file was made and why a variant has its own expected text). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iki/dump.h"
#include "testutil.h"

typedef struct variant {
    const char *file;      /* under fixtures/reader/ */
    iki_format format;
    const char *expected;  /* expected dump, under fixtures/reader/ */
    int one_sheet;         /* CSV: only the first sheet, no types */
    int error_typed;       /* the producer stores =1/0 as an error cell */
    int total_cached;      /* the JUMLAH totals have values (cached or
                              computed by iki: formulas without results) */
} variant;

static const variant variants[] = {
    {"pmks-libreoffice.xls", IKI_FORMAT_XLS, "expected.txt", 0, 1, 1},
    {"pmks-libreoffice.xlsx", IKI_FORMAT_XLSX, "expected.txt", 0, 1, 1},
    {"pmks-libreoffice.ods", IKI_FORMAT_ODS, "expected.txt", 0, 1, 1},
    {"pmks-libreoffice.csv", IKI_FORMAT_CSV, "expected.txt", 1, 0, 1},
    /* Gnumeric writes the error as a string result of the formula */
    {"pmks-gnumeric.ods", IKI_FORMAT_ODS, "expected.txt", 0, 0, 1},
    {"pmks-openpyxl.xlsx", IKI_FORMAT_XLSX, "expected.txt", 0, 1, 1},
    /* formulas without cached values: iki computes them as Excel does */
    {"pmks-openpyxl-formulas.xlsx", IKI_FORMAT_XLSX, "expected.txt", 0, 1, 1},
    /* libxlsxwriter writes a formula's string result as t="str" */
    {"pmks-xlsxwriter.xlsx", IKI_FORMAT_XLSX, "expected.txt", 0, 0, 1},
    {"pmks-xlsxwriter-constmem.xlsx", IKI_FORMAT_XLSX, "expected.txt", 0, 0, 1},
};
#define NVARIANTS (sizeof variants / sizeof *variants)

static char *reader_fixture(const char *name)
{
    char rel[256];
    snprintf(rel, sizeof rel, "reader/%s", name);
    return (char *)fixture_path(rel);
}

static char *load_text(const char *name)
{
    size_t n;
    char *s = (char *)read_file(reader_fixture(name), &n);
    assert_non_null(s);
    char *z = realloc(s, n + 1);
    assert_non_null(z);
    z[n] = '\0';
    return z;
}

/* The part of an expected dump after "## SHEET\n", up to the next "## ". */
static char *section(const char *all, const char *sheet)
{
    char head[128];
    snprintf(head, sizeof head, "## %s\n", sheet);
    const char *p = strstr(all, head);
    assert_non_null(p);
    p += strlen(head);
    const char *end = p;
    while (*end && strncmp(end, "## ", 3) != 0) {
        const char *nl = strchr(end, '\n');
        end = nl ? nl + 1 : end + strlen(end);
    }
    char *out = malloc((size_t)(end - p) + 1);
    assert_non_null(out);
    memcpy(out, p, (size_t)(end - p));
    out[end - p] = '\0';
    return out;
}

static iki_reader *open_variant(const variant *v)
{
    iki_reader *r = iki_reader_new(NULL);
    assert_non_null(r);
    const char *path = reader_fixture(v->file);
    iki_error e = iki_reader_open_path(r, path);
    if (e != IKI_OK)
        fail_msg("%s: %s (%s)", v->file, iki_strerror(e), iki_reader_message(r));
    assert_int_equal(iki_reader_format(r), v->format);
    return r;
}

static void check_sheets(const variant *v, const iki_reader *r)
{
    if (v->one_sheet) {
        assert_int_equal(iki_reader_sheet_count(r), 1);
        return;
    }
    assert_int_equal(iki_reader_sheet_count(r), 3);
    assert_string_equal(iki_reader_sheet(r, 0)->name, "PMKS 2024");
    assert_string_equal(iki_reader_sheet(r, 1)->name, "Lampiran");
    assert_string_equal(iki_reader_sheet(r, 2)->name, "Catatan");
    assert_int_equal(iki_reader_sheet(r, 0)->visibility, IKI_SHEET_VISIBLE);
    assert_int_equal(iki_reader_sheet(r, 1)->visibility, IKI_SHEET_HIDDEN);
    assert_int_equal(iki_reader_sheet(r, 2)->visibility, IKI_SHEET_VISIBLE);
    assert_null(iki_reader_sheet(r, 3));
    assert_int_equal(iki_reader_find_sheet(r, "Lampiran"), 1);
    assert_int_equal(iki_reader_find_sheet(r, "lampiran"), -1);
}

static char *expected_dump(const variant *v)
{
    char *all = load_text(v->expected);
    if (!v->one_sheet)
        return all;
    char *first = section(all, "PMKS 2024");
    free(all);
    return first;
}

static char *actual_dump(const variant *v, iki_reader *r)
{
    iki_error e = IKI_OK;
    char *got = v->one_sheet ? dump_sheet(r, 0, &e) : dump_workbook(r, &e);
    if (!got)
        fail_msg("%s: %s (%s)", v->file, iki_strerror(e), iki_reader_message(r));
    return got;
}

/* dump_workbook() of the file equals the expected text. */
static void dumps_as_expected(void **state)
{
    const variant *v = *state;
    iki_reader *r = open_variant(v);
    check_sheets(v, r);
    char *want = expected_dump(v);
    char *got = actual_dump(v, r);
    assert_string_equal(got, want);
    free(got);
    free(want);
    iki_reader_free(r);
}

/* The same bytes from memory, under a name whose extension says nothing:
 * the content alone chooses the format. */
static void dumps_from_memory(void **state)
{
    const variant *v = *state;
    size_t n;
    unsigned char *bytes = read_file(reader_fixture(v->file), &n);
    assert_non_null(bytes);
    iki_reader *r = iki_reader_new(NULL);
    assert_non_null(r);
    iki_error e = iki_reader_open_memory(r, bytes, n, "upload.dat");
    if (e != IKI_OK)
        fail_msg("%s from memory: %s", v->file, iki_reader_message(r));
    assert_int_equal(iki_reader_format(r), v->format);
    char *want = expected_dump(v);
    char *got = actual_dump(v, r);
    assert_string_equal(got, want);
    free(got);
    free(want);
    iki_reader_free(r);
    free(bytes);
}

/* Sheets open in any order, and reopening gives the same rows. */
static void sheets_in_any_order(void **state)
{
    const variant *v = *state;
    if (v->one_sheet)
        skip();
    iki_reader *r = open_variant(v);
    char *all = load_text(v->expected);
    static const char *names[] = {"Catatan", "PMKS 2024", "Lampiran",
                                  "PMKS 2024"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        long idx = iki_reader_find_sheet(r, names[i]);
        assert_true(idx >= 0);
        iki_error e;
        char *got = dump_sheet(r, (size_t)idx, &e);
        if (!got)
            fail_msg("%s: %s", v->file, iki_reader_message(r));
        char *want = section(all, names[i]);
        assert_string_equal(got, want);
        free(want);
        free(got);
    }
    /* stop half-way through a sheet, then open another */
    const iki_row *row;
    assert_int_equal(iki_reader_open_sheet(r, 0), IKI_OK);
    assert_int_equal(iki_reader_next_row(r, &row), IKI_OK);
    assert_non_null(row);
    assert_int_equal(row->row, 0);
    char *got = dump_sheet(r, 2, NULL);
    assert_non_null(got);
    char *want = section(all, "Catatan");
    assert_string_equal(got, want);
    free(want);
    free(got);
    assert_int_equal(iki_reader_open_sheet(r, 3), IKI_ERROR_NO_SUCH_SHEET);
    free(all);
    iki_reader_free(r);
}

static const iki_cell *cell_at(const iki_row *row, uint32_t col)
{
    for (size_t i = 0; i < row->ncells; i++)
        if (row->cells[i].col == col)
            return &row->cells[i];
    return NULL;
}

/* Types behind the text: numbers, dates, booleans, errors; the title merge
 * A1:G1 once the sheet has been read to its end. */
static void types_and_merges(void **state)
{
    const variant *v = *state;
    if (v->one_sheet)
        skip(); /* CSV: values are text, no merges */
    iki_reader *r = open_variant(v);
    assert_int_equal(iki_reader_open_sheet(r, 0), IKI_OK);
    const iki_row *row;
    int seen_sampang = 0, seen_total = 0;
    uint32_t last = 0;
    int first = 1;
    while (iki_reader_next_row(r, &row) == IKI_OK && row) {
        assert_true(first || row->row > last);
        first = 0;
        last = row->row;
        assert_true(row->ncells > 0);
        for (size_t i = 1; i < row->ncells; i++)
            assert_true(row->cells[i].col > row->cells[i - 1].col);
        if (row->row == 0) {
            assert_int_equal(row->ncells, 1); /* merged title: A1 only */
            assert_int_equal(row->cells[0].type, IKI_CELL_TEXT);
        }
        if (row->row == 6) { /* 4, Sampang, 310, 275, datetime, TRUE, text */
            seen_sampang = 1;
            static const iki_cell_type t[7] = {
                IKI_CELL_NUMBER, IKI_CELL_TEXT, IKI_CELL_NUMBER, IKI_CELL_NUMBER,
                IKI_CELL_DATE, IKI_CELL_BOOL, IKI_CELL_TEXT};
            assert_int_equal(row->ncells, 7);
            for (uint32_t c = 0; c < 7; c++) {
                assert_int_equal(row->cells[c].col, c);
                assert_int_equal(row->cells[c].type, t[c]);
            }
            assert_true(row->cells[4].number > 45352.573 &&
                        row->cells[4].number < 45352.574);
            assert_true(row->cells[5].number == 1);
            assert_string_equal(row->cells[6].text, "Data kota\nbelum final");
            assert_int_equal(row->cells[6].text_len, strlen(row->cells[6].text));
        }
        if (row->row == 5) { /* 12.5 */
            const iki_cell *d = cell_at(row, 3);
            assert_non_null(d);
            assert_int_equal(d->type, IKI_CELL_NUMBER);
            assert_true(d->number == 12.5);
        }
        if (row->row == 17) { /* JUMLAH */
            seen_total = 1;
            const iki_cell *c = cell_at(row, 2), *g = cell_at(row, 6);
            if (v->total_cached) {
                assert_non_null(c);
                assert_int_equal(c->type, IKI_CELL_NUMBER);
                assert_true(c->number == 1749);
                assert_non_null(g);
                assert_string_equal(g->text, "#DIV/0!");
                if (v->error_typed)
                    assert_int_equal(g->type, IKI_CELL_ERROR);
            } else {
                assert_null(c);
                assert_null(g);
            }
        }
    }
    assert_true(seen_sampang);
    assert_true(seen_total);
    assert_string_equal(iki_reader_message(r), "");
    size_t n = 99;
    const iki_range *m = iki_reader_merges(r, &n);
    assert_int_equal(n, 1);
    assert_non_null(m);
    assert_int_equal(m[0].first_row, 0);
    assert_int_equal(m[0].first_col, 0);
    assert_int_equal(m[0].last_row, 0);
    assert_int_equal(m[0].last_col, 6);
    /* another sheet has no merges */
    char *s = dump_sheet(r, 2, NULL);
    assert_non_null(s);
    free(s);
    iki_reader_merges(r, &n);
    assert_int_equal(n, 0);
    iki_reader_free(r);
}

int main(void)
{
    static const struct {
        const char *name;
        CMUnitTestFunction fn;
    } checks[] = {
        {"dumps_as_expected", dumps_as_expected},
        {"dumps_from_memory", dumps_from_memory},
        {"sheets_in_any_order", sheets_in_any_order},
        {"types_and_merges", types_and_merges},
    };
    enum { NCHECKS = sizeof checks / sizeof *checks };
    static char names[NCHECKS][NVARIANTS][96];
    struct CMUnitTest tests[NCHECKS * NVARIANTS];
    size_t n = 0;
    for (size_t c = 0; c < NCHECKS; c++)
        for (size_t v = 0; v < NVARIANTS; v++) {
            snprintf(names[c][v], sizeof names[c][v], "%s(%s)", checks[c].name,
                     variants[v].file);
            tests[n++] = (struct CMUnitTest){names[c][v], checks[c].fn, NULL,
                                             NULL, (void *)&variants[v]};
        }
    return _cmocka_run_group_tests("formats", tests, n, NULL, NULL);
}
