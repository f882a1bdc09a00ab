/* The platform layer on Windows: UTF-8 paths through the wide-character
 * API (long paths through "\\?\"), file identity from the volume serial
 * number and the file index, the atomic write with MoveFileExW, code pages
 * with MultiByteToWideChar, and ReadDirectoryChangesW.  See
 * include/iki/os.h. */
#include "iki/os.h"

#ifdef _WIN32

#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <windows.h>
#include <shellapi.h>

/* ---- UTF-8 <-> UTF-16 ------------------------------------------------------ */
static wchar_t *wide_n(const char *s, int n)
{
    int len = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, n, NULL, 0);
    wchar_t *w = len > 0 || n == 0 ? malloc(((size_t)len + 1) * sizeof *w) : NULL;
    if (!w) {
        errno = len > 0 || n == 0 ? ENOMEM : EILSEQ;
        return NULL;
    }
    MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, n, w, len);
    w[len] = 0;
    return w;
}

static char *utf8_of(const wchar_t *w)
{
    int len = WideCharToMultiByte(CP_UTF8, 0, w, -1, NULL, 0, NULL, NULL);
    char *s = len > 0 ? malloc((size_t)len) : NULL;
    if (!s) {
        errno = ENOMEM;
        return NULL;
    }
    WideCharToMultiByte(CP_UTF8, 0, w, -1, s, len, NULL, NULL);
    return s;
}

/* A path for the wide API: past MAX_PATH, the full path behind "\\?\"
 * (or "\\?\UNC\" for a share), where '/' is no separator any more. */
static wchar_t *wpath(const char *path)
{
    wchar_t *w = wide_n(path, (int)strlen(path));
    if (!w || wcslen(w) < MAX_PATH - 12 || wcsncmp(w, L"\\\\?\\", 4) == 0)
        return w;
    DWORD n = GetFullPathNameW(w, 0, NULL, NULL);
    wchar_t *full = n ? malloc((n + 8) * sizeof *full) : NULL;
    if (!full || !GetFullPathNameW(w, n, full + 8, NULL)) {
        free(full);
        return w;
    }
    free(w);
    wchar_t *p = full + 8;
    if (p[0] == L'\\' && p[1] == L'\\') { /* \\server\share -> \\?\UNC\server\share */
        p -= 6;
        memcpy(p, L"\\\\?\\UNC", 7 * sizeof *p);
    } else {
        p -= 4;
        memcpy(p, L"\\\\?\\", 4 * sizeof *p);
    }
    memmove(full, p, (wcslen(p) + 1) * sizeof *p);
    return full;
}

static int set_errno(DWORD err)
{
    switch (err) {
    case ERROR_FILE_NOT_FOUND:
    case ERROR_PATH_NOT_FOUND:
    case ERROR_INVALID_NAME:
    case ERROR_BAD_NETPATH:
        errno = ENOENT;
        break;
    case ERROR_ACCESS_DENIED:
        errno = EACCES;
        break;
    case ERROR_SHARING_VIOLATION:
    case ERROR_LOCK_VIOLATION:
        errno = EBUSY;
        break;
    case ERROR_FILE_EXISTS:
    case ERROR_ALREADY_EXISTS:
        errno = EEXIST;
        break;
    case ERROR_DIRECTORY:
        errno = ENOTDIR;
        break;
    case ERROR_NOT_ENOUGH_MEMORY:
    case ERROR_OUTOFMEMORY:
        errno = ENOMEM;
        break;
    case ERROR_DISK_FULL:
        errno = ENOSPC;
        break;
    default:
        errno = EIO;
    }
    return -1;
}

/* ---- files ---------------------------------------------------------------- */
#define SHARE_ALL (FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE)
#define EPOCH_1601 116444736000000000LL /* 1970-01-01 in 100 ns since 1601 */

static long long ns_of(LONGLONG t100)
{
    return (t100 - EPOCH_1601) * 100;
}

