/* The .ods reader: value types, text markup, repeats, merges, sheets,
 * memory vs path, chunk boundaries, and hostile files.  Fixtures are made
 * by fixtures/ods/make.sh; small documents are also built here in memory
 * (libzip) from a content.xml string. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>

#include "iki/dump.h"
#include "testutil.h"

/* ---- helpers ------------------------------------------------------------- */
static iki_reader *open_fixture(const char *name)
{
    char rel[256];
    snprintf(rel, sizeof rel, "ods/%s", name);
    iki_reader *r = iki_reader_new(NULL);
    assert_non_null(r);
    iki_error e = iki_reader_open_path(r, fixture_path(rel));
    if (e != IKI_OK)
        fail_msg("%s: %s", name, iki_reader_message(r));
    assert_int_equal(iki_reader_format(r), IKI_FORMAT_ODS);
    return r;
}

static char *dump_fixture_sheet(const char *name, size_t sheet)
{
    iki_reader *r = open_fixture(name);
    iki_error e;
    char *s = dump_sheet(r, sheet, &e);
    if (!s)
        fail_msg("%s: %s", name, iki_reader_message(r));
    iki_reader_free(r);
    return s;
}

/* An .ods in memory: mimetype stored first, then content.xml. */
static unsigned char *make_ods(const char *content, size_t *size)
{
    char path[] = "/tmp/iki-test-ods-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    int err = 0;
    zip_t *z = zip_open(path, ZIP_TRUNCATE, &err);
    assert_non_null(z);
    static const char mt[] = "application/vnd.oasis.opendocument.spreadsheet";
    zip_source_t *s1 = zip_source_buffer(z, mt, strlen(mt), 0);
    zip_int64_t i1 = zip_file_add(z, "mimetype", s1, 0);
    assert_true(i1 >= 0);
    zip_set_file_compression(z, (zip_uint64_t)i1, ZIP_CM_STORE, 0);
    zip_source_t *s2 = zip_source_buffer(z, content, strlen(content), 0);
    assert_true(zip_file_add(z, "content.xml", s2, 0) >= 0);
    assert_int_equal(zip_close(z), 0);
    unsigned char *data = read_file(path, size);
    unlink(path);
    assert_non_null(data);
    return data;
}

#define NS                                                                     \
    "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "       \
    "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "         \
    "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "           \
    "xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" "         \
    "xmlns:calcext=\"urn:org:documentfoundation:names:experimental:calc:"     \
    "xmlns:calcext:1.0\""
#define DOC(body)                                                              \
    "<?xml version=\"1.0\"?>\n<office:document-content " NS ">\n"             \
    "<office:body><office:spreadsheet><table:table table:name=\"S\">\n" body   \
    "\n</table:table></office:spreadsheet></office:body>"                     \
    "</office:document-content>"

/* Open content (one sheet) from memory with limits (NULL = default) and
 * dump sheet 0; on error returns NULL, *err the code, msg the message. */
static char *dump_content(const char *content, const iki_limits *lim,
                          iki_error *err, char *msg, size_t msgcap)
{
    size_t size;
    unsigned char *data = make_ods(content, &size);
    iki_reader *r = iki_reader_new(lim);
    assert_non_null(r);
    char *out = NULL;
    *err = iki_reader_open_memory(r, data, size, "mem.ods");
    if (*err == IKI_OK)
        out = dump_sheet(r, 0, err);
    if (msg)
        snprintf(msg, msgcap, "%s", iki_reader_message(r));
    iki_reader_free(r);
    free(data);
    return out;
}

static void expect_dump(const char *content, const char *want)
{
    iki_error e;
    char msg[1024];
    char *got = dump_content(content, NULL, &e, msg, sizeof msg);
    if (!got)
        fail_msg("error %d: %s", (int)e, msg);
    assert_string_equal(got, want);
    free(got);
}

static void expect_error(const char *content, const iki_limits *lim,
                         iki_error want, const char *msg_part)
{
    iki_error e;
    char msg[1024];
    char *got = dump_content(content, lim, &e, msg, sizeof msg);
    if (got)
        fail_msg("expected error %d, got dump:\n%s", (int)want, got);
    assert_int_equal(e, want);
    if (!strstr(msg, msg_part))
        fail_msg("message '%s' lacks '%s'", msg, msg_part);
}

