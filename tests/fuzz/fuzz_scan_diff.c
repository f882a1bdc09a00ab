/* libFuzzer harness: differential test of the xlsx scanner (xlsx_scan.c)
 * against the expat path.  The input is XML, wrapped in a minimal xlsx in
 * memory (as fuzz_sheetxml.c does) twice: once as the sheet part (with a
 * fixed shared-string table), once as sharedStrings.xml (with a fixed
 * sheet that uses its strings).  Each workbook is read with the scanner
 * and again with iki_xlsx_force_expat; every row, cell (type, number bits,
 * text), merge, error code and error message must be the same, else the
 * harness traps.  The input's size picks the read step (iki_read_chunk),
 * so chunk boundaries are fuzzed too, whether the producer thread
 * starts at once (iki_xlsx_pipe_min = 0) or never (parts under 1 MiB), and
 * the workbook's date system (1900, or 1904: the date cells of styles 1
 * and 2 then move by 1462 days, on both paths alike). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "iki/buf.h"
#include "iki/reader.h"
#include "readers/internal.h"
#include "readers/xlsx_scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char wb1900[] =
    "<workbook xmlns:r=\"r\"><workbookPr date1904=\"0\"/><sheets>"
    "<sheet name=\"A\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char wb1904[] =
    "<workbook xmlns:r=\"r\"><workbookPr date1904=\"1\"/><sheets>"
    "<sheet name=\"A\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char *wb = wb1900;
static const char rels[] =
    "<Relationships><Relationship Id=\"rId1\" Type=\"x/worksheet\" Target=\"worksheets/s.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"x/sharedStrings\" Target=\"sharedStrings.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"x/styles\" Target=\"styles.xml\"/></Relationships>";
static const char sst[] =
    "<sst><si><t>a</t></si><si><r><t>b</t></r><rPh><t>c</t></rPh></si>"
    "<si><t xml:space=\"preserve\"> d &amp; e </t></si></sst>";
static const char styles[] =
    "<styleSheet><numFmts><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/></numFmts>"
    "<cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/><xf numFmtId=\"14\"/></cellXfs></styleSheet>";
/* the sheet for the shared-string round: indexes 0..11 */
static const char sheet_for_sst[] =
    "<worksheet><sheetData><row r=\"1\"><c t=\"s\"><v>0</v></c><c t=\"s\"><v>1</v></c>"
    "<c t=\"s\"><v>2</v></c><c t=\"s\"><v>3</v></c></row><row r=\"2\"><c t=\"s\"><v>4</v></c>"
    "<c t=\"s\"><v>5</v></c><c t=\"s\"><v>6</v></c><c t=\"s\"><v>7</v></c></row>"
    "<row r=\"3\"><c t=\"s\"><v>8</v></c><c t=\"s\"><v>9</v></c><c t=\"s\"><v>10</v></c>"
    "<c t=\"s\"><v>11</v></c></row></sheetData></worksheet>";

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
    zip_set_file_compression(z, (zip_uint64_t)i, ZIP_CM_STORE, 0);
    return 0;
}

/* An xlsx with the given sheet and shared strings; NULL on failure. */
static void *make_xlsx(const void *sheet, size_t sheet_len, const void *strings,
                       size_t strings_len, size_t *out_len)
{
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t *buf = zip_source_buffer_create(NULL, 0, 0, &err);
    void *mem = NULL;
    *out_len = 0;
    if (!buf)
        goto done;
    zip_source_keep(buf);
    zip_t *z = zip_open_from_source(buf, ZIP_TRUNCATE, &err);
    if (!z) {
        zip_source_free(buf);
        goto done;
    }
    if (add(z, "xl/workbook.xml", wb, strlen(wb)) ||
        add(z, "xl/_rels/workbook.xml.rels", rels, sizeof rels - 1) ||
        add(z, "xl/sharedStrings.xml", strings, strings_len) ||
        add(z, "xl/styles.xml", styles, sizeof styles - 1) ||
        add(z, "xl/worksheets/s.xml", sheet, sheet_len) || zip_close(z) != 0) {
        zip_discard(z);
        zip_source_free(buf);
        goto done;
    }
    zip_stat_t st;
    if (zip_source_stat(buf, &st) == 0 && zip_source_open(buf) == 0) {
        size_t len = (size_t)st.size;
        mem = malloc(len ? len : 1);
        if (mem && zip_source_read(buf, mem, len) == (zip_int64_t)len)
            *out_len = len;
        zip_source_close(buf);
    }
    zip_source_free(buf);
done:
    zip_error_fini(&err);
    if (mem && !*out_len) {
        free(mem);
        mem = NULL;
    }
    return mem;
}