static int info_of_handle(HANDLE h, iki_os_info *st)
{
    BY_HANDLE_FILE_INFORMATION bi;
    if (!GetFileInformationByHandle(h, &bi))
        return set_errno(GetLastError());
    memset(st, 0, sizeof *st);
    if (bi.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT)
        st->kind = IKI_OS_OTHER; /* only seen when links are not followed */
    else
        st->kind = (bi.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) ? IKI_OS_DIR : IKI_OS_FILE;
    st->size = ((uint64_t)bi.nFileSizeHigh << 32) | bi.nFileSizeLow;
    st->dev = bi.dwVolumeSerialNumber;
    st->ino = ((uint64_t)bi.nFileIndexHigh << 32) | bi.nFileIndexLow;
    FILE_BASIC_INFO basic;
    if (GetFileInformationByHandleEx(h, FileBasicInfo, &basic, sizeof basic)) {
        st->mtime_ns = ns_of(basic.LastWriteTime.QuadPart);
        st->ctime_ns = ns_of(basic.ChangeTime.QuadPart);
    } else {
        ULARGE_INTEGER u = {.LowPart = bi.ftLastWriteTime.dwLowDateTime,
                            .HighPart = bi.ftLastWriteTime.dwHighDateTime};
        st->mtime_ns = st->ctime_ns = ns_of((LONGLONG)u.QuadPart);
    }
    st->mtime = st->mtime_ns / 1000000000LL;
    return 0;
}

static int stat_flags(const char *path, iki_os_info *st, DWORD flags)
{
    wchar_t *w = wpath(path);
    if (!w)
        return -1;
    HANDLE h = CreateFileW(w, FILE_READ_ATTRIBUTES, SHARE_ALL, NULL, OPEN_EXISTING,
                           FILE_FLAG_BACKUP_SEMANTICS | flags, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        DWORD err = GetLastError();
        WIN32_FILE_ATTRIBUTE_DATA ad;
        /* a file held without sharing: its attributes, without identity */
        if (err == ERROR_SHARING_VIOLATION && GetFileAttributesExW(w, GetFileExInfoStandard, &ad)) {
            free(w);
            memset(st, 0, sizeof *st);
            st->kind = (ad.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) ? IKI_OS_DIR : IKI_OS_FILE;
            st->size = ((uint64_t)ad.nFileSizeHigh << 32) | ad.nFileSizeLow;
            ULARGE_INTEGER u = {.LowPart = ad.ftLastWriteTime.dwLowDateTime,
                                .HighPart = ad.ftLastWriteTime.dwHighDateTime};
            st->mtime_ns = st->ctime_ns = ns_of((LONGLONG)u.QuadPart);
            st->mtime = st->mtime_ns / 1000000000LL;
            return 0;
        }
        free(w);
        return set_errno(err);
    }
    free(w);
    int rc = info_of_handle(h, st);
    CloseHandle(h);
    return rc;
}

int iki_os_stat(const char *path, iki_os_info *st)
{
    return stat_flags(path, st, 0);
}

int iki_os_lstat(const char *path, iki_os_info *st)
{
    return stat_flags(path, st, FILE_FLAG_OPEN_REPARSE_POINT);
}

int iki_os_fstat(int fd, iki_os_info *st)
{
    HANDLE h = (HANDLE)_get_osfhandle(fd);
    if (h == INVALID_HANDLE_VALUE) {
        errno = EBADF;
        return -1;
    }
    return info_of_handle(h, st);
}

int iki_os_open_read(const char *path)
{
    wchar_t *w = wpath(path);
    if (!w)
        return -1;
    /* shared for writing and deleting: a file open in Excel is still read */
    HANDLE h = CreateFileW(w, GENERIC_READ, SHARE_ALL, NULL, OPEN_EXISTING,
                           FILE_ATTRIBUTE_NORMAL | FILE_FLAG_BACKUP_SEMANTICS, NULL);
    free(w);
    if (h == INVALID_HANDLE_VALUE)
        return set_errno(GetLastError());
    int fd = _open_osfhandle((intptr_t)h, _O_RDONLY | _O_BINARY);
    if (fd < 0)
        CloseHandle(h);
    return fd;
}

long long iki_os_read(int fd, void *buf, size_t n)
{
    return _read(fd, buf, n > 0x40000000 ? 0x40000000 : (unsigned)n);
}

long long iki_os_pread(int fd, void *buf, size_t n, uint64_t offset)
{
    HANDLE h = (HANDLE)_get_osfhandle(fd);
    if (h == INVALID_HANDLE_VALUE) {
        errno = EBADF;
        return -1;
    }
    /* ReadFile at an offset moves the file pointer that dup()s share
     * (pread(2) does not): put it back */
    LARGE_INTEGER zero = {0}, pos;
    if (!SetFilePointerEx(h, zero, &pos, FILE_CURRENT))
        return set_errno(GetLastError());
    OVERLAPPED ov = {0};
    ov.Offset = (DWORD)offset;
    ov.OffsetHigh = (DWORD)(offset >> 32);
    DWORD got = 0;
    BOOL ok = ReadFile(h, buf, n > 0x40000000 ? 0x40000000 : (DWORD)n, &got, &ov);
    DWORD err = GetLastError();
    SetFilePointerEx(h, pos, NULL, FILE_BEGIN);
    if (!ok && err != ERROR_HANDLE_EOF)
        return set_errno(err);
    return ok ? (long long)got : 0;
}

