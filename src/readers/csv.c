/* .csv reader over libcsv.
 *
 * Encoding: a UTF-8 BOM, a UTF-16LE/BE BOM, otherwise UTF-8 when the whole
 * file is valid UTF-8, else Windows-1252 (iconv converts to UTF-8).
 * Delimiter: sniffed among ',', ';' and TAB on the first lines (Excel in an
 * Indonesian locale writes ';').  Every value is text: numbers are parsed
 * by a later stage.  libcsv pushes; we feed it small slices and queue the
 * rows of a slice, so memory stays one slice's rows. */
#include <csv.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "iki/os.h"
#include "internal.h"

#define IN_CHUNK 65536
#define SLICE 4096

typedef enum { ENC_UTF8, ENC_UTF16LE, ENC_UTF16BE, ENC_CP1252 } encoding;

typedef struct csvr {
    encoding enc;
    uint64_t data_start; /* after the BOM */
    unsigned char delim;
    /* streaming state */
    struct csv_parser cp;
    int cp_live;
    iki_os_iconv *cd;
    uint64_t in_off;
    unsigned char carry[8];
    size_t ncarry;
    iki_buf text;       /* decoded UTF-8 not yet fed to libcsv */
    size_t text_pos;
    int input_done, finished;
    /* row being assembled by the callbacks */
    uint32_t row, col;
    int last_term_cr;
    size_t row_bytes;
    iki_buf queue;      /* serialised complete rows */
    size_t queue_pos;
    iki_buf cur;        /* cells of the row being assembled */
    uint32_t cur_cells;
    iki_error err;
    iki_reader *r;
} csvr;

/* ---- encoding detection -------------------------------------------------- */
/* Validate UTF-8 across chunks; *need carries continuation bytes owed. */
static int utf8_chunk_ok(const unsigned char *p, size_t n, int *need, unsigned *lead)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = p[i];
        if (*need) {
            if ((c & 0xC0) != 0x80)
                return 0;
            /* overlong / surrogate / range checks on the second byte */
            if (*lead) {
                if ((*lead == 0xE0 && c < 0xA0) || (*lead == 0xED && c > 0x9F) ||
                    (*lead == 0xF0 && c < 0x90) || (*lead == 0xF4 && c > 0x8F))
                    return 0;
                *lead = 0;
            }
            (*need)--;
            continue;
        }
        if (c < 0x80)
            continue;
        if (c >= 0xC2 && c <= 0xDF)
            *need = 1;
        else if (c >= 0xE0 && c <= 0xEF)
            *need = 2;
        else if (c >= 0xF0 && c <= 0xF4)
            *need = 3;
        else
            return 0;
        *lead = c;
        if (*need == 1)
            *lead = 0;
    }
    return 1;
}

static iki_error detect_encoding(iki_reader *r, csvr *c)
{
    unsigned char buf[IN_CHUNK];
    size_t got;
    if (iki_bytes_read_at(&r->src, 0, buf, 4, &got) != IKI_OK)
        return reader_fail(r, IKI_ERROR_IO, "read error");
    if (got >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF) {
        c->enc = ENC_UTF8;
        c->data_start = 3;
        return IKI_OK;
    }
    if (got >= 2 && buf[0] == 0xFF && buf[1] == 0xFE) {
        c->enc = ENC_UTF16LE;
        c->data_start = 2;
        return IKI_OK;
    }
    if (got >= 2 && buf[0] == 0xFE && buf[1] == 0xFF) {
        c->enc = ENC_UTF16BE;
        c->data_start = 2;
        return IKI_OK;
    }
    int need = 0;
    unsigned lead = 0;
    for (uint64_t off = 0; off < r->src.size; off += got) {
        if (iki_bytes_read_at(&r->src, off, buf, sizeof buf, &got) != IKI_OK)
            return reader_fail(r, IKI_ERROR_IO, "read error");
        if (got == 0)
            break;
        if (!utf8_chunk_ok(buf, got, &need, &lead)) {
            c->enc = ENC_CP1252;
            return IKI_OK;
        }
    }
    c->enc = need ? ENC_CP1252 : ENC_UTF8;
    return IKI_OK;
}

