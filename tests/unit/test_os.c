/* The platform layer on POSIX (src/os/posix.c): names, the temporary file
 * beside an output and its atomic replace.  The Windows side of the same
 * calls runs under Wine in tests/wine/run.sh (backslashes, drive letters). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "iki/os.h"
#include "testutil.h"

static void base_names(void **state)
{
    (void)state;
    static const struct {
        const char *path, *base;
    } t[] = {
        {"IKI.xlsx", "IKI.xlsx"},
        {"out/IKI.xlsx", "IKI.xlsx"},
        {"/tmp/a/b/IKI-2025.xlsx", "IKI-2025.xlsx"},
        {"/IKI.xlsx", "IKI.xlsx"},
        {"folder/", ""},
        {"", ""},
        /* a backslash is a letter of a name on POSIX, never a separator */
        {"masukan\\IKI.xlsx", "masukan\\IKI.xlsx"},
        {"a/masukan\\IKI.xlsx", "masukan\\IKI.xlsx"},
        {"C:IKI.xlsx", "C:IKI.xlsx"},
    };
    for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
        const char *b = iki_os_base_name(t[i].path);
        assert_string_equal(b, t[i].base);
        /* inside the path, not a copy */
        assert_ptr_equal(b, t[i].path + strlen(t[i].path) - strlen(t[i].base));
    }
    assert_true(iki_os_is_sep('/'));
    assert_false(iki_os_is_sep('\\'));
    assert_false(iki_os_is_sep(':'));
}

static void dir_names(void **state)
{
    (void)state;
    static const struct {
        const char *path, *dir;
    } t[] = {
        {"IKI.xlsx", "."},
        {"out/IKI.xlsx", "out"},
        {"out//IKI.xlsx", "out"},
        {"/tmp/a/IKI.xlsx", "/tmp/a"},
        {"/IKI.xlsx", "/"},
        {"//IKI.xlsx", "/"},
        {"masukan\\IKI.xlsx", "."},
        {"a b/ñ é/IKI.xlsx", "a b/ñ é"},
    };
    for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
        char *d = iki_os_dir_name(t[i].path);
        assert_non_null(d);
        assert_string_equal(d, t[i].dir);
        free(d);
    }
}

static void temp_and_replace(void **state)
{
    (void)state;
    char dir[] = "/tmp/iki-os-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/IKI.xlsx", dir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs("old", f);
    fclose(f);

    char *tmp = iki_os_temp_beside(path);
    assert_non_null(tmp);
    /* in the same folder, hidden, recognised as the output's and no other's */
    char *tdir = iki_os_dir_name(tmp);
    assert_string_equal(tdir, dir);
    free(tdir);
    const char *tbase = iki_os_base_name(tmp);
    assert_int_equal(tbase[0], '.');
    assert_true(iki_os_is_temp_of(tbase, "IKI.xlsx"));
    assert_false(iki_os_is_temp_of(tbase, "IKI.xls"));
    assert_false(iki_os_is_temp_of("IKI.xlsx", "IKI.xlsx"));
    assert_false(iki_os_is_temp_of(".IKI.xlsx", "IKI.xlsx"));
    struct stat st;
    assert_int_equal(stat(tmp, &st), 0);
    assert_int_equal(st.st_size, 0);

    f = fopen(tmp, "wb");
    assert_non_null(f);
    fputs("new workbook", f);
    fclose(f);
    assert_int_equal(iki_os_replace(tmp, path), 0);
    assert_int_equal(access(tmp, F_OK), -1); /* the temporary name is gone */
    char buf[32] = {0};
    f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fread(buf, 1, sizeof buf - 1, f), 12);
    fclose(f);
    assert_string_equal(buf, "new workbook");
    free(tmp);

    /* a folder that does not exist: NULL with errno, nothing made */
    char missing[300];
    snprintf(missing, sizeof missing, "%s/no/such/IKI.xlsx", dir);
    errno = 0;
    assert_null(iki_os_temp_beside(missing));
    assert_int_equal(errno, ENOENT);

    unlink(path);
    assert_int_equal(rmdir(dir), 0); /* nothing else was left in it */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(base_names),
        cmocka_unit_test(dir_names),
        cmocka_unit_test(temp_and_replace),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