/* ---- value types --------------------------------------------------------- */
static void every_value_type(void **state)
{
    (void)state;
    iki_reader *r = open_fixture("types.ods");
    assert_int_equal(iki_reader_sheet_count(r), 1);
    assert_string_equal(iki_reader_sheet(r, 0)->name, "Jenis");
    assert_int_equal(iki_reader_open_sheet(r, 0), IKI_OK);
    const iki_row *row;
    assert_int_equal(iki_reader_next_row(r, &row), IKI_OK);
    assert_non_null(row);
    assert_int_equal(row->row, 0);
    assert_int_equal(iki_reader_next_row(r, &row), IKI_OK);
    assert_non_null(row);
    assert_int_equal(row->row, 1);
    assert_int_equal(row->ncells, 11);
    static const struct {
        iki_cell_type type;
        double number;
        const char *text;
    } want[] = {
        {IKI_CELL_NUMBER, 1234.5, NULL},  {IKI_CELL_NUMBER, 0.25, NULL},
        {IKI_CELL_NUMBER, 15000, NULL},   {IKI_CELL_DATE, 45306, NULL},
        {IKI_CELL_DATE, 45351.573263888888, NULL},
        {IKI_CELL_DATE, 0.4375, NULL},    {IKI_CELL_BOOL, 1, NULL},
        {IKI_CELL_BOOL, 0, NULL},         {IKI_CELL_TEXT, 0, "Sampang"},
        {IKI_CELL_ERROR, 0, "#DIV/0!"},   {IKI_CELL_NUMBER, 1237.5, NULL},
    };
    for (size_t i = 0; i < 11; i++) {
        const iki_cell *c = &row->cells[i];
        assert_int_equal(c->col, i);
        assert_int_equal(c->type, want[i].type);
        if (want[i].text) {
            assert_string_equal(c->text, want[i].text);
            assert_int_equal(c->text_len, strlen(want[i].text));
        } else {
            assert_true(fabs(c->number - want[i].number) < 1e-9);
            assert_null(c->text);
        }
    }
    iki_reader_free(r);

    char *s = dump_fixture_sheet("types.ods", 0);
    assert_string_equal(
        s, "angka,persen,uang,tanggal,waktu,jam,benar,salah,teks,galat,jumlah\n"
           "1234.5,0.25,15000,2024-01-15,2024-02-29T13:45:30,10:30:00,TRUE,FALSE,"
           "Sampang,#DIV/0!,1237.5\n"
           "-0.1,1E+20,,,Rp 1.000\n"
           "\n"
           "a   b,dua  spasi ,\"satu\ndua\",tebal sekali,situs,isi,"
           "\"koma, \"\"kutip\"\"\"\n"
           "1,,,,5,x,x,x\n");
    free(s);
}

static void gnumeric_reads_like_libreoffice(void **state)
{
    (void)state;
    char *a = dump_fixture_sheet("types.ods", 0);
    char *b = dump_fixture_sheet("gnumeric.ods", 0);
    assert_string_equal(a, b);
    free(a);
    free(b);
    /* Gnumeric's error is a string cell with a formula: still an error */
    iki_reader *r = open_fixture("gnumeric.ods");
    assert_int_equal(iki_reader_open_sheet(r, 0), IKI_OK);
    const iki_row *row;
    assert_int_equal(iki_reader_next_row(r, &row), IKI_OK);
    assert_int_equal(iki_reader_next_row(r, &row), IKI_OK);
    assert_int_equal(row->cells[9].type, IKI_CELL_ERROR);
    assert_string_equal(row->cells[9].text, "#DIV/0!");
    iki_reader_free(r);
}

