#include "iki/diag.h"

#include "iki/msg.h"

#include <stdarg.h>
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

static void free_one(iki_diag *g)
{
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

/* Append one diagnostic taking en and id (id may equal en: one string). */
static int push(iki_diags *d, iki_severity sev, const char *file, const char *sheet,
                const char *cell, const char *en, const char *id)
{
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 16;
        iki_diag *p = realloc(d->items, cap * sizeof *p);
        if (!p)
            return -1;
        d->items = p;
        d->cap = cap;
    }
    int fail = 0;
    iki_diag g = {sev, dup_or_null(file, &fail), dup_or_null(sheet, &fail),
                  dup_or_null(cell, &fail), dup_or_null(en, &fail), NULL};
    g.message_id = id && g.message && strcmp(id, en) != 0 ? dup_or_null(id, &fail)
                                                          : g.message;
    if (fail) {
        free_one(&g);
        return -1;
    }
    d->items[d->n++] = g;
    return 0;
}

int iki_diags_vadd(iki_diags *d, iki_severity sev, const char *file, const char *sheet,
                   const char *cell, const char *fmt, va_list ap)
{
    if (!d || !fmt)
        return -1;
    char msg[1024], id[1024];
    iki_msg_vformat_both(msg, sizeof msg, id, sizeof id, fmt, ap);
    return push(d, sev, file, sheet, cell, msg, id);
}

int iki_diags_add(iki_diags *d, iki_severity sev, const char *file, const char *sheet,
                  const char *cell, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = iki_diags_vadd(d, sev, file, sheet, cell, fmt, ap);
    va_end(ap);
    return rc;
}

int iki_diags_add_both(iki_diags *d, iki_severity sev, const char *file,
                       const char *sheet, const char *cell, const char *message,
                       const char *message_id)
{
    if (!d || !message)
        return -1;
    return push(d, sev, file, sheet, cell, message, message_id ? message_id : message);
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
