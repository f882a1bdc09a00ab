/* libFuzzer harness: the whole pipeline on a small in-memory folder.  The
 * input is split at "\n----\n" into up to 4 files (CSV text and workbooks
 * alike; detection is by content) written to a private temporary folder,
 * then scan -> readers -> table -> collect -> compute -> the workbook and
 * the JSON, as `iki build` does. */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "iki/report.h"
#include "iki/run.h"
#include "iki/template.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static iki_template *tpl;
static char dir[64];

static void write_part(int i, const uint8_t *p, size_t n)
{
    static const char *const names[] = {"a.csv", "b.xlsx", "c.ods", "d.xls"};
    char path[128];
    snprintf(path, sizeof path, "%s/in/%s", dir, names[i]);
    FILE *f = fopen(path, "wb");
    if (f) {
        fwrite(p, 1, n, f);
        fclose(f);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[128];
    if (!tpl) {
        char err[256];
        if (iki_template_load_builtin(&tpl, err, sizeof err) != IKI_OK)
            abort();
        snprintf(dir, sizeof dir, "/tmp/iki-fuzz-XXXXXX");
        if (!mkdtemp(dir))
            abort();
        snprintf(path, sizeof path, "%s/in", dir);
        if (mkdir(path, 0700) != 0)
            abort();
    }
    for (int i = 0; i < 4; i++) {
        static const char *const names[] = {"a.csv", "b.xlsx", "c.ods", "d.xls"};
        snprintf(path, sizeof path, "%s/in/%s", dir, names[i]);
        unlink(path);
    }
    const uint8_t *p = data, *end = data + size;
    for (int i = 0; i < 4 && p <= end; i++) {
        const uint8_t *sep = memmem(p, (size_t)(end - p), "\n----\n", 6);
        const uint8_t *stop = sep ? sep : end;
        write_part(i, p, (size_t)(stop - p));
        if (!sep)
            break;
        p = sep + 6;
    }
    iki_run *run = iki_run_new(tpl);
    snprintf(path, sizeof path, "%s/in", dir);
    if (run && iki_run_add_input(run, path) == IKI_OK && iki_run_execute(run) == IKI_OK) {
        iki_report_options opt = {.year = 2025, .build_time = 1767139200, .version = "fuzz"};
        char out[128], err[256];
        snprintf(out, sizeof out, "%s/out.xlsx", dir);
        iki_report_write_xlsx(run, tpl, &opt, out, err, sizeof err);
        snprintf(out, sizeof out, "%s/out.json", dir);
        iki_report_write_json(run, tpl, &opt, out, err, sizeof err);
    }
    iki_run_free(run);
    return 0;
}
