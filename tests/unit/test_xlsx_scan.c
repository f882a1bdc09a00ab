/* The xlsx scanner (src/readers/xlsx_scan.c) against the expat path: each
 * test builds an xlsx in memory around a sheet (and shared strings), reads
 * it with the scanner and again with iki_xlsx_force_expat, and asserts
 * the two give the same rows, merges, error codes and messages; most also
 * assert what the rows are, and whether the scanner handed over to expat
 * (iki_xlsx_scan_fallbacks). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "iki/dump.h"
#include "readers/internal.h"
#include "readers/xlsx_scan.h"
#include "testutil.h"

static const char WB[] =
    "<workbook xmlns:r=\"r\"><workbookPr date1904=\"0\"/><sheets>"
    "<sheet name=\"A\" sheetId=\"1\" r:id=\"rId1\"/>"
    "<sheet name=\"B\" sheetId=\"2\" r:id=\"rId4\"/></sheets></workbook>";
static const char RELS[] =
    "<Relationships><Relationship Id=\"rId1\" Type=\"x/worksheet\" Target=\"worksheets/s.xml\"/>"
    "<Relationship Id=\"rId4\" Type=\"x/worksheet\" Target=\"worksheets/t.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"x/sharedStrings\" Target=\"sharedStrings.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"x/styles\" Target=\"styles.xml\"/></Relationships>";
static const char SST[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<sst xmlns=\"x\" count=\"3\" uniqueCount=\"3\"><si><t>satu</t></si>"
    "<si><r><rPr><b/></rPr><t>du</t></r><r><t xml:space=\"preserve\">a &amp; </t></r>"
    "<rPh sb=\"0\" eb=\"1\"><t>PH</t></rPh></si><si><t/></si></sst>";
static const char STYLES[] =
    "<styleSheet><numFmts><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/></numFmts>"
    "<cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/><xf numFmtId=\"14\"/></cellXfs></styleSheet>";
static const char SHEET_B[] = "<worksheet><sheetData><row><c><v>2</v></c></row></sheetData></worksheet>";

static int store_sheet; /* 1: the sheet part is stored, not deflated */
static const char *wb_xml = WB; /* the workbook part make_xlsx writes */

static int add(zip_t *z, const char *name, const void *d, size_t len)
{
    zip_source_t *s = zip_source_buffer(z, d, len, 0);
    if (!s)
        return -1;
    zip_int64_t i = zip_file_add(z, name, s, ZIP_FL_OVERWRITE);
    if (i < 0) {
        zip_source_free(s);
        return -1;
    }
    if (store_sheet && strcmp(name, "xl/worksheets/s.xml") == 0)
        zip_set_file_compression(z, (zip_uint64_t)i, ZIP_CM_STORE, 0);
    return 0;
}

/* An xlsx (deflated) with the given sheet and shared strings. */
static unsigned char *make_xlsx(const char *sheet, size_t sheet_len, const char *sst,
                                size_t *out_len)
{
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t *buf = zip_source_buffer_create(NULL, 0, 0, &err);
    assert_non_null(buf);
    zip_source_keep(buf);
    zip_t *z = zip_open_from_source(buf, ZIP_TRUNCATE, &err);
    assert_non_null(z);
    assert_int_equal(add(z, "xl/workbook.xml", wb_xml, strlen(wb_xml)), 0);
    assert_int_equal(add(z, "xl/_rels/workbook.xml.rels", RELS, strlen(RELS)), 0);
    assert_int_equal(add(z, "xl/sharedStrings.xml", sst, strlen(sst)), 0);
    assert_int_equal(add(z, "xl/styles.xml", STYLES, strlen(STYLES)), 0);
    assert_int_equal(add(z, "xl/worksheets/s.xml", sheet, sheet_len), 0);
    assert_int_equal(add(z, "xl/worksheets/t.xml", SHEET_B, strlen(SHEET_B)), 0);
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
    *out_len = (size_t)st.size;
    return mem;
}

static int to_buf(void *ctx, const char *s, size_t n)
{
    return iki_buf_append(ctx, s, n);
}

/* Dump of every sheet, with its merges and the error that ended it. */
static char *read_all(const unsigned char *mem, size_t len, const iki_limits *lim, int force)
{
    iki_xlsx_force_expat = force;
    iki_buf b = IKI_BUF_INIT;
    iki_reader *r = iki_reader_new(lim);
    assert_non_null(r);
    iki_error e = iki_reader_open_memory(r, mem, len, "t.xlsx");
    iki_buf_printf(&b, "open %d %s\n", (int)e, iki_reader_message(r));
    for (size_t i = 0; e == IKI_OK && i < iki_reader_sheet_count(r); i++) {
        iki_buf_printf(&b, "## %s\n", iki_reader_sheet(r, i)->name);
        iki_error se = iki_dump_sheet(r, i, to_buf, &b);
        iki_buf_printf(&b, "end %d %s\n", (int)se, iki_reader_message(r));
        size_t n = 0;
        const iki_range *m = iki_reader_merges(r, &n);
        for (size_t k = 0; k < n; k++)
            iki_buf_printf(&b, "merge %u:%u-%u:%u\n", (unsigned)m[k].first_row,
                           (unsigned)m[k].first_col, (unsigned)m[k].last_row,
                           (unsigned)m[k].last_col);
    }
    iki_reader_free(r);
    iki_xlsx_force_expat = 0;
    iki_buf_append(&b, "", 0);
    return b.data;
}

