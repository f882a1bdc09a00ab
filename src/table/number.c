/* Numbers as offices write them, and yes-values.
 *
 * Separator rules (documented in table.h, tested in test_table_text.c):
 *   - both '.' and ',' present: the last one is the decimal mark, the other
 *     groups thousands ("1.234,5", "1,234.5");
 *   - one kind, several times: it groups thousands ("1.234.567");
 *   - a single '.': in locale "id" it groups thousands when exactly three
 *     digits follow and the integer part is not 0 ("1.234" = 1234,
 *     "0.500" = 0.5), else it is the decimal point ("1.5", "12.25");
 *     in "en" it is always the decimal point;
 *   - a single ',': in "en" it groups thousands when exactly three digits
 *     follow ("1,234" = 1234), else decimal; in "id" it is always the
 *     decimal mark ("12,5", "1,234" = 1.234).
 * A lone separator before three digits is the one case the locale decides;
 * iki_number_readings gives both readings and the sheet reader picks one
 * per column from the column's evidence (numconv.c).
 * Thousands groups after the first must have three digits, or the text is
 * not a number.  The conversion uses strtod on a rebuilt "1234.5" string:
 * the library never calls setlocale, so the C locale's '.' applies. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "iki/table.h"

/* Length of a space-like character at s (ASCII space/tab/CR/LF, NBSP,
 * U+2000..U+200B, narrow NBSP U+202F, U+205F, U+3000), else 0. */
static size_t space_len(const unsigned char *s, size_t n)
{
    if (n >= 1 && (s[0] == ' ' || s[0] == '\t' || s[0] == '\r' || s[0] == '\n'))
        return 1;
    if (n >= 2 && s[0] == 0xC2 && s[1] == 0xA0)
        return 2;
    if (n >= 3 && s[0] == 0xE2 && s[1] == 0x80 &&
        ((s[2] >= 0x80 && s[2] <= 0x8B) || s[2] == 0xAF))
        return 3;
    if (n >= 3 && s[0] == 0xE2 && s[1] == 0x81 && s[2] == 0x9F)
        return 3;
    if (n >= 3 && s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80)
        return 3;
    return 0;
}

/* Length of a dash (ASCII '-', en dash, em dash, minus sign), else 0. */
static size_t dash_len(const unsigned char *s, size_t n)
{
    if (n >= 1 && s[0] == '-')
        return 1;
    if (n >= 3 && s[0] == 0xE2 && s[1] == 0x80 && (s[2] == 0x93 || s[2] == 0x94))
        return 3;
    if (n >= 3 && s[0] == 0xE2 && s[1] == 0x88 && s[2] == 0x92)
        return 3;
    return 0;
}

static int lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

static int is_digit(int c)
{
    return c >= '0' && c <= '9';
}

/* Groups after each thousands separator (at positions sep[0..k-1]) must
 * hold exactly three digits, up to end; some digit must come first. */
static int groups_ok(size_t end, const size_t *sep, size_t k)
{
    for (size_t i = 0; i < k; i++) {
        size_t next = (i + 1 < k) ? sep[i + 1] : end;
        if (next - sep[i] - 1 != 3)
            return 0;
    }
    return sep[0] > 0;
}

/* The parser; en: the English reading of a lone separator before three
 * digits.  shape (may be NULL) says which convention the separators fit. */
