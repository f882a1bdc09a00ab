/* OpenDocument spreadsheet (.ods) reader: content.xml streamed through
 * expat (SAX), one row at a time.
 *
 * open() streams content.xml once to list the sheets (top-level
 * table:table elements) and the automatic table styles that hide a sheet
 * (style:table-properties table:display="false").  Nothing of the document
 * is kept.  open_sheet(i) restarts the stream (a deflate stream cannot
 * seek) and skips the tables before i; next_row() feeds expat 64 KiB
 * chunks and suspends the parser (XML_StopParser resumable) as soon as a
 * row with content is complete, so memory is one row, never the sheet.
 *
 * Repeats: number-columns-repeated on an empty cell and number-rows-repeated
 * on an empty row only move the position (a trailing run of a million empty
 * rows costs nothing).  A non-empty cell is expanded column by column up to
 * max_cols; a non-empty row repeated N times is kept and handed out N times
 * without re-parsing.  Because a tiny file can describe a huge number of
 * cells this way, the cells produced by repetition are capped per sheet
 * (ODS_MAX_REPEATED_CELLS).
 *
 * Elements are matched on namespace URI + local name, so any prefix works.
 * A DOCTYPE is refused (no entity expansion of any kind). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <expat.h>

#include "formula.h"
#include "internal.h"

#define NS_SEP '\x01' /* cannot occur in XML 1.0 text, so never in a URI */
#define CHUNK (64u * 1024u)
#define PART "content.xml"
/* Cells created by repetition (columns x rows) per sheet.  Well above what
 * a real sheet holds (1M rows x 64 repeated columns), far below the 17
 * billion cells a hostile 1 KB file could otherwise ask for. */
#define ODS_MAX_REPEATED_CELLS (UINT64_C(1) << 26)
/* Spaces one text:s may add. */
#define MAX_SPACES 1024u
/* expat holds a whole tag in memory, so a tag is capped at 16 times the
 * cell text limit (a string-value attribute of the longest cell, escaped)
 * plus a chunk: 2 MiB by default.  Text runs are reported piecewise and do
 * not count. */
static uint64_t max_tag_bytes(const iki_reader *r)
{
    return (uint64_t)r->limits.max_cell_bytes * 16 + CHUNK;
}
/* Row and column counters saturate here: far past any limit, and sums of
 * two of them cannot overflow. */
#define POS_CAP (UINT64_C(1) << 40)

/* ---- namespaces ---------------------------------------------------------- */
enum ns {
    NS_OTHER = 0,
    NS_TABLE,
    NS_OFFICE,
    NS_TEXT,
    NS_STYLE,
    NS_CALCEXT,
    NS_DRAW
};

static const struct {
    enum ns id;
    const char *uri;
} known_ns[] = {
    {NS_TABLE, "urn:oasis:names:tc:opendocument:xmlns:table:1.0"},
    {NS_OFFICE, "urn:oasis:names:tc:opendocument:xmlns:office:1.0"},
    {NS_TEXT, "urn:oasis:names:tc:opendocument:xmlns:text:1.0"},
    {NS_STYLE, "urn:oasis:names:tc:opendocument:xmlns:style:1.0"},
    {NS_CALCEXT, "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"},
    {NS_DRAW, "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"},
};

/* Split an expat NS name "URI\x01local" into its namespace and local name. */
static enum ns split_name(const XML_Char *name, const char **local)
{
    const char *sep = strchr(name, NS_SEP);
    if (!sep) {
        *local = name;
        return NS_OTHER;
    }
    *local = sep + 1;
    size_t len = (size_t)(sep - name);
    for (size_t i = 0; i < sizeof known_ns / sizeof *known_ns; i++)
        if (strlen(known_ns[i].uri) == len &&
            memcmp(known_ns[i].uri, name, len) == 0)
            return known_ns[i].id;
    return NS_OTHER;
}

static int is_el(const XML_Char *name, enum ns want, const char *local)
{
    const char *l;
    return split_name(name, &l) == want && strcmp(l, local) == 0;
}

/* Value of attribute ns:local, or NULL. */
static const char *attr(const XML_Char **atts, enum ns want, const char *local)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (is_el(atts[i], want, local))
            return atts[i + 1];
    return NULL;
}

/* Positive decimal count; 1 when absent, malformed or 0.  Saturates at
 * UINT32_MAX, which every caller treats as "past the limit". */
static uint64_t parse_count(const char *s)
{
    if (!s)
        return 1;
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    if (*s == '+')
        s++;
    if (*s < '0' || *s > '9')
        return 1;
    uint64_t v = 0;
    for (; *s >= '0' && *s <= '9'; s++) {
        v = v * 10 + (uint64_t)(*s - '0');
        if (v > UINT32_MAX)
            v = UINT32_MAX; /* keep consuming digits, value stays capped */
    }
    return v ? v : 1;
}

