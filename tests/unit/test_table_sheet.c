/* Recognising sheets: the workbooks of fixtures/table/ (made by its
 * make.sh) read through iki_table_read_sheet into the real collect stage,
 * against a small template built here by hand. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iki/collect.h"
#include "iki/diag.h"
#include "iki/table.h"
#include "iki/template.h"
#include "testutil.h"

/* ---- a hand-made template --------------------------------------------------- */

static void strlist_set(iki_strlist *l, const char *const *items)
{
    size_t n = 0;
    while (items && items[n])
        n++;
    test_strlist_make(l, items, n);
}

typedef struct fspec {
    const char *code, *title;
    const char *alias[3];
    iki_agg agg;
    const char *item; /* items layout */
    int required;
} fspec;

typedef struct sspec {
    const char *code;
    iki_layout layout;
    const char *key[3];
    fspec fields[6];
} sspec;

enum { PMKS, REHSOS, TMP, KELEMBAGAAN, KLA, NSOURCES };

static const sspec sources[NSOURCES] = {
    {"pmks", IKI_LAYOUT_AREAS, {"Kecamatan", NULL}, {
        {"jumlah", "Jumlah PMKS", {"Jumlah PMKS", NULL}, IKI_AGG_SUM, NULL, 1},
        {"ditangani", "PMKS Ditangani", {"PMKS Ditangani", NULL}, IKI_AGG_SUM, NULL, 1},
        {"rehsos", "PMKS Menerima Rehabilitasi Sosial",
         {"PMKS Menerima Rehabilitasi Sosial", NULL}, IKI_AGG_SUM, NULL, 0},
        {NULL, NULL, {NULL}, 0, NULL, 0}}},
    {"rehsos", IKI_LAYOUT_AREAS, {"Kecamatan", NULL}, {
        {"anak", "Anak Terlantar", {"Anak Terlantar", NULL}, IKI_AGG_SUM, NULL, 1},
        {"anak_rehab", "Anak Terlantar Direhabilitasi",
         {"Anak Terlantar Direhabilitasi", NULL}, IKI_AGG_SUM, NULL, 1},
        {"lansia", "Lanjut Usia Terlantar", {"Lanjut Usia Terlantar", NULL}, IKI_AGG_SUM,
         NULL, 1},
        {"lansia_rehab", "Lanjut Usia Terlantar Direhabilitasi",
         {"Lansia Terlantar Direhabilitasi", NULL}, IKI_AGG_SUM, NULL, 1},
        {NULL, NULL, {NULL}, 0, NULL, 0}}},
    {"tmp", IKI_LAYOUT_LIST, {"Nama TMP", NULL}, {
        {"jumlah", "Jumlah TMP", {NULL}, IKI_AGG_COUNT, NULL, 1},
        {"dipelihara", "Dipelihara", {"Dipelihara", NULL}, IKI_AGG_COUNT_IF, NULL, 1},
        {NULL, NULL, {NULL}, 0, NULL, 0}}},
    {"kelembagaan", IKI_LAYOUT_ITEMS, {"Uraian", NULL}, {
        {"org", "Organisasi Perempuan", {"Jumlah", NULL}, IKI_AGG_SUM,
         "Organisasi Perempuan", 1},
        {"org_dibina", "Organisasi Perempuan Dibina", {"Dibina", NULL}, IKI_AGG_SUM,
         "Organisasi Perempuan", 1},
        {"puha", "Kelembagaan PUHA", {"Jumlah", NULL}, IKI_AGG_SUM, "Kelembagaan PUHA", 1},
        {"puha_dibina", "Kelembagaan PUHA Dibina", {"Dibina", NULL}, IKI_AGG_SUM,
         "Kelembagaan PUHA", 1},
        {NULL, NULL, {NULL}, 0, NULL, 0}}},
    {"kla", IKI_LAYOUT_ITEMS, {"Uraian", NULL}, {
        {"skor", "Nilai Evaluasi KLA", {"Nilai", NULL}, IKI_AGG_SUM, "Nilai Evaluasi KLA", 1},
        {"predikat", "Predikat KLA", {"Nilai", NULL}, IKI_AGG_TEXT, "Predikat KLA", 0},
        {NULL, NULL, {NULL}, 0, NULL, 0}}},
};