static iki_num_status parse(const char *s, size_t len, int en, double *out, int *percent,
                            iki_numshape *shape)
{
    /* Squeeze out spaces first, keeping the rest (at most 64 bytes). */
    char b[80];
    size_t n = 0;
    const unsigned char *u = (const unsigned char *)s;
    iki_numshape sh = IKI_SHAPE_PLAIN;
    if (percent)
        *percent = 0;
    for (size_t i = 0; i < len;) {
        size_t sp = space_len(u + i, len - i);
        if (sp) {
            i += sp;
            continue;
        }
        size_t dl = dash_len(u + i, len - i);
        if (dl) { /* every dash becomes '-' */
            if (n + 1 >= sizeof b)
                return IKI_NUM_INVALID;
            b[n++] = '-';
            i += dl;
            continue;
        }
        if (n + 1 >= sizeof b)
            return IKI_NUM_INVALID;
        b[n++] = (char)lower(u[i]);
        i++;
    }
    b[n] = '\0';
    if (n == 0)
        return IKI_NUM_EMPTY;
    if (strspn(b, "-") == n || strcmp(b, "nihil") == 0 || strcmp(b, "nil") == 0) {
        if (out)
            *out = 0;
        return IKI_NUM_ZERO_MARK;
    }

    size_t a = 0, z = n;
    int neg = 0, pct = 0;
    /* "Rp", "Rp." prefix, possibly after a sign. */
    if (a < z && (b[a] == '-' || b[a] == '+')) {
        neg = b[a] == '-';
        a++;
    }
    if (z - a >= 2 && b[a] == 'r' && b[a + 1] == 'p') {
        a += 2;
        if (a < z && b[a] == '.')
            a++;
    }
    if (a < z && (b[a] == '-' || b[a] == '+')) {
        if (neg || b[a - 1] == '-' || b[a - 1] == '+')
            return IKI_NUM_INVALID;
        neg = b[a] == '-';
        a++;
    }
    if (z > a && b[z - 1] == '%') {
        pct = 1;
        z--;
    }
    /* Rupiah amounts end in ",-" or ".-": "1.500.000,-" */
    if (z - a >= 3 && b[z - 1] == '-' && (b[z - 2] == ',' || b[z - 2] == '.') &&
        is_digit((unsigned char)b[z - 3]))
        z -= 2;
    if (z - a >= 2 && b[a] == '(' && b[z - 1] == ')') {
        if (neg)
            return IKI_NUM_INVALID;
        neg = 1;
        a++;
        z--;
    }
    if (z > a && b[a] == '-' && !neg) { /* "(−12)" or "Rp -5" after all */
        neg = 1;
        a++;
    }
    if (a >= z)
        return IKI_NUM_INVALID;

    /* Only digits and separators remain. */
    size_t dots[32], commas[32], nd = 0, nc = 0, ndig = 0;
    const char *d = b + a;
    size_t dn = z - a;
    for (size_t i = 0; i < dn; i++) {
        if (is_digit((unsigned char)d[i])) {
            ndig++;
        } else if (d[i] == '.') {
            if (nd == 32)
                return IKI_NUM_INVALID;
            dots[nd++] = i;
        } else if (d[i] == ',') {
            if (nc == 32)
                return IKI_NUM_INVALID;
            commas[nc++] = i;
        } else {
            return IKI_NUM_INVALID;
        }
    }
    if (ndig == 0)
        return IKI_NUM_INVALID;

    char sep_thousands = 0, sep_decimal = 0;
    if (nd && nc) {
        int dot_last = dots[nd - 1] > commas[nc - 1];
        sep_decimal = dot_last ? '.' : ',';
        sep_thousands = dot_last ? ',' : '.';
        if ((dot_last ? nd : nc) != 1)
            return IKI_NUM_INVALID;
        const size_t *ts = dot_last ? commas : dots;
        size_t tk = dot_last ? nc : nd;
        size_t dec = dot_last ? dots[0] : commas[0];
        if (ts[tk - 1] > dec || !groups_ok(dec, ts, tk))
            return IKI_NUM_INVALID;
        sh = dot_last ? IKI_SHAPE_EN : IKI_SHAPE_ID;
    } else if (nd + nc > 1) {
        sep_thousands = nd ? '.' : ',';
        if (!groups_ok(dn, nd ? dots : commas, nd ? nd : nc))
            return IKI_NUM_INVALID;
        sh = nd ? IKI_SHAPE_ID : IKI_SHAPE_EN;
    } else if (nd + nc == 1) {
        /* a lone separator: before exactly three digits (and after a
         * non-zero integer part) it may group thousands, and the locale
         * decides; otherwise it is the decimal mark */
        char sep = nd ? '.' : ',';
        size_t p = nd ? dots[0] : commas[0];
        int three = dn - p - 1 == 3;
        int zero_int = p == 1 && d[0] == '0';
        if (three && p > 0 && !zero_int) {
            sh = IKI_SHAPE_EITHER;
            if ((sep == '.') != (en != 0))
                sep_thousands = sep;
            else
                sep_decimal = sep;
        } else {
            sep_decimal = sep;
            sh = sep == '.' ? IKI_SHAPE_EN : IKI_SHAPE_ID;
        }
    }

    /* the digits of b, plus a sign and the 0 before a leading decimal
     * separator (",5"): up to two more than b holds */
    char num[sizeof b + 2];
    size_t k = 0;
    if (neg)
        num[k++] = '-';
    for (size_t i = 0; i < dn; i++) {
        if (d[i] == sep_thousands)
            continue;
        if (d[i] == sep_decimal) {
            if (k == (size_t)neg)
                num[k++] = '0';
            num[k++] = '.';
            continue;
        }
        num[k++] = d[i];
    }
    if (num[k - 1] == '.') /* "12," */
        return IKI_NUM_INVALID;
    num[k] = '\0';
    char *end = NULL;
    double v = strtod(num, &end);
    if (!end || *end != '\0' || !isfinite(v))
        return IKI_NUM_INVALID;
    if (out)
        *out = v;
    if (percent)
        *percent = pct;
    if (shape)
        *shape = sh;
    return IKI_NUM_OK;
}

