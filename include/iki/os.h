/* iki — the platform layer: everything that differs between POSIX systems
 * and Windows, behind one small API, so the rest of iki includes neither
 * <windows.h> nor POSIX-only headers for these jobs.
 *
 * Paths are UTF-8 everywhere ('/' works on both; Windows also takes '\').
 * src/os/posix.c keeps the POSIX behaviour; src/os/windows.c goes through
 * the wide-character API (UTF-8 <-> UTF-16, long paths via "\\?\").
 * Functions returning int give 0, or -1 with errno set. */
#ifndef IKI_OS_H
#define IKI_OS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* ---- files ---------------------------------------------------------------- */
typedef enum iki_os_kind { IKI_OS_OTHER = 0, IKI_OS_FILE, IKI_OS_DIR } iki_os_kind;

typedef struct iki_os_info {
    iki_os_kind kind;
    uint64_t size;
    /* file identity: (st_dev, st_ino); on Windows the volume serial number
     * and the file index, so two names of one file compare equal */
    uint64_t dev, ino;
    long long mtime;              /* seconds since 1970 */
    long long mtime_ns, ctime_ns; /* nanoseconds since 1970; ctime is the
                                     change time (Windows: ChangeTime) */
} iki_os_info;

/* stat() follows links; lstat() does not (a dangling link is IKI_OS_OTHER). */
int iki_os_stat(const char *path, iki_os_info *st);
int iki_os_lstat(const char *path, iki_os_info *st);
int iki_os_fstat(int fd, iki_os_info *st);

/* A descriptor for reading (binary, never a controlling terminal, shared
 * for reading and writing with other programs), or -1 with errno. */
int iki_os_open_read(const char *path);
/* read(2)/pread(2) on it: bytes read, 0 at the end, -1 with errno. */
long long iki_os_read(int fd, void *buf, size_t n);
long long iki_os_pread(int fd, void *buf, size_t n, uint64_t offset);
int iki_os_close(int fd);
/* fopen(3) with a UTF-8 name; mode as fopen's (always binary on Windows). */
FILE *iki_os_fopen(const char *path, const char *mode);
int iki_os_mkdir(const char *path);
int iki_os_unlink(const char *path);

/* ---- folders -------------------------------------------------------------- */
typedef struct iki_os_dir iki_os_dir;
iki_os_dir *iki_os_opendir(const char *path);
/* The next entry's name (UTF-8, valid until the next call), "." and ".."
 * left out; NULL at the end. */
const char *iki_os_readdir(iki_os_dir *d);
void iki_os_closedir(iki_os_dir *d);

/* ---- names ---------------------------------------------------------------- */
/* The last component of path (inside path): after the last '/', and on
 * Windows also after the last '\\' or a drive's "C:".  A name is never split
 * on a character that the system allows inside a name ('\\' on POSIX). */
const char *iki_os_base_name(const char *path);
/* Is c a folder separator ('/'; on Windows '/' or '\\')? */
int iki_os_is_sep(char c);
/* The folder of path (malloc'd, NULL with errno): "." for a bare name, the
 * root itself for a name in the root ("/", and on Windows "C:\\", "\\"). */
char *iki_os_dir_name(const char *path);

/* ---- the atomic write ----------------------------------------------------- */
/* Create an empty temporary file in the folder of path, with a hidden name
 * (".BASE.XXXXXX" on POSIX; ".iki-XXXXXX.tmp" of ASCII letters on Windows,
 * so libraries that open files through the ANSI code page can write it):
 * a malloc'd name, or NULL with errno.  Permissions as a new file's. */
char *iki_os_temp_beside(const char *path);
/* Is base (a name in that folder) such a temporary file of path's? */
int iki_os_is_temp_of(const char *base, const char *path_base);
/* Replace path by tmp atomically and durably (fsync + rename + fsync of
 * the folder; Windows: MoveFileExW with MOVEFILE_REPLACE_EXISTING |
 * MOVEFILE_WRITE_THROUGH).  errno EBUSY: path is open in another program
 * that does not share it (Excel); path is then untouched.  On Windows a
 * file held for a moment (an antivirus scanner, the search indexer) is
 * waited for, up to 2.5 s, before EBUSY. */
