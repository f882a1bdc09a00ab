/* `iki rekap`: the Bappeda's consolidation of many offices' IKI workbooks
 * into one recap workbook (and optionally JSON). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "i18n.h"
#include "iki/rekap.h"
#include "iki/report.h"

int iki_cli_rekap_help(FILE *out)
{
    fputs(_("usage: iki rekap [-o REKAP.xlsx] [--json FILE] [-q] [-j N] FILE|FOLDER...\n"
          "\n"
          "Read the IKI workbooks that `iki build` wrote (of any office and template,\n"
          "also after Excel or LibreOffice saved them again as .xlsx, .xls or .ods)\n"
          "and write one recap workbook: Ringkasan (per office and year, with a\n"
          "chart), Data (one row per office, year, position and indicator), Tren\n"
          "(when the inputs span several years), Sumber and Catatan.  Realisasi and\n"
          "Capaian are computed again: a value typed over its formula is kept and\n"
          "flagged 'diubah manual'.  Of two workbooks of one office and year the\n"
          "one built later is used; identical copies are read once.\n"
          "\n"
          "  -o, --output FILE    the workbook to write (default\n"
          "                       REKAP-IKI-<years>.xlsx)\n"
          "  --json FILE          also write the rows, files and diagnostics as JSON\n"
          "  -q, --quiet          no progress on the terminal\n"
          "  -j, --jobs N         read with N threads (default: one per core)\n"
          "\n"
          "SOURCE_DATE_EPOCH (seconds) fixes the build time: the same inputs then\n"
          "give a byte-identical workbook, whatever the number of jobs.\n"
          "\n"
          "exit codes: 0 every input was read; 1 an input could not be read or is\n"
          "no IKI workbook (the others are in the recap); 2 usage error; 3 the\n"
          "output could not be written\n"
          "\n"
          "example:\n"
          "  iki rekap -o REKAP-IKI-2025.xlsx kiriman-opd/\n"),
          out);
    return IKI_EXIT_OK;
}

/* What could not be read and what was changed by hand, on stderr. */
static void print_diags(const iki_rekap *rk)
{
    const iki_diags *d = iki_rekap_diags(rk);
    for (size_t k = 0; k < iki_diags_count(d); k++) {
        const iki_diag *g = iki_diags_get(d, k);
        if (g->severity < IKI_SEV_WARNING)
            continue;
        char line[2048];
        if (iki_cli_indonesian())
            iki_diag_format_id(g, line, sizeof line);
        else
            iki_diag_format(g, line, sizeof line);
        fprintf(stderr, "iki: %s\n", line);
    }
}

int iki_cli_rekap(int argc, char **argv)
{
    const char *out = NULL, *json = NULL;
    int quiet = 0, c;
    unsigned jobs = 0;
    enum { OPT_JSON = 256 };
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'}, {"jobs", required_argument, NULL, 'j'},
        {"json", required_argument, NULL, OPT_JSON}, {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0}};
    while ((c = iki_cli_getopt("rekap", argc, argv, ":o:j:qh", longopts)) != -1) {
        switch (c) {
        case 'o': out = optarg; break;
        case 'j':
            if (iki_cli_parse_jobs(optarg, &jobs) != 0)
                return IKI_EXIT_USAGE;
            break;
        case OPT_JSON: json = optarg; break;
        case 'q': quiet = 1; break;
        case 'h': return iki_cli_rekap_help(stdout);
        default: return IKI_EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        iki_cli_rekap_help(stderr);
        return IKI_EXIT_USAGE;
    }
    iki_recap_options opt = {0, IKI_VERSION};
    if (iki_cli_build_time(&opt.build_time) != 0)
        return IKI_EXIT_USAGE;
    int rc = IKI_EXIT_OK;
    iki_rekap *rk = iki_rekap_new();
    iki_error e = rk ? IKI_OK : IKI_ERROR_NOMEM;
    if (e == IKI_OK && out)
        e = iki_rekap_exclude(rk, out);
    if (e == IKI_OK && json)
        e = iki_rekap_exclude(rk, json);
    for (int i = optind; i < argc && e == IKI_OK; i++)
        e = iki_rekap_add_input(rk, argv[i]);
    if (e == IKI_OK) {
        iki_rekap_set_jobs(rk, jobs);
        int shown = !quiet && isatty(STDERR_FILENO);
        if (shown)
            iki_rekap_set_progress(rk, iki_cli_progress_line, NULL);
        e = iki_rekap_execute(rk);
        iki_cli_progress_end(shown);
    }
    if (e != IKI_OK) {
        fprintf(stderr, "iki: %s\n", iki_cli_strerror(e));
        rc = IKI_EXIT_INPUT;
        goto cleanup;
    }
    /* the default name says the years the recap covers */
    char defname[64];
    if (!out) {
        size_t ny = iki_rekap_year_count(rk);
        if (ny == 0)
            snprintf(defname, sizeof defname, "REKAP-IKI.xlsx");
        else if (ny == 1)
            snprintf(defname, sizeof defname, "REKAP-IKI-%d.xlsx", iki_rekap_year_at(rk, 0));
        else
            snprintf(defname, sizeof defname, "REKAP-IKI-%d-%d.xlsx", iki_rekap_year_at(rk, 0),
                     iki_rekap_year_at(rk, ny - 1));
        out = defname;
    }
    char err[1024] = "";
    e = iki_report_write_recap(rk, &opt, out, err, sizeof err);
    if (e == IKI_OK && json)
        e = iki_report_write_recap_json(rk, &opt, json, err, sizeof err);
    if (e != IKI_OK) {
        fprintf(stderr, "iki: %s\n", err[0] ? err : iki_cli_strerror(e));
        rc = IKI_EXIT_OUTPUT;
        goto cleanup;
    }
    print_diags(rk);
    size_t nfiles = iki_rekap_file_count(rk), ncopy = 0, nsup = 0;
    for (size_t i = 0; i < nfiles; i++) {
        ncopy += iki_rekap_file_at(rk, i)->state == IKI_REKAP_COPY;
        nsup += iki_rekap_file_at(rk, i)->state == IKI_REKAP_SUPERSEDED;
    }
    printf(_("IKI workbooks read: %zu; superseded: %zu; identical copies: %zu; not read: %zu\n"),
           iki_rekap_standing_count(rk), nsup, ncopy, iki_rekap_files_failed(rk));
    if (iki_rekap_manual_count(rk))
        printf(_("Rows changed by hand ('diubah manual'): %zu\n"), iki_rekap_manual_count(rk));
    printf(_("\nRecap written: %s\n"), out);
    if (json)
        printf(_("JSON written: %s\n"), json);
    if (iki_rekap_files_failed(rk) || iki_rekap_standing_count(rk) == 0)
        rc = IKI_EXIT_INPUT;
cleanup:
    iki_rekap_free(rk);
    return rc;
}
