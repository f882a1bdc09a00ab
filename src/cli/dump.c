/* `iki dump`: what iki sees in a file, sheet by sheet, as CSV. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"
#include "iki/diag.h"
#include "iki/dump.h"
#include "iki/reader.h"
#include "iki/scan.h"

int iki_cli_dump_help(FILE *out)
{
    fputs(_("usage: iki dump [--sheet NAME] FILE|DIR...\n"
          "\n"
          "Print every sheet of each workbook (.xls, .xlsx, .xlsm, .ods, .csv),\n"
          "hidden sheets included, as iki reads it: a line '## FILE :: SHEET',\n"
          "then the rows as CSV.  Numbers in their shortest exact form, dates as\n"
          "YYYY-MM-DD[THH:MM:SS], booleans TRUE/FALSE, errors as written.\n"
          "A folder is read recursively, files in name order; inside a folder\n"
          "only .xls, .xlsx, .xlsm, .ods and .csv files are read.\n"
          "\n"
          "  --sheet NAME   only the sheet called NAME\n"
          "\n"
          "example:\n"
          "  iki dump fixtures/sample/pmks-2024.xlsx\n"),
          out);
    return IKI_EXIT_OK;
}

static int write_stdout(void *ctx, const char *data, size_t len)
{
    (void)ctx;
    return fwrite(data, 1, len, stdout) == len ? 0 : -1;
}

static int dump_file(iki_reader *r, const char *path, const char *sheet)
{
    if (iki_reader_open_path(r, path) != IKI_OK) {
        fprintf(stderr, "iki: %s\n",
                iki_cli_pick(iki_reader_message(r), iki_reader_message_id(r)));
        return IKI_EXIT_INPUT;
    }
    int rc = IKI_EXIT_OK, found = 0;
    for (size_t i = 0; i < iki_reader_sheet_count(r); i++) {
        const iki_sheet_info *si = iki_reader_sheet(r, i);
        if (sheet && strcmp(si->name, sheet) != 0)
            continue;
        found = 1;
        printf("## %s :: %s\n", path, si->name);
        iki_error e = iki_dump_sheet(r, i, write_stdout, NULL);
        if (e == IKI_ERROR_IO && !*iki_reader_message(r)) {
            fprintf(stderr, _("iki: cannot write to standard output\n"));
            return IKI_EXIT_OUTPUT;
        }
        if (e != IKI_OK) {
            fflush(stdout);
            fprintf(stderr, "iki: %s\n",
                    iki_cli_pick(iki_reader_message(r), iki_reader_message_id(r)));
            rc = IKI_EXIT_INPUT;
        }
    }
    if (sheet && !found) {
        fprintf(stderr, _("iki: %s: no sheet named '%s'\n"), path, sheet);
        rc = IKI_EXIT_INPUT;
    }
    return rc;
}

typedef struct dump_ctx {
    iki_reader *r;
    const char *sheet;
    int rc;
} dump_ctx;

static int on_file(void *ctx, const char *path, int explicit_arg, iki_scan_kind kind,
                   const char *reason)
{
    dump_ctx *c = ctx;
    (void)explicit_arg;
    int rc;
    if (kind == IKI_SCAN_SKIPPED)
        return 0;
    if (kind == IKI_SCAN_PROBLEM) {
        /* a message of the catalog (src/scan), or the C library's text */
        fprintf(stderr, "iki: %s: %s\n", path, iki_cli_text(reason));
        rc = IKI_EXIT_INPUT;
    } else {
        rc = dump_file(c->r, path, c->sheet);
    }
    if (rc > c->rc)
        c->rc = rc;
    return rc == IKI_EXIT_OUTPUT ? -1 : 0;
}

int iki_cli_dump(int argc, char **argv)
{
    const char *sheet = NULL;
    int c;
    static const struct option longopts[] = {{"sheet", required_argument, NULL, 's'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    while ((c = iki_cli_getopt("dump", argc, argv, ":s:h", longopts)) != -1) {
        switch (c) {
        case 's': sheet = optarg; break;
        case 'h': return iki_cli_dump_help(stdout);
        default: return IKI_EXIT_USAGE;
        }
    }
    int i = optind;
    if (i >= argc) {
        iki_cli_dump_help(stderr);
        return IKI_EXIT_USAGE;
    }
    iki_reader *r = iki_reader_new(NULL);
    if (!r) {
        fprintf(stderr, _("iki: out of memory\n"));
        return IKI_EXIT_INPUT;
    }
    dump_ctx ctx = {r, sheet, IKI_EXIT_OK};
    for (; i < argc; i++)
        if (iki_scan_path(argv[i], on_file, &ctx) != 0 && ctx.rc < IKI_EXIT_OUTPUT)
            ctx.rc = IKI_EXIT_INPUT;
    int rc = ctx.rc;
    iki_reader_free(r);
    if (fflush(stdout) != 0) {
        fprintf(stderr, _("iki: cannot write to standard output\n"));
        rc = IKI_EXIT_OUTPUT;
    }
    return rc;
}