/* Both paths; asserts they agree and returns the dump (caller frees) and
 * the scanner's hand-overs to expat in *fallbacks. */
static char *both_lim(const char *sheet, size_t sheet_len, const char *sst,
                      const iki_limits *lim, unsigned long *fallbacks)
{
    size_t len;
    unsigned char *mem = make_xlsx(sheet, sheet_len, sst, &len);
    unsigned long f0 = iki_xlsx_scan_fallbacks;
    char *a = read_all(mem, len, lim, 0);
    if (fallbacks)
        *fallbacks = iki_xlsx_scan_fallbacks - f0;
    char *b = read_all(mem, len, lim, 1);
    if (strcmp(a, b) != 0)
        fprintf(stderr, "scanner:\n%s\nexpat:\n%s\n", a, b);
    assert_string_equal(a, b);
    free(b);
    free(mem);
    return a;
}

static char *both(const char *sheet, unsigned long *fallbacks)
{
    return both_lim(sheet, strlen(sheet), SST, NULL, fallbacks);
}

#define HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n"
#define WS_OPEN "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
#define SHEET_END "## B\n2\nend 0 \n"

/* ---- what the scanner reads itself ---------------------------------------- */
static void plain_sheet(void **state)
{
    (void)state;
    unsigned long fb;
    char *s = both(HEAD WS_OPEN "<dimension ref=\"A1:C3\"/><sheetData>"
                   "<row r=\"1\" spans=\"1:3\"><c r=\"A1\" t=\"s\"><v>0</v></c>"
                   "<c r=\"B1\" t=\"s\"><v>1</v></c><c r=\"C1\"><v>36</v></c></row>\n"
                   "<row r=\"3\"><c r=\"B3\" s=\"1\"><v>45306</v></c><c r=\"C3\" s=\"2\"><v>45306.5</v></c>"
                   "<c r=\"D3\" t=\"b\"><v>1</v></c><c r=\"E3\" t=\"e\"><v>#N/A</v></c>"
                   "<c r=\"F3\" t=\"d\"><v>2024-02-29T13:45:30</v></c><c r=\"G3\" t=\"s\"><v>2</v></c>"
                   "<c r=\"H3\"><v> 1.5E+3\n</v></c></row>"
                   "</sheetData><mergeCells count=\"2\"><mergeCell ref=\"A1:B1\"/>"
                   "<mergeCell ref=\"C3:C5\"/></mergeCells><pageMargins left=\"0.7\"/></worksheet>",
                   &fb);
    assert_string_equal(s, "open 0 \n## A\nsatu,dua & ,36\n\n"
                           ",2024-01-15,2024-01-15T12:00:00,TRUE,#N/A,2024-02-29T13:45:30,,1500\n"
                           "end 0 \nmerge 0:0-0:1\nmerge 2:2-4:2\n" SHEET_END);
    assert_int_equal(fb, 0);
    free(s);
}

static void entities_and_references(void **state)
{
    (void)state;
    unsigned long fb;
    char *s = both("<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>"
                   "a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#65;&#x42;&#xe9;&#xE9;"
                   "&#x1F600;&#0065;&#10;x</t></is></c>"
                   "<c r=\"B1\" t=\"str\"><v>1\r\n2\r3</v></c>"
                   "<c r=\"C1\" t=\"inlineStr\"><is><t>\xC3\xA9\xE2\x80\x94\xF0\x9F\x98\x80 ]] ></t></is></c>"
                   "</row></sheetData></worksheet>",
                   &fb);
    assert_string_equal(s, "open 0 \n## A\n"
                           "\"a & b <c> \"\"d\"\" 'e' AB\xC3\xA9\xC3\xA9\xF0\x9F\x98\x80" "A\nx\","
                           "\"1\n2\n3\",\xC3\xA9\xE2\x80\x94\xF0\x9F\x98\x80 ]] >\n"
                           "end 0 \n" SHEET_END);
    assert_int_equal(fb, 0);
    free(s);
}

