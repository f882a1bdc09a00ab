/* Zip archives over libzip, with the safety caps of iki_limits: declared
 * sizes are checked before reading, actual bytes are counted while
 * inflating, and a compression ratio beyond max_ratio is refused. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "internal.h"

struct iki_zip {
    zip_t *za;
    uint64_t total_out; /* distinct bytes inflated from this archive */
    uint64_t *high;     /* per entry: bytes already counted in total_out, so
                           re-reading a part (ods re-streams content.xml for
                           each sheet) does not count twice */
    zip_uint64_t nentries;
};

struct iki_zip_stream {
    zip_file_t *zf;
    zip_uint64_t index;
    char *name;
    uint64_t declared;
    uint64_t comp;
    uint64_t out;
};

#define ZIP_MAX_ENTRIES 65536

static uint64_t le_n(const unsigned char *p, int n)
{
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

/* The entry count the end of central directory declares (zip64 too), read
 * from the file's last 64 KiB before libzip loads the whole directory
 * (about 300 bytes of memory an entry: a 2 GiB archive of empty entries
 * would cost gigabytes).  0 when no record is found: libzip judges. */
static uint64_t declared_entries(iki_reader *r)
{
    enum { TAIL = 65557 + 20 };
    unsigned char *buf = malloc(TAIL);
    if (!buf)
        return 0;
    uint64_t size = r->src.size, off = size > TAIL ? size - TAIL : 0;
    size_t got = 0;
    uint64_t n = 0;
    if (iki_bytes_read_at(&r->src, off, buf, (size_t)(size - off), &got) == IKI_OK) {
        for (size_t i = got >= 22 ? got - 22 + 1 : 0; i-- > 0;) {
            if (memcmp(buf + i, "PK\5\6", 4) != 0)
                continue;
            n = le_n(buf + i + 10, 2);
            /* zip64: the locator just before points at the zip64 record */
            if (n == 0xFFFF && i >= 20 && memcmp(buf + i - 20, "PK\6\7", 4) == 0) {
                uint64_t rec = le_n(buf + i - 20 + 8, 8);
                unsigned char z64[56];
                size_t g = 0;
                if (rec < size &&
                    iki_bytes_read_at(&r->src, rec, z64, sizeof z64, &g) == IKI_OK &&
                    g == sizeof z64 && memcmp(z64, "PK\6\6", 4) == 0)
                    n = le_n(z64 + 32, 8);
            }
            break;
        }
    }
    free(buf);
    return n;
}

iki_error iki_zip_open(iki_reader *r)
{
    uint64_t declared = declared_entries(r);
    if (declared > ZIP_MAX_ENTRIES)
        return reader_fail(r, IKI_ERROR_LIMIT,
                           "zip archive has more than 65536 entries");
    zip_error_t zerr;
    zip_error_init(&zerr);
    zip_source_t *src;
    if (r->src.mem)
        src = zip_source_buffer_create(r->src.mem, (zip_uint64_t)r->src.size, 0, &zerr);
    else {
        /* libzip takes ownership of the FILE; ours keeps the fd */
        int fd2 = dup(r->src.fd);
        FILE *fp = fd2 >= 0 ? fdopen(fd2, "rb") : NULL;
        if (!fp) {
            if (fd2 >= 0)
                close(fd2);
            zip_error_fini(&zerr);
            return reader_fail(r, IKI_ERROR_IO, "cannot reopen file");
        }
        src = zip_source_filep_create(fp, 0, -1, &zerr);
        if (!src)
            fclose(fp);
    }
    if (!src) {
        zip_error_fini(&zerr);
        return reader_fail(r, IKI_ERROR_NOMEM, NULL);
    }
    zip_t *za = zip_open_from_source(src, ZIP_RDONLY, &zerr);
    if (!za) {
        int code = zip_error_code_zip(&zerr);
        zip_source_free(src);
        zip_error_fini(&zerr);
        if (code == ZIP_ER_MEMORY)
            return reader_fail(r, IKI_ERROR_NOMEM, NULL);
        if (code == ZIP_ER_READ)
            return reader_fail(r, IKI_ERROR_IO, "read error in zip archive");
        return reader_fail(r, IKI_ERROR_TRUNCATED,
                           "truncated or corrupt zip archive (no valid central "
                           "directory)");
    }
    zip_error_fini(&zerr);
    zip_int64_t n = zip_get_num_entries(za, 0);
    if (n < 0 || n > ZIP_MAX_ENTRIES) {
        zip_discard(za);
        return reader_fail(r, IKI_ERROR_LIMIT, "zip archive has more than 65536 entries");
    }
    iki_zip *z = calloc(1, sizeof *z);
    uint64_t *high = calloc((size_t)n + 1, sizeof *high);
    if (!z || !high) {
        free(z);
        free(high);
        zip_discard(za);
        return reader_fail(r, IKI_ERROR_NOMEM, NULL);
    }
    z->za = za;
    z->high = high;
    z->nentries = (zip_uint64_t)n;
    r->zip = z;
    return IKI_OK;
}

void iki_zip_close(iki_zip *z)
{
    if (!z)
        return;
    zip_discard(z->za);
    free(z->high);
    free(z);
}

long iki_zip_find(iki_zip *z, const char *name)
{
    if (!z)
        return -1;
    zip_int64_t i = zip_name_locate(z->za, name, 0);
    if (i < 0)
        i = zip_name_locate(z->za, name, ZIP_FL_NOCASE);
    return (long)i;
}

iki_error iki_zip_stream_open(iki_reader *r, const char *name, iki_zip_stream **out)
{
    *out = NULL;
    iki_zip *z = r->zip;
    long idx = iki_zip_find(z, name);
    if (idx < 0)
        return reader_fail(r, IKI_ERROR_CORRUPT, "archive has no part '%s'", name);
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(z->za, (zip_uint64_t)idx, 0, &st) != 0)
        return reader_fail(r, IKI_ERROR_CORRUPT, "cannot read entry '%s'", name);
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) &&
        st.encryption_method != ZIP_EM_NONE)
        return reader_fail(r, IKI_ERROR_ENCRYPTED,
                           "zip entry '%s' is encrypted", name);
    if ((st.valid & ZIP_STAT_SIZE) && st.size > r->limits.max_entry_bytes)
        return reader_fail(r, IKI_ERROR_LIMIT,
                           "zip entry '%s' declares %llu bytes, more than the "
                           "limit of %llu",
                           name, (unsigned long long)st.size,
                           (unsigned long long)r->limits.max_entry_bytes);
    iki_zip_stream *s = calloc(1, sizeof *s);
    if (!s)
        return reader_fail(r, IKI_ERROR_NOMEM, NULL);
    s->name = strdup(name);
    s->index = (zip_uint64_t)idx;
    s->declared = (st.valid & ZIP_STAT_SIZE) ? st.size : UINT64_MAX;
    s->comp = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
    s->zf = zip_fopen_index(z->za, (zip_uint64_t)idx, 0);
    if (!s->zf || !s->name) {
        int code = zip_error_code_zip(zip_get_error(z->za));
        iki_zip_stream_close(s);
        if (code == ZIP_ER_COMPNOTSUPP || code == ZIP_ER_ENCRNOTSUPP)
            return reader_fail(r, IKI_ERROR_UNSUPPORTED,
                               "zip entry '%s' uses an unsupported compression "
                               "or encryption", name);
        return reader_fail(r, IKI_ERROR_CORRUPT, "cannot open zip entry '%s': %s",
                           name, zip_strerror(z->za));
    }
    *out = s;
    return IKI_OK;
}

