/* `iki watch`: rebuild the workbook whenever the inbox changes. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"
#include "iki/os.h"
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
    int c;
    enum { OPT_JSON = 256, OPT_YEAR, OPT_DEBOUNCE, OPT_SETTLE };
    static const struct option longopts[] = {
        {"template", required_argument, NULL, 't'},
        {"output", required_argument, NULL, 'o'},
        {"json", required_argument, NULL, OPT_JSON},
        {"year", required_argument, NULL, OPT_YEAR},
        {"debounce", required_argument, NULL, OPT_DEBOUNCE},
        {"settle", required_argument, NULL, OPT_SETTLE},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    while ((c = iki_cli_getopt("watch", argc, argv, ":t:o:h", longopts)) != -1) {
        switch (c) {
        case 't': tpath = optarg; break;
        case 'o': o.output = optarg; break;
        case OPT_JSON: o.json = optarg; break;
        case OPT_YEAR:
            if (iki_cli_parse_year(optarg, &o.year) != 0) {
                fprintf(stderr, _("iki watch: --year wants a year like 2025, not '%s'\n"),
                        optarg);
                return IKI_EXIT_USAGE;
            }
            break;
        case OPT_DEBOUNCE:
            if (parse_ms(optarg, &o.debounce_ms) != 0) {
                fprintf(stderr, _("iki watch: --debounce wants milliseconds (10-600000)\n"));
                return IKI_EXIT_USAGE;
            }
            break;
        case OPT_SETTLE:
            if (parse_ms(optarg, &o.settle_ms) != 0) {
                fprintf(stderr, _("iki watch: --settle wants milliseconds (10-600000)\n"));
                return IKI_EXIT_USAGE;
            }
            break;
        case 'h': return iki_cli_watch_help(stdout);
        default: return IKI_EXIT_USAGE;
        }
    }
    if (optind < argc)
        o.inbox = argv[optind];
    if (optind + 1 < argc) {
        fprintf(stderr, _("iki watch: one inbox folder only\n"));
        return IKI_EXIT_USAGE;
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
    iki_os_on_stop(on_signal);
    iki_error e = iki_watch_run(&o, &stop_flag, log_line, NULL);
    iki_template_free(t);
    if (e != IKI_OK) {
        fprintf(stderr, _("iki: cannot watch %s: %s\n"), o.inbox, iki_cli_strerror(e));
        return IKI_EXIT_INPUT;
    }
    return IKI_EXIT_OK;
}