static void value_fallbacks(void **state)
{
    (void)state;
    expect_dump(DOC("<table:table-row>"
                    /* calcext error wins over the string-value LO writes */
                    "<table:table-cell office:value-type=\"string\" "
                    "office:string-value=\"\" calcext:value-type=\"error\">"
                    "<text:p>#N/A</text:p></table:table-cell>"
                    /* bad values fall back to the text shown */
                    "<table:table-cell office:value-type=\"float\" "
                    "office:value=\"abc\"><text:p>x1</text:p></table:table-cell>"
                    "<table:table-cell office:value-type=\"date\" "
                    "office:date-value=\"2024-13-45\"><text:p>x2</text:p></table:table-cell>"
                    "<table:table-cell office:value-type=\"boolean\" "
                    "office:boolean-value=\"maybe\"><text:p>x3</text:p></table:table-cell>"
                    "<table:table-cell office:value-type=\"time\" "
                    "office:time-value=\"PT\"/>"
                    /* string-value wins over the paragraphs */
                    "<table:table-cell office:value-type=\"string\" "
                    "office:string-value=\"sv\"><text:p>shown</text:p></table:table-cell>"
                    /* empty string cell and unknown type */
                    "<table:table-cell office:value-type=\"string\"/>"
                    "<table:table-cell office:value-type=\"void\"><text:p>v</text:p>"
                    "</table:table-cell>"
                    "<table:table-cell office:value-type=\"percentage\" "
                    "office:value=\"1.5\"/>"
                    "<table:table-cell office:value-type=\"date\" "
                    "office:date-value=\"1900-02-28T06:00:00\"/>"
                    "</table:table-row>"),
                "#N/A,x1,x2,x3,,sv,,v,1.5,1900-02-28T06:00:00\n");
}

/* ---- text ---------------------------------------------------------------- */
static void text_markup(void **state)
{
    (void)state;
    char *s = dump_fixture_sheet("prefixes.ods", 0);
    char want[4096];
    char spaces[1025];
    memset(spaces, ' ', 1024);
    spaces[1024] = '\0';
    snprintf(want, sizeof want,
             "nilai,luar,gabung,,tanpa jenis,\"a\tb\nc %s\nd \"\n2.5\n", spaces);
    assert_string_equal(s, want);
    free(s);
    expect_dump(DOC("<table:table-row><table:table-cell office:value-type=\"string\">"
                    "<text:p>  lead\n\tand  trail  </text:p></table:table-cell>"
                    "<table:table-cell><office:annotation><text:p>no</text:p>"
                    "</office:annotation></table:table-cell>"
                    "<table:table-cell><text:p/><text:p/></table:table-cell>"
                    "<table:table-cell><text:h>judul</text:h><text:p><text:span>"
                    "a<text:span>b</text:span></text:span><text:s text:c=\"0\"/>"
                    "<text:s text:c=\"-3\"/>c</text:p></table:table-cell>"
                    "</table:table-row>"),
                " lead and trail ,,\"\n\",\"judul\nab  c\"\n");
}

/* CPU-time bounds are for a plain build: under valgrind (IKI_VALGRIND set,
 * as for the end-to-end scripts) they take 30 times as long, under a
 * sanitizer 10 times (tests/e2e/lib/common.sh, time_factor). */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_UNDEFINED__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(undefined_behavior_sanitizer)
#define SANITIZED 1
#endif
#endif
static double cpu_bound(double plain)
{
    const char *vg = getenv("IKI_VALGRIND");
    if (vg && *vg)
        return plain * 30;
#ifdef SANITIZED
    return plain * 10;
#else
    return plain;
#endif
}

/* ---- repeats ------------------------------------------------------------- */
static void column_and_row_repeats(void **state)
{
    (void)state;
    clock_t t0 = clock();
    iki_reader *r = open_fixture("prefixes.ods");
    assert_int_equal(iki_reader_sheet_count(r), 3);
    /* sheet 'Kosong': 1,048,576 empty rows x 16,384 empty columns */
    iki_error e;
    char *s = dump_sheet(r, 2, &e);
    assert_non_null(s);
    assert_string_equal(s, "");
    free(s);
    iki_reader_free(r);
    assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < cpu_bound(1.0));

    expect_dump(DOC("<table:table-row table:number-rows-repeated=\"2\">"
                    "<table:table-cell table:number-columns-repeated=\"3\"/>"
                    "</table:table-row>"
                    "<table:table-row><table:table-cell "
                    "table:number-columns-repeated=\"2\" office:value-type=\"float\" "
                    "office:value=\"4\"/><table:covered-table-cell "
                    "table:number-columns-repeated=\"2\"/><table:table-cell "
                    "office:value-type=\"float\" office:value=\"5\"/></table:table-row>"
                    "<table:table-row table:number-rows-repeated=\"3\"><table:table-cell "
                    "table:number-columns-repeated=\"zz\" office:value-type=\"string\">"
                    "<text:p>r</text:p></table:table-cell></table:table-row>"
                    "<table:table-row table:number-rows-repeated=\"0\"><table:table-cell "
                    "office:value-type=\"float\" office:value=\"1\"/></table:table-row>"),
                "\n\n4,4,,,5\nr\nr\nr\n1\n");
}

