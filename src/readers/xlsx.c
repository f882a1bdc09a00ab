/* .xlsx / .xlsm reader: libzip streams the parts, expat parses them.
 *
 * open() reads the small workbook-level parts whole (workbook.xml, its
 * relationships, styles.xml) and streams sharedStrings.xml into one arena.
 * A sheet part is streamed: the parser stops itself at the end of every row
 * that has content, so memory is one row.
 *
 * sharedStrings.xml and the sheets go first through the scanner of
 * xlsx_scan.c, which calls the very handlers expat would, and whose input
 * is inflated on a second thread once a part passes 1 MiB.  When the
 * scanner meets anything it does not understand, the part is parsed again
 * from its start with expat, the rows already returned being skipped: the
 * rows, merges and errors are those of the expat path in every case. */
#include <expat.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"
#include "xlsx_formula.h"
#include "xlsx_scan.h"

#define CHUNK 65536

int iki_xlsx_force_expat;
unsigned long iki_xlsx_scan_fallbacks;
size_t iki_xlsx_pipe_min = 1u << 20;

/* A zip entry read on this thread, then, past iki_xlsx_pipe_min, through a
 * producer thread. */
typedef struct xsrc {
    iki_zip_stream *zs; /* NULL once the pipe owns it */
    xs_pipe *pipe;
    uint64_t direct;    /* bytes read on this thread */
    int no_pipe;
} xsrc;

static iki_error src_read(iki_reader *r, xsrc *s, void *buf, size_t cap, size_t *got)
{
    if (s->pipe)
        return xs_pipe_read(r, s->pipe, buf, cap, got);
    iki_error e = iki_zip_stream_read(r, s->zs, buf, cap, got);
    if (e == IKI_OK && *got && !s->no_pipe) {
        s->direct += *got;
        if (s->direct >= iki_xlsx_pipe_min) {
            s->pipe = xs_pipe_start(r, s->zs);
            if (s->pipe)
                s->zs = NULL;
            else
                s->no_pipe = 1; /* go on without a thread */
        }
    }
    return e;
}

static void src_close(xsrc *s)
{
    xs_pipe_close(s->pipe);
    iki_zip_stream_close(s->zs);
    memset(s, 0, sizeof *s);
}

typedef struct xsheet_ref {
    char *part; /* archive path, or NULL when the relationship is invalid */
    char *bad_target;
} xsheet_ref;

typedef struct xlsx {
    /* workbook */
    xsheet_ref *refs; /* parallel to r->sheets */
    size_t nrefs;
    int date1904;
    unsigned char *xf_is_date; /* per cellXfs index */
    size_t nxf;
    /* shared strings: arena of NUL-terminated strings */
    iki_buf sst;
    size_t *sst_off;
    uint32_t *sst_len;  /* UINT32_MAX: use strlen */
    size_t nsst, sst_cap;
    /* current sheet stream: scanned (xs), or parsed by expat (p) */
    int scanning;
    xscan xs;
    size_t emitted;     /* rows returned by the scanner */
    XML_Parser p;
    xsrc src;
    const char *part;
    int suspended, final_fed, eof;
    iki_error err;
    rowbuf *rb;
    int row_done;
    uint32_t cur_row;   /* 0-based row of the open <row> */
    uint32_t next_row;  /* row number for a <row> without r */
    uint32_t next_col;  /* column for a <c> without r */
    /* current cell */
    int in_cell, cap_v, cap_is_t, in_rph, in_is;
    unsigned depth; /* elements open (IKI_XML_MAX_DEPTH) */
    uint32_t cell_col;
    char cell_t;        /* 'n','s','b','e','d','S' (str), 'i' (inlineStr) */
    unsigned cell_style;
    int has_v;
    int got_is;         /* an inline string's <is> was met: its text alone */
    size_t t_start;     /* where the open <t> or <v> text begins in v */
    iki_buf v;          /* <v> text, or inline string text */
    xf_state f;         /* <f>: formulas without a cached value */
    iki_reader *r;
} xlsx;

/* ---- small helpers ------------------------------------------------------- */
static const char *local(const char *name)
{
    /* element names are short and rarely prefixed: look for the colon in
     * the first few bytes only before a full scan */
    for (int i = 0; i < 4 && name[i]; i++)
        if (name[i] == ':')
            return name + i + 1;
    if (!name[0] || !name[1] || !name[2] || !name[3])
        return name;
    const char *c = strchr(name + 4, ':');
    return c ? c + 1 : name;
}

static const char *attr(const char **atts, const char *lname)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (strcmp(local(atts[i]), lname) == 0)
            return atts[i + 1];
    return NULL;
}

/* r:id: an "id" attribute with a namespace prefix */
static const char *rel_id_attr(const char **atts)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (strchr(atts[i], ':') && strcmp(local(atts[i]), "id") == 0)
            return atts[i + 1];
    return NULL;
}

static int parse_uint(const char *s, unsigned long max, unsigned long *out)
{
    unsigned long v = 0;
    if (!s || !*s)
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return -1;
        v = v * 10 + (unsigned long)(*s - '0');
        if (v > max)
            return -1;
    }
    *out = v;
    return 0;
}

/* OOXML's escapes in text (ECMA-376 Part 1, 22.9.2.19 ST_Xstring), decoded
 * as Excel does: "_xHHHH_" with exactly four hex digits (either case) after
 * a lower-case x is the UTF-16 code unit HHHH: "_x000D_" a carriage return,
 * "_x005F_" the underscore that keeps what follows literal ("_x005F_x000D_"
 * reads "_x000D_").  A surrogate pair written as two escapes is one
 * character; a lone surrogate, U+0000 (the shared strings are
 * NUL-terminated) and U+FFFE, U+FFFF (no XML may hold them, and iki writes
 * its report as XML) become U+FFFD.  Decodes [s, s + n) in place, which never
 * grows (7 bytes give at most 3, 14 at most 4); returns the new length. */