/* ---- state --------------------------------------------------------------- */
typedef enum vtype {
    VT_NONE = 0,
    VT_FLOAT, /* float, percentage, currency */
    VT_DATE,
    VT_TIME,
    VT_BOOL,
    VT_STRING,
    VT_ERROR
} vtype;

typedef struct span {
    uint32_t col;
    uint32_t cols, rows; /* >= 1 */
} span;

typedef struct ods {
    /* stream */
    XML_Parser p;
    iki_zip_stream *zs;
    int scanning;    /* open(): listing sheets */
    int suspended;   /* parser suspended, resume before feeding more */
    int final_fed;   /* the last chunk (final = true) was given to expat */
    int finished;    /* document or target table ended */
    uint64_t quiet;  /* bytes fed since the last parse event */
    iki_error err;   /* set by a handler that aborted the parser */

    /* position */
    unsigned table_level; /* table:table nesting */
    size_t tables_seen;   /* top-level tables started so far */
    size_t target;        /* sheet being read */
    int in_target;
    unsigned skip_depth;  /* > 0 inside an ignored subtree */

    /* scan: sheets and table styles */
    int saw_spreadsheet;
    char **sheet_styles; /* per sheet: its table:style-name or NULL */
    size_t nsheet_styles, sheet_styles_cap;
    iki_buf hidden;      /* hidden style names, each NUL-terminated */
    char *cur_style;     /* inside style:style family="table" */

    /* row */
    int in_row;
    uint64_t row_no;     /* row number of the row being parsed */
    uint64_t row_repeat;
    uint64_t col;        /* next column */
    rowbuf row;          /* cells of the current row */
    span *spans;
    size_t nspans, spans_cap;
    int row_ready;       /* row complete, handed out by next_row */
    uint64_t pending;    /* further copies of the last row to hand out */
    uint64_t pending_row;
    uint64_t repeated_cells;

    /* cell */
    int in_cell;
    int covered;
    unsigned cell_depth; /* elements open below the cell */
    unsigned para_depth; /* > 0 inside a text:p that is a child of the cell */
    size_t nparas;
    int last_space;      /* last char data byte was a collapsed space */
    vtype type;
    int has_num;
    double num;
    int has_sval;
    iki_buf sval; /* office:string-value */
    iki_buf text; /* paragraphs */
    int has_formula; /* a table:formula without its value: in ftext */
    iki_buf ftext;   /* the formula as A1 text (formula.h) */
    uint64_t cell_repeat;
    uint32_t span_cols, span_rows;
    unsigned depth; /* elements open (IKI_XML_MAX_DEPTH) */
} ods;

/* Count an element opened; 0 when that is one too deep (the parse stops). */
static int enter(iki_reader *r, ods *o);

/* Abort the parse with e (the message is already recorded). */
static void stop(ods *o, iki_error e)
{
    if (!o->err)
        o->err = e;
    XML_StopParser(o->p, XML_FALSE);
}

static void fail(iki_reader *r, ods *o, iki_error e, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Record the first error of a parse and abort the parser. */
static void fail(iki_reader *r, ods *o, iki_error e, const char *fmt, ...)
{
    if (o->err)
        return;
    va_list ap;
    va_start(ap, fmt);
    reader_vfail(r, e, fmt, ap);
    va_end(ap);
    stop(o, e);
}

static int enter(iki_reader *r, ods *o)
{
    if (++o->depth <= IKI_XML_MAX_DEPTH)
        return 1;
    fail(r, o, IKI_ERROR_LIMIT, IKI_XML_DEPTH_FMT, PART, IKI_XML_MAX_DEPTH);
    return 0;
}

/* ---- scan handlers (open) ------------------------------------------------ */
static void scan_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    iki_reader *r = ud;
    ods *o = r->impl;
    o->quiet = 0;
    if (!enter(r, o) || o->err)
        return;
    const char *l;
    enum ns ns = split_name(name, &l);
    if (ns == NS_TABLE && strcmp(l, "table") == 0) {
        if (++o->table_level != 1)
            return;
        const char *tn = attr(atts, NS_TABLE, "name");
        char gen[32];
        if (!tn || !*tn) {
            snprintf(gen, sizeof gen, "Sheet%zu", r->nsheets + 1);
            tn = gen;
        }
        if (reader_add_sheet(r, tn, strlen(tn), IKI_SHEET_VISIBLE) != IKI_OK) {
            stop(o, r->nsheets >= r->limits.max_sheets ? IKI_ERROR_LIMIT
                                                           : IKI_ERROR_NOMEM);
            return;
        }
        if (o->nsheet_styles == o->sheet_styles_cap) {
            size_t cap = o->sheet_styles_cap ? o->sheet_styles_cap * 2 : 8;
            char **s = realloc(o->sheet_styles, cap * sizeof *s);
            if (!s) {
                reader_fail(r, IKI_ERROR_NOMEM, NULL);
                stop(o, IKI_ERROR_NOMEM);
                return;
            }
            o->sheet_styles = s;
            o->sheet_styles_cap = cap;
        }
        const char *sn = attr(atts, NS_TABLE, "style-name");
        char *copy = NULL;
        if (sn && !(copy = strdup(sn))) {
            reader_fail(r, IKI_ERROR_NOMEM, NULL);
            stop(o, IKI_ERROR_NOMEM);
            return;
        }
        o->sheet_styles[o->nsheet_styles++] = copy;
        return;
    }
    if (o->table_level)
        return;
    if (ns == NS_OFFICE && strcmp(l, "spreadsheet") == 0) {
        o->saw_spreadsheet = 1;
    } else if (ns == NS_STYLE && strcmp(l, "style") == 0) {
        const char *fam = attr(atts, NS_STYLE, "family");
        const char *sn = attr(atts, NS_STYLE, "name");
        free(o->cur_style);
        o->cur_style = NULL;
        if (fam && sn && strcmp(fam, "table") == 0 && !(o->cur_style = strdup(sn))) {
            reader_fail(r, IKI_ERROR_NOMEM, NULL);
            stop(o, IKI_ERROR_NOMEM);
        }
    } else if (ns == NS_STYLE && strcmp(l, "table-properties") == 0 &&
               o->cur_style) {
        const char *d = attr(atts, NS_TABLE, "display");
        if (d && strcmp(d, "false") == 0) {
            size_t n = strlen(o->cur_style) + 1;
            if (o->hidden.len + n > r->limits.max_table_bytes) {
                reader_fail(r, IKI_ERROR_LIMIT, "%s: too many table styles", PART);
                stop(o, IKI_ERROR_LIMIT);
            } else if (iki_buf_append(&o->hidden, o->cur_style, n) != 0) {
                reader_fail(r, IKI_ERROR_NOMEM, NULL);
                stop(o, IKI_ERROR_NOMEM);
            }
        }
    }
}

