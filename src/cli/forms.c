/* `iki forms`: one blank input form (XLSX) per source form of the
 * template, for the office's staff to fill in and drop into the inbox. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "i18n.h"
#include "iki/forms.h"
#include "iki/os.h"
#include "iki/template.h"

int iki_cli_forms_help(FILE *out)
{
    fputs(_("usage: iki forms [-t TEMPLATE] -o DIR [--year Y]\n"
          "\n"
          "Write one blank form (formulir-CODE.xlsx) per source form of the template\n"
          "into DIR (created when missing): the form's title, office and year, a\n"
          "Periode cell, exactly the column headers iki recognises, the kecamatan\n"
          "pre-filled with a JUMLAH row of =SUM formulas (forms per kecamatan), the\n"
          "item rows (forms of items) or numbered rows (lists), input validation\n"
          "(whole numbers >= 0, Ya/Tidak lists), headers locked by a sheet protection\n"
          "without password, and a Petunjuk sheet in Indonesian on how to fill it in.\n"
          "A filled-in form dropped into the inbox is recognised without a warning.\n"
          "Each file is written to a temporary file and renamed when complete; a\n"
          "form already in DIR under the same name is replaced.\n"
          "\n"
          "  -t, --template FILE  use this template instead of the built-in one\n"
          "  -o, --output DIR     the folder to write the forms into (required)\n"
          "  --year Y             the year in the forms' titles (default: the\n"
          "                       template's, else the current year)\n"
          "\n"
          "SOURCE_DATE_EPOCH (seconds) fixes the creation time: byte-identical forms.\n"
          "\n"
          "exit codes: 0 every form written; 2 usage or template error; 3 a form\n"
          "could not be written\n"
          "\n"
          "example:\n"
          "  iki forms -o formulir\n"
          "  iki forms -t kantor-2026.yaml --year 2026 -o formulir-2026\n"),
          out);
    return IKI_EXIT_OK;
}

int iki_cli_forms(int argc, char **argv)
{
    const char *tpath = NULL, *dir = NULL;
    int year = 0, c;
    enum { OPT_YEAR = 256 };
    static const struct option longopts[] = {
        {"template", required_argument, NULL, 't'}, {"output", required_argument, NULL, 'o'},
        {"year", required_argument, NULL, OPT_YEAR}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    while ((c = iki_cli_getopt("forms", argc, argv, ":t:o:h", longopts)) != -1) {
        switch (c) {
        case 't': tpath = optarg; break;
        case 'o': dir = optarg; break;
        case OPT_YEAR:
            if (iki_cli_parse_year(optarg, &year) != 0) {
                fprintf(stderr, _("iki forms: --year wants a year like 2025, not '%s'\n"),
                        optarg);
                return IKI_EXIT_USAGE;
            }
            break;
        case 'h': return iki_cli_forms_help(stdout);
        default: return IKI_EXIT_USAGE;
        }
    }
    if (optind < argc) {
        fprintf(stderr, _("iki forms: unexpected argument '%s' (the folder goes after -o)\n"),
                argv[optind]);
        return IKI_EXIT_USAGE;
    }
    if (!dir || !*dir) {
        fprintf(stderr, _("iki forms: -o DIR is required\n\n"));
        iki_cli_forms_help(stderr);
        return IKI_EXIT_USAGE;
    }
    time_t when;
    if (iki_cli_build_time(&when) != 0)
        return IKI_EXIT_USAGE;
    iki_template *t = NULL;
    int rc = iki_cli_load_template(tpath, &t);
    if (rc != IKI_EXIT_OK)
        return rc;
    char err[1024] = "";
    iki_error e = iki_forms_write(t, dir, year, when, err, sizeof err);
    if (e != IKI_OK) {
        fprintf(stderr, "iki: %s\n", err[0] ? err : iki_cli_strerror(e));
        rc = e == IKI_ERROR_USAGE ? IKI_EXIT_USAGE : IKI_EXIT_OUTPUT;
        goto cleanup;
    }
    size_t dl = strlen(dir);
    const char *sep = iki_os_is_sep(dir[dl - 1]) ? "" : "/";
    for (size_t i = 0; i < t->nsources; i++) {
        char name[300];
        iki_forms_file_name(&t->sources[i], name, sizeof name);
        printf("%s%s%s\t%s\n", dir, sep, name,
               t->sources[i].title ? t->sources[i].title : t->sources[i].code);
    }
    printf(_("\n%zu forms written to %s\n"), t->nsources, dir);
    if (fflush(stdout) != 0) {
        fprintf(stderr, _("iki: cannot write to standard output\n"));
        rc = IKI_EXIT_OUTPUT;
    }
cleanup:
    iki_template_free(t);
    return rc;
}