static int x_escape(const char *s, size_t n, size_t i, unsigned *u)
{
    if (n - i < 7 || s[i] != '_' || s[i + 1] != 'x' || s[i + 6] != '_')
        return 0;
    unsigned v = 0;
    for (size_t k = i + 2; k < i + 6; k++) {
        char c = s[k];
        unsigned d;
        if (c >= '0' && c <= '9')
            d = (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            d = (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            d = (unsigned)(c - 'A' + 10);
        else
            return 0;
        v = v << 4 | d;
    }
    *u = v;
    return 1;
}

static size_t unescape_x(char *s, size_t n)
{
    const char *first = n >= 7 ? memchr(s, '_', n - 6) : NULL;
    if (!first)
        return n;
    size_t r = (size_t)(first - s), w = r;
    while (r < n) {
        unsigned u, lo;
        if (s[r] != '_' || !x_escape(s, n, r, &u)) {
            s[w++] = s[r++];
            continue;
        }
        r += 7;
        unsigned long cp = u;
        if (u >= 0xD800 && u < 0xDC00 && x_escape(s, n, r, &lo) && lo >= 0xDC00 &&
            lo < 0xE000) {
            cp = 0x10000 + ((unsigned long)(u - 0xD800) << 10) + (lo - 0xDC00);
            r += 7;
        } else if ((u >= 0xD800 && u < 0xE000) || u == 0 || u >= 0xFFFE) {
            cp = 0xFFFD;
        }
        unsigned char *o = (unsigned char *)s + w;
        if (cp < 0x80) {
            o[0] = (unsigned char)cp;
            w += 1;
        } else if (cp < 0x800) {
            o[0] = (unsigned char)(0xC0 | cp >> 6);
            o[1] = (unsigned char)(0x80 | (cp & 0x3F));
            w += 2;
        } else if (cp < 0x10000) {
            o[0] = (unsigned char)(0xE0 | cp >> 12);
            o[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
            o[2] = (unsigned char)(0x80 | (cp & 0x3F));
            w += 3;
        } else {
            o[0] = (unsigned char)(0xF0 | cp >> 18);
            o[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
            o[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
            o[3] = (unsigned char)(0x80 | (cp & 0x3F));
            w += 4;
        }
    }
    return w;
}

/* unescape_x over b's bytes from start on */
static void unescape_tail(iki_buf *b, size_t start)
{
    if (!b->data || start >= b->len)
        return;
    b->len = start + unescape_x(b->data + start, b->len - start);
    b->data[b->len] = '\0';
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static void XMLCALL refuse_doctype(void *ud, const XML_Char *name,
                                   const XML_Char *sysid, const XML_Char *pubid,
                                   int has_internal)
{
    (void)name, (void)sysid, (void)pubid, (void)has_internal;
    XML_Parser p = *(XML_Parser *)ud;
    XML_StopParser(p, XML_FALSE);
}

/* Parse a whole in-memory part with handlers; DOCTYPE refused. */
typedef void(XMLCALL *start_fn)(void *, const XML_Char *, const XML_Char **);
typedef void(XMLCALL *end_fn)(void *, const XML_Char *);
typedef void(XMLCALL *text_fn)(void *, const XML_Char *, int);

typedef struct whole_ctx {
    XML_Parser p; /* first member: refuse_doctype reads it */
    void *user;
    int doctype;
    start_fn st;
    end_fn en;
    unsigned depth;
    int too_deep;
} whole_ctx;

/* The element handlers of parse_whole, with the bound on nesting. */
static void XMLCALL whole_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    whole_ctx *c = ud;
    if (++c->depth > IKI_XML_MAX_DEPTH) {
        c->too_deep = 1;
        XML_StopParser(c->p, XML_FALSE);
        return;
    }
    c->st(ud, name, atts);
}

static void XMLCALL whole_end(void *ud, const XML_Char *name)
{
    whole_ctx *c = ud;
    c->depth--;
    c->en(ud, name);
}

static void XMLCALL whole_doctype(void *ud, const XML_Char *name,
                                  const XML_Char *sysid, const XML_Char *pubid,
                                  int has_internal)
{
    whole_ctx *c = ud;
    c->doctype = 1;
    refuse_doctype(ud, name, sysid, pubid, has_internal);
}

static iki_error xml_fail(iki_reader *r, XML_Parser p, const char *part, int doctype)
{
    if (doctype)
        return reader_fail(r, IKI_ERROR_XML,
                           "XML in '%s' has a DOCTYPE, which is not allowed "
                           "(entity expansion)", part);
    return reader_fail(r, IKI_ERROR_XML, "XML error in '%s' at line %lu: %s", part,
                       (unsigned long)XML_GetCurrentLineNumber(p),
                       XML_ErrorString(XML_GetErrorCode(p)));
}

static iki_error parse_whole(iki_reader *r, const char *part, const iki_buf *xml,
                             void *user, start_fn st, end_fn en, text_fn tx)
{
    whole_ctx c = {XML_ParserCreate(NULL), user, 0, st, en, 0, 0};
    if (!c.p)
        return reader_fail(r, IKI_ERROR_NOMEM, NULL);
    XML_SetUserData(c.p, &c);
    XML_SetElementHandler(c.p, whole_start, whole_end);
    if (tx)
        XML_SetCharacterDataHandler(c.p, tx);
    XML_SetStartDoctypeDeclHandler(c.p, whole_doctype);
    iki_error e = IKI_OK;
    if (XML_Parse(c.p, xml->data ? xml->data : "", (int)xml->len, 1) == XML_STATUS_ERROR)
        e = c.too_deep ? reader_fail(r, IKI_ERROR_LIMIT, IKI_XML_DEPTH_FMT, part,
                                     IKI_XML_MAX_DEPTH)
                       : xml_fail(r, c.p, part, c.doctype);
    XML_ParserFree(c.p);
    return e;
}

#define WHOLE_USER(ud) (((whole_ctx *)(ud))->user)

static void XMLCALL no_end(void *ud, const XML_Char *name)
{
    (void)ud, (void)name;
}

/* Resolve a relationship target against base dir (the source part's
 * folder with its slash, "" at the root); NULL when it leaves the archive
 * or is malformed.  Caller frees. */
static char *resolve_target(const char *base, const char *target)
{
    if (!target || !*target || strstr(target, "://"))
        return NULL;
    size_t cap = strlen(base) + strlen(target) + 2;
    char *joined = malloc(cap), *out = malloc(cap);
    if (!joined || !out) {
        free(joined);
        free(out);
        return NULL;
    }
    if (target[0] == '/')
        snprintf(joined, cap, "%s", target + 1);
    else
        snprintf(joined, cap, "%s%s", base, target);
    /* normalise ".", ".." and "\" */
    size_t o = 0;
    int bad = 0;
    char *save = NULL;
    for (char *p = joined; *p; p++)
        if (*p == '\\')
            *p = '/';
    for (char *seg = strtok_r(joined, "/", &save); seg; seg = strtok_r(NULL, "/", &save)) {
        if (strcmp(seg, ".") == 0)
            continue;
        if (strcmp(seg, "..") == 0) {
            if (o == 0) {
                bad = 1;
                break;
            }
            while (o > 0 && out[o - 1] != '/')
                o--;
            if (o > 0)
                o--; /* the slash */
            continue;
        }
        if (o)
            out[o++] = '/';
        size_t n = strlen(seg);
        memcpy(out + o, seg, n);
        o += n;
    }
    out[o] = '\0';
    free(joined);
    if (bad || o == 0) {
        free(out);
        return NULL;
    }
    return out;
}

/* %XX escapes decoded in place (targets are URIs; most producers write
 * the zip entry names unescaped). */
static void percent_decode(char *s)
{
    char *w = s;
    for (const char *p = s; *p; p++) {
        int hi, lo;
        if (p[0] == '%' && (hi = hexval(p[1])) >= 0 && (lo = hexval(p[2])) >= 0 &&
            (hi || lo)) {
            *w++ = (char)(hi << 4 | lo);
            p += 2;
        } else {
            *w++ = *p;
        }
    }
    *w = '\0';
}

/* The archive entry a relationship target names: resolve_target, then,
 * when no entry has that name and it holds %XX escapes, the decoded name if
 * an entry has it. */
static char *part_name(iki_reader *r, const char *base, const char *target)
{
    char *p = resolve_target(base, target);
    if (p && strchr(p, '%') && iki_zip_find(r->zip, p) < 0) {
        char *d = strdup(p);
        if (d) {
            percent_decode(d);
            if (d[0] && iki_zip_find(r->zip, d) >= 0) {
                free(p);
                return d;
            }
            free(d);
        }
    }
    return p;
}

/* ---- the package: _rels/.rels, [Content_Types].xml ----------------------- */
#define REL_TRANSITIONAL "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
#define REL_STRICT "http://purl.oclc.org/ooxml/officeDocument/relationships/"

/* type is REL_TRANSITIONAL or REL_STRICT followed by name */
static int rel_type_is(const char *type, const char *name)
{
    static const char *const ns[] = {REL_TRANSITIONAL, REL_STRICT};
    for (size_t i = 0; i < 2; i++) {
        size_t n = strlen(ns[i]);
        if (strncmp(type, ns[i], n) == 0 && strcmp(type + n, name) == 0)
            return 1;
    }
    return 0;
}

typedef struct pkg_ctx {
    iki_reader *r;
    char *office; /* the officeDocument relationship's part */
} pkg_ctx;

static void XMLCALL pkg_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    pkg_ctx *c = WHOLE_USER(ud);
    if (c->office || strcmp(local(name), "Relationship") != 0)
        return;
    const char *type = attr(atts, "Type");
    const char *target = attr(atts, "Target");
    const char *mode = attr(atts, "TargetMode");
    if (type && target && !(mode && strcmp(mode, "External") == 0) &&
        rel_type_is(type, "officeDocument"))
        c->office = part_name(c->r, "", target);
}

typedef struct ct_ctx {
    const char *part; /* "/" + the part's name */
    const char *ext;  /* its extension, or NULL */
    char *override, *fallback;
} ct_ctx;

static void XMLCALL ct_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    ct_ctx *c = WHOLE_USER(ud);
    const char *ln = local(name), *type = attr(atts, "ContentType");
    if (!type)
        return;
    if (strcmp(ln, "Override") == 0 && !c->override) {
        const char *pn = attr(atts, "PartName");
        char *d = pn ? strdup(pn) : NULL;
        if (d) {
            percent_decode(d);
            if (strcasecmp(d, c->part) == 0)
                c->override = strdup(type);
        }
        free(d);
    } else if (strcmp(ln, "Default") == 0 && !c->fallback && c->ext) {
        const char *ext = attr(atts, "Extension");
        if (ext && strcasecmp(ext, c->ext) == 0)
            c->fallback = strdup(type);
    }
}

/* The first element of a part (its root); NULL when it has none we can
 * read in its first 64 KiB. */
typedef struct root_ctx {
    XML_Parser p;
    char *name;
} root_ctx;

static void XMLCALL root_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    root_ctx *c = ud;
    (void)atts;
    c->name = strdup(local(name));
    XML_StopParser(c->p, XML_FALSE);
}

static void XMLCALL root_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                                 const XML_Char *pubid, int has_internal)
{
    (void)name, (void)sysid, (void)pubid, (void)has_internal;
    XML_StopParser(((root_ctx *)ud)->p, XML_FALSE);
}

static char *root_element(iki_reader *r, const char *part)
{
    iki_zip_stream *zs = NULL;
    root_ctx c = {NULL, NULL};
    char *buf = malloc(65536);
    size_t got = 0;
    if (buf && iki_zip_stream_open(r, part, &zs) == IKI_OK &&
        iki_zip_stream_read(r, zs, buf, 65536, &got) == IKI_OK &&
        (c.p = XML_ParserCreate(NULL)) != NULL) {
        XML_SetUserData(c.p, &c);
        XML_SetStartElementHandler(c.p, root_start);
        XML_SetStartDoctypeDeclHandler(c.p, root_doctype);
        XML_Parse(c.p, buf, (int)got, 0);
        XML_ParserFree(c.p);
    }
    iki_zip_stream_close(zs);
    free(buf);
    return c.name;
}

/* Whether the office document part is a spreadsheet: by its content type,
 * else (none, or a generic one) by its root element.  IKI_OK, or
 * IKI_ERROR_NOT_SPREADSHEET saying what it is. */
static iki_error check_office_part(iki_reader *r, const char *part)
{
    iki_buf xml = IKI_BUF_INIT;
    size_t n = strlen(part);
    char *slashed = malloc(n + 2);
    const char *dot = strrchr(part, '.');
    ct_ctx c = {slashed, dot && !strchr(dot, '/') ? dot + 1 : NULL, NULL, NULL};
    if (!slashed)
        return reader_fail(r, IKI_ERROR_NOMEM, NULL);
    slashed[0] = '/';
    memcpy(slashed + 1, part, n + 1);
    if (iki_zip_find(r->zip, "[Content_Types].xml") >= 0 &&
        iki_zip_read_all(r, "[Content_Types].xml", &xml) == IKI_OK)
        parse_whole(r, "[Content_Types].xml", &xml, &c, ct_start, no_end, NULL);
    iki_buf_free(&xml);
    iki_buf_clear(&r->msg);
    iki_buf_clear(&r->msg_id);
    const char *type = c.override ? c.override : c.fallback;
    int verdict = 0; /* 1 spreadsheet, -1 another document, 0 look inside */
    iki_error e = IKI_OK;
    if (type) {
        static const char *const sheet_types[] = {
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
            "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
            "application/vnd.ms-excel.template.macroEnabled.main+xml",
            "application/vnd.ms-excel.addin.macroEnabled.main+xml",
        };
        for (size_t i = 0; i < sizeof sheet_types / sizeof *sheet_types; i++)
            if (strcasecmp(type, sheet_types[i]) == 0)
                verdict = 1;
        if (strcasecmp(type, "application/vnd.ms-excel.sheet.binary.macroEnabled.main") == 0)
            e = reader_fail(r, IKI_ERROR_NOT_SPREADSHEET,
                            "zip archive is an Excel binary workbook (.xlsb), which iki "
                            "cannot read: save it as .xlsx");
        else if (strstr(type, "wordprocessingml") || strstr(type, "ms-word"))
            e = reader_fail(r, IKI_ERROR_NOT_SPREADSHEET,
                            "zip archive is a Word document (.docx), not a spreadsheet");
        else if (strstr(type, "presentationml") || strstr(type, "ms-powerpoint"))
            e = reader_fail(r, IKI_ERROR_NOT_SPREADSHEET,
                            "zip archive is a PowerPoint presentation (.pptx), not a "
                            "spreadsheet");
    }
    if (e == IKI_OK && verdict == 0) {
        char *root = root_element(r, part);
        iki_buf_clear(&r->msg);
        iki_buf_clear(&r->msg_id);
        /* unreadable: the workbook reader will say why */
        if (root && strcmp(root, "workbook") != 0)
            e = reader_fail(r, IKI_ERROR_NOT_SPREADSHEET,
                            "zip archive holds an office document ('%.200s') that is not "
                            "a spreadsheet", part);
        free(root);
    }
    free(c.override);
    free(c.fallback);
    free(slashed);
    return e;
}

iki_error iki_xlsx_workbook_part(iki_reader *r, char **part)
{
    *part = NULL;
    pkg_ctx c = {r, NULL};
    if (iki_zip_find(r->zip, "_rels/.rels") >= 0) {
        iki_buf xml = IKI_BUF_INIT;
        iki_limits keep = r->limits;
        if (r->limits.max_table_bytes > (1u << 20))
            r->limits.max_table_bytes = 1u << 20;
        if (iki_zip_read_all(r, "_rels/.rels", &xml) == IKI_OK)
            parse_whole(r, "_rels/.rels", &xml, &c, pkg_start, no_end, NULL);
        r->limits = keep;
        iki_buf_free(&xml);
        /* a broken package part: look where Excel's own files keep it */
        iki_buf_clear(&r->msg);
        iki_buf_clear(&r->msg_id);
    }
    if (c.office && iki_zip_find(r->zip, c.office) >= 0) {
        iki_error e = check_office_part(r, c.office);
        if (e != IKI_OK) {
            free(c.office);
            return e;
        }
        *part = c.office;
        return IKI_OK;
    }
    free(c.office);
    if (iki_zip_find(r->zip, "xl/workbook.xml") >= 0) {
        *part = strdup("xl/workbook.xml");
        if (!*part)
            return reader_fail(r, IKI_ERROR_NOMEM, NULL);
    }
    return IKI_OK;
}

/* ---- workbook.xml -------------------------------------------------------- */
typedef struct wb_ctx {
    iki_reader *r;
    xlsx *x;
    char **rids; /* per sheet */
    size_t n, cap;
    iki_error err;
} wb_ctx;

static void XMLCALL wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    wb_ctx *c = WHOLE_USER(ud);
    const char *ln = local(name);
    if (c->err != IKI_OK)
        return;
    if (strcmp(ln, "workbookPr") == 0) {
        const char *d = attr(atts, "date1904");
        c->x->date1904 = d && (strcmp(d, "1") == 0 || strcmp(d, "true") == 0);
    } else if (strcmp(ln, "sheet") == 0) {
        const char *nm = attr(atts, "name");
        const char *state = attr(atts, "state");
        const char *rid = rel_id_attr(atts);
        iki_visibility vis = IKI_SHEET_VISIBLE;
        if (state && strcmp(state, "hidden") == 0)
            vis = IKI_SHEET_HIDDEN;
        else if (state && strcmp(state, "veryHidden") == 0)
            vis = IKI_SHEET_VERY_HIDDEN;
        if (!nm)
            nm = "";
        c->err = reader_add_sheet(c->r, nm, strlen(nm), vis);
        if (c->err != IKI_OK)
            return;
        if (c->n == c->cap) {
            size_t cap = c->cap ? c->cap * 2 : 8;
            char **p = realloc(c->rids, cap * sizeof *p);
            if (!p) {
                c->err = reader_fail(c->r, IKI_ERROR_NOMEM, NULL);
                return;
            }
            c->rids = p;
            c->cap = cap;
        }
        c->rids[c->n] = rid ? strdup(rid) : NULL;
        c->n++;
    }
}

