#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iki/dump.h"
#include "iki/table.h"

const char *fixture_path(const char *rel)
{
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s/%s", IKI_FIXTURES, rel);
    return buf;
}

unsigned char *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    iki_buf b = IKI_BUF_INIT;
    char tmp[65536];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
        if (iki_buf_append(&b, tmp, n) != 0)
            break;
    fclose(f);
    if (!b.data)
        b.data = calloc(1, 1);
    *size = b.len;
    return (unsigned char *)b.data;
}

static int to_buf(void *ctx, const char *data, size_t len)
{
    return iki_buf_append(ctx, data, len);
}

char *dump_sheet(iki_reader *r, size_t index, iki_error *err)
{
    iki_buf b = IKI_BUF_INIT;
    iki_error e = iki_dump_sheet(r, index, to_buf, &b);
    if (err)
        *err = e;
    if (e != IKI_OK) {
        iki_buf_free(&b);
        return NULL;
    }
    if (!b.data)
        iki_buf_append(&b, "", 0);
    return b.data;
}

char *dump_workbook(iki_reader *r, iki_error *err)
{
    iki_buf b = IKI_BUF_INIT;
    iki_buf_append(&b, "", 0);
    for (size_t i = 0; i < iki_reader_sheet_count(r); i++) {
        iki_buf_printf(&b, "## %s\n", iki_reader_sheet(r, i)->name);
        char *s = dump_sheet(r, i, err);
        if (!s) {
            iki_buf_free(&b);
            return NULL;
        }
        iki_buf_append_str(&b, s);
        free(s);
    }
    if (err)
        *err = IKI_OK;
    return b.data;
}

char *dump_path_all(const char *path, iki_error *err)
{
    iki_reader *r = iki_reader_new(NULL);
    iki_error e = iki_reader_open_path(r, path);
    char *out = NULL;
    if (e == IKI_OK)
        out = dump_workbook(r, &e);
    if (err)
        *err = e;
    iki_reader_free(r);
    return out;
}

void test_strlist_make(iki_strlist *l, const char *const *items, size_t n)
{
    l->n = n;
    l->items = calloc(n ? n : 1, sizeof *l->items);
    l->norm = calloc(n ? n : 1, sizeof *l->norm);
    assert_non_null(l->items);
    assert_non_null(l->norm);
    for (size_t i = 0; i < n; i++) {
        char buf[256];
        iki_norm_text(items[i], strlen(items[i]), buf, sizeof buf);
        l->items[i] = strdup(items[i]);
        l->norm[i] = strdup(buf);
        assert_non_null(l->items[i]);
        assert_non_null(l->norm[i]);
    }
}

void test_strlist_free(iki_strlist *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->items[i]);
        free(l->norm[i]);
    }
    free(l->items);
    free(l->norm);
    memset(l, 0, sizeof *l);
}
