/* The platform layer on POSIX systems (Linux): the calls iki made before
 * the layer existed, unchanged.  See include/iki/os.h. */
#define _GNU_SOURCE
#include "iki/os.h"

#ifndef _WIN32

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <iconv.h>
#include <limits.h>
#include <locale.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- files ---------------------------------------------------------------- */
static long long ns_of(struct timespec ts)
{
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void from_stat(const struct stat *s, iki_os_info *st)
{
    st->kind = S_ISREG(s->st_mode) ? IKI_OS_FILE : S_ISDIR(s->st_mode) ? IKI_OS_DIR : IKI_OS_OTHER;
    st->size = (uint64_t)s->st_size;
    st->dev = (uint64_t)s->st_dev;
    st->ino = (uint64_t)s->st_ino;
    st->mtime = (long long)s->st_mtime;
    st->mtime_ns = ns_of(s->st_mtim);
    st->ctime_ns = ns_of(s->st_ctim);
}

int iki_os_stat(const char *path, iki_os_info *st)
{
    struct stat s;
    if (stat(path, &s) != 0)
        return -1;
    from_stat(&s, st);
    return 0;
}

int iki_os_lstat(const char *path, iki_os_info *st)
{
    struct stat s;
    if (lstat(path, &s) != 0)
        return -1;
    from_stat(&s, st);
    return 0;
}

int iki_os_fstat(int fd, iki_os_info *st)
{
    struct stat s;
    if (fstat(fd, &s) != 0)
        return -1;
    from_stat(&s, st);
    return 0;
}

int iki_os_open_read(const char *path)
{
    return open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
}

long long iki_os_read(int fd, void *buf, size_t n)
{
    return read(fd, buf, n);
}

long long iki_os_pread(int fd, void *buf, size_t n, uint64_t offset)
{
    return pread(fd, buf, n, (off_t)offset);
}

int iki_os_close(int fd)
{
    return close(fd);
}

FILE *iki_os_fopen(const char *path, const char *mode)
{
    return fopen(path, mode);
}

int iki_os_mkdir(const char *path)
{
    return mkdir(path, 0777);
}

int iki_os_unlink(const char *path)
{
    return unlink(path);
}

/* ---- folders -------------------------------------------------------------- */
struct iki_os_dir {
    DIR *d;
};

iki_os_dir *iki_os_opendir(const char *path)
{
    DIR *d = opendir(path);
    if (!d)
        return NULL;
    iki_os_dir *od = malloc(sizeof *od);
    if (!od) {
        closedir(d);
        errno = ENOMEM;
        return NULL;
    }
    od->d = d;
    return od;
}

const char *iki_os_readdir(iki_os_dir *d)
{
    struct dirent *de;
    while ((de = readdir(d->d)))
        if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
            return de->d_name;
    return NULL;
}

void iki_os_closedir(iki_os_dir *d)
{
    if (d) {
        closedir(d->d);
        free(d);
    }
}

/* ---- names ---------------------------------------------------------------- */
int iki_os_is_sep(char c)
{
    return c == '/';
}

const char *iki_os_base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

char *iki_os_dir_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup(".");
    while (slash > path && slash[-1] == '/') /* "a//b" */
        slash--;
    if (slash == path)
        return strdup("/");
    return strndup(path, (size_t)(slash - path));
}

/* ---- the atomic write ----------------------------------------------------- */
char *iki_os_temp_beside(const char *path)
{
    char *dir = iki_os_dir_name(path);
    if (!dir)
        return NULL;
    const char *base = iki_os_base_name(path);
    size_t cap = strlen(dir) + strlen(base) + 32;
    char *tmp = malloc(cap);
    if (!tmp) {
        free(dir);
        return NULL;
    }
    /* a hidden name: the scan stage never reads it as an input */
    snprintf(tmp, cap, "%s/.%s.XXXXXX", dir, base);
    free(dir);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        free(tmp);
        return NULL;
    }
    close(fd);
    /* keep the usual permissions of a new file, not mkstemp's 0600 */
    mode_t um = umask(0);
    umask(um);
    chmod(tmp, 0666 & ~um);
    return tmp;
}

int iki_os_is_temp_of(const char *n, const char *base)
{
    size_t bl = strlen(base), len = strlen(n);
    return len == bl + 8 && n[0] == '.' && strncmp(n + 1, base, bl) == 0 && n[bl + 1] == '.';
}