/* ---- workbook.xml.rels --------------------------------------------------- */
typedef struct rel_ctx {
    wb_ctx *wb;
    const char *base; /* the workbook part's folder, "" or ending in '/' */
    char *sst_target, *styles_target;
} rel_ctx;

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

static void XMLCALL rel_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    rel_ctx *c = WHOLE_USER(ud);
    if (strcmp(local(name), "Relationship") != 0)
        return;
    const char *id = attr(atts, "Id");
    const char *type = attr(atts, "Type");
    const char *target = attr(atts, "Target");
    if (!id || !type || !target)
        return;
    const char *mode = attr(atts, "TargetMode");
    if (mode && strcmp(mode, "External") == 0)
        return;
    if (ends_with(type, "/sharedStrings") && !c->sst_target)
        c->sst_target = part_name(c->wb->r, c->base, target);
    else if (ends_with(type, "/styles") && !c->styles_target)
        c->styles_target = part_name(c->wb->r, c->base, target);
    for (size_t i = 0; i < c->wb->n; i++) {
        if (c->wb->rids[i] && strcmp(c->wb->rids[i], id) == 0 && !c->wb->x->refs[i].part &&
            !c->wb->x->refs[i].bad_target) {
            c->wb->x->refs[i].part = part_name(c->wb->r, c->base, target);
            if (!c->wb->x->refs[i].part)
                c->wb->x->refs[i].bad_target = strdup(target);
        }
    }
}

