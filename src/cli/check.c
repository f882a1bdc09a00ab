/* `iki check`: what each sheet was recognised as, the diagnostics, and the
 * indicators per position.  `iki template`: print the built-in template. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"
#include "iki/dump.h"
#include "iki/os.h"
#include "iki/run.h"
#include "iki/template.h"

int iki_cli_check_help(FILE *out)
{
    fputs(_("usage: iki check [-t TEMPLATE] [--tsv] [--year Y] [--until WHEN] FILE|FOLDER...\n"
          "\n"
          "Read the workbooks, say what form each sheet was recognised as (or why\n"
          "not), list the diagnostics, and compute every indicator of the\n"
          "template: numerator, denominator, realisasi, target, capaian.\n"
          "\n"
          "  -t, --template FILE  use this template instead of the built-in one\n"
          "  --tsv                print only the indicator table, tab-separated\n"
          "  --year Y             the reporting year (default: the template's, else\n"
          "                       the year the inputs state; inputs of other years\n"
          "                       are left out)\n"
          "  --until WHEN         as at the end of a month (2025-06) or a quarter\n"
          "                       (TW2, 2025-TW2): later periods are left out\n"
          "  -q, --quiet          no progress on the terminal\n"
          "  -j, --jobs N         read with N threads (default: one per core)\n"
          "\n"
          "exit codes: 0 every indicator has a value; 1 some indicator lacks data\n"
          "or an input could not be read; 2 usage or template error\n"
          "\n"
          "example:\n"
          "  iki check fixtures/sampang-2025\n"),
          out);
    return IKI_EXIT_OK;
}

int iki_cli_load_template(const char *path, iki_template **out)
{
    char err[1024] = "";
    iki_error e = path ? iki_template_load_file(path, out, err, sizeof err)
                       : iki_template_load_builtin(out, err, sizeof err);
    if (e != IKI_OK) {
        fprintf(stderr, "iki: %s\n", err[0] ? err : iki_cli_strerror(e));
        return IKI_EXIT_USAGE;
    }
    return IKI_EXIT_OK;
}

static void put_num(FILE *out, int has, double v)
{
    char buf[48];
    if (!has)
        return;
    iki_format_number(v, buf, sizeof buf);
    fputs(buf, out);
}

static void put_target(FILE *out, const iki_run *run, size_t i)
{
    const iki_run_target *rt = iki_run_target_at(run, i, 0);
    if (rt && rt->target.kind != IKI_TARGET_NONE)
        fputs(rt->text, out);
}

static void print_tsv(const iki_template *t, const iki_run *run)
{
    /* the quarterly columns come last: readers of the first nine keep working */
    puts("kode\tpembilang\tpenyebut\trealisasi\tsatuan\ttarget\tcapaian\tpredikat\tstatus"
         "\trealisasi_tw1\trealisasi_tw2\trealisasi_tw3\trealisasi_tw4");
    for (size_t i = 0; i < t->nindicators; i++) {
        const iki_indicator *ind = &t->indicators[i];
        const iki_result *r = iki_run_result(run, i);
        printf("%s\t", ind->code);
        put_num(stdout, r->has_numerator, r->numerator);
        putchar('\t');
        put_num(stdout, r->has_denominator, r->denominator);
        putchar('\t');
        if (r->has_value && r->value_text)
            fputs(r->value_text, stdout);
        else
            put_num(stdout, r->has_value, r->value);
        printf("\t%s\t", ind->unit ? ind->unit : "");
        put_target(stdout, run, i);
        putchar('\t');
        put_num(stdout, r->has_capaian, r->capaian);
        printf("\t%s\t%s", r->predikat ? r->predikat : "", iki_status_text(r->status));
        for (int q = 1; q <= 4; q++) {
            const iki_result *rq = iki_run_quarter_result(run, q, i);
            putchar('\t');
            if (rq->has_value && rq->value_text)
                fputs(rq->value_text, stdout);
            else
                put_num(stdout, rq->has_value, rq->value);
        }
        putchar('\n');
    }
}

/* A number as shown to people: at most two decimals, Indonesian style is
 * the workbook's business; the terminal shows plain digits. */
static void show(char *buf, size_t cap, int has, double v)
{
    if (!has)
        snprintf(buf, cap, "-");
    else if (v == (double)(long long)v)
        snprintf(buf, cap, "%lld", (long long)v);
    else
        snprintf(buf, cap, "%.2f", v);
}

