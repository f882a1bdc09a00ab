/* The report stage's atomic write (iki_report_atomic) and the JSON writer
 * (iki_report_write_json) over fixtures/sampang-2025, read back with
 * jansson. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

#include "iki/report.h"
#include "iki/run.h"
#include "iki/template.h"
#include "testutil.h"

/* ---- helpers -------------------------------------------------------------- */
/* Permissions do not hold for root, and CI runs as root: as root, fn runs in
 * a child process that first becomes user and group 65534 (nobody,
 * nogroup), without supplementary groups; otherwise in this process.
 * Returns fn's result (a child that cannot drop root returns 99). */
#define UNPRIV_ID 65534
static int as_unprivileged(int (*fn)(void *), void *arg)
{
    if (geteuid() != 0)
        return fn(arg);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        if (setgroups(0, NULL) != 0 || setgid(UNPRIV_ID) != 0 || setuid(UNPRIV_ID) != 0 ||
            geteuid() == 0)
            _exit(99);
        _exit(fn(arg));
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    return WEXITSTATUS(status);
}

static char *make_tmpdir(void)
{
    char tmpl[] = "/tmp/iki-test-report-XXXXXX";
    char *d = mkdtemp(tmpl);
    assert_non_null(d);
    return strdup(d);
}

static void remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char p[4096];
            snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
            struct stat st;
            if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
                chmod(p, 0700);
                remove_tree(p);
            } else
                unlink(p);
        }
        closedir(d);
    }
    rmdir(dir);
}