/* ---- styles.xml ---------------------------------------------------------- */
typedef struct st_ctx {
    iki_reader *r;
    xlsx *x;
    int in_numfmts, in_cellxfs;
    unsigned long *custom_ids; /* custom numFmt ids that are dates */
    size_t ncustom, custom_cap;
    iki_error err;
} st_ctx;

static int custom_is_date(const st_ctx *c, unsigned long id)
{
    for (size_t i = 0; i < c->ncustom; i++)
        if (c->custom_ids[i] == id)
            return 1;
    return 0;
}

static void XMLCALL st_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    st_ctx *c = WHOLE_USER(ud);
    const char *ln = local(name);
    if (c->err != IKI_OK)
        return;
    if (strcmp(ln, "numFmts") == 0)
        c->in_numfmts = 1;
    else if (strcmp(ln, "cellXfs") == 0)
        c->in_cellxfs = 1;
    else if (c->in_numfmts && strcmp(ln, "numFmt") == 0) {
        unsigned long id;
        const char *code = attr(atts, "formatCode");
        if (parse_uint(attr(atts, "numFmtId"), 100000, &id) == 0 && code &&
            iki_numfmt_code_is_date(code, strlen(code))) {
            if (c->ncustom == c->custom_cap) {
                size_t cap = c->custom_cap ? c->custom_cap * 2 : 16;
                if (cap > 65536) {
                    c->err = reader_fail(c->r, IKI_ERROR_LIMIT, "too many number formats");
                    return;
                }
                unsigned long *p = realloc(c->custom_ids, cap * sizeof *p);
                if (!p) {
                    c->err = reader_fail(c->r, IKI_ERROR_NOMEM, NULL);
                    return;
                }
                c->custom_ids = p;
                c->custom_cap = cap;
            }
            c->custom_ids[c->ncustom++] = id;
        }
    } else if (c->in_cellxfs && strcmp(ln, "xf") == 0) {
        unsigned long id = 0;
        parse_uint(attr(atts, "numFmtId"), 100000, &id);
        if (c->x->nxf >= 1u << 20) {
            c->err = reader_fail(c->r, IKI_ERROR_LIMIT, "too many cell formats");
            return;
        }
        unsigned char *p = realloc(c->x->xf_is_date, c->x->nxf + 1);
        if (!p) {
            c->err = reader_fail(c->r, IKI_ERROR_NOMEM, NULL);
            return;
        }
        c->x->xf_is_date = p;
        p[c->x->nxf++] = (unsigned char)(iki_numfmt_builtin_is_date((unsigned)id) ||
                                         custom_is_date(c, id));
    }
}

static void XMLCALL st_end(void *ud, const XML_Char *name)
{
    st_ctx *c = WHOLE_USER(ud);
    const char *ln = local(name);
    if (strcmp(ln, "numFmts") == 0)
        c->in_numfmts = 0;
    else if (strcmp(ln, "cellXfs") == 0)
        c->in_cellxfs = 0;
}

/* ---- sharedStrings.xml (streamed) ---------------------------------------- */
typedef struct sst_ctx {
    XML_Parser p; /* first member: refuse_doctype reads it; NULL when scanning */
    iki_reader *r;
    xlsx *x;
    int in_si, in_t, in_rph;
    size_t si_start, t_start;
    int doctype;
    iki_error err;
    xscan *xs;
    unsigned depth;
    const char *part;
} sst_ctx;

static void sst_halt(sst_ctx *c)
{
    if (c->p)
        XML_StopParser(c->p, XML_FALSE);
    else
        xs_stop(c->xs);
}

static void XMLCALL sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    sst_ctx *c = ud;
    (void)atts;
    if (++c->depth > IKI_XML_MAX_DEPTH && c->err == IKI_OK) {
        c->err = reader_fail(c->r, IKI_ERROR_LIMIT, IKI_XML_DEPTH_FMT, c->part,
                             IKI_XML_MAX_DEPTH);
        sst_halt(c);
    }
    if (c->err != IKI_OK)
        return;
    const char *ln = local(name);
    if (strcmp(ln, "si") == 0) {
        c->in_si = 1;
        c->si_start = c->x->sst.len;
    } else if (strcmp(ln, "rPh") == 0)
        c->in_rph++;
    else if (c->in_si && !c->in_rph && strcmp(ln, "t") == 0) {
        c->in_t = 1;
        c->t_start = c->x->sst.len;
    }
}

static void XMLCALL sst_text(void *ud, const XML_Char *s, int len)
{
    sst_ctx *c = ud;
    if (!c->in_t || c->err != IKI_OK)
        return;
    if (c->x->sst.len + (size_t)len > c->r->limits.max_table_bytes) {
        c->err = reader_fail(c->r, IKI_ERROR_LIMIT, "shared strings exceed %zu bytes",
                             c->r->limits.max_table_bytes);
        sst_halt(c);
        return;
    }
    if (iki_buf_append(&c->x->sst, s, (size_t)len) != 0) {
        c->err = reader_fail(c->r, IKI_ERROR_NOMEM, NULL);
        sst_halt(c);
    }
}

static void XMLCALL sst_end(void *ud, const XML_Char *name)
{
    sst_ctx *c = ud;
    c->depth--;
    const char *ln = local(name);
    xlsx *x = c->x;
    if (c->err != IKI_OK)
        return;
    if (strcmp(ln, "t") == 0) {
        if (c->in_t)
            unescape_tail(&x->sst, c->t_start);
        c->in_t = 0;
    } else if (strcmp(ln, "rPh") == 0 && c->in_rph)
        c->in_rph--;
    else if (strcmp(ln, "si") == 0 && c->in_si) {
        c->in_si = 0;
        if (x->nsst == x->sst_cap) {
            size_t cap = x->sst_cap ? x->sst_cap * 2 : 1024;
            size_t *p = realloc(x->sst_off, cap * sizeof *p);
            uint32_t *l = p ? realloc(x->sst_len, cap * sizeof *l) : NULL;
            if (p)
                x->sst_off = p;
            if (!l) {
                c->err = reader_fail(c->r, IKI_ERROR_NOMEM, NULL);
                sst_halt(c);
                return;
            }
            x->sst_len = l;
            x->sst_cap = cap;
        }
        /* no NUL lies between si_start and here: one would have been
         * written by a </si> that also ended this <si> */
        size_t n = x->sst.len - c->si_start;
        x->sst_len[x->nsst] = n < UINT32_MAX ? (uint32_t)n : UINT32_MAX;
        x->sst_off[x->nsst++] = c->si_start;
        if (iki_buf_append_char(&x->sst, '\0') != 0) {
            c->err = reader_fail(c->r, IKI_ERROR_NOMEM, NULL);
            sst_halt(c);
        }
    }
}

