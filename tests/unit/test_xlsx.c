/* The xlsx reader on fixtures/xlsx (made by fixtures/xlsx/make.sh). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "readers/internal.h"
#include "testutil.h"

static char *dump_fixture(const char *rel)
{
    iki_error e;
    char *s = dump_path_all(fixture_path(rel), &e);
    assert_int_equal(e, IKI_OK);
    assert_non_null(s);
    return s;
}

static void every_cell_type(void **state)
{
    (void)state;
    char *s = dump_fixture("xlsx/types-openpyxl.xlsx");
    assert_string_equal(s,
        "## Data\n"
        "REKAP PMKS\n"
        "Angka,Teks,Logika,Tanggal,Galat\n"
        "12,Sreseh,TRUE,2024-01-15,#DIV/0!\n"
        "0.1,Lansia telantar \xE2\x80\x94 5 orang \xE2\x9C\x93,FALSE,2024-03-01T13:45:30,#N/A\n"
        "-3.5,\"koma, \"\"kutip\"\"\",,10:30:00\n"
        "\n"
        "8.6\n" /* =SUM(A3:A5) without a cached value, computed */
        ",,1234567.891\n"
        "## Tersembunyi\n"
        "\n"
        ",hidden\n"
        "## Sangat\n"
        "very hidden\n"
        "## Kosong\n");
    free(s);
}

static void sheets_and_visibility(void **state)
{
    (void)state;
    iki_reader *r = iki_reader_new(NULL);
    assert_int_equal(iki_reader_open_path(r, fixture_path("xlsx/types-openpyxl.xlsx")), IKI_OK);
    assert_int_equal(iki_reader_format(r), IKI_FORMAT_XLSX);
    assert_int_equal(iki_reader_sheet_count(r), 4);
    assert_int_equal(iki_reader_sheet(r, 0)->visibility, IKI_SHEET_VISIBLE);
    assert_int_equal(iki_reader_sheet(r, 1)->visibility, IKI_SHEET_HIDDEN);
    assert_int_equal(iki_reader_sheet(r, 2)->visibility, IKI_SHEET_VERY_HIDDEN);
    assert_null(iki_reader_sheet(r, 4));
    assert_int_equal(iki_reader_find_sheet(r, "Sangat"), 2);
    assert_int_equal(iki_reader_find_sheet(r, "nope"), -1);
    assert_int_equal(iki_reader_open_sheet(r, 9), IKI_ERROR_NO_SUCH_SHEET);
    /* merges are complete at the end of the sheet */
    assert_int_equal(iki_reader_open_sheet(r, 0), IKI_OK);
    const iki_row *row;
    size_t rows = 0;
    while (iki_reader_next_row(r, &row) == IKI_OK && row)
        rows++;
    assert_int_equal(rows, 7);
    size_t n;
    const iki_range *m = iki_reader_merges(r, &n);
    assert_int_equal(n, 1);
    assert_true(m[0].first_row == 0 && m[0].first_col == 0 && m[0].last_row == 0 &&
                m[0].last_col == 3);
    /* typed cells */
    assert_int_equal(iki_reader_open_sheet(r, 0), IKI_OK);
    assert_int_equal(iki_reader_next_row(r, &row), IKI_OK);
    assert_int_equal(iki_reader_next_row(r, &row), IKI_OK);
    assert_int_equal(iki_reader_next_row(r, &row), IKI_OK);
    assert_int_equal(row->row, 2);
    assert_int_equal(row->ncells, 5);
    assert_int_equal(row->cells[0].type, IKI_CELL_NUMBER);
    assert_int_equal(row->cells[1].type, IKI_CELL_TEXT);
    assert_int_equal(row->cells[2].type, IKI_CELL_BOOL);
    assert_int_equal(row->cells[3].type, IKI_CELL_DATE);
    assert_true(row->cells[3].number == 45306);
    assert_int_equal(row->cells[4].type, IKI_CELL_ERROR);
    iki_reader_free(r);
}

/* The scanner's dump, after asserting that expat's is the same. */
static char *dump_both(const char *rel)
{
    char *a = dump_fixture(rel);
    iki_xlsx_force_expat = 1;
    char *b = dump_fixture(rel);
    iki_xlsx_force_expat = 0;
    assert_string_equal(a, b);
    free(b);
    return a;
}

