/* Subcommands of the iki CLI; each returns a process exit code. */
#ifndef IKI_CLI_H
#define IKI_CLI_H

#include <stdio.h>

enum {
    IKI_EXIT_OK = 0,
    IKI_EXIT_INPUT = 1,  /* an input could not be read (others were) */
    IKI_EXIT_USAGE = 2,  /* bad command line or template */
    IKI_EXIT_OUTPUT = 3  /* output could not be written */
};

int iki_cli_dump(int argc, char **argv);
int iki_cli_dump_help(FILE *out);

#endif
