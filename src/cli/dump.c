/* `iki dump`: what iki sees in a file, sheet by sheet, as CSV. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "cli.h"
#include "iki/dump.h"
#include "iki/reader.h"

int iki_cli_dump_help(FILE *out)
{
    fputs("usage: iki dump [--sheet NAME] FILE|DIR...\n"
          "\n"
          "Print every sheet of each workbook (.xls, .xlsx, .xlsm, .ods, .csv),\n"
          "hidden sheets included, as iki reads it: a line '## FILE :: SHEET',\n"
          "then the rows as CSV.  Numbers in their shortest exact form, dates as\n"
          "YYYY-MM-DD[THH:MM:SS], booleans TRUE/FALSE, errors as written.\n"
          "A folder is read recursively, files in name order; inside a folder\n"
          "only .xls, .xlsx, .xlsm, .ods, .csv and .tsv files are read.\n"
          "\n"
          "  --sheet NAME   only the sheet called NAME\n"
          "\n"
          "example:\n"
          "  iki dump fixtures/sample/pmks-2024.xlsx\n",
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
        fprintf(stderr, "iki: %s\n", iki_reader_message(r));
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
            fprintf(stderr, "iki: cannot write to standard output\n");
            return IKI_EXIT_OUTPUT;
        }
        if (e != IKI_OK) {
            fflush(stdout);
            fprintf(stderr, "iki: %s\n", iki_reader_message(r));
            rc = IKI_EXIT_INPUT;
        }
    }
    if (sheet && !found) {
        fprintf(stderr, "iki: %s: no sheet named '%s'\n", path, sheet);
        rc = IKI_EXIT_INPUT;
    }
    return rc;
}

/* Inside a folder only spreadsheet files are read (a README or a script
 * beside them is not an input); a file named on the command line is read
 * whatever its name, its format being decided by its content. */
static int spreadsheet_name(const char *name)
{
    static const char *const ext[] = {"xls", "xlsx", "xlsm", "ods", "csv", "tsv"};
    const char *dot = strrchr(name, '.');
    for (size_t i = 0; dot && i < sizeof ext / sizeof *ext; i++)
        if (strcasecmp(dot + 1, ext[i]) == 0)
            return 1;
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int dump_path(iki_reader *r, const char *path, const char *sheet, int depth)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        return dump_file(r, path, sheet);
    if (depth > 32) {
        fprintf(stderr, "iki: %s: folders nested too deep\n", path);
        return IKI_EXIT_INPUT;
    }
    DIR *d = opendir(path);
    if (!d) {
        fprintf(stderr, "iki: %s: cannot open folder\n", path);
        return IKI_EXIT_INPUT;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = IKI_EXIT_OK;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue; /* hidden files, ".", "..", ".~lock.*#" */
        if (strncmp(de->d_name, "~$", 2) == 0)
            continue; /* Excel lock files */
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            char **nn = realloc(names, cap * sizeof *nn);
            if (!nn)
                break;
            names = nn;
        }
        size_t len = strlen(path) + strlen(de->d_name) + 2;
        names[n] = malloc(len);
        if (!names[n])
            break;
        snprintf(names[n], len, "%s%s%s", path,
                 path[strlen(path) - 1] == '/' ? "" : "/", de->d_name);
        struct stat es;
        if (stat(names[n], &es) == 0 && !S_ISDIR(es.st_mode) &&
            !spreadsheet_name(de->d_name)) {
            free(names[n]);
            continue;
        }
        n++;
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n; i++) {
        int r2 = dump_path(r, names[i], sheet, depth + 1);
        if (r2 > rc)
            rc = r2;
        free(names[i]);
    }
    free(names);
    return rc;
}

int iki_cli_dump(int argc, char **argv)
{
    const char *sheet = NULL;
    int i = 1;
    for (; i < argc; i++) {
        if (strcmp(argv[i], "--sheet") == 0 && i + 1 < argc)
            sheet = argv[++i];
        else if (strncmp(argv[i], "--sheet=", 8) == 0)
            sheet = argv[i] + 8;
        else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return iki_cli_dump_help(stdout);
        else if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "iki dump: unknown option '%s'\n", argv[i]);
            return IKI_EXIT_USAGE;
        } else
            break;
    }
    if (i >= argc) {
        iki_cli_dump_help(stderr);
        return IKI_EXIT_USAGE;
    }
    iki_reader *r = iki_reader_new(NULL);
    if (!r) {
        fprintf(stderr, "iki: out of memory\n");
        return IKI_EXIT_INPUT;
    }
    int rc = IKI_EXIT_OK;
    for (; i < argc; i++) {
        int r2 = dump_path(r, argv[i], sheet, 0);
        if (r2 > rc)
            rc = r2;
    }
    iki_reader_free(r);
    if (fflush(stdout) != 0) {
        fprintf(stderr, "iki: cannot write to standard output\n");
        rc = IKI_EXIT_OUTPUT;
    }
    return rc;
}