static void prefixes_and_attribute_order(void **state)
{
    (void)state;
    unsigned long fb;
    char *s = both("\xEF\xBB\xBF<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                   "<x:sheetData><x:row x:r=\"2\"><x:c t=\"s\" s=\"0\" r=\"B2\"><x:v>0</x:v></x:c>"
                   "<x:c s='1' r='C2'><x:v>45306</x:v></x:c><x:c\tr = \"D2\"\n t=\"b\" ><x:v>0</x:v></x:c>"
                   "<x:c x:r=\"Z9\"><x:v>7</x:v></x:c></x:row></x:sheetData>"
                   "<x:mergeCells><x:mergeCell x:ref=\"A1:A2\"/></x:mergeCells></x:worksheet>",
                   &fb);
    /* x:r on <c> is not r (as on the expat path): the cell takes the next column */
    assert_string_equal(s, "open 0 \n## A\n\n,satu,2024-01-15,FALSE,7\nend 0 \nmerge 0:0-1:0\n" SHEET_END);
    assert_int_equal(fb, 0);
    free(s);
}

static void self_closing_and_formulas(void **state)
{
    (void)state;
    unsigned long fb;
    char *s = both("<worksheet><sheetData><row r=\"1\"/><row r=\"2\"><c r=\"A2\"/><c r=\"B2\" s=\"1\"/>"
                   "<c r=\"C2\"><f>SUM(A1:A2)</f><v>3</v></c><c r=\"D2\"><f>1+1</f></c>"
                   "<c r=\"E2\" t=\"str\"><f t=\"shared\" ref=\"E2:E3\" si=\"0\">\"x\"&amp;\"y\"</f><v>xy</v></c>"
                   "<c r=\"F2\"><f t=\"shared\" si=\"0\"/><v>4</v></c><c r=\"G2\"><v/></c>"
                   "<c r=\"H2\" t=\"inlineStr\"><is/></c></row><row/><row><c><v>5</v></c><c><v>6</v></c></row>"
                   "</sheetData></worksheet>",
                   &fb);
    /* D2 has no cached value: 1+1 is computed */
    assert_string_equal(s, "open 0 \n## A\n\n,,3,2,xy,4\n\n5,6\nend 0 \n" SHEET_END);
    assert_int_equal(fb, 0);
    free(s);
}

static void rich_inline_text(void **state)
{
    (void)state;
    unsigned long fb;
    char *s = both("<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is>"
                   "<r><rPr><b/><sz val=\"11\"/></rPr><t>Ba</t></r><r><t xml:space=\"preserve\"> gus </t></r>"
                   "<rPh sb=\"0\" eb=\"1\"><t>XX</t></rPh><phoneticPr fontId=\"1\"/></is></c>"
                   "<c r=\"B1\" t=\"inlineStr\"><is><t>\n  spasi  \n</t></is></c>"
                   "<c r=\"C1\" t=\"s\"><v>1</v></c></row></sheetData></worksheet>",
                   &fb);
    assert_string_equal(s, "open 0 \n## A\nBa gus ,\"\n  spasi  \n\",dua & \nend 0 \n" SHEET_END);
    assert_int_equal(fb, 0);
    free(s);
}

/* ---- cell text as Excel reads it ------------------------------------------- */
/* An inline string is its <is> text alone, a <v> beside it is not added
 * (Excel reads "1." here, not "1.01."); a shared-string, number or
 * formula-string cell is its <v> alone, a stray <is> beside it is not
 * added either.  An inline string with no <is> keeps its <v>. */
static void one_text_per_cell(void **state)
{
    (void)state;
    unsigned long fb;
    char *s = both("<worksheet><sheetData><row r=\"1\">"
                   "<c r=\"A1\" t=\"inlineStr\"><v>1.0</v><is><t>1.</t></is></c>"
                   "<c r=\"B1\" t=\"inlineStr\"><is><t>2.</t></is><v>2.0</v></c>"
                   "<c r=\"C1\" t=\"inlineStr\"><v>3.0</v><is><r><t>ka</t></r><r><t>ta</t></r></is></c>"
                   "<c r=\"D1\" t=\"inlineStr\"><v>hanya v</v></c>"
                   "<c r=\"E1\" t=\"s\"><v>0</v><is><t>x</t></is></c>"
                   "<c r=\"F1\"><v>7</v><is><t>8</t></is></c>"
                   "<c r=\"G1\" t=\"str\"><f>A1</f><v>teks</v><is><t>lain</t></is></c>"
                   "<c r=\"H1\" t=\"inlineStr\"><v>9</v><is/></c>"
                   "</row></sheetData></worksheet>",
                   &fb);
    assert_string_equal(s, "open 0 \n## A\n1.,2.,kata,hanya v,satu,7,teks\nend 0 \n" SHEET_END);
    assert_int_equal(fb, 0);
    free(s);
}

