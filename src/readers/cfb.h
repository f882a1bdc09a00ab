/* Compound File Binary (OLE2) reader: just enough to find a top-level
 * stream by name and read it at any offset through the reader's byte
 * source.  The FAT and mini FAT stay in memory (bounded by the file size);
 * stream bytes are read on demand, never the whole file. */
#ifndef IKI_READERS_CFB_H
#define IKI_READERS_CFB_H

#include <stdint.h>

#include "internal.h"

typedef struct iki_cfb iki_cfb;

/* A stream: its sector chain resolved once (one uint32 per sector). */
typedef struct iki_cfb_stream {
    uint64_t size;
    uint32_t *chain; /* sector ids (regular or mini) */
    uint32_t nchain;
    int mini;        /* stored in the mini stream */
} iki_cfb_stream;

/* Parse header, DIFAT, FAT, mini FAT and directory of r->src.  On failure
 * reader_fail() has been called (TRUNCATED "truncated compound file ...",
 * CORRUPT, NOMEM) and *out is NULL.  Free with iki_cfb_free(). */
iki_error iki_cfb_open(iki_reader *r, iki_cfb **out);
void iki_cfb_free(iki_cfb *c); /* NULL is harmless */

/* 1 when a stream called name (ASCII, case-insensitive) is a child of the
 * root storage. */
int iki_cfb_has(const iki_cfb *c, const char *name);

/* Resolve the chain of the root-level stream name into *s (caller frees
 * with iki_cfb_stream_free).  CORRUPT/TRUNCATED through reader_fail. */
iki_error iki_cfb_stream_open(iki_reader *r, iki_cfb *c, const char *name,
                              iki_cfb_stream *s);
void iki_cfb_stream_free(iki_cfb_stream *s);

/* Read len bytes at off of the stream; *got is short only at the stream's
 * end.  TRUNCATED when the file ends before the stream does. */
iki_error iki_cfb_stream_read(iki_reader *r, iki_cfb *c, const iki_cfb_stream *s,
                              uint64_t off, void *buf, size_t len, size_t *got);

#endif