static void content_row_repeated_lazily(void **state)
{
    (void)state;
    clock_t t0 = clock();
    iki_reader *r = open_fixture("repeat_cap.ods");
    assert_int_equal(iki_reader_open_sheet(r, 0), IKI_OK);
    const iki_row *row;
    uint32_t n = 0;
    while (iki_reader_next_row(r, &row) == IKI_OK && row) {
        if (row->row != n || row->ncells != 2 ||
            row->cells[0].type != IKI_CELL_NUMBER ||
            row->cells[1].type != IKI_CELL_TEXT || strcmp(row->cells[1].text, "ya"))
            fail_msg("row %u is wrong", (unsigned)n);
        n++;
    }
    assert_int_equal(n, 1048576);
    assert_string_equal(iki_reader_message(r), "");
    /* the end stays the end */
    assert_int_equal(iki_reader_next_row(r, &row), IKI_OK);
    assert_null(row);
    iki_reader_free(r);
    assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < cpu_bound(10.0));
}

static void repeat_past_the_cap(void **state)
{
    (void)state;
    iki_reader *r = open_fixture("repeat_bomb.ods");
    assert_int_equal(iki_reader_open_sheet(r, 0), IKI_OK);
    const iki_row *row;
    assert_int_equal(iki_reader_next_row(r, &row), IKI_OK);
    assert_non_null(row); /* the row before the bomb */
    assert_int_equal(iki_reader_next_row(r, &row), IKI_ERROR_LIMIT);
    assert_null(row);
    assert_non_null(strstr(iki_reader_message(r), "sheet 'Bom'"));
    assert_non_null(strstr(iki_reader_message(r), "repeated 1048577 times"));
    /* failed stays failed */
    assert_int_not_equal(iki_reader_next_row(r, &row), IKI_OK);
    iki_reader_free(r);

    r = open_fixture("wide_bomb.ods");
    iki_error e;
    assert_null(dump_sheet(r, 0, &e));
    assert_int_equal(e, IKI_ERROR_LIMIT);
    assert_non_null(strstr(iki_reader_message(r), "past column 16384"));
    iki_reader_free(r);
}

static void limits_apply(void **state)
{
    (void)state;
    iki_limits lim;
    iki_limits_default(&lim);
    lim.max_cols = 4;
    lim.max_rows = 10;
    lim.max_cell_bytes = 8;
    /* empty columns past the cap are fine, content is not */
    iki_error e;
    char *s = dump_content(DOC("<table:table-row><table:table-cell office:value-type="
                               "\"float\" office:value=\"1\"/><table:table-cell "
                               "table:number-columns-repeated=\"100\"/></table:table-row>"
                               "<table:table-row table:number-rows-repeated=\"100\">"
                               "<table:table-cell/></table:table-row>"),
                           &lim, &e, NULL, 0);
    assert_non_null(s);
    assert_string_equal(s, "1\n");
    free(s);
    expect_error(DOC("<table:table-row><table:table-cell table:number-columns-repeated="
                     "\"3\"/><table:table-cell table:number-columns-repeated=\"2\" "
                     "office:value-type=\"float\" office:value=\"1\"/></table:table-row>"),
                 &lim, IKI_ERROR_LIMIT, "past column 4");
    expect_error(DOC("<table:table-row table:number-rows-repeated=\"9\"><table:table-cell/>"
                     "</table:table-row><table:table-row table:number-rows-repeated=\"2\">"
                     "<table:table-cell office:value-type=\"float\" office:value=\"1\"/>"
                     "</table:table-row>"),
                 &lim, IKI_ERROR_LIMIT, "runs past the limit of 10 rows");
    expect_error(DOC("<table:table-row><table:table-cell><text:p>123456789</text:p>"
                     "</table:table-cell></table:table-row>"),
                 &lim, IKI_ERROR_LIMIT, "longer than 8 bytes");
    /* absurd numbers saturate instead of overflowing */
    expect_dump(DOC("<table:table-row table:number-rows-repeated=\"99999999999999999999999\">"
                    "<table:table-cell table:number-columns-repeated=\"18446744073709551617\"/>"
                    "</table:table-row>"),
                "");
}