/* ---- decoding ------------------------------------------------------------ */
static iki_error decode_more(iki_reader *r, csvr *c)
{
    unsigned char in[IN_CHUNK + sizeof c->carry];
    size_t got = 0;
    memcpy(in, c->carry, c->ncarry);
    if (iki_bytes_read_at(&r->src, c->in_off, in + c->ncarry, IN_CHUNK, &got) != IKI_OK)
        return reader_fail(r, IKI_ERROR_IO, "read error at byte %llu",
                           (unsigned long long)c->in_off);
    c->in_off += got;
    size_t n = c->ncarry + got;
    c->ncarry = 0;
    if (got == 0)
        c->input_done = 1;
    /* drop what was fed already; keep the unfed tail */
    if (c->text_pos) {
        memmove(c->text.data, c->text.data + c->text_pos, c->text.len - c->text_pos);
        c->text.len -= c->text_pos;
        c->text_pos = 0;
    }
    if (c->enc == ENC_UTF8) {
        if (n && iki_buf_append(&c->text, in, n) != 0)
            return reader_fail(r, IKI_ERROR_NOMEM, NULL);
        return IKI_OK;
    }
    if (iki_buf_reserve(&c->text, n * 3 + 8) != 0)
        return reader_fail(r, IKI_ERROR_NOMEM, NULL);
    char *ip = (char *)in;
    size_t il = n;
    while (il) {
        char *op = c->text.data + c->text.len;
        size_t ol = c->text.cap - c->text.len - 1;
        size_t before = ol;
        size_t rc = iki_os_iconv_conv(c->cd, &ip, &il, &op, &ol);
        c->text.len += before - ol;
        if (rc != (size_t)-1)
            break;
        if (errno == EINVAL) { /* incomplete sequence at the end of the chunk */
            if (c->input_done || il > sizeof c->carry)
                return reader_fail(r, IKI_ERROR_ENCODING,
                                   "text ends inside a character (%s)",
                                   c->enc == ENC_CP1252 ? "Windows-1252" : "UTF-16");
            memcpy(c->carry, ip, il);
            c->ncarry = il;
            break;
        }
        if (errno == EILSEQ) {
            if (c->enc != ENC_CP1252)
                return reader_fail(r, IKI_ERROR_ENCODING,
                                   "invalid UTF-16 near byte %llu",
                                   (unsigned long long)(c->in_off - il));
            /* 0x81, 0x8D, 0x8F, 0x90, 0x9D are undefined in Windows-1252 */
            if (iki_buf_append_utf8(&c->text, 0xFFFD) != 0 ||
                iki_buf_reserve(&c->text, il * 3 + 8) != 0)
                return reader_fail(r, IKI_ERROR_NOMEM, NULL);
            ip++;
            il--;
            continue;
        }
        if (errno == E2BIG) {
            if (iki_buf_reserve(&c->text, il * 4 + 64) != 0)
                return reader_fail(r, IKI_ERROR_NOMEM, NULL);
            continue;
        }
        return reader_fail(r, IKI_ERROR_ENCODING, "cannot convert text");
    }
    if (c->text.data)
        c->text.data[c->text.len] = '\0';
    return IKI_OK;
}

/* ---- delimiter sniffing -------------------------------------------------- */
static unsigned char sniff_delim(const char *s, size_t n)
{
    static const unsigned char cand[3] = {',', ';', '\t'};
    enum { LINES = 20 };
    unsigned counts[3][LINES] = {{0}};
    size_t lines = 0;
    int quoted = 0;
    for (size_t i = 0; i < n && lines < LINES; i++) {
        char ch = s[i];
        if (ch == '"')
            quoted = !quoted;
        else if (!quoted && (ch == '\n' || ch == '\r')) {
            if (ch == '\r' && i + 1 < n && s[i + 1] == '\n')
                i++;
            lines++;
        } else if (!quoted) {
            for (int k = 0; k < 3; k++)
                if ((unsigned char)ch == cand[k])
                    counts[k][lines]++;
        }
    }
    if (lines < LINES && n)
        lines++; /* last line without a newline */
    /* Score: lines sharing the most common non-zero count; then total. */
    int best = 0;
    unsigned best_score = 0, best_total = 0;
    for (int k = 0; k < 3; k++) {
        unsigned total = 0, score = 0;
        for (size_t a = 0; a < lines; a++) {
            total += counts[k][a];
            if (!counts[k][a])
                continue;
            unsigned same = 0;
            for (size_t b = 0; b < lines; b++)
                same += counts[k][b] == counts[k][a];
            if (same > score)
                score = same;
        }
        if (score > best_score || (score == best_score && total > best_total)) {
            best = k;
            best_score = score;
            best_total = total;
        }
    }
    return best_score ? cand[best] : ',';
}

