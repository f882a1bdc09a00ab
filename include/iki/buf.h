/* iki — growable byte buffer, the one string builder of the project.
 * Always NUL-terminated once anything was appended (data may be NULL before).
 * The buffer owns data; iki_buf_free() releases it and resets the struct. */
#ifndef IKI_BUF_H
#define IKI_BUF_H

#include <stddef.h>

typedef struct iki_buf {
    char *data;
    size_t len;
    size_t cap;
} iki_buf;

#define IKI_BUF_INIT {NULL, 0, 0}

/* Each returns 0 on success, -1 when memory ran out (buffer unchanged). */
int iki_buf_reserve(iki_buf *b, size_t extra);
int iki_buf_append(iki_buf *b, const void *data, size_t len);
int iki_buf_append_str(iki_buf *b, const char *s);
int iki_buf_append_char(iki_buf *b, char c);
int iki_buf_printf(iki_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Encode code point cp as UTF-8 (invalid code points become U+FFFD). */
int iki_buf_append_utf8(iki_buf *b, unsigned long cp);
void iki_buf_clear(iki_buf *b); /* len = 0, keeps memory */
void iki_buf_free(iki_buf *b);

#endif
