/* .xls reader: BIFF5 (Excel 5.0/95) and BIFF8 (Excel 97-2003) records in
 * the "Book" / "Workbook" stream of an OLE2 compound file (cfb.c); and the
 * worksheets of Excel 2.x-4.0 (BIFF2/3/4), a bare record stream that is the
 * whole file, read as one sheet named after the file.
 *
 * open() reads the workbook globals (code page, date system, formats, XF
 * table, sheet list, shared strings) and keeps them; each sheet is then
 * streamed from its BOF offset one row at a time.  Records are read
 * through a 64 KiB window of the stream, never the whole stream.
 *
 * Hostile input: a record is at most 8224 bytes and every field is checked
 * against its record's length; the shared-string table grows with the
 * strings actually present (never from the declared count) and is capped
 * by limits.max_table_bytes; every loop advances through the stream. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cfb.h"
#include "iki/os.h"
#include "internal.h"

#define REC_MAX 8224
#define WINDOW (64u * 1024)
#define BIFF_COLS 256

enum {
    R_FORMULA = 0x0006, R_EOF = 0x000A, R_FORMAT5 = 0x001E,
    R_DATEMODE = 0x0022, R_FILEPASS = 0x002F, R_CONTINUE = 0x003C,
    R_CODEPAGE = 0x0042, R_BOUNDSHEET = 0x0085, R_MULRK = 0x00BD,
    R_MULBLANK = 0x00BE, R_RSTRING = 0x00D6, R_XF = 0x00E0,
    R_MERGEDCELLS = 0x00E5, R_SST = 0x00FC, R_LABELSST = 0x00FD,
    R_BLANK = 0x0201, R_NUMBER = 0x0203, R_LABEL = 0x0204,
    R_BOOLERR = 0x0205, R_STRING = 0x0207, R_RK = 0x027E,
    R_FORMAT = 0x041E, R_BOF = 0x0809
};

typedef struct xls {
    iki_cfb *cfb;
    iki_cfb_stream ws;
    int biff; /* 2, 3, 4 (bare stream), 5 or 8 */
    int bare; /* the file is the record stream (BIFF2/3/4), no compound file */
    unsigned nfmt_old;  /* BIFF2-4: FORMAT records so far (their index) */
    unsigned ixfe;      /* BIFF2: XF index of the next cell, from IXFE */
    int date1904;
    iki_os_iconv *cd; /* BIFF5 code page -> UTF-8, or NULL */
    unsigned codepage;
    uint16_t *xf_fmt;
    size_t nxf, xf_cap;
    unsigned char fmt_defined[8192], fmt_date[8192]; /* bit per format id */
    iki_buf sst;         /* UTF-8 of every shared string, back to back */
    size_t *sst_off;     /* nsst + 1 offsets into sst */
    size_t nsst, sst_cap;
    uint32_t *sheet_pos; /* BOF offset per sheet (worksheets only) */
    size_t nsheet_pos, sheet_pos_cap;
    /* stream window */
    unsigned char *win;
    uint64_t win_off;
    size_t win_len;
    /* current record */
    uint64_t pos; /* offset of the next record */
    uint16_t rt, rlen;
    unsigned char rec[REC_MAX];
    const unsigned char *cp; /* cursor into rec (continued strings) */
    size_t cn;
    /* sheet state */
    int depth, done;
    int pend_str;
    uint32_t pend_col;
    iki_buf tmp;
} xls;