static int fsync_path(const char *path, int dir)
{
    int fd = open(path, (dir ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

int iki_os_replace(const char *tmp, const char *path)
{
    if (fsync_path(tmp, 0) != 0 || rename(tmp, path) != 0)
        return -1;
    char *dir = iki_os_dir_name(path);
    if (dir)
        fsync_path(dir, 1);
    free(dir);
    return 0;
}

/* ---- the rest -------------------------------------------------------------- */
const char *iki_os_user_language(void)
{
    return NULL;
}

const char *iki_os_lib_tmpdir(void)
{
    return NULL;
}

unsigned iki_os_cores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : (unsigned)n;
}

long long iki_os_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int iki_os_fnmatch(const char *pattern, const char *name, int casefold)
{
    return fnmatch(pattern, name, casefold ? FNM_CASEFOLD : 0);
}

void iki_os_qsort_r(void *base, size_t n, size_t size,
                    int (*cmp)(const void *, const void *, void *), void *ctx)
{
    qsort_r(base, n, size, cmp, ctx);
}

static locale_t c_loc;

static void make_c_locale(void)
{
    c_loc = newlocale(LC_ALL_MASK, "C", (locale_t)0);
}

double iki_os_strtod_c(const char *s, char **end)
{
    /* readers run in several threads at once: create the locale once */
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, make_c_locale);
    return c_loc ? strtod_l(s, end, c_loc) : strtod(s, end);
}

int iki_os_same_name(const char *a, const char *b)
{
    return strcmp(a, b) == 0;
}

void iki_os_cli_init(int *argc, char ***argv)
{
    (void)argc, (void)argv;
}

void iki_os_on_stop(void (*fn)(int))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = fn;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

/* ---- code pages ------------------------------------------------------------ */
struct iki_os_iconv {
    iconv_t cd;
};

iki_os_iconv *iki_os_iconv_open(const char *from)
{
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1)
        return NULL;
    iki_os_iconv *c = malloc(sizeof *c);
    if (!c) {
        iconv_close(cd);
        return NULL;
    }
    c->cd = cd;
    return c;
}

size_t iki_os_iconv_conv(iki_os_iconv *c, char **in, size_t *inleft, char **out, size_t *outleft)
{
    return iconv(c->cd, in, inleft, out, outleft);
}

void iki_os_iconv_close(iki_os_iconv *c)
{
    if (c) {
        iconv_close(c->cd);
        free(c);
    }
}

/* ---- watching a folder ------------------------------------------------------ */
#define MASK (IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_CREATE | \
              IN_MODIFY | IN_DELETE_SELF | IN_MOVE_SELF)

struct iki_os_watch {
    int fd;
    char *dir;
};

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

iki_os_watch *iki_os_watch_new(const char *dir)
{
    iki_os_watch *w = calloc(1, sizeof *w);
    if (!w || !(w->dir = strdup(dir))) {
        free(w);
        return NULL;
    }
    w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (w->fd < 0) {
        free(w->dir);
        free(w);
        return NULL;
    }
    add_watches(w->fd, dir, 0);
    return w;
}

int iki_os_watch_wait(iki_os_watch *w, int timeout_ms, iki_os_watch_filter filter, void *ctx)
{
    struct pollfd p = {w->fd, POLLIN, 0};
    int n = poll(&p, 1, timeout_ms);
    if (n < 0)
        return errno == EINTR ? 0 : -1;
    if (n == 0 || !(p.revents & POLLIN))
        return 0;
    int hit = 0;
    char buf[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
    ssize_t len;
    while ((len = read(w->fd, buf, sizeof buf)) > 0) {
        for (char *q = buf; q < buf + len;) {
            const struct inotify_event *ev = (const struct inotify_event *)q;
            int rel;
            if (ev->mask & (IN_Q_OVERFLOW | IN_DELETE_SELF | IN_MOVE_SELF))
                rel = 1;
            else if (!ev->len)
                rel = 0;
            else
                rel = filter(ctx, ev->name, (ev->mask & IN_ISDIR) ? 1 : 0);
            if (rel) {
                hit = 1;
                if ((ev->mask & IN_ISDIR) && (ev->mask & (IN_CREATE | IN_MOVED_TO)))
                    add_watches(w->fd, w->dir, 0); /* cheap: existing watches are kept */
            }
            q += sizeof *ev + ev->len;
        }
    }
    return hit;
}

void iki_os_watch_free(iki_os_watch *w)
{
    if (w) {
        close(w->fd);
        free(w->dir);
        free(w);
    }
}

#endif