int iki_os_close(int fd)
{
    return _close(fd);
}

FILE *iki_os_fopen(const char *path, const char *mode)
{
    wchar_t wmode[8];
    size_t i = 0;
    int binary = 0;
    for (; mode[i] && i < 6; i++) {
        wmode[i] = (wchar_t)(unsigned char)mode[i];
        binary |= mode[i] == 'b';
    }
    if (!binary)
        wmode[i++] = L'b'; /* bytes as on POSIX: no "\r\n" */
    wmode[i] = 0;
    wchar_t *w = wpath(path);
    if (!w)
        return NULL;
    FILE *f = _wfopen(w, wmode);
    free(w);
    return f;
}

/* Libraries linked into iki.exe that open files by name with fopen()
 * (minizip inside libxlsxwriter writes the workbook so) get UTF-8 names
 * too: iki.exe is linked with -Wl,--wrap=fopen (CMakeLists.txt). */
FILE *__wrap_fopen(const char *path, const char *mode);
FILE *__wrap_fopen(const char *path, const char *mode)
{
    return iki_os_fopen(path, mode);
}

int iki_os_mkdir(const char *path)
{
    wchar_t *w = wpath(path);
    if (!w)
        return -1;
    BOOL ok = CreateDirectoryW(w, NULL);
    free(w);
    return ok ? 0 : set_errno(GetLastError());
}

int iki_os_unlink(const char *path)
{
    wchar_t *w = wpath(path);
    if (!w)
        return -1;
    BOOL ok = DeleteFileW(w);
    free(w);
    return ok ? 0 : set_errno(GetLastError());
}

/* ---- folders -------------------------------------------------------------- */
struct iki_os_dir {
    HANDLE h;
    WIN32_FIND_DATAW fd;
    int first, done;
    char *name;
};

iki_os_dir *iki_os_opendir(const char *path)
{
    size_t n = strlen(path);
    char *pat = malloc(n + 3);
    if (!pat) {
        errno = ENOMEM;
        return NULL;
    }
    memcpy(pat, path, n);
    if (n && path[n - 1] != '/' && path[n - 1] != '\\')
        pat[n++] = '\\';
    pat[n++] = '*';
    pat[n] = 0;
    wchar_t *w = wpath(pat);
    free(pat);
    if (!w)
        return NULL;
    iki_os_dir *d = calloc(1, sizeof *d);
    if (!d) {
        free(w);
        errno = ENOMEM;
        return NULL;
    }
    d->h = FindFirstFileW(w, &d->fd);
    free(w);
    if (d->h == INVALID_HANDLE_VALUE) {
        DWORD err = GetLastError();
        free(d);
        if (err == ERROR_FILE_NOT_FOUND) { /* an empty drive root */
            iki_os_info st;
            if (iki_os_stat(path, &st) == 0 && st.kind == IKI_OS_DIR) {
                d = calloc(1, sizeof *d);
                if (d) {
                    d->h = INVALID_HANDLE_VALUE;
                    d->done = 1;
                }
                return d;
            }
        }
        set_errno(err == ERROR_INVALID_NAME ? ERROR_DIRECTORY : err);
        return NULL;
    }
    d->first = 1;
    return d;
}

const char *iki_os_readdir(iki_os_dir *d)
{
    while (!d->done) {
        if (!d->first && !FindNextFileW(d->h, &d->fd)) {
            d->done = 1;
            break;
        }
        d->first = 0;
        const wchar_t *n = d->fd.cFileName;
        if (wcscmp(n, L".") == 0 || wcscmp(n, L"..") == 0)
            continue;
        free(d->name);
        d->name = utf8_of(n);
        if (d->name)
            return d->name;
    }
    return NULL;
}

void iki_os_closedir(iki_os_dir *d)
{
    if (d) {
        if (d->h != INVALID_HANDLE_VALUE)
            FindClose(d->h);
        free(d->name);
        free(d);
    }
}

/* ---- names ---------------------------------------------------------------- */
int iki_os_is_sep(char c)
{
    return c == '/' || c == '\\';
}

const char *iki_os_base_name(const char *path)
{
    const char *b = path;
    for (const char *p = path; *p; p++)
        if (iki_os_is_sep(*p) || (*p == ':' && p == path + 1))
            b = p + 1;
    return b;
}