static uint16_t le16(const unsigned char *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static double le_double(const unsigned char *p)
{
    uint64_t u = (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
    double d;
    memcpy(&d, &u, sizeof d);
    return d;
}

/* ---- records --------------------------------------------------------------- */
/* n bytes of the stream at off into dst; *got short at the stream's end. */
static iki_error stream_get(iki_reader *r, xls *x, uint64_t off, void *dst,
                            size_t n, size_t *got)
{
    *got = 0;
    if (off < x->win_off || off + n > x->win_off + x->win_len) {
        x->win_off = off;
        x->win_len = 0;
        iki_error e;
        if (x->bare) {
            e = iki_bytes_read_at(&r->src, off, x->win, WINDOW, &x->win_len);
            if (e != IKI_OK)
                return reader_fail(r, e, "cannot read: %s", strerror(errno));
        } else {
            e = iki_cfb_stream_read(r, x->cfb, &x->ws, off, x->win, WINDOW, &x->win_len);
        }
        if (e != IKI_OK)
            return e;
    }
    size_t have = (size_t)(x->win_off + x->win_len - off);
    if (off < x->win_off || off > x->win_off + x->win_len)
        have = 0;
    *got = have < n ? have : n;
    memcpy(dst, x->win + (off - x->win_off), *got);
    return IKI_OK;
}

/* Read the record at x->pos into x->rt/rlen/rec; *end = 1 at the end of the
 * stream. */
static iki_error rec_next(iki_reader *r, xls *x, int *end)
{
    unsigned char h[4];
    size_t got;
    *end = 0;
    iki_error e = stream_get(r, x, x->pos, h, 4, &got);
    if (e != IKI_OK)
        return e;
    if (got < 4) {
        *end = 1;
        return IKI_OK;
    }
    x->rt = le16(h);
    x->rlen = le16(h + 2);
    if (x->rlen > REC_MAX)
        return reader_fail(r, IKI_ERROR_CORRUPT,
                           "corrupt BIFF record 0x%04X at offset %llu: length "
                           "%u over 8224", x->rt, (unsigned long long)x->pos,
                           x->rlen);
    if ((e = stream_get(r, x, x->pos + 4, x->rec, x->rlen, &got)) != IKI_OK)
        return e;
    if (got < x->rlen)
        return reader_fail(r, IKI_ERROR_CORRUPT,
                           "BIFF record 0x%04X at offset %llu cut short by the "
                           "end of the workbook stream", x->rt,
                           (unsigned long long)x->pos);
    x->pos += 4 + (uint64_t)x->rlen;
    x->cp = x->rec;
    x->cn = x->rlen;
    return IKI_OK;
}

/* When the cursor is used up, move into a following CONTINUE record;
 * *ok = 0 when there is none. */
static iki_error cur_continue(iki_reader *r, xls *x, int *ok)
{
    unsigned char h[2];
    size_t got;
    *ok = 0;
    iki_error e = stream_get(r, x, x->pos, h, 2, &got);
    if (e != IKI_OK || got < 2 || le16(h) != R_CONTINUE)
        return e;
    int end;
    if ((e = rec_next(r, x, &end)) != IKI_OK)
        return e;
    *ok = !end;
    return IKI_OK;
}

/* n raw bytes from the cursor, across CONTINUE records (dst may be NULL to
 * skip). */
static iki_error cur_take(iki_reader *r, xls *x, unsigned char *dst, size_t n)
{
    while (n > 0) {
        if (x->cn == 0) {
            int ok;
            iki_error e = cur_continue(r, x, &ok);
            if (e != IKI_OK)
                return e;
            if (!ok)
                return reader_fail(r, IKI_ERROR_CORRUPT,
                                   "BIFF string runs past its record "
                                   "(record 0x%04X)", x->rt);
            continue;
        }
        size_t k = n < x->cn ? n : x->cn;
        if (dst) {
            memcpy(dst, x->cp, k);
            dst += k;
        }
        x->cp += k;
        x->cn -= k;
        n -= k;
    }
    return IKI_OK;
}

/* ---- text ------------------------------------------------------------------ */
static iki_error too_long(iki_reader *r, size_t cap)
{
    return reader_fail(r, IKI_ERROR_LIMIT, "text longer than %zu bytes", cap);
}

static int append_latin1(iki_buf *b, const unsigned char *p, size_t n)
{
    if (iki_buf_reserve(b, 2 * n) != 0)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (iki_buf_append_utf8(b, p[i]) != 0)
            return -1;
    return 0;
}

static int append_utf16(iki_buf *b, const unsigned char *p, size_t nunits,
                        unsigned *hi);

/* 8-bit text in the workbook's code page (BIFF5). */
static int append_cp(xls *x, iki_buf *b, const unsigned char *p, size_t n)
{
    if (x->codepage == 1200 && n % 2 == 0) {
        /* Gnumeric's BIFF7 declares code page 1200 and writes ASCII-only
         * strings as 8-bit, the others as UTF-16LE with a byte count: a NUL
         * or a high byte tells UTF-16 */
        int u16 = 0;
        for (size_t k = 0; k < n && !u16; k++)
            u16 = p[k] == 0 || p[k] >= 0x80;
        if (u16) {
            unsigned hi = 0;
            if (append_utf16(b, p, n / 2, &hi) != 0)
                return -1;
            return hi ? iki_buf_append_utf8(b, 0xFFFD) : 0;
        }
    }
    size_t i = 0;
    while (i < n && p[i] < 0x80)
        i++;
    if (i == n || x->cd == NULL) {
        if (i == n)
            return iki_buf_append(b, p, n);
        return append_latin1(b, p, n);
    }
    if (iki_buf_reserve(b, 4 * n + 4) != 0)
        return -1;
    char *in = (char *)p;
    size_t inleft = n;
    iki_os_iconv_conv(x->cd, NULL, NULL, NULL, NULL);
    while (inleft > 0) {
        if (iki_buf_reserve(b, 4 * inleft + 4) != 0)
            return -1;
        char *out = b->data + b->len;
        size_t outleft = b->cap - b->len - 1;
        size_t rc = iki_os_iconv_conv(x->cd, &in, &inleft, &out, &outleft);
        b->len = (size_t)(out - b->data);
        b->data[b->len] = '\0';
        if (rc == (size_t)-1) {
            if (errno == E2BIG)
                continue;
            /* an unmapped byte: U+FFFD, go on */
            if (iki_buf_append_utf8(b, 0xFFFD) != 0)
                return -1;
            in++;
            inleft--;
        }
    }
    return 0;
}

/* UTF-16LE code units; *hi carries a high surrogate across calls. */
static int append_utf16(iki_buf *b, const unsigned char *p, size_t nunits,
                        unsigned *hi)
{
    if (iki_buf_reserve(b, 3 * nunits) != 0)
        return -1;
    for (size_t i = 0; i < nunits; i++) {
        unsigned u = le16(p + 2 * i);
        if (u >= 0xD800 && u < 0xDC00) {
            if (*hi && iki_buf_append_utf8(b, 0xFFFD) != 0)
                return -1;
            *hi = u;
            continue;
        }
        unsigned long cp = u;
        if (u >= 0xDC00 && u < 0xE000) {
            cp = *hi ? 0x10000 + (((unsigned long)*hi - 0xD800) << 10) + (u - 0xDC00)
                     : 0xFFFD;
        } else if (*hi && iki_buf_append_utf8(b, 0xFFFD) != 0) {
            return -1;
        }
        *hi = 0;
        if (iki_buf_append_utf8(b, cp) != 0)
            return -1;
    }
    return 0;
}

/* A BIFF8 unicode string at the cursor (header with a 1- or 2-byte count),
 * continued across CONTINUE records: each continuation of the character
 * data starts with a fresh option byte.  Rich-text runs and phonetic data
 * are skipped.  Appends UTF-8 to out, at most cap bytes. */
static iki_error read_ustr(iki_reader *r, xls *x, int wide_count, iki_buf *out,
                           size_t cap)
{
    unsigned char h[4];
    iki_error e = cur_take(r, x, h, wide_count ? 3 : 2);
    if (e != IKI_OK)
        return e;
    size_t cch = wide_count ? le16(h) : h[0];
    unsigned flags = wide_count ? h[2] : h[1];
    size_t runs = 0, ext = 0;
    if (flags & 0x08) {
        if ((e = cur_take(r, x, h, 2)) != IKI_OK)
            return e;
        runs = le16(h);
    }
    if (flags & 0x04) {
        if ((e = cur_take(r, x, h, 4)) != IKI_OK)
            return e;
        ext = le32(h);
    }
    int wide = flags & 1;
    unsigned hi = 0;
    size_t start = out->len;
    while (cch > 0) {
        if (x->cn == 0) {
            int ok;
            if ((e = cur_continue(r, x, &ok)) != IKI_OK)
                return e;
            if (!ok || x->cn == 0)
                return reader_fail(r, IKI_ERROR_CORRUPT,
                                   "BIFF string cut short (record 0x%04X)", x->rt);
            wide = x->cp[0] & 1;
            x->cp++;
            x->cn--;
            continue;
        }
        size_t k = wide ? x->cn / 2 : x->cn;
        if (k == 0)
            return reader_fail(r, IKI_ERROR_CORRUPT,
                               "BIFF string splits a character (record 0x%04X)",
                               x->rt);
        if (k > cch)
            k = cch;
        int rc = wide ? append_utf16(out, x->cp, k, &hi)
                      : append_latin1(out, x->cp, k);
        if (rc != 0)
            return reader_fail(r, IKI_ERROR_NOMEM, NULL);
        if (out->len - start > cap)
            return too_long(r, cap);
        x->cp += wide ? 2 * k : k;
        x->cn -= wide ? 2 * k : k;
        cch -= k;
    }
    if (hi && iki_buf_append_utf8(out, 0xFFFD) != 0)
        return reader_fail(r, IKI_ERROR_NOMEM, NULL);
    /* runs and phonetic blocks: skipped, across records too; bounded by
     * the CONTINUE records actually present */
    if ((e = cur_take(r, x, NULL, runs * 4)) != IKI_OK)
        return e;
    return cur_take(r, x, NULL, ext);
}

/* A string of the current record at offset off: BIFF8 unicode (count of
 * 1 or 2 bytes) or BIFF5 8-bit (count of 1 or 2 bytes, code page). */
static iki_error read_str_at(iki_reader *r, xls *x, size_t off, int wide_count,
                             iki_buf *out)
{
    size_t cap = r->limits.max_cell_bytes;
    if (off > x->rlen)
        return reader_fail(r, IKI_ERROR_CORRUPT,
                           "BIFF record 0x%04X too short", x->rt);
    x->cp = x->rec + off;
    x->cn = x->rlen - off;
    if (x->biff == 8)
        return read_ustr(r, x, wide_count, out, cap);
    size_t need = wide_count ? 2 : 1;
    if (x->cn < need)
        return reader_fail(r, IKI_ERROR_CORRUPT, "BIFF record 0x%04X too short",
                           x->rt);
    size_t n = wide_count ? le16(x->cp) : x->cp[0];
    if (n > x->cn - need)
        return reader_fail(r, IKI_ERROR_CORRUPT,
                           "BIFF string longer than its record (0x%04X)", x->rt);
    size_t before = out->len;
    if (append_cp(x, out, x->cp + need, n) != 0)
        return reader_fail(r, IKI_ERROR_NOMEM, NULL);
    if (out->len - before > cap)
        return too_long(r, cap);
    return IKI_OK;
}

static void set_codepage(xls *x, unsigned cp)
{
    char name[32];
    x->codepage = cp;
    if (x->cd != NULL)
        iki_os_iconv_close(x->cd);
    x->cd = NULL;
    if (cp == 367)
        snprintf(name, sizeof name, "ASCII");
    else if (cp == 10000 || cp == 32768)
        snprintf(name, sizeof name, "MACINTOSH");
    else if (cp == 32769 || cp == 0 || cp == 1200) /* 1200: see append_cp */
        snprintf(name, sizeof name, "CP1252");
    else
        snprintf(name, sizeof name, "CP%u", cp);
    x->cd = iki_os_iconv_open(name);
    if (x->cd == NULL)
        x->cd = iki_os_iconv_open("CP1252"); /* else Latin-1 by hand */
}

/* ---- workbook globals ------------------------------------------------------ */
static void bit_set(unsigned char *bits, unsigned i)
{
    bits[i / 8] |= (unsigned char)(1u << (i % 8));
}

static int bit_get(const unsigned char *bits, unsigned i)
{
    return (bits[i / 8] >> (i % 8)) & 1;
}

static int xf_is_date(const xls *x, unsigned xf)
{
    if (xf >= x->nxf)
        return 0;
    unsigned f = x->xf_fmt[xf];
    if (bit_get(x->fmt_defined, f))
        return bit_get(x->fmt_date, f);
    return iki_numfmt_builtin_is_date(f);
}

static iki_error too_short(iki_reader *r, const xls *x)
{
    return reader_fail(r, IKI_ERROR_CORRUPT,
                       "BIFF record 0x%04X at offset %llu too short (%u bytes)",
                       x->rt, (unsigned long long)(x->pos - 4 - x->rlen),
                       x->rlen);
}

/* Number format id: its code is the string at off of the current record;
 * a date format is marked as such. */
static iki_error define_format(iki_reader *r, xls *x, unsigned id, size_t off, int wide)
{
    if (id >= 8 * sizeof x->fmt_defined)
        return IKI_OK;
    iki_buf_clear(&x->tmp);
    iki_error e = read_str_at(r, x, off, wide, &x->tmp);
    if (e != IKI_OK)
        return e;
    bit_set(x->fmt_defined, id);
    if (x->tmp.len && iki_numfmt_code_is_date(x->tmp.data, x->tmp.len))
        bit_set(x->fmt_date, id);
    return IKI_OK;
}

/* The next XF record's number format. */
static iki_error push_xf(iki_reader *r, xls *x, unsigned fmt)
{
    if (x->nxf >= 65536)
        return IKI_OK;
    if (x->nxf == x->xf_cap) {
        size_t cap = x->xf_cap ? x->xf_cap * 2 : 64;
        uint16_t *n = realloc(x->xf_fmt, cap * sizeof *n);
        if (!n)
            return reader_fail(r, IKI_ERROR_NOMEM, NULL);
        x->xf_fmt = n;
        x->xf_cap = cap;
    }
    x->xf_fmt[x->nxf++] = (uint16_t)fmt;
    return IKI_OK;
}

static iki_error on_format(iki_reader *r, xls *x)
{
    if (x->rlen < 3)
        return too_short(r, x);
    return define_format(r, x, le16(x->rec), 2, x->biff == 8);
}

static iki_error on_xf(iki_reader *r, xls *x)
{
    if (x->rlen < 4)
        return too_short(r, x);
    return push_xf(r, x, le16(x->rec + 2));
}

static iki_error on_boundsheet(iki_reader *r, xls *x)
{
    if (x->rlen < 7)
        return too_short(r, x);
    uint32_t pos = le32(x->rec);
    unsigned vis = x->rec[4] & 3, type = x->rec[5];
    iki_buf_clear(&x->tmp);
    iki_error e = read_str_at(r, x, 6, 0, &x->tmp);
    if (e != IKI_OK)
        return e;
    if (type != 0) /* chart, macro sheet, VB module */
        return IKI_OK;
    if (x->nsheet_pos == x->sheet_pos_cap) {
        size_t cap = x->sheet_pos_cap ? x->sheet_pos_cap * 2 : 8;
        uint32_t *n = realloc(x->sheet_pos, cap * sizeof *n);
        if (!n)
            return reader_fail(r, IKI_ERROR_NOMEM, NULL);
        x->sheet_pos = n;
        x->sheet_pos_cap = cap;
    }
    iki_visibility v = vis == 1 ? IKI_SHEET_HIDDEN
                       : vis == 2 ? IKI_SHEET_VERY_HIDDEN : IKI_SHEET_VISIBLE;
    if ((e = reader_add_sheet(r, x->tmp.data ? x->tmp.data : "", x->tmp.len, v)) != IKI_OK)
        return e;
    x->sheet_pos[x->nsheet_pos++] = pos;
    return IKI_OK;
}

static iki_error on_sst(iki_reader *r, xls *x)
{
    if (x->rlen < 8)
        return too_short(r, x);
    uint32_t unique = le32(x->rec + 4);
    size_t max = r->limits.max_table_bytes;
    x->cp = x->rec + 8;
    x->cn = x->rlen - 8;
    for (uint32_t i = 0; i < unique; i++) {
        if (x->cn == 0) {
            int ok;
            iki_error e = cur_continue(r, x, &ok);
            if (e != IKI_OK)
                return e;
            if (!ok)
                break; /* fewer strings than declared */
        }
        if (x->nsst + 2 > x->sst_cap) {
            size_t cap = x->sst_cap ? x->sst_cap * 2 : 256;
            if (cap * sizeof(size_t) + x->sst.len > max)
                return reader_fail(r, IKI_ERROR_LIMIT,
                                   "shared strings over %zu bytes", max);
            size_t *n = realloc(x->sst_off, cap * sizeof *n);
            if (!n)
                return reader_fail(r, IKI_ERROR_NOMEM, NULL);
            x->sst_off = n;
            x->sst_cap = cap;
        }
        x->sst_off[x->nsst] = x->sst.len;
        iki_error e = read_ustr(r, x, 1, &x->sst, r->limits.max_cell_bytes);
        if (e != IKI_OK)
            return e;
        if (x->sst.len + x->sst_cap * sizeof(size_t) > max)
            return reader_fail(r, IKI_ERROR_LIMIT,
                               "shared strings over %zu bytes", max);
        x->nsst++;
        x->sst_off[x->nsst] = x->sst.len;
    }
    return IKI_OK;
}

/* Globals of every BIFF version: a password (refused), the code page of
 * 8-bit strings (BIFF8 strings are Unicode), the date system. */
static iki_error on_common_global(iki_reader *r, xls *x)
{
    if (x->rt == R_FILEPASS)
        return reader_fail(r, IKI_ERROR_ENCRYPTED,
                           "workbook is password-protected (encrypted): "
                           "remove the password and save again");
    if (x->rlen < 2)
        return IKI_OK;
    if (x->rt == R_CODEPAGE && x->biff != 8)
        set_codepage(x, le16(x->rec));
    else if (x->rt == R_DATEMODE)
        x->date1904 = le16(x->rec) == 1;
    return IKI_OK;
}

static iki_error read_globals(iki_reader *r, xls *x)
{
    int end;
    x->pos = 0;
    iki_error e = rec_next(r, x, &end);
    if (e != IKI_OK)
        return e;
    if (end)
        return reader_fail(r, IKI_ERROR_CORRUPT, "empty workbook stream");
    if (x->rt == 0x0009 || x->rt == 0x0209 || x->rt == 0x0409)
        return reader_fail(r, IKI_ERROR_UNSUPPORTED,
                           "BIFF2/3/4 (Excel 2.x-4.0) workbooks are not "
                           "supported: save as .xlsx");
    if (x->rt != R_BOF || x->rlen < 4)
        return reader_fail(r, IKI_ERROR_CORRUPT,
                           "workbook stream does not start with a BOF record");
    unsigned ver = le16(x->rec);
    if (ver == 0x0600)
        x->biff = 8;
    else if (ver == 0x0500)
        x->biff = 5;
    else if (ver < 0x0500 && ver != 0)
        return reader_fail(r, IKI_ERROR_UNSUPPORTED,
                           "BIFF2/3/4 (Excel 2.x-4.0) workbooks are not "
                           "supported: save as .xlsx");
    /* else: an odd version number; x->biff was set from the stream name */
    if (x->biff == 5)
        set_codepage(x, 1252);
    for (;;) {
        if ((e = rec_next(r, x, &end)) != IKI_OK)
            return e;
        if (end)
            return reader_fail(r, IKI_ERROR_CORRUPT,
                               "workbook globals end without an EOF record");
        switch (x->rt) {
        case R_FILEPASS:
        case R_CODEPAGE:
        case R_DATEMODE: e = on_common_global(r, x); break;
        case R_FORMAT:
        case R_FORMAT5: e = on_format(r, x); break;
        case R_XF: e = on_xf(r, x); break;
        case R_BOUNDSHEET: e = on_boundsheet(r, x); break;
        case R_SST:
            if (x->biff == 8)
                e = on_sst(r, x);
            break;
        case R_EOF: return IKI_OK;
        default: break;
        }
        if (e != IKI_OK)
            return e;
    }
}

/* ---- BIFF2/3/4 worksheets: the bare record stream ------------------------ */
enum {
    R2_BLANK = 0x0001, R2_INTEGER = 0x0002, R2_NUMBER = 0x0003, R2_LABEL = 0x0004,
    R2_BOOLERR = 0x0005, R2_FORMULA = 0x0006, R2_STRING = 0x0007,
    R2_FORMAT = 0x001E, R2_XF = 0x0043, R2_IXFE = 0x0044, R3_XF = 0x0243,
    R3_FORMULA = 0x0206, R4_XF = 0x0443, R4_FORMULA = 0x0406, R4_FORMAT = 0x041E
};

/* FORMAT before BIFF5: the index is the record's position; BIFF4 puts two
 * unused bytes before the byte string. */
static iki_error on_format_old(iki_reader *r, xls *x)
{
    return define_format(r, x, x->nfmt_old++, x->rt == R4_FORMAT ? 2 : 0, 0);
}

/* XF before BIFF5: the number format is bits 0-5 of byte 2 (BIFF2) or
 * byte 1 (BIFF3, BIFF4). */
static iki_error on_xf_old(iki_reader *r, xls *x)
{
    if (x->rlen < 3)
        return too_short(r, x);
    return push_xf(r, x, x->rt == R2_XF ? (x->rec[2] & 0x3F) : x->rec[1]);
}

static int is_cell_old(const xls *x, unsigned rt)
{
    if (x->biff == 2)
        return rt >= R2_BLANK && rt <= R2_FORMULA;
    switch (rt) {
    case R_BLANK: case R_NUMBER: case R_LABEL: case R_BOOLERR: case R_RK:
    case R3_FORMULA: case R4_FORMULA:
        return 1;
    default:
        return 0;
    }
}

/* The sheet's name: the file's, without folder and extension ("Sheet1" for
 * a workbook in memory). */
static iki_error add_bare_sheet(iki_reader *r)
{
    const char *base = r->name ? iki_os_base_name(r->name) : "";
    size_t len = strlen(base);
    const char *dot = strrchr(base, '.');
    if (dot && dot != base)
        len = (size_t)(dot - base);
    if (len == 0 || strcmp(base, "(memory)") == 0)
        return reader_add_sheet(r, "Sheet1", 6, IKI_SHEET_VISIBLE);
    return reader_add_sheet(r, base, len, IKI_SHEET_VISIBLE);
}

/* The records before the first cell: code page, date system, formats, XF
 * table (a BIFF2-4 worksheet keeps them in its own stream). */
static iki_error read_old_globals(iki_reader *r, xls *x)
{
    int end;
    x->pos = 0;
    iki_error e = rec_next(r, x, &end);
    if (e != IKI_OK)
        return e;
    if (end || (x->rt != 0x0009 && x->rt != 0x0209 && x->rt != 0x0409) ||
        x->rlen < 4)
        return reader_fail(r, IKI_ERROR_CORRUPT,
                           "workbook stream does not start with a BOF record");
    x->biff = x->rt == 0x0009 ? 2 : x->rt == 0x0209 ? 3 : 4;
    unsigned type = le16(x->rec + 2);
    if (type == 0x0100)
        return reader_fail(r, IKI_ERROR_UNSUPPORTED,
                           "Excel 4.0 workbooks (BIFF4W) are not supported: "
                           "save as .xlsx");
    if (type != 0x0010)
        return reader_fail(r, IKI_ERROR_UNSUPPORTED,
                           "Excel 2.x-4.0 file without a worksheet (a chart or "
                           "macro sheet): save as .xlsx");
    set_codepage(x, 1252);
    for (;;) {
        uint64_t start = x->pos;
        if ((e = rec_next(r, x, &end)) != IKI_OK)
            return e;
        if (end || x->rt == R_EOF || is_cell_old(x, x->rt)) {
            x->pos = start;
            break;
        }
        switch (x->rt) {
        case R_FILEPASS:
        case R_CODEPAGE:
        case R_DATEMODE: e = on_common_global(r, x); break;
        case R2_FORMAT:
        case R4_FORMAT: e = on_format_old(r, x); break;
        case R2_XF:
        case R3_XF:
        case R4_XF: e = on_xf_old(r, x); break;
        default: break;
        }
        if (e != IKI_OK)
            return e;
    }
    x->sheet_pos = malloc(sizeof *x->sheet_pos);
    if (!x->sheet_pos)
        return reader_fail(r, IKI_ERROR_NOMEM, NULL);
    x->sheet_pos[0] = 0;
    x->nsheet_pos = x->sheet_pos_cap = 1;
    return add_bare_sheet(r);
}

/* ---- ops ------------------------------------------------------------------- */
static void xls_close(iki_reader *r)
{
    xls *x = r->impl;
    if (!x)
        return;
    iki_cfb_stream_free(&x->ws);
    iki_cfb_free(x->cfb);
    if (x->cd != NULL)
        iki_os_iconv_close(x->cd);
    free(x->xf_fmt);
    iki_buf_free(&x->sst);
    free(x->sst_off);
    free(x->sheet_pos);
    free(x->win);
    iki_buf_free(&x->tmp);
    free(x);
    r->impl = NULL;
}

static iki_error xls_open(iki_reader *r)
{
    xls *x = calloc(1, sizeof *x);
    if (!x)
        return reader_fail(r, IKI_ERROR_NOMEM, NULL);
    x->cd = NULL;
    r->impl = x;
    x->win = malloc(WINDOW);
    if (!x->win)
        return reader_fail(r, IKI_ERROR_NOMEM, NULL);
    static const unsigned char ole[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    unsigned char head[8];
    size_t got = 0;
    iki_error e = iki_bytes_read_at(&r->src, 0, head, sizeof head, &got);
    if (e != IKI_OK)
        return reader_fail(r, e, "cannot read: %s", strerror(errno));
    if (got < 8 || memcmp(head, ole, 8) != 0) { /* BIFF2/3/4 (detection said so) */
        x->bare = 1;
        return read_old_globals(r, x);
    }
    e = iki_cfb_open(r, &x->cfb);
    if (e != IKI_OK)
        return e;
    const char *name = NULL;
    if (iki_cfb_has(x->cfb, "Workbook")) {
        name = "Workbook";
        x->biff = 8;
    } else if (iki_cfb_has(x->cfb, "Book")) {
        name = "Book";
        x->biff = 5;
    } else if (iki_cfb_has(x->cfb, "EncryptedPackage")) {
        return reader_fail(r, IKI_ERROR_ENCRYPTED,
                           "encrypted workbook (password-protected .xlsx): "
                           "remove the password and save again");
    } else {
        return reader_fail(r, IKI_ERROR_NOT_SPREADSHEET,
                           "OLE2 file without a workbook stream (a Word "
                           "document?)");
    }
    if ((e = iki_cfb_stream_open(r, x->cfb, name, &x->ws)) != IKI_OK)
        return e;
    return read_globals(r, x);
}

static iki_error xls_open_sheet(iki_reader *r, size_t index)
{
    xls *x = r->impl;
    if (index >= x->nsheet_pos)
        return reader_fail(r, IKI_ERROR_NO_SUCH_SHEET, "no sheet number %zu",
                           index + 1);
    x->pos = x->sheet_pos[index];
    x->depth = 0;
    x->done = 0;
    x->pend_str = 0;
    int end;
    iki_error e = rec_next(r, x, &end);
    if (e != IKI_OK)
        return e;
    int bof = x->bare ? x->rt == 0x0009 || x->rt == 0x0209 || x->rt == 0x0409
                      : x->rt == R_BOF;
    if (end || !bof)
        return reader_fail(r, IKI_ERROR_CORRUPT,
                           "sheet does not start with a BOF record (offset %u)",
                           (unsigned)x->sheet_pos[index]);
    return IKI_OK;
}

static const char *error_text(unsigned code)
{
    switch (code) {
    case 0x00: return "#NULL!";
    case 0x07: return "#DIV/0!";
    case 0x0F: return "#VALUE!";
    case 0x17: return "#REF!";
    case 0x1D: return "#NAME?";
    case 0x24: return "#NUM!";
    case 0x2A: return "#N/A";
    default: return "#N/A";
    }
}

static double rk_value(uint32_t rk)
{
    double v;
    if (rk & 2) {
        v = (double)((int32_t)rk >> 2);
    } else {
        uint64_t u = (uint64_t)(rk & 0xFFFFFFFCu) << 32;
        memcpy(&v, &u, sizeof v);
    }
    return rk & 1 ? v / 100 : v;
}

static iki_error add_num(iki_reader *r, xls *x, rowbuf *rb, unsigned col,
                         unsigned xf, double v)
{
    int rc;
    if (xf_is_date(x, xf)) {
        /* 1904 system: day 0 is 1904-01-01 = 1900-system 1462; a pure
         * time (under one day) stays a time */
        if (x->date1904 && v >= 1)
            v += 1462;
        rc = rowbuf_add_date(rb, col, v);
    } else {
        rc = rowbuf_add_number(rb, col, v);
    }
    return rc == 0 ? IKI_OK : reader_fail(r, IKI_ERROR_NOMEM, NULL);
}

static iki_error add_text(iki_reader *r, rowbuf *rb, unsigned col,
                          const iki_buf *t, iki_cell_type type)
{
    if (!t->len)
        return IKI_OK;
    int rc = type == IKI_CELL_ERROR ? rowbuf_add_error(rb, col, t->data, t->len)
                                    : rowbuf_add_text(rb, col, t->data, t->len);
    return rc == 0 ? IKI_OK : reader_fail(r, IKI_ERROR_NOMEM, NULL);
}

static iki_error add_err(iki_reader *r, rowbuf *rb, unsigned col, unsigned code)
{
    const char *s = error_text(code);
    return rowbuf_add_error(rb, col, s, strlen(s)) == 0
               ? IKI_OK : reader_fail(r, IKI_ERROR_NOMEM, NULL);
}

/* One cell record of the current row. */
static iki_error on_cell(iki_reader *r, xls *x, rowbuf *rb)
{
    const unsigned char *p = x->rec;
    unsigned col = le16(p + 2), xf = le16(p + 4);
    iki_error e = IKI_OK;
    x->pend_str = 0;
    switch (x->rt) {
    case R_NUMBER:
        if (x->rlen < 14)
            return too_short(r, x);
        if (col < BIFF_COLS)
            e = add_num(r, x, rb, col, xf, le_double(p + 6));
        break;
    case R_RK:
        if (x->rlen < 10)
            return too_short(r, x);
        if (col < BIFF_COLS)
            e = add_num(r, x, rb, col, xf, rk_value(le32(p + 6)));
        break;
    case R_MULRK: {
        size_t n = (x->rlen - 6) / 6;
        for (size_t i = 0; i < n && e == IKI_OK && col + i < BIFF_COLS; i++)
            e = add_num(r, x, rb, (unsigned)(col + i), le16(p + 4 + 6 * i),
                        rk_value(le32(p + 6 + 6 * i)));
        break;
    }
    case R_LABEL:
    case R_RSTRING:
        if (col >= BIFF_COLS)
            break;
        iki_buf_clear(&x->tmp);
        if ((e = read_str_at(r, x, 6, 1, &x->tmp)) == IKI_OK)
            e = add_text(r, rb, col, &x->tmp, IKI_CELL_TEXT);
        break;
    case R_LABELSST: {
        if (x->rlen < 10)
            return too_short(r, x);
        uint32_t i = le32(p + 6);
        if (i >= x->nsst)
            return reader_fail(r, IKI_ERROR_CORRUPT,
                               "shared string %u of %zu does not exist",
                               (unsigned)i, x->nsst);
        size_t len = x->sst_off[i + 1] - x->sst_off[i];
        if (len && col < BIFF_COLS &&
            rowbuf_add_text(rb, col, x->sst.data + x->sst_off[i], len) != 0)
            e = reader_fail(r, IKI_ERROR_NOMEM, NULL);
        break;
    }
    case R_BOOLERR:
        if (x->rlen < 8)
            return too_short(r, x);
        if (col >= BIFF_COLS)
            break;
        if (p[7])
            e = add_err(r, rb, col, p[6]);
        else if (rowbuf_add_bool(rb, col, p[6] != 0) != 0)
            e = reader_fail(r, IKI_ERROR_NOMEM, NULL);
        break;
    case R_FORMULA:
    case R3_FORMULA: /* BIFF3 and BIFF4: laid out as BIFF5's up to the result */
    case R4_FORMULA:
        if (x->rlen < 14)
            return too_short(r, x);
        if (col >= BIFF_COLS)
            break;
        if (p[12] == 0xFF && p[13] == 0xFF) {
            switch (p[6]) {
            case 0: /* string: in the following STRING record */
                x->pend_str = 1;
                x->pend_col = col;
                break;
            case 1:
                if (rowbuf_add_bool(rb, col, p[8] != 0) != 0)
                    e = reader_fail(r, IKI_ERROR_NOMEM, NULL);
                break;
            case 2: e = add_err(r, rb, col, p[8]); break;
            default: break; /* 3: empty string */
            }
        } else {
            e = add_num(r, x, rb, col, xf, le_double(p + 6));
        }
        break;
    default: /* BLANK, MULBLANK */
        break;
    }
    return e;
}

/* One cell record of a BIFF2 worksheet: 3 bytes of cell attributes (XF
 * index in bits 0-5 of the first; 63: the last IXFE record's) after row
 * and column. */
static iki_error on_cell_biff2(iki_reader *r, xls *x, rowbuf *rb)
{
    const unsigned char *p = x->rec;
    if (x->rlen < 7)
        return too_short(r, x);
    unsigned col = le16(p + 2), xf = p[4] & 0x3F;
    if (xf == 63)
        xf = x->ixfe;
    x->pend_str = 0;
    if (col >= BIFF_COLS)
        return IKI_OK;
    iki_error e = IKI_OK;
    switch (x->rt) {
    case R2_INTEGER:
        if (x->rlen < 9)
            return too_short(r, x);
        return add_num(r, x, rb, col, xf, le16(p + 7));
    case R2_NUMBER:
        if (x->rlen < 15)
            return too_short(r, x);
        return add_num(r, x, rb, col, xf, le_double(p + 7));
    case R2_LABEL:
        iki_buf_clear(&x->tmp);
        if ((e = read_str_at(r, x, 7, 0, &x->tmp)) == IKI_OK)
            e = add_text(r, rb, col, &x->tmp, IKI_CELL_TEXT);
        return e;
    case R2_BOOLERR:
        if (x->rlen < 9)
            return too_short(r, x);
        if (p[8])
            return add_err(r, rb, col, p[7]);
        return rowbuf_add_bool(rb, col, p[7] != 0) == 0 ? IKI_OK
                                                        : reader_fail(r, IKI_ERROR_NOMEM, NULL);
    case R2_FORMULA:
        if (x->rlen < 15)
            return too_short(r, x);
        if (p[13] == 0xFF && p[14] == 0xFF) {
            switch (p[7]) {
            case 0: /* string: in the following STRING record */
                x->pend_str = 1;
                x->pend_col = col;
                return IKI_OK;
            case 1:
                return rowbuf_add_bool(rb, col, p[9] != 0) == 0
                           ? IKI_OK : reader_fail(r, IKI_ERROR_NOMEM, NULL);
            case 2: return add_err(r, rb, col, p[9]);
            default: return IKI_OK;
            }
        }
        return add_num(r, x, rb, col, xf, le_double(p + 7));
    default: /* BLANK */
        return IKI_OK;
    }
}

static int is_cell(unsigned rt)
{
    switch (rt) {
    case R_NUMBER: case R_RK: case R_MULRK: case R_LABEL: case R_RSTRING:
    case R_LABELSST: case R_BOOLERR: case R_FORMULA: case R_BLANK:
    case R_MULBLANK:
        return 1;
    default:
        return 0;
    }
}

static iki_error on_merges(iki_reader *r, xls *x)
{
    if (x->rlen < 2)
        return too_short(r, x);
    size_t n = le16(x->rec);
    if (n > (size_t)(x->rlen - 2) / 8)
        n = (size_t)(x->rlen - 2) / 8;
    for (size_t i = 0; i < n; i++) {
        const unsigned char *p = x->rec + 2 + 8 * i;
        iki_range g = {le16(p), le16(p + 4), le16(p + 2), le16(p + 6)};
        if (g.last_col >= BIFF_COLS)
            g.last_col = BIFF_COLS - 1;
        iki_error e = reader_add_merge(r, g);
        if (e != IKI_OK)
            return e;
    }
    return IKI_OK;
}

static iki_error xls_next_row(iki_reader *r, rowbuf *rb, int *have)
{
    xls *x = r->impl;
    *have = 0;
    uint32_t row = 0;
    while (!x->done) {
        uint64_t start = x->pos;
        int end;
        iki_error e = rec_next(r, x, &end);
        if (e != IKI_OK)
            return e;
        if (end) {
            /* a bare Excel 2.x-4.0 file without its EOF: cut short (a
             * half-copied file), not to be counted as if whole; inside a
             * compound file the stream's size is declared, so what is
             * there is taken */
            if (x->bare && x->depth == 0)
                return reader_fail(r, IKI_ERROR_TRUNCATED,
                                   "the worksheet ends without its EOF record: "
                                   "the file is cut short");
            x->done = 1;
            break;
        }
        if (x->rt == R_BOF || x->rt == 0x0009 || x->rt == 0x0209 ||
            x->rt == 0x0409) {
            x->depth++; /* an embedded chart's substream */
            continue;
        }
        if (x->rt == R_EOF) {
            if (x->depth == 0)
                x->done = 1;
            else
                x->depth--;
            continue;
        }
        if (x->depth > 0)
            continue;
        if (x->rt == R_MERGEDCELLS) {
            if ((e = on_merges(r, x)) != IKI_OK)
                return e;
            continue;
        }
        if (x->biff == 2 && x->rt == R2_IXFE) {
            if (x->rlen >= 2)
                x->ixfe = le16(x->rec);
            continue;
        }
        int biff2_string = x->biff == 2 && x->rt == R2_STRING;
        if (x->rt == R_STRING || biff2_string) {
            if (!x->pend_str)
                continue;
            x->pend_str = 0;
            iki_buf_clear(&x->tmp);
            if ((e = read_str_at(r, x, 0, !biff2_string, &x->tmp)) != IKI_OK)
                return e;
            if ((e = add_text(r, rb, x->pend_col, &x->tmp, IKI_CELL_TEXT)) != IKI_OK)
                return e;
            continue;
        }
        if (!(x->bare ? is_cell_old(x, x->rt) : is_cell(x->rt)))
            continue;
        if (x->rlen < 6)
            return too_short(r, x);
        uint32_t crow = le16(x->rec);
        if (*have && crow != row) {
            x->pos = start; /* this cell starts the next row */
            x->pend_str = 0;
            break;
        }
        if (!*have) {
            *have = 1;
            row = crow;
            rb->row = row;
        }
        if ((e = x->biff == 2 ? on_cell_biff2(r, x, rb) : on_cell(r, x, rb)) != IKI_OK)
            return e;
    }
    return IKI_OK;
}

const iki_format_ops iki_xls_ops = {IKI_FORMAT_XLS, xls_open, xls_open_sheet,
                                    xls_next_row, xls_close};
