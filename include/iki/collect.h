/* iki — the collect stage: facts per source field, area and period, with
 * provenance (file, sheet, cell range) for every number.
 *
 * The table stage opens one block per recognised sheet and adds values;
 * after all input, iki_collect_finish() resolves duplicates (the same
 * source and period in two files: the newer wins, with a warning) and
 * combines periods by each field's rule (flow: added; stock: the latest).
 * Values of lists of persons arrive as counts and hashes only: a distinct
 * count keeps 64-bit hashes of the values, never the values. */
#ifndef IKI_COLLECT_H
#define IKI_COLLECT_H

#include <stddef.h>
#include <stdint.h>

#include "iki/diag.h"
#include "iki/table.h"
#include "iki/template.h"

typedef struct iki_collect iki_collect;

/* The template must outlive the collector.  NULL when out of memory. */
iki_collect *iki_collect_new(const iki_template *t);
void iki_collect_free(iki_collect *c); /* NULL is harmless */

/* Open a block: sheet `sheet` of `file` (modified at mtime, seconds) was
 * recognised as `source` for `period` (NULL or NONE: no period).  Returns
 * 0, or -1 when out of memory or a block is already open. */
int iki_collect_begin(iki_collect *c, size_t source, const iki_period *period,
                      const char *file, const char *sheet, long long mtime);
/* Modification time of the file being read: blocks begun with mtime 0
 * take it (the table stage does not know file times). */
void iki_collect_set_file_time(iki_collect *c, long long mtime);
/* The field's column was found in this block: from now on the field has a
 * value (0 when nothing is added), it is not "missing". */
int iki_collect_field_seen(iki_collect *c, size_t field);
/* A cell of the field in this block holds a value that cannot be known (a
 * formula saved without its result that iki cannot compute): the field's
 * total over the blocks is missing (iki_collect_number gives -1), never
 * the sum of the other cells; the per-area values of other areas stay. */
int iki_collect_field_unknown(iki_collect *c, size_t field);
/* Add value to field (sum; count and count_if add 1 per record) for area
 * (-1 when the layout has none), from the 0-based cell row/col. */
int iki_collect_add(iki_collect *c, size_t field, long area, double value,
                    uint32_t row, uint32_t col);
/* Distinct counts: add a 64-bit hash of the normalised value. */
int iki_collect_add_distinct(iki_collect *c, size_t field, long area,
                             uint64_t hash, uint32_t row, uint32_t col);
/* Text fields (KLA predicate): the last text set wins. */
int iki_collect_set_text(iki_collect *c, size_t field, const char *text,
                         uint32_t row, uint32_t col);
int iki_collect_end(iki_collect *c);  /* close the block */
void iki_collect_abort(iki_collect *c); /* drop the open block */

/* Move every closed block of src (a collector of the same template, e.g.
 * filled by a worker thread for one file) to the end of dst, in order; src
 * is left empty.  0, or -1 when out of memory or a block is open. */
int iki_collect_move(iki_collect *dst, iki_collect *src);

/* Forget every block read from file (it changed while it was read and
 * will be read again).  Returns the number of blocks dropped. */
size_t iki_collect_drop_file(iki_collect *c, const char *file);

/* The closed blocks, before finish: one per recognised sheet, in the order
 * added.  iki_collect_block gives block i's source, period, file and
 * sheet (owned by the collector); 0, 1 when the block is already left out
 * (a duplicate, a file read again), or -1 when i is out of range. */
size_t iki_collect_block_count(const iki_collect *c);
int iki_collect_block(const iki_collect *c, size_t i, size_t *source, iki_period *period,
                      const char **file, const char **sheet);
/* Leave block i out of finish (its period is not the report's year). */
void iki_collect_drop_block(iki_collect *c, size_t i);

/* Resolve duplicates and combine periods; warnings go to d. */
int iki_collect_finish(iki_collect *c, iki_diags *d);

/* Results (after finish).  0 with *out set, or -1 when the field has no
 * data at all. */
int iki_collect_number(const iki_collect *c, size_t source, size_t field, double *out);
int iki_collect_area_number(const iki_collect *c, size_t source, size_t field,
                            size_t area, double *out);
/* Text of a text field, or NULL. */
const char *iki_collect_text(const iki_collect *c, size_t source, size_t field);
/* Where the value came from: "pmks.xlsx!PMKS 2024!D5:D18" joined by "; ",
 * or "" when missing.  Owned by the collector. */
const char *iki_collect_provenance(const iki_collect *c, size_t source, size_t field);
/* Periods that fed the source after finish, formatted, joined by ", ". */
const char *iki_collect_periods(const iki_collect *c, size_t source);

/* The last day (yyyymmdd) of block i's period, a period stating no year
 * taken in `year`, a block without a period covering the whole year; -1
 * when i is out of range. */
long iki_collect_block_end(const iki_collect *c, size_t i, int year);

/* The results as at a date (after finish): the same combination as
 * finish's (flows added, stocks the latest period) over the blocks not
 * left out whose period ends on or before `cut` (yyyymmdd; see
 * iki_collect_block_end for `year`).  Duplicates are those finish
 * resolved.  The collector must outlive it; NULL when out of memory, cut
 * is not positive or c is not finished. */
typedef struct iki_collect_at iki_collect_at;
iki_collect_at *iki_collect_at_new(const iki_collect *c, long cut, int year);
void iki_collect_at_free(iki_collect_at *a); /* NULL is harmless */
int iki_collect_at_number(const iki_collect_at *a, size_t source, size_t field, double *out);
const char *iki_collect_at_text(const iki_collect_at *a, size_t source, size_t field);

#endif