static void XMLCALL sst_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                                const XML_Char *pubid, int has_internal)
{
    sst_ctx *c = ud;
    c->doctype = 1;
    refuse_doctype(ud, name, sysid, pubid, has_internal);
}

/* The scanner's try; *fell = 1 when expat must do it instead. */
static iki_error load_sst_scan(iki_reader *r, xlsx *x, const char *part, int *fell)
{
    *fell = 0;
    xsrc src = {0};
    iki_error e = iki_zip_stream_open(r, part, &src.zs);
    if (e != IKI_OK)
        return e;
    xscan xs;
    sst_ctx c = {NULL, r, x, 0, 0, 0, 0, 0, 0, IKI_OK, &xs, 0, part};
    xs_init(&xs, sst_start, sst_end, sst_text, &c);
    for (;;) {
        int st = xs_run(&xs);
        if (st == XS_DONE)
            break;
        if (st == XS_FALLBACK) {
            *fell = 1;
            break;
        }
        if (st == XS_STOPPED) {
            if (c.err != IKI_OK) {
                e = c.err;
                break;
            }
            continue;
        }
        size_t chunk = iki_read_chunk ? iki_read_chunk : CHUNK;
        char *buf = xs_space(&xs, chunk);
        if (!buf) {
            e = reader_fail(r, IKI_ERROR_NOMEM, NULL);
            break;
        }
        size_t got = 0;
        if (src_read(r, &src, buf, chunk, &got) != IKI_OK) {
            /* expat may see an error in the bytes before this point that
             * the scanner is still waiting to complete: let it decide */
            *fell = 1;
            break;
        }
        if (got)
            xs_commit(&xs, got);
        else
            xs_finish(&xs);
    }
    xs_free(&xs);
    src_close(&src);
    return e;
}

static iki_error load_sst(iki_reader *r, xlsx *x, const char *part)
{
    if (!iki_xlsx_force_expat) {
        int fell = 0;
        iki_error se = load_sst_scan(r, x, part, &fell);
        if (!fell)
            return se;
        __atomic_fetch_add(&iki_xlsx_scan_fallbacks, 1, __ATOMIC_RELAXED);
        iki_buf_clear(&r->msg);
        iki_buf_clear(&r->msg_id);
        iki_buf_clear(&x->sst);
        x->nsst = 0;
    }
    iki_zip_stream *zs = NULL;
    iki_error e = iki_zip_stream_open(r, part, &zs);
    if (e != IKI_OK)
        return e;
    sst_ctx c = {XML_ParserCreate(NULL), r, x, 0, 0, 0, 0, 0, 0, IKI_OK, NULL, 0, part};
    if (!c.p) {
        iki_zip_stream_close(zs);
        return reader_fail(r, IKI_ERROR_NOMEM, NULL);
    }
    XML_SetUserData(c.p, &c);
    XML_SetElementHandler(c.p, sst_start, sst_end);
    XML_SetCharacterDataHandler(c.p, sst_text);
    XML_SetStartDoctypeDeclHandler(c.p, sst_doctype);
    for (;;) {
        size_t chunk = iki_read_chunk ? iki_read_chunk : CHUNK;
        void *buf = XML_GetBuffer(c.p, (int)chunk);
        if (!buf) {
            e = reader_fail(r, IKI_ERROR_NOMEM, NULL);
            break;
        }
        size_t got = 0;
        e = iki_zip_stream_read(r, zs, buf, chunk, &got);
        if (e != IKI_OK)
            break;
        if (XML_ParseBuffer(c.p, (int)got, got == 0) == XML_STATUS_ERROR) {
            e = c.err != IKI_OK ? c.err : xml_fail(r, c.p, part, c.doctype);
            break;
        }
        if (got == 0)
            break;
    }
    XML_ParserFree(c.p);
    iki_zip_stream_close(zs);
    return e;
}

/* ---- sheet streaming ----------------------------------------------------- */
static void stop_with(xlsx *x, iki_error e)
{
    if (x->err == IKI_OK)
        x->err = e;
    if (x->p)
        XML_StopParser(x->p, XML_FALSE);
    else
        xs_stop(&x->xs);
}

/* iki_parse_cellref for the usual "B12" (what it would give), else the
 * general parser. */
static int cell_col(const char *s, uint32_t *col)
{
    uint32_t c = 0, n = 0;
    const char *p = s;
    while (*p >= 'A' && *p <= 'Z' && n < 3) {
        c = c * 26 + (uint32_t)(*p++ - 'A' + 1);
        n++;
    }
    if (n && *p >= '1' && *p <= '9') {
        const char *d = p;
        while (*p >= '0' && *p <= '9' && p - d < 8)
            p++;
        if (!*p) {
            *col = c - 1;
            return 0;
        }
    }
    uint32_t row = 0;
    int hr = 0, hc = 0;
    return iki_parse_cellref(s, strlen(s), &row, col, &hr, &hc);
}

/* name == lit, lit short and NUL-terminated */
static int is(const char *name, const char *lit)
{
    while (*lit && *name == *lit)
        name++, lit++;
    return *name == *lit;
}

static void XMLCALL sh_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    xlsx *x = ud;
    iki_reader *r = x->r;
    const char *ln = local(name);
    if (++x->depth > IKI_XML_MAX_DEPTH && x->err == IKI_OK)
        stop_with(x, reader_fail(r, IKI_ERROR_LIMIT, IKI_XML_DEPTH_FMT, x->part,
                                 IKI_XML_MAX_DEPTH));
    if (x->err != IKI_OK)
        return;
    switch (ln[0]) {
    case 'c':
        if (ln[1] == '\0') {
            const char *ref = NULL, *t = NULL, *s = NULL;
            for (size_t i = 0; atts[i]; i += 2) {
                const char *an = atts[i];
                if (an[0] == 'r' && an[1] == '\0')
                    ref = atts[i + 1];
                else if (an[0] == 't' && an[1] == '\0')
                    t = atts[i + 1];
                else if (an[0] == 's' && an[1] == '\0')
                    s = atts[i + 1];
            }
            uint32_t col = x->next_col;
            if (ref && cell_col(ref, &col) != 0) {
                stop_with(x, reader_fail(r, IKI_ERROR_CORRUPT,
                                         "invalid cell reference '%.20s' in row %lu",
                                         ref, (unsigned long)x->cur_row + 1));
                return;
            }
            if (col >= r->limits.max_cols) {
                stop_with(x, reader_fail(r, IKI_ERROR_LIMIT,
                                         "cell in row %lu beyond column %u",
                                         (unsigned long)x->cur_row + 1,
                                         (unsigned)r->limits.max_cols));
                return;
            }
            x->cell_col = col;
            x->next_col = col + 1;
            x->cell_t = 'n';
            if (t) {
                if (strcmp(t, "s") == 0)
                    x->cell_t = 's';
                else if (strcmp(t, "str") == 0)
                    x->cell_t = 'S';
                else if (strcmp(t, "inlineStr") == 0)
                    x->cell_t = 'i';
                else if (strcmp(t, "b") == 0)
                    x->cell_t = 'b';
                else if (strcmp(t, "e") == 0)
                    x->cell_t = 'e';
                else if (strcmp(t, "d") == 0)
                    x->cell_t = 'd';
            }
            unsigned long st = 0;
            x->cell_style = s && parse_uint(s, 1u << 24, &st) == 0 ? (unsigned)st : 0;
            x->in_cell = 1;
            x->has_v = x->got_is = 0;
            iki_buf_clear(&x->v);
            xf_cell(&x->f);
        }
        break;
    case 'f':
        if (ln[1] == '\0' && x->in_cell)
            xf_start(&x->f, atts);
        break;
    case 'v':
        /* an inline string is its <is> text alone (Excel's reading) */
        if (ln[1] == '\0' && x->in_cell && !x->got_is) {
            x->cap_v = 1;
            x->has_v = 1;
            x->t_start = x->v.len;
        }
        break;
    case 'i':
        /* and only an inline string has one */
        if (is(ln, "is") && x->in_cell && x->cell_t == 'i') {
            x->in_is = 1;
            x->has_v = 1;
            if (!x->got_is)
                iki_buf_clear(&x->v); /* a <v> before it */
            x->got_is = 1;
        }
        break;
    case 't':
        if (ln[1] == '\0' && x->in_is && !x->in_rph) {
            x->cap_is_t = 1;
            x->t_start = x->v.len;
        }
        break;
    case 'r':
        if (is(ln, "row")) {
            const char *rr = attr(atts, "r");
            unsigned long v;
            if (rr) {
                if (parse_uint(rr, 100000000, &v) != 0 || v == 0) {
                    stop_with(x, reader_fail(r, IKI_ERROR_CORRUPT,
                                             "invalid row number '%.20s'", rr));
                    return;
                }
                x->cur_row = (uint32_t)(v - 1);
            } else {
                x->cur_row = x->next_row;
            }
            if (x->cur_row >= r->limits.max_rows) {
                stop_with(x, reader_fail(r, IKI_ERROR_LIMIT, "more than %u rows",
                                         (unsigned)r->limits.max_rows));
                return;
            }
            x->next_row = x->cur_row + 1;
            x->next_col = 0;
            x->rb->row = x->cur_row;
        } else if (is(ln, "rPh")) {
            x->in_rph++;
        }
        break;
    case 'm':
        if (strcmp(ln, "mergeCell") == 0) {
            const char *ref = attr(atts, "ref");
            iki_range g;
            if (ref && iki_parse_range(ref, strlen(ref), &g) == 0) {
                iki_error e = reader_add_merge(r, g);
                if (e != IKI_OK)
                    stop_with(x, e);
            }
        }
        break;
    default:
        break;
    }
}

