/* Differential oracle: every .xls under fixtures/ read by FreeXL (an
 * independent reader, used here only) and by iki must agree on every cell
 * FreeXL reports with a value.  FreeXL reports formula cells as NULL, so
 * those are not compared; dates come from FreeXL as text and are compared
 * with iki's dump text. */
#define _GNU_SOURCE
#include <dirent.h>
#include <freexl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "iki/dump.h"
#include "testutil.h"

typedef struct files {
    char **v;
    size_t n, cap;
} files;

static void walk(const char *dir, files *out)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char *p = NULL;
        if (asprintf(&p, "%s/%s", dir, e->d_name) < 0)
            continue;
        struct stat st;
        if (stat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
            walk(p, out);
            free(p);
            continue;
        }
        size_t len = strlen(p);
        if (len > 4 && strcasecmp(p + len - 4, ".xls") == 0) {
            if (out->n == out->cap) {
                out->cap = out->cap ? out->cap * 2 : 32;
                out->v = realloc(out->v, out->cap * sizeof *out->v);
                assert_non_null(out->v);
            }
            out->v[out->n++] = p;
        } else {
            free(p);
        }
    }
    closedir(d);
}

/* iki's cells of one sheet, dense: rows x 256 columns of dump text. */
typedef struct grid {
    uint32_t rows;
    char **text;         /* rows * 256, NULL = nothing */
    iki_cell_type *type;
    double *num;
} grid;

static void grid_free(grid *g)
{
    for (size_t i = 0; g->text && i < (size_t)g->rows * 256; i++)
        free(g->text[i]);
    free(g->text);
    free(g->type);
    free(g->num);
}

static int load_grid(iki_reader *r, size_t sheet, uint32_t rows, grid *g)
{
    memset(g, 0, sizeof *g);
    g->rows = rows;
    g->text = calloc((size_t)rows * 256 + 1, sizeof *g->text);
    g->type = calloc((size_t)rows * 256 + 1, sizeof *g->type);
    g->num = calloc((size_t)rows * 256 + 1, sizeof *g->num);
    assert_true(g->text && g->type && g->num);
    if (iki_reader_open_sheet(r, sheet) != IKI_OK)
        return -1;
    const iki_row *row;
    iki_error e;
    while ((e = iki_reader_next_row(r, &row)) == IKI_OK && row) {
        for (size_t i = 0; i < row->ncells; i++) {
            const iki_cell *c = &row->cells[i];
            if (row->row >= rows || c->col >= 256)
                continue;
            size_t k = (size_t)row->row * 256 + c->col;
            iki_buf b = IKI_BUF_INIT;
            iki_dump_append_cell(&b, c);
            free(g->text[k]);
            g->text[k] = b.data ? b.data : strdup("");
            g->type[k] = c->type;
            g->num[k] = c->number;
        }
    }
    return e == IKI_OK ? 0 : -1;
}

static size_t compared;