static const char *const kecamatan[] = {
    "Sreseh",  "Torjun",     "Pangarengan", "Sampang",     "Camplong",
    "Omben",   "Kedungdung", "Jrengik",     "Tambelangan", "Banyuates",
    "Robatal", "Karang Penang", "Ketapang", "Sokobanah",
};
enum { SRESEH = 0, TORJUN = 1, OMBEN = 5, KARANG_PENANG = 11 };

static iki_template *template_make(void)
{
    iki_template *t = calloc(1, sizeof *t);
    assert_non_null(t);
    t->office.locale = strdup("id");
    t->nareas = 14;
    t->areas = calloc(14, sizeof *t->areas);
    assert_non_null(t->areas);
    for (size_t a = 0; a < 14; a++) {
        const char *v[] = {kecamatan[a], a == KARANG_PENANG ? "Karangpenang" : NULL, NULL};
        t->areas[a].name = strdup(kecamatan[a]);
        strlist_set(&t->areas[a].variants, v);
    }
    static const char *const totals[] = {"JUMLAH", "TOTAL", "Jml", "Jumlah Total", NULL};
    strlist_set(&t->total_labels, totals);
    static const char *const yes[] = {"Ya", "Y", "Sudah", "\xE2\x9C\x93", "\xE2\x88\x9A",
                                      "1", "TRUE", NULL};
    strlist_set(&t->yes_values, yes);
    t->nsources = NSOURCES;
    t->sources = calloc(NSOURCES, sizeof *t->sources);
    assert_non_null(t->sources);
    for (size_t s = 0; s < NSOURCES; s++) {
        iki_source *src = &t->sources[s];
        src->code = strdup(sources[s].code);
        src->layout = sources[s].layout;
        strlist_set(&src->key, sources[s].key);
        size_t nf = 0;
        while (sources[s].fields[nf].code)
            nf++;
        src->nfields = nf;
        src->fields = calloc(nf, sizeof *src->fields);
        assert_non_null(src->fields);
        for (size_t f = 0; f < nf; f++) {
            const fspec *fs = &sources[s].fields[f];
            iki_field *fd = &src->fields[f];
            fd->code = strdup(fs->code);
            fd->title = strdup(fs->title);
            strlist_set(&fd->aliases, fs->alias);
            fd->agg = fs->agg;
            const char *item[] = {fs->item, NULL};
            strlist_set(&fd->item, item);
            fd->required = fs->required;
        }
    }
    /* one percent indicator: pmks ditangani of jumlah, so both count
     * persons (whole numbers) */
    t->nindicators = 1;
    t->indicators = calloc(1, sizeof *t->indicators);
    assert_non_null(t->indicators);
    t->indicators[0].kind = IKI_KIND_PERCENT;
    for (int r = 0; r < IKI_ROLE_COUNT; r++)
        t->indicators[0].inputs[r].source = t->indicators[0].inputs[r].field = -1;
    t->indicators[0].inputs[IKI_ROLE_NUMERATOR].source = PMKS;
    t->indicators[0].inputs[IKI_ROLE_NUMERATOR].field = 1;
    t->indicators[0].inputs[IKI_ROLE_DENOMINATOR].source = PMKS;
    t->indicators[0].inputs[IKI_ROLE_DENOMINATOR].field = 0;
    return t;
}

