/* A purpose-built XML scanner for the hot path of the xlsx reader (sheet
 * parts and sharedStrings.xml), and a producer thread that inflates a zip
 * entry ahead of the parser.  Internal to src/readers.
 *
 * The scanner understands a strict subset of XML 1.0 in UTF-8: an optional
 * BOM and XML declaration, elements with attributes (any names, prefixes
 * kept as written, as expat does without namespace processing), character
 * data, the five predefined entities and character references.  It calls
 * the same handlers as expat, with the same arguments (NUL-terminated name,
 * NULL-terminated name/value array, decoded text), so the xlsx handlers
 * serve both paths.  Anything outside that subset or not well-formed -- a
 * comment, CDATA, a processing instruction, a DOCTYPE, a bad character, a
 * mismatched tag, a token longer than XS_MAX_TOKEN -- makes xs_run return
 * XS_FALLBACK before any handler sees it: the caller then parses the part
 * again with expat, which decides (and words the error).  So for every
 * input the handlers see a prefix of what expat would give them, and the
 * whole of it when the scanner finishes. */
#ifndef IKI_READERS_XLSX_SCAN_H
#define IKI_READERS_XLSX_SCAN_H

#include <stddef.h>
#include <stdint.h>

#include "internal.h"

typedef void (*xs_start_fn)(void *ud, const char *name, const char **atts);
typedef void (*xs_end_fn)(void *ud, const char *name);
typedef void (*xs_text_fn)(void *ud, const char *s, int len);

#define XS_MAX_ATTS 32            /* attributes on one element */
#define XS_MAX_DEPTH 256          /* open elements */
#define XS_MAX_NAME 1024          /* bytes of one element name */
#define XS_MAX_TOKEN (4u << 20)   /* bytes of one tag or text run */

enum {
    XS_MORE,     /* feed more bytes (xs_space + xs_commit, or xs_finish) */
    XS_STOPPED,  /* a handler called xs_stop; xs_run resumes after it */
    XS_DONE,     /* the document is complete and well-formed */
    XS_FALLBACK  /* not understood: parse this part with expat instead */
};

typedef struct xscan {
    char *buf;          /* pending bytes [pos, len), NUL at buf[len] */
    size_t cap, pos, len;
    int final;          /* no more bytes will come */
    int state;          /* see xlsx_scan.c */
    int stop;
    char *names;        /* names of the open elements, back to back */
    size_t names_len, names_cap;
    uint32_t offs[XS_MAX_DEPTH];
    size_t depth;
    const char *atts[2 * XS_MAX_ATTS + 1];
    xs_start_fn start;
    xs_end_fn end;
    xs_text_fn text;
    void *ud;
} xscan;

void xs_init(xscan *s, xs_start_fn start, xs_end_fn end, xs_text_fn text, void *ud);
void xs_free(xscan *s);
/* Room for at least want bytes after the pending ones; NULL when memory
 * ran out.  Fill it, then xs_commit the count. */
char *xs_space(xscan *s, size_t want);
void xs_commit(xscan *s, size_t n);
/* The input ended. */
void xs_finish(xscan *s);
/* Scan what is buffered; one of XS_MORE, XS_STOPPED, XS_DONE, XS_FALLBACK. */
int xs_run(xscan *s);
/* From a handler: return XS_STOPPED after the current token. */
void xs_stop(xscan *s);

/* ---- producer thread ---------------------------------------------------- */
/* Reads a zip entry ahead of the parser on a second thread, into a ring
 * of four 256 KiB buffers, in iki_read_chunk steps, so the bytes, their
 * order and the point of any error are those of iki_zip_stream_read.  An
 * error's message is moved into r when the consumer reaches it. */
typedef struct xs_pipe xs_pipe;

/* The xlsx reader reads this much of an entry on the calling thread
 * before it starts a producer, so small parts never get a thread
 * (default 1 MiB; tests lower it to run the pipe on small parts). */
extern size_t iki_xlsx_pipe_min;

/* Start a producer on zs (the pipe takes it over: closed by
 * xs_pipe_close).  NULL when the thread or memory could not be had: zs is
 * then still the caller's. */
xs_pipe *xs_pipe_start(iki_reader *r, iki_zip_stream *zs);
/* Like iki_zip_stream_read. */
iki_error xs_pipe_read(iki_reader *r, xs_pipe *p, void *buf, size_t cap, size_t *got);
/* Stop the producer, join it, close the stream.  NULL-safe. */
void xs_pipe_close(xs_pipe *p);

#endif