static void compare_file(const char *path)
{
    const void *h = NULL;
    if (freexl_open(path, &h) != FREEXL_OK || !h) {
        freexl_close(h);
        return; /* FreeXL refuses it: nothing to compare */
    }
    unsigned int pw = 0, nsheets = 0;
    if (freexl_get_info(h, FREEXL_BIFF_PASSWORD, &pw) == FREEXL_OK &&
        pw == FREEXL_BIFF_OBFUSCATED) {
        freexl_close(h);
        return;
    }
    iki_reader *r = iki_reader_new(NULL);
    iki_error e = iki_reader_open_path(r, path);
    if (e == IKI_ERROR_ENCRYPTED) { /* known-encrypted (FILEPASS) */
        iki_reader_free(r);
        freexl_close(h);
        return;
    }
    if (e != IKI_OK)
        fail_msg("%s: FreeXL reads it, iki does not: %s", path,
                 iki_reader_message(r));
    if (freexl_get_info(h, FREEXL_BIFF_SHEET_COUNT, &nsheets) != FREEXL_OK)
        fail_msg("%s: FreeXL has no sheet count", path);
    /* Excel 2.x-4.0 worksheets (BIFF2-4) hold no sheet name: FreeXL calls
     * the one sheet "Worksheet", iki names it after the file as Excel does;
     * the one sheet is compared with the one sheet */
    unsigned biff = 0;
    if (freexl_get_info(h, FREEXL_BIFF_VERSION, &biff) != FREEXL_OK)
        fail_msg("%s: FreeXL has no BIFF version", path);
    int unnamed = biff == FREEXL_BIFF_VER_2 || biff == FREEXL_BIFF_VER_3 ||
                  biff == FREEXL_BIFF_VER_4;
    if (unnamed && (nsheets != 1 || iki_reader_sheet_count(r) != 1))
        fail_msg("%s: a BIFF%u worksheet: FreeXL %u sheets, iki %zu", path, biff, nsheets,
                 iki_reader_sheet_count(r));
    for (unsigned s = 0; s < nsheets; s++) {
        const char *name = NULL;
        assert_int_equal(freexl_get_worksheet_name(h, (unsigned short)s, &name), FREEXL_OK);
        long idx = unnamed ? 0 : iki_reader_find_sheet(r, name);
        if (idx < 0)
            fail_msg("%s: sheet '%s' of FreeXL missing in iki", path, name);
        assert_int_equal(freexl_select_active_worksheet(h, (unsigned short)s), FREEXL_OK);
        unsigned int rows = 0;
        unsigned short cols = 0;
        assert_int_equal(freexl_worksheet_dimensions(h, &rows, &cols), FREEXL_OK);
        if (rows > 65536)
            rows = 65536;
        grid g;
        if (load_grid(r, (size_t)idx, rows, &g) != 0)
            fail_msg("%s: sheet '%s': %s", path, name, iki_reader_message(r));
        for (unsigned row = 0; row < rows; row++) {
            for (unsigned col = 0; col < cols && col < 256; col++) {
                FreeXL_CellValue v;
                if (freexl_get_cell_value(h, row, (unsigned short)col, &v) != FREEXL_OK)
                    continue;
                size_t k = (size_t)row * 256 + col;
                const char *got = g.text[k];
                char want[512];
                switch (v.type) {
                case FREEXL_CELL_INT:
                    /* FreeXL reports a BOOLERR error as its code, an int */
                    if (got && g.type[k] == IKI_CELL_ERROR)
                        continue;
                    if (!got || (g.type[k] != IKI_CELL_NUMBER && g.type[k] != IKI_CELL_BOOL) ||
                        g.num[k] != (double)v.value.int_value)
                        fail_msg("%s '%s' R%uC%u: FreeXL int %d, iki '%s'", path,
                                 name, row + 1, col + 1, v.value.int_value,
                                 got ? got : "(none)");
                    break;
                case FREEXL_CELL_DOUBLE:
                    if (!got || g.type[k] != IKI_CELL_NUMBER ||
                        g.num[k] != v.value.double_value)
                        fail_msg("%s '%s' R%uC%u: FreeXL %.17g, iki '%s'", path,
                                 name, row + 1, col + 1, v.value.double_value,
                                 got ? got : "(none)");
                    break;
                case FREEXL_CELL_TEXT:
                case FREEXL_CELL_SST_TEXT:
                case FREEXL_CELL_DATE:
                case FREEXL_CELL_TIME:
                case FREEXL_CELL_DATETIME:
                    snprintf(want, sizeof want, "%s", v.value.text_value);
                    if (v.type == FREEXL_CELL_DATETIME) {
                        /* 'YYYY-MM-DD HH:MM:SS' -> iki's 'YYYY-MM-DDTHH:MM:SS',
                         * midnight shown as the date alone */
                        if (strlen(want) == 19) {
                            want[10] = 'T';
                            if (strcmp(want + 11, "00:00:00") == 0)
                                want[10] = '\0';
                        }
                    }
                    if (v.type == FREEXL_CELL_TEXT || v.type == FREEXL_CELL_SST_TEXT) {
                        if (!want[0])
                            break; /* an empty string is no cell for iki */
                        if (!got || g.type[k] != IKI_CELL_TEXT)
                            fail_msg("%s '%s' R%uC%u: FreeXL text '%s', iki '%s'",
                                     path, name, row + 1, col + 1, want,
                                     got ? got : "(none)");
                    } else if (!got || g.type[k] != IKI_CELL_DATE) {
                        fail_msg("%s '%s' R%uC%u: FreeXL date '%s', iki '%s'",
                                 path, name, row + 1, col + 1, want,
                                 got ? got : "(none)");
                    }
                    if (strcmp(want, got) != 0)
                        fail_msg("%s '%s' R%uC%u: FreeXL '%s', iki '%s'", path,
                                 name, row + 1, col + 1, want, got);
                    break;
                default:
                    continue; /* NULL: formulas, blanks, errors */
                }
                compared++;
            }
        }
        grid_free(&g);
    }
    iki_reader_free(r);
    freexl_close(h);
}

static void freexl_agrees_on_every_fixture(void **state)
{
    (void)state;
    files f = {0};
    walk(IKI_FIXTURES, &f);
    assert_true(f.n > 0);
    for (size_t i = 0; i < f.n; i++) {
        compare_file(f.v[i]);
        free(f.v[i]);
    }
    free(f.v);
    print_message("%zu cells compared\n", compared);
    /* the fixtures of fixtures/xls alone hold well over a thousand values */
    assert_true(compared > 1000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(freexl_agrees_on_every_fixture),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