static void template_destroy(iki_template *t)
{
    free(t->indicators);
    for (size_t a = 0; a < t->nareas; a++) {
        free(t->areas[a].name);
        test_strlist_free(&t->areas[a].variants);
    }
    free(t->areas);
    test_strlist_free(&t->total_labels);
    test_strlist_free(&t->yes_values);
    for (size_t s = 0; s < t->nsources; s++) {
        iki_source *src = &t->sources[s];
        for (size_t f = 0; f < src->nfields; f++) {
            free(src->fields[f].code);
            free(src->fields[f].title);
            test_strlist_free(&src->fields[f].aliases);
            test_strlist_free(&src->fields[f].item);
        }
        free(src->fields);
        free(src->code);
        test_strlist_free(&src->key);
        test_strlist_free(&src->file_globs);
        test_strlist_free(&src->sheet_globs);
    }
    free(t->sources);
    free(t->office.locale);
    free(t);
}

/* ---- running a sheet ------------------------------------------------------- */

typedef struct fx {
    iki_template *t;
    iki_collect *c;
    iki_diags *d;
    iki_reader *r;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    f->t = template_make();
    f->c = iki_collect_new(f->t);
    f->d = iki_diags_new();
    f->r = iki_reader_new(NULL);
    if (!f->c || !f->d || !f->r)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    iki_reader_free(f->r);
    iki_collect_free(f->c);
    iki_diags_free(f->d);
    template_destroy(f->t);
    free(f);
    return 0;
}

/* Read sheet `index` of fixtures/table/NAME into f->c. */
static iki_sheet_result read_sheet(fx *f, const char *name, size_t index,
                                   const iki_period *period)
{
    char rel[128];
    snprintf(rel, sizeof rel, "table/%s", name);
    iki_error e = iki_reader_open_path(f->r, fixture_path(rel));
    if (e != IKI_OK)
        fail_msg("%s: %s", name, iki_reader_message(f->r));
    iki_sheet_result res;
    e = iki_table_read_sheet(f->t, f->r, index, name, period, f->c, f->d, &res);
    if (e != IKI_OK)
        fail_msg("%s: %s (%s)", name, iki_strerror(e), iki_reader_message(f->r));
    return res;
}

static double number(fx *f, size_t source, const char *field)
{
    long fi = -1;
    const iki_source *s = &f->t->sources[source];
    for (size_t i = 0; i < s->nfields; i++)
        if (strcmp(s->fields[i].code, field) == 0)
            fi = (long)i;
    assert_true(fi >= 0);
    double v = -1;
    if (iki_collect_number(f->c, source, (size_t)fi, &v) != 0)
        fail_msg("%s.%s has no value", s->code, field);
    return v;
}

static int has_number(fx *f, size_t source, size_t field)
{
    double v;
    return iki_collect_number(f->c, source, field, &v) == 0;
}

/* The diagnostic with this severity, cell (NULL: none) and message part. */
static const iki_diag *find_diag(fx *f, iki_severity sev, const char *cell,
                                 const char *part)
{
    for (size_t i = 0; i < iki_diags_count(f->d); i++) {
        const iki_diag *g = iki_diags_get(f->d, i);
        if (g->severity != sev || !strstr(g->message, part))
            continue;
        if ((cell == NULL) != (g->cell == NULL) || (cell && strcmp(cell, g->cell) != 0))
            continue;
        return g;
    }
    return NULL;
}

static void dump_diags(fx *f)
{
    for (size_t i = 0; i < iki_diags_count(f->d); i++) {
        char buf[1024];
        iki_diag_format(iki_diags_get(f->d, i), buf, sizeof buf);
        print_message("  %s\n", buf);
    }
}

static void expect_diag(fx *f, iki_severity sev, const char *cell, const char *part)
{
    if (!find_diag(f, sev, cell, part)) {
        dump_diags(f);
        fail_msg("no %s at %s: '%s'", iki_severity_name(sev), cell ? cell : "-", part);
    }
}

static void expect_no_warnings(fx *f)
{
    if (iki_diags_count_at_least(f->d, IKI_SEV_WARNING) != 0) {
        dump_diags(f);
        fail_msg("unexpected warnings");
    }
}