static void XMLCALL sh_text(void *ud, const XML_Char *s, int len)
{
    xlsx *x = ud;
    if (!(x->cap_v || x->cap_is_t || x->f.cap) || x->err != IKI_OK)
        return;
    iki_buf *to = x->f.cap ? &x->f.f : &x->v;
    if (to->len + (size_t)len > x->r->limits.max_cell_bytes) {
        char ref[24];
        iki_cell_name(x->cur_row, x->cell_col, ref, sizeof ref);
        stop_with(x, reader_fail_cell(x->r, IKI_ERROR_LIMIT, ref,
                                 "holds more than %zu bytes of text",
                                 x->r->limits.max_cell_bytes));
        return;
    }
    if (iki_buf_append(to, s, (size_t)len) != 0)
        stop_with(x, reader_fail(x->r, IKI_ERROR_NOMEM, NULL));
}

/* XML white space off both ends of [*v, *v + *n) */
static void trim_xml_space(const char **v, size_t *n)
{
    while (*n && ((*v)[*n - 1] == ' ' || (*v)[*n - 1] == '\n' || (*v)[*n - 1] == '\r' ||
                  (*v)[*n - 1] == '\t'))
        (*n)--;
    while (*n && (**v == ' ' || **v == '\n' || **v == '\r' || **v == '\t'))
        (*v)++, (*n)--;
}

/* A time of day alone in a t="d" cell, "[T]HH:MM[:SS[.fff]]": the day
 * fraction in *out; 0 when it is one. */
static int iso_time(const char *v, size_t n, double *out)
{
    size_t i = v[0] == 'T';
    unsigned h = 0, m = 0, k;
    for (k = 0; i < n && k < 2 && v[i] >= '0' && v[i] <= '9'; k++)
        h = h * 10 + (unsigned)(v[i++] - '0');
    if (k == 0 || i + 3 > n || v[i] != ':' || v[i + 1] < '0' || v[i + 1] > '5' ||
        v[i + 2] < '0' || v[i + 2] > '9')
        return -1;
    m = (unsigned)(v[i + 1] - '0') * 10 + (unsigned)(v[i + 2] - '0');
    i += 3;
    double sec = 0;
    if (i < n) {
        if (v[i] != ':' || i + 1 == n || v[i + 1] < '0' || v[i + 1] > '9' ||
            iki_parse_double(v + i + 1, n - i - 1, &sec) != 0 || !(sec >= 0 && sec < 60))
            return -1;
    }
    if (h > 24)
        return -1;
    *out = ((double)h * 3600 + (double)m * 60 + sec) / 86400.0;
    return 0;
}

static void emit_cell(xlsx *x)
{
    iki_reader *r = x->r;
    rowbuf *rb = x->rb;
    const char *v = x->v.data ? x->v.data : "";
    size_t vlen = x->v.len;
    int rc = 0;
    char ref[24];
    /* a formula without its result (no <v>, or an empty one that is not
     * an empty string result): computed later, never empty */
    if (x->f.has_f && (!x->has_v || (!vlen && x->cell_t != 'S' && x->cell_t != 'i'))) {
        if (xf_emit(&x->f, rb, x->cur_row, x->cell_col) != 0)
            stop_with(x, reader_fail(r, IKI_ERROR_NOMEM, NULL));
        return;
    }
    if (!x->has_v)
        return;
    switch (x->cell_t) {
    case 's': {
        unsigned long idx;
        if (parse_uint(v, 0xFFFFFFFFul, &idx) != 0 || idx >= x->nsst) {
            iki_cell_name(x->cur_row, x->cell_col, ref, sizeof ref);
            stop_with(x, reader_fail_cell(r, IKI_ERROR_CORRUPT, ref,
                                          "shared-string index '%.20s' out of range "
                                          "(the table has %zu)", v, x->nsst));
            return;
        }
        const char *s = x->sst.data + x->sst_off[idx];
        size_t n = x->sst_len[idx] != UINT32_MAX ? x->sst_len[idx] : strlen(s);
        if (n)
            rc = rowbuf_add_text(rb, x->cell_col, s, n);
        break;
    }
    case 'S':
    case 'i':
        if (vlen)
            rc = rowbuf_add_text(rb, x->cell_col, v, vlen);
        break;
    case 'b':
        rc = rowbuf_add_bool(rb, x->cell_col, !(vlen == 1 && v[0] == '0') &&
                                                  strcmp(v, "false") != 0);
        break;
    case 'e':
        if (vlen)
            rc = rowbuf_add_error(rb, x->cell_col, v, vlen);
        break;
    case 'd': {
        double serial;
        trim_xml_space(&v, &vlen);
        if (!vlen)
            break;
        if (iki_iso_to_serial(v, vlen, &serial) != 0 && iso_time(v, vlen, &serial) != 0) {
            iki_cell_name(x->cur_row, x->cell_col, ref, sizeof ref);
            stop_with(x, reader_fail_cell(r, IKI_ERROR_CORRUPT, ref,
                                          "invalid ISO date '%.40s'", v));
            return;
        }
        rc = rowbuf_add_date(rb, x->cell_col, serial);
        break;
    }
    default: {
        double d;
        if (!vlen)
            break;
        /* trim XML whitespace some writers leave around numbers */
        while (vlen && (v[vlen - 1] == ' ' || v[vlen - 1] == '\n' || v[vlen - 1] == '\r' ||
                        v[vlen - 1] == '\t'))
            vlen--;
        while (vlen && (*v == ' ' || *v == '\n' || *v == '\r' || *v == '\t'))
            v++, vlen--;
        size_t k = 0;
        uint64_t u = 0;
        while (k < vlen && k < 15 && v[k] >= '0' && v[k] <= '9')
            u = u * 10 + (uint64_t)(v[k++] - '0');
        if (k == vlen && vlen) /* up to 15 digits: exact, as strtod gives */
            d = (double)u;
        else if (iki_parse_double(v, vlen, &d) != 0 || memchr(v, ',', vlen)) {
            iki_cell_name(x->cur_row, x->cell_col, ref, sizeof ref);
            stop_with(x, reader_fail_cell(r, IKI_ERROR_CORRUPT, ref,
                                          "invalid number '%.40s'", v));
            return;
        }
        if (x->cell_style < x->nxf && x->xf_is_date[x->cell_style]) {
            /* 1904 system: day 0 is 1904-01-01 = 1900-system 1462; a pure
             * time (under one day) stays a time, as in xls.c */
            if (x->date1904 && d >= 1)
                d += 1462;
            rc = rowbuf_add_date(rb, x->cell_col, d);
        } else {
            rc = rowbuf_add_number(rb, x->cell_col, d);
        }
        break;
    }
    }
    if (rc != 0)
        stop_with(x, reader_fail(r, IKI_ERROR_NOMEM, NULL));
}