iki_num_status iki_parse_number_text(const char *s, size_t len, const char *locale,
                                     double *out, int *percent)
{
    int en = locale && lower((unsigned char)locale[0]) == 'e' &&
             lower((unsigned char)locale[1]) == 'n';
    return parse(s, len, en, out, percent, NULL);
}

iki_num_status iki_number_readings(const char *s, size_t len, double v[2],
                                   iki_numshape *shape)
{
    iki_numshape sh = IKI_SHAPE_PLAIN;
    double a = 0, b = 0;
    iki_num_status st = parse(s, len, 0, &a, NULL, &sh);
    b = a;
    if (st == IKI_NUM_OK && sh == IKI_SHAPE_EITHER)
        parse(s, len, 1, &b, NULL, NULL);
    if (v) {
        v[IKI_NUMCONV_ID] = a;
        v[IKI_NUMCONV_EN] = b;
    }
    if (shape)
        *shape = st == IKI_NUM_OK ? sh : IKI_SHAPE_PLAIN;
    return st;
}

iki_num_status iki_cell_number(const iki_cell *c, const char *locale, double *out)
{
    if (!c)
        return IKI_NUM_EMPTY;
    switch (c->type) {
    case IKI_CELL_NUMBER:
    case IKI_CELL_BOOL:
        if (out)
            *out = c->number;
        return IKI_NUM_OK;
    case IKI_CELL_TEXT:
        if (!c->text)
            return IKI_NUM_EMPTY;
        return iki_parse_number_text(c->text, c->text_len, locale, out, NULL);
    case IKI_CELL_EMPTY:
        return IKI_NUM_EMPTY;
    default:
        return IKI_NUM_INVALID;
    }
}

/* Used when neither the field nor the template lists yes-values. */
static const char *const default_yes[] = {
    "ya", "y", "yes", "sudah", "ada", "v", "\xE2\x9C\x93" /* ✓ */,
    "\xE2\x9C\x94" /* ✔ */, "\xE2\x88\x9A" /* √ */, "1", "true", "benar",
};

int iki_cell_is_yes(const iki_cell *c, const iki_strlist *list)
{
    if (!c)
        return 0;
    if (c->type == IKI_CELL_NUMBER || c->type == IKI_CELL_BOOL)
        return c->number != 0;
    if (c->type != IKI_CELL_TEXT || !c->text)
        return 0;
    char norm[128];
    size_t nl = iki_norm_text(c->text, c->text_len, norm, sizeof norm);
    if (nl == 0)
        return 0;
    if (list && list->n) {
        for (size_t i = 0; i < list->n; i++)
            if (list->norm && list->norm[i] && strcmp(norm, list->norm[i]) == 0)
                return 1;
        return 0;
    }
    for (size_t i = 0; i < sizeof default_yes / sizeof *default_yes; i++) {
        char dn[32];
        iki_norm_text(default_yes[i], strlen(default_yes[i]), dn, sizeof dn);
        if (strcmp(norm, dn) == 0)
            return 1;
    }
    return 0;
}
