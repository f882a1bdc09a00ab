/* Periods in title rows and file names.
 *
 * The text is split into runs of ASCII letters and runs of digits
 * ("pmks-tw4-2025.xlsx" -> pmks tw 4 2025 xlsx), lower-cased.  Recognised:
 *   - a year 2000..2099 (the first one wins);
 *   - "tw", "trw", "triwulan", "q", "quarter" followed by 1-4 or I-IV;
 *   - "semester", "smt", "sem" followed by 1-2 or I-II;
 *   - month names and abbreviations in Indonesian and English;
 *   - "2025-03", "2025_03", "2025/03" and "03-2025", "03/2025".
 * A quarter or semester wins over months.  Two months: January..December
 * is the year, an aligned range of three or six months ("Januari - Maret")
 * the quarter or semester, anything else the last month named. */
#include <stdio.h>
#include <string.h>

#include "iki/table.h"

typedef struct tok {
    char s[16];  /* lower case, truncated */
    size_t start, end;
    int digits;  /* 1: digits, 0: letters */
    long value;  /* digits: their value (capped) */
} tok;

#define MAXTOK 64

static size_t tokenize(const char *text, size_t len, tok *t, size_t cap)
{
    size_t n = 0, i = 0;
    while (i < len && n < cap) {
        unsigned char c = (unsigned char)text[i];
        int dg = c >= '0' && c <= '9';
        int al = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (!dg && !al) {
            i++;
            continue;
        }
        tok *k = &t[n++];
        size_t j = i, m = 0;
        k->digits = dg;
        k->value = 0;
        k->start = i;
        while (j < len) {
            unsigned char d = (unsigned char)text[j];
            int ddg = d >= '0' && d <= '9';
            int dal = (d >= 'a' && d <= 'z') || (d >= 'A' && d <= 'Z');
            if ((dg && !ddg) || (!dg && !dal))
                break;
            if (m + 1 < sizeof k->s)
                k->s[m++] = (char)((d >= 'A' && d <= 'Z') ? d + 32 : d);
            if (dg && k->value < 100000)
                k->value = k->value * 10 + (d - '0');
            j++;
        }
        k->s[m] = '\0';
        k->end = j;
        i = j;
    }
    return n;
}

static const struct {
    const char *name;
    int month;
} months[] = {
    {"januari", 1},   {"january", 1},  {"jan", 1},       {"februari", 2},
    {"pebruari", 2},  {"february", 2}, {"feb", 2},       {"peb", 2},
    {"maret", 3},     {"march", 3},    {"mar", 3},       {"april", 4},
    {"apr", 4},       {"mei", 5},      {"may", 5},       {"juni", 6},
    {"june", 6},      {"jun", 6},      {"juli", 7},      {"july", 7},
    {"jul", 7},       {"agustus", 8},  {"august", 8},    {"agu", 8},
    {"agt", 8},       {"ags", 8},      {"agus", 8},      {"aug", 8},
    {"september", 9}, {"sept", 9},     {"sep", 9},       {"oktober", 10},
    {"october", 10},  {"okt", 10},     {"oct", 10},      {"november", 11},
    {"nopember", 11}, {"nov", 11},     {"nop", 11},      {"desember", 12},
    {"december", 12}, {"des", 12},     {"dec", 12},
};

static int month_of(const char *s)
{
    for (size_t i = 0; i < sizeof months / sizeof *months; i++)
        if (strcmp(s, months[i].name) == 0)
            return months[i].month;
    return 0;
}

static int roman(const char *s)
{
    static const char *const r[] = {"i", "ii", "iii", "iv", "v", "vi"};
    for (int i = 0; i < 6; i++)
        if (strcmp(s, r[i]) == 0)
            return i + 1;
    return 0;
}

/* The number after a quarter/semester word: digits or a Roman numeral. */
static int ordinal(const tok *t, size_t n, size_t i)
{
    if (i >= n)
        return 0;
    if (t[i].digits)
        return t[i].end - t[i].start <= 2 ? (int)t[i].value : 0;
    return roman(t[i].s);
}

static int is_year(const tok *k)
{
    return k->digits && k->end - k->start == 4 && k->value >= 2000 && k->value <= 2099;
}

static int one_of(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(s, *list) == 0)
            return 1;
    return 0;
}

int iki_period_from_serial(double serial, iki_period *out)
{
    iki_period p = {IKI_PERIOD_NONE, 0, 0};
    if (out)
        *out = p;
    /* 36526 = 2000-01-01, 73051 = 2100-01-01 (serial 60 is the phantom
     * 29 February 1900, below either bound) */
    if (!(serial >= 36526.0 && serial < 73051.0))
        return 0;
    /* days since 1970-01-01, then the civil date (Howard Hinnant's
     * days_from_civil inverse) */
    long z = (long)serial - 25569 + 719468;
    long era = z / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long m = mp < 10 ? mp + 3 : mp - 9;
    long y = yoe + era * 400 + (m <= 2);
    p.kind = IKI_PERIOD_MONTH;
    p.year = (int)y;
    p.index = (int)m;
    if (out)
        *out = p;
    return 1;
}