/* Everything the reader says about the workbook, as text. */
static void record(const void *mem, size_t len, int force, iki_buf *out)
{
    iki_xlsx_force_expat = force;
    iki_buf_clear(out);
    iki_reader *r = iki_reader_new(NULL);
    if (!r)
        abort();
    iki_error e = iki_reader_open_memory(r, mem, len, "fuzz.xlsx");
    iki_buf_printf(out, "open %d %s\n", (int)e, iki_reader_message(r));
    if (e == IKI_OK) {
        e = iki_reader_open_sheet(r, 0);
        iki_buf_printf(out, "sheet %d %s\n", (int)e, iki_reader_message(r));
    }
    if (e == IKI_OK) {
        const iki_row *row;
        while ((e = iki_reader_next_row(r, &row)) == IKI_OK && row) {
            iki_buf_printf(out, "row %u\n", (unsigned)row->row);
            for (size_t i = 0; i < row->ncells; i++) {
                const iki_cell *c = &row->cells[i];
                iki_buf_printf(out, " %u %d %a [", (unsigned)c->col, (int)c->type, c->number);
                if (c->text)
                    iki_buf_append(out, c->text, c->text_len);
                iki_buf_append_str(out, "]\n");
            }
        }
        iki_buf_printf(out, "end %d %s\n", (int)e, iki_reader_message(r));
        size_t n = 0;
        const iki_range *m = iki_reader_merges(r, &n);
        for (size_t i = 0; i < n; i++)
            iki_buf_printf(out, "merge %u %u %u %u\n", (unsigned)m[i].first_row,
                           (unsigned)m[i].first_col, (unsigned)m[i].last_row,
                           (unsigned)m[i].last_col);
    }
    iki_reader_free(r);
    iki_xlsx_force_expat = 0;
}

static void compare(const void *mem, size_t len)
{
    iki_buf a = IKI_BUF_INIT, b = IKI_BUF_INIT;
    record(mem, len, 0, &a);
    record(mem, len, 1, &b);
    if (a.len != b.len || memcmp(a.data, b.data, a.len) != 0) {
        fprintf(stderr, "---- scanner:\n%s---- expat:\n%s----\n", a.data, b.data);
        __builtin_trap();
    }
    iki_buf_free(&a);
    iki_buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const size_t steps[] = {65536, 1, 65536, 7, 4096, 13, 65536, 2};
    size_t step = steps[size % 8];
    if (step < 4096 && size > 20000)
        step = 4096; /* tiny steps on big inputs only slow the search */
    iki_read_chunk = step;
    iki_xlsx_pipe_min = size % 3 == 0 ? 0 : (size_t)1 << 20;
    wb = size >> 3 & 1 ? wb1904 : wb1900;
    size_t len;
    void *mem = make_xlsx(data, size, sst, sizeof sst - 1, &len);
    if (mem)
        compare(mem, len);
    free(mem);
    mem = make_xlsx(sheet_for_sst, sizeof sheet_for_sst - 1, data, size, &len);
    if (mem)
        compare(mem, len);
    free(mem);
    iki_read_chunk = 65536;
    iki_xlsx_pipe_min = (size_t)1 << 20;
    return 0;
}