char *iki_os_dir_name(const char *path)
{
    const char *base = iki_os_base_name(path);
    size_t root = path[0] && path[1] == ':' ? 2 : 0; /* "C:" */
    if (iki_os_is_sep(path[root]))
        root++; /* "\\", "C:\\" */
    size_t n = (size_t)(base - path);
    while (n > root && iki_os_is_sep(path[n - 1]))
        n--;
    if (n == 0) {
        char *dot = strdup(".");
        if (!dot)
            errno = ENOMEM;
        return dot;
    }
    char *d = malloc(n + 1);
    if (!d) {
        errno = ENOMEM;
        return NULL;
    }
    memcpy(d, path, n);
    d[n] = 0;
    return d;
}

/* ---- the atomic write ----------------------------------------------------- */
char *iki_os_temp_beside(const char *path)
{
    const char *base = iki_os_base_name(path);
    size_t dl = (size_t)(base - path), cap = strlen(path) + 16;
    char *tmp = malloc(cap);
    if (!tmp) {
        errno = ENOMEM;
        return NULL;
    }
    static const char chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    unsigned long long seed = GetTickCount64() ^ ((unsigned long long)GetCurrentProcessId() << 32);
    for (int attempt = 0; attempt < 100; attempt++) {
        char suffix[7];
        for (int i = 0; i < 6; i++) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            suffix[i] = chars[(seed >> 33) % (sizeof chars - 1)];
        }
        suffix[6] = 0;
        /* ".BASE.XXXXXX" as on POSIX: the scan stage never reads it */
        snprintf(tmp, cap, "%.*s.%s.%s", (int)dl, path, base, suffix);
        wchar_t *w = wpath(tmp);
        if (!w)
            break;
        HANDLE h = CreateFileW(w, GENERIC_WRITE, 0, NULL, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, NULL);
        free(w);
        if (h != INVALID_HANDLE_VALUE) {
            CloseHandle(h);
            return tmp;
        }
        if (GetLastError() != ERROR_FILE_EXISTS) {
            set_errno(GetLastError());
            break;
        }
    }
    free(tmp);
    return NULL;
}

int iki_os_is_temp_of(const char *n, const char *base)
{
    size_t bl = strlen(base), len = strlen(n);
    return len == bl + 8 && n[0] == '.' && strncmp(n + 1, base, bl) == 0 && n[bl + 1] == '.';
}

/* Is err a file held open by another program (Excel holding the workbook,
 * or an antivirus scanner or the search indexer reading the new file for a
 * moment)?  A sharing or lock violation, or access denied on a file that
 * is neither read-only nor a folder. */
static int held(DWORD err, const wchar_t *w)
{
    if (err == ERROR_SHARING_VIOLATION || err == ERROR_LOCK_VIOLATION)
        return 1;
    DWORD attr = err == ERROR_ACCESS_DENIED ? GetFileAttributesW(w) : INVALID_FILE_ATTRIBUTES;
    return attr != INVALID_FILE_ATTRIBUTES &&
           !(attr & (FILE_ATTRIBUTE_READONLY | FILE_ATTRIBUTE_DIRECTORY));
}

/* A scanner holds a file for well under a second; Excel holds it until
 * closed: tried again after 50, 100, ... 1000 ms (2.5 s in all) before
 * the file is said to be open in another program. */
static const DWORD HELD_WAIT_MS[] = {50, 100, 200, 400, 800, 1000};

int iki_os_replace(const char *tmp, const char *path)
{
    wchar_t *wt = wpath(tmp), *wp = wt ? wpath(path) : NULL;
    if (!wp) {
        free(wt);
        return -1;
    }
    int rc = -1, busy = 0;
    DWORD err = 0;
    for (size_t attempt = 0;; attempt++) {
        /* the content on disk before the name points at it */
        HANDLE h = CreateFileW(wt, GENERIC_WRITE, SHARE_ALL, NULL, OPEN_EXISTING,
                               FILE_ATTRIBUTE_NORMAL, NULL);
        const wchar_t *who = wt;
        if (h == INVALID_HANDLE_VALUE || !FlushFileBuffers(h))
            err = GetLastError();
        else
            err = 0;
        if (h != INVALID_HANDLE_VALUE)
            CloseHandle(h);
        if (!err) {
            if (MoveFileExW(wt, wp, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)) {
                rc = 0;
                break;
            }
            err = GetLastError();
            who = wp;
        }
        busy = held(err, who);
        if (!busy || attempt == sizeof HELD_WAIT_MS / sizeof *HELD_WAIT_MS)
            break;
        Sleep(HELD_WAIT_MS[attempt]);
    }
    if (rc != 0) {
        if (busy)
            errno = EBUSY;
        else
            set_errno(err);
    }
    free(wt);
    free(wp);
    return rc;
}

