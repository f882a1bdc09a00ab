/* Text normalisation for matching headers, labels and area names. */
#include <string.h>

#include "iki/table.h"

static int is_punct(unsigned char c)
{
    return c == '.' || c == ',' || c == ':' || c == ';' || c == '/' || c == '\\' ||
           c == '-' || c == '_' || c == '(' || c == ')' || c == '[' || c == ']' ||
           c == '\'' || c == '"' || c == '*' || c == '#' || c == '`' || c == '{' ||
           c == '}' || c == '|' || c == '+' || c == '=' || c == '?' || c == '!';
}

static const struct {
    const char *from, *to;
} expansions[] = {
    {"jml", "jumlah"}, {"kec", "kecamatan"}, {"tw", "triwulan"},
    {"lansia", "lanjut usia"}, {"telantar", "terlantar"}, {"nomor", "no"},
    {"nmr", "no"},
};

/* Pass 1: map characters; spaces for separators, collapsed. */
static size_t map_chars(const char *s, size_t len, char *out, size_t cap)
{
    size_t o = 0;
    int space = 1; /* suppress leading spaces */
    for (size_t i = 0; i < len && o + 4 < cap;) {
        unsigned char c = (unsigned char)s[i];
        int sep = 0;
        size_t adv = 1;
        if (c < 0x80) {
            if (c <= ' ' || is_punct(c) || c == 0x7F)
                sep = 1;
        } else if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xA0) {
            sep = 1, adv = 2; /* no-break space */
        } else if (c == 0xE2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
                   (((unsigned char)s[i + 2] >= 0x80 && (unsigned char)s[i + 2] <= 0x8A) ||
                    (unsigned char)s[i + 2] == 0xAF || (unsigned char)s[i + 2] == 0x93 ||
                    (unsigned char)s[i + 2] == 0x94 || (unsigned char)s[i + 2] == 0xA8 ||
                    (unsigned char)s[i + 2] == 0xA9)) {
            sep = 1, adv = 3; /* Unicode spaces, en/em dash, line/para separators */
        } else if (c == 0xE3 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
                   (unsigned char)s[i + 2] == 0x80) {
            sep = 1, adv = 3; /* ideographic space */
        }
        if (sep) {
            if (!space) {
                out[o++] = ' ';
                space = 1;
            }
            i += adv;
            continue;
        }
        space = 0;
        if (c < 0x80) {
            out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            i++;
        } else if (c == 0xC3 && i + 1 < len) {
            unsigned char d = (unsigned char)s[i + 1];
            /* Latin-1 capitals U+00C0..U+00DE (not U+00D7 multiplication) */
            if (d >= 0x80 && d <= 0x9E && d != 0x97)
                d = (unsigned char)(d + 0x20);
            out[o++] = (char)c;
            out[o++] = (char)d;
            i += 2;
        } else {
            out[o++] = (char)c;
            i++;
        }
    }
    while (o && out[o - 1] == ' ')
        o--;
    out[o] = '\0';
    return o;
}

size_t iki_norm_text(const char *s, size_t len, char *out, size_t cap)
{
    if (cap == 0)
        return 0;
    char tmp[1024];
    size_t n = map_chars(s, len, tmp, sizeof tmp);
    /* Pass 2: expand abbreviations word by word. */
    size_t o = 0;
    for (size_t i = 0; i <= n && o < cap;) {
        size_t j = i;
        while (j < n && tmp[j] != ' ')
            j++;
        const char *w = tmp + i;
        size_t wl = j - i;
        for (size_t k = 0; k < sizeof expansions / sizeof *expansions; k++)
            if (strlen(expansions[k].from) == wl && memcmp(w, expansions[k].from, wl) == 0) {
                w = expansions[k].to;
                wl = strlen(w);
                break;
            }
        if (o && o + 1 < cap)
            out[o++] = ' ';
        if (o + wl >= cap)
            wl = cap - o - 1;
        memcpy(out + o, w, wl);
        o += wl;
        i = j + 1;
        if (j >= n)
            break;
    }
    out[o] = '\0';
    return o;
}
