/* `iki watch`: rebuild the workbook whenever the inbox changes. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"
#include "iki/template.h"
#include "iki/watch.h"

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
    (void)sig;
    stop_flag = 1;
}

static void log_line(void *ctx, const char *line)
{
    (void)ctx;
    fprintf(stderr, "%s\n", line);
    fflush(stderr);
}

int iki_cli_watch_help(FILE *out)
{
    fputs(_("usage: iki watch [-t TEMPLATE] -o OUT.xlsx [--json FILE] [--year Y]\n"
          "                 [--debounce MS] [--settle MS] INBOX\n"
          "\n"
          "Build OUT from the INBOX folder, then rebuild it whenever a file is added,\n"
          "changed, renamed or removed: after the folder has been quiet for\n"
          "--debounce milliseconds (2000) and every file's size has stopped changing\n"
          "for --settle milliseconds (1000).  Lock and temporary files are ignored.\n"
          "Each rebuild is atomic; a failed rebuild keeps the last good workbook and\n"
          "logs why.  One log line per rebuild on stderr.  SIGINT or SIGTERM stops.\n"
          "\n"
          "example:\n"
          "  iki watch -o /srv/iki/IKI-2025.xlsx /srv/iki/inbox\n"),
          out);
    return IKI_EXIT_OK;
}

static int parse_ms(const char *s, unsigned *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v < 10 || v > 600000)
        return -1;
    *out = (unsigned)v;
    return 0;
}

int iki_cli_watch(int argc, char **argv)
{
    const char *tpath = NULL;
    iki_watch_options o;
    memset(&o, 0, sizeof o);
    o.version = IKI_VERSION;
    int i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        int has = i + 1 < argc;
        if ((strcmp(a, "-t") == 0 || strcmp(a, "--template") == 0) && has)
            tpath = argv[++i];
        else if ((strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) && has)
            o.output = argv[++i];
        else if (strcmp(a, "--json") == 0 && has)
            o.json = argv[++i];
        else if (strcmp(a, "--year") == 0 && has)
            o.year = atoi(argv[++i]);
        else if (strcmp(a, "--debounce") == 0 && has) {
            if (parse_ms(argv[++i], &o.debounce_ms) != 0) {
                fprintf(stderr, _("iki watch: --debounce wants milliseconds (10-600000)\n"));
                return IKI_EXIT_USAGE;
            }
        } else if (strcmp(a, "--settle") == 0 && has) {
            if (parse_ms(argv[++i], &o.settle_ms) != 0) {
                fprintf(stderr, _("iki watch: --settle wants milliseconds (10-600000)\n"));
                return IKI_EXIT_USAGE;
            }
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
            return iki_cli_watch_help(stdout);
        else if (a[0] == '-' && a[1]) {
            fprintf(stderr, _("iki watch: unknown option or missing value '%s'\n"), a);
            return IKI_EXIT_USAGE;
        } else if (!o.inbox)
            o.inbox = a;
        else {
            fprintf(stderr, _("iki watch: one inbox folder only\n"));
            return IKI_EXIT_USAGE;
        }
    }
    if (!o.inbox || !o.output) {
        iki_cli_watch_help(stderr);
        return IKI_EXIT_USAGE;
    }
    iki_template *t = NULL;
    int rc = iki_cli_load_template(tpath, &t);
    if (rc != IKI_EXIT_OK)
        return rc;
    o.t = t;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    iki_error e = iki_watch_run(&o, &stop_flag, log_line, NULL);
    iki_template_free(t);
    if (e != IKI_OK) {
        fprintf(stderr, _("iki: cannot watch %s: %s\n"), o.inbox, iki_cli_strerror(e));
        return IKI_EXIT_INPUT;
    }
    return IKI_EXIT_OK;
}