/* _xHHHH_ (ECMA-376 Part 1, 22.9.2.19 ST_Xstring): exactly four hex
 * digits of either case after a lower-case x; _x005F_ is the underscore
 * that keeps the next escape literal; a UTF-16 pair written as two escapes
 * is one character; a lone surrogate, U+0000, U+FFFE or U+FFFF is
 * U+FFFD (XML cannot hold them: iki writes its report as XML).  In inline
 * strings, their rich-text runs (not the phonetic runs), formula string
 * results and shared strings alike; each <t> on its own. */
static void ooxml_escapes(void **state)
{
    (void)state;
    static const char sheet[] =
        "<worksheet><sheetData><row r=\"1\">"
        "<c r=\"A1\" t=\"inlineStr\"><is><t>Jumlah_x000D_\nPMKS</t></is></c>"
        "<c r=\"B1\" t=\"inlineStr\"><is><t>_x005F_x000D_|_x005f_|_X000D_|_x00D_|_x000D|_x00G0_|__x0041__</t></is></c>"
        "<c r=\"C1\" t=\"inlineStr\"><is><r><t>a_x0009_</t></r><r><t>_x00e9__x00C9_</t></r>"
        "<rPh sb=\"0\" eb=\"1\"><t>_x0041_</t></rPh></is></c>"
        "<c r=\"D1\" t=\"inlineStr\"><is><t>_xD83D__xDE00_|_xD83D_|_xDE00_|_x0000_|_xD83D__x0041_|_xFFFF_</t></is></c>"
        "<c r=\"E1\" t=\"str\"><f>A1</f><v>x_x000A_y</v></c>"
        "<c r=\"F1\" t=\"s\"><v>0</v></c><c r=\"G1\" t=\"s\"><v>1</v></c><c r=\"H1\" t=\"s\"><v>2</v></c>"
        "<c r=\"I1\" t=\"inlineStr\"><is><r><t>_x00</t></r><r><t>41_</t></r></is></c>"
        "<c r=\"J1\" t=\"e\"><v>#N/A</v></c>"
        "</row></sheetData></worksheet>";
    static const char sst[] =
        "<sst><si><t>Jumlah_x000D__x000A_PMKS</t></si>"
        "<si><r><t>_x005F_x0041_</t></r><r><t>b_x0042_</t></r><rPh sb=\"0\" eb=\"1\"><t>_x0043_</t></rPh></si>"
        "<si><t>_xd83d__xde00_</t></si></sst>";
    unsigned long fb;
    char *s = both_lim(sheet, strlen(sheet), sst, NULL, &fb);
    assert_string_equal(s, "open 0 \n## A\n"
                           "\"Jumlah\r\nPMKS\",_x000D_|_|_X000D_|_x00D_|_x000D|_x00G0_|_A_,"
                           "a\t\xC3\xA9\xC3\x89,"
                           "\xF0\x9F\x98\x80|\xEF\xBF\xBD|\xEF\xBF\xBD|\xEF\xBF\xBD|\xEF\xBF\xBD" "A|\xEF\xBF\xBD,"
                           "\"x\ny\",\"Jumlah\r\nPMKS\",_x0041_bB,\xF0\x9F\x98\x80,_x0041_,#N/A\n"
                           "end 0 \n" SHEET_END);
    assert_int_equal(fb, 0);
    free(s);
}

/* t="d" cells (ISO 8601 text, as some exporters write dates): a date, a
 * date-time with a zone (kept as wall time), white space around the value,
 * and a time of day alone, with or without its T. */
static void iso_date_cells(void **state)
{
    (void)state;
    unsigned long fb;
    char *s = both("<worksheet><sheetData><row r=\"1\">"
                   "<c r=\"A1\" t=\"d\"><v>2024-02-29</v></c>"
                   "<c r=\"B1\" t=\"d\"><v>2024-02-29T08:00:00Z</v></c>"
                   "<c r=\"C1\" t=\"d\"><v>\n 2025-03-31T00:00:00.000 </v></c>"
                   "<c r=\"D1\" t=\"d\"><v>T10:30:00</v></c>"
                   "<c r=\"E1\" t=\"d\"><v>16:45</v></c>"
                   "<c r=\"F1\" t=\"d\"><v/></c>"
                   "</row></sheetData></worksheet>",
                   &fb);
    assert_string_equal(s, "open 0 \n## A\n2024-02-29,2024-02-29T08:00:00,2025-03-31,10:30:00,16:45:00\n"
                           "end 0 \n" SHEET_END);
    assert_int_equal(fb, 0);
    free(s);
}

static const char WB1904[] =
    "<workbook xmlns:r=\"r\"><workbookPr date1904=\"1\"/><sheets>"
    "<sheet name=\"A\" sheetId=\"1\" r:id=\"rId1\"/>"
    "<sheet name=\"B\" sheetId=\"2\" r:id=\"rId4\"/></sheets></workbook>";

/* The 1904 date system: a date serial is 1462 days later in 1900 terms, on
 * both paths; a pure time (under a day) stays a time, as the xls reader
 * has it; an ISO date cell is the same date in either system. */
