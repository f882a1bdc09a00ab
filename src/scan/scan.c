#define _GNU_SOURCE
#include "iki/scan.h"

#include "iki/msg.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "iki/os.h"

const char *iki_scan_skip_reason(const char *base)
{
    static const char *const ext[] = {"xls", "xlsx", "xlsm", "ods", "csv"};
    size_t n = strlen(base);
    if (strncmp(base, "~$", 2) == 0)
        return IKI_MSG("lock file of Excel");
    if (strncmp(base, ".~lock.", 7) == 0)
        return IKI_MSG("lock file of LibreOffice");
    if (base[0] == '.')
        return IKI_MSG("hidden file");
    if (strcasecmp(base, "Thumbs.db") == 0 || strcasecmp(base, "ehthumbs.db") == 0)
        return IKI_MSG("thumbnail cache of Windows");
    if (strcasecmp(base, "desktop.ini") == 0)
        return IKI_MSG("folder settings of Windows");
    if (n && (base[n - 1] == '~' || base[n - 1] == '#'))
        return IKI_MSG("backup file");
    const char *dot = strrchr(base, '.');
    if (dot && (strcasecmp(dot, ".tmp") == 0 || strcasecmp(dot, ".part") == 0 ||
                strcasecmp(dot, ".crdownload") == 0))
        return IKI_MSG("temporary file");
    for (size_t i = 0; dot && i < sizeof ext / sizeof *ext; i++)
        if (strcasecmp(dot + 1, ext[i]) == 0)
            return NULL;
    return IKI_MSG("not a spreadsheet name (.xls, .xlsx, .xlsm, .ods, .csv)");
}

int iki_scan_wanted_name(const char *base)
{
    return iki_scan_skip_reason(base) == NULL;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int walk(const char *path, int depth, iki_scan_fn fn, void *ctx)
{
    if (depth > 32)
        return fn(ctx, path, 0, IKI_SCAN_PROBLEM, IKI_MSG("folders nested too deep (a link loop?)"));
    iki_os_dir *d = iki_os_opendir(path);
    if (!d)
        return fn(ctx, path, 0, IKI_SCAN_PROBLEM, strerror(errno));
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    const char *de;
    size_t plen = strlen(path);
    int slash = plen && path[plen - 1] == '/';
    while ((de = iki_os_readdir(d))) {
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            char **nn = realloc(names, cap * sizeof *nn);
            if (!nn) {
                rc = -1;
                break;
            }
            names = nn;
        }
        size_t len = plen + strlen(de) + 2;
        names[n] = malloc(len);
        if (!names[n]) {
            rc = -1;
            break;
        }
        snprintf(names[n], len, "%s%s%s", path, slash ? "" : "/", de);
        n++;
    }
    iki_os_closedir(d);
    if (rc == 0 && n > 0)
        qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n; i++) {
        if (rc == 0) {
            iki_os_info st;
            const char *base = strrchr(names[i], '/') + 1;
            const char *why = iki_scan_skip_reason(base);
            if (iki_os_stat(names[i], &st) != 0)
                rc = fn(ctx, names[i], 0, IKI_SCAN_PROBLEM,
                        iki_os_lstat(names[i], &st) == 0 ? IKI_MSG("a link to nothing") : strerror(errno));
            else if (st.kind == IKI_OS_DIR)
                rc = base[0] == '.' ? fn(ctx, names[i], 0, IKI_SCAN_SKIPPED, IKI_MSG("hidden folder"))
                                    : walk(names[i], depth + 1, fn, ctx);
            else if (st.kind != IKI_OS_FILE)
                rc = fn(ctx, names[i], 0, IKI_SCAN_SKIPPED, IKI_MSG("not a regular file"));
            else
                rc = fn(ctx, names[i], 0, why ? IKI_SCAN_SKIPPED : IKI_SCAN_FILE, why);
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

int iki_scan_path(const char *path, iki_scan_fn fn, void *ctx)
{
    iki_os_info st;
    if (iki_os_stat(path, &st) != 0)
        return fn(ctx, path, 1, IKI_SCAN_PROBLEM, strerror(errno));
    if (st.kind == IKI_OS_DIR)
        return walk(path, 0, fn, ctx);
    return fn(ctx, path, 1, IKI_SCAN_FILE, NULL);
}