int iki_os_replace(const char *tmp, const char *path);

/* ---- the rest -------------------------------------------------------------- */
/* Processors online, at least 1. */
unsigned iki_os_cores(void);
/* A monotonic clock in milliseconds. */
long long iki_os_now_ms(void);
/* fnmatch(3) with no flags, or FNM_CASEFOLD when casefold: 0 when name
 * matches pattern. */
int iki_os_fnmatch(const char *pattern, const char *name, int casefold);
/* qsort_r(3) as glibc's (the comparison's context last). */
void iki_os_qsort_r(void *base, size_t n, size_t size,
                    int (*cmp)(const void *, const void *, void *), void *ctx);
/* strtod(3) in the C locale whatever the process's locale. */
double iki_os_strtod_c(const char *s, char **end);
/* Do two paths name the same file when neither exists yet?  Byte
 * comparison on POSIX; case-insensitive on Windows, where names that
 * differ only in case are one file. */
int iki_os_same_name(const char *a, const char *b);
/* The user's language as a locale name ("id_ID", "en_US") where the
 * system keeps one apart from the environment, as gettext asks it when no
 * LC_ALL, LC_MESSAGES or LANG is set: on Windows the user's display
 * language (GetUserDefaultUILanguage); NULL on POSIX, where the
 * environment is the locale.  A static buffer. */
const char *iki_os_user_language(void);
/* A folder for a library's own temporary files that it opens by a char
 * name (libxlsxwriter): NULL where the library's default is right
 * (POSIX).  On Windows the user's TEMP folder as the ANSI code page spells
 * it, or its 8.3 short name when it cannot (a user name outside that code
 * page), or NULL.  A static buffer. */
const char *iki_os_lib_tmpdir(void);
/* A program's start (Windows; nothing on POSIX): argv in UTF-8 from the
 * wide command line, the console's output code page UTF-8, and stdout and
 * stderr binary, so output bytes are the same as on POSIX ("\n" lines). */
void iki_os_cli_init(int *argc, char ***argv);

/* Call fn on SIGINT and SIGTERM (sigaction); on Windows on Ctrl+C, Ctrl+Break
 * and the console window's closing. */
void iki_os_on_stop(void (*fn)(int));

/* ---- code pages ------------------------------------------------------------ */
/* A converter to UTF-8 from a character set named as iconv names them
 * ("CP1252", "WINDOWS-1252", "CP936", "MACINTOSH", "ASCII", "UTF-16LE",
 * "UTF-16BE"), or NULL when there is none.  iki_os_iconv() follows
 * iconv(3): it converts as much as fits and returns (size_t)-1 with errno
 * E2BIG (output full), EILSEQ (an invalid or unmapped sequence at *in) or
 * EINVAL (the input ends inside a character); in == NULL resets the state. */
typedef struct iki_os_iconv iki_os_iconv;
iki_os_iconv *iki_os_iconv_open(const char *from);
size_t iki_os_iconv_conv(iki_os_iconv *cd, char **in, size_t *inleft, char **out,
                         size_t *outleft);
void iki_os_iconv_close(iki_os_iconv *cd);

/* ---- watching a folder ------------------------------------------------------ */
/* Changes below a folder (recursively; hidden folders excepted): inotify
 * on Linux, ReadDirectoryChangesW on Windows. */
typedef struct iki_os_watch iki_os_watch;
iki_os_watch *iki_os_watch_new(const char *dir);
/* Does a change of this entry matter?  name is the entry's base name;
 * is_dir 1 for a folder, 0 for a file, -1 when it is gone and unknown. */
typedef int (*iki_os_watch_filter)(void *ctx, const char *name, int is_dir);
/* Wait up to timeout_ms: 1 when a change that filter accepts happened (or
 * events were lost), 0 when none, -1 on error. */
int iki_os_watch_wait(iki_os_watch *w, int timeout_ms, iki_os_watch_filter filter, void *ctx);
void iki_os_watch_free(iki_os_watch *w);

#endif