static void date_systems(void **state)
{
    (void)state;
    static const char sheet[] =
        "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" s=\"1\"><v>43844</v></c>"
        "<c r=\"B1\" s=\"2\"><v>43844.5</v></c><c r=\"C1\" s=\"1\"><v>0.4375</v></c>"
        "<c r=\"D1\" s=\"1\"><v>1</v></c><c r=\"E1\" t=\"d\"><v>2024-01-15</v></c>"
        "<c r=\"F1\"><v>43844</v></c></row></sheetData></worksheet>";
    static const char *const wbs[] = {WB, WB1904};
    static const char *const want[] = {
        "open 0 \n## A\n2020-01-14,2020-01-14T12:00:00,10:30:00,1900-01-01,2024-01-15,43844\nend 0 \n" SHEET_END,
        "open 0 \n## A\n2024-01-15,2024-01-15T12:00:00,10:30:00,1904-01-02,2024-01-15,43844\nend 0 \n" SHEET_END,
    };
    for (size_t i = 0; i < 2; i++) {
        wb_xml = wbs[i];
        unsigned long fb;
        char *s = both_lim(sheet, strlen(sheet), SST, NULL, &fb);
        wb_xml = WB;
        assert_string_equal(s, want[i]);
        assert_int_equal(fb, 0);
        free(s);
    }
}

/* ---- what it hands over to expat --------------------------------------------- */
static void comment_mid_sheet_falls_back(void **state)
{
    (void)state;
    unsigned long fb;
    char *s = both("<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"
                   "<row r=\"2\"><c r=\"A2\"><v>2</v></c></row>"
                   "<row r=\"3\"><c r=\"A3\"><v>3</v></c><!-- here --><c r=\"B3\"><v>4</v></c></row>"
                   "<row r=\"4\"><c r=\"A4\" t=\"s\"><v>0</v></c></row></sheetData>"
                   "<mergeCells><mergeCell ref=\"A1:A4\"/></mergeCells></worksheet>",
                   &fb);
    assert_string_equal(s, "open 0 \n## A\n1\n2\n3,4\nsatu\nend 0 \nmerge 0:0-3:0\n" SHEET_END);
    assert_int_equal(fb, 1);
    free(s);
    /* after the merges: they are not counted twice */
    s = both("<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row></sheetData>"
             "<mergeCells><mergeCell ref=\"A1:A4\"/></mergeCells><?pi x?></worksheet>",
             &fb);
    assert_string_equal(s, "open 0 \n## A\n1\nend 0 \nmerge 0:0-3:0\n" SHEET_END);
    assert_int_equal(fb, 1);
    free(s);
}

static void other_hand_overs(void **state)
{
    (void)state;
    static const char *const docs[] = {
        "<worksheet><sheetData><row><c><v><![CDATA[12]]></v></c></row></sheetData></worksheet>",
        "<worksheet><sheetData><row><c><v>1</v></c></row><?pi?></sheetData></worksheet>",
        "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>\xE9</t></is></c></row></sheetData></worksheet>",
        "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><worksheet><sheetData><row><c t=\"inlineStr\">"
        "<is><t>\xE9</t></is></c></row></sheetData></worksheet>",
        "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>&#xFFFE;</t></is></c></row></sheetData></worksheet>",
        "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>&nbsp;</t></is></c></row></sheetData></worksheet>",
        "<worksheet><sheetData><row><c r=\"A1\" r=\"B1\"><v>1</v></c></row></sheetData></worksheet>",
        "<worksheet><sheetData><row><c><v>1</v></c></rows></sheetData></worksheet>",
        "<worksheet><sheetData><row><c><v>1</v></c></row></sheetData></worksheet><x/>",
        "<worksheet><sheetData><row><c><v>1</v></c></row></sheetData>",
        "<worksheet><sheetData><row><c><v>1]]>2</v></c></row></sheetData></worksheet>",
        "<worksheet><sheetData><row><c><v>1\x01</v></c></row></sheetData></worksheet>",
        "<worksheet><sheetData><row><c r=\"A1\"t=\"n\"><v>1</v></c></row></sheetData></worksheet>",
        "<worksheet><sheetData><row><c r=\"A<1\"><v>1</v></c></row></sheetData></worksheet>",
        "  <?xml version=\"1.0\"?><worksheet/>",
        "",
    };
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
        unsigned long fb;
        char *s = both(docs[i], &fb);
        assert_int_equal(fb, 1);
        free(s);
    }
    /* the DOCTYPE refusal stays, and names the part */
    unsigned long fb;
    char *s = both("<!DOCTYPE worksheet [<!ENTITY e \"x\">]><worksheet><sheetData><row><c t=\"inlineStr\">"
                   "<is><t>&e;</t></is></c></row></sheetData></worksheet>",
                   &fb);
    assert_non_null(strstr(s, "has a DOCTYPE, which is not allowed"));
    assert_int_equal(fb, 1);
    free(s);
    /* a malformed tag after rows: the rows, then expat's error */
    s = both("<worksheet><sheetData><row r=\"1\"><c><v>1</v></c></row><row r=\"2\"><c><v>2</v></c></row>"
             "<row r=\"3\"><c><v>3</v></c></rox></sheetData></worksheet>",
             &fb);
    assert_non_null(strstr(s, "1\n2\nend 8 t.xlsx: sheet 'A': XML error in 'xl/worksheets/s.xml' at line 1: mismatched tag"));
    assert_int_equal(fb, 1);
    free(s);
}

