#include "iki/diag.h"

#include "iki/msg.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct iki_diags {
    iki_diag *items;
    size_t n, cap;
};

const char *iki_severity_name(iki_severity s)
{
    switch (s) {
    case IKI_SEV_INFO: return "info";
    case IKI_SEV_WARNING: return "warning";
    case IKI_SEV_ERROR: return "error";
    default: return "unknown";
    }
}

const char *iki_severity_name_id(iki_severity s)
{
    switch (s) {
    case IKI_SEV_INFO: return iki_msg_pick(IKI_MSG("info"), 1);
    case IKI_SEV_WARNING: return iki_msg_pick(IKI_MSG("warning"), 1);
    case IKI_SEV_ERROR: return iki_msg_pick(IKI_MSG("error"), 1);
    default: return iki_msg_pick(IKI_MSG("unknown"), 1);
    }
}

iki_diags *iki_diags_new(void)
{
    return calloc(1, sizeof(iki_diags));
}

static void free_args(iki_diag_arg *a, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free((char *)a[i].text);
    free(a);
}

static void free_one(iki_diag *g)
{
    free_args((iki_diag_arg *)g->args, g->nargs);
    free((char *)g->file);
    free((char *)g->sheet);
    free((char *)g->cell);
    if (g->message_id != g->message)
        free((char *)g->message_id);
    free((char *)g->message);
}

void iki_diags_free(iki_diags *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++)
        free_one(&d->items[i]);
    free(d->items);
    free(d);
}

static char *dup_or_null(const char *s, int *fail)
{
    if (!s)
        return NULL;
    char *c = strdup(s);
    if (!c)
        *fail = 1;
    return c;
}

/* The arguments of fmt, in order, typed by their conversions (see
 * iki_diag_arg); ap is read as printf would.  0, or -1 when out of memory
 * or on a conversion it does not know (then no arguments). */
static int capture(const char *fmt, va_list ap, iki_diag_arg **out, size_t *nout)
{
    iki_diag_arg *v = NULL;
    size_t n = 0, cap = 0;
    *out = NULL;
    *nout = 0;
    for (const char *p = fmt; *p; p++) {
        if (*p != '%')
            continue;
        p++;
        if (*p == '%')
            continue;
        while (*p && strchr("-+ #0'", *p))
            p++;
        if (*p == '*') {
            (void)va_arg(ap, int);
            p++;
        } else {
            while (*p >= '0' && *p <= '9')
                p++;
        }
        long prec = -1;
        if (*p == '.') {
            p++;
            if (*p == '*') {
                prec = va_arg(ap, int);
                p++;
            } else {
                prec = 0;
                while (*p >= '0' && *p <= '9')
                    prec = prec * 10 + (*p++ - '0');
            }
        }
        char len = 0; /* 'H' hh, 'h', 'l', 'q' ll, 'z', 'j', 't', 'L' */
        if (*p == 'h')
            len = *++p == 'h' ? (p++, 'H') : 'h';
        else if (*p == 'l')
            len = *++p == 'l' ? (p++, 'q') : 'l';
        else if (*p && strchr("zjtL", *p))
            len = *p++;
        iki_diag_arg a = {IKI_ARG_INTEGER, NULL, 0, 0};
        switch (*p) {
        case 'd': case 'i': case 'c':
            a.integer = len == 'l' ? va_arg(ap, long)
                        : len == 'q' ? va_arg(ap, long long)
                        : len == 'z' ? (long long)va_arg(ap, size_t)
                        : len == 'j' ? (long long)va_arg(ap, intmax_t)
                        : len == 't' ? (long long)va_arg(ap, ptrdiff_t)
                                     : va_arg(ap, int);
            break;
        case 'u': case 'x': case 'X': case 'o':
            a.integer = len == 'l' ? (long long)va_arg(ap, unsigned long)
                        : len == 'q' ? (long long)va_arg(ap, unsigned long long)
                        : len == 'z' ? (long long)va_arg(ap, size_t)
                        : len == 'j' ? (long long)va_arg(ap, uintmax_t)
                        : len == 't' ? (long long)va_arg(ap, ptrdiff_t)
                                     : (long long)va_arg(ap, unsigned);
            break;
        case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': case 'a': case 'A':
            a.type = IKI_ARG_NUMBER;
            a.number = len == 'L' ? (double)va_arg(ap, long double) : va_arg(ap, double);
            break;
        case 's': {
            const char *t = va_arg(ap, const char *);
            if (!t)
                t = "(null)";
            size_t l = strlen(t);
            if (prec >= 0 && (size_t)prec < l) {
                l = (size_t)prec; /* not inside a UTF-8 sequence */
                while (l > 0 && ((unsigned char)t[l] & 0xC0) == 0x80)
                    l--;
            }
            a.type = IKI_ARG_TEXT;
            if (!(a.text = malloc(l + 1)))
                goto fail;
            memcpy((char *)a.text, t, l);
            ((char *)a.text)[l] = '\0';
            break;
        }
        default: /* %p, %n, a typo: not data */
            goto fail;
        }
        if (n == cap) {
            size_t c = cap ? cap * 2 : 4;
            iki_diag_arg *q = realloc(v, c * sizeof *q);
            if (!q) {
                free((char *)a.text);
                goto fail;
            }
            v = q;
            cap = c;
        }
        v[n++] = a;
    }
    *out = v;
    *nout = n;
    return 0;
fail:
    free_args(v, n);
    return -1;
}