static size_t count_entries(const char *dir)
{
    size_t n = 0;
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            n++;
    closedir(d);
    return n;
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(fputs(text, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
}

static void assert_file_text(const char *path, const char *text)
{
    size_t n = 0;
    unsigned char *got = read_file(path, &n);
    assert_non_null(got);
    assert_int_equal(n, strlen(text));
    assert_memory_equal(got, text, n);
    free(got);
}

/* Callbacks for iki_report_atomic */
typedef struct cb {
    const char *content;
    int fail;   /* write content, then fail with errno ENOSPC */
    int calls;
} cb;

static int write_cb(void *ctx, const char *tmp_path)
{
    cb *c = ctx;
    c->calls++;
    FILE *f = fopen(tmp_path, "w");
    if (!f)
        return -1;
    fputs(c->content, f);
    if (fclose(f) != 0)
        return -1;
    if (c->fail) {
        errno = ENOSPC;
        return -1;
    }
    return 0;
}

/* ---- iki_report_atomic ---------------------------------------------------- */
static void atomic_writes_and_replaces(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    char path[4096], err[512] = "";
    snprintf(path, sizeof path, "%s/out.json", dir);
    cb c = {"first\n", 0, 0};
    assert_int_equal(iki_report_atomic(path, write_cb, &c, err, sizeof err), IKI_OK);
    assert_file_text(path, "first\n");
    /* over an existing file */
    c.content = "second, longer content\n";
    assert_int_equal(iki_report_atomic(path, write_cb, &c, err, sizeof err), IKI_OK);
    assert_file_text(path, "second, longer content\n");
    assert_int_equal(c.calls, 2);
    assert_int_equal(count_entries(dir), 1); /* no temporary file left */
    /* the usual permissions of a new file, not mkstemp's 0600 */
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    mode_t um = umask(0);
    umask(um);
    assert_int_equal(st.st_mode & 0777, 0666 & ~um);
    /* a relative path with no folder part works too */
    char cwd[4096];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(dir), 0);
    c.content = "here\n";
    assert_int_equal(iki_report_atomic("rel.txt", write_cb, &c, err, sizeof err), IKI_OK);
    assert_int_equal(chdir(cwd), 0);
    snprintf(path, sizeof path, "%s/rel.txt", dir);
    assert_file_text(path, "here\n");
    assert_int_equal(count_entries(dir), 2);
    remove_tree(dir);
    free(dir);
}

static void atomic_failure_keeps_the_old_file(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    char path[4096], err[512] = "";
    snprintf(path, sizeof path, "%s/IKI-2025.xlsx", dir);
    write_text(path, "the earlier output\n");
    cb c = {"half a new fi", 1, 0};
    assert_int_equal(iki_report_atomic(path, write_cb, &c, err, sizeof err), IKI_ERROR_IO);
    assert_int_equal(c.calls, 1);
    assert_file_text(path, "the earlier output\n");
    assert_int_equal(count_entries(dir), 1); /* the temporary file is gone */
    assert_non_null(strstr(err, path));
    assert_non_null(strstr(err, strerror(ENOSPC)));
    /* err may be NULL */
    assert_int_equal(iki_report_atomic(path, write_cb, &c, NULL, 0), IKI_ERROR_IO);
    assert_file_text(path, "the earlier output\n");
    assert_int_equal(count_entries(dir), 1);
    remove_tree(dir);
    free(dir);
}

/* iki_report_atomic, run by as_unprivileged: 0 when it returns want, 1
 * when not, 2 when it failed without naming the path (checked here: in a
 * child process, w->err is the child's). */
typedef struct write_as {
    const char *path;
    cb *c;
    char err[512];
    iki_error want;
} write_as;

static int atomic_as(void *arg)
{
    write_as *w = arg;
    w->err[0] = '\0';
    iki_error e = iki_report_atomic(w->path, write_cb, w->c, w->err, sizeof w->err);
    if (e != w->want)
        return 1;
    if (e != IKI_OK && !strstr(w->err, w->path))
        return 2;
    return 0;
}

static void atomic_unwritable_folder(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    char path[4096], file[4096], err[512];
    cb c = {"x\n", 0, 0};
    /* the parent is a regular file: ENOTDIR, even for root */
    snprintf(file, sizeof file, "%s/afile", dir);
    write_text(file, "not a folder\n");
    snprintf(path, sizeof path, "%s/afile/out.xlsx", dir);
    err[0] = '\0';
    assert_int_equal(iki_report_atomic(path, write_cb, &c, err, sizeof err), IKI_ERROR_IO);
    assert_non_null(strstr(err, path));
    assert_non_null(strstr(err, strerror(ENOTDIR)));
    /* a folder that does not exist: ENOENT */
    snprintf(path, sizeof path, "%s/no-such-folder/out.xlsx", dir);
    err[0] = '\0';
    assert_int_equal(iki_report_atomic(path, write_cb, &c, err, sizeof err), IKI_ERROR_IO);
    assert_non_null(strstr(err, path));
    assert_non_null(strstr(err, strerror(ENOENT)));
    assert_int_equal(c.calls, 0); /* the writer was never asked */
    assert_file_text(file, "not a folder\n");
    /* a read-only folder: as an unprivileged user (see as_unprivileged) */
    char ro[2048];
    snprintf(ro, sizeof ro, "%s/ro", dir);
    assert_int_equal(mkdir(ro, 0700), 0);
    snprintf(path, sizeof path, "%s/out.xlsx", ro);
    write_text(path, "kept\n");
    if (geteuid() == 0) {
        assert_int_equal(chmod(dir, 0711), 0);
        assert_int_equal(chown(ro, UNPRIV_ID, UNPRIV_ID), 0);
        assert_int_equal(chown(path, UNPRIV_ID, UNPRIV_ID), 0);
    }
    assert_int_equal(chmod(ro, 0500), 0);
    write_as w = {path, &c, "", IKI_ERROR_IO};
    assert_int_equal(as_unprivileged(atomic_as, &w), 0);
    assert_int_equal(chmod(ro, 0700), 0);
    assert_file_text(path, "kept\n");
    assert_int_equal(count_entries(ro), 1);
    /* the same folder writable: the user writes it (the case above failed
     * for the permission, not for the setting) */
    w.want = IKI_OK;
    assert_int_equal(as_unprivileged(atomic_as, &w), 0);
    assert_file_text(path, "x\n");
    assert_int_equal(count_entries(dir), 2);
    remove_tree(dir);
    free(dir);
}

static void atomic_target_is_a_folder(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    char path[4096], err[512] = "";
    snprintf(path, sizeof path, "%s/out.xlsx", dir);
    assert_int_equal(mkdir(path, 0700), 0);
    cb c = {"x\n", 0, 0};
    assert_int_equal(iki_report_atomic(path, write_cb, &c, err, sizeof err), IKI_ERROR_IO);
    assert_non_null(strstr(err, path));
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_true(S_ISDIR(st.st_mode));
    assert_int_equal(count_entries(dir), 1);
    assert_int_equal(count_entries(path), 0);
    remove_tree(dir);
    free(dir);
}

static void atomic_misuse(void **state)
{
    (void)state;
    cb c = {"x\n", 0, 0};
    assert_int_equal(iki_report_atomic(NULL, write_cb, &c, NULL, 0), IKI_ERROR_USAGE);
    assert_int_equal(iki_report_atomic("", write_cb, &c, NULL, 0), IKI_ERROR_USAGE);
    assert_int_equal(iki_report_atomic("/tmp/x", NULL, &c, NULL, 0), IKI_ERROR_USAGE);
    assert_int_equal(c.calls, 0);
}

/* ---- the JSON ------------------------------------------------------------- */
/* Number of (position, indicator) rows of a template. */
static size_t data_rows(const iki_template *t)
{
    size_t n = 0;
    for (size_t p = 0; p < t->npositions; p++)
        for (size_t g = 0; g < t->positions[p].ngoals; g++)
            n += t->positions[p].goals[g].nindicators;
    return n;
}

/* Run over inputs (NULL-terminated), write the JSON to path, parse it. */
static json_t *run_and_write(iki_template *t, const char *const *inputs, const char *path,
                             const iki_report_options *opt)
{
    iki_run *run = iki_run_new(t);
    assert_non_null(run);
    iki_run_set_year(run, opt->year);
    iki_run_set_clock(run, (long long)opt->build_time);
    for (size_t i = 0; inputs[i]; i++)
        assert_int_equal(iki_run_add_input(run, inputs[i]), IKI_OK);
    assert_int_equal(iki_run_execute(run), IKI_OK);
    char err[512] = "";
    assert_int_equal(iki_report_write_json(run, t, opt, path, err, sizeof err), IKI_OK);
    iki_run_free(run);
    json_error_t je;
    json_t *root = json_load_file(path, 0, &je);
    if (!root)
        fail_msg("%s:%d: %s", path, je.line, je.text);
    return root;
}

static json_t *row_of(json_t *data, const char *code)
{
    size_t i;
    json_t *row;
    json_array_foreach(data, i, row)
    {
        if (strcmp(json_string_value(json_object_get(row, "kode")), code) == 0)
            return row;
    }
    fail_msg("no row %s", code);
    return NULL;
}

static void assert_keys(json_t *obj, const char *const *keys)
{
    size_t n = 0;
    const char *key;
    json_t *v;
    assert_true(json_is_object(obj));
    json_object_foreach(obj, key, v)
    {
        assert_non_null(keys[n]);
        assert_string_equal(key, keys[n]); /* in this order */
        n++;
    }
    assert_null(keys[n]);
}

static const char *const top_keys[] = {"iki", "kantor", "tahun", "waktu_pembuatan",
                                       "berkas", "data", "diagnostik", NULL};
static const char *const row_keys[] = {"kode",     "jabatan",  "sasaran",  "indikator",
                                       "pembilang", "penyebut", "realisasi", "satuan",
                                       "target",   "capaian",  "predikat", "status",
                                       "catatan",  "sumber",   NULL};
static const char *const diag_keys[] = {"kode", "tingkat", "berkas", "lembar", "sel",
                                        "pesan", "pesan_en", "argumen", NULL};

static void json_of_the_sample_folder(void **state)
{
    (void)state;
    iki_template *t = NULL;
    assert_int_equal(iki_template_load_builtin(&t, NULL, 0), IKI_OK);
    char *dir = make_tmpdir();
    char path[4096];
    snprintf(path, sizeof path, "%s/iki.json", dir);
    const char *const inputs[] = {IKI_FIXTURES "/sampang-2025", NULL};
    iki_report_options opt = {0, 1767139200, "9.9.9", NULL, NULL}; /* 2025-12-31 00:00 UTC */
    json_t *root = run_and_write(t, inputs, path, &opt);

    assert_keys(root, top_keys);
    assert_string_equal(json_string_value(json_object_get(json_object_get(root, "iki"), "versi")),
                        "9.9.9");
    json_t *office = json_object_get(root, "kantor");
    assert_string_equal(json_string_value(json_object_get(office, "nama")), t->office.name);
    assert_string_equal(json_string_value(json_object_get(office, "wilayah")), t->office.region);
    int year = t->office.year ? t->office.year : 2025;
    assert_int_equal(json_integer_value(json_object_get(root, "tahun")), year);
    assert_string_equal(json_string_value(json_object_get(root, "waktu_pembuatan")),
                        "2025-12-31T00:00:00Z");
    json_t *files = json_object_get(root, "berkas");
    assert_true(json_integer_value(json_object_get(files, "dibaca")) >= 12);
    assert_true(json_is_integer(json_object_get(files, "dilewati")));

    json_t *data = json_object_get(root, "data");
    assert_true(json_is_array(data));
    /* one row per (position, indicator): 22 in the built-in template (19
     * indicators, pmks_pulih, idg and kla under two positions) */
    assert_int_equal(json_array_size(data), data_rows(t));
    assert_int_equal(json_array_size(data), 22);
    size_t i;
    json_t *row;
    json_array_foreach(data, i, row)
    {
        assert_keys(row, row_keys);
        /* the folder's target form (target-2025.xlsx) sets every target */
        assert_string_equal(json_string_value(json_object_get(row, "status")), "ok");
        assert_false(json_is_null(json_object_get(row, "target")));
        assert_true(json_is_number(json_object_get(row, "capaian")));
        assert_true(json_is_string(json_object_get(row, "predikat")));
        assert_true(json_is_string(json_object_get(row, "catatan")));
        /* every indicator has a value and a source here */
        assert_false(json_is_null(json_object_get(row, "realisasi")));
        assert_true(strlen(json_string_value(json_object_get(row, "sumber"))) > 0);
    }
    /* pmks_pulih: 21128 of 32218 against the form's target 70 */
    row = json_array_get(data, 0);
    assert_true(json_number_value(json_object_get(row, "target")) == 70);
    assert_true(fabs(json_real_value(json_object_get(row, "capaian")) -
                     21128.0 / 32218.0 * 100.0 / 70.0 * 100.0) < 1e-9);
    /* the order: positions, goals, indicators */
    assert_string_equal(json_string_value(json_object_get(json_array_get(data, 0), "kode")),
                        "pmks_pulih");
    assert_string_equal(json_string_value(json_object_get(json_array_get(data, 0), "jabatan")),
                        t->positions[0].title);

    json_t *pmks = row_of(data, "pmks_pulih");
    assert_true(json_is_integer(json_object_get(pmks, "pembilang")));
    assert_int_equal(json_integer_value(json_object_get(pmks, "pembilang")), 21128);
    assert_int_equal(json_integer_value(json_object_get(pmks, "penyebut")), 32218);
    json_t *real = json_object_get(pmks, "realisasi");
    assert_true(json_is_real(real));
    /* full precision: the very double compute made */
    assert_true(json_real_value(real) == 21128.0 / 32218.0 * 100.0);
    assert_string_equal(json_string_value(json_object_get(pmks, "satuan")), "%");
    const char *src = json_string_value(json_object_get(pmks, "sumber"));
    assert_non_null(strstr(src, "pmks-2025.csv!"));
    assert_non_null(strstr(src, "; "));

    json_t *kla = row_of(data, "kla");
    assert_string_equal(json_string_value(json_object_get(kla, "realisasi")), "Madya");
    assert_true(json_is_real(json_object_get(kla, "pembilang"))); /* the score 688.4 */
    assert_true(fabs(json_real_value(json_object_get(kla, "pembilang")) - 688.4) < 1e-9);
    assert_true(json_is_null(json_object_get(kla, "penyebut")));

    assert_true(json_is_array(json_object_get(root, "diagnostik")));
    json_decref(root);

    /* the file: 2-space indent, a trailing newline, keys in order */
    size_t n = 0;
    unsigned char *text = read_file(path, &n);
    assert_non_null(text);
    assert_true(n > 2 && text[n - 1] == '\n' && text[n - 2] == '}');
    assert_memory_equal(text, "{\n  \"iki\": {\n    \"versi\": ", 25);
    free(text);
    assert_int_equal(count_entries(dir), 1);

    /* --year wins over the template's year */
    opt.year = 2031;
    root = run_and_write(t, inputs, path, &opt);
    assert_int_equal(json_integer_value(json_object_get(root, "tahun")), 2031);
    json_decref(root);
    remove_tree(dir);
    free(dir);
    iki_template_free(t);
}

static void json_targets_and_diagnostics(void **state)
{
    (void)state;
    iki_template *t = NULL;
    assert_int_equal(iki_template_load_builtin(&t, NULL, 0), IKI_OK);
    t->office.year = 0; /* the year the inputs state then, not the build time's */
    /* targets set in memory, as a template with targets would */
    long pmks = iki_template_find_indicator(t, "pmks_pulih");
    long tmp = iki_template_find_indicator(t, "tmp_dikelola");
    assert_true(pmks >= 0 && tmp >= 0);
    t->indicators[pmks].target.kind = IKI_TARGET_NUMBER;
    t->indicators[pmks].target.lo = 80;
    t->indicators[tmp].target.kind = IKI_TARGET_RANGE;
    t->indicators[tmp].target.lo = 60;
    t->indicators[tmp].target.hi = 70;
    free(t->indicators[tmp].target.text);
    t->indicators[tmp].target.text = strdup("60-70");

    char *dir = make_tmpdir();
    char path[4096], broken[4096];
    snprintf(path, sizeof path, "%s/iki.json", dir);
    snprintf(broken, sizeof broken, "%s/rusak.xlsx", dir);
    /* a broken input beside the sample folder: an error diagnostic */
    size_t n = 0;
    unsigned char *bytes = read_file(IKI_FIXTURES "/bad/files/truncated.xlsx", &n);
    assert_non_null(bytes);
    FILE *f = fopen(broken, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
    free(bytes);

    /* the sample's data files without its target form, whose targets would
     * take precedence over the template's */
#define S IKI_FIXTURES "/sampang-2025/"
    const char *const inputs[] = {S "pmks-2025.csv",         S "rehsos-2025.xls",
                                  S "dayasos-2025.xlsx",     S "tmp-2025.ods",
                                  S "bencana-tw3-2025.xlsx", S "bencana-tw4-2025.ods",
                                  S "ppa-2025.xlsx",         S "kelembagaan-2025.xlsx",
                                  S "pprg-2025.xls",         S "idg-2025.csv",
                                  S "kla-2025.ods",          S "sekretariat-2025.xlsx",
                                  broken,                    NULL};
#undef S
    iki_report_options opt = {0, 1700000000, NULL, NULL, NULL}; /* 2023-11-14 22:13:20 UTC */
    json_t *root = run_and_write(t, inputs, path, &opt);
    assert_keys(root, top_keys);
    assert_true(json_is_null(json_object_get(json_object_get(root, "iki"), "versi")));
    assert_int_equal(json_integer_value(json_object_get(root, "tahun")), 2025);
    assert_string_equal(json_string_value(json_object_get(root, "waktu_pembuatan")),
                        "2023-11-14T22:13:20Z");
    assert_true(json_integer_value(json_object_get(json_object_get(root, "berkas"), "dilewati")) >= 1);

    json_t *data = json_object_get(root, "data");
    json_t *row = row_of(data, "pmks_pulih");
    assert_true(json_is_number(json_object_get(row, "target")));
    assert_true(json_number_value(json_object_get(row, "target")) == 80);
    double capaian = json_real_value(json_object_get(row, "capaian"));
    assert_true(fabs(capaian - 21128.0 / 32218.0 * 100.0 / 80.0 * 100.0) < 1e-9);
    assert_string_equal(json_string_value(json_object_get(row, "status")), "ok");
    assert_string_equal(json_string_value(json_object_get(row, "catatan")), "");
    assert_true(json_is_string(json_object_get(row, "predikat")));
    row = row_of(data, "tmp_dikelola");
    assert_string_equal(json_string_value(json_object_get(row, "target")), "60-70");
    assert_true(json_real_value(json_object_get(row, "capaian")) == 100.0); /* 66.7 inside */

    json_t *diags = json_object_get(root, "diagnostik");
    assert_true(json_array_size(diags) >= 1);
    size_t i;
    json_t *g;
    int named = 0;
    json_array_foreach(diags, i, g)
    {
        assert_keys(g, diag_keys);
        const char *lvl = json_string_value(json_object_get(g, "tingkat"));
        assert_non_null(lvl);
        assert_true(strcmp(lvl, "info") == 0 || strcmp(lvl, "peringatan") == 0 ||
                    strcmp(lvl, "galat") == 0);
        assert_true(json_is_string(json_object_get(g, "pesan")));
        json_t *file = json_object_get(g, "berkas");
        assert_true(json_is_null(file) || json_is_string(file));
        /* the code: snake_case; the arguments: in the English sentence */
        const char *code = json_string_value(json_object_get(g, "kode"));
        assert_non_null(code);
        assert_true(code[0] && strspn(code, "abcdefghijklmnopqrstuvwxyz_") == strlen(code));
        const char *en = json_string_value(json_object_get(g, "pesan_en"));
        assert_non_null(en);
        json_t *args = json_object_get(g, "argumen"), *a;
        size_t k;
        assert_true(json_is_array(args));
        json_array_foreach(args, k, a)
        {
            assert_true(json_is_string(a) || json_is_integer(a) || json_is_real(a));
            if (json_is_string(a))
                assert_non_null(strstr(en, json_string_value(a)));
        }
        if (json_is_string(file) && strstr(json_string_value(file), "rusak.xlsx") &&
            strcmp(lvl, "galat") == 0) {
            assert_int_equal(strncmp(code, "read_", 5), 0); /* from the reader's error */
            named = 1;
        }
    }
    assert_true(named);
    json_decref(root);
    remove_tree(dir);
    free(dir);
    iki_template_free(t);
}

static void json_unwritable_path(void **state)
{
    (void)state;
    iki_template *t = NULL;
    assert_int_equal(iki_template_load_builtin(&t, NULL, 0), IKI_OK);
    iki_run *run = iki_run_new(t);
    assert_non_null(run);
    assert_int_equal(iki_run_execute(run), IKI_OK); /* no inputs at all */
    char *dir = make_tmpdir();
    char path[4096], err[512] = "";
    snprintf(path, sizeof path, "%s/afile", dir);
    write_text(path, "a file\n");
    snprintf(path, sizeof path, "%s/afile/iki.json", dir);
    iki_report_options opt = {0, 0, "1", NULL, NULL};
    assert_int_equal(iki_report_write_json(run, t, &opt, path, err, sizeof err), IKI_ERROR_IO);
    assert_non_null(strstr(err, path));
    assert_int_equal(count_entries(dir), 1);
    assert_int_equal(iki_report_write_json(NULL, t, &opt, path, err, sizeof err),
                     IKI_ERROR_USAGE);
    /* with no inputs: every row present, values null, status says why */
    snprintf(path, sizeof path, "%s/iki.json", dir);
    assert_int_equal(iki_report_write_json(run, t, &opt, path, err, sizeof err), IKI_OK);
    json_t *root = json_load_file(path, 0, NULL);
    assert_non_null(root);
    json_t *data = json_object_get(root, "data");
    assert_int_equal(json_array_size(data), data_rows(t));
    json_t *row = row_of(data, "pmks_pulih");
    assert_true(json_is_null(json_object_get(row, "pembilang")));
    assert_true(json_is_null(json_object_get(row, "realisasi")));
    assert_string_equal(json_string_value(json_object_get(row, "status")),
                        "data tidak tersedia");
    assert_string_equal(json_string_value(json_object_get(row, "sumber")), "");
    assert_true(strlen(json_string_value(json_object_get(row, "catatan"))) > 0);
    assert_string_equal(json_string_value(json_object_get(root, "waktu_pembuatan")),
                        "1970-01-01T00:00:00Z");
    json_decref(root);
    remove_tree(dir);
    free(dir);
    iki_run_free(run);
    iki_template_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(atomic_writes_and_replaces),
        cmocka_unit_test(atomic_failure_keeps_the_old_file),
        cmocka_unit_test(atomic_unwritable_folder),
        cmocka_unit_test(atomic_target_is_a_folder),
        cmocka_unit_test(atomic_misuse),
        cmocka_unit_test(json_of_the_sample_folder),
        cmocka_unit_test(json_targets_and_diagnostics),
        cmocka_unit_test(json_unwritable_path),
    };
    return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}