iki_error iki_zip_stream_read(iki_reader *r, iki_zip_stream *s, void *buf,
                              size_t cap, size_t *got)
{
    *got = 0;
    zip_int64_t n = zip_fread(s->zf, buf, cap);
    if (n < 0) {
        int code = zip_error_code_zip(zip_file_get_error(s->zf));
        if (code == ZIP_ER_CRC)
            return reader_fail(r, IKI_ERROR_CORRUPT,
                               "zip entry '%s' fails its checksum", s->name);
        return reader_fail(r, IKI_ERROR_TRUNCATED,
                           "zip entry '%s' is truncated or corrupt", s->name);
    }
    s->out += (uint64_t)n;
    if (s->index < r->zip->nentries && s->out > r->zip->high[s->index]) {
        r->zip->total_out += s->out - r->zip->high[s->index];
        r->zip->high[s->index] = s->out;
    }
    if (s->out > s->declared)
        return reader_fail(r, IKI_ERROR_CORRUPT,
                           "zip entry '%s' is larger than it declares", s->name);
    if (s->out > r->limits.max_entry_bytes)
        return reader_fail(r, IKI_ERROR_LIMIT,
                           "zip entry '%s' inflates past the limit of %llu bytes",
                           s->name, (unsigned long long)r->limits.max_entry_bytes);
    if (r->zip->total_out > r->limits.max_total_bytes)
        return reader_fail(r, IKI_ERROR_LIMIT,
                           "workbook inflates past the limit of %llu bytes",
                           (unsigned long long)r->limits.max_total_bytes);
    if (s->out > (UINT64_C(32) << 20) && s->comp &&
        s->out / s->comp > r->limits.max_ratio)
        return reader_fail(r, IKI_ERROR_LIMIT,
                           "zip entry '%s' has a compression ratio above %u:1 "
                           "(zip bomb?)", s->name, (unsigned)r->limits.max_ratio);
    *got = (size_t)n;
    return IKI_OK;
}

void iki_zip_stream_close(iki_zip_stream *s)
{
    if (!s)
        return;
    if (s->zf)
        zip_fclose(s->zf);
    free(s->name);
    free(s);
}

iki_error iki_zip_read_all(iki_reader *r, const char *name, iki_buf *out)
{
    iki_buf_clear(out);
    iki_zip_stream *s = NULL;
    iki_error e = iki_zip_stream_open(r, name, &s);
    if (e != IKI_OK)
        return e;
    char tmp[65536];
    for (;;) {
        size_t got = 0;
        e = iki_zip_stream_read(r, s, tmp, sizeof tmp, &got);
        if (e != IKI_OK || got == 0)
            break;
        if (out->len + got > r->limits.max_table_bytes) {
            e = reader_fail(r, IKI_ERROR_LIMIT, "part '%s' is larger than %zu bytes",
                            name, r->limits.max_table_bytes);
            break;
        }
        if (iki_buf_append(out, tmp, got) != 0) {
            e = reader_fail(r, IKI_ERROR_NOMEM, NULL);
            break;
        }
    }
    iki_zip_stream_close(s);
    return e;
}
