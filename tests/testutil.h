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
#include "iki/template.h"

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

/* A strlist of n items with its norm array, as the template loader builds
 * it (for templates made by hand in tests); test_strlist_free releases it
 * and zeroes the struct. */
void test_strlist_make(iki_strlist *l, const char *const *items, size_t n);
void test_strlist_free(iki_strlist *l);

#endif