int iki_period_parse(const char *text, size_t len, iki_period *out)
{
    static const char *const qwords[] = {"tw", "trw", "triwulan", "q", "quarter",
                                         "kuartal", NULL};
    static const char *const swords[] = {"semester", "smt", "sem", NULL};
    tok t[MAXTOK];
    iki_period p = {IKI_PERIOD_NONE, 0, 0};
    if (out)
        *out = p;
    if (!text)
        return 0;
    size_t n = tokenize(text, len, t, MAXTOK);
    int quarter = 0, semester = 0, m_first = 0, m_last = 0, nmonths = 0, ym = 0;
    for (size_t i = 0; i < n; i++) {
        if (is_year(&t[i])) {
            if (!p.year)
                p.year = (int)t[i].value;
            /* 2025-03, 2025_03, 2025/03 */
            if (!ym && i + 1 < n && t[i + 1].digits && t[i + 1].start == t[i].end + 1 &&
                t[i + 1].end - t[i + 1].start <= 2 && t[i + 1].value >= 1 &&
                t[i + 1].value <= 12 && strchr("-_/.", text[t[i].end]) &&
                (i + 2 >= n || !t[i + 2].digits || t[i + 2].start > t[i + 1].end + 1 ||
                 text[t[i + 1].end] == '.'))
                ym = (int)t[i + 1].value;
            /* 03-2025, 03/2025 (not the day of 31-12-2025: the month is
             * the token right before the year) */
            if (!ym && i > 0 && t[i - 1].digits && t[i].start == t[i - 1].end + 1 &&
                t[i - 1].end - t[i - 1].start <= 2 && t[i - 1].value >= 1 &&
                t[i - 1].value <= 12 && strchr("-_/", text[t[i - 1].end]))
                ym = (int)t[i - 1].value;
            continue;
        }
        if (t[i].digits)
            continue;
        if (!quarter && one_of(t[i].s, qwords)) {
            int q = ordinal(t, n, i + 1);
            if (q >= 1 && q <= 4)
                quarter = q;
            continue;
        }
        if (!semester && one_of(t[i].s, swords)) {
            int s = ordinal(t, n, i + 1);
            if (s >= 1 && s <= 2)
                semester = s;
            continue;
        }
        int m = month_of(t[i].s);
        if (m) {
            if (!nmonths)
                m_first = m;
            m_last = m;
            nmonths++;
        }
    }
    if (quarter) {
        p.kind = IKI_PERIOD_QUARTER;
        p.index = quarter;
    } else if (semester) {
        p.kind = IKI_PERIOD_SEMESTER;
        p.index = semester;
    } else if (nmonths >= 2 && m_first != m_last) {
        int span = m_last - m_first + 1;
        if (m_first == 1 && m_last == 12) {
            p.kind = IKI_PERIOD_YEAR;
            p.index = 1;
        } else if (span == 3 && m_first % 3 == 1) {
            p.kind = IKI_PERIOD_QUARTER;
            p.index = m_last / 3;
        } else if (span == 6 && m_first % 6 == 1) {
            p.kind = IKI_PERIOD_SEMESTER;
            p.index = m_last / 6;
        } else {
            p.kind = IKI_PERIOD_MONTH;
            p.index = m_last;
        }
    } else if (nmonths) {
        p.kind = IKI_PERIOD_MONTH;
        p.index = m_last;
    } else if (ym) {
        p.kind = IKI_PERIOD_MONTH;
        p.index = ym;
    } else if (p.year) {
        p.kind = IKI_PERIOD_YEAR;
        p.index = 1;
    } else {
        return 0;
    }
    if (out)
        *out = p;
    return 1;
}

static const char *const month_names[] = {
    "Januari", "Februari", "Maret",     "April",   "Mei",      "Juni",
    "Juli",    "Agustus",  "September", "Oktober", "November", "Desember",
};

long iki_period_end(const iki_period *p)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (!p || p->kind == IKI_PERIOD_NONE)
        return 0;
    int month = 12;
    switch (p->kind) {
    case IKI_PERIOD_SEMESTER: month = p->index * 6; break;
    case IKI_PERIOD_QUARTER: month = p->index * 3; break;
    case IKI_PERIOD_MONTH: month = p->index; break;
    default: month = 12; break;
    }
    if (month < 1 || month > 12)
        month = 12;
    int day = mdays[month - 1];
    int y = p->year;
    if (month == 2 && y && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        day = 29;
    return (long)y * 10000L + month * 100L + day;
}

size_t iki_period_format(const iki_period *p, char *buf, size_t cap)
{
    static const char *const rom[] = {"I", "II", "III", "IV"};
    char y[16] = "";
    int n = 0;
    if (p && p->year)
        snprintf(y, sizeof y, "%d", p->year);
    const char *sp = y[0] ? " " : "";
    if (!p || p->kind == IKI_PERIOD_NONE) {
        n = snprintf(buf, cap, "%s", "");
    } else if (p->kind == IKI_PERIOD_YEAR) {
        n = snprintf(buf, cap, "%s", y);
    } else if (p->kind == IKI_PERIOD_SEMESTER && p->index >= 1 && p->index <= 2) {
        n = snprintf(buf, cap, "Semester %s%s%s", rom[p->index - 1], sp, y);
    } else if (p->kind == IKI_PERIOD_QUARTER && p->index >= 1 && p->index <= 4) {
        n = snprintf(buf, cap, "Triwulan %s%s%s", rom[p->index - 1], sp, y);
    } else if (p->kind == IKI_PERIOD_MONTH && p->index >= 1 && p->index <= 12) {
        n = snprintf(buf, cap, "%s%s%s", month_names[p->index - 1], sp, y);
    } else {
        n = snprintf(buf, cap, "%s", y);
    }
    return n < 0 ? 0 : (size_t)n;
}