/* ---- sheets and merges --------------------------------------------------- */
static void sheets_hidden_and_merges(void **state)
{
    (void)state;
    iki_reader *r = open_fixture("sheets.ods");
    assert_int_equal(iki_reader_sheet_count(r), 3);
    assert_string_equal(iki_reader_sheet(r, 0)->name, "Ringkasan");
    assert_string_equal(iki_reader_sheet(r, 1)->name, "Rahasia");
    assert_string_equal(iki_reader_sheet(r, 2)->name, "Data Desa");
    assert_int_equal(iki_reader_sheet(r, 0)->visibility, IKI_SHEET_VISIBLE);
    assert_int_equal(iki_reader_sheet(r, 1)->visibility, IKI_SHEET_HIDDEN);
    assert_int_equal(iki_reader_sheet(r, 2)->visibility, IKI_SHEET_VISIBLE);
    assert_int_equal(iki_reader_find_sheet(r, "Data Desa"), 2);

    /* any order: last sheet first, then the first */
    iki_error e;
    char *s = dump_sheet(r, 2, &e);
    assert_non_null(s);
    assert_string_equal(s, "no,nama\n7,sama\n7,sama\n7,sama\n7,sama\n7,sama\n"
                           "\n\n\n\n\n\n\n\n\n\n,,,akhir\n");
    free(s);
    size_t n;
    iki_reader_merges(r, &n);
    assert_int_equal(n, 0);
    s = dump_sheet(r, 0, &e);
    assert_non_null(s);
    assert_string_equal(s, "Judul\nKiri,1\n,2\n");
    free(s);
    const iki_range *m = iki_reader_merges(r, &n);
    assert_int_equal(n, 2);
    assert_true(m[0].first_row == 0 && m[0].first_col == 0 && m[0].last_row == 0 &&
                m[0].last_col == 2);
    assert_true(m[1].first_row == 1 && m[1].first_col == 0 && m[1].last_row == 2 &&
                m[1].last_col == 0);
    s = dump_sheet(r, 1, &e);
    assert_string_equal(s, "rahasia\n");
    free(s);
    assert_int_equal(iki_reader_open_sheet(r, 3), IKI_ERROR_NO_SUCH_SHEET);
    iki_reader_free(r);

    /* prefixes.ods: hidden style written with other prefixes; the nested
     * table inside a cell is neither a sheet nor rows */
    r = open_fixture("prefixes.ods");
    assert_string_equal(iki_reader_sheet(r, 0)->name, "Awalan");
    assert_string_equal(iki_reader_sheet(r, 1)->name, "Tersembunyi");
    assert_string_equal(iki_reader_sheet(r, 2)->name, "Kosong");
    assert_int_equal(iki_reader_sheet(r, 0)->visibility, IKI_SHEET_VISIBLE);
    assert_int_equal(iki_reader_sheet(r, 1)->visibility, IKI_SHEET_HIDDEN);
    s = dump_sheet(r, 0, &e);
    assert_non_null(s);
    free(s);
    m = iki_reader_merges(r, &n);
    assert_int_equal(n, 1);
    assert_true(m[0].first_row == 0 && m[0].first_col == 2 && m[0].last_row == 0 &&
                m[0].last_col == 3);
    iki_reader_free(r);

    /* merges on a repeated row: one per copy; spans in empty rows count */
    size_t size;
    unsigned char *data = make_ods(DOC(
        "<table:table-row table:number-rows-repeated=\"3\"><table:table-cell "
        "table:number-columns-spanned=\"2\" office:value-type=\"float\" "
        "office:value=\"1\"/><table:covered-table-cell/></table:table-row>"
        "<table:table-row table:number-rows-repeated=\"2\"><table:table-cell "
        "table:number-rows-spanned=\"99999999999\"/></table:table-row>"), &size);
    r = iki_reader_new(NULL);
    assert_int_equal(iki_reader_open_memory(r, data, size, NULL), IKI_OK);
    s = dump_sheet(r, 0, &e);
    assert_string_equal(s, "1\n1\n1\n");
    free(s);
    m = iki_reader_merges(r, &n);
    assert_int_equal(n, 5);
    for (uint32_t i = 0; i < 3; i++)
        assert_true(m[i].first_row == i && m[i].last_row == i && m[i].first_col == 0 &&
                    m[i].last_col == 1);
    assert_true(m[3].first_row == 3 && m[3].last_row == 1048575);
    assert_true(m[4].first_row == 4 && m[4].last_row == 1048575);
    iki_reader_free(r);
    free(data);
}