/* ---- libcsv callbacks: rows are serialised into c->queue ----------------- */
static void put_u32(iki_buf *b, uint32_t v)
{
    iki_buf_append(b, &v, sizeof v);
}

static void on_field(void *data, size_t len, void *ud)
{
    csvr *c = ud;
    if (c->err != IKI_OK)
        return;
    if (len) {
        if (c->col >= c->r->limits.max_cols) {
            c->err = reader_fail(c->r, IKI_ERROR_LIMIT, "row %lu has more than %u columns",
                                 (unsigned long)c->row + 1, (unsigned)c->r->limits.max_cols);
            return;
        }
        if (len > c->r->limits.max_cell_bytes) {
            c->err = reader_fail(c->r, IKI_ERROR_LIMIT,
                                 "row %lu, column %lu: field longer than %zu bytes",
                                 (unsigned long)c->row + 1, (unsigned long)c->col + 1,
                                 c->r->limits.max_cell_bytes);
            return;
        }
        size_t before = c->cur.len;
        put_u32(&c->cur, c->col);
        put_u32(&c->cur, (uint32_t)len);
        if (iki_buf_append(&c->cur, data, len) != 0 || c->cur.len != before + 8 + len) {
            c->err = reader_fail(c->r, IKI_ERROR_NOMEM, NULL);
            return;
        }
        c->cur_cells++;
    }
    c->col++;
}

static void on_row(int term, void *ud)
{
    csvr *c = ud;
    if (c->err != IKI_OK)
        return;
    int empty = c->col == 0 && c->cur_cells == 0;
    /* with CSV_REPALL_NL, the LF of a CRLF that ended a record comes as an
     * empty row of its own: it is not a line */
    if (empty && term == '\n' && c->last_term_cr) {
        c->last_term_cr = 0;
        return;
    }
    c->last_term_cr = term == '\r';
    if (c->cur_cells) {
        if (c->row >= c->r->limits.max_rows) {
            c->err = reader_fail(c->r, IKI_ERROR_LIMIT, "more than %u rows",
                                 (unsigned)c->r->limits.max_rows);
            return;
        }
        size_t before = c->queue.len;
        put_u32(&c->queue, c->row);
        put_u32(&c->queue, c->cur_cells);
        iki_buf_append(&c->queue, c->cur.data, c->cur.len);
        if (c->queue.len != before + 8 + c->cur.len) {
            c->err = reader_fail(c->r, IKI_ERROR_NOMEM, NULL);
            return;
        }
    }
    if (term != -1)
        c->row++;
    c->col = 0;
    c->cur_cells = 0;
    c->row_bytes = 0;
    iki_buf_clear(&c->cur);
}

static int no_space(unsigned char ch)
{
    (void)ch;
    return 0;
}

/* ---- ops ----------------------------------------------------------------- */
static void reset_stream(csvr *c)
{
    if (c->cp_live)
        csv_free(&c->cp);
    c->cp_live = 0;
    if (c->cd != NULL)
        iki_os_iconv_close(c->cd);
    c->cd = NULL;
    c->in_off = c->data_start;
    c->ncarry = 0;
    iki_buf_clear(&c->text);
    c->text_pos = 0;
    c->input_done = c->finished = 0;
    c->row = c->col = 0;
    c->last_term_cr = 0;
    c->row_bytes = 0;
    iki_buf_clear(&c->queue);
    c->queue_pos = 0;
    iki_buf_clear(&c->cur);
    c->cur_cells = 0;
    c->err = IKI_OK;
}

static iki_error start_stream(iki_reader *r, csvr *c)
{
    reset_stream(c);
    if (c->enc != ENC_UTF8) {
        const char *from = c->enc == ENC_CP1252   ? "WINDOWS-1252"
                           : c->enc == ENC_UTF16LE ? "UTF-16LE"
                                                   : "UTF-16BE";
        c->cd = iki_os_iconv_open(from);
        if (c->cd == NULL)
            return reader_fail(r, IKI_ERROR_ENCODING, "no converter from %s", from);
    }
    if (csv_init(&c->cp, CSV_REPALL_NL) != 0)
        return reader_fail(r, IKI_ERROR_NOMEM, NULL);
    c->cp_live = 1;
    csv_set_delim(&c->cp, c->delim);
    /* libcsv grows a field's buffer by blk_size bytes at a time: the default
     * (128) makes a long field cost quadratic copying */
    csv_set_blk_size(&c->cp, 65536);
    csv_set_space_func(&c->cp, no_space);
    return IKI_OK;
}

