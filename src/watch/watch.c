/* Watch mode over the platform's change events (src/os: inotify,
 * ReadDirectoryChangesW): events -> debounce -> size stability -> build. */
#define _GNU_SOURCE
#include "iki/watch.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iki/buf.h"
#include "iki/os.h"
#include "iki/report.h"
#include "iki/run.h"
#include "iki/scan.h"

static long long now_ms(void)
{
    return iki_os_now_ms();
}

static void logf_(iki_watch_log_fn log, void *ctx, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void logf_(iki_watch_log_fn log, void *ctx, const char *fmt, ...)
{
    char line[1536], stamp[32];
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &tm);
    va_list ap;
    va_start(ap, fmt);
    int n = snprintf(line, sizeof line, "%s ", stamp);
    vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
    va_end(ap);
    if (log)
        log(ctx, line);
}

/* A fingerprint of the inbox: names, sizes and times of the files that
 * would be read, to see when copying has finished. */
static int fp_add(void *ctx, const char *path, int explicit_arg, iki_scan_kind kind,
                  const char *reason)
{
    iki_buf *b = ctx;
    (void)explicit_arg, (void)reason;
    iki_os_info st;
    if (kind == IKI_SCAN_FILE && iki_os_stat(path, &st) == 0)
        iki_buf_printf(b, "%s\t%llu\t%lld\n", path, (unsigned long long)st.size, st.mtime_ns);
    return 0;
}

static char *fingerprint(const char *inbox)
{
    iki_buf b = IKI_BUF_INIT;
    iki_buf_append(&b, "", 0);
    iki_scan_path(inbox, fp_add, &b);
    return b.data;
}

/* Rebuild; 1 when the output could not be written (the workbook open in
 * Excel on Windows, a full disk): the caller retries.  A failed retry is
 * not logged again (retrying). */
#define RETRY_MS 2000
static int build(const iki_watch_options *o, int retrying, iki_watch_log_fn log, void *ctx)
{
    iki_run *run = iki_run_new(o->t);
    iki_error e = run ? IKI_OK : IKI_ERROR_NOMEM;
    time_t now = time(NULL);
    iki_run_set_year(run, o->year);
    iki_run_set_clock(run, (long long)now);
    if (e == IKI_OK)
        e = iki_run_exclude(run, o->output);
    if (e == IKI_OK && o->json)
        e = iki_run_exclude(run, o->json);
    if (e == IKI_OK)
        e = iki_run_add_input(run, o->inbox);
    if (e == IKI_OK)
        e = iki_run_execute(run);
    if (e != IKI_OK) {
        logf_(log, ctx, "rebuild failed: %s; %s kept as it was", iki_strerror(e), o->output);
        iki_run_free(run);
        return 0;
    }
    iki_report_options opt = {o->year, now, o->version, NULL, NULL};
    char err[1024] = "";
    e = iki_report_write_xlsx(run, o->t, &opt, o->output, err, sizeof err);
    if (e == IKI_OK && o->json)
        e = iki_report_write_json(run, o->t, &opt, o->json, err, sizeof err);
    int failed = e != IKI_OK;
    if (failed && !retrying) {
        logf_(log, ctx, "rebuild failed: %s; the last good output is kept; waiting, "
              "retrying every %d s", err[0] ? err : iki_strerror(e), RETRY_MS / 1000);
    } else if (!failed) {
        size_t with = 0;
        for (size_t i = 0; i < o->t->nindicators; i++)
            with += iki_run_result(run, i)->has_value;
        const iki_diags *d = iki_run_diags(run);
        logf_(log, ctx,
              "rebuilt %s: %zu files read, %zu skipped, %zu failed, %zu warnings, "
              "%zu of %zu indicators with a value",
              o->output, iki_run_files_read(run), iki_run_files_skipped(run),
              iki_run_files_failed(run), iki_diags_count_at_least(d, IKI_SEV_WARNING),
              with, o->t->nindicators);
    }
    iki_run_free(run);
    return failed;
}

/* Does a change concern a file we would read (or a folder)?  is_dir -1:
 * a name that is gone, a file or a folder. */
static int relevant(void *ctx, const char *name, int is_dir)
{
    const char *out_base = ctx;
    if (is_dir == 1 || (is_dir < 0 && !strchr(name, '.')))
        return name[0] != '.';
    if (out_base && iki_os_same_name(name, out_base))
        return 0;
    return iki_scan_wanted_name(name);
}

iki_error iki_watch_run(const iki_watch_options *o, volatile sig_atomic_t *stop,
                        iki_watch_log_fn log, void *ctx)
{
    if (!o || !o->inbox || !o->output || !o->t || !stop)
        return IKI_ERROR_USAGE;
    unsigned debounce = o->debounce_ms ? o->debounce_ms : 2000;
    unsigned settle = o->settle_ms ? o->settle_ms : 1000;
    iki_os_info st;
    if (iki_os_stat(o->inbox, &st) != 0 || st.kind != IKI_OS_DIR)
        return IKI_ERROR_IO;
    iki_os_watch *w = iki_os_watch_new(o->inbox);
    if (!w)
        return IKI_ERROR_IO;
    const char *out_base = iki_os_base_name(o->output);
    logf_(log, ctx, "watching %s; building %s", o->inbox, o->output);
    long long retry = build(o, 0, log, ctx) ? now_ms() + RETRY_MS : -1;
    long long due = -1; /* when to rebuild, or -1 */
    char *last_fp = NULL;
    while (!*stop) {
        int n = iki_os_watch_wait(w, 200, relevant, (void *)out_base);
        if (n < 0)
            break;
        if (n > 0)
            due = now_ms() + debounce;
        if (due < 0 && retry >= 0 && now_ms() >= retry) /* the output, once more */
            retry = build(o, 1, log, ctx) ? now_ms() + RETRY_MS : -1;
        if (due < 0 || now_ms() < due)
            continue;
        /* quiet long enough: wait until sizes and times stop changing */
        char *fp = fingerprint(o->inbox);
        if (!last_fp || !fp || strcmp(fp, last_fp) != 0) {
            free(last_fp);
            last_fp = fp;
            due = now_ms() + settle;
            continue;
        }
        free(fp);
        free(last_fp);
        last_fp = NULL;
        due = -1;
        retry = build(o, retry >= 0, log, ctx) ? now_ms() + RETRY_MS : -1;
    }
    free(last_fp);
    iki_os_watch_free(w);
    logf_(log, ctx, "stopped");
    return IKI_OK;
}
