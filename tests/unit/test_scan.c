/* The scan stage: which names are read inside folders, order, problems. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "iki/buf.h"
#include "iki/scan.h"
#include "testutil.h"

static const struct {
    const char *name;
    int wanted;
} names[] = {
    {"pmks.xlsx", 1}, {"PMKS.XLSX", 1}, {"rekap.xls", 1}, {"data.ods", 1},
    {"data.csv", 1}, {"macro.xlsm", 1}, {"~$pmks.xlsx", 0}, {".~lock.data.ods#", 0},
    {".hidden.xlsx", 0}, {"pmks.xlsx~", 0}, {"upload.tmp", 0}, {"README.txt", 0},
    {"make.sh", 0}, {"noext", 0}, {"expected.tsv", 0}, {"Rekap PMKS (1).xlsx", 1},
    {"unduhan.xlsx.crdownload", 0}, {"data.ods#", 0},
};

static void wanted_names(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        assert_int_equal(iki_scan_wanted_name(names[i].name), names[i].wanted);
    assert_string_equal(iki_scan_skip_reason("~$pmks.xlsx"), "lock file of Excel");
    assert_string_equal(iki_scan_skip_reason(".~lock.data.ods#"), "lock file of LibreOffice");
    assert_string_equal(iki_scan_skip_reason(".hidden.xlsx"), "hidden file");
    assert_string_equal(iki_scan_skip_reason("x.tmp"), "temporary file");
    assert_null(iki_scan_skip_reason("pmks.xlsx"));
    /* Windows' own files in every folder Explorer has shown */
    assert_string_equal(iki_scan_skip_reason("Thumbs.db"), "thumbnail cache of Windows");
    assert_string_equal(iki_scan_skip_reason("thumbs.db"), "thumbnail cache of Windows");
    assert_string_equal(iki_scan_skip_reason("desktop.ini"), "folder settings of Windows");
    assert_string_equal(iki_scan_skip_reason("Desktop.ini"), "folder settings of Windows");
}

static int collect_paths(void *ctx, const char *path, int explicit_arg, iki_scan_kind kind,
                         const char *reason)
{
    iki_buf *b = ctx;
    iki_buf_printf(b, "%s%s%s%s%s\n", explicit_arg ? "!" : "", path,
                   kind == IKI_SCAN_PROBLEM ? " (problem)" : "",
                   kind == IKI_SCAN_SKIPPED ? " skipped: " : "", kind == IKI_SCAN_SKIPPED ? reason : "");
    return 0;
}

static void touch(const char *path)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("a,b\n", f);
    fclose(f);
}

static void walks_in_name_order(void **state)
{
    (void)state;
    char dir[] = "/tmp/iki-scan-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char p[512];
    snprintf(p, sizeof p, "%s/b.csv", dir), touch(p);
    snprintf(p, sizeof p, "%s/a.xlsx", dir), touch(p);
    snprintf(p, sizeof p, "%s/~$a.xlsx", dir), touch(p);
    snprintf(p, sizeof p, "%s/notes.txt", dir), touch(p);
    snprintf(p, sizeof p, "%s/sub", dir), mkdir(p, 0700);
    snprintf(p, sizeof p, "%s/sub/c.ods", dir), touch(p);
    snprintf(p, sizeof p, "%s/.git", dir), mkdir(p, 0700);
    snprintf(p, sizeof p, "%s/.git/x.csv", dir), touch(p);
    iki_buf b = IKI_BUF_INIT;
    assert_int_equal(iki_scan_path(dir, collect_paths, &b), 0);
    char want[1024];
    snprintf(want, sizeof want,
             "%s/.git skipped: hidden folder\n%s/a.xlsx\n%s/b.csv\n"
             "%s/notes.txt skipped: not a spreadsheet name (.xls, .xlsx, .xlsm, .ods, .csv)\n"
             "%s/sub/c.ods\n%s/~$a.xlsx skipped: lock file of Excel\n",
             dir, dir, dir, dir, dir, dir);
    assert_string_equal(b.data, want);
    iki_buf_clear(&b);
    /* an explicit file is taken whatever its name; a missing one is a problem */
    snprintf(p, sizeof p, "%s/notes.txt", dir);
    assert_int_equal(iki_scan_path(p, collect_paths, &b), 0);
    snprintf(p, sizeof p, "%s/missing.xlsx", dir);
    assert_int_equal(iki_scan_path(p, collect_paths, &b), 0);
    snprintf(want, sizeof want, "!%s/notes.txt\n!%s/missing.xlsx (problem)\n", dir, dir);
    assert_string_equal(b.data, want);
    iki_buf_free(&b);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(wanted_names),
        cmocka_unit_test(walks_in_name_order),
    };
    return cmocka_run_group_tests_name("scan", tests, NULL, NULL);
}