static void scan_end(void *ud, const XML_Char *name)
{
    iki_reader *r = ud;
    ods *o = r->impl;
    o->quiet = 0;
    o->depth--;
    if (o->err)
        return;
    const char *l;
    enum ns ns = split_name(name, &l);
    if (ns == NS_TABLE && strcmp(l, "table") == 0) {
        if (o->table_level)
            o->table_level--;
    } else if (ns == NS_STYLE && strcmp(l, "style") == 0) {
        free(o->cur_style);
        o->cur_style = NULL;
    }
}

static void scan_text(void *ud, const XML_Char *s, int len)
{
    (void)s, (void)len;
    iki_reader *r = ud;
    ((ods *)r->impl)->quiet = 0;
}

/* ---- sheet handlers ------------------------------------------------------ */
static int text_add(iki_reader *r, ods *o, const char *s, size_t len)
{
    if (o->text.len + len > r->limits.max_cell_bytes) {
        fail(r, o, IKI_ERROR_LIMIT, "%s: cell text longer than %lu bytes in row %lu",
             PART, (unsigned long)r->limits.max_cell_bytes,
             (unsigned long)(o->row_no + 1));
        return -1;
    }
    if (iki_buf_append(&o->text, s, len) != 0) {
        reader_fail(r, IKI_ERROR_NOMEM, NULL);
        stop(o, IKI_ERROR_NOMEM);
        return -1;
    }
    return 0;
}

static int is_error_literal(const char *s)
{
    static const char *const errs[] = {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!",
                                       "#NAME?", "#NUM!", "#N/A"};
    for (size_t i = 0; i < sizeof errs / sizeof *errs; i++)
        if (strcmp(s, errs[i]) == 0)
            return 1;
    return 0;
}

