/* iki — numbers and dates as text, locale-independent: see
 * include/iki/numfmt.h. */
#include "iki/numfmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t iki_format_number(double v, char *buf, size_t cap)
{
    int n;
    if (isnan(v) || isinf(v)) {
        n = snprintf(buf, cap, "#NUM!");
        return (size_t)n;
    }
    if (v == 0)
        v = 0; /* no "-0" */
    if (v == floor(v) && fabs(v) < 1e15) {
        /* integers without printf: the common case of count tables */
        char tmp[24];
        int i = (int)sizeof tmp;
        long long x = (long long)v;
        unsigned long long u = x < 0 ? (unsigned long long)(-x) : (unsigned long long)x;
        do {
            tmp[--i] = (char)('0' + u % 10);
            u /= 10;
        } while (u);
        if (x < 0)
            tmp[--i] = '-';
        size_t len = sizeof tmp - (size_t)i;
        if (cap) {
            size_t k = len < cap ? len : cap - 1;
            memcpy(buf, tmp + i, k);
            buf[k] = '\0';
        }
        return len;
    }
    char tmp[40];
    n = snprintf(tmp, sizeof tmp, "%.15g", v);
    for (int p = 1; p < 15; p++) {
        char t[40];
        snprintf(t, sizeof t, "%.*g", p, v);
        if (strtod(t, NULL) == v) {
            memcpy(tmp, t, sizeof t);
            break;
        }
    }
    /* exponent as Excel writes it: 1E+20, 1.5E-07 */
    char *e = strchr(tmp, 'e');
    if (e)
        *e = 'E';
    n = snprintf(buf, cap, "%s", tmp);
    return (size_t)n;
}

size_t iki_format_serial(double serial, char *buf, size_t cap)
{
    if (!(serial >= 0 && serial < 2958466.0))
        return iki_format_number(serial, buf, cap);
    long long secs = llround(serial * 86400.0);
    long long days = secs / 86400;
    long tod = (long)(secs % 86400);
    int h = (int)(tod / 3600), mi = (int)(tod / 60 % 60), s = (int)(tod % 60);
    if (days == 0)
        return (size_t)snprintf(buf, cap, "%02d:%02d:%02d", h, mi, s);
    int y, m, d;
    if (days == 60) {
        y = 1900, m = 2, d = 29; /* Excel's fictitious leap day */
    } else {
        /* serial 25569 = 1970-01-01; before 1900-03-01 Excel is off by one */
        long long z = days - 25569 + (days < 60 ? 1 : 0) + 719468;
        long long era = (z >= 0 ? z : z - 146096) / 146097;
        unsigned doe = (unsigned)(z - era * 146097);
        unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long long yy = (long long)yoe + era * 400;
        unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        unsigned mp = (5 * doy + 2) / 153;
        d = (int)(doy - (153 * mp + 2) / 5 + 1);
        m = (int)(mp < 10 ? mp + 3 : mp - 9);
        y = (int)(yy + (m <= 2));
    }
    if (tod == 0)
        return (size_t)snprintf(buf, cap, "%04d-%02d-%02d", y, m, d);
    return (size_t)snprintf(buf, cap, "%04d-%02d-%02dT%02d:%02d:%02d", y, m, d,
                            h, mi, s);
}
