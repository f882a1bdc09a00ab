/* `iki build`: the consolidated IKI workbook (and optionally JSON). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "i18n.h"
#include "iki/ikiwb.h"
#include "iki/recheck.h"
#include "iki/report.h"
#include "iki/run.h"
#include "iki/template.h"

int iki_cli_build_help(FILE *out)
{
    fputs(_("usage: iki build [-t TEMPLATE] [-o OUT.xlsx] [--year Y] [--until WHEN] [--json FILE]\n"
          "                 FILE|FOLDER...\n"
          "\n"
          "Read the workbooks and write the consolidated IKI workbook: one IKI sheet\n"
          "per position, Ringkasan, Data, Rincian, Sumber and Catatan.  The output\n"
          "is written to a temporary file and renamed over OUT only when complete;\n"
          "an earlier output is never read as an input.\n"
          "\n"
          "  -t, --template FILE  use this template instead of the built-in one\n"
          "  -o, --output FILE    the workbook to write (default IKI-<year>.xlsx, the\n"
          "                       report year's)\n"
          "  --year Y             the reporting year (default: the template's, else\n"
          "                       the year the inputs state, else the clock's with a\n"
          "                       warning); inputs of other years are left out\n"
          "  --until WHEN         the report as at the end of a month (2025-06) or a\n"
          "                       quarter (TW2, 2025-TW2): later periods are left out\n"
          "                       and listed in Sumber\n"
          "  --json FILE          also write the Data rows and diagnostics as JSON\n"
          "  -q, --quiet          no progress on the terminal\n"
          "  -j, --jobs N         read with N threads (default: one per core)\n"
          "  --previous FILE      last year's IKI workbook: Data gains its Realisasi\n"
          "                       as 'Realisasi Tahun Lalu'\n"
          "\n"
          "SOURCE_DATE_EPOCH (seconds) fixes the build time: the same inputs then\n"
          "give a byte-identical workbook.\n"
          "\n"
          "exit codes: 0 every indicator has a value; 1 some indicator lacks data\n"
          "or an input could not be read; 2 usage or template error; 3 the output\n"
          "could not be written\n"
          "\n"
          "example:\n"
          "  iki build -o IKI-2025.xlsx fixtures/sampang-2025\n"),
          out);
    return IKI_EXIT_OK;
}

/* --previous FILE: last year's IKI workbook, read as `rekap` reads one and
 * checked row by row; prints the error and returns -1 when it is none. */
static int read_previous(const char *path, iki_wb **out, iki_recheck **checks)
{
    iki_reader *r = iki_reader_new(NULL);
    iki_wb *wb = iki_wb_new();
    char why[512] = "", why_id[512] = "";
    int rc = -1;
    if (!r || !wb) {
        fprintf(stderr, "iki: %s\n", iki_cli_strerror(IKI_ERROR_NOMEM));
        goto cleanup;
    }
    if (iki_reader_open_path(r, path) != IKI_OK) {
        fprintf(stderr, _("iki build: --previous %s: %s\n"), path,
                iki_cli_indonesian() ? iki_reader_detail_id(r) : iki_reader_detail(r));
        goto cleanup;
    }
    if (iki_wb_read(r, wb, why, sizeof why, why_id, sizeof why_id) != IKI_OK) {
        fprintf(stderr, "iki: %s\n", iki_cli_strerror(IKI_ERROR_NOMEM));
        goto cleanup;
    }
    if (why[0]) {
        fprintf(stderr, _("iki build: --previous %s: %s\n"), path,
                iki_cli_indonesian() ? why_id : why);
        goto cleanup;
    }
    *checks = calloc(wb->nrows ? wb->nrows : 1, sizeof **checks);
    if (!*checks) {
        fprintf(stderr, "iki: %s\n", iki_cli_strerror(IKI_ERROR_NOMEM));
        goto cleanup;
    }
    for (size_t i = 0; i < wb->nrows; i++)
        iki_recheck_row(&wb->rows[i], &(*checks)[i]);
    *out = wb;
    wb = NULL;
    rc = 0;
cleanup:
    iki_wb_free(wb);
    iki_reader_free(r);
    return rc;
}

