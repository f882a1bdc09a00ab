/* Corrupts every reader fixture at random (fixed seed) and reads it whole:
 * any outcome is fine except a crash, a hang or a sanitizer report.  Each
 * failure must come with a message naming the file.  (libarchive's habit.) */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

static unsigned long long rng_state = 0x1234567887654321ull;

static unsigned rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (unsigned)(rng_state >> 11);
}

static int wanted(const char *name)
{
    const char *dot = strrchr(name, '.');
    return dot && (strcasecmp(dot, ".xls") == 0 || strcasecmp(dot, ".xlsx") == 0 ||
                   strcasecmp(dot, ".ods") == 0 || strcasecmp(dot, ".csv") == 0);
}

static void read_all(const unsigned char *data, size_t size, const char *name)
{
    iki_limits l;
    iki_limits_default(&l);
    /* keep each try small and quick */
    l.max_entry_bytes = 8u << 20;
    l.max_total_bytes = 32u << 20;
    l.max_rows = 70000;
    iki_reader *r = iki_reader_new(&l);
    assert_non_null(r);
    iki_error e = iki_reader_open_memory(r, data, size, name);
    if (e == IKI_OK) {
        for (size_t s = 0; s < iki_reader_sheet_count(r); s++) {
            if (iki_reader_open_sheet(r, s) != IKI_OK) {
                assert_non_null(strstr(iki_reader_message(r), name));
                continue;
            }
            const iki_row *row;
            while ((e = iki_reader_next_row(r, &row)) == IKI_OK && row)
                for (size_t i = 0; i < row->ncells; i++)
                    if (row->cells[i].text)
                        assert_int_equal(strlen(row->cells[i].text) <= row->cells[i].text_len, 1);
            if (e != IKI_OK)
                assert_non_null(strstr(iki_reader_message(r), name));
            size_t n;
            iki_reader_merges(r, &n);
        }
    } else {
        assert_non_null(strstr(iki_reader_message(r), name));
    }
    iki_reader_free(r);
}

static void mutate_file(const char *path)
{
    size_t size;
    unsigned char *orig = read_file(path, &size);
    assert_non_null(orig);
    unsigned char *buf = malloc(size + 1);
    assert_non_null(buf);
    for (int round = 0; round < 60; round++) {
        memcpy(buf, orig, size);
        size_t n = size;
        switch (round % 4) {
        case 0: /* truncate */
            n = size ? rnd() % size : 0;
            break;
        case 1: /* flip a few bytes */
            for (int k = 0; k < 1 + (int)(rnd() % 8) && size; k++)
                buf[rnd() % size] ^= (unsigned char)(1u << (rnd() % 8));
            break;
        case 2: /* overwrite a run with 0xFF (sizes, counts, sector ids) */
            if (size > 8) {
                size_t at = rnd() % (size - 4);
                memset(buf + at, 0xFF, 4);
            }
            break;
        default: /* zero a run */
            if (size > 16) {
                size_t at = rnd() % (size - 8);
                memset(buf + at, 0, 8);
            }
            break;
        }
        read_all(buf, n, path);
    }
    free(buf);
    free(orig);
}

static void walk(const char *dir, int *count)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.' || strcmp(de->d_name, "bad") == 0 ||
            strcmp(de->d_name, "src") == 0)
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        struct stat st;
        if (stat(path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode))
            walk(path, count);
        else if (S_ISREG(st.st_mode) && wanted(de->d_name) && st.st_size < (1 << 20)) {
            mutate_file(path);
            (*count)++;
        }
    }
    closedir(d);
}

static void corrupted_fixtures_never_crash(void **state)
{
    (void)state;
    int count = 0;
    walk(IKI_FIXTURES, &count);
    assert_true(count >= 5);
}

/* Excel 2.x-4.0 saved a bare BIFF record stream, no compound file.  Its
 * worksheets are read (fixtures/xls/biff*.xls, test_xls); an Excel 4.0
 * workbook (BOF type 0x0100) is named as unsupported, not "no known
 * format"; so are a chart or macro sheet alone. */