static void cell_begin(iki_reader *r, ods *o, const XML_Char **atts, int covered)
{
    o->in_cell = 1;
    o->covered = covered;
    o->cell_depth = 0;
    o->para_depth = 0;
    o->nparas = 0;
    o->last_space = 0;
    o->type = VT_NONE;
    o->has_num = 0;
    o->has_sval = 0;
    o->has_formula = 0;
    iki_buf_clear(&o->sval);
    iki_buf_clear(&o->text);
    o->cell_repeat = parse_count(attr(atts, NS_TABLE, "number-columns-repeated"));
    o->span_cols = o->span_rows = 1;
    if (covered)
        return;
    uint64_t sc = parse_count(attr(atts, NS_TABLE, "number-columns-spanned"));
    uint64_t sr = parse_count(attr(atts, NS_TABLE, "number-rows-spanned"));
    o->span_cols = sc > r->limits.max_cols ? r->limits.max_cols : (uint32_t)sc;
    o->span_rows = sr > r->limits.max_rows ? r->limits.max_rows : (uint32_t)sr;

    const char *vt = attr(atts, NS_OFFICE, "value-type");
    const char *cx = attr(atts, NS_CALCEXT, "value-type");
    const char *v = NULL;
    if (cx && strcmp(cx, "error") == 0) {
        o->type = VT_ERROR;
    } else if (!vt) {
        o->type = VT_NONE;
    } else if (!strcmp(vt, "float") || !strcmp(vt, "percentage") ||
               !strcmp(vt, "currency")) {
        o->type = VT_FLOAT;
        v = attr(atts, NS_OFFICE, "value");
        o->has_num = v && iki_parse_double(v, strlen(v), &o->num) == 0;
    } else if (!strcmp(vt, "date")) {
        o->type = VT_DATE;
        v = attr(atts, NS_OFFICE, "date-value");
        o->has_num = v && iki_iso_to_serial(v, strlen(v), &o->num) == 0;
    } else if (!strcmp(vt, "time")) {
        o->type = VT_TIME;
        v = attr(atts, NS_OFFICE, "time-value");
        o->has_num = v && iki_duration_to_serial(v, strlen(v), &o->num) == 0;
    } else if (!strcmp(vt, "boolean")) {
        o->type = VT_BOOL;
        v = attr(atts, NS_OFFICE, "boolean-value");
        if (v && (!strcmp(v, "true") || !strcmp(v, "1"))) {
            o->has_num = 1;
            o->num = 1;
        } else if (v && (!strcmp(v, "false") || !strcmp(v, "0"))) {
            o->has_num = 1;
            o->num = 0;
        }
    } else if (!strcmp(vt, "string")) {
        o->type = VT_STRING;
        v = attr(atts, NS_OFFICE, "string-value");
        if (v && *v) {
            size_t n = strlen(v);
            if (n > r->limits.max_cell_bytes) {
                fail(r, o, IKI_ERROR_LIMIT,
                     "%s: cell text longer than %lu bytes in row %lu", PART,
                     (unsigned long)r->limits.max_cell_bytes,
                     (unsigned long)(o->row_no + 1));
                return;
            }
            if (iki_buf_append(&o->sval, v, n) != 0) {
                reader_fail(r, IKI_ERROR_NOMEM, NULL);
                stop(o, IKI_ERROR_NOMEM);
                return;
            }
            o->has_sval = 1;
        }
    }
    /* Gnumeric writes a formula's error as a plain string cell */
    if (o->has_sval && attr(atts, NS_TABLE, "formula") && is_error_literal(o->sval.data))
        o->type = VT_ERROR;
    /* an unknown value-type ("void", ...) falls back to the text shown */
    /* a formula saved without its value (no value-type, or a number type
     * without its value): computed later; what text it shows is not a
     * value.  A string result's value is its text, so it is kept. */
    const char *fm = attr(atts, NS_TABLE, "formula");
    if (fm && o->type != VT_ERROR && o->type != VT_STRING && !o->has_num) {
        size_t n = strlen(fm);
        iki_buf_clear(&o->ftext);
        if (n > r->limits.max_cell_bytes) {
            fail(r, o, IKI_ERROR_LIMIT, "%s: cell text longer than %lu bytes in row %lu",
                 PART, (unsigned long)r->limits.max_cell_bytes,
                 (unsigned long)(o->row_no + 1));
            return;
        }
        if (iki_formula_from_odf(fm, n, &o->ftext) != 0) {
            reader_fail(r, IKI_ERROR_NOMEM, NULL);
            stop(o, IKI_ERROR_NOMEM);
            return;
        }
        o->has_formula = 1;
    }
}

/* Add one cell of the current kind at column col to o->row. */
static int emit_cell(ods *o, uint32_t col)
{
    if (o->has_formula)
        return rowbuf_add_formula(&o->row, col, o->ftext.data ? o->ftext.data : "",
                                  o->ftext.len);
    if (o->type == VT_ERROR && o->has_sval)
        return rowbuf_add_error(&o->row, col, o->sval.data, o->sval.len);
    if (o->type == VT_ERROR)
        return rowbuf_add_error(&o->row, col, o->text.data ? o->text.data : "",
                                o->text.len);
    if (o->has_num) {
        switch (o->type) {
        case VT_FLOAT: return rowbuf_add_number(&o->row, col, o->num);
        case VT_DATE:
        case VT_TIME: return rowbuf_add_date(&o->row, col, o->num);
        case VT_BOOL: return rowbuf_add_bool(&o->row, col, o->num != 0);
        default: break;
        }
    }
    if (o->has_sval)
        return rowbuf_add_text(&o->row, col, o->sval.data, o->sval.len);
    return rowbuf_add_text(&o->row, col, o->text.data ? o->text.data : "",
                           o->text.len);
}