/* The first cell of each row of the first sheet, on the scanner (force 0)
 * or the expat path (1): types and numbers into type[], num[]. */
static size_t first_cells(const char *rel, int force, iki_cell_type *type, double *num,
                          size_t cap)
{
    iki_xlsx_force_expat = force;
    iki_reader *r = iki_reader_new(NULL);
    assert_int_equal(iki_reader_open_path(r, fixture_path(rel)), IKI_OK);
    assert_int_equal(iki_reader_open_sheet(r, 0), IKI_OK);
    const iki_row *row;
    size_t n = 0;
    while (iki_reader_next_row(r, &row) == IKI_OK && row && n < cap) {
        assert_true(row->ncells >= 1);
        type[n] = row->cells[0].type;
        num[n++] = row->cells[0].number;
    }
    iki_reader_free(r);
    iki_xlsx_force_expat = 0;
    return n;
}

/* Workbooks saved in the 1904 date system by openpyxl (CALENDAR_MAC_1904)
 * and XlsxWriter (date_1904): the same dates on both paths, as 1900-system
 * serials; a pure time stays a time, a plain number is not moved. */
static void date_system_1904(void **state)
{
    (void)state;
    static const struct {
        const char *file, *dump;
        size_t n;
        iki_cell_type type[6];
        double num[6];
    } cases[] = {
        {"xlsx/epoch1904.xlsx", "## Mac\n2024-01-15\n1904-01-02T06:00:00\n", 2,
         {IKI_CELL_DATE, IKI_CELL_DATE}, {45306, 1463.25}},
        {"xlsx/epoch1904-xlsxwriter.xlsx",
         "## Mac\n2025-03-31\n2025-12-31T16:30:00\n10:30:00\n1904-01-02\n2024-02-29\n45000\n", 6,
         {IKI_CELL_DATE, IKI_CELL_DATE, IKI_CELL_DATE, IKI_CELL_DATE, IKI_CELL_DATE,
          IKI_CELL_NUMBER},
         {45747, 46022.6875, 0.4375, 1463, 45351, 45000}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *s = dump_both(cases[i].file);
        assert_string_equal(s, cases[i].dump);
        free(s);
        for (int force = 0; force < 2; force++) {
            iki_cell_type type[8];
            double num[8];
            assert_int_equal(first_cells(cases[i].file, force, type, num, 8), cases[i].n);
            for (size_t k = 0; k < cases[i].n; k++) {
                assert_int_equal(type[k], cases[i].type[k]);
                assert_true(num[k] == cases[i].num[k]);
            }
        }
    }
}

/* _xHHHH_ as XlsxWriter writes it, in shared strings and (constant_memory)
 * inline strings: decoded alike on both paths; a literal _xHHHH_ text comes
 * back as written; CR LF headers as .NET exporters write them. */
static void escapes_from_xlsxwriter(void **state)
{
    (void)state;
    static const char want[] =
        "## PMKS\n"
        "REKAPITULASI PMKS TAHUN 2025\n"
        "\n"
        "No,Kecamatan,\"Jumlah\r\nPMKS\",\"PMKS\r\nDitangani\",\"PMKS Menerima\r\nRehabilitasi Sosial\","
        "\"PMKS Menerima\r\nJaminan Sosial\"\n"
        "1,Sreseh,120,98,40,30\n"
        "2,Torjun,85,70,20,10\n"
        ",JUMLAH,205,168,60,40\n"
        "## Teks\n"
        "_x000D_\n"
        "a_x005F_b\n"
        "\"baris\rdua\"\n"
        "a\x01" "b\x1f" "c\n"
        "\xEF\xBF\xBD\n" /* _xFFFF_: XML cannot hold U+FFFF */
        "_X000D_ _x00D_ _x0041\n";
    const char *files[] = {"xlsx/escapes-xlsxwriter.xlsx", "xlsx/escapes-inline-xlsxwriter.xlsx"};
    for (size_t f = 0; f < 2; f++) {
        char *s = dump_both(files[f]);
        assert_string_equal(s, want);
        free(s);
    }
}

static const char cached_expected[] =
    "## Rekap\n"
    "Kecamatan,Jumlah,Ditangani\n"
    "Sreseh,10,7\n"
    "Karang Penang,5.5,2\n"
    "JUMLAH,15.5,TRUE,#DIV/0!\n"
    "2024-12-31,,\"baris\ndua\"\n"
    "\n";

static void formulas_cached_and_inline_strings(void **state)
{
    (void)state;
    const char *files[] = {"xlsx/cached-xlsxwriter.xlsx", "xlsx/inline-xlsxwriter.xlsx"};
    for (size_t f = 0; f < 2; f++) {
        char *s = dump_fixture(files[f]);
        /* the last line holds one cell in column XFD */
        assert_int_equal(strncmp(s, cached_expected, strlen(cached_expected)), 0);
        const char *last = s + strlen(cached_expected);
        assert_int_equal(strspn(last, ","), 16383);
        assert_string_equal(last + 16383, "1\n");
        free(s);
    }
}

static void producer_variants(void **state)
{
    (void)state;
    char *s = dump_fixture("xlsx/variants.xlsx");
    assert_string_equal(s,
        "## Kedua\n"
        "\n"
        ",,TRUE\n"
        "## Pertama\n"
        "Kecamatan,1\n"
        "\n"
        "Karang Penang,,2.5\n"
        "2024-02-29T08:00:00,2024-01-15,1000,Kecamatan,2,#REF!,sebaris\n");
    free(s);
    iki_reader *r = iki_reader_new(NULL);
    assert_int_equal(iki_reader_open_path(r, fixture_path("xlsx/variants.xlsx")), IKI_OK);
    assert_int_equal(iki_reader_open_sheet(r, 1), IKI_OK);
    const iki_row *row;
    while (iki_reader_next_row(r, &row) == IKI_OK && row)
        ;
    size_t n;
    const iki_range *m = iki_reader_merges(r, &n);
    assert_int_equal(n, 1);
    assert_true(m[0].first_row == 0 && m[0].first_col == 1 && m[0].last_row == 1 &&
                m[0].last_col == 2);
    iki_reader_free(r);
}

/* Packages whose parts are found through their relationships only: every
 * part at the root (rootparts.xlsx), and the Strict relationship types
 * with the workbook at xl/book.xml, a percent-encoded sheet name and
 * absolute and ../ targets (strict-rels.xlsx); both re-packed from
 * parts-xlsxwriter.xlsx by make.sh, and read as it is, on both paths. */
static void parts_through_relationships(void **state)
{
    (void)state;
    static const char want[] = "## Data\nKecamatan,Jumlah,Tanggal\nSreseh,120,2025-03-31\n"
                               "Torjun,85.5,2025-06-30\n## Lain\n\n,kedua\n";
    const char *files[] = {"xlsx/parts-xlsxwriter.xlsx", "xlsx/rootparts.xlsx",
                           "xlsx/strict-rels.xlsx"};
    for (size_t f = 0; f < 3; f++) {
        char *s = dump_both(files[f]);
        assert_string_equal(s, want);
        free(s);
        iki_reader *r = iki_reader_new(NULL);
        assert_int_equal(iki_reader_open_path(r, fixture_path(files[f])), IKI_OK);
        assert_int_equal(iki_reader_format(r), IKI_FORMAT_XLSX);
        iki_reader_free(r);
    }
}

/* A zip in memory from name/text pairs (NULL-terminated). */
static unsigned char *zip_of(const char *const *parts, size_t *len)
{
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t *buf = zip_source_buffer_create(NULL, 0, 0, &err);
    assert_non_null(buf);
    zip_source_keep(buf);
    zip_t *z = zip_open_from_source(buf, ZIP_TRUNCATE, &err);
    assert_non_null(z);
    for (size_t i = 0; parts[i]; i += 2) {
        zip_source_t *src = zip_source_buffer(z, parts[i + 1], strlen(parts[i + 1]), 0);
        assert_non_null(src);
        assert_true(zip_file_add(z, parts[i], src, 0) >= 0);
    }
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
    *len = (size_t)st.size;
    return mem;
}

#define TR "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
#define RELS(type, target)                                                               \
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" \
    "<Relationship Id=\"rId1\" Type=\"" type "\" Target=\"" target "\"/></Relationships>"
#define CT(part, type)                                                                   \
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"      \
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"                         \
    "<Override PartName=\"" part "\" ContentType=\"" type "\"/></Types>"
#define BOOK "<workbook xmlns:r=\"r\"><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
#define SHEET "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>ok</t></is></c></row></sheetData></worksheet>"
#define SPREADSHEET "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"

/* How a zip is told to be a spreadsheet, hand-made packages: the office
 * document of _rels/.rels by content type or root element, xl/workbook.xml
 * where the package relationships fail; and what is refused, with what. */
static void which_zip_is_a_spreadsheet(void **state)
{
    (void)state;
    static const struct {
        const char *parts[12];
        iki_error want;
        const char *text; /* the dump, or a piece of the message */
    } cases[] = {
        /* a generic content type: the root element decides */
        {{"_rels/.rels", RELS(TR "officeDocument", "/data/buku.xml"),
          "[Content_Types].xml", CT("/other.xml", "application/xml"),
          "data/buku.xml", BOOK, "data/_rels/buku.xml.rels", RELS(TR "worksheet", "../s.xml"),
          "s.xml", SHEET, NULL},
         IKI_OK, "## S\nok\n"},
        /* no content types at all; a percent-encoded target */
        {{"_rels/.rels", RELS(TR "officeDocument", "buku%20kerja.xml"),
          "buku kerja.xml", BOOK, "_rels/buku kerja.xml.rels", RELS(TR "worksheet", "s.xml"),
          "s.xml", SHEET, NULL},
         IKI_OK, "## S\nok\n"},
        /* no package relationships: where Excel keeps it */
        {{"xl/workbook.xml", BOOK, "xl/_rels/workbook.xml.rels", RELS(TR "worksheet", "s.xml"),
          "xl/s.xml", SHEET, NULL},
         IKI_OK, "## S\nok\n"},
        /* relationships naming a missing part, broken, or leaving the archive */
        {{"_rels/.rels", RELS(TR "officeDocument", "xl/nope.xml"), "xl/workbook.xml", BOOK,
          "xl/_rels/workbook.xml.rels", RELS(TR "worksheet", "s.xml"), "xl/s.xml", SHEET, NULL},
         IKI_OK, "## S\nok\n"},
        {{"_rels/.rels", "<Relationships><oops>", "xl/workbook.xml", BOOK,
          "xl/_rels/workbook.xml.rels", RELS(TR "worksheet", "s.xml"), "xl/s.xml", SHEET, NULL},
         IKI_OK, "## S\nok\n"},
        {{"_rels/.rels", RELS(TR "officeDocument", "../buku.xml"), "buku.xml", BOOK, NULL},
         IKI_ERROR_NOT_SPREADSHEET, "neither an xlsx workbook nor an ODS spreadsheet"},
        /* a macro-enabled workbook by its content type */
        {{"_rels/.rels", RELS(TR "officeDocument", "b.xml"),
          "[Content_Types].xml", CT("/B.XML", "application/vnd.ms-excel.sheet.macroEnabled.main+xml"),
          "b.xml", BOOK, "_rels/b.xml.rels", RELS(TR "worksheet", "s.xml"), "s.xml", SHEET, NULL},
         IKI_OK, "## S\nok\n"},
        /* other office documents, even with xl/workbook.xml beside them */
        {{"_rels/.rels", RELS(TR "officeDocument", "word/document.xml"),
          "word/document.xml", "<w:document xmlns:w=\"w\"><w:body/></w:document>", NULL},
         IKI_ERROR_NOT_SPREADSHEET, "holds an office document ('word/document.xml') that is not a spreadsheet"},
        {{"_rels/.rels", RELS(TR "officeDocument", "ppt/presentation.xml"),
          "[Content_Types].xml", CT("/ppt/presentation.xml",
                                    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"),
          "ppt/presentation.xml", "<p:presentation xmlns:p=\"p\"/>", "xl/workbook.xml", BOOK, NULL},
         IKI_ERROR_NOT_SPREADSHEET, "PowerPoint presentation (.pptx), not a spreadsheet"},
        {{"_rels/.rels", RELS(TR "officeDocument", "xl/workbook.bin"),
          "[Content_Types].xml", CT("/xl/workbook.bin", "application/vnd.ms-excel.sheet.binary.macroEnabled.main"),
          "xl/workbook.bin", "\x83\x01", NULL},
         IKI_ERROR_NOT_SPREADSHEET, "Excel binary workbook (.xlsb), which iki cannot read"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t len;
        unsigned char *mem = zip_of(cases[i].parts, &len);
        for (int force = 0; force < 2; force++) {
            iki_xlsx_force_expat = force;
            iki_reader *r = iki_reader_new(NULL);
            iki_error e = iki_reader_open_memory(r, mem, len, "t.xlsx");
            if (e != cases[i].want)
                fprintf(stderr, "case %zu: %d %s\n", i, (int)e, iki_reader_message(r));
            assert_int_equal(e, cases[i].want);
            if (e == IKI_OK) {
                char *s = dump_workbook(r, &e);
                assert_int_equal(e, IKI_OK);
                assert_string_equal(s, cases[i].text);
                free(s);
            } else {
                assert_non_null(strstr(iki_reader_message(r), cases[i].text));
                assert_non_null(strstr(iki_reader_message(r), "t.xlsx"));
            }
            iki_reader_free(r);
            iki_xlsx_force_expat = 0;
        }
        free(mem);
    }
    /* a real Word document (python3-docx) */
    iki_reader *r = iki_reader_new(NULL);
    assert_int_equal(iki_reader_open_path(r, fixture_path("xlsx/word-python-docx.docx")),
                     IKI_ERROR_NOT_SPREADSHEET);
    assert_non_null(strstr(iki_reader_message(r), "Word document (.docx), not a spreadsheet"));
    iki_reader_free(r);
}

static void memory_and_chunking_change_nothing(void **state)
{
    (void)state;
    const char *files[] = {"xlsx/types-openpyxl.xlsx", "xlsx/variants.xlsx",
                           "xlsx/cached-xlsxwriter.xlsx"};
    static const size_t chunks[] = {1, 7, 4093};
    for (size_t f = 0; f < 3; f++) {
        char *want = dump_fixture(files[f]);
        size_t size;
        unsigned char *data = read_file(fixture_path(files[f]), &size);
        assert_non_null(data);
        for (size_t c = 0; c < 3; c++) {
            iki_read_chunk = chunks[c];
            iki_reader *r = iki_reader_new(NULL);
            assert_int_equal(iki_reader_open_memory(r, data, size, files[f]), IKI_OK);
            iki_error e;
            char *got = dump_workbook(r, &e);
            assert_int_equal(e, IKI_OK);
            assert_string_equal(got, want);
            free(got);
            iki_reader_free(r);
        }
        iki_read_chunk = 65536;
        free(data);
        free(want);
    }
}

static void limits_apply(void **state)
{
    (void)state;
    iki_limits l;
    iki_limits_default(&l);
    l.max_cols = 100;
    iki_reader *r = iki_reader_new(&l);
    assert_int_equal(iki_reader_open_path(r, fixture_path("xlsx/cached-xlsxwriter.xlsx")), IKI_OK);
    iki_error e;
    char *s = dump_workbook(r, &e);
    assert_null(s);
    assert_int_equal(e, IKI_ERROR_LIMIT);
    assert_non_null(strstr(iki_reader_message(r), "cached-xlsxwriter.xlsx: sheet 'Rekap'"));
    assert_non_null(strstr(iki_reader_message(r), "column"));
    iki_reader_free(r);

    iki_limits_default(&l);
    l.max_entry_bytes = 100; /* every part is larger */
    r = iki_reader_new(&l);
    assert_int_equal(iki_reader_open_path(r, fixture_path("xlsx/types-openpyxl.xlsx")),
                     IKI_ERROR_LIMIT);
    assert_non_null(strstr(iki_reader_message(r), "limit"));
    iki_reader_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_cell_type),
        cmocka_unit_test(sheets_and_visibility),
        cmocka_unit_test(date_system_1904),
        cmocka_unit_test(escapes_from_xlsxwriter),
        cmocka_unit_test(parts_through_relationships),
        cmocka_unit_test(which_zip_is_a_spreadsheet),
        cmocka_unit_test(formulas_cached_and_inline_strings),
        cmocka_unit_test(producer_variants),
        cmocka_unit_test(memory_and_chunking_change_nothing),
        cmocka_unit_test(limits_apply),
    };
    return cmocka_run_group_tests_name("xlsx", tests, NULL, NULL);
}