/* ---- errors of the content ------------------------------------------------- */
static void content_errors(void **state)
{
    (void)state;
    static const struct {
        const char *sheet, *want;
    } cases[] = {
        {"<worksheet><sheetData><row r=\"1\"><c><v>1</v></c></row><row r=\"2\"><c t=\"s\"><v>9</v></c></row>"
         "</sheetData></worksheet>",
         "1\nend 6 t.xlsx: sheet 'A': A2: shared-string index '9' out of range (the table has 3)\n"},
        {"<worksheet><sheetData><row r=\"1\"><c r=\"B1\"><v>1,5</v></c></row></sheetData></worksheet>",
         "end 6 t.xlsx: sheet 'A': B1: invalid number '1,5'\n"},
        {"<worksheet><sheetData><row r=\"0\"><c><v>1</v></c></row></sheetData></worksheet>",
         "end 6 t.xlsx: sheet 'A': invalid row number '0'\n"},
        {"<worksheet><sheetData><row r=\"1\"><c r=\"1A\"><v>1</v></c></row></sheetData></worksheet>",
         "end 6 t.xlsx: sheet 'A': invalid cell reference '1A' in row 1\n"},
        {"<worksheet><sheetData><row r=\"1\"><c t=\"d\"><v>2024-13-01</v></c></row></sheetData></worksheet>",
         "end 6 t.xlsx: sheet 'A': A1: invalid ISO date '2024-13-01'\n"},
        {"<worksheet><sheetData><row r=\"1\"><c r=\"E1\"><v>1</v></c></row></sheetData></worksheet>",
         "end 9 t.xlsx: sheet 'A': cell in row 1 beyond column 4\n"},
        {"<worksheet><sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>0123456789</t><t>0</t></is></c>"
         "</row></sheetData></worksheet>",
         "end 9 t.xlsx: sheet 'A': A1: holds more than 10 bytes of text\n"},
        {"<worksheet><sheetData><row r=\"1\"><c><v>1</v></c></row><row r=\"6\"><c><v>1</v></c></row>"
         "</sheetData></worksheet>",
         "1\nend 9 t.xlsx: sheet 'A': more than 5 rows\n"},
    };
    iki_limits lim;
    iki_limits_default(&lim);
    lim.max_cols = 4;
    lim.max_cell_bytes = 10;
    lim.max_rows = 5;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        unsigned long fb;
        char *s = both_lim(cases[i].sheet, strlen(cases[i].sheet), SST, &lim, &fb);
        char want[512];
        snprintf(want, sizeof want, "open 0 \n## A\n%s## B\n2\nend 0 \n", cases[i].want);
        assert_string_equal(s, want);
        assert_int_equal(fb, 0);
        free(s);
    }
}

/* ---- shared strings --------------------------------------------------------- */
static void shared_strings_both_ways(void **state)
{
    (void)state;
    static const char sheet[] = "<worksheet><sheetData><row><c t=\"s\"><v>0</v></c><c t=\"s\"><v>1</v></c>"
                                "<c t=\"s\"><v>2</v></c></row></sheetData></worksheet>";
    static const char *const tables[] = {
        "<sst><si><t>a&#x9;b</t></si><si><r><t>x</t></r><r><t>y</t></r><rPh><t>z</t></rPh></si>"
        "<si><t>\r\nq</t></si></sst>",
        "<x:sst xmlns:x=\"x\"><x:si><x:t>p</x:t></x:si><x:si><x:t>q</x:t></x:si><x:si/></x:sst>",
        "<sst><si><t>a</t></si><!-- c --><si><t>b</t></si><si><t>c</t></si></sst>",
        "<sst><si><t>a</t></si><si><t>b</t></si></sst>",
        "<sst><si><t>a</t></si><si><t>b</t></si><si><t>c</t></si></sst",
    };
    static const char *const want[] = {
        "open 0 \n## A\na\tb,xy,\"\nq\"\nend 0 \n" SHEET_END,
        "open 0 \n## A\np,q\nend 0 \n" SHEET_END,
        "open 0 \n## A\na,b,c\nend 0 \n" SHEET_END,
        "open 0 \n## A\nend 6 t.xlsx: sheet 'A': C1: shared-string index '2' out of range (the table has 2)\n" SHEET_END,
        NULL,
    };
    static const unsigned long fell[] = {0, 0, 1, 0, 1};
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        unsigned long fb;
        char *s = both_lim(sheet, strlen(sheet), tables[i], NULL, &fb);
        if (want[i])
            assert_string_equal(s, want[i]);
        else
            assert_non_null(strstr(s, "open 8 t.xlsx: XML error in 'xl/sharedStrings.xml'"));
        assert_int_equal(fb, fell[i]);
        free(s);
    }
}

