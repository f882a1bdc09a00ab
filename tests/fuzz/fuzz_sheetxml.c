/* libFuzzer harness: the xlsx sheet XML parser.  A mutated zip rarely
 * inflates, so this harness takes the sheet XML itself and wraps it in a
 * minimal xlsx built in memory with libzip (stored entries), then reads
 * it.  Deep coverage of the cell, row, shared-string and merge handling. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "iki/reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char wb[] =
    "<workbook xmlns:r=\"r\"><workbookPr date1904=\"0\"/><sheets>"
    "<sheet name=\"A\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char rels[] =
    "<Relationships><Relationship Id=\"rId1\" Type=\"x/worksheet\" Target=\"worksheets/s.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"x/sharedStrings\" Target=\"sharedStrings.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"x/styles\" Target=\"styles.xml\"/></Relationships>";
static const char sst[] = "<sst><si><t>a</t></si><si><r><t>b</t></r><rPh><t>c</t></rPh></si></sst>";
static const char styles[] =
    "<styleSheet><numFmts><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/></numFmts>"
    "<cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/><xf numFmtId=\"14\"/></cellXfs></styleSheet>";

static int add(zip_t *z, const char *name, const void *data, size_t len)
{
    zip_source_t *s = zip_source_buffer(z, data, len, 0);
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t *buf = zip_source_buffer_create(NULL, 0, 0, &err);
    if (!buf)
        return 0;
    zip_source_keep(buf);
    zip_t *z = zip_open_from_source(buf, ZIP_TRUNCATE, &err);
    if (!z) {
        zip_source_free(buf);
        return 0;
    }
    if (add(z, "xl/workbook.xml", wb, sizeof wb - 1) || add(z, "xl/_rels/workbook.xml.rels", rels, sizeof rels - 1) ||
        add(z, "xl/sharedStrings.xml", sst, sizeof sst - 1) || add(z, "xl/styles.xml", styles, sizeof styles - 1) ||
        add(z, "xl/worksheets/s.xml", data, size) || zip_close(z) != 0) {
        zip_discard(z);
        zip_source_free(buf);
        return 0;
    }
    zip_stat_t st;
    void *mem = NULL;
    size_t len = 0;
    if (zip_source_stat(buf, &st) == 0 && zip_source_open(buf) == 0) {
        len = (size_t)st.size;
        mem = malloc(len ? len : 1);
        if (mem && zip_source_read(buf, mem, len) != (zip_int64_t)len)
            len = 0;
        zip_source_close(buf);
    }
    zip_source_free(buf);
    if (mem && len) {
        iki_reader *r = iki_reader_new(NULL);
        if (r && iki_reader_open_memory(r, mem, len, "fuzz.xlsx") == IKI_OK &&
            iki_reader_open_sheet(r, 0) == IKI_OK) {
            const iki_row *row;
            while (iki_reader_next_row(r, &row) == IKI_OK && row)
                ;
        }
        iki_reader_free(r);
    }
    free(mem);
    zip_error_fini(&err);
    return 0;
}
