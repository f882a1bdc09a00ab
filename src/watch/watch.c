/* Watch mode over inotify: events -> debounce -> size stability -> build. */
#define _GNU_SOURCE
#include "iki/watch.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "iki/buf.h"
#include "iki/report.h"
#include "iki/run.h"
#include "iki/scan.h"

#define MASK (IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_CREATE | \
              IN_MODIFY | IN_DELETE_SELF | IN_MOVE_SELF)

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
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

/* Watch dir and every folder below it (hidden folders excepted). */
static void add_watches(int fd, const char *dir, int depth)
{
    if (depth > 32 || inotify_add_watch(fd, dir, MASK) < 0)
        return;
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        char path[PATH_MAX];
        if (snprintf(path, sizeof path, "%s/%s", dir, de->d_name) >= (int)sizeof path)
            continue;
        struct stat st;
        if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
            add_watches(fd, path, depth + 1);
    }
    closedir(d);
}

/* A fingerprint of the inbox: names, sizes and times of the files that
 * would be read, to see when copying has finished. */
static int fp_add(void *ctx, const char *path, int explicit_arg, iki_scan_kind kind,
                  const char *reason)
{
    iki_buf *b = ctx;
    (void)explicit_arg, (void)reason;
    struct stat st;
    if (kind == IKI_SCAN_FILE && stat(path, &st) == 0)
        iki_buf_printf(b, "%s\t%lld\t%lld.%09ld\n", path, (long long)st.st_size,
                       (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
    return 0;
}

static char *fingerprint(const char *inbox)
{
    iki_buf b = IKI_BUF_INIT;
    iki_buf_append(&b, "", 0);
    iki_scan_path(inbox, fp_add, &b);
    return b.data;
}

static void build(const iki_watch_options *o, iki_watch_log_fn log, void *ctx)
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
        return;
    }
    iki_report_options opt = {o->year, now, o->version, NULL, NULL};
    char err[1024] = "";
    e = iki_report_write_xlsx(run, o->t, &opt, o->output, err, sizeof err);
    if (e == IKI_OK && o->json)
        e = iki_report_write_json(run, o->t, &opt, o->json, err, sizeof err);
    if (e != IKI_OK) {
        logf_(log, ctx, "rebuild failed: %s; the last good output is kept",
              err[0] ? err : iki_strerror(e));
    } else {
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
}

/* Does an event concern a file we would read (or a folder)? */
static int relevant(const struct inotify_event *ev, const char *out_base)
{
    if (ev->mask & (IN_Q_OVERFLOW | IN_DELETE_SELF | IN_MOVE_SELF))
        return 1;
    if (!ev->len)
        return 0;
    if (ev->mask & IN_ISDIR)
        return ev->name[0] != '.';
    if (out_base && strcmp(ev->name, out_base) == 0)
        return 0;
    return iki_scan_wanted_name(ev->name);
}

iki_error iki_watch_run(const iki_watch_options *o, volatile sig_atomic_t *stop,
                        iki_watch_log_fn log, void *ctx)
{
    if (!o || !o->inbox || !o->output || !o->t || !stop)
        return IKI_ERROR_USAGE;
    unsigned debounce = o->debounce_ms ? o->debounce_ms : 2000;
    unsigned settle = o->settle_ms ? o->settle_ms : 1000;
    int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd < 0)
        return IKI_ERROR_IO;
    struct stat st;
    if (stat(o->inbox, &st) != 0 || !S_ISDIR(st.st_mode)) {
        close(fd);
        return IKI_ERROR_IO;
    }
    add_watches(fd, o->inbox, 0);
    const char *out_base = strrchr(o->output, '/');
    out_base = out_base ? out_base + 1 : o->output;
    logf_(log, ctx, "watching %s; building %s", o->inbox, o->output);
    build(o, log, ctx);
    long long due = -1; /* when to rebuild, or -1 */
    char *last_fp = NULL;
    while (!*stop) {
        struct pollfd p = {fd, POLLIN, 0};
        int timeout = 200;
        int n = poll(&p, 1, timeout);
        if (n < 0 && errno != EINTR)
            break;
        if (n > 0 && (p.revents & POLLIN)) {
            char buf[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
            ssize_t len;
            while ((len = read(fd, buf, sizeof buf)) > 0) {
                for (char *q = buf; q < buf + len;) {
                    const struct inotify_event *ev = (const struct inotify_event *)q;
                    if (relevant(ev, out_base)) {
                        due = now_ms() + debounce;
                        if ((ev->mask & IN_ISDIR) && (ev->mask & (IN_CREATE | IN_MOVED_TO)))
                            add_watches(fd, o->inbox, 0); /* cheap: existing watches are kept */
                    }
                    q += sizeof *ev + ev->len;
                }
            }
        }
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
        build(o, log, ctx);
    }
    free(last_fp);
    close(fd);
    logf_(log, ctx, "stopped");
    return IKI_OK;
}