/* ---- the rest -------------------------------------------------------------- */
const char *iki_os_user_language(void)
{
    static char name[LOCALE_NAME_MAX_LENGTH];
    wchar_t w[LOCALE_NAME_MAX_LENGTH];
    LCID lcid = MAKELCID(GetUserDefaultUILanguage(), SORT_DEFAULT);
    if (LCIDToLocaleName(lcid, w, LOCALE_NAME_MAX_LENGTH, 0) <= 0)
        return NULL;
    size_t i = 0;
    for (; w[i] && i + 1 < sizeof name; i++) /* "id-ID" -> "id_ID" */
        name[i] = w[i] == L'-' ? '_' : w[i] < 128 ? (char)w[i] : '?';
    name[i] = 0;
    return name[0] ? name : NULL;
}

/* w in the ANSI code page into out, exactly (no character replaced by a
 * look-alike or '?'): 1, or 0. */
static int ansi_exact(const wchar_t *w, char *out, int cap)
{
    BOOL lossy = FALSE;
    int utf8 = GetACP() == CP_UTF8; /* no "default char" query for UTF-8 */
    int n = WideCharToMultiByte(CP_ACP, utf8 ? 0 : WC_NO_BEST_FIT_CHARS, w, -1, out, cap, NULL,
                                utf8 ? NULL : &lossy);
    return n > 0 && !lossy;
}

const char *iki_os_lib_tmpdir(void)
{
    static char dir[MAX_PATH + 1];
    wchar_t w[MAX_PATH + 1], s[MAX_PATH + 1];
    DWORD n = GetTempPathW(MAX_PATH + 1, w);
    if (n == 0 || n > MAX_PATH)
        return NULL;
    if (!ansi_exact(w, dir, sizeof dir)) {
        n = GetShortPathNameW(w, s, MAX_PATH + 1);
        if (n == 0 || n > MAX_PATH || !ansi_exact(s, dir, sizeof dir))
            return NULL;
    }
    /* "C:\...\Temp\" -> "C:\...\Temp": the C library's stat() of a folder
     * fails on a trailing separator */
    size_t len = strlen(dir);
    while (len > 3 && (dir[len - 1] == '\\' || dir[len - 1] == '/'))
        dir[--len] = 0;
    return dir;
}

unsigned iki_os_cores(void)
{
    DWORD n = GetActiveProcessorCount(ALL_PROCESSOR_GROUPS);
    return n < 1 ? 1 : (unsigned)n;
}

long long iki_os_now_ms(void)
{
    return (long long)GetTickCount64();
}

/* fnmatch(3), byte by byte as glibc's in the C locale: '*', '?', "[...]"
 * with '!' or '^', ranges, and '\' quoting; FNM_CASEFOLD folds ASCII. */