/* ---- chunks and the producer thread ----------------------------------------- */
static char *big_sheet(size_t rows, const char *tail, size_t *len)
{
    iki_buf b = IKI_BUF_INIT;
    iki_buf_append_str(&b, HEAD WS_OPEN "<sheetData>");
    for (size_t i = 1; i <= rows; i++)
        iki_buf_printf(&b, "<row r=\"%zu\"><c r=\"A%zu\" t=\"s\"><v>%zu</v></c><c r=\"B%zu\" t=\"inlineStr\">"
                           "<is><t>nama &amp; %zu</t></is></c><c r=\"C%zu\"><v>%zu.25</v></c></row>",
                       i, i, i % 3, i, i, i, i);
    iki_buf_append_str(&b, tail);
    *len = b.len;
    return b.data;
}

static void chunk_sizes(void **state)
{
    (void)state;
    static const size_t chunks[] = {1, 2, 3, 7, 64, 4096};
    static const char *const docs[] = {
        HEAD "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a&amp;b&#x1F600;\r\n"
             "</t></is></c><c r=\"B1\" t=\"s\"><v>1</v></c></row><row r=\"2\"><c><f>x</f><v>2</v></c></row>"
             "</sheetData><mergeCells><mergeCell ref=\"A1:B1\"/></mergeCells></worksheet>",
        "\xEF\xBB\xBF<?xml version='1.0'?><worksheet><sheetData><row><c><v>1</v></c></row>"
        "<row><c><v>2</v></c><!--x--></row></sheetData></worksheet>",
    };
    for (size_t d = 0; d < sizeof docs / sizeof docs[0]; d++) {
        char *ref = both(docs[d], NULL);
        for (size_t c = 0; c < sizeof chunks / sizeof chunks[0]; c++) {
            iki_read_chunk = chunks[c];
            char *s = both(docs[d], NULL);
            assert_string_equal(s, ref);
            free(s);
        }
        iki_read_chunk = 65536;
        free(ref);
    }
}

static void producer_thread(void **state)
{
    (void)state;
    size_t len;
    /* about 2.4 MB: the thread starts after the first MiB */
    char *sheet = big_sheet(20000, "</sheetData><mergeCells><mergeCell ref=\"A1:C1\"/></mergeCells></worksheet>", &len);
    unsigned long fb;
    char *s = both_lim(sheet, len, SST, NULL, &fb);
    assert_int_equal(fb, 0);
    assert_non_null(strstr(s, "\nsatu,nama & 3,3.25\n"));
    assert_non_null(strstr(s, "\ndua & ,nama & 19999,19999.25\n,nama & 20000,20000.25\nend 0 \nmerge 0:0-0:2\n"));
    free(s);
    free(sheet);
    /* the thread from the first byte, small steps, an error near the end
     * and a hand-over to expat after thousands of rows */
    iki_xlsx_pipe_min = 0;
    iki_read_chunk = 1000;
    sheet = big_sheet(3000, "<row r=\"3001\"><c><v>x</v></c></row></sheetData></worksheet>", &len);
    s = both_lim(sheet, len, SST, NULL, &fb);
    assert_int_equal(fb, 0);
    assert_non_null(strstr(s, "nama & 3000,3000.25\nend 6 t.xlsx: sheet 'A': A3001: invalid number 'x'\n"));
    free(s);
    free(sheet);
    sheet = big_sheet(3000, "<!-- x --></sheetData></worksheet>", &len);
    s = both_lim(sheet, len, SST, NULL, &fb);
    assert_int_equal(fb, 1);
    free(s);
    free(sheet);
    iki_read_chunk = 65536;
    iki_xlsx_pipe_min = (size_t)1 << 20;
}

/* A sheet whose bytes fail their checksum: the rows, then the same error,
 * whether the producer thread read it or not (the scanner hands a read
 * error over to expat, which may find an XML error before it). */
