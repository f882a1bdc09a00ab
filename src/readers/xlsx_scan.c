/* The xlsx fast path: a strict XML-subset scanner that calls expat-style
 * handlers, and a producer thread that inflates ahead.  See xlsx_scan.h
 * for the contract; the rule throughout is "when in doubt, XS_FALLBACK":
 * the scanner may refuse what expat accepts, never the other way round. */
#include "xlsx_scan.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

enum { ST_START, ST_PROLOG, ST_CONTENT, ST_EPILOG };

/* Byte classes. */
#define TX 1  /* needs a closer look in character data */
#define AV 2  /* needs a closer look in an attribute value */
#define NS 4  /* may start a name (ASCII only: other names fall back) */
#define NC 8  /* may continue a name */
#define WS 16 /* XML white space */

static const unsigned char cls[256] = {
     3,  3,  3,  3,  3,  3,  3,  3,  3, 18, 18,  3,  3, 19,  3,  3,
     3,  3,  3,  3,  3,  3,  3,  3,  3,  3,  3,  3,  3,  3,  3,  3,
    16,  0,  0,  0,  0,  0,  3,  0,  0,  0,  0,  0,  0,  8,  8,  0,
     8,  8,  8,  8,  8,  8,  8,  8,  8,  8, 12,  0,  3,  0,  0,  0,
     0, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12,
    12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12,  0,  0,  1,  0, 12,
     0, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12,
    12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12,  0,  0,  0,  0,  0,
     3,  3,  3,  3,  3,  3,  3,  3,  3,  3,  3,  3,  3,  3,  3,  3,
     3,  3,  3,  3,  3,  3,  3,  3,  3,  3,  3,  3,  3,  3,  3,  3,
     3,  3,  3,  3,  3,  3,  3,  3,  3,  3,  3,  3,  3,  3,  3,  3,
     3,  3,  3,  3,  3,  3,  3,  3,  3,  3,  3,  3,  3,  3,  3,  3,
     3,  3,  3,  3,  3,  3,  3,  3,  3,  3,  3,  3,  3,  3,  3,  3,
     3,  3,  3,  3,  3,  3,  3,  3,  3,  3,  3,  3,  3,  3,  3,  3,
     3,  3,  3,  3,  3,  3,  3,  3,  3,  3,  3,  3,  3,  3,  3,  3,
     3,  3,  3,  3,  3,  3,  3,  3,  3,  3,  3,  3,  3,  3,  3,  3,
};

typedef unsigned char uchar;

/* ---- buffer ---------------------------------------------------------------- */
void xs_init(xscan *s, xs_start_fn start, xs_end_fn end, xs_text_fn text, void *ud)
{
    memset(s, 0, sizeof *s);
    s->start = start;
    s->end = end;
    s->text = text;
    s->ud = ud;
}

void xs_free(xscan *s)
{
    if (!s)
        return;
    free(s->buf);
    free(s->names);
    s->buf = s->names = NULL;
    s->cap = s->len = s->pos = s->names_cap = s->names_len = 0;
}

char *xs_space(xscan *s, size_t want)
{
    if (s->pos) {
        /* only a partial token is pending: moving it is cheap */
        memmove(s->buf, s->buf + s->pos, s->len - s->pos);
        s->len -= s->pos;
        s->pos = 0;
    }
    if (s->cap - s->len < want + 1 || !s->buf) {
        size_t cap = s->cap ? s->cap : 65536;
        while (cap - s->len < want + 1)
            cap *= 2;
        char *b = realloc(s->buf, cap);
        if (!b)
            return NULL;
        s->buf = b;
        s->cap = cap;
    }
    return s->buf + s->len;
}

void xs_commit(xscan *s, size_t n)
{
    s->len += n;
    s->buf[s->len] = '\0'; /* sentinel: no class bit, stops every loop */
}

void xs_finish(xscan *s)
{
    s->final = 1;
}

void xs_stop(xscan *s)
{
    s->stop = 1;
}