static void old_excel_streams_are_named(void **state)
{
    (void)state;
    static const struct {
        unsigned char head[10];
        iki_error want;
        const char *says;
    } cases[] = {
        {{0x09, 0x00, 0x04, 0x00, 0x02, 0x00, 0x10, 0x00, 0x0A, 0x00}, IKI_OK, NULL},
        {{0x09, 0x02, 0x06, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00}, IKI_OK, NULL},
        {{0x09, 0x04, 0x06, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00}, IKI_OK, NULL},
        {{0x09, 0x04, 0x06, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00},
         IKI_ERROR_UNSUPPORTED, "Excel 4.0 workbooks (BIFF4W)"},
        {{0x09, 0x02, 0x06, 0x00, 0x00, 0x00, 0x20, 0x00, 0x00, 0x00},
         IKI_ERROR_UNSUPPORTED, "without a worksheet"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        unsigned char buf[64] = {0};
        memcpy(buf, cases[i].head, sizeof cases[i].head);
        buf[10] = 0x0A; /* EOF */
        iki_reader *r = iki_reader_new(NULL);
        assert_non_null(r);
        assert_int_equal(iki_reader_open_memory(r, buf, sizeof buf, "lama.xls"), cases[i].want);
        if (cases[i].says) {
            assert_non_null(strstr(iki_reader_message(r), cases[i].says));
            assert_non_null(strstr(iki_reader_message_id(r), "simpan sebagai .xlsx"));
            assert_string_not_equal(iki_reader_message(r), iki_reader_message_id(r));
        } else {
            assert_int_equal(iki_reader_sheet_count(r), 1);
            assert_string_equal(iki_reader_sheet(r, 0)->name, "lama");
        }
        iki_reader_free(r);
    }
    /* a BOF-like start with a length no BOF has stays "no known format" */
    unsigned char odd[64] = {0x09, 0x04, 0xF0, 0x00, 0x00, 0x00, 0x10, 0x00};
    iki_reader *r = iki_reader_new(NULL);
    assert_non_null(r);
    assert_int_equal(iki_reader_open_memory(r, odd, sizeof odd, "x.xls"),
                     IKI_ERROR_NOT_SPREADSHEET);
    iki_reader_free(r);
}

/* A file larger than limits.max_file_bytes is refused by its size, before
 * a byte of it is read (a sparse file of max + 1 bytes). */
static void file_over_the_size_limit(void **state)
{
    (void)state;
    iki_limits lim;
    iki_limits_default(&lim);
    assert_true(lim.max_file_bytes >= (UINT64_C(1) << 30));
    char path[] = "/tmp/iki-test-big-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    lim.max_file_bytes = 1 << 20;
    assert_int_equal(ftruncate(fd, (off_t)lim.max_file_bytes + 1), 0);
    close(fd);
    iki_reader *r = iki_reader_new(&lim);
    assert_non_null(r);
    assert_int_equal(iki_reader_open_path(r, path), IKI_ERROR_LIMIT);
    assert_non_null(strstr(iki_reader_message(r), path));
    assert_non_null(strstr(iki_reader_message(r), "larger than"));
    iki_reader_free(r);
    /* at the limit it is read (and found to be no spreadsheet: zeros) */
    assert_int_equal(truncate(path, (off_t)lim.max_file_bytes), 0);
    r = iki_reader_new(&lim);
    assert_non_null(r);
    assert_int_equal(iki_reader_open_path(r, path), IKI_ERROR_NOT_SPREADSHEET);
    iki_reader_free(r);
    unlink(path);
}

/* Nesting bombs (fixtures/bad/files/nested*): a million nested elements in
 * a sheet, the shared strings, the workbook part or an ODS cell stop at
 * IKI_XML_MAX_DEPTH with a limit error naming the part, instead of costing
 * the XML parser memory per level (160 MB here, 730 MB at 32 MiB of XML). */
static void nesting_bombs_stop_at_the_depth_limit(void **state)
{
    (void)state;
    static const char *const files[][2] = {
        {"bad/files/nested-sheet.xlsx", "xl/worksheets/sheet1.xml"},
        {"bad/files/nested-sst.xlsx", "xl/sharedStrings.xml"},
        {"bad/files/nested-workbook.xlsx", "xl/workbook.xml"},
        {"bad/files/nested.ods", "content.xml"},
    };
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        iki_error e;
        char *all = dump_path_all(fixture_path(files[i][0]), &e);
        free(all);
        if (all)
            fail_msg("%s: read without an error", files[i][0]);
        assert_int_equal(e, IKI_ERROR_LIMIT);
        iki_reader *r = iki_reader_new(NULL);
        assert_non_null(r);
        e = iki_reader_open_path(r, fixture_path(files[i][0]));
        for (size_t s = 0; e == IKI_OK && s < iki_reader_sheet_count(r); s++) {
            e = iki_reader_open_sheet(r, s);
            const iki_row *row;
            while (e == IKI_OK && (e = iki_reader_next_row(r, &row)) == IKI_OK && row)
                ;
        }
        assert_int_equal(e, IKI_ERROR_LIMIT);
        assert_non_null(strstr(iki_reader_message(r), files[i][1]));
        assert_non_null(strstr(iki_reader_message(r), "nested deeper than 256"));
        assert_non_null(strstr(iki_reader_message_id(r), "bersarang"));
        iki_reader_free(r);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(corrupted_fixtures_never_crash),
        cmocka_unit_test(old_excel_streams_are_named),
        cmocka_unit_test(file_over_the_size_limit),
        cmocka_unit_test(nesting_bombs_stop_at_the_depth_limit),
    };
    return cmocka_run_group_tests_name("corrupt", tests, NULL, NULL);
}