int iki_cli_build(int argc, char **argv)
{
    const char *tpath = NULL, *out = NULL, *json = NULL;
    int year = 0, quiet = 0, c;
    unsigned jobs = 0;
    const char *previous = NULL;
    iki_period until = {IKI_PERIOD_NONE, 0, 0};
    enum { OPT_JSON = 256, OPT_YEAR, OPT_PREVIOUS, OPT_UNTIL };
    static const struct option longopts[] = {
        {"template", required_argument, NULL, 't'}, {"output", required_argument, NULL, 'o'},
        {"jobs", required_argument, NULL, 'j'},     {"json", required_argument, NULL, OPT_JSON},
        {"year", required_argument, NULL, OPT_YEAR}, {"quiet", no_argument, NULL, 'q'},
        {"previous", required_argument, NULL, OPT_PREVIOUS},
        {"until", required_argument, NULL, OPT_UNTIL},
        {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0}};
    while ((c = iki_cli_getopt("build", argc, argv, ":t:o:j:qh", longopts)) != -1) {
        switch (c) {
        case 't': tpath = optarg; break;
        case 'o': out = optarg; break;
        case 'j':
            if (iki_cli_parse_jobs(optarg, &jobs) != 0)
                return IKI_EXIT_USAGE;
            break;
        case OPT_JSON: json = optarg; break;
        case OPT_YEAR:
            if (iki_cli_parse_year(optarg, &year) != 0) {
                fprintf(stderr, _("iki build: --year wants a year like 2025, not '%s'\n"),
                        optarg);
                return IKI_EXIT_USAGE;
            }
            break;
        case OPT_PREVIOUS: previous = optarg; break;
        case OPT_UNTIL:
            if (iki_cli_parse_until(optarg, &until) != 0) {
                fprintf(stderr,
                        _("iki %s: --until wants a month like 2025-06 or a quarter like TW2 "
                          "or 2025-TW2, not '%s'\n"),
                        "build", optarg);
                return IKI_EXIT_USAGE;
            }
            break;
        case 'q': quiet = 1; break;
        case 'h': return iki_cli_build_help(stdout);
        default: return IKI_EXIT_USAGE;
        }
    }
    if (until.kind != IKI_PERIOD_NONE && iki_cli_until_year("build", &until, &year) != 0)
        return IKI_EXIT_USAGE;
    int i = optind;
    if (i >= argc) {
        iki_cli_build_help(stderr);
        return IKI_EXIT_USAGE;
    }
    iki_report_options opt = {year, 0, IKI_VERSION, NULL, NULL};
    if (iki_cli_build_time(&opt.build_time) != 0)
        return IKI_EXIT_USAGE;
    iki_wb *prev = NULL;
    iki_recheck *prev_checks = NULL;
    if (previous && read_previous(previous, &prev, &prev_checks) != 0)
        return IKI_EXIT_USAGE;
    opt.previous = prev;
    opt.previous_checks = prev_checks;
    iki_template *t = NULL;
    int rc = iki_cli_load_template(tpath, &t);
    if (rc != IKI_EXIT_OK) {
        iki_wb_free(prev);
        free(prev_checks);
        return rc;
    }
    char defname[64];
    iki_error e;
    iki_run *run = iki_cli_run(t, argv + i, argc - i, out, json, jobs, quiet, year, &until,
                               opt.build_time);
    if (!run) {
        rc = IKI_EXIT_INPUT;
        goto cleanup;
    }
    /* the default name says the report year, which the inputs may decide */
    if (!out) {
        snprintf(defname, sizeof defname, "IKI-%d.xlsx", iki_run_year(run));
        out = defname;
    }
    char err[1024] = "";
    e = iki_report_write_xlsx(run, t, &opt, out, err, sizeof err);
    if (e == IKI_OK && json)
        e = iki_report_write_json(run, t, &opt, json, err, sizeof err);
    if (e != IKI_OK) {
        fprintf(stderr, "iki: %s\n", err[0] ? err : iki_cli_strerror(e));
        rc = IKI_EXIT_OUTPUT;
        goto cleanup;
    }
    /* what could not be read (files, sheets), on stderr, one line each */
    const iki_diags *d = iki_run_diags(run);
    for (size_t k = 0; k < iki_diags_count(d); k++) {
        const iki_diag *g = iki_diags_get(d, k);
        if (g->severity == IKI_SEV_ERROR && g->file) {
            char line[2048];
            if (iki_cli_indonesian())
                iki_diag_format_id(g, line, sizeof line);
            else
                iki_diag_format(g, line, sizeof line);
            fprintf(stderr, "iki: %s\n", line);
        }
    }
    if (iki_run_year_from(run) == IKI_YEAR_FROM_CLOCK)
        fprintf(stderr,
                _("iki: warning: no input states its year: the report year %d is the clock's;\n"
                  "set it with --year Y (or office.year in the template), or name the year in\n"
                  "the file names or title rows\n"),
                iki_run_year(run));
    rc = iki_cli_print_summary(t, run, stdout);
    printf(_("\nWorkbook written: %s\n"), out);
    if (json)
        printf(_("JSON written: %s\n"), json);
cleanup:
    iki_run_free(run);
    iki_template_free(t);
    iki_wb_free(prev);
    free(prev_checks);
    return rc;
}