static void XMLCALL sh_end(void *ud, const XML_Char *name)
{
    xlsx *x = ud;
    x->depth--;
    const char *ln = local(name);
    if (x->err != IKI_OK)
        return;
    switch (ln[0]) {
    case 'c':
        if (ln[1] == '\0' && x->in_cell) {
            emit_cell(x);
            x->in_cell = x->in_is = x->cap_v = x->cap_is_t = 0;
        }
        break;
    case 'f':
        if (ln[1] == '\0' && x->f.cap &&
            xf_end(&x->f, x->r, x->cur_row, x->cell_col) != 0)
            stop_with(x, reader_fail(x->r, IKI_ERROR_NOMEM, NULL));
        break;
    case 'v':
        if (ln[1] == '\0') {
            if (x->cap_v && (x->cell_t == 'S' || x->cell_t == 'i'))
                unescape_tail(&x->v, x->t_start);
            x->cap_v = 0;
        }
        break;
    case 't':
        if (ln[1] == '\0') {
            if (x->cap_is_t)
                unescape_tail(&x->v, x->t_start);
            x->cap_is_t = 0;
        }
        break;
    case 'i':
        if (is(ln, "is"))
            x->in_is = 0;
        break;
    case 'r':
        if (is(ln, "row")) {
            if (x->rb->n) {
                x->row_done = 1;
                if (x->p)
                    XML_StopParser(x->p, XML_TRUE);
                else
                    xs_stop(&x->xs);
            }
        } else if (is(ln, "rPh") && x->in_rph) {
            x->in_rph--;
        }
        break;
    default:
        break;
    }
}

static void XMLCALL sh_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int has_internal)
{
    xlsx *x = ud;
    (void)name, (void)sysid, (void)pubid, (void)has_internal;
    stop_with(x, reader_fail(x->r, IKI_ERROR_XML,
                             "XML in '%s' has a DOCTYPE, which is not allowed "
                             "(entity expansion)", x->part));
}

static void close_sheet(xlsx *x)
{
    if (x->p)
        XML_ParserFree(x->p);
    x->p = NULL;
    xs_free(&x->xs);
    x->scanning = 0;
    src_close(&x->src);
}

static void reset_sheet_state(xlsx *x)
{
    x->suspended = x->final_fed = x->eof = 0;
    x->err = IKI_OK;
    x->cur_row = 0;
    x->next_row = 0;
    x->next_col = 0;
    x->in_cell = x->cap_v = x->cap_is_t = x->in_rph = x->in_is = 0;
    x->depth = 0;
    xf_sheet(&x->f);
}

/* The part from its start, through expat. */
static iki_error open_expat(iki_reader *r, xlsx *x)
{
    iki_error e = iki_zip_stream_open(r, x->part, &x->src.zs);
    if (e != IKI_OK)
        return e;
    x->src.no_pipe = 1;
    x->p = XML_ParserCreate(NULL);
    if (!x->p)
        return reader_fail(r, IKI_ERROR_NOMEM, NULL);
    XML_SetUserData(x->p, x);
    XML_SetElementHandler(x->p, sh_start, sh_end);
    XML_SetCharacterDataHandler(x->p, sh_text);
    XML_SetStartDoctypeDeclHandler(x->p, sh_doctype);
    reset_sheet_state(x);
    return IKI_OK;
}

static iki_error x_open_sheet(iki_reader *r, size_t index)
{
    xlsx *x = r->impl;
    close_sheet(x);
    if (index >= x->nrefs || !x->refs[index].part) {
        if (index < x->nrefs && x->refs[index].bad_target)
            return reader_fail(r, IKI_ERROR_CORRUPT,
                               "sheet part '%.200s' lies outside the archive",
                               x->refs[index].bad_target);
        return reader_fail(r, IKI_ERROR_CORRUPT,
                           "the workbook names no part for this sheet");
    }
    x->part = x->refs[index].part;
    if (iki_xlsx_force_expat)
        return open_expat(r, x);
    iki_error e = iki_zip_stream_open(r, x->part, &x->src.zs);
    if (e != IKI_OK)
        return e;
    xs_init(&x->xs, sh_start, sh_end, sh_text, x);
    x->scanning = 1;
    x->emitted = 0;
    reset_sheet_state(x);
    return IKI_OK;
}

static iki_error parse_status(iki_reader *r, xlsx *x, enum XML_Status st)
{
    if (st == XML_STATUS_ERROR) {
        if (x->err != IKI_OK)
            return x->err;
        return xml_fail(r, x->p, x->part, 0);
    }
    if (st == XML_STATUS_SUSPENDED)
        x->suspended = 1;
    return IKI_OK;
}

static iki_error expat_next_row(iki_reader *r, xlsx *x, rowbuf *rb, int *have)
{
    *have = 0;
    x->rb = rb;
    rb->row = x->cur_row;
    x->row_done = 0;
    iki_error e;
    if (x->suspended) {
        x->suspended = 0;
        e = parse_status(r, x, XML_ResumeParser(x->p));
        if (e != IKI_OK)
            return e;
    }
    while (!x->row_done) {
        if (x->final_fed && !x->suspended) {
            x->eof = 1;
            return IKI_OK;
        }
        size_t chunk = iki_read_chunk ? iki_read_chunk : CHUNK;
        void *buf = XML_GetBuffer(x->p, (int)chunk);
        if (!buf)
            return reader_fail(r, IKI_ERROR_NOMEM, NULL);
        size_t got = 0;
        e = src_read(r, &x->src, buf, chunk, &got);
        if (e != IKI_OK)
            return e;
        if (got == 0)
            x->final_fed = 1;
        e = parse_status(r, x, XML_ParseBuffer(x->p, (int)got, got == 0));
        if (e != IKI_OK)
            return e;
    }
    *have = 1;
    return IKI_OK;
}

/* The scanner gave up: parse the part again with expat and skip the rows
 * the scanner returned (the same rows: the handlers saw the same events). */
static iki_error fall_back(iki_reader *r, xlsx *x, rowbuf *rb, int *have)
{
    size_t skip = x->emitted;
    close_sheet(x);
    iki_buf_clear(&r->msg);
    iki_buf_clear(&r->msg_id);
    __atomic_fetch_add(&iki_xlsx_scan_fallbacks, 1, __ATOMIC_RELAXED);
    r->nmerges = 0; /* the expat pass adds them again */
    iki_error e = open_expat(r, x);
    if (e != IKI_OK)
        return e;
    for (; skip; skip--) {
        rowbuf_reset(rb, 0);
        e = expat_next_row(r, x, rb, have);
        if (e != IKI_OK || !*have)
            return e;
    }
    rowbuf_reset(rb, 0);
    return expat_next_row(r, x, rb, have);
}