/* ---- the tests ---------------------------------------------------------------- */

/* Title rows, a No column, one header row, a JUMLAH row that matches, a
 * signature block; the period from the title rows. */
static void one_row_header(void **state)
{
    fx *f = *state;
    iki_sheet_result res = read_sheet(f, "one-row.xlsx", 0, NULL);
    assert_int_equal(res.source, PMKS);
    assert_int_equal(res.header_row, 4);
    assert_int_equal(res.data_rows, 14);
    assert_int_equal(iki_collect_finish(f->c, f->d), 0);
    expect_no_warnings(f);
    assert_true(number(f, PMKS, "jumlah") == 1491.0); /* 100 + ... + 113 */
    assert_true(number(f, PMKS, "ditangani") == 791.0);  /* 50 + ... + 63 */
    double v = 0;
    assert_int_equal(iki_collect_area_number(f->c, PMKS, 0, KARANG_PENANG, &v), 0);
    assert_true(v == 111.0);
    assert_false(has_number(f, PMKS, 2)); /* the optional column is absent */
    assert_string_equal(iki_collect_periods(f->c, PMKS), "Triwulan II 2025");
    assert_string_equal(iki_collect_provenance(f->c, PMKS, 0),
                        "one-row.xlsx!PMKS!C6:C19");
}

/* A merged two-row header, a row of column numbers, numbers as text; the
 * same content written by openpyxl and converted by LibreOffice. */
static void two_row_header(void **state)
{
    static const char *const files[] = {"two-row.xlsx", "two-row.xls", "two-row.ods"};
    for (size_t i = 0; i < 3; i++) {
        teardown(state);
        assert_int_equal(setup(state), 0);
        fx *f = *state;
        iki_sheet_result res = read_sheet(f, files[i], 0, NULL);
        if (res.source != REHSOS)
            fail_msg("%s: source %ld: %s", files[i], res.source, res.why);
        assert_int_equal(res.header_row, 3);
        assert_int_equal(res.data_rows, 3);
        assert_int_equal(iki_collect_finish(f->c, f->d), 0);
        expect_no_warnings(f);
        assert_true(number(f, REHSOS, "anak") == 1284.0);       /* "1.234" + 20 + 30 */
        assert_true(number(f, REHSOS, "anak_rehab") == 1035.0);
        assert_true(number(f, REHSOS, "lansia") == 25.0);       /* 10 + "15" + 0 */
        assert_true(number(f, REHSOS, "lansia_rehab") == 15.0); /* "-" + "15" + 0 */
        double v = 0;
        assert_int_equal(iki_collect_area_number(f->c, REHSOS, 0, OMBEN, &v), 0);
        assert_true(v == 30.0);
        assert_string_equal(iki_collect_periods(f->c, REHSOS), "Maret 2025");
    }
}

/* Columns in another order with an extra column; a JUMLAH row at the top
 * that does not match; text in a number cell; unknown and repeated
 * kecamatan; an empty cell; the period given by the file name. */