static void cell_end(iki_reader *r, ods *o)
{
    o->in_cell = 0;
    uint64_t col = o->col, n = o->cell_repeat;
    o->col = col + n > POS_CAP ? POS_CAP : col + n;

    if (!o->covered && (o->span_cols > 1 || o->span_rows > 1) &&
        col < r->limits.max_cols) {
        if (o->nspans == o->spans_cap) {
            size_t cap = o->spans_cap ? o->spans_cap * 2 : 8;
            if (cap > r->limits.max_cols) {
                fail(r, o, IKI_ERROR_LIMIT, "%s: more than %lu merged cells in row %lu",
                     PART, (unsigned long)r->limits.max_cols,
                     (unsigned long)(o->row_no + 1));
                return;
            }
            span *s = realloc(o->spans, cap * sizeof *s);
            if (!s) {
                reader_fail(r, IKI_ERROR_NOMEM, NULL);
                stop(o, IKI_ERROR_NOMEM);
                return;
            }
            o->spans = s;
            o->spans_cap = cap;
        }
        o->spans[o->nspans++] = (span){(uint32_t)col, o->span_cols, o->span_rows};
    }

    if (o->covered)
        return; /* hidden under a merge: not shown, not read */
    int content = o->type == VT_ERROR || o->has_num || o->has_sval || o->text.len ||
                  o->has_formula;
    if (!content)
        return;
    if (col + n > r->limits.max_cols) {
        fail(r, o, IKI_ERROR_LIMIT, "%s: row %lu has content past column %lu", PART,
             (unsigned long)(o->row_no + 1), (unsigned long)r->limits.max_cols);
        return;
    }
    if (n > 1) {
        o->repeated_cells += n - 1;
        if (o->repeated_cells > ODS_MAX_REPEATED_CELLS) {
            fail(r, o, IKI_ERROR_LIMIT,
                 "%s: repeated cells expand past %lu cells (row %lu)", PART,
                 (unsigned long)ODS_MAX_REPEATED_CELLS,
                 (unsigned long)(o->row_no + 1));
            return;
        }
    }
    size_t per = o->has_formula ? o->ftext.len : o->has_sval ? o->sval.len : o->text.len;
    for (uint64_t k = 0; k < n; k++) {
        if (o->row.text.len + per > r->limits.max_row_bytes) {
            fail(r, o, IKI_ERROR_LIMIT, "%s: row %lu holds more than %lu bytes of text",
                 PART, (unsigned long)(o->row_no + 1),
                 (unsigned long)r->limits.max_row_bytes);
            return;
        }
        if (emit_cell(o, (uint32_t)(col + k)) != 0) {
            reader_fail(r, IKI_ERROR_NOMEM, NULL);
            stop(o, IKI_ERROR_NOMEM);
            return;
        }
    }
}

/* Merges of the current row, for the copy at row number rowno. */
static iki_error add_merges(iki_reader *r, ods *o, uint64_t rowno)
{
    for (size_t i = 0; i < o->nspans; i++) {
        const span *s = &o->spans[i];
        uint64_t lr = rowno + s->rows - 1, lc = (uint64_t)s->col + s->cols - 1;
        if (lr >= r->limits.max_rows)
            lr = r->limits.max_rows - 1;
        if (lc >= r->limits.max_cols)
            lc = r->limits.max_cols - 1;
        iki_error e = reader_add_merge(
            r, (iki_range){(uint32_t)rowno, s->col, (uint32_t)lr, (uint32_t)lc});
        if (e != IKI_OK)
            return e;
    }
    return IKI_OK;
}

static void row_end(iki_reader *r, ods *o)
{
    o->in_row = 0;
    uint64_t start = o->row_no, n = o->row_repeat;
    o->row_no = start + n > POS_CAP ? POS_CAP : start + n;
    if (o->row.n == 0) {
        /* empty row: only its merges matter, for rows inside the limit */
        if (o->nspans) {
            for (uint64_t k = 0; k < n && start + k < r->limits.max_rows; k++) {
                iki_error e = add_merges(r, o, start + k);
                if (e != IKI_OK) {
                    stop(o, e);
                    return;
                }
            }
        }
        return;
    }
    if (start + n > r->limits.max_rows) {
        fail(r, o, IKI_ERROR_LIMIT,
             "%s: row %lu repeated %lu times runs past the limit of %lu rows", PART,
             (unsigned long)(start + 1), (unsigned long)n,
             (unsigned long)r->limits.max_rows);
        return;
    }
    if (n > 1) {
        o->repeated_cells += (n - 1) * o->row.n;
        if (o->repeated_cells > ODS_MAX_REPEATED_CELLS) {
            fail(r, o, IKI_ERROR_LIMIT,
                 "%s: repeated cells expand past %lu cells (row %lu)", PART,
                 (unsigned long)ODS_MAX_REPEATED_CELLS, (unsigned long)(start + 1));
            return;
        }
    }
    o->row.row = (uint32_t)start;
    o->row_ready = 1;
    o->pending = n - 1;
    o->pending_row = start + 1;
    XML_StopParser(o->p, XML_TRUE);
}