/* Append one diagnostic taking en and id (id may equal en: one string) and
 * the arguments (owned: freed on failure). */
static int push(iki_diags *d, const char *code, iki_severity sev, const char *file,
                const char *sheet, const char *cell, const char *en, const char *id,
                iki_diag_arg *args, size_t nargs)
{
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 16;
        iki_diag *p = realloc(d->items, cap * sizeof *p);
        if (!p) {
            free_args(args, nargs);
            return -1;
        }
        d->items = p;
        d->cap = cap;
    }
    int fail = 0;
    iki_diag g = {code ? code : "unknown", sev, dup_or_null(file, &fail),
                  dup_or_null(sheet, &fail), dup_or_null(cell, &fail),
                  dup_or_null(en, &fail), NULL, args, nargs};
    g.message_id = id && g.message && strcmp(id, en) != 0 ? dup_or_null(id, &fail)
                                                          : g.message;
    if (fail) {
        free_one(&g);
        return -1;
    }
    d->items[d->n++] = g;
    return 0;
}

int iki_diags_vadd_prefixed(iki_diags *d, const char *code, iki_severity sev,
                            const char *file, const char *sheet, const char *cell,
                            const char *prefix, const char *fmt, va_list ap)
{
    if (!d || !fmt)
        return -1;
    char msg[1024], id[1024];
    iki_diag_arg *args;
    size_t nargs;
    va_list aq;
    va_copy(aq, ap);
    int bad = capture(fmt, aq, &args, &nargs);
    va_end(aq);
    if (bad)
        return -1;
    iki_msg_vformat_both(msg, sizeof msg, id, sizeof id, fmt, ap);
    if (prefix) {
        char en_line[1100], id_line[1100];
        snprintf(en_line, sizeof en_line, "%s: %s", prefix, msg);
        snprintf(id_line, sizeof id_line, "%s: %s", prefix, id);
        return push(d, code, sev, file, sheet, cell, en_line, id_line, args, nargs);
    }
    return push(d, code, sev, file, sheet, cell, msg, id, args, nargs);
}

int iki_diags_vadd(iki_diags *d, const char *code, iki_severity sev, const char *file,
                   const char *sheet, const char *cell, const char *fmt, va_list ap)
{
    return iki_diags_vadd_prefixed(d, code, sev, file, sheet, cell, NULL, fmt, ap);
}

int iki_diags_add(iki_diags *d, const char *code, iki_severity sev, const char *file,
                  const char *sheet, const char *cell, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = iki_diags_vadd(d, code, sev, file, sheet, cell, fmt, ap);
    va_end(ap);
    return rc;
}

int iki_diags_add_both(iki_diags *d, const char *code, iki_severity sev, const char *file,
                       const char *sheet, const char *cell, const char *message,
                       const char *message_id)
{
    if (!d || !message)
        return -1;
    return push(d, code, sev, file, sheet, cell, message, message_id ? message_id : message,
                NULL, 0);
}

int iki_diags_move(iki_diags *dst, iki_diags *src)
{
    if (!dst || !src)
        return -1;
    if (!src->n)
        return 0;
    if (dst->n + src->n > dst->cap) {
        size_t cap = dst->cap ? dst->cap : 16;
        while (cap < dst->n + src->n)
            cap *= 2;
        iki_diag *p = realloc(dst->items, cap * sizeof *p);
        if (!p)
            return -1;
        dst->items = p;
        dst->cap = cap;
    }
    memcpy(dst->items + dst->n, src->items, src->n * sizeof *src->items);
    dst->n += src->n;
    src->n = 0;
    return 0;
}

size_t iki_diags_count(const iki_diags *d)
{
    return d ? d->n : 0;
}

const iki_diag *iki_diags_get(const iki_diags *d, size_t i)
{
    return d && i < d->n ? &d->items[i] : NULL;
}

size_t iki_diags_count_at_least(const iki_diags *d, iki_severity sev)
{
    size_t n = 0;
    for (size_t i = 0; d && i < d->n; i++)
        n += d->items[i].severity >= sev;
    return n;
}

static size_t format(const iki_diag *g, char *buf, size_t cap, int id)
{
    char sheet[300] = "", cell[64] = "";
    if (g->sheet)
        snprintf(sheet, sizeof sheet, iki_msg_pick(IKI_MSG("sheet '%s': "), id), g->sheet);
    if (g->cell)
        snprintf(cell, sizeof cell, "%s: ", g->cell);
    const char *msg = id && g->message_id ? g->message_id : g->message;
    int n = snprintf(buf, cap, "%s%s%s%s%s: %s", g->file ? g->file : "",
                     g->file ? ": " : "", sheet, cell,
                     id ? iki_severity_name_id(g->severity) : iki_severity_name(g->severity),
                     msg ? msg : "");
    return n < 0 ? 0 : (size_t)n;
}

size_t iki_diag_format(const iki_diag *g, char *buf, size_t cap)
{
    return format(g, buf, cap, 0);
}

size_t iki_diag_format_id(const iki_diag *g, char *buf, size_t cap)
{
    return format(g, buf, cap, 1);
}