static void reordered_with_problems(void **state)
{
    fx *f = *state;
    iki_period tw1 = {IKI_PERIOD_QUARTER, 2025, 1};
    iki_sheet_result res = read_sheet(f, "reordered.xlsx", 0, &tw1);
    assert_int_equal(res.source, PMKS);
    assert_int_equal(res.header_row, 2);
    assert_int_equal(iki_collect_finish(f->c, f->d), 0);
    /* Sreseh 1000 + Torjun 500 + Karangpenang 249 + Sreseh again 0 */
    assert_true(number(f, PMKS, "jumlah") == 1749.0);
    assert_true(number(f, PMKS, "ditangani") == 4.0);
    double v = 0;
    assert_int_equal(iki_collect_area_number(f->c, PMKS, 0, SRESEH, &v), 0);
    assert_true(v == 1000.0);
    expect_diag(f, IKI_SEV_WARNING, "D4", "total row says 1750, the rows add up to 1749");
    expect_diag(f, IKI_SEV_WARNING, "B4", "total row says 7, the rows add up to 4");
    expect_diag(f, IKI_SEV_WARNING, "B6", "text in a number cell");
    expect_diag(f, IKI_SEV_WARNING, "C7", "unknown kecamatan 'Bangkalan'");
    expect_diag(f, IKI_SEV_WARNING, "C9", "appears again");
    expect_diag(f, IKI_SEV_INFO, NULL, "1 empty cells read as 0");
    assert_int_equal(iki_diags_count_at_least(f->d, IKI_SEV_WARNING), 5);
    assert_string_equal(iki_collect_periods(f->c, PMKS), "Triwulan I 2025");
    /* every diagnostic names the file and the sheet */
    const iki_diag *g = find_diag(f, IKI_SEV_WARNING, "C7", "unknown");
    assert_string_equal(g->file, "reordered.xlsx");
    assert_string_equal(g->sheet, "Data PMKS 2025");
}

/* A list: count and count_if; the JUMLAH row and the signature block are
 * no records; no cell text in diagnostics. */
static void list_layout(void **state)
{
    fx *f = *state;
    iki_sheet_result res = read_sheet(f, "list.xlsx", 0, NULL);
    assert_int_equal(res.source, TMP);
    assert_int_equal(res.data_rows, 5);
    assert_int_equal(iki_collect_finish(f->c, f->d), 0);
    expect_no_warnings(f);
    assert_true(number(f, TMP, "jumlah") == 5.0);
    assert_true(number(f, TMP, "dipelihara") == 3.0); /* Ya, ✓, 1 */
    assert_string_equal(iki_collect_periods(f->c, TMP), "2025");

    /* The template loader gives a count field the key's aliases: the count
     * shares the key column and the sheet is still this source. */
    teardown(state);
    assert_int_equal(setup(state), 0);
    f = *state;
    static const char *const key[] = {"Nama TMP", NULL};
    test_strlist_free(&f->t->sources[TMP].fields[0].aliases);
    strlist_set(&f->t->sources[TMP].fields[0].aliases, key);
    res = read_sheet(f, "list.xlsx", 0, NULL);
    assert_int_equal(res.source, TMP);
    assert_int_equal(iki_collect_finish(f->c, f->d), 0);
    assert_true(number(f, TMP, "jumlah") == 5.0);
    assert_true(number(f, TMP, "dipelihara") == 3.0);
}

/* Items: labels pick fields, each reads its own value column; a text field. */
static void items_layout(void **state)
{
    fx *f = *state;
    iki_sheet_result res = read_sheet(f, "items.xlsx", 0, NULL);
    assert_int_equal(res.source, KELEMBAGAAN);
    assert_int_equal(res.data_rows, 2);
    res = read_sheet(f, "items.xlsx", 1, NULL);
    assert_int_equal(res.source, KLA);
    assert_int_equal(iki_collect_finish(f->c, f->d), 0);
    expect_no_warnings(f);
    assert_true(number(f, KELEMBAGAAN, "org") == 12.0);
    assert_true(number(f, KELEMBAGAAN, "org_dibina") == 9.0);
    assert_true(number(f, KELEMBAGAAN, "puha") == 8.0);
    assert_true(number(f, KELEMBAGAAN, "puha_dibina") == 8.0);
    assert_true(number(f, KLA, "skor") == 655.5);
    assert_string_equal(iki_collect_text(f->c, KLA, 1), "Madya");
    assert_string_equal(iki_collect_periods(f->c, KELEMBAGAAN), "Semester I 2025");
}

/* A near miss names the missing column and the closest header; a sheet
 * that is no form says so. */
