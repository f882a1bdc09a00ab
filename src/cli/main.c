/* iki — command-line entry: subcommand dispatch, usage and exit codes.
 * Exit codes: 0 ok, 1 some input could not be read, 2 usage error,
 * 3 output could not be written. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"
#include "iki/msg.h"
#include "iki/os.h"

static void usage(FILE *out)
{
    fputs(_("usage: iki COMMAND [OPTIONS] ARGS...\n"
          "\n"
          "commands:\n"
          "  build [-t TEMPLATE] [-o OUT.xlsx] [--year Y] [--json FILE] FILE|DIR...\n"
          "                                    write the consolidated IKI workbook\n"
          "  check [-t TEMPLATE] FILE|DIR...   recognise the forms and compute the indicators\n"
          "  rekap [-o REKAP.xlsx] FILE|DIR... consolidate the IKI workbooks of many offices\n"
          "  dump [--sheet NAME] FILE|DIR...   print every sheet as CSV, as iki reads it\n"
          "  forms [-t TEMPLATE] -o DIR        write a blank input form per source form\n"
          "  template [-t FILE]                print the built-in template (or check FILE)\n"
          "  watch -o OUT.xlsx INBOX           rebuild OUT whenever INBOX changes\n"
          "  help [COMMAND]                    show help\n"
          "  version                           print the version\n"
          "\n"
          "exit codes: 0 ok, 1 an input could not be read, 2 usage error,\n"
          "            3 output could not be written\n"),
          out);
}

/* IKI_MSG_STRICT set (the test suite): a message formatted without its
 * Indonesian (a format missing from po/id.po) fails the run, exit 70. */
static void strict_messages(void)
{
    const char *last = NULL;
    unsigned long n = iki_msg_misses(&last);
    if (!n)
        return;
    fprintf(stderr, "iki: IKI_MSG_STRICT: %lu message(s) without Indonesian, the last: \"%s\"\n",
            n, last ? last : "");
    fflush(NULL);
    _Exit(70);
}

int main(int argc, char **argv)
{
    iki_os_cli_init(&argc, &argv);
    iki_cli_i18n_init();
    const char *strict = getenv("IKI_MSG_STRICT");
    if (strict && *strict)
        atexit(strict_messages);
    if (argc < 2) {
        usage(stderr);
        return IKI_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "dump") == 0)
        return iki_cli_dump(argc - 1, argv + 1);
    if (strcmp(cmd, "build") == 0)
        return iki_cli_build(argc - 1, argv + 1);
    if (strcmp(cmd, "check") == 0)
        return iki_cli_check(argc - 1, argv + 1);
    if (strcmp(cmd, "rekap") == 0)
        return iki_cli_rekap(argc - 1, argv + 1);
    if (strcmp(cmd, "watch") == 0)
        return iki_cli_watch(argc - 1, argv + 1);
    if (strcmp(cmd, "forms") == 0)
        return iki_cli_forms(argc - 1, argv + 1);
    if (strcmp(cmd, "template") == 0)
        return iki_cli_template(argc - 1, argv + 1);
    if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
        printf("iki %s\n", IKI_VERSION);
        return IKI_EXIT_OK;
    }
    if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 ||
        strcmp(cmd, "-h") == 0) {
        if (argc > 2 && strcmp(argv[2], "dump") == 0)
            return iki_cli_dump_help(stdout);
        if (argc > 2 && strcmp(argv[2], "build") == 0)
            return iki_cli_build_help(stdout);
        if (argc > 2 && strcmp(argv[2], "check") == 0)
            return iki_cli_check_help(stdout);
        if (argc > 2 && strcmp(argv[2], "rekap") == 0)
            return iki_cli_rekap_help(stdout);
        if (argc > 2 && strcmp(argv[2], "watch") == 0)
            return iki_cli_watch_help(stdout);
        if (argc > 2 && strcmp(argv[2], "forms") == 0)
            return iki_cli_forms_help(stdout);
        if (argc > 2 && strcmp(argv[2], "template") == 0)
            return iki_cli_template_help(stdout);
        usage(stdout);
        return IKI_EXIT_OK;
    }
    fprintf(stderr, _("iki: unknown command '%s'\n"), cmd);
    usage(stderr);
    return IKI_EXIT_USAGE;
}
