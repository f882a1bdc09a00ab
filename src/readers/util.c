/* Helpers shared by the format modules: A1 references, ISO dates and
 * durations, locale-independent numbers, and date number formats. */
#define _GNU_SOURCE
#include <ctype.h>
#include "iki/os.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int iki_parse_cellref(const char *s, size_t len, uint32_t *row, uint32_t *col,
                      int *has_row, int *has_col)
{
    size_t i = 0;
    uint64_t c = 0, rr = 0;
    int hc = 0, hr = 0;
    if (i < len && s[i] == '$')
        i++;
    while (i < len && isalpha((unsigned char)s[i])) {
        c = c * 26 + (uint64_t)(toupper((unsigned char)s[i]) - 'A' + 1);
        if (c > 100000)
            return -1;
        i++;
        hc = 1;
    }
    if (i < len && s[i] == '$')
        i++;
    while (i < len && isdigit((unsigned char)s[i])) {
        rr = rr * 10 + (uint64_t)(s[i] - '0');
        if (rr > 100000000)
            return -1;
        i++;
        hr = 1;
    }
    if (i != len || (!hc && !hr) || (hr && rr == 0))
        return -1;
    if (hc)
        *col = (uint32_t)(c - 1);
    if (hr)
        *row = (uint32_t)(rr - 1);
    if (has_row)
        *has_row = hr;
    if (has_col)
        *has_col = hc;
    return 0;
}

int iki_parse_range(const char *s, size_t len, iki_range *out)
{
    const char *colon = memchr(s, ':', len);
    uint32_t r1 = 0, c1 = 0, r2, c2;
    int hr, hc;
    if (!colon) {
        if (iki_parse_cellref(s, len, &r1, &c1, &hr, &hc) != 0 || !hr || !hc)
            return -1;
        *out = (iki_range){r1, c1, r1, c1};
        return 0;
    }
    if (iki_parse_cellref(s, (size_t)(colon - s), &r1, &c1, &hr, &hc) != 0 ||
        !hr || !hc)
        return -1;
    r2 = r1;
    c2 = c1;
    if (iki_parse_cellref(colon + 1, len - (size_t)(colon - s) - 1, &r2, &c2,
                          &hr, &hc) != 0 || !hr || !hc)
        return -1;
    out->first_row = r1 < r2 ? r1 : r2;
    out->last_row = r1 < r2 ? r2 : r1;
    out->first_col = c1 < c2 ? c1 : c2;
    out->last_col = c1 < c2 ? c2 : c1;
    return 0;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static long days_from_civil(long y, unsigned m, unsigned d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? (unsigned)-3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long)doe - 719468;
}

static int digits(const char *s, size_t len, size_t *i, int n, long *out)
{
    long v = 0;
    for (int k = 0; k < n; k++) {
        if (*i >= len || !isdigit((unsigned char)s[*i]))
            return -1;
        v = v * 10 + (s[(*i)++] - '0');
    }
    *out = v;
    return 0;
}

int iki_iso_to_serial(const char *s, size_t len, double *serial)
{
    size_t i = 0;
    long y, mo, d, h = 0, mi = 0;
    double sec = 0;
    int neg = 0;
    if (i < len && s[i] == '-') {
        neg = 1;
        i++;
    }
    if (digits(s, len, &i, 4, &y) || i >= len || s[i++] != '-' ||
        digits(s, len, &i, 2, &mo) || i >= len || s[i++] != '-' ||
        digits(s, len, &i, 2, &d))
        return -1;
    if (neg)
        y = -y;
    if (mo < 1 || mo > 12 || d < 1 || d > 31)
        return -1;
    if (i < len && (s[i] == 'T' || s[i] == ' ')) {
        i++;
        if (digits(s, len, &i, 2, &h) || i >= len || s[i++] != ':' ||
            digits(s, len, &i, 2, &mi))
            return -1;
        if (i < len && s[i] == ':') {
            i++;
            size_t st = i;
            while (i < len && (isdigit((unsigned char)s[i]) || s[i] == '.'))
                i++;
            if (iki_parse_double(s + st, i - st, &sec) != 0)
                return -1;
        }
        if (h > 24 || mi > 59 || sec >= 61)
            return -1;
    }
    /* a trailing zone ("Z", "+07:00") is ignored: local wall time is kept */
    if (i < len && s[i] != 'Z' && s[i] != '+' && s[i] != '-')
        return -1;
    /* serial 25569 = 1970-01-01; serials before 1900-03-01 keep Excel's
     * fictitious 1900-02-29 (serial 60) */
    double days = (double)days_from_civil(y, (unsigned)mo, (unsigned)d) + 25569.0;
    if (days < 61)
        days -= 1;
    *serial = days + ((double)h * 3600 + (double)mi * 60 + sec) / 86400.0;
    return 0;
}