static void near_miss_and_no_form(void **state)
{
    fx *f = *state;
    iki_sheet_result res = read_sheet(f, "misc.xlsx", 0, NULL);
    assert_int_equal(res.source, -1);
    assert_non_null(strstr(res.why, "'PMKS Ditangani' is missing"));
    assert_non_null(strstr(res.why, "did you mean 'Pmks Ditangan'?"));
    expect_diag(f, IKI_SEV_WARNING, NULL, "did you mean 'Pmks Ditangan'?");
    const iki_diag *g = find_diag(f, IKI_SEV_WARNING, NULL, "did you mean");
    assert_string_equal(g->sheet, "Hampir");

    res = read_sheet(f, "misc.xlsx", 1, NULL);
    assert_int_equal(res.source, -1);
    assert_string_equal(res.why, "no form recognised (no known column headers)");
    assert_int_equal(iki_diags_count(f->d), 1); /* only the near miss */
    /* nothing reached the collector */
    assert_int_equal(iki_collect_finish(f->c, f->d), 0);
    assert_false(has_number(f, PMKS, 0));
}

/* File-name and sheet-name globs restrict a source. */
/* Numbers as text in another locale's convention: CSV text read from
 * memory, each column decided by its evidence (jumlah and ditangani count
 * persons: the template's percent indicator divides them). */
static const struct {
    const char *name;
    const char *locale; /* the template's */
    const char *csv;
    double jumlah, ditangani, rehsos; /* rehsos < 0: not read */
    size_t ndiags;      /* how many diagnostics */
    iki_severity sev;   /* one of them: */
    const char *cell, *part, *part_id;
} conventions[] = {
    {"English export, id template", "id",
     "Kecamatan;Jumlah PMKS;PMKS Ditangani\n"
     "Sreseh;1,686;1,200\nTorjun;345;300\nOmben;2,044;1,500\nJUMLAH;4,075;3,000\n",
     4075, 3000, -1, 2, IKI_SEV_INFO, "B2:B5",
     "numbers in column 'Jumlah PMKS' read the English way (1,234.5): only so does "
     "the total in B5 agree",
     "angka di kolom 'Jumlah PMKS' dibaca cara Inggris (1,234.5): hanya dengan cara "
     "itu jumlah di B5 cocok"},
    {"the same in Indonesian", "id",
     "Kecamatan;Jumlah PMKS;PMKS Ditangani\n"
     "Sreseh;1.686;1.200\nTorjun;345;300\nOmben;2.044;1.500\nJUMLAH;4.075;3.000\n",
     4075, 3000, -1, 0, IKI_SEV_INFO, NULL, NULL, NULL},
    {"no total: the counts decide", "id",
     "Kecamatan;Jumlah PMKS;PMKS Ditangani\nSreseh;1,686;1,200\nTorjun;345;300\n",
     2031, 1500, -1, 2, IKI_SEV_INFO, "C2:C3",
     "numbers in column 'PMKS Ditangani' read the English way (1,234.5): they count "
     "persons or cases, and C2 is whole only so",
     "angka di kolom 'PMKS Ditangani' dibaca cara Inggris (1,234.5): isinya "
     "menghitung orang atau kasus, dan C2 hanya bulat dengan cara itu"},
    {"mirror: Indonesian export, en template", "en",
     "Kecamatan;Jumlah PMKS;PMKS Ditangani\n"
     "Sreseh;1.686;1.200\nTorjun;345;300\nOmben;2.044;1.500\nJUMLAH;4.075;3.000\n",
     4075, 3000, -1, 2, IKI_SEV_INFO, "C2:C5",
     "numbers in column 'PMKS Ditangani' read the Indonesian way (1.234,5): only so "
     "does the total in C5 agree",
     "angka di kolom 'PMKS Ditangani' dibaca cara Indonesia (1.234,5): hanya dengan "
     "cara itu jumlah di C5 cocok"},
    {"a column without evidence follows the sheet", "id",
     "Kecamatan;Jumlah PMKS;PMKS Ditangani;PMKS Menerima Rehabilitasi Sosial\n"
     "Sreseh;1,686;1,200;1,250\nTorjun;345;300;7\n",
     2031, 1500, 1257, 3, IKI_SEV_INFO, "D2:D3",
     "numbers in column 'PMKS Menerima Rehabilitasi Sosial' read the English way "
     "(1,234.5), as the sheet's other columns",
     "angka di kolom 'PMKS Menerima Rehabilitasi Sosial' dibaca cara Inggris "
     "(1,234.5), seperti kolom lain di lembar ini"},
    {"split: the template's locale, a warning", "id",
     "Kecamatan;Jumlah PMKS;PMKS Ditangani\nSreseh;1,5;3\nTorjun;1,686;5\n",
     1.5 + 1.686, 8, -1, 1, IKI_SEV_WARNING, "B2:B3",
     "numbers in column 'Jumlah PMKS' are written both ways (B3 the English way, B2 "
     "the Indonesian way): read the template's way, Indonesian (1.234,5)",
     "angka di kolom 'Jumlah PMKS' ditulis dengan dua cara (B3 cara Inggris, B2 cara "
     "Indonesia): dibaca cara templat, Indonesia (1.234,5)"},
    {"unambiguous cells need no decision", "id",
     "Kecamatan;Jumlah PMKS;PMKS Ditangani\nSreseh;1,234.5;1.200,5\nTorjun;12,760,000;7\n",
     12761234.5, 1207.5, -1, 0, IKI_SEV_INFO, NULL, NULL, NULL},
};