static unsigned char fold(unsigned char c, int casefold)
{
    return casefold && c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

static int match_class(const char **pp, unsigned char c, int casefold)
{
    const char *p = *pp;
    int neg = *p == '!' || *p == '^', hit = 0;
    if (neg)
        p++;
    int first = 1;
    while (*p && (first || *p != ']')) {
        first = 0;
        unsigned char lo = (unsigned char)*p;
        if (lo == '\\' && p[1])
            lo = (unsigned char)*++p;
        p++;
        unsigned char hi = lo;
        if (*p == '-' && p[1] && p[1] != ']') {
            p++;
            if (*p == '\\' && p[1])
                p++;
            hi = (unsigned char)*p++;
        }
        if ((c >= lo && c <= hi) || (casefold && fold(c, 1) >= fold(lo, 1) && fold(c, 1) <= fold(hi, 1)))
            hit = 1;
    }
    if (*p != ']')
        return -1; /* no closing bracket: '[' is a plain character */
    *pp = p + 1;
    return hit != neg;
}

int iki_os_fnmatch(const char *p, const char *s, int cf)
{
    const char *star_p = NULL, *star_s = NULL;
    for (;;) {
        if (*p == '*') {
            while (*p == '*')
                p++;
            star_p = p;
            star_s = s;
            continue;
        }
        int ok;
        const char *next = p;
        if (!*s) {
            if (!*p)
                return 0;
            ok = 0;
        } else if (*p == '?') {
            ok = 1;
            next = p + 1;
        } else if (*p == '[') {
            next = p + 1;
            ok = match_class(&next, (unsigned char)*s, cf);
            if (ok < 0) {
                ok = *s == '[';
                next = p + 1;
            }
        } else if (*p == '\\' && p[1]) {
            ok = fold((unsigned char)*s, cf) == fold((unsigned char)p[1], cf);
            next = p + 2;
        } else {
            ok = *p && fold((unsigned char)*p, cf) == fold((unsigned char)*s, cf);
            next = p + 1;
        }
        if (ok) {
            p = next;
            s++;
            continue;
        }
        if (!star_p || !*star_s)
            return 1;
        p = star_p;
        s = ++star_s;
    }
}

struct sort_ctx {
    int (*cmp)(const void *, const void *, void *);
    void *ctx;
};

static int sort_cmp(void *c, const void *a, const void *b)
{
    const struct sort_ctx *s = c;
    return s->cmp(a, b, s->ctx);
}

void iki_os_qsort_r(void *base, size_t n, size_t size,
                    int (*cmp)(const void *, const void *, void *), void *ctx)
{
    struct sort_ctx s = {cmp, ctx};
    qsort_s(base, n, size, sort_cmp, &s);
}

double iki_os_strtod_c(const char *s, char **end)
{
    /* mingw's own strtod (correctly rounded); iki never sets LC_NUMERIC */
    return __mingw_strtod(s, end);
}

int iki_os_same_name(const char *a, const char *b)
{
    wchar_t *wa = wide_n(a, (int)strlen(a)), *wb = wa ? wide_n(b, (int)strlen(b)) : NULL;
    int same = wb ? CompareStringOrdinal(wa, -1, wb, -1, TRUE) == CSTR_EQUAL : strcmp(a, b) == 0;
    free(wa);
    free(wb);
    return same;
}

void iki_os_cli_init(int *argc, char ***argv)
{
    int n = 0;
    wchar_t **wargv = CommandLineToArgvW(GetCommandLineW(), &n);
    if (wargv) {
        char **av = calloc((size_t)n + 1, sizeof *av);
        int ok = av != NULL;
        for (int i = 0; ok && i < n; i++)
            ok = (av[i] = utf8_of(wargv[i])) != NULL;
        LocalFree(wargv);
        if (ok) { /* kept for the program's life, as argv is */
            *argc = n;
            *argv = av;
        }
    }
    SetConsoleOutputCP(CP_UTF8);
    _setmode(_fileno(stdout), _O_BINARY);
    _setmode(_fileno(stderr), _O_BINARY);
}

static void (*stop_fn)(int);

static BOOL WINAPI on_console(DWORD type)
{
    if (!stop_fn)
        return FALSE;
    stop_fn(type == CTRL_C_EVENT ? SIGINT : SIGTERM);
    /* the console's closing ends the process on return: give the watch
     * loop (200 ms a turn) time to stop */
    if (type == CTRL_CLOSE_EVENT)
        Sleep(1000);
    return TRUE;
}

void iki_os_on_stop(void (*fn)(int))
{
    stop_fn = fn;
    signal(SIGINT, fn);
    signal(SIGTERM, fn);
    SetConsoleCtrlHandler(on_console, TRUE);
}

/* ---- code pages ------------------------------------------------------------ */
enum { CONV_TABLE, CONV_DBCS, CONV_UTF16LE, CONV_UTF16BE };

struct iki_os_iconv {
    int kind;
    UINT cp;
    uint32_t table[256]; /* single-byte: code point, or 0xFFFFFFFF unmapped */
};

static UINT codepage_of(const char *name, int *kind)
{
    *kind = CONV_TABLE;
    if (_stricmp(name, "UTF-16LE") == 0)
        return *kind = CONV_UTF16LE, 1200;
    if (_stricmp(name, "UTF-16BE") == 0)
        return *kind = CONV_UTF16BE, 1201;
    if (_stricmp(name, "ASCII") == 0)
        return 20127;
    if (_stricmp(name, "MACINTOSH") == 0)
        return 10000;
    if (_strnicmp(name, "WINDOWS-", 8) == 0)
        return (UINT)strtoul(name + 8, NULL, 10);
    if (_strnicmp(name, "CP", 2) == 0)
        return (UINT)strtoul(name + 2, NULL, 10);
    return 0;
}

iki_os_iconv *iki_os_iconv_open(const char *from)
{
    int kind;
    UINT cp = codepage_of(from, &kind);
    CPINFO info;
    if (!cp || (kind == CONV_TABLE && !GetCPInfo(cp, &info))) {
        errno = EINVAL;
        return NULL;
    }
    iki_os_iconv *c = calloc(1, sizeof *c);
    if (!c) {
        errno = ENOMEM;
        return NULL;
    }
    c->cp = cp;
    c->kind = kind;
    if (kind == CONV_TABLE && info.MaxCharSize > 1)
        c->kind = CONV_DBCS;
    if (c->kind == CONV_TABLE) {
        for (unsigned b = 0; b < 256; b++) {
            char in = (char)b;
            wchar_t w[2];
            int n = MultiByteToWideChar(cp, MB_ERR_INVALID_CHARS, &in, 1, w, 2);
            c->table[b] = n == 1 ? w[0] : 0xFFFFFFFFu;
            /* bytes a code page leaves undefined (0x81 in 1252) come back
             * as the C1 control of the same number; iconv refuses them */
            if (n == 1 && b >= 0x80 && b <= 0x9F && w[0] == b && cp != 28591)
                c->table[b] = 0xFFFFFFFFu;
            if (cp == 20127 && b >= 0x80)
                c->table[b] = 0xFFFFFFFFu;
        }
    }
    return c;
}

static size_t put_utf8(uint32_t u, char *o)
{
    if (u < 0x80) {
        o[0] = (char)u;
        return 1;
    }
    if (u < 0x800) {
        o[0] = (char)(0xC0 | (u >> 6));
        o[1] = (char)(0x80 | (u & 0x3F));
        return 2;
    }
    if (u < 0x10000) {
        o[0] = (char)(0xE0 | (u >> 12));
        o[1] = (char)(0x80 | ((u >> 6) & 0x3F));
        o[2] = (char)(0x80 | (u & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (u >> 18));
    o[1] = (char)(0x80 | ((u >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((u >> 6) & 0x3F));
    o[3] = (char)(0x80 | (u & 0x3F));
    return 4;
}

size_t iki_os_iconv_conv(iki_os_iconv *c, char **in, size_t *inleft, char **out, size_t *outleft)
{
    if (!in || !*in)
        return 0; /* every converter here is stateless between calls */
    const unsigned char *p = (const unsigned char *)*in;
    size_t left = *inleft;
    while (left) {
        uint32_t u;
        size_t used;
        if (c->kind == CONV_TABLE) {
            u = c->table[*p];
            used = 1;
        } else if (c->kind == CONV_DBCS) {
            used = IsDBCSLeadByteEx(c->cp, *p) ? 2 : 1;
            if (used > left) {
                errno = EINVAL;
                break;
            }
            wchar_t w[2];
            int n = MultiByteToWideChar(c->cp, MB_ERR_INVALID_CHARS, (const char *)p, (int)used, w,
                                        2);
            u = n == 1 ? w[0] : 0xFFFFFFFFu;
        } else {
            if (left < 2) {
                errno = EINVAL;
                break;
            }
            int be = c->kind == CONV_UTF16BE;
            uint32_t a = be ? (uint32_t)(p[0] << 8 | p[1]) : (uint32_t)(p[1] << 8 | p[0]);
            used = 2;
            u = a;
            if (a >= 0xDC00 && a <= 0xDFFF)
                u = 0xFFFFFFFFu;
            else if (a >= 0xD800 && a <= 0xDBFF) {
                if (left < 4) {
                    errno = EINVAL;
                    break;
                }
                uint32_t b2 = be ? (uint32_t)(p[2] << 8 | p[3]) : (uint32_t)(p[3] << 8 | p[2]);
                if (b2 < 0xDC00 || b2 > 0xDFFF)
                    u = 0xFFFFFFFFu;
                else {
                    u = 0x10000 + ((a - 0xD800) << 10) + (b2 - 0xDC00);
                    used = 4;
                }
            }
        }
        if (u == 0xFFFFFFFFu) {
            errno = EILSEQ;
            break;
        }
        char buf[4];
        size_t n = put_utf8(u, buf);
        if (n > *outleft) {
            errno = E2BIG;
            break;
        }
        memcpy(*out, buf, n);
        *out += n;
        *outleft -= n;
        p += used;
        left -= used;
    }
    *in = (char *)p;
    *inleft = left;
    return left ? (size_t)-1 : 0;
}

void iki_os_iconv_close(iki_os_iconv *c)
{
    free(c);
}

/* ---- watching a folder ------------------------------------------------------ */
struct iki_os_watch {
    HANDLE dir, event;
    OVERLAPPED ov;
    DWORD buf[16384]; /* FILE_NOTIFY_INFORMATION records, DWORD-aligned */
    char *path;
    int pending;
};

#define NOTIFY (FILE_NOTIFY_CHANGE_FILE_NAME | FILE_NOTIFY_CHANGE_DIR_NAME | \
                FILE_NOTIFY_CHANGE_SIZE | FILE_NOTIFY_CHANGE_LAST_WRITE)

static int arm(iki_os_watch *w)
{
    ResetEvent(w->event);
    memset(&w->ov, 0, sizeof w->ov);
    w->ov.hEvent = w->event;
    w->pending = ReadDirectoryChangesW(w->dir, w->buf, sizeof w->buf, TRUE, NOTIFY, NULL, &w->ov,
                                       NULL) != 0;
    return w->pending ? 0 : -1;
}

iki_os_watch *iki_os_watch_new(const char *dir)
{
    iki_os_watch *w = calloc(1, sizeof *w);
    wchar_t *wd = wpath(dir);
    if (!w || !wd || !(w->path = strdup(dir))) {
        free(wd);
        if (w)
            free(w->path);
        free(w);
        return NULL;
    }
    w->dir = CreateFileW(wd, FILE_LIST_DIRECTORY, SHARE_ALL, NULL, OPEN_EXISTING,
                         FILE_FLAG_BACKUP_SEMANTICS | FILE_FLAG_OVERLAPPED, NULL);
    free(wd);
    w->event = CreateEventW(NULL, TRUE, FALSE, NULL);
    if (w->dir == INVALID_HANDLE_VALUE || !w->event || arm(w) != 0) {
        iki_os_watch_free(w);
        return NULL;
    }
    return w;
}

/* The entry's kind now: 1 folder, 0 file, -1 gone. */
static int kind_now(const iki_os_watch *w, const wchar_t *rel, size_t len)
{
    char *r8 = NULL;
    wchar_t *relz = malloc((len + 1) * sizeof *relz);
    if (relz) {
        memcpy(relz, rel, len * sizeof *relz);
        relz[len] = 0;
        r8 = utf8_of(relz);
        free(relz);
    }
    if (!r8)
        return -1;
    size_t cap = strlen(w->path) + strlen(r8) + 2;
    char *full = malloc(cap);
    int kind = -1;
    iki_os_info st;
    if (full) {
        snprintf(full, cap, "%s\\%s", w->path, r8);
        if (iki_os_lstat(full, &st) == 0)
            kind = st.kind == IKI_OS_DIR;
    }
    free(full);
    free(r8);
    return kind;
}

int iki_os_watch_wait(iki_os_watch *w, int timeout_ms, iki_os_watch_filter filter, void *ctx)
{
    if (!w->pending && arm(w) != 0)
        return -1;
    DWORD r = WaitForSingleObject(w->event, (DWORD)timeout_ms);
    if (r == WAIT_TIMEOUT)
        return 0;
    if (r != WAIT_OBJECT_0)
        return -1;
    DWORD got = 0;
    w->pending = 0;
    if (!GetOverlappedResult(w->dir, &w->ov, &got, FALSE)) {
        DWORD err = GetLastError();
        if (err == ERROR_NOTIFY_ENUM_DIR) /* the buffer overflowed: events lost */
            return arm(w) == 0 ? 1 : -1;
        return -1;
    }
    int hit = got == 0; /* 0 bytes: too many changes to list */
    const unsigned char *q = (const unsigned char *)w->buf;
    while (got) {
        const FILE_NOTIFY_INFORMATION *fi = (const FILE_NOTIFY_INFORMATION *)q;
        size_t len = fi->FileNameLength / sizeof(wchar_t);
        const wchar_t *rel = fi->FileName;
        /* each folder on the way must not be hidden (".name") */
        size_t start = 0;
        int hidden = 0;
        for (size_t i = 0; i < len; i++)
            if (rel[i] == L'\\') {
                hidden |= rel[start] == L'.';
                start = i + 1;
            }
        wchar_t *base = malloc((len - start + 1) * sizeof *base);
        char *b8 = NULL;
        if (base) {
            memcpy(base, rel + start, (len - start) * sizeof *base);
            base[len - start] = 0;
            b8 = utf8_of(base);
            free(base);
        }
        if (!hidden && b8 && filter(ctx, b8, kind_now(w, rel, len)))
            hit = 1;
        free(b8);
        if (!fi->NextEntryOffset)
            break;
        q += fi->NextEntryOffset;
    }
    if (arm(w) != 0)
        return -1;
    return hit;
}

void iki_os_watch_free(iki_os_watch *w)
{
    if (!w)
        return;
    if (w->dir && w->dir != INVALID_HANDLE_VALUE) {
        if (w->pending) {
            CancelIoEx(w->dir, &w->ov);
            DWORD got;
            GetOverlappedResult(w->dir, &w->ov, &got, TRUE);
        }
        CloseHandle(w->dir);
    }
    if (w->event)
        CloseHandle(w->event);
    free(w->path);
    free(w);
}

#endif