static void sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    iki_reader *r = ud;
    ods *o = r->impl;
    o->quiet = 0;
    if (!enter(r, o) || o->err || o->finished)
        return;
    if (o->skip_depth) {
        o->skip_depth++;
        return;
    }
    const char *l;
    enum ns ns = split_name(name, &l);
    if (!o->in_target) {
        if (ns == NS_TABLE && strcmp(l, "table") == 0 && ++o->table_level == 1) {
            if (o->tables_seen++ == o->target) {
                o->in_target = 1;
                o->row_no = 0;
            }
        }
        return;
    }
    /* inside the target table */
    if (o->in_cell) {
        o->cell_depth++;
        if ((ns == NS_OFFICE && strcmp(l, "annotation") == 0) ||
            (ns == NS_TABLE && strcmp(l, "table") == 0) ||
            (ns == NS_TEXT && strcmp(l, "note") == 0) || ns == NS_DRAW) {
            o->cell_depth--;
            o->skip_depth = 1;
            return;
        }
        if (o->para_depth) {
            o->para_depth++;
            if (ns != NS_TEXT)
                return;
            if (strcmp(l, "s") == 0) {
                uint64_t c = parse_count(attr(atts, NS_TEXT, "c"));
                if (c > MAX_SPACES)
                    c = MAX_SPACES;
                static const char sp[64] = "                                "
                                           "                                ";
                while (c && !o->err) {
                    size_t k = c > sizeof sp ? sizeof sp : (size_t)c;
                    text_add(r, o, sp, k);
                    c -= k;
                }
                o->last_space = 0;
            } else if (strcmp(l, "tab") == 0) {
                text_add(r, o, "\t", 1);
                o->last_space = 0;
            } else if (strcmp(l, "line-break") == 0) {
                text_add(r, o, "\n", 1);
                o->last_space = 0;
            }
            return;
        }
        if (ns == NS_TEXT && o->cell_depth == 1 &&
            (strcmp(l, "p") == 0 || strcmp(l, "h") == 0)) {
            o->para_depth = 1;
            o->last_space = 0;
            if (o->nparas++)
                text_add(r, o, "\n", 1);
        }
        return;
    }
    if (ns != NS_TABLE)
        return;
    if (strcmp(l, "table") == 0) {
        /* a table outside a cell but inside a table: not valid ODS; keep
         * the row counter safe by ignoring it */
        o->skip_depth = 1;
    } else if (strcmp(l, "table-row") == 0 && !o->in_row) {
        o->in_row = 1;
        o->col = 0;
        o->row_repeat = parse_count(attr(atts, NS_TABLE, "number-rows-repeated"));
        o->nspans = 0;
        rowbuf_reset(&o->row, 0);
    } else if (o->in_row && (strcmp(l, "table-cell") == 0 ||
                             strcmp(l, "covered-table-cell") == 0)) {
        cell_begin(r, o, atts, l[0] == 'c');
    }
}

static void sheet_end(void *ud, const XML_Char *name)
{
    iki_reader *r = ud;
    ods *o = r->impl;
    o->quiet = 0;
    o->depth--;
    if (o->err || o->finished)
        return;
    if (o->skip_depth) {
        o->skip_depth--;
        return;
    }
    const char *l;
    enum ns ns = split_name(name, &l);
    if (!o->in_target) {
        if (ns == NS_TABLE && strcmp(l, "table") == 0 && o->table_level)
            o->table_level--;
        return;
    }
    if (o->in_cell) {
        if (o->cell_depth) {
            o->cell_depth--;
            if (o->para_depth)
                o->para_depth--;
            return;
        }
        cell_end(r, o); /* the cell element itself */
        return;
    }
    if (ns != NS_TABLE)
        return;
    if (strcmp(l, "table-row") == 0 && o->in_row) {
        row_end(r, o);
    } else if (strcmp(l, "table") == 0) {
        o->in_target = 0;
        o->finished = 1;
        if (!o->row_ready)
            XML_StopParser(o->p, XML_TRUE);
    }
}

static void sheet_text(void *ud, const XML_Char *s, int len)
{
    iki_reader *r = ud;
    ods *o = r->impl;
    o->quiet = 0;
    if (o->err || o->skip_depth || !o->para_depth || len <= 0)
        return;
    /* ODF white space: tab, CR, LF and space collapse to one space; LO
     * writes every further space as text:s */
    size_t i = 0, n = (size_t)len;
    while (i < n && !o->err) {
        size_t j = i;
        while (j < n && s[j] != ' ' && s[j] != '\t' && s[j] != '\n' && s[j] != '\r')
            j++;
        if (j > i) {
            text_add(r, o, s + i, j - i);
            o->last_space = 0;
        }
        if (j < n) {
            if (!o->last_space)
                text_add(r, o, " ", 1);
            o->last_space = 1;
            j++;
        }
        i = j;
    }
}

