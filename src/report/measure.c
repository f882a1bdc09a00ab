/* Text measurement for the printed sheets: libxlsxwriter does not fit row
 * heights to wrapped text, and neither Excel nor LibreOffice fits rows
 * holding merged cells, so the sheets meant for paper (the position sheets,
 * Triwulan) estimate every row's height from Arial's glyph widths and the
 * column widths. */
#include <math.h>
#include <string.h>

#include "internal.h"

/* Advance widths of Arial (1/1000 em) for printable ASCII 32..126. */
static const unsigned short arial[95] = {
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, /* sp-/ */
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556,                               /* 0-9 */
    278, 278, 584, 584, 584, 556, 1015,                                             /* :-@ */
    667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833,                /* A-M */
    722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611,                /* N-Z */
    278, 278, 278, 469, 556, 333,                                                   /* [-` */
    556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833,                /* a-m */
    556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500,                /* n-z */
    334, 260, 334, 584};                                                            /* {-~ */

/* Width in pixels (96 dpi) of n bytes of UTF-8 text in 10pt Arial; a
 * non-ASCII character counts as a wide one.  3% (bold: 8%) is
 * added for the differences between renderers. */
static double text_px(const char *s, size_t n, int bold)
{
    double em = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 32 && c < 127)
            em += arial[c - 32];
        else if ((c & 0xC0) != 0x80) /* the first byte of a character */
            em += 833;
    }
    return em / 1000.0 * (10.0 * 96.0 / 72.0) * (bold ? 1.08 : 1.03);
}

/* Pixels of a column of Excel width w (max digit width 7 px). */
double report_col_px(double w)
{
    return floor(w * 7.0 + 0.5) + 5.0;
}

/* Lines that text takes when wrapped at words in a cell of px pixels. */
int report_wrapped_lines(const char *text, double px, int bold)
{
    double avail = px - 8.0; /* the cell's inner margins */
    if (!text || !*text)
        return 1;
    int lines = 0;
    const char *p = text;
    for (;;) { /* one explicit line (up to '\n') at a time */
        const char *end = strchr(p, '\n');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        double x = 0;
        int n = 1;
        size_t i = 0;
        while (i < len) {
            size_t j = i;
            while (j < len && p[j] != ' ')
                j++;
            double w = text_px(p + i, j - i, bold);
            double sp = x > 0 ? text_px(" ", 1, bold) : 0;
            if (x > 0 && x + sp + w > avail) {
                n++;
                x = 0;
                sp = 0;
            }
            /* a word longer than the line breaks inside it */
            while (w > avail && avail > 0) {
                n++;
                w -= avail;
            }
            x += sp + w;
            i = j;
            while (i < len && p[i] == ' ')
                i++;
        }
        lines += n;
        if (!end)
            break;
        p = end + 1;
    }
    return lines;
}

double report_height_for(int lines)
{
    return lines * REPORT_LINE_PT + REPORT_PAD_PT;
}