/* ---- characters -------------------------------------------------------------- */
/* Length of the valid UTF-8 sequence at q (< e) of an XML Char, or 0. */
static size_t utf8_len(const uchar *q, const uchar *e)
{
    uchar c = q[0];
    if (c < 0xC2)
        return 0;
    if (c < 0xE0)
        return e - q >= 2 && (q[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c < 0xF0) {
        if (e - q < 3 || (q[1] & 0xC0) != 0x80 || (q[2] & 0xC0) != 0x80)
            return 0;
        if ((c == 0xE0 && q[1] < 0xA0) || (c == 0xED && q[1] >= 0xA0))
            return 0; /* overlong, surrogate */
        if (c == 0xEF && q[1] == 0xBF && q[2] >= 0xBE)
            return 0; /* U+FFFE, U+FFFF */
        return 3;
    }
    if (c < 0xF5) {
        if (e - q < 4 || (q[1] & 0xC0) != 0x80 || (q[2] & 0xC0) != 0x80 ||
            (q[3] & 0xC0) != 0x80)
            return 0;
        if ((c == 0xF0 && q[1] < 0x90) || (c == 0xF4 && q[1] >= 0x90))
            return 0;
        return 4;
    }
    return 0;
}

static int xml_char(unsigned long v)
{
    return v == 0x9 || v == 0xA || v == 0xD || (v >= 0x20 && v <= 0xD7FF) ||
           (v >= 0xE000 && v <= 0xFFFD) || (v >= 0x10000 && v <= 0x10FFFF);
}

static size_t put_utf8(uchar *o, unsigned long v)
{
    if (v < 0x80) {
        o[0] = (uchar)v;
        return 1;
    }
    if (v < 0x800) {
        o[0] = (uchar)(0xC0 | (v >> 6));
        o[1] = (uchar)(0x80 | (v & 0x3F));
        return 2;
    }
    if (v < 0x10000) {
        o[0] = (uchar)(0xE0 | (v >> 12));
        o[1] = (uchar)(0x80 | ((v >> 6) & 0x3F));
        o[2] = (uchar)(0x80 | (v & 0x3F));
        return 3;
    }
    o[0] = (uchar)(0xF0 | (v >> 18));
    o[1] = (uchar)(0x80 | ((v >> 12) & 0x3F));
    o[2] = (uchar)(0x80 | ((v >> 6) & 0x3F));
    o[3] = (uchar)(0x80 | (v & 0x3F));
    return 4;
}

/* A reference after '&' at q (< e): its bytes in out, *outlen of them;
 * returns the count consumed from q through ';', or 0 when it is not one
 * we know to be valid. */
static size_t reference(const uchar *q, const uchar *e, uchar out[4], size_t *outlen)
{
    static const struct {
        const char *name;
        size_t len;
        uchar ch;
    } named[] = {{"lt;", 3, '<'}, {"gt;", 3, '>'}, {"amp;", 4, '&'},
                 {"quot;", 5, '"'}, {"apos;", 5, '\''}};
    if (q < e && *q == '#') {
        const uchar *p = q + 1;
        int hex = 0;
        unsigned long v = 0;
        if (p < e && *p == 'x') {
            hex = 1;
            p++;
        }
        const uchar *digits = p;
        for (; p < e && *p != ';'; p++) {
            unsigned d;
            if (*p >= '0' && *p <= '9')
                d = (unsigned)(*p - '0');
            else if (hex && *p >= 'a' && *p <= 'f')
                d = (unsigned)(*p - 'a' + 10);
            else if (hex && *p >= 'A' && *p <= 'F')
                d = (unsigned)(*p - 'A' + 10);
            else
                return 0;
            v = v * (hex ? 16u : 10u) + d;
            if (v > 0x10FFFF)
                return 0;
        }
        if (p == digits || p >= e || !xml_char(v))
            return 0;
        *outlen = put_utf8(out, v);
        return (size_t)(p + 1 - q);
    }
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
        if ((size_t)(e - q) >= named[i].len && memcmp(q, named[i].name, named[i].len) == 0) {
            out[0] = named[i].ch;
            *outlen = 1;
            return named[i].len;
        }
    return 0;
}

/* Check and decode [q, e) in place (the result never grows); returns the
 * new end, or NULL when the bytes are not understood.  attr: an attribute
 * value (white space becomes spaces), else character data. */
static uchar *decode(uchar *q, uchar *e, int attr)
{
    const uchar mask = attr ? AV : TX;
    uchar *w = q;
    while (q < e) {
        uchar c = *q;
        if (!(cls[c] & mask)) {
            *w++ = c;
            q++;
            continue;
        }
        if (c == '&') {
            uchar out[4];
            size_t n = 0, used = reference(q + 1, e, out, &n);
            if (!used)
                return NULL;
            memcpy(w, out, n); /* used + 1 >= 4 >= n: stays behind q */
            w += n;
            q += used + 1;
        } else if (c == '\r') {
            *w++ = attr ? ' ' : '\n';
            q++;
            if (q < e && *q == '\n')
                q++;
        } else if (c == '\t' || c == '\n') { /* attribute values only */
            *w++ = ' ';
            q++;
        } else if (c == ']') { /* character data only */
            if (e - q >= 3 && q[1] == ']' && q[2] == '>')
                return NULL;
            *w++ = c;
            q++;
        } else if (c < 0x80) { /* '<' in a value, control characters */
            return NULL;
        } else {
            size_t n = utf8_len(q, e);
            if (!n)
                return NULL;
            memmove(w, q, n);
            w += n;
            q += n;
        }
    }
    return w;
}

/* ---- tokens ---------------------------------------------------------------- */
/* Names are short: plain loops beat calls to memcmp and memcpy. */
static int same(const void *a, const void *b, size_t n)
{
    const uchar *x = a, *y = b;
    for (size_t i = 0; i < n; i++)
        if (x[i] != y[i])
            return 0;
    return 1;
}

/* Each returns 1 when it consumed a token, 0 when it needs more bytes, -1
 * to fall back. */

static int only_space(const uchar *q, const uchar *e)
{
    for (; q < e; q++)
        if (!(cls[*q] & WS))
            return 0;
    return 1;
}

/* the XML declaration, if any, and a UTF-8 BOM */
static int prolog_start(xscan *s)
{
    static const char bom[] = "\xEF\xBB\xBF";
    static const char decl[] = "<?xml";
    uchar *p = (uchar *)s->buf + s->pos, *e = (uchar *)s->buf + s->len;
    size_t n = (size_t)(e - p);
    if (n < 3 && memcmp(p, bom, n) == 0)
        return s->final ? -1 : 0;
    if (n >= 3 && memcmp(p, bom, 3) == 0) {
        p += 3;
        n -= 3;
    }
    if (n < 6 && memcmp(p, decl, n < 5 ? n : 5) == 0) {
        if (s->final)
            return -1;
        return 0;
    }
    if (memcmp(p, decl, 5) != 0 || !(cls[p[5]] & WS)) {
        /* no declaration */
        s->pos = (size_t)((char *)p - s->buf);
        s->state = ST_PROLOG;
        return 1;
    }
    /* <?xml version="1.0" [encoding="UTF-8"] [standalone="yes|no"] ?> */
    const uchar *end = NULL;
    for (const uchar *q = p + 5; q + 1 < e; q++)
        if (q[0] == '?' && q[1] == '>') {
            end = q;
            break;
        }
    if (!end)
        return s->final || n > 4096 ? -1 : 0;
    const uchar *q = p + 5;
    static const char *const names[] = {"version", "encoding", "standalone"};
    int seen = 0;
    for (int k = 0; k < 3; k++) {
        const uchar *ws = q;
        while (cls[*q] & WS)
            q++;
        if (q == end)
            break;
        if (q == ws)
            return -1;
        int which = -1;
        for (int i = 0; i < 3; i++) {
            size_t l = strlen(names[i]);
            if ((size_t)(end - q) > l && memcmp(q, names[i], l) == 0 && !(cls[q[l]] & NC)) {
                which = i;
                q += l;
                break;
            }
        }
        /* in order: version first, each at most once */
        if (which < 0 || which < seen || (k == 0 && which != 0) || (k > 0 && which == 0))
            return -1;
        seen = which + 1;
        while (cls[*q] & WS)
            q++;
        if (*q != '=')
            return -1;
        q++;
        while (cls[*q] & WS)
            q++;
        if (q >= end || (*q != '"' && *q != '\''))
            return -1;
        uchar quote = *q++;
        const uchar *v = q;
        while (q < end && *q != quote)
            q++;
        if (q >= end)
            return -1;
        size_t vl = (size_t)(q - v);
        q++;
        if (which == 0 && !(vl == 3 && memcmp(v, "1.0", 3) == 0))
            return -1;
        if (which == 1 && !(vl == 5 && (v[0] | 0x20) == 'u' && (v[1] | 0x20) == 't' &&
                            (v[2] | 0x20) == 'f' && v[3] == '-' && v[4] == '8'))
            return -1;
        if (which == 2 && !(vl == 3 && memcmp(v, "yes", 3) == 0) &&
            !(vl == 2 && memcmp(v, "no", 2) == 0))
            return -1;
    }
    while (cls[*q] & WS)
        q++;
    if (q != end || !seen)
        return -1;
    s->pos = (size_t)((const char *)end + 2 - s->buf);
    s->state = ST_PROLOG;
    return 1;
}

static int text_run(xscan *s)
{
    uchar *p = (uchar *)s->buf + s->pos, *e = (uchar *)s->buf + s->len;
    uchar *lt = memchr(p, '<', (size_t)(e - p));
    if (!lt) {
        if (!s->final)
            return 0;
        lt = e;
    }
    if (s->state != ST_CONTENT) {
        if (!only_space(p, lt))
            return -1;
        s->pos = (size_t)((char *)lt - s->buf);
        return 1;
    }
    if (lt == e) /* character data at the end: unclosed elements */
        return -1;
    uchar *q = p;
    while (!(cls[*q] & TX))
        q++;
    if (q < lt) {
        q = decode(q, lt, 0);
        if (!q)
            return -1;
    } else {
        q = lt;
    }
    s->pos = (size_t)((char *)lt - s->buf);
    if ((size_t)(q - p) > 0x7fffffff)
        return -1;
    s->text(s->ud, (const char *)p, (int)(q - p));
    return 1;
}

static int end_tag(xscan *s)
{
    uchar *p = (uchar *)s->buf + s->pos, *e = (uchar *)s->buf + s->len;
    uchar *q = p + 2, *name = q;
    if (q >= e)
        return 0;
    if (!(cls[*q] & NS))
        return -1;
    while (cls[*q] & NC)
        q++;
    size_t nl = (size_t)(q - name);
    uchar *name_end = q;
    while (cls[*q] & WS)
        q++;
    if (q >= e)
        return 0;
    if (*q != '>' || s->state != ST_CONTENT || !s->depth)
        return -1;
    size_t top = s->offs[s->depth - 1];
    if (s->names_len - top != nl || !same(s->names + top, name, nl))
        return -1;
    s->names_len = top;
    s->depth--;
    if (!s->depth)
        s->state = ST_EPILOG;
    *name_end = '\0';
    s->pos = (size_t)((char *)q + 1 - s->buf);
    s->end(s->ud, (const char *)name);
    return 1;
}

static int start_tag(xscan *s)
{
    uchar *p = (uchar *)s->buf + s->pos, *e = (uchar *)s->buf + s->len;
    uchar *q = p + 1, *name = q;
    if (q >= e)
        return 0;
    if (!(cls[*q] & NS))
        return -1; /* <!, <?, or not a name */
    while (cls[*q] & NC)
        q++;
    if (q >= e)
        return 0;
    uchar *name_end = q;
    size_t nl = (size_t)(q - name);
    struct {
        uchar *n, *ne, *v, *ve;
    } at[XS_MAX_ATTS];
    size_t na = 0;
    int empty;
    for (;;) {
        uchar *ws = q;
        while (cls[*q] & WS)
            q++;
        if (q >= e)
            return 0;
        if (*q == '>') {
            empty = 0;
            q++;
            break;
        }
        if (*q == '/') {
            if (q + 1 >= e)
                return 0;
            if (q[1] != '>')
                return -1;
            empty = 1;
            q += 2;
            break;
        }
        if (q == ws || !(cls[*q] & NS) || na == XS_MAX_ATTS)
            return -1;
        at[na].n = q;
        while (cls[*q] & NC)
            q++;
        at[na].ne = q;
        while (cls[*q] & WS)
            q++;
        if (q >= e)
            return 0;
        if (*q != '=')
            return -1;
        q++;
        while (cls[*q] & WS)
            q++;
        if (q >= e)
            return 0;
        if (*q != '"' && *q != '\'')
            return -1;
        uchar *v = q + 1, *ve = memchr(v, *q, (size_t)(e - v));
        if (!ve)
            return 0;
        at[na].v = v;
        at[na].ve = ve;
        na++;
        q = ve + 1;
    }
    /* the whole tag is here: check, then decode in place */
    if (s->state == ST_EPILOG || nl > XS_MAX_NAME || (!empty && s->depth == XS_MAX_DEPTH))
        return -1;
    for (size_t i = 0; i < na; i++) {
        size_t li = (size_t)(at[i].ne - at[i].n);
        for (size_t j = 0; j < i; j++)
            if ((size_t)(at[j].ne - at[j].n) == li && same(at[i].n, at[j].n, li))
                return -1; /* duplicate attribute */
        uchar *v = at[i].v;
        while (!(cls[*v] & AV))
            v++;
        if (v < at[i].ve) {
            v = decode(v, at[i].ve, 1);
            if (!v)
                return -1;
        } else {
            v = at[i].ve;
        }
        at[i].ve = v;
    }
    if (!empty) {
        if (s->names_cap - s->names_len < nl) {
            size_t cap = s->names_cap ? s->names_cap * 2 : 1024;
            while (cap - s->names_len < nl)
                cap *= 2;
            char *b = realloc(s->names, cap);
            if (!b)
                return -1; /* expat will say it better */
            s->names = b;
            s->names_cap = cap;
        }
        char *to = s->names + s->names_len;
        for (size_t i = 0; i < nl; i++)
            to[i] = (char)name[i];
        s->offs[s->depth++] = (uint32_t)s->names_len;
        s->names_len += nl;
    }
    for (size_t i = 0; i < na; i++) {
        *at[i].ne = '\0';
        *at[i].ve = '\0';
        s->atts[2 * i] = (const char *)at[i].n;
        s->atts[2 * i + 1] = (const char *)at[i].v;
    }
    s->atts[2 * na] = NULL;
    *name_end = '\0';
    s->pos = (size_t)((char *)q - s->buf);
    if (s->state == ST_PROLOG)
        s->state = ST_CONTENT;
    s->start(s->ud, (const char *)name, s->atts);
    if (empty) {
        /* expat calls the end handler of an empty element whatever the
         * start handler did */
        s->end(s->ud, (const char *)name);
        if (!s->depth)
            s->state = ST_EPILOG;
    }
    return 1;
}

int xs_run(xscan *s)
{
    for (;;) {
        if (s->stop) {
            s->stop = 0;
            return XS_STOPPED;
        }
        if (s->pos == s->len) {
            if (!s->final)
                return XS_MORE;
            return s->state == ST_EPILOG ? XS_DONE : XS_FALLBACK;
        }
        int rc;
        if (s->state == ST_START)
            rc = prolog_start(s);
        else if (s->buf[s->pos] != '<')
            rc = text_run(s);
        else if (s->pos + 1 < s->len && s->buf[s->pos + 1] == '/')
            rc = end_tag(s);
        else
            rc = start_tag(s);
        if (rc < 0)
            return XS_FALLBACK;
        if (rc == 0) {
            if (s->final || s->len - s->pos > XS_MAX_TOKEN)
                return XS_FALLBACK;
            return XS_MORE;
        }
    }
}

/* ---- producer thread ------------------------------------------------------ */
#define PIPE_SLOTS 4
#define PIPE_SLOT (256u << 10)

typedef struct pslot {
    char *data;
    size_t len;
    int eof;
    iki_error err;
} pslot;

struct xs_pipe {
    pthread_t th;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pslot slots[PIPE_SLOTS];
    size_t slot_cap;
    size_t chunk;
    size_t head;  /* the consumer's slot */
    size_t count; /* filled slots from head on */
    size_t off;   /* the consumer's offset in slots[head] */
    int cancel;
    int moved;    /* the error message was moved into the reader */
    iki_reader shadow; /* for iki_zip_stream_read's messages */
    iki_zip_stream *zs;
};

static void *producer(void *arg)
{
    xs_pipe *p = arg;
    size_t w = 0;
    for (;;) {
        pthread_mutex_lock(&p->mu);
        while (p->count == PIPE_SLOTS && !p->cancel)
            pthread_cond_wait(&p->cv, &p->mu);
        int cancel = p->cancel;
        pthread_mutex_unlock(&p->mu);
        if (cancel)
            break;
        pslot *s = &p->slots[w];
        s->len = 0;
        s->eof = 0;
        s->err = IKI_OK;
        /* whole iki_read_chunk steps, as the calling thread would read */
        while (s->len < p->slot_cap) {
            size_t got = 0;
            iki_error e = iki_zip_stream_read(&p->shadow, p->zs, s->data + s->len, p->chunk, &got);
            if (e != IKI_OK) {
                s->err = e;
                break;
            }
            if (got == 0) {
                s->eof = 1;
                break;
            }
            s->len += got;
        }
        int last = s->eof || s->err != IKI_OK;
        pthread_mutex_lock(&p->mu);
        p->count++;
        pthread_cond_broadcast(&p->cv);
        pthread_mutex_unlock(&p->mu);
        if (last)
            break;
        w = (w + 1) % PIPE_SLOTS;
    }
    return NULL;
}

xs_pipe *xs_pipe_start(iki_reader *r, iki_zip_stream *zs)
{
    xs_pipe *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->chunk = iki_read_chunk ? iki_read_chunk : 65536;
    p->slot_cap = p->chunk >= PIPE_SLOT ? p->chunk : PIPE_SLOT / p->chunk * p->chunk;
    for (size_t i = 0; i < PIPE_SLOTS; i++) {
        p->slots[i].data = malloc(p->slot_cap);
        if (!p->slots[i].data)
            goto fail;
    }
    p->shadow = *r;
    p->shadow.msg = (iki_buf)IKI_BUF_INIT;
    p->shadow.msg_id = (iki_buf)IKI_BUF_INIT;
    p->zs = zs;
    if (pthread_mutex_init(&p->mu, NULL) != 0)
        goto fail;
    if (pthread_cond_init(&p->cv, NULL) != 0) {
        pthread_mutex_destroy(&p->mu);
        goto fail;
    }
    if (pthread_create(&p->th, NULL, producer, p) != 0) {
        pthread_cond_destroy(&p->cv);
        pthread_mutex_destroy(&p->mu);
        goto fail;
    }
    return p;
fail:
    for (size_t i = 0; i < PIPE_SLOTS; i++)
        free(p->slots[i].data);
    free(p);
    return NULL;
}

iki_error xs_pipe_read(iki_reader *r, xs_pipe *p, void *buf, size_t cap, size_t *got)
{
    *got = 0;
    for (;;) {
        pthread_mutex_lock(&p->mu);
        while (p->count == 0)
            pthread_cond_wait(&p->cv, &p->mu);
        pthread_mutex_unlock(&p->mu);
        pslot *s = &p->slots[p->head];
        if (p->off < s->len) {
            size_t n = s->len - p->off < cap ? s->len - p->off : cap;
            memcpy(buf, s->data + p->off, n);
            p->off += n;
            *got = n;
            if (p->off < s->len || s->eof || s->err != IKI_OK)
                return IKI_OK;
        } else if (s->err != IKI_OK) {
            if (!p->moved) {
                /* the producer is done with the shadow: take its words */
                iki_buf t = r->msg;
                r->msg = p->shadow.msg;
                p->shadow.msg = t;
                t = r->msg_id;
                r->msg_id = p->shadow.msg_id;
                p->shadow.msg_id = t;
                p->moved = 1;
            }
            return s->err;
        } else if (s->eof) {
            return IKI_OK;
        }
        /* slot used up: hand it back */
        pthread_mutex_lock(&p->mu);
        p->head = (p->head + 1) % PIPE_SLOTS;
        p->count--;
        p->off = 0;
        pthread_cond_broadcast(&p->cv);
        pthread_mutex_unlock(&p->mu);
        if (*got)
            return IKI_OK;
    }
}

void xs_pipe_close(xs_pipe *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->mu);
    p->cancel = 1;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    pthread_join(p->th, NULL);
    pthread_cond_destroy(&p->cv);
    pthread_mutex_destroy(&p->mu);
    for (size_t i = 0; i < PIPE_SLOTS; i++)
        free(p->slots[i].data);
    iki_buf_free(&p->shadow.msg);
    iki_buf_free(&p->shadow.msg_id);
    iki_zip_stream_close(p->zs);
    free(p);
}