int iki_duration_to_serial(const char *s, size_t len, double *serial)
{
    size_t i = 0;
    int neg = 0;
    double total = 0; /* seconds */
    if (i < len && s[i] == '-') {
        neg = 1;
        i++;
    }
    if (i >= len || s[i++] != 'P')
        return -1;
    int in_time = 0, any = 0;
    while (i < len) {
        if (s[i] == 'T') {
            in_time = 1;
            i++;
            continue;
        }
        size_t st = i;
        while (i < len && (isdigit((unsigned char)s[i]) || s[i] == '.' || s[i] == ','))
            i++;
        if (st == i || i >= len)
            return -1;
        double v;
        if (iki_parse_double(s + st, i - st, &v) != 0)
            return -1;
        char u = s[i++];
        if (!in_time && u == 'D')
            total += v * 86400;
        else if (!in_time && u == 'W')
            total += v * 7 * 86400;
        else if (in_time && u == 'H')
            total += v * 3600;
        else if (in_time && u == 'M')
            total += v * 60;
        else if (in_time && u == 'S')
            total += v;
        else
            return -1;
        any = 1;
    }
    if (!any)
        return -1;
    *serial = (neg ? -total : total) / 86400.0;
    return 0;
}

int iki_parse_double(const char *s, size_t len, double *out)
{
    char tmp[64];
    if (len == 0 || len >= sizeof tmp)
        return -1;
    memcpy(tmp, s, len);
    tmp[len] = '\0';
    for (size_t i = 0; i < len; i++)
        if (tmp[i] == ',')
            tmp[i] = '.';
    char *end;
    double v = iki_os_strtod_c(tmp, &end);
    if (end != tmp + len || isnan(v))
        return -1;
    *out = v;
    return 0;
}

int iki_numfmt_builtin_is_date(unsigned id)
{
    return (id >= 14 && id <= 22) || (id >= 45 && id <= 47) ||
           /* East-Asian built-ins that Excel shows as dates */
           (id >= 27 && id <= 36) || (id >= 50 && id <= 58);
}

int iki_numfmt_code_is_date(const char *code, size_t len)
{
    /* Only the first section decides (positive numbers). */
    int quoted = 0;
    for (size_t i = 0; i < len; i++) {
        char ch = code[i];
        if (quoted) {
            if (ch == '"')
                quoted = 0;
            continue;
        }
        switch (ch) {
        case '"': quoted = 1; break;
        case '\\':
        case '_':
        case '*': i++; break; /* escaped / padding character */
        case '[': {
            /* [h], [mm], [ss] are elapsed-time codes; [Red], [$-421] are not */
            size_t j = i + 1;
            int time = j < len && (code[j] == 'h' || code[j] == 'H' ||
                                   code[j] == 'm' || code[j] == 'M' ||
                                   code[j] == 's' || code[j] == 'S');
            while (j < len && code[j] != ']')
                j++;
            if (time) {
                int all = 1;
                for (size_t k = i + 1; k < j; k++)
                    if (tolower((unsigned char)code[k]) != tolower((unsigned char)code[i + 1]))
                        all = 0;
                if (all)
                    return 1;
            }
            i = j;
            break;
        }
        case ';': return 0;
        case 'd': case 'D': case 'm': case 'M': case 'y': case 'Y':
        case 'h': case 'H': case 's': case 'S':
            return 1;
        case 'e': case 'E':
            /* "e" is the era year in dates, but "E+" is scientific */
            if (i + 1 < len && (code[i + 1] == '+' || code[i + 1] == '-'))
                i++;
            else
                return 1;
            break;
        case 'g': case 'G':
            /* "General" */
            if (len - i >= 7 && strncasecmp(code + i, "general", 7) == 0)
                i += 6;
            break;
        default: break;
        }
    }
    return 0;
}

void iki_col_name(uint32_t col, char *buf, size_t cap)
{
    char letters[8];
    size_t n = 0;
    uint64_t c = (uint64_t)col + 1;
    while (c && n < sizeof letters) {
        letters[n++] = (char)('A' + (c - 1) % 26);
        c = (c - 1) / 26;
    }
    size_t o = 0;
    while (n && o + 1 < cap)
        buf[o++] = letters[--n];
    if (cap)
        buf[o] = '\0';
}

void iki_cell_name(uint32_t row, uint32_t col, char *buf, size_t cap)
{
    iki_col_name(col, buf, cap);
    size_t o = cap ? strlen(buf) : 0;
    if (o < cap)
        snprintf(buf + o, cap - o, "%lu", (unsigned long)row + 1);
}
