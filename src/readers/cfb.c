/* Compound File Binary (OLE2, [MS-CFB]) reader for the .xls module.
 *
 * Layout: a header sector (512 bytes, or 4096 for version 4) then sectors
 * numbered from 0 at file offset (n + 1) * sector_size.  The FAT maps each
 * sector to the next of its chain; the DIFAT lists the FAT's own sectors
 * (109 in the header, the rest in a chain of DIFAT sectors).  Streams under
 * 4096 bytes live in 64-byte mini sectors inside the root entry's stream,
 * chained by the mini FAT.  The directory is an array of 128-byte entries
 * forming red-black trees of siblings; only the root storage's children
 * are looked at (a Word file with an embedded sheet is no workbook).
 *
 * Hostile input: every sector id is checked against the number of sectors
 * the file really has, so the FAT we keep is bounded by the file size;
 * chains are walked with a visited bitmap (loops are errors) and never
 * longer than the file allows. */
#include "cfb.h"

#include <stdlib.h>
#include <string.h>

#define MAXREGSECT 0xFFFFFFFAu
#define ENDOFCHAIN 0xFFFFFFFEu
#define FREESECT 0xFFFFFFFFu
#define NOSTREAM 0xFFFFFFFFu

typedef struct dirent {
    uint16_t name[32];
    unsigned nname; /* UTF-16 units, without the terminator */
    unsigned char type;
    int top;        /* a child of the root storage */
    uint32_t left, right, child, start;
    uint64_t size;
} dirent;