static void checksum_error(void **state)
{
    (void)state;
    size_t len, xlen;
    char *sheet = big_sheet(20000, "</sheetData></worksheet>", &len);
    store_sheet = 1;
    unsigned char *mem = make_xlsx(sheet, len, SST, &xlen);
    store_sheet = 0;
    free(sheet);
    static const char needle[] = "nama &amp; 19999<";
    unsigned char *hit = NULL;
    for (size_t i = 0; i + sizeof needle - 1 <= xlen && !hit; i++)
        if (memcmp(mem + i, needle, sizeof needle - 1) == 0)
            hit = mem + i;
    assert_non_null(hit);
    hit[12] = '8'; /* 19999 -> 18999 */
    static const size_t mins[] = {(size_t)1 << 20, 0, (size_t)-1};
    for (size_t m = 0; m < 3; m++) {
        iki_xlsx_pipe_min = mins[m];
        unsigned long f0 = iki_xlsx_scan_fallbacks;
        char *a = read_all(mem, xlen, NULL, 0);
        assert_int_equal(iki_xlsx_scan_fallbacks, f0 + 1);
        char *b = read_all(mem, xlen, NULL, 1);
        assert_string_equal(a, b);
        assert_non_null(strstr(a, "\ndua & ,nama & 18999,19999.25\n,nama & 20000,20000.25\nend 6 t.xlsx: "
                                  "sheet 'A': zip entry 'xl/worksheets/s.xml' fails its checksum\n"));
        free(a);
        free(b);
    }
    iki_xlsx_pipe_min = (size_t)1 << 20;
    free(mem);
    /* an invalid character in the unfinished last token: expat says so
     * before it asks for the bytes that fail the checksum */
    static const char tail[] = "<worksheet><sheetData><row><c><v>1</v></c></row><row><c t=\"inlineStr\">"
                               "<is><t>ab\x01" "cd";
    store_sheet = 1;
    mem = make_xlsx(tail, strlen(tail), SST, &xlen);
    store_sheet = 0;
    hit = NULL;
    for (size_t i = 0; i + 6 <= xlen && !hit; i++)
        if (memcmp(mem + i, "<t>ab\x01", 6) == 0)
            hit = mem + i;
    assert_non_null(hit);
    hit[3] = 'x';
    for (size_t c = 0; c < 3; c++) {
        iki_read_chunk = c == 0 ? 65536 : c == 1 ? 1 : 5;
        char *a = read_all(mem, xlen, NULL, 0);
        char *b = read_all(mem, xlen, NULL, 1);
        assert_string_equal(a, b);
        /* which error expat meets first depends on its steps */
        if (c == 0)
            assert_non_null(strstr(a, "## A\n1\nend 8 t.xlsx: sheet 'A': XML error in 'xl/worksheets/s.xml' "
                                      "at line 1: not well-formed (invalid token)\n"));
        else
            assert_non_null(strstr(a, "## A\n1\nend "));
        free(a);
        free(b);
    }
    iki_read_chunk = 65536;
    free(mem);
}

static void early_close(void **state)
{
    (void)state;
    size_t len, xlen;
    char *sheet = big_sheet(30000, "</sheetData></worksheet>", &len);
    unsigned char *mem = make_xlsx(sheet, len, SST, &xlen);
    free(sheet);
    for (int k = 0; k < 3; k++) {
        iki_reader *r = iki_reader_new(NULL);
        assert_int_equal(iki_reader_open_memory(r, mem, xlen, "t.xlsx"), IKI_OK);
        assert_int_equal(iki_reader_open_sheet(r, 0), IKI_OK);
        const iki_row *row = NULL;
        /* past the first MiB, so the producer runs; then leave */
        for (int i = 0; i < 12000 * k + 5; i++) {
            assert_int_equal(iki_reader_next_row(r, &row), IKI_OK);
            assert_non_null(row);
        }
        assert_int_equal(row->row, 12000 * k + 4);
        if (k == 1) { /* another sheet, then this one again */
            assert_int_equal(iki_reader_open_sheet(r, 1), IKI_OK);
            assert_int_equal(iki_reader_next_row(r, &row), IKI_OK);
            assert_int_equal(row->cells[0].number, 2);
            assert_int_equal(iki_reader_open_sheet(r, 0), IKI_OK);
            assert_int_equal(iki_reader_next_row(r, &row), IKI_OK);
            assert_int_equal(row->row, 0);
        }
        iki_reader_free(r);
    }
    free(mem);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plain_sheet),
        cmocka_unit_test(entities_and_references),
        cmocka_unit_test(prefixes_and_attribute_order),
        cmocka_unit_test(self_closing_and_formulas),
        cmocka_unit_test(rich_inline_text),
        cmocka_unit_test(one_text_per_cell),
        cmocka_unit_test(ooxml_escapes),
        cmocka_unit_test(date_systems),
        cmocka_unit_test(iso_date_cells),
        cmocka_unit_test(comment_mid_sheet_falls_back),
        cmocka_unit_test(other_hand_overs),
        cmocka_unit_test(content_errors),
        cmocka_unit_test(shared_strings_both_ways),
        cmocka_unit_test(chunk_sizes),
        cmocka_unit_test(producer_thread),
        cmocka_unit_test(checksum_error),
        cmocka_unit_test(early_close),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
