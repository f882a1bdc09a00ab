/* The run stage (iki_run): a file saved again while iki reads it (staff
 * copying into the inbox) is hashed and read again once, and its new
 * content is what counts; a file that keeps changing is reported and not
 * used.  Identical copies are read once.  The files are copies of
 * fixtures/sampang-2025/pmks-2025.csv in a temporary folder. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nettle/sha2.h>

#include "iki/run.h"
#include "iki/template.h"
#include "testutil.h"

typedef struct fx {
    iki_template *t;
    char dir[64];
    char path[128];
    unsigned char *orig, *edited; /* the fixture, and it with one count changed */
    size_t norig, nedited;
} fx;

static void write_bytes(const char *path, const unsigned char *b, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(b, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

static int setup(void **state)
{
    fx *x = calloc(1, sizeof *x);
    assert_non_null(x);
    char err[256];
    assert_int_equal(iki_template_load_builtin(&x->t, err, sizeof err), IKI_OK);
    strcpy(x->dir, "/tmp/iki-test-run-XXXXXX");
    assert_non_null(mkdtemp(x->dir));
    snprintf(x->path, sizeof x->path, "%s/pmks-2025.csv", x->dir);
    x->orig = read_file(fixture_path("sampang-2025/pmks-2025.csv"), &x->norig);
    assert_non_null(x->orig);
    /* Sreseh: 786 persons with social security becomes 7 */
    const char *from = "1;Sreseh;1.368;786;", *to = "1;Sreseh;1.368;7;";
    char *at = memmem(x->orig, x->norig, from, strlen(from));
    assert_non_null(at);
    size_t pre = (size_t)(at - (char *)x->orig);
    x->nedited = x->norig - strlen(from) + strlen(to);
    x->edited = malloc(x->nedited);
    assert_non_null(x->edited);
    memcpy(x->edited, x->orig, pre);
    memcpy(x->edited + pre, to, strlen(to));
    memcpy(x->edited + pre + strlen(to), at + strlen(from), x->norig - pre - strlen(from));
    write_bytes(x->path, x->orig, x->norig);
    *state = x;
    return 0;
}

static int teardown(void **state)
{
    fx *x = *state;
    char p[160];
    snprintf(p, sizeof p, "%s/copy.csv", x->dir);
    unlink(p);
    unlink(x->path);
    rmdir(x->dir);
    free(x->orig);
    free(x->edited);
    iki_template_free(x->t);
    free(x);
    return 0;
}

static void sha256_hex(const unsigned char *b, size_t n, char hex[65])
{
    struct sha256_ctx c;
    unsigned char d[SHA256_DIGEST_SIZE];
    sha256_init(&c);
    sha256_update(&c, n, b);
    sha256_digest(&c, sizeof d, d);
    for (size_t i = 0; i < sizeof d; i++)
        snprintf(hex + 2 * i, 3, "%02x", d[i]);
}

/* Sum of every indicator's numerator: tells which content was counted. */
static double numerators(const iki_run *run, const iki_template *t)
{
    double sum = 0;
    for (size_t i = 0; i < t->nindicators; i++) {
        const iki_result *r = iki_run_result(run, i);
        if (r->has_numerator)
            sum += r->numerator;
    }
    return sum;
}

static size_t diags_with(const iki_run *run, const char *text)
{
    const iki_diags *d = iki_run_diags(run);
    size_t n = 0;
    for (size_t i = 0; i < iki_diags_count(d); i++) {
        char buf[1024];
        iki_diag_format(iki_diags_get(d, i), buf, sizeof buf);
        n += strstr(buf, text) != NULL;
    }
    return n;
}

/* A run over one input with the hooks given (NULL: none), executed. */
static iki_run *run_over(const fx *x, const char *input, iki_run_progress_fn progress,
                         iki_run_read_fn after_read, void *ctx)
{
    iki_run *run = iki_run_new(x->t);
    assert_non_null(run);
    iki_run_set_progress(run, progress, ctx);
    iki_run_set_after_read(run, after_read, ctx);
    assert_int_equal(iki_run_add_input(run, input), IKI_OK);
    assert_int_equal(iki_run_execute(run), IKI_OK);
    return run;
}

/* The numerators counted from the content `b` read undisturbed. */
static double baseline(fx *x, const unsigned char *b, size_t n)
{
    write_bytes(x->path, b, n);
    iki_run *run = run_over(x, x->path, NULL, NULL, NULL);
    assert_int_equal(diags_with(run, "changed while it was read"), 0);
    double v = numerators(run, x->t);
    iki_run_free(run);
    return v;
}

/* Hooks: save the edited content over the file (the first time, or every
 * time), as a user saving it again while iki reads it. */
typedef struct hook {
    fx *x;
    int calls, every;
} hook;

static void save_edited(hook *h)
{
    h->calls++;
    if (h->calls > 1 && !h->every)
        return;
    /* alternate the content so that every save is a real change */
    int odd = h->calls % 2;
    write_bytes(h->x->path, odd ? h->x->edited : h->x->orig, odd ? h->x->nedited : h->x->norig);
}

static void on_progress(void *ctx, size_t index, size_t count, const char *path)
{
    (void)index, (void)count, (void)path;
    save_edited(ctx);
}

static void on_read(void *ctx, size_t index, const char *path)
{
    (void)index, (void)path;
    save_edited(ctx);
}

/* Saved between hashing and reading: read again; the new content counts,
 * and Sumber's digest and size are those of the new content. */
static void test_changed_once_is_read_again(void **state)
{
    fx *x = *state;
    double before = baseline(x, x->orig, x->norig);
    double after = baseline(x, x->edited, x->nedited);
    assert_true(before != after);
    write_bytes(x->path, x->orig, x->norig);

    hook h = {x, 0, 0};
    iki_run *run = run_over(x, x->path, on_progress, NULL, &h);
    assert_int_equal(h.calls, 1);
    assert_int_equal(diags_with(run, "changed while it was read: read again"), 1);
    assert_int_equal(diags_with(run, "not used"), 0);
    const iki_run_file *f = iki_run_file_at(run, 0);
    assert_true(f->read);
    assert_null(f->skipped);
    char hex[65];
    sha256_hex(x->edited, x->nedited, hex);
    assert_string_equal(f->sha256, hex);
    assert_int_equal(f->size, x->nedited);
    assert_true(numerators(run, x->t) == after);
    iki_run_free(run);
}

/* Saved again after each read: reported, not used, nothing of it counted. */
static void test_changing_twice_is_not_used(void **state)
{
    fx *x = *state;
    hook h = {x, 0, 1};
    iki_run *run = run_over(x, x->path, NULL, on_read, &h);
    assert_int_equal(h.calls, 2);
    assert_int_equal(diags_with(run, "changed while it was read: read again"), 1);
    assert_int_equal(diags_with(run, "changed while it was read, twice: not used"), 1);
    const iki_run_file *f = iki_run_file_at(run, 0);
    assert_false(f->read);
    assert_non_null(f->skipped);
    assert_int_equal(iki_run_files_failed(run), 1);
    assert_int_equal(iki_run_files_read(run), 0);
    assert_true(numerators(run, x->t) == 0);
    iki_run_free(run);
}

/* Saved through a temporary file and a rename, as office programs save:
 * the same size, likely the same second, other bytes; still seen as a
 * change (by the inode, or the nanoseconds of the time). */
typedef struct save {
    const char *from, *to;
    int done;
} save;

static void on_progress_rename(void *ctx, size_t index, size_t count, const char *path)
{
    (void)index, (void)count, (void)path;
    save *s = ctx;
    if (!s->done++)
        assert_int_equal(rename(s->from, s->to), 0);
}

static void test_same_size_rename_is_seen(void **state)
{
    fx *x = *state;
    unsigned char *same = malloc(x->norig); /* 786 -> 785: the size is kept */
    assert_non_null(same);
    memcpy(same, x->orig, x->norig);
    char *at = memmem(same, x->norig, ";786;", 5);
    assert_non_null(at);
    at[3] = '5';
    char tmp[160];
    snprintf(tmp, sizeof tmp, "%s/copy.csv", x->dir);
    write_bytes(x->path, x->orig, x->norig);
    write_bytes(tmp, same, x->norig);

    save s = {tmp, x->path, 0};
    iki_run *run = run_over(x, x->path, on_progress_rename, NULL, &s);
    assert_int_equal(diags_with(run, "changed while it was read: read again"), 1);
    const iki_run_file *f = iki_run_file_at(run, 0);
    assert_true(f->read);
    char hex[65];
    sha256_hex(same, x->norig, hex);
    assert_string_equal(f->sha256, hex);
    iki_run_free(run);
    free(same);
}

/* A file larger than the readers' limit (a sparse 100 GiB file here) is
 * refused by its size before it is hashed or read; the others are read. */
static void test_huge_file_refused_unread(void **state)
{
    fx *x = *state;
    char big[160];
    snprintf(big, sizeof big, "%s/copy.csv", x->dir);
    FILE *f = fopen(big, "wb");
    assert_non_null(f);
    assert_int_equal(ftruncate(fileno(f), (off_t)100 << 30), 0);
    assert_int_equal(fclose(f), 0);
    iki_run *run = run_over(x, x->dir, NULL, NULL, NULL);
    assert_int_equal(iki_run_file_count(run), 2);
    assert_int_equal(iki_run_files_read(run), 1);
    assert_int_equal(iki_run_files_failed(run), 1);
    const iki_run_file *r = iki_run_file_at(run, 0); /* copy.csv, in name order */
    assert_non_null(strstr(r->path, "copy.csv"));
    assert_non_null(r->skipped);
    assert_non_null(strstr(r->skipped, "larger than"));
    assert_string_equal(r->sha256, "");
    assert_non_null(r->skipped_id);
    assert_non_null(strstr(r->skipped_id, "lebih besar"));
    assert_int_equal(diags_with(run, "larger than"), 1); /* said once */
    iki_run_free(run);
}

/* Two identical files: the second is an identical copy, read once. */
static void test_identical_copy_read_once(void **state)
{
    fx *x = *state;
    char copy[160];
    snprintf(copy, sizeof copy, "%s/copy.csv", x->dir);
    write_bytes(copy, x->orig, x->norig);
    double one = baseline(x, x->orig, x->norig);
    iki_run *run = run_over(x, x->dir, NULL, NULL, NULL);
    assert_int_equal(iki_run_file_count(run), 2);
    assert_int_equal(iki_run_files_read(run), 1);
    assert_int_equal(iki_run_files_failed(run), 0);
    assert_true(numerators(run, x->t) == one);
    assert_string_equal(iki_run_file_at(run, 0)->sha256, iki_run_file_at(run, 1)->sha256);
    iki_run_free(run);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_changed_once_is_read_again, setup, teardown),
        cmocka_unit_test_setup_teardown(test_changing_twice_is_not_used, setup, teardown),
        cmocka_unit_test_setup_teardown(test_same_size_rename_is_seen, setup, teardown),
        cmocka_unit_test_setup_teardown(test_identical_copy_read_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_huge_file_refused_unread, setup, teardown),
    };
    return cmocka_run_group_tests_name("run", tests, NULL, NULL);
}
