/* iki — the text form of cells that `iki dump` prints and the tests
 * compare: RFC 4180 CSV, numbers in their shortest round-trip form (at most
 * 15 significant digits), dates as ISO 8601. */
#ifndef IKI_DUMP_H
#define IKI_DUMP_H

#include <stddef.h>

#include "iki/buf.h"
#include "iki/numfmt.h" /* the numbers and dates of the cells */
#include "iki/reader.h"


/* Append the text of one cell (unquoted) to out: a formula that could not
 * be computed (IKI_CELL_FORMULA) as "=" and its text.  0, or -1 out of
 * memory. */
int iki_dump_append_cell(iki_buf *out, const iki_cell *cell);

/* Write function for iki_dump_sheet: returns 0, or -1 to stop. */
typedef int (*iki_dump_write_fn)(void *ctx, const char *data, size_t len);

/* Stream the open-able sheet `index` of r as CSV lines through write: one
 * line per row from the first row, empty lines for empty rows between,
 * trailing empty cells and rows left out.  Errors as iki_reader_next_row;
 * IKI_ERROR_IO when write failed. */
iki_error iki_dump_sheet(iki_reader *r, size_t index, iki_dump_write_fn write,
                         void *ctx);

#endif
