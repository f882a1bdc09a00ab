/* Area names (kecamatan) and total-row labels. */
#include <string.h>

#include "iki/table.h"

/* Drop leading words that are not part of the name: numbers ("1. Sreseh"),
 * "kecamatan" (iki_norm_text has expanded "kec") and "kec" itself. */
static const char *strip_prefix(const char *s)
{
    for (;;) {
        const char *p = s;
        if (*p >= '0' && *p <= '9') {
            while (*p >= '0' && *p <= '9')
                p++;
        } else if (strncmp(p, "kecamatan", 9) == 0) {
            p += 9;
        } else if (strncmp(p, "kec", 3) == 0) {
            p += 3;
        } else {
            return s;
        }
        if (*p == ' ')
            p++;
        else if (*p != '\0')
            return s; /* "kecamatanx", "12a": part of a word */
        s = p;
    }
}

/* s without spaces into out (cap bytes). */
static void squeeze(const char *s, char *out, size_t cap)
{
    size_t o = 0;
    for (; *s && o + 1 < cap; s++)
        if (*s != ' ')
            out[o++] = *s;
    out[o] = '\0';
}

long iki_match_area(const iki_template *t, const char *text, size_t len)
{
    if (!t || !text)
        return -1;
    char norm[512], sq[512], vsq[512];
    iki_norm_text(text, len, norm, sizeof norm);
    const char *name = strip_prefix(norm);
    if (!*name)
        return -1;
    for (size_t a = 0; a < t->nareas; a++) {
        const iki_strlist *v = &t->areas[a].variants;
        for (size_t i = 0; i < v->n; i++)
            if (v->norm && v->norm[i] && strcmp(name, strip_prefix(v->norm[i])) == 0)
                return (long)a;
    }
    /* "KARANGPENANG" against "karang penang": compare without spaces. */
    squeeze(name, sq, sizeof sq);
    for (size_t a = 0; a < t->nareas; a++) {
        const iki_strlist *v = &t->areas[a].variants;
        for (size_t i = 0; i < v->n; i++) {
            if (!v->norm || !v->norm[i])
                continue;
            squeeze(strip_prefix(v->norm[i]), vsq, sizeof vsq);
            if (strcmp(sq, vsq) == 0)
                return (long)a;
        }
    }
    return -1;
}

/* Used when the template lists no total labels. */
static const char *const default_totals[] = {
    "jumlah", "total", "jumlah total", "total jumlah", "grand total",
    "jumlah keseluruhan", "total keseluruhan", "jumlah seluruhnya",
};

int iki_is_total_label(const iki_template *t, const char *text, size_t len)
{
    if (!text)
        return 0;
    char norm[256];
    iki_norm_text(text, len, norm, sizeof norm);
    if (!norm[0])
        return 0;
    if (t && t->total_labels.n) {
        for (size_t i = 0; i < t->total_labels.n; i++)
            if (t->total_labels.norm && t->total_labels.norm[i] &&
                strcmp(norm, t->total_labels.norm[i]) == 0)
                return 1;
        return 0;
    }
    for (size_t i = 0; i < sizeof default_totals / sizeof *default_totals; i++)
        if (strcmp(norm, default_totals[i]) == 0)
            return 1;
    return 0;
}
