/* Subcommands of the iki CLI; each returns a process exit code. */
#ifndef IKI_CLI_H
#define IKI_CLI_H

#include <stdio.h>
#include <time.h>

enum {
    IKI_EXIT_OK = 0,
    IKI_EXIT_INPUT = 1,  /* an input could not be read (others were) */
    IKI_EXIT_USAGE = 2,  /* bad command line or template */
    IKI_EXIT_OUTPUT = 3  /* output could not be written */
};

struct iki_template;
struct option;

/* getopt_long for subcommand cmd (argv[0] is the subcommand): options
 * anywhere among the operands, "--" ends them, POSIXLY_CORRECT respected.
 * An unknown option or a missing value prints one line naming it and
 * returns '?'; otherwise what getopt_long returns.  shortopts must start
 * with ':'. */
int iki_cli_getopt(const char *cmd, int argc, char **argv, const char *shortopts,
                   const struct option *longopts);

int iki_cli_dump(int argc, char **argv);
int iki_cli_check(int argc, char **argv);
int iki_cli_check_help(FILE *out);
int iki_cli_template(int argc, char **argv);
int iki_cli_template_help(FILE *out);
int iki_cli_build(int argc, char **argv);
int iki_cli_build_help(FILE *out);
int iki_cli_forms(int argc, char **argv);
int iki_cli_forms_help(FILE *out);
int iki_cli_watch(int argc, char **argv);
int iki_cli_watch_help(FILE *out);
int iki_cli_rekap(int argc, char **argv);
int iki_cli_rekap_help(FILE *out);
struct iki_run;
struct iki_period;
/* Progress on stderr when it is a terminal and not quiet; returns whether
 * it is shown, for iki_cli_progress_end. */
int iki_cli_progress_start(struct iki_run *run, int quiet);
void iki_cli_progress_end(int shown);
/* The progress line itself ("[3/12] name"), for a run or a rekap. */
void iki_cli_progress_line(void *ctx, size_t index, size_t count, const char *path);
/* --jobs N: 1..16; prints the error and returns -1 when invalid. */
int iki_cli_parse_jobs(const char *s, unsigned *out);
/* --year Y: 1900..9999; 0 or -1 (the caller prints the message). */
int iki_cli_parse_year(const char *s, int *out);
/* SOURCE_DATE_EPOCH when set (reproducible files), else now; prints the
 * error and returns -1 when it is not a number of seconds. */
int iki_cli_build_time(time_t *out);
/* The pipeline over inputs[0..n) (files or folders), never reading out or
 * json, with progress unless quiet; NULL after printing the error. */
struct iki_run *iki_cli_run(const struct iki_template *t, char **inputs, int n,
                            const char *out, const char *json, unsigned jobs, int quiet,
                            int year, const struct iki_period *until, time_t now);
/* --until: "2025-06" (a month), "TW2", "TW II", "Q2" or "2025-TW2" (a
 * quarter; no year: the report year's).  0, or -1 (the caller prints). */
int iki_cli_parse_until(const char *s, struct iki_period *out);
/* --until with --year: the year the two decide (--until's year when --year
 * is not given); prints the error and returns -1 when they disagree. */
int iki_cli_until_year(const char *cmd, const struct iki_period *until, int *year);
/* The positions x indicators table of check and build, on out; returns
 * the exit code the results call for (0, or 1 when an indicator lacks a
 * value or an input could not be read). */
int iki_cli_print_summary(const struct iki_template *t, const struct iki_run *run, FILE *out);
/* Load -t FILE, or the built-in template when path is NULL; prints the
 * one-line error and returns IKI_EXIT_USAGE on failure. */
int iki_cli_load_template(const char *path, struct iki_template **out);
int iki_cli_dump_help(FILE *out);

#endif
