/* iki — lookup in the embedded catalog: see include/iki/msg.h.
 *
 * The catalog is a GNU .mo file (msgfmt's output, embedded by
 * cmake/catalog.cmake as iki_catalog_id_mo): a header of 32-bit words
 *   magic 0x950412de, revision, N, O (offset of the originals' table),
 *   T (offset of the translations' table), hash size, hash offset
 * then two tables of N (length, offset) pairs.  msgfmt sorts the originals
 * by strcmp, so a binary search finds one; the hash table is not used.
 * The file is checked once (offsets and lengths inside the data, strings
 * NUL-terminated, originals sorted); a catalog that fails the check is
 * treated as empty (English everywhere), never read out of bounds.  A
 * translation whose printf conversions differ from its English (msgfmt
 * checks only entries flagged c-format) is dropped at load: the English
 * is used rather than a format that would read the wrong arguments. */
#include "iki/msg.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

extern const char iki_catalog_id_mo[];
extern const size_t iki_catalog_id_mo_len;

#define MO_MAGIC 0x950412deu
#define MO_MAGIC_SWAPPED 0xde120495u

static const unsigned char *mo;
static size_t mo_len, n_entries, orig_at, trans_at;
static int swapped;

static uint32_t word(size_t at)
{
    uint32_t w;
    memcpy(&w, mo + at, 4);
    if (swapped)
        w = (w >> 24) | ((w >> 8) & 0xff00u) | ((w << 8) & 0xff0000u) | (w << 24);
    return w;
}

/* The string of table entry i (table at `at`), or NULL when out of
 * bounds or not NUL-terminated. */
static const char *string_at(size_t at, size_t i)
{
    size_t len = word(at + 8 * i), off = word(at + 8 * i + 4);
    if (off > mo_len || len >= mo_len - off || mo[off + len] != '\0')
        return NULL;
    return (const char *)mo + off;
}

/* The next conversion of f at or after *p ("%%" skipped) copied into
 * spec (flags, width, precision, length, conversion); 0 at the end. */
static int next_spec(const char **p, char *spec, size_t cap)
{
    const char *f = *p;
    for (;;) {
        f = strchr(f, '%');
        if (!f)
            return 0;
        if (f[1] != '%')
            break;
        f += 2;
    }
    size_t n = 0;
    f++;
    while (*f && strchr("-+ #0'123456789.*hlLqjzt", *f)) {
        if (n + 2 < cap)
            spec[n++] = *f;
        f++;
    }
    if (*f && n + 1 < cap)
        spec[n++] = *f;
    spec[n] = '\0';
    *p = *f ? f + 1 : f;
    return 1;
}

static int same_conversions(const char *a, const char *b)
{
    char sa[32], sb[32];
    for (;;) {
        int ha = next_spec(&a, sa, sizeof sa), hb = next_spec(&b, sb, sizeof sb);
        if (ha != hb)
            return 0;
        if (!ha)
            return 1;
        if (strcmp(sa, sb) != 0)
            return 0;
    }
}

static unsigned char bad_translation[4096]; /* one bit per entry, first entries */

static void load(void)
{
    const unsigned char *p = (const unsigned char *)iki_catalog_id_mo;
    size_t len = iki_catalog_id_mo_len;
    if (len < 28)
        return;
    mo = p;
    mo_len = len;
    uint32_t magic;
    memcpy(&magic, p, 4);
    if (magic != MO_MAGIC && magic != MO_MAGIC_SWAPPED) {
        mo = NULL;
        return;
    }
    swapped = magic == MO_MAGIC_SWAPPED;
    size_t n = word(8), o = word(12), t = word(16);
    if (word(4) >> 16 != 0 || o > len || t > len || n > (len - o) / 8 || n > (len - t) / 8 ||
        n > 8 * sizeof bad_translation) {
        mo = NULL;
        return;
    }
    orig_at = o;
    trans_at = t;
    const char *prev = NULL;
    for (size_t i = 0; i < n; i++) {
        const char *a = string_at(o, i), *b = string_at(t, i);
        if (!a || !b || (prev && strcmp(prev, a) >= 0)) {
            mo = NULL;
            return;
        }
        prev = a;
        if (*a && !same_conversions(a, b) && i / 8 < sizeof bad_translation)
            bad_translation[i / 8] |= (unsigned char)(1u << (i % 8));
    }
    n_entries = n;
}

static void ensure_loaded(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, load); /* looked up from several reading threads */
}

const char *iki_msg_id(const char *english)
{
    if (!english || !*english) /* "" is the header entry */
        return NULL;
    ensure_loaded();
    size_t lo = 0, hi = n_entries;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(english, string_at(orig_at, mid));
        if (c == 0) {
            if (mid / 8 < sizeof bad_translation &&
                (bad_translation[mid / 8] >> (mid % 8) & 1))
                return NULL;
            const char *t = string_at(trans_at, mid);
            return t && *t ? t : NULL;
        }
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

const char *iki_msg_pick(const char *english, int indonesian)
{
    const char *id = indonesian ? iki_msg_id(english) : NULL;
    return id ? id : english;
}

static pthread_mutex_t miss_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned long misses;
static const char *last_miss;

static void missed(const char *fmt)
{
    pthread_mutex_lock(&miss_lock);
    misses++;
    last_miss = fmt;
    pthread_mutex_unlock(&miss_lock);
}

unsigned long iki_msg_misses(const char **last)
{
    pthread_mutex_lock(&miss_lock);
    unsigned long n = misses;
    if (last)
        *last = last_miss;
    pthread_mutex_unlock(&miss_lock);
    return n;
}

int iki_msg_vformat_id(char *buf, size_t cap, const char *english_fmt, va_list ap)
{
    if (!buf || cap == 0)
        return -1;
    buf[0] = '\0';
    if (!english_fmt)
        return 0;
    const char *id = iki_msg_id(english_fmt);
    if (!id && *english_fmt)
        missed(english_fmt);
    vsnprintf(buf, cap, id ? id : english_fmt, ap);
    return id != NULL;
}

int iki_msg_vformat_both(char *en, size_t encap, char *id, size_t idcap, const char *fmt,
                         va_list ap)
{
    va_list aq;
    va_copy(aq, ap);
    int r = iki_msg_vformat_id(id, idcap, fmt, aq);
    va_end(aq);
    if (en && encap)
        vsnprintf(en, encap, fmt ? fmt : "", ap);
    return r;
}

int iki_msg_format_both(char *en, size_t encap, char *id, size_t idcap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = iki_msg_vformat_both(en, encap, id, idcap, fmt, ap);
    va_end(ap);
    return r;
}

size_t iki_msg_count(void)
{
    ensure_loaded();
    /* entry 0 is the header (msgid "") */
    return n_entries && !*string_at(orig_at, 0) ? n_entries - 1 : n_entries;
}

const char *iki_msg_at(size_t i, const char **indonesian)
{
    ensure_loaded();
    size_t skip = n_entries && !*string_at(orig_at, 0) ? 1 : 0;
    if (i >= n_entries - skip || n_entries == 0)
        return NULL;
    if (indonesian)
        *indonesian = string_at(trans_at, i + skip);
    return string_at(orig_at, i + skip);
}