static void print_report(const iki_template *t, const iki_run *run)
{
    int id = iki_cli_indonesian();
    printf(_("Files (%zu read, %zu skipped):\n"), iki_run_files_read(run),
           iki_run_files_skipped(run));
    for (size_t i = 0; i < iki_run_file_count(run); i++) {
        const iki_run_file *f = iki_run_file_at(run, i);
        if (!f->read) {
            const char *why = iki_cli_pick(f->skipped, f->skipped_id);
            printf(_("  %s: skipped: %s\n"), f->path, why ? why : "");
            continue;
        }
        printf("  %s [%s]\n", f->path, iki_format_name(f->format));
        for (size_t s = 0; s < f->nsheets; s++) {
            const iki_run_sheet *rs = &f->sheets[s];
            if (rs->skipped) {
                const char *why = iki_cli_pick(rs->why, rs->why_id);
                if (rs->source >= 0)
                    printf(_("    %s: skipped: %s (form %s)\n"), rs->name, why ? why : "",
                           t->sources[rs->source].code);
                else
                    printf(_("    %s: skipped: %s\n"), rs->name, why ? why : "");
            } else if (rs->target_form) {
                printf(_("    %s: recognised as the target form, %zu targets\n"), rs->name,
                       rs->targets);
            } else if (rs->source >= 0) {
                printf(_("    %s: recognised as %s (%s), %zu data rows\n"), rs->name,
                       t->sources[rs->source].code,
                       t->sources[rs->source].title ? t->sources[rs->source].title : "",
                       rs->data_rows);
            } else {
                const char *why = iki_cli_pick(rs->why, rs->why_id);
                printf(_("    %s: not recognised: %s\n"), rs->name, why ? why : "");
            }
        }
    }
    /* the targets that count, and where each came from */
    printf(_("\nTargets:\n"));
    size_t shown = 0;
    for (size_t i = 0; i < t->nindicators; i++) {
        for (int slot = 0; slot <= 4; slot++) {
            const iki_run_target *rt = iki_run_target_at(run, i, slot);
            if (!rt || rt->target.kind == IKI_TARGET_NONE)
                continue;
            static const char *const slots[] = {N_("year"), "TW I", "TW II", "TW III", "TW IV"};
            if (rt->file)
                printf("  %-28s %-6s %-10s %s!%s!%s\n", t->indicators[i].code,
                       slot ? slots[slot] : _(slots[0]), rt->text, rt->file, rt->sheet,
                       rt->cell);
            else
                printf(_("  %-28s %-6s %-10s the template\n"), t->indicators[i].code,
                       _(slots[0]), rt->text);
            shown++;
        }
    }
    if (!shown)
        printf(_("  none: capaian stays empty (iki forms writes formulir-target.xlsx)\n"));
    const iki_diags *d = iki_run_diags(run);
    printf(_("\nDiagnostics (%zu):\n"), iki_diags_count(d));
    for (size_t i = 0; i < iki_diags_count(d); i++) {
        char line[2048];
        if (id)
            iki_diag_format_id(iki_diags_get(d, i), line, sizeof line);
        else
            iki_diag_format(iki_diags_get(d, i), line, sizeof line);
        printf("  %s\n", line);
    }
    putchar('\n');
}

int iki_cli_print_summary(const iki_template *t, const iki_run *run, FILE *out)
{
    int rc = iki_run_files_failed(run) ? IKI_EXIT_INPUT : IKI_EXIT_OK;
    /* a sheet that could not be read counts like a file */
    const iki_diags *d = iki_run_diags(run);
    for (size_t k = 0; k < iki_diags_count(d); k++)
        if (iki_diags_get(d, k)->severity == IKI_SEV_ERROR && iki_diags_get(d, k)->file)
            rc = IKI_EXIT_INPUT;
    for (size_t k = 0; k < t->nindicators; k++)
        if (!iki_run_result(run, k)->has_value)
            rc = IKI_EXIT_INPUT;
    if (!out)
        return rc;
    static const char *const from[] = {N_("set with --year"), N_("the template's office.year"),
                                       N_("stated by the inputs"),
                                       N_("the clock's: no input states a year")};
    fprintf(out, _("Report year: %d (%s)\n"), iki_run_year(run),
            _(from[iki_run_year_from(run)]));
    fprintf(out, _("Indicators:\n"));
    for (size_t p = 0; p < t->npositions; p++) {
        const iki_position *pos = &t->positions[p];
        fprintf(out, "  %s\n", pos->title);
        for (size_t g = 0; g < pos->ngoals; g++) {
            for (size_t k = 0; k < pos->goals[g].nindicators; k++) {
                size_t i = pos->goals[g].indicators[k];
                const iki_indicator *ind = &t->indicators[i];
                const iki_result *r = iki_run_result(run, i);
                char num[48], den[48], val[48], cap[48];
                show(num, sizeof num, r->has_numerator, r->numerator);
                show(den, sizeof den, r->has_denominator, r->denominator);
                if (r->has_value && r->value_text)
                    snprintf(val, sizeof val, "%s", r->value_text);
                else
                    show(val, sizeof val, r->has_value, r->value);
                show(cap, sizeof cap, r->has_capaian, r->capaian);
                /* realisasi and capaian are the office's own terms */
                fprintf(out, _("    %-28s %10s / %-10s realisasi %-9s %-8s capaian %-7s %s%s%s\n"),
                        ind->code, num, den, val, ind->unit ? ind->unit : "", cap,
                        iki_status_text(r->status), r->predikat ? ", " : "",
                        r->predikat ? r->predikat : "");
            }
        }
    }
    return rc;
}