/* ---- sources and chunks -------------------------------------------------- */
static void memory_equals_path(void **state)
{
    (void)state;
    static const char *const files[] = {"types.ods", "sheets.ods", "bigrows.ods",
                                        "prefixes.ods", "gnumeric.ods"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char rel[256];
        snprintf(rel, sizeof rel, "ods/%s", files[i]);
        const char *path = fixture_path(rel);
        iki_error e;
        char *a = dump_path_all(path, &e);
        assert_non_null(a);
        size_t size;
        unsigned char *data = read_file(path, &size);
        assert_non_null(data);
        iki_reader *r = iki_reader_new(NULL);
        assert_int_equal(iki_reader_open_memory(r, data, size, files[i]), IKI_OK);
        char *b = dump_workbook(r, &e);
        assert_non_null(b);
        assert_string_equal(a, b);
        free(a);
        free(b);
        iki_reader_free(r);
        free(data);
    }
}

static void rows_across_chunk_boundaries(void **state)
{
    (void)state;
    iki_buf want = IKI_BUF_INIT;
    for (int i = 0; i < 150; i++) {
        for (int j = 0; j < 4; j++) {
            iki_buf_printf(&want, "r%dc%d-", i, j);
            for (int k = 0; k < 20; k++)
                iki_buf_append_str(&want, "abcdefghij");
            iki_buf_append_char(&want, ',');
        }
        iki_buf_printf(&want, "%d\n", i);
    }
    char *s = dump_fixture_sheet("bigrows.ods", 0);
    assert_string_equal(s, want.data);
    free(s);
    iki_buf_free(&want);
}

/* ---- hostile ------------------------------------------------------------- */
static void doctype_refused(void **state)
{
    (void)state;
    iki_reader *r = iki_reader_new(NULL);
    assert_int_equal(iki_reader_open_path(r, fixture_path("ods/doctype.ods")),
                     IKI_ERROR_XML);
    assert_non_null(strstr(iki_reader_message(r), "DOCTYPE not allowed"));
    assert_int_equal(iki_reader_sheet_count(r), 0);
    iki_reader_free(r);
}

static void bad_xml(void **state)
{
    (void)state;
    size_t size;
    unsigned char *data = make_ods("<?xml version=\"1.0\"?>\n<a>\n<b></a>", &size);
    iki_reader *r = iki_reader_new(NULL);
    assert_int_equal(iki_reader_open_memory(r, data, size, "bad.ods"), IKI_ERROR_XML);
    assert_string_equal(iki_reader_message(r),
                        "bad.ods: content.xml: XML error at line 3: mismatched tag");
    free(data);
    /* well-formed but no spreadsheet */
    data = make_ods("<?xml version=\"1.0\"?><office:document-content " NS
                    "><office:body><office:text/></office:body>"
                    "</office:document-content>", &size);
    assert_int_equal(iki_reader_open_memory(r, data, size, "text.ods"), IKI_ERROR_CORRUPT);
    free(data);
    /* an undeclared prefix is an XML error, not a crash */
    data = make_ods("<?xml version=\"1.0\"?><x:doc/>", &size);
    assert_int_equal(iki_reader_open_memory(r, data, size, "ns.ods"), IKI_ERROR_XML);
    free(data);
    /* internal DOCTYPE without entities is refused too */
    data = make_ods("<?xml version=\"1.0\"?><!DOCTYPE a><a/>", &size);
    assert_int_equal(iki_reader_open_memory(r, data, size, "dt.ods"), IKI_ERROR_XML);
    free(data);
    iki_reader_free(r);
    /* a broken sheet: open() has streamed all of content.xml already */
    expect_error(DOC("<table:table-row><table:table-cell office:value-type=\"float\" "
                     "office:value=\"1\"/></table:table-row><table:table-row>"
                     "<table:table-cell></table:table-row>"),
                 NULL, IKI_ERROR_XML, "mem.ods: content.xml: XML error at line 4");
}