struct iki_cfb {
    unsigned shift;
    uint32_t ss;
    uint32_t nsect; /* sectors present (the last may be partial) */
    uint32_t *fat;
    uint32_t nfat;
    uint32_t *minifat;
    uint32_t nminifat;
    dirent *dir;
    uint32_t ndir;
    iki_cfb_stream ministream; /* the root entry's stream */
};

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static uint16_t le16(const unsigned char *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static iki_error past_end(iki_reader *r, uint32_t id)
{
    return reader_fail(r, IKI_ERROR_TRUNCATED,
                       "truncated compound file: sector %u past end of file "
                       "(%llu bytes)", (unsigned)id,
                       (unsigned long long)r->src.size);
}

/* Whole sector id into buf (ss bytes). */
static iki_error read_sector(iki_reader *r, const iki_cfb *c, uint32_t id,
                             unsigned char *buf)
{
    if (id >= c->nsect)
        return past_end(r, id);
    size_t got;
    uint64_t off = ((uint64_t)id + 1) << c->shift;
    if (iki_bytes_read_at(&r->src, off, buf, c->ss, &got) != IKI_OK)
        return reader_fail(r, IKI_ERROR_IO, "read error in compound file");
    if (got < c->ss)
        return past_end(r, id);
    return IKI_OK;
}

/* Follow a chain from start through table (n entries), ids < limit.
 * want: number of sectors needed; with to_end, up to ENDOFCHAIN instead.  Regular chains
 * (mini = 0) report ids >= limit as truncation. */
static iki_error build_chain(iki_reader *r, const uint32_t *table, uint32_t n,
                             uint32_t limit, int mini, uint32_t start,
                             uint32_t want, int to_end, const char *what,
                             uint32_t **out, uint32_t *nout)
{
    *out = NULL;
    *nout = 0;
    if (want > limit)
        return mini ? reader_fail(r, IKI_ERROR_CORRUPT,
                                  "corrupt compound file: %s larger than the "
                                  "mini stream", what)
                    : reader_fail(r, IKI_ERROR_TRUNCATED,
                                  "truncated compound file: %s larger than "
                                  "the file", what);
    if (want == 0 && (!to_end || start == ENDOFCHAIN))
        return IKI_OK;
    unsigned char *seen = calloc((size_t)limit / 8 + 1, 1);
    uint32_t cap = to_end ? 16 : want, len = 0;
    uint32_t *chain = malloc((size_t)cap * sizeof *chain);
    iki_error e = IKI_OK;
    if (!seen || !chain) {
        e = reader_fail(r, IKI_ERROR_NOMEM, NULL);
        goto cleanup;
    }
    uint32_t id = start;
    while (to_end ? id != ENDOFCHAIN : len < want) {
        if (id == ENDOFCHAIN || id > MAXREGSECT) {
            e = reader_fail(r, IKI_ERROR_CORRUPT,
                            "corrupt compound file: %s chain ends early "
                            "(sector %u of %u)", what, (unsigned)len,
                            (unsigned)want);
            goto cleanup;
        }
        if (id >= limit) {
            e = mini ? reader_fail(r, IKI_ERROR_CORRUPT,
                                   "corrupt compound file: mini sector %u "
                                   "past the mini stream", (unsigned)id)
                     : past_end(r, id);
            goto cleanup;
        }
        if (seen[id / 8] & (1u << (id % 8))) {
            e = reader_fail(r, IKI_ERROR_CORRUPT,
                            "corrupt compound file: loop in the %s chain at "
                            "sector %u", what, (unsigned)id);
            goto cleanup;
        }
        seen[id / 8] |= (unsigned char)(1u << (id % 8));
        if (len == cap) { /* only with to_end; len < limit by `seen` */
            cap *= 2;
            uint32_t *nc = realloc(chain, (size_t)cap * sizeof *nc);
            if (!nc) {
                e = reader_fail(r, IKI_ERROR_NOMEM, NULL);
                goto cleanup;
            }
            chain = nc;
        }
        chain[len++] = id;
        id = id < n ? table[id] : FREESECT;
        if (to_end && id != ENDOFCHAIN && id > MAXREGSECT) {
            e = reader_fail(r, IKI_ERROR_CORRUPT,
                            "corrupt compound file: broken %s chain", what);
            goto cleanup;
        }
    }
    *out = chain;
    *nout = len;
    chain = NULL;
cleanup:
    free(seen);
    free(chain);
    return e;
}

/* Read every sector of a chain into one table of uint32 (FAT-like). */
static iki_error read_table(iki_reader *r, iki_cfb *c, const uint32_t *chain,
                            uint32_t n, uint32_t **out, uint32_t *nout)
{
    *out = NULL;
    *nout = 0;
    if (n == 0)
        return IKI_OK;
    uint32_t per = c->ss / 4;
    unsigned char *sec = malloc(c->ss);
    uint32_t *t = malloc((size_t)n * per * sizeof *t);
    iki_error e = IKI_OK;
    if (!sec || !t) {
        e = reader_fail(r, IKI_ERROR_NOMEM, NULL);
        goto cleanup;
    }
    for (uint32_t i = 0; i < n; i++) {
        if ((e = read_sector(r, c, chain[i], sec)) != IKI_OK)
            goto cleanup;
        for (uint32_t k = 0; k < per; k++)
            t[(size_t)i * per + k] = le32(sec + 4 * k);
    }
    *out = t;
    *nout = n * per;
    t = NULL;
cleanup:
    free(sec);
    free(t);
    return e;
}

static iki_error read_fat(iki_reader *r, iki_cfb *c, const unsigned char *hdr)
{
    uint32_t per = c->ss / 4;
    uint32_t needed = c->nsect / per + (c->nsect % per != 0);
    uint32_t nfs = le32(hdr + 0x2C);
    if (nfs > needed)
        nfs = needed; /* FAT entries past the file's end are never used */
    if (nfs == 0)
        return reader_fail(r, IKI_ERROR_CORRUPT,
                           "corrupt compound file: no FAT sector");
    uint32_t *ids = malloc((size_t)nfs * sizeof *ids);
    unsigned char *sec = malloc(c->ss);
    iki_error e = IKI_OK;
    if (!ids || !sec) {
        e = reader_fail(r, IKI_ERROR_NOMEM, NULL);
        goto cleanup;
    }
    uint32_t k = 0;
    for (; k < nfs && k < 109; k++)
        ids[k] = le32(hdr + 0x4C + 4 * k);
    uint32_t next = le32(hdr + 0x44);
    /* DIFAT chain: each sector holds per-1 ids and the next sector's id;
     * the loop ends once nfs ids are known, so a looping chain ends too */
    while (k < nfs) {
        if (next > MAXREGSECT) {
            e = reader_fail(r, IKI_ERROR_CORRUPT,
                            "corrupt compound file: DIFAT lists %u of %u FAT "
                            "sectors", (unsigned)k, (unsigned)nfs);
            goto cleanup;
        }
        if ((e = read_sector(r, c, next, sec)) != IKI_OK)
            goto cleanup;
        for (uint32_t i = 0; i < per - 1 && k < nfs; i++)
            ids[k++] = le32(sec + 4 * i);
        next = le32(sec + 4 * (per - 1));
    }
    e = read_table(r, c, ids, nfs, &c->fat, &c->nfat);
cleanup:
    free(ids);
    free(sec);
    return e;
}

static iki_error read_dir(iki_reader *r, iki_cfb *c, uint32_t start)
{
    uint32_t *chain = NULL, n = 0;
    unsigned char *sec = NULL;
    uint32_t *stack = NULL;
    unsigned char *seen = NULL;
    iki_error e = build_chain(r, c->fat, c->nfat, c->nsect, 0, start, 0,
                              1, "directory", &chain, &n);
    if (e != IKI_OK)
        return e;
    if (n == 0) {
        e = reader_fail(r, IKI_ERROR_CORRUPT, "corrupt compound file: no directory");
        goto cleanup;
    }
    uint32_t per = c->ss / 128;
    c->dir = calloc((size_t)n * per, sizeof *c->dir);
    sec = malloc(c->ss);
    if (!c->dir || !sec) {
        e = reader_fail(r, IKI_ERROR_NOMEM, NULL);
        goto cleanup;
    }
    c->ndir = n * per;
    for (uint32_t i = 0; i < n; i++) {
        if ((e = read_sector(r, c, chain[i], sec)) != IKI_OK)
            goto cleanup;
        for (uint32_t k = 0; k < per; k++) {
            const unsigned char *p = sec + 128 * k;
            dirent *d = &c->dir[(size_t)i * per + k];
            unsigned nb = le16(p + 0x40);
            d->nname = nb >= 2 && nb <= 64 ? nb / 2 - 1 : 0;
            for (unsigned j = 0; j < d->nname; j++)
                d->name[j] = le16(p + 2 * j);
            d->type = p[0x42];
            d->left = le32(p + 0x44);
            d->right = le32(p + 0x48);
            d->child = le32(p + 0x4C);
            d->start = le32(p + 0x74);
            d->size = (uint64_t)le32(p + 0x78) |
                      (c->shift == 12 ? (uint64_t)le32(p + 0x7C) << 32 : 0);
        }
    }
    if (c->dir[0].type != 5) {
        e = reader_fail(r, IKI_ERROR_CORRUPT,
                        "corrupt compound file: first directory entry is not "
                        "the root");
        goto cleanup;
    }
    /* mark the root's children: walk the sibling tree, each entry once */
    stack = malloc((size_t)c->ndir * sizeof *stack);
    seen = calloc((size_t)c->ndir / 8 + 1, 1);
    if (!stack || !seen) {
        e = reader_fail(r, IKI_ERROR_NOMEM, NULL);
        goto cleanup;
    }
    size_t sp = 0;
    seen[0] = 1;
    stack[sp++] = c->dir[0].child;
    while (sp) {
        uint32_t id = stack[--sp];
        if (id >= c->ndir || (seen[id / 8] & (1u << (id % 8))))
            continue;
        seen[id / 8] |= (unsigned char)(1u << (id % 8));
        c->dir[id].top = 1;
        /* each id is pushed only by its parent, which is visited once, so
         * the stack holds at most 2 * ndir entries: guard anyway */
        if (sp + 2 > c->ndir)
            break;
        stack[sp++] = c->dir[id].left;
        stack[sp++] = c->dir[id].right;
    }
cleanup:
    free(chain);
    free(sec);
    free(stack);
    free(seen);
    return e;
}

iki_error iki_cfb_open(iki_reader *r, iki_cfb **out)
{
    unsigned char hdr[512];
    size_t got;
    *out = NULL;
    if (iki_bytes_read_at(&r->src, 0, hdr, sizeof hdr, &got) != IKI_OK)
        return reader_fail(r, IKI_ERROR_IO, "read error in compound file");
    if (got < sizeof hdr)
        return reader_fail(r, IKI_ERROR_TRUNCATED,
                           "truncated compound file: %zu-byte header cut short",
                           got);
    static const unsigned char magic[8] = {0xD0, 0xCF, 0x11, 0xE0,
                                           0xA1, 0xB1, 0x1A, 0xE1};
    if (memcmp(hdr, magic, 8) != 0)
        return reader_fail(r, IKI_ERROR_CORRUPT, "not a compound file");
    unsigned shift = le16(hdr + 0x1E);
    if (le16(hdr + 0x1C) != 0xFFFE || (shift != 9 && shift != 12) ||
        le16(hdr + 0x20) != 6)
        return reader_fail(r, IKI_ERROR_CORRUPT,
                           "corrupt compound file header (byte order or "
                           "sector size)");
    if (le32(hdr + 0x38) != 4096)
        return reader_fail(r, IKI_ERROR_CORRUPT,
                           "corrupt compound file header: mini stream cutoff "
                           "%u, not 4096", (unsigned)le32(hdr + 0x38));
    iki_cfb *c = calloc(1, sizeof *c);
    if (!c)
        return reader_fail(r, IKI_ERROR_NOMEM, NULL);
    c->shift = shift;
    c->ss = 1u << shift;
    uint64_t body = r->src.size > c->ss ? r->src.size - c->ss : 0;
    uint64_t ns = (body + c->ss - 1) >> shift;
    c->nsect = ns > MAXREGSECT ? MAXREGSECT : (uint32_t)ns;
    iki_error e = read_fat(r, c, hdr);
    if (e == IKI_OK)
        e = read_dir(r, c, le32(hdr + 0x30));
    if (e == IKI_OK) {
        uint32_t *chain = NULL, n = 0;
        uint32_t nmf = le32(hdr + 0x40), start = le32(hdr + 0x3C);
        if (start != ENDOFCHAIN && nmf) {
            if (nmf > c->nsect)
                nmf = c->nsect;
            e = build_chain(r, c->fat, c->nfat, c->nsect, 0, start, nmf,
                            0, "mini FAT", &chain, &n);
            if (e == IKI_OK)
                e = read_table(r, c, chain, n, &c->minifat, &c->nminifat);
            free(chain);
        }
    }
    if (e == IKI_OK) {
        /* the mini stream: the root entry's own stream */
        const dirent *root = &c->dir[0];
        uint64_t want = (root->size + c->ss - 1) >> shift;
        if (root->start != ENDOFCHAIN && root->size) {
            if (want > c->nsect)
                e = reader_fail(r, IKI_ERROR_TRUNCATED,
                                "truncated compound file: mini stream larger "
                                "than the file");
            else
                e = build_chain(r, c->fat, c->nfat, c->nsect, 0, root->start,
                                (uint32_t)want, 0, "mini stream",
                                &c->ministream.chain, &c->ministream.nchain);
            c->ministream.size = (uint64_t)c->ministream.nchain << shift;
            if (c->ministream.size > root->size)
                c->ministream.size = root->size;
        }
    }
    if (e != IKI_OK) {
        iki_cfb_free(c);
        return e;
    }
    *out = c;
    return IKI_OK;
}

void iki_cfb_free(iki_cfb *c)
{
    if (!c)
        return;
    free(c->fat);
    free(c->minifat);
    free(c->dir);
    free(c->ministream.chain);
    free(c);
}

static long find(const iki_cfb *c, const char *name)
{
    size_t len = strlen(name);
    for (uint32_t i = 1; i < c->ndir; i++) {
        const dirent *d = &c->dir[i];
        if (!d->top || d->type != 2 || d->nname != len)
            continue;
        size_t k = 0;
        for (; k < len; k++) {
            unsigned a = d->name[k], b = (unsigned char)name[k];
            if (a >= 'a' && a <= 'z')
                a -= 32;
            if (b >= 'a' && b <= 'z')
                b -= 32;
            if (a != b)
                break;
        }
        if (k == len)
            return (long)i;
    }
    return -1;
}

int iki_cfb_has(const iki_cfb *c, const char *name)
{
    return c && find(c, name) >= 0;
}

iki_error iki_cfb_stream_open(iki_reader *r, iki_cfb *c, const char *name,
                              iki_cfb_stream *s)
{
    memset(s, 0, sizeof *s);
    long i = find(c, name);
    if (i < 0)
        return reader_fail(r, IKI_ERROR_CORRUPT, "no stream '%s'", name);
    const dirent *d = &c->dir[i];
    s->size = d->size;
    s->mini = d->size < 4096;
    if (s->mini) {
        uint32_t limit = (uint32_t)(c->ministream.size / 64);
        if (limit > c->nminifat)
            limit = c->nminifat;
        uint32_t want = (uint32_t)((d->size + 63) / 64);
        return build_chain(r, c->minifat, c->nminifat, limit, 1, d->start,
                           want, 0, name, &s->chain, &s->nchain);
    }
    uint64_t want = (d->size + c->ss - 1) >> c->shift;
    if (want > c->nsect)
        return reader_fail(r, IKI_ERROR_TRUNCATED,
                           "truncated compound file: stream '%s' of %llu bytes "
                           "larger than the file", name,
                           (unsigned long long)d->size);
    return build_chain(r, c->fat, c->nfat, c->nsect, 0, d->start,
                       (uint32_t)want, 0, name, &s->chain, &s->nchain);
}

void iki_cfb_stream_free(iki_cfb_stream *s)
{
    free(s->chain);
    memset(s, 0, sizeof *s);
}

iki_error iki_cfb_stream_read(iki_reader *r, iki_cfb *c, const iki_cfb_stream *s,
                              uint64_t off, void *buf, size_t len, size_t *got)
{
    *got = 0;
    unsigned char *out = buf;
    uint64_t unit = s->mini ? 64 : c->ss;
    while (len > 0 && off < s->size) {
        uint64_t idx = off / unit, within = off % unit;
        if (idx >= s->nchain)
            break;
        /* coalesce consecutive sectors into one read */
        uint64_t run = 1;
        if (!s->mini)
            while (idx + run < s->nchain &&
                   s->chain[idx + run] == s->chain[idx] + run &&
                   run * unit < len + within)
                run++;
        uint64_t n = run * unit - within;
        if (n > len)
            n = len;
        if (n > s->size - off)
            n = s->size - off;
        size_t g = 0;
        if (s->mini) {
            uint64_t moff = (uint64_t)s->chain[idx] * 64 + within;
            iki_error e = iki_cfb_stream_read(r, c, &c->ministream, moff, out,
                                              (size_t)n, &g);
            if (e != IKI_OK)
                return e;
        } else {
            uint64_t foff = (((uint64_t)s->chain[idx] + 1) << c->shift) + within;
            if (iki_bytes_read_at(&r->src, foff, out, (size_t)n, &g) != IKI_OK)
                return reader_fail(r, IKI_ERROR_IO, "read error in compound file");
        }
        if (g < n)
            return reader_fail(r, IKI_ERROR_TRUNCATED,
                               "truncated compound file: stream data past end "
                               "of file (%llu bytes)",
                               (unsigned long long)r->src.size);
        out += g;
        off += g;
        len -= (size_t)g;
        *got += g;
    }
    return IKI_OK;
}
