/* Helpers for the cmocka tests. */
#ifndef IKI_TESTUTIL_H
#define IKI_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "iki/buf.h"
#include "iki/reader.h"

/* Path of a fixture: IKI_FIXTURES "/" rel (static buffer). */
const char *fixture_path(const char *rel);
/* Whole file into a malloc'ed buffer (caller frees); NULL on failure. */
unsigned char *read_file(const char *path, size_t *size);
/* Dump sheet index of r as `iki dump` prints it; caller frees the result.
 * On a reader error, returns NULL and stores the code in *err. */
char *dump_sheet(iki_reader *r, size_t index, iki_error *err);
/* Every sheet: "## NAME\n" + dump, for the whole workbook. */
char *dump_workbook(iki_reader *r, iki_error *err);
/* Open a file and dump it whole (path variant). */
char *dump_path_all(const char *path, iki_error *err);

#endif