static void refuse_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                           const XML_Char *pubid, int has_internal)
{
    (void)name, (void)sysid, (void)pubid, (void)has_internal;
    iki_reader *r = ud;
    ods *o = r->impl;
    if (o->err)
        return;
    reader_fail(r, IKI_ERROR_XML, "%s: DOCTYPE not allowed (line %lu)", PART,
                (unsigned long)XML_GetCurrentLineNumber(o->p));
    stop(o, IKI_ERROR_XML);
}

static void refuse_entity(void *ud, const XML_Char *name, int is_param,
                          const XML_Char *value, int value_len,
                          const XML_Char *base, const XML_Char *sysid,
                          const XML_Char *pubid, const XML_Char *notation)
{
    (void)name, (void)is_param, (void)value, (void)value_len, (void)base;
    (void)sysid, (void)pubid, (void)notation;
    iki_reader *r = ud;
    ods *o = r->impl;
    if (o->err)
        return;
    reader_fail(r, IKI_ERROR_XML, "%s: entity declarations not allowed", PART);
    stop(o, IKI_ERROR_XML);
}

/* ---- stream -------------------------------------------------------------- */
static void stream_close(ods *o)
{
    if (o->p)
        XML_ParserFree(o->p);
    o->p = NULL;
    iki_zip_stream_close(o->zs);
    o->zs = NULL;
}

static iki_error stream_open(iki_reader *r, ods *o, int scanning)
{
    stream_close(o);
    o->scanning = scanning;
    o->suspended = o->final_fed = o->finished = 0;
    o->quiet = 0;
    o->err = IKI_OK;
    o->table_level = 0;
    o->tables_seen = 0;
    o->in_target = 0;
    o->skip_depth = 0;
    o->in_row = o->in_cell = 0;
    o->row_ready = 0;
    o->pending = 0;
    o->repeated_cells = 0;
    o->nspans = 0;
    o->row_no = 0;
    o->depth = 0;
    iki_error e = iki_zip_stream_open(r, PART, &o->zs);
    if (e != IKI_OK)
        return e;
    o->p = XML_ParserCreateNS(NULL, NS_SEP);
    if (!o->p)
        return reader_fail(r, IKI_ERROR_NOMEM, NULL);
    XML_SetUserData(o->p, r);
    XML_SetStartDoctypeDeclHandler(o->p, refuse_doctype);
    XML_SetEntityDeclHandler(o->p, refuse_entity);
    XML_SetParamEntityParsing(o->p, XML_PARAM_ENTITY_PARSING_NEVER);
    if (scanning) {
        XML_SetElementHandler(o->p, scan_start, scan_end);
        XML_SetCharacterDataHandler(o->p, scan_text);
    } else {
        XML_SetElementHandler(o->p, sheet_start, sheet_end);
        XML_SetCharacterDataHandler(o->p, sheet_text);
    }
    return IKI_OK;
}

/* Run the parser until it suspends (a row is ready or the table ended) or
 * the document ends. */
static iki_error pump(iki_reader *r, ods *o)
{
    for (;;) {
        enum XML_Status st;
        if (o->suspended) {
            o->suspended = 0;
            st = XML_ResumeParser(o->p);
        } else if (o->final_fed) {
            o->finished = 1;
            return IKI_OK;
        } else {
            void *buf = XML_GetBuffer(o->p, CHUNK);
            if (!buf)
                return reader_fail(r, IKI_ERROR_NOMEM, NULL);
            size_t got = 0;
            iki_error e = iki_zip_stream_read(r, o->zs, buf, CHUNK, &got);
            if (e != IKI_OK)
                return e;
            o->final_fed = got == 0;
            o->quiet += got;
            if (o->quiet > max_tag_bytes(r))
                return reader_fail(r, IKI_ERROR_LIMIT,
                                   "%s: an XML tag is longer than %llu bytes", PART,
                                   (unsigned long long)max_tag_bytes(r));
            st = XML_ParseBuffer(o->p, (int)got, o->final_fed);
        }
        if (o->err)
            return o->err;
        if (st == XML_STATUS_ERROR) {
            return reader_fail(r, IKI_ERROR_XML, "%s: XML error at line %lu: %s",
                               PART, (unsigned long)XML_GetCurrentLineNumber(o->p),
                               XML_ErrorString(XML_GetErrorCode(o->p)));
        }
        if (st == XML_STATUS_SUSPENDED) {
            o->suspended = 1;
            return IKI_OK;
        }
    }
}

/* ---- ops ----------------------------------------------------------------- */
static void ods_free_scan(ods *o)
{
    for (size_t i = 0; i < o->nsheet_styles; i++)
        free(o->sheet_styles[i]);
    free(o->sheet_styles);
    o->sheet_styles = NULL;
    o->nsheet_styles = o->sheet_styles_cap = 0;
    iki_buf_free(&o->hidden);
    free(o->cur_style);
    o->cur_style = NULL;
}

