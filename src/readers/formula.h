/* The formula language of forms, for formulas saved without a cached
 * result (openpyxl, some PHP and .NET writers): numbers, references to
 * cells of the same sheet (A1, $A$1, A$1), + - * / with unary minus and
 * postfix %, parentheses, and SUM over cells, ranges and expressions,
 * evaluated as a spreadsheet does.  Anything else (another function, a
 * reference to another sheet, a whole column, a comparison, text
 * literals) does not compile: the caller reports it and the cell counts
 * as missing.  Internal to src/readers; the text form is A1 syntax without
 * the leading '=' (xlsx's <f>; ODF's "of:=[.A1]" converted to it).
 *
 * Spreadsheet rules kept here:
 *   - arithmetic on an empty cell reads 0, on TRUE/FALSE 1/0, on a text
 *     that is a number (" 12 ", "1.5", "1e3") that number, on any other
 *     text #VALUE!; an error operand gives that error (the left one first);
 *   - SUM adds the numbers (and dates) of the cells and ranges it names
 *     and ignores their text, logical values and empty cells, but returns
 *     the first error it meets; an expression argument counts as in
 *     arithmetic (SUM("x"+0) is #VALUE!);
 *   - x/0 is #DIV/0!; a result that is not finite is #NUM!;
 *   - a bare reference (=B5) gives the referenced value itself: a text
 *     stays text, an empty cell gives 0. */
#ifndef IKI_READERS_FORMULA_H
#define IKI_READERS_FORMULA_H

#include <stddef.h>
#include <stdint.h>

#include "iki/buf.h"
#include "iki/reader.h"

typedef enum iki_fv_type {
    IKI_FV_EMPTY = 0,
    IKI_FV_NUMBER,
    IKI_FV_TEXT,
    IKI_FV_BOOL,
    IKI_FV_ERROR,  /* text: "#DIV/0!", "#VALUE!", "#NUM!", "#REF!", ... */
    IKI_FV_UNKNOWN /* cannot be known (a cell that is an unsupported or
                      circular formula, a cell beyond the caller's cap) */
} iki_fv_type;

typedef struct iki_fval {
    iki_fv_type type;
    double num;       /* NUMBER; BOOL as 0/1 */
    const char *text; /* TEXT, ERROR: owned by whoever produced it */
    size_t len;
} iki_fval;

/* What a formula reads: one cell, and (optionally) the SUM of a range.
 * sum may be NULL: the evaluator then asks cell() for every position of a
 * range up to IKI_FORMULA_MAX_RANGE cells (a larger range is UNKNOWN). */
typedef struct iki_formula_env {
    void *ud;
    void (*cell)(void *ud, uint32_t row, uint32_t col, iki_fval *out);
    /* NUMBER (the sum), ERROR (the first error met) or UNKNOWN */
    void (*sum)(void *ud, const iki_range *range, iki_fval *out);
} iki_formula_env;

#define IKI_FORMULA_MAX_RANGE 65536u

typedef struct iki_formula iki_formula;

/* Compile len bytes of A1-syntax formula text (a leading '=' is allowed).
 * 0 with *out set; 1 when the formula is outside the supported language
 * (*out NULL); -1 out of memory. */
int iki_formula_compile(const char *s, size_t len, iki_formula **out);
void iki_formula_free(iki_formula *f); /* NULL is harmless */

/* The cells and ranges f reads (a cell as a 1x1 range), owned by f. */
const iki_range *iki_formula_refs(const iki_formula *f, size_t *count);

/* Evaluate f.  A TEXT result points at what env->cell returned. */
void iki_formula_eval(const iki_formula *f, const iki_formula_env *env, iki_fval *out);

/* The formula of a follower cell of an xlsx shared formula: master's text
 * with every relative row and column reference moved by drow and dcol
 * (absolute $ parts stay; a reference moved off the sheet becomes #REF!).
 * Appends to out; 0, or -1 out of memory. */
int iki_formula_shift(const char *s, size_t len, long drow, long dcol, iki_buf *out);

/* ODF (OpenFormula) "of:=SUM([.B2:.B15])" as A1 text "SUM(B2:B15)":
 * the namespace prefix (of:, oooc:, msoxl:) and '=' go, [.A1] becomes A1,
 * [Sheet.A1] becomes Sheet!A1, ';' between arguments becomes ','.  Appends
 * to out; 0, or -1 out of memory. */
int iki_formula_from_odf(const char *s, size_t len, iki_buf *out);

#endif