static void huge_tag_refused(void **state)
{
    (void)state;
    /* one attribute of 1 MiB of pseudo-random letters (so the zip ratio cap
     * does not fire first); with max_cell_bytes = 1000 tags are capped at
     * 16 * 1000 + 64 KiB: expat must not be left to buffer it whole */
    size_t n = (size_t)1 << 20;
    const char *pre = "<?xml version=\"1.0\"?><a b=\"";
    char *doc = malloc(n + 64);
    assert_non_null(doc);
    strcpy(doc, pre);
    uint32_t x = 12345;
    for (size_t i = 0; i < n; i++) {
        x = x * 1103515245u + 12345u;
        doc[strlen(pre) + i] = (char)('a' + (x >> 16) % 26);
    }
    strcpy(doc + strlen(pre) + n, "\"/>");
    size_t size;
    unsigned char *data = make_ods(doc, &size);
    free(doc);
    iki_limits lim;
    iki_limits_default(&lim);
    lim.max_cell_bytes = 1000;
    iki_reader *r = iki_reader_new(&lim);
    assert_int_equal(iki_reader_open_memory(r, data, size, "tag.ods"), IKI_ERROR_LIMIT);
    if (!strstr(iki_reader_message(r), "an XML tag is longer than 81536 bytes"))
        fail_msg("%s", iki_reader_message(r));
    iki_reader_free(r);
    /* the default limit reads the same file to the XML layer */
    r = iki_reader_new(NULL);
    assert_int_equal(iki_reader_open_memory(r, data, size, "tag.ods"), IKI_ERROR_CORRUPT);
    iki_reader_free(r);
    free(data);
}

static void truncated_and_random(void **state)
{
    (void)state;
    iki_reader *r = iki_reader_new(NULL);
    assert_int_equal(iki_reader_open_path(r, fixture_path("ods/truncated.ods")),
                     IKI_ERROR_TRUNCATED);
    assert_int_equal(iki_reader_open_path(r, fixture_path("ods/random.ods")),
                     IKI_ERROR_NOT_SPREADSHEET);
    /* every prefix of a real file: an error or a sane result, never a crash */
    size_t size;
    unsigned char *data = read_file(fixture_path("ods/sheets.ods"), &size);
    assert_non_null(data);
    for (size_t cut = 0; cut < size; cut += 97) {
        if (iki_reader_open_memory(r, data, cut, "cut.ods") != IKI_OK)
            continue;
        iki_error e;
        char *s = dump_workbook(r, &e);
        free(s);
    }
    free(data);
    iki_reader_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_value_type),
        cmocka_unit_test(gnumeric_reads_like_libreoffice),
        cmocka_unit_test(value_fallbacks),
        cmocka_unit_test(text_markup),
        cmocka_unit_test(column_and_row_repeats),
        cmocka_unit_test(content_row_repeated_lazily),
        cmocka_unit_test(repeat_past_the_cap),
        cmocka_unit_test(limits_apply),
        cmocka_unit_test(sheets_hidden_and_merges),
        cmocka_unit_test(memory_equals_path),
        cmocka_unit_test(rows_across_chunk_boundaries),
        cmocka_unit_test(doctype_refused),
        cmocka_unit_test(bad_xml),
        cmocka_unit_test(huge_tag_refused),
        cmocka_unit_test(truncated_and_random),
    };
    return cmocka_run_group_tests_name("ods", tests, NULL, NULL);
}