static iki_error scan_next_row(iki_reader *r, xlsx *x, rowbuf *rb, int *have)
{
    *have = 0;
    if (x->eof)
        return IKI_OK;
    x->rb = rb;
    rb->row = x->cur_row;
    x->row_done = 0;
    for (;;) {
        int st = xs_run(&x->xs);
        if (st == XS_STOPPED) {
            if (x->err != IKI_OK)
                return x->err;
            if (x->row_done) {
                x->emitted++;
                *have = 1;
                return IKI_OK;
            }
            continue;
        }
        if (st == XS_DONE) {
            x->eof = 1;
            return IKI_OK;
        }
        if (st == XS_FALLBACK)
            return fall_back(r, x, rb, have);
        size_t chunk = iki_read_chunk ? iki_read_chunk : CHUNK;
        char *buf = xs_space(&x->xs, chunk);
        if (!buf)
            return reader_fail(r, IKI_ERROR_NOMEM, NULL);
        size_t got = 0;
        if (src_read(r, &x->src, buf, chunk, &got) != IKI_OK) {
            /* expat may find an error in the bytes before this point (an
             * invalid character in a token the scanner is waiting to
             * complete), or a limit in text it hands over in pieces: it
             * reads the part again and says which error comes first */
            return fall_back(r, x, rb, have);
        }
        if (got)
            xs_commit(&x->xs, got);
        else
            xs_finish(&x->xs);
    }
}

static iki_error x_next_row(iki_reader *r, rowbuf *rb, int *have)
{
    xlsx *x = r->impl;
    *have = 0;
    if (x->scanning)
        return scan_next_row(r, x, rb, have);
    if (!x->p)
        return IKI_OK;
    return expat_next_row(r, x, rb, have);
}

/* ---- docProps/custom.xml ------------------------------------------------ */
typedef struct props_ctx {
    iki_reader *r;
    char *name;     /* the open <property>'s name */
    int depth;      /* inside the property's value element */
    iki_buf value;
    iki_error err;
} props_ctx;

static void XMLCALL pr_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
    props_ctx *c = WHOLE_USER(ud);
    if (strcmp(local(el), "property") == 0) {
        const char *n = attr(atts, "name");
        free(c->name);
        c->name = n ? strdup(n) : NULL;
        iki_buf_clear(&c->value);
    } else if (c->name) {
        c->depth++;
    }
}

static void XMLCALL pr_end(void *ud, const XML_Char *el)
{
    props_ctx *c = WHOLE_USER(ud);
    if (strcmp(local(el), "property") == 0) {
        if (c->name && c->err == IKI_OK)
            c->err = reader_add_property(c->r, c->name, c->value.data ? c->value.data : "");
        free(c->name);
        c->name = NULL;
        c->depth = 0;
    } else if (c->depth) {
        c->depth--;
    }
}

static void XMLCALL pr_text(void *ud, const XML_Char *s, int len)
{
    props_ctx *c = WHOLE_USER(ud);
    if (c->name && c->depth && c->value.len < 4096)
        iki_buf_append(&c->value, s, (size_t)len);
}

/* Custom properties are optional metadata: a broken part is ignored. */
static void load_custom_props(iki_reader *r)
{
    iki_buf xml = IKI_BUF_INIT;
    props_ctx c = {r, NULL, 0, IKI_BUF_INIT, IKI_OK};
    iki_limits keep = r->limits;
    if (r->limits.max_table_bytes > (1u << 20))
        r->limits.max_table_bytes = 1u << 20;
    if (iki_zip_read_all(r, "docProps/custom.xml", &xml) == IKI_OK)
        parse_whole(r, "docProps/custom.xml", &xml, &c, pr_start, pr_end, pr_text);
    r->limits = keep;
    iki_buf_clear(&r->msg);
    free(c.name);
    iki_buf_free(&c.value);
    iki_buf_free(&xml);
}

/* ---- open / close -------------------------------------------------------- */
static void x_close(iki_reader *r)
{
    xlsx *x = r->impl;
    if (!x)
        return;
    close_sheet(x);
    for (size_t i = 0; i < x->nrefs; i++) {
        free(x->refs[i].part);
        free(x->refs[i].bad_target);
    }
    free(x->refs);
    free(x->xf_is_date);
    iki_buf_free(&x->sst);
    free(x->sst_off);
    free(x->sst_len);
    iki_buf_free(&x->v);
    xf_free(&x->f);
    free(x);
    r->impl = NULL;
}

static iki_error x_open(iki_reader *r)
{
    xlsx *x = calloc(1, sizeof *x);
    if (!x)
        return reader_fail(r, IKI_ERROR_NOMEM, NULL);
    x->r = r;
    r->impl = x;
    iki_buf xml = IKI_BUF_INIT;
    wb_ctx wb = {r, x, NULL, 0, 0, IKI_OK};
    rel_ctx rc = {&wb, "", NULL, NULL};
    char *book = NULL, *base = NULL, *rels = NULL, *dflt = NULL;
    iki_error e = iki_xlsx_workbook_part(r, &book);
    if (e == IKI_OK && !book)
        e = reader_fail(r, IKI_ERROR_NOT_SPREADSHEET,
                        "zip archive holds neither an xlsx workbook nor an ODS spreadsheet");
    if (e != IKI_OK)
        goto cleanup;
    /* its folder, and its relationships: DIR/_rels/NAME.rels */
    const char *slash = strrchr(book, '/');
    size_t blen = slash ? (size_t)(slash + 1 - book) : 0, n = strlen(book);
    base = malloc(blen + 1);
    rels = malloc(n + 12);
    dflt = malloc(blen + 24);
    if (!base || !rels || !dflt) {
        e = reader_fail(r, IKI_ERROR_NOMEM, NULL);
        goto cleanup;
    }
    memcpy(base, book, blen);
    base[blen] = '\0';
    snprintf(rels, n + 12, "%s_rels/%s.rels", base, book + blen);
    rc.base = base;
    e = iki_zip_read_all(r, book, &xml);
    if (e == IKI_OK)
        e = parse_whole(r, book, &xml, &wb, wb_start, no_end, NULL);
    if (e == IKI_OK)
        e = wb.err;
    if (e != IKI_OK)
        goto cleanup;
    x->refs = calloc(wb.n ? wb.n : 1, sizeof *x->refs);
    if (!x->refs) {
        e = reader_fail(r, IKI_ERROR_NOMEM, NULL);
        goto cleanup;
    }
    x->nrefs = wb.n;
    if (iki_zip_find(r->zip, rels) >= 0) {
        e = iki_zip_read_all(r, rels, &xml);
        if (e == IKI_OK)
            e = parse_whole(r, rels, &xml, &rc, rel_start, no_end, NULL);
        if (e != IKI_OK)
            goto cleanup;
    }
    snprintf(dflt, blen + 24, "%sstyles.xml", base);
    const char *styles = rc.styles_target ? rc.styles_target : dflt;
    if (iki_zip_find(r->zip, styles) >= 0) {
        st_ctx sc = {r, x, 0, 0, NULL, 0, 0, IKI_OK};
        e = iki_zip_read_all(r, styles, &xml);
        if (e == IKI_OK)
            e = parse_whole(r, styles, &xml, &sc, st_start, st_end, NULL);
        if (e == IKI_OK)
            e = sc.err;
        free(sc.custom_ids);
        if (e != IKI_OK)
            goto cleanup;
    }
    iki_buf_free(&xml);
    snprintf(dflt, blen + 24, "%ssharedStrings.xml", base);
    const char *sst = rc.sst_target ? rc.sst_target : dflt;
    if (iki_zip_find(r->zip, sst) >= 0)
        e = load_sst(r, x, sst);
    if (e == IKI_OK && iki_zip_find(r->zip, "docProps/custom.xml") >= 0)
        load_custom_props(r);
cleanup:
    iki_buf_free(&xml);
    for (size_t i = 0; i < wb.n; i++)
        free(wb.rids[i]);
    free(wb.rids);
    free(rc.sst_target);
    free(rc.styles_target);
    free(book);
    free(base);
    free(rels);
    free(dflt);
    return e;
}

const iki_format_ops iki_xlsx_ops = {IKI_FORMAT_XLSX, x_open, x_open_sheet, x_next_row,
                                     x_close};