int iki_cli_check(int argc, char **argv)
{
    const char *tpath = NULL;
    int tsv = 0, quiet = 0, year = 0, c;
    unsigned jobs = 0;
    iki_period until = {IKI_PERIOD_NONE, 0, 0};
    enum { OPT_TSV = 256, OPT_YEAR, OPT_UNTIL };
    static const struct option longopts[] = {
        {"template", required_argument, NULL, 't'}, {"jobs", required_argument, NULL, 'j'},
        {"tsv", no_argument, NULL, OPT_TSV},        {"quiet", no_argument, NULL, 'q'},
        {"year", required_argument, NULL, OPT_YEAR}, {"until", required_argument, NULL, OPT_UNTIL},
        {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0}};
    while ((c = iki_cli_getopt("check", argc, argv, ":t:j:qh", longopts)) != -1) {
        switch (c) {
        case 't': tpath = optarg; break;
        case 'j':
            if (iki_cli_parse_jobs(optarg, &jobs) != 0)
                return IKI_EXIT_USAGE;
            break;
        case OPT_TSV: tsv = 1; break;
        case OPT_YEAR:
            if (iki_cli_parse_year(optarg, &year) != 0) {
                fprintf(stderr, _("iki check: --year wants a year like 2025, not '%s'\n"),
                        optarg);
                return IKI_EXIT_USAGE;
            }
            break;
        case OPT_UNTIL:
            if (iki_cli_parse_until(optarg, &until) != 0) {
                fprintf(stderr,
                        _("iki %s: --until wants a month like 2025-06 or a quarter like TW2 "
                          "or 2025-TW2, not '%s'\n"),
                        "check", optarg);
                return IKI_EXIT_USAGE;
            }
            break;
        case 'q': quiet = 1; break;
        case 'h': return iki_cli_check_help(stdout);
        default: return IKI_EXIT_USAGE;
        }
    }
    if (until.kind != IKI_PERIOD_NONE && iki_cli_until_year("check", &until, &year) != 0)
        return IKI_EXIT_USAGE;
    int i = optind;
    if (i >= argc) {
        iki_cli_check_help(stderr);
        return IKI_EXIT_USAGE;
    }
    iki_template *t = NULL;
    int rc = iki_cli_load_template(tpath, &t);
    if (rc != IKI_EXIT_OK)
        return rc;
    time_t now;
    iki_run *run = NULL;
    if (iki_cli_build_time(&now) != 0) {
        rc = IKI_EXIT_USAGE;
        goto cleanup;
    }
    run = iki_cli_run(t, argv + i, argc - i, NULL, NULL, jobs, quiet, year, &until, now);
    if (!run) {
        rc = IKI_EXIT_INPUT;
        goto cleanup;
    }
    if (tsv) {
        print_tsv(t, run);
        rc = iki_cli_print_summary(t, run, NULL);
    } else {
        print_report(t, run);
        rc = iki_cli_print_summary(t, run, stdout);
    }
    if (fflush(stdout) != 0) {
        fprintf(stderr, _("iki: cannot write to standard output\n"));
        rc = IKI_EXIT_OUTPUT;
    }
cleanup:
    iki_run_free(run);
    iki_template_free(t);
    return rc;
}

int iki_cli_template_help(FILE *out)
{
    fputs(_("usage: iki template [-t FILE]\n\n"
            "Print the built-in template (the documented example of the template\n"
            "format), or check FILE and print it when it is valid.\n"),
          out);
    return IKI_EXIT_OK;
}

int iki_cli_template(int argc, char **argv)
{
    const char *tpath = NULL;
    int c;
    static const struct option longopts[] = {{"template", required_argument, NULL, 't'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    while ((c = iki_cli_getopt("template", argc, argv, ":t:h", longopts)) != -1) {
        switch (c) {
        case 't': tpath = optarg; break;
        case 'h': return iki_cli_template_help(stdout);
        default: return IKI_EXIT_USAGE;
        }
    }
    if (optind < argc) {
        fprintf(stderr, _("iki template: unexpected argument '%s'\n"), argv[optind]);
        return IKI_EXIT_USAGE;
    }
    iki_template *t = NULL;
    int rc = iki_cli_load_template(tpath, &t);
    if (rc != IKI_EXIT_OK)
        return rc;
    iki_template_free(t);
    if (!tpath) {
        size_t len;
        const char *text = iki_template_builtin_text(&len);
        fwrite(text, 1, len, stdout);
    } else {
        FILE *f = iki_os_fopen(tpath, "rb");
        char buf[65536];
        size_t n;
        while (f && (n = fread(buf, 1, sizeof buf, f)) > 0)
            fwrite(buf, 1, n, stdout);
        if (f)
            fclose(f);
    }
    return fflush(stdout) == 0 ? IKI_EXIT_OK : IKI_EXIT_OUTPUT;
}