static void conventions_per_column(void **state)
{
    for (size_t i = 0; i < sizeof conventions / sizeof *conventions; i++) {
        teardown(state);
        assert_int_equal(setup(state), 0);
        fx *f = *state;
        free(f->t->office.locale);
        f->t->office.locale = strdup(conventions[i].locale);
        const char *csv = conventions[i].csv;
        assert_int_equal(iki_reader_open_memory(f->r, csv, strlen(csv), "pmks.csv"), IKI_OK);
        iki_sheet_result res;
        assert_int_equal(
            iki_table_read_sheet(f->t, f->r, 0, "pmks.csv", NULL, f->c, f->d, &res), IKI_OK);
        if (res.source != PMKS)
            fail_msg("%s: not recognised: %s", conventions[i].name, res.why);
        assert_int_equal(iki_collect_finish(f->c, f->d), 0);
        double j = number(f, PMKS, "jumlah"), d = number(f, PMKS, "ditangani");
        if (fabs(j - conventions[i].jumlah) > 1e-9 || fabs(d - conventions[i].ditangani) > 1e-9)
            fail_msg("%s: jumlah %.17g ditangani %.17g", conventions[i].name, j, d);
        if (conventions[i].rehsos >= 0 && number(f, PMKS, "rehsos") != conventions[i].rehsos)
            fail_msg("%s: rehsos %.17g", conventions[i].name, number(f, PMKS, "rehsos"));
        if (iki_diags_count(f->d) != conventions[i].ndiags) {
            dump_diags(f);
            fail_msg("%s: %zu diagnostics, expected %zu", conventions[i].name,
                     iki_diags_count(f->d), conventions[i].ndiags);
        }
        if (!conventions[i].part)
            continue;
        const iki_diag *g = find_diag(f, conventions[i].sev, conventions[i].cell,
                                      conventions[i].part);
        if (!g || strcmp(g->message, conventions[i].part) != 0 ||
            strcmp(g->message_id, conventions[i].part_id) != 0 ||
            strcmp(g->file, "pmks.csv") != 0) {
            dump_diags(f);
            fail_msg("%s: not as expected (Indonesian: '%s')", conventions[i].name,
                     g ? g->message_id : "-");
        }
    }
}

/* Memory stays bounded: at most 65536 values wait for their column's
 * decision; the next one decides on the evidence so far (the counts are
 * whole only as English) and the rest is read as decided, so a later
 * "1,5" (a decimal comma) no longer splits the column. */
