/* Small helpers shared by the commands: progress on stderr, and the
 * parsing of --jobs, --year and SOURCE_DATE_EPOCH.
 *
 * Progress on stderr while files are read: only on a terminal, and never
 * with --quiet.  One line, rewritten in place, cleared at the end. */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "i18n.h"
#include "iki/os.h"
#include "iki/run.h"

void iki_cli_progress_line(void *ctx, size_t index, size_t count, const char *path)
{
    (void)ctx;
    const char *base = iki_os_base_name(path);
    fprintf(stderr, "\r\033[K[%zu/%zu] %.60s", index + 1, count, base);
    fflush(stderr);
}

int iki_cli_progress_start(struct iki_run *run, int quiet)
{
    if (quiet || !isatty(STDERR_FILENO))
        return 0;
    iki_run_set_progress(run, iki_cli_progress_line, NULL);
    return 1;
}

void iki_cli_progress_end(int shown)
{
    if (shown) {
        fputs("\r\033[K", stderr);
        fflush(stderr);
    }
}

int iki_cli_parse_jobs(const char *s, unsigned *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v < 1 || v > 16) {
        fprintf(stderr, _("iki: --jobs wants a number of threads from 1 to 16, not '%s'\n"), s);
        return -1;
    }
    *out = (unsigned)v;
    return 0;
}

int iki_cli_parse_year(const char *s, int *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || v < 1900 || v > 9999)
        return -1;
    *out = (int)v;
    return 0;
}

/* "TW2", "TW II", "Q2" (a quarter), with "2025-" before it, or "2025-06"
 * (a month). */
static int parse_quarter(const char *s, int *q)
{
    static const char *const rom[] = {"I", "II", "III", "IV"};
    if (strncasecmp(s, "TW", 2) == 0)
        s += 2;
    else if (*s == 'Q' || *s == 'q')
        s += 1;
    else
        return -1;
    if (*s == ' ')
        s++;
    if (s[0] >= '1' && s[0] <= '4' && !s[1]) {
        *q = s[0] - '0';
        return 0;
    }
    for (int i = 0; i < 4; i++)
        if (strcasecmp(s, rom[i]) == 0) {
            *q = i + 1;
            return 0;
        }
    return -1;
}

int iki_cli_parse_until(const char *s, iki_period *out)
{
    memset(out, 0, sizeof *out);
    int year = 0;
    if (strlen(s) > 5 && s[4] == '-' && isdigit((unsigned char)s[0]) &&
        isdigit((unsigned char)s[1]) && isdigit((unsigned char)s[2]) &&
        isdigit((unsigned char)s[3])) {
        year = atoi(s);
        s += 5;
        if (year < 1900)
            return -1;
        if (isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) && !s[2]) {
            int m = atoi(s);
            if (m < 1 || m > 12)
                return -1;
            *out = (iki_period){IKI_PERIOD_MONTH, year, m};
            return 0;
        }
    }
    int q;
    if (parse_quarter(s, &q) != 0)
        return -1;
    *out = (iki_period){IKI_PERIOD_QUARTER, year, q};
    return 0;
}

int iki_cli_until_year(const char *cmd, const iki_period *until, int *year)
{
    if (!until->year)
        return 0;
    if (*year && *year != until->year) {
        fprintf(stderr, _("iki %s: --until %d and --year %d disagree\n"), cmd, until->year,
                *year);
        return -1;
    }
    *year = until->year;
    return 0;
}

int iki_cli_build_time(time_t *out)
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (!sde || !*sde) {
        *out = time(NULL);
        return 0;
    }
    char *end;
    errno = 0;
    long long v = strtoll(sde, &end, 10);
    if (errno || *end != '\0' || v < 0) {
        fprintf(stderr, _("iki: SOURCE_DATE_EPOCH must be a number of seconds, not '%s'\n"),
                sde);
        return -1;
    }
    *out = (time_t)v;
    return 0;
}

iki_run *iki_cli_run(const iki_template *t, char **inputs, int n, const char *out,
                     const char *json, unsigned jobs, int quiet, int year,
                     const iki_period *until, time_t now)
{
    iki_run *run = iki_run_new(t);
    iki_error e = run ? IKI_OK : IKI_ERROR_NOMEM;
    iki_run_set_year(run, year);
    iki_run_set_until(run, until);
    iki_run_set_clock(run, (long long)now);
    if (e == IKI_OK && out)
        e = iki_run_exclude(run, out);
    if (e == IKI_OK && json)
        e = iki_run_exclude(run, json);
    for (int i = 0; i < n && e == IKI_OK; i++)
        e = iki_run_add_input(run, inputs[i]);
    if (e == IKI_OK) {
        iki_run_set_jobs(run, jobs);
        int shown = iki_cli_progress_start(run, quiet);
        e = iki_run_execute(run);
        iki_cli_progress_end(shown);
    }
    if (e != IKI_OK) {
        fprintf(stderr, "iki: %s\n", iki_cli_strerror(e));
        iki_run_free(run);
        return NULL;
    }
    return run;
}

int iki_cli_getopt(const char *cmd, int argc, char **argv, const char *shortopts,
                   const struct option *longopts)
{
    opterr = 0;
    int c = getopt_long(argc, argv, shortopts, longopts, NULL);
    if (c != '?' && c != ':')
        return c;
    /* The option as the user typed it: a short one from optopt (it may
     * stand inside a cluster such as -qx), a long one from argv. */
    char shown[8];
    const char *opt = optind > 1 && optind <= argc ? argv[optind - 1] : "";
    if (strncmp(opt, "--", 2) != 0 && optopt > 0 && optopt < 128) {
        snprintf(shown, sizeof shown, "-%c", optopt);
        opt = shown;
    }
    if (c == ':')
        fprintf(stderr, _("iki %s: option '%s' wants a value\n"), cmd, opt);
    else
        fprintf(stderr, _("iki %s: unknown option '%s'\n"), cmd, opt);
    fprintf(stderr, _("Try 'iki help %s'.\n"), cmd);
    return '?';
}