static void ods_close(iki_reader *r)
{
    ods *o = r->impl;
    if (!o)
        return;
    stream_close(o);
    ods_free_scan(o);
    rowbuf_free(&o->row);
    free(o->spans);
    iki_buf_free(&o->sval);
    iki_buf_free(&o->ftext);
    iki_buf_free(&o->text);
    free(o);
    r->impl = NULL;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Mark the sheets whose table style hides them: the hidden style names are
 * sorted once, so a hostile file with many styles and sheets stays
 * O((styles + sheets) log styles). */
static iki_error mark_hidden(iki_reader *r, ods *o)
{
    size_t n = 0;
    for (size_t i = 0; i < o->hidden.len; i += strlen(o->hidden.data + i) + 1)
        n++;
    if (n == 0)
        return IKI_OK;
    const char **names = malloc(n * sizeof *names);
    if (!names)
        return reader_fail(r, IKI_ERROR_NOMEM, NULL);
    n = 0;
    for (size_t i = 0; i < o->hidden.len; i += strlen(o->hidden.data + i) + 1)
        names[n++] = o->hidden.data + i;
    if (n > 1) /* qsort(NULL, 0, ...) is undefined */
        qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < o->nsheet_styles && i < r->nsheets; i++) {
        const char *key = o->sheet_styles[i];
        if (key && bsearch(&key, names, n, sizeof *names, cmp_str))
            r->sheets[i].visibility = IKI_SHEET_HIDDEN;
    }
    free(names);
    return IKI_OK;
}

static iki_error ods_open(iki_reader *r)
{
    ods *o = calloc(1, sizeof *o);
    if (!o)
        return reader_fail(r, IKI_ERROR_NOMEM, NULL);
    r->impl = o;
    iki_error e = stream_open(r, o, 1);
    while (e == IKI_OK && !o->finished)
        e = pump(r, o);
    if (e == IKI_OK && !o->saw_spreadsheet)
        e = reader_fail(r, IKI_ERROR_CORRUPT,
                        "%s holds no office:spreadsheet body", PART);
    if (e == IKI_OK)
        e = mark_hidden(r, o);
    stream_close(o);
    ods_free_scan(o);
    if (e != IKI_OK)
        ods_close(r);
    return e;
}

static iki_error ods_open_sheet(iki_reader *r, size_t index)
{
    ods *o = r->impl;
    if (!o)
        return IKI_ERROR_USAGE;
    iki_error e = stream_open(r, o, 0);
    if (e != IKI_OK)
        return e;
    o->target = index;
    return IKI_OK;
}

static int copy_row(const rowbuf *src, rowbuf *dst)
{
    for (size_t i = 0; i < src->n; i++) {
        const rb_cell *c = &src->cells[i];
        int rc;
        switch (c->type) {
        case IKI_CELL_NUMBER: rc = rowbuf_add_number(dst, c->col, c->number); break;
        case IKI_CELL_DATE: rc = rowbuf_add_date(dst, c->col, c->number); break;
        case IKI_CELL_BOOL: rc = rowbuf_add_bool(dst, c->col, c->number != 0); break;
        case IKI_CELL_ERROR:
            rc = rowbuf_add_error(dst, c->col, src->text.data + c->text_off, c->text_len);
            break;
        case IKI_CELL_FORMULA:
            rc = rowbuf_add_formula(dst, c->col, src->text.data + c->text_off, c->text_len);
            break;
        default:
            rc = rowbuf_add_text(dst, c->col, src->text.data + c->text_off, c->text_len);
            break;
        }
        if (rc != 0)
            return -1;
    }
    return 0;
}

static iki_error hand_out(iki_reader *r, ods *o, rowbuf *rb, uint64_t rowno)
{
    if (copy_row(&o->row, rb) != 0)
        return reader_fail(r, IKI_ERROR_NOMEM, NULL);
    rb->row = (uint32_t)rowno;
    return add_merges(r, o, rowno);
}

static iki_error ods_next_row(iki_reader *r, rowbuf *rb, int *have)
{
    ods *o = r->impl;
    *have = 0;
    if (!o || !o->p)
        return IKI_ERROR_USAGE;
    if (o->pending) {
        uint64_t rowno = o->pending_row++;
        o->pending--;
        iki_error e = hand_out(r, o, rb, rowno);
        if (e == IKI_OK)
            *have = 1;
        return e;
    }
    o->row_ready = 0;
    while (!o->finished) {
        iki_error e = pump(r, o);
        if (e != IKI_OK)
            return e;
        if (o->row_ready) {
            o->row_ready = 0;
            e = hand_out(r, o, rb, o->row.row);
            if (e == IKI_OK)
                *have = 1;
            return e;
        }
    }
    return IKI_OK;
}

const iki_format_ops iki_ods_ops = {IKI_FORMAT_ODS, ods_open, ods_open_sheet,
                                    ods_next_row, ods_close};