static void conventions_bounded(void **state)
{
    fx *f = *state;
    const size_t n = 65537;
    const char head[] = "Kecamatan;Jumlah PMKS;PMKS Ditangani\n";
    const char row[] = "Sreseh;1,500;7\n";
    const char last[] = "Torjun;1,5;7\n";
    size_t len = strlen(head) + n * strlen(row) + strlen(last);
    char *csv = malloc(len + 1), *p = csv;
    assert_non_null(csv);
    p += sprintf(p, "%s", head);
    for (size_t i = 0; i < n; i++)
        p += sprintf(p, "%s", row);
    sprintf(p, "%s", last);
    assert_int_equal(iki_reader_open_memory(f->r, csv, len, "pmks.csv"), IKI_OK);
    iki_sheet_result res;
    assert_int_equal(iki_table_read_sheet(f->t, f->r, 0, "pmks.csv", NULL, f->c, f->d, &res),
                     IKI_OK);
    assert_int_equal(res.source, PMKS);
    assert_int_equal(iki_collect_finish(f->c, f->d), 0);
    assert_true(number(f, PMKS, "jumlah") == 1500.0 * (double)n + 1.5);
    assert_true(number(f, PMKS, "ditangani") == 7.0 * (double)(n + 1));
    expect_diag(f, IKI_SEV_INFO, "B2:B65538",
                "numbers in column 'Jumlah PMKS' read the English way (1,234.5): they "
                "count persons or cases, and B2 is whole only so");
    size_t infos = 0;
    for (size_t i = 0; i < iki_diags_count(f->d); i++)
        infos += iki_diags_get(f->d, i)->severity == IKI_SEV_INFO;
    assert_int_equal(infos, 1);
    assert_null(find_diag(f, IKI_SEV_WARNING, "B2:B65539", "written both ways"));
    free(csv);
}

static void globs(void **state)
{
    fx *f = *state;
    static const char *const pmks_glob[] = {"PMKS*", NULL};
    static const char *const sheet_glob[] = {"rekap*", NULL};
    test_strlist_free(&f->t->sources[PMKS].file_globs);
    strlist_set(&f->t->sources[PMKS].file_globs, pmks_glob);
    iki_sheet_result res = read_sheet(f, "one-row.xlsx", 0, NULL);
    assert_int_equal(res.source, -1);
    assert_non_null(strstr(res.why, "no form recognised"));
    test_strlist_free(&f->t->sources[PMKS].file_globs);
    static const char *const one_glob[] = {"ONE-*.xlsx", NULL}; /* case-insensitive */
    strlist_set(&f->t->sources[PMKS].file_globs, one_glob);
    test_strlist_free(&f->t->sources[PMKS].sheet_globs);
    strlist_set(&f->t->sources[PMKS].sheet_globs, sheet_glob);
    res = read_sheet(f, "one-row.xlsx", 0, NULL);
    assert_int_equal(res.source, -1);
    test_strlist_free(&f->t->sources[PMKS].sheet_globs);
    res = read_sheet(f, "one-row.xlsx", 0, NULL);
    assert_int_equal(res.source, PMKS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(one_row_header, setup, teardown),
        cmocka_unit_test_setup_teardown(two_row_header, setup, teardown),
        cmocka_unit_test_setup_teardown(reordered_with_problems, setup, teardown),
        cmocka_unit_test_setup_teardown(list_layout, setup, teardown),
        cmocka_unit_test_setup_teardown(items_layout, setup, teardown),
        cmocka_unit_test_setup_teardown(near_miss_and_no_form, setup, teardown),
        cmocka_unit_test_setup_teardown(globs, setup, teardown),
        cmocka_unit_test_setup_teardown(conventions_per_column, setup, teardown),
        cmocka_unit_test_setup_teardown(conventions_bounded, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