static void c_close(iki_reader *r)
{
    csvr *c = r->impl;
    if (!c)
        return;
    reset_stream(c);
    iki_buf_free(&c->text);
    iki_buf_free(&c->queue);
    iki_buf_free(&c->cur);
    free(c);
    r->impl = NULL;
}

static iki_error c_open(iki_reader *r)
{
    csvr *c = calloc(1, sizeof *c);
    if (!c)
        return reader_fail(r, IKI_ERROR_NOMEM, NULL);
    c->cd = NULL;
    c->r = r;
    r->impl = c;
    iki_error e = detect_encoding(r, c);
    if (e != IKI_OK)
        return e;
    /* sniff the delimiter on the first decoded bytes */
    e = start_stream(r, c);
    while (e == IKI_OK && !c->input_done && c->text.len < IN_CHUNK)
        e = decode_more(r, c);
    if (e != IKI_OK)
        return e;
    c->delim = sniff_delim(c->text.data ? c->text.data : "", c->text.len);
    reset_stream(c);
    /* one sheet, named after the file as spreadsheet programs do */
    const char *name = r->name;
    const char *base = iki_os_base_name(name);
    const char *dot = strrchr(base, '.');
    size_t len = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    return reader_add_sheet(r, base, len, IKI_SHEET_VISIBLE);
}

static iki_error c_open_sheet(iki_reader *r, size_t index)
{
    (void)index;
    return start_stream(r, r->impl);
}

static int pop_row(csvr *c, rowbuf *rb)
{
    if (c->queue_pos >= c->queue.len)
        return 0;
    const char *p = c->queue.data + c->queue_pos;
    uint32_t row, n;
    memcpy(&row, p, 4);
    memcpy(&n, p + 4, 4);
    p += 8;
    rb->row = row;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t col, len;
        memcpy(&col, p, 4);
        memcpy(&len, p + 4, 4);
        if (rowbuf_add_text(rb, col, p + 8, len) != 0)
            return -1;
        p += 8 + len;
    }
    c->queue_pos = (size_t)(p - c->queue.data);
    if (c->queue_pos >= c->queue.len) {
        iki_buf_clear(&c->queue);
        c->queue_pos = 0;
    }
    return 1;
}

static iki_error c_next_row(iki_reader *r, rowbuf *rb, int *have)
{
    csvr *c = r->impl;
    *have = 0;
    for (;;) {
        int got = pop_row(c, rb);
        if (got < 0)
            return reader_fail(r, IKI_ERROR_NOMEM, NULL);
        if (got) {
            *have = 1;
            return IKI_OK;
        }
        if (c->finished || !c->cp_live)
            return IKI_OK;
        if (c->text_pos >= c->text.len) {
            if (c->input_done) {
                csv_fini(&c->cp, on_field, on_row, c);
                c->finished = 1;
                if (c->err != IKI_OK)
                    return c->err;
                continue;
            }
            iki_error e = decode_more(r, c);
            if (e != IKI_OK)
                return e;
            continue;
        }
        size_t n = c->text.len - c->text_pos;
        size_t slice = iki_read_chunk && iki_read_chunk < SLICE ? iki_read_chunk : SLICE;
        if (n > slice)
            n = slice;
        if (csv_parse(&c->cp, c->text.data + c->text_pos, n, on_field, on_row, c) != n &&
            c->err == IKI_OK)
            return reader_fail(r, IKI_ERROR_CORRUPT, "CSV error in row %lu: %s",
                               (unsigned long)c->row + 1,
                               csv_strerror(csv_error(&c->cp)));
        c->text_pos += n;
        if (c->err != IKI_OK)
            return c->err;
        c->row_bytes += n;
        if (c->row_bytes > r->limits.max_row_bytes)
            return reader_fail(r, IKI_ERROR_LIMIT,
                               "row %lu is longer than %zu bytes (is this a CSV file?)",
                               (unsigned long)c->row + 1, r->limits.max_row_bytes);
    }
}

const iki_format_ops iki_csv_ops = {IKI_FORMAT_CSV, c_open, c_open_sheet, c_next_row,
                                    c_close};
