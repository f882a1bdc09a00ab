#include "iki/diag.h"

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

iki_diags *iki_diags_new(void)
{
    return calloc(1, sizeof(iki_diags));
}

static void free_one(iki_diag *g)
{
    free((char *)g->file);
    free((char *)g->sheet);
    free((char *)g->cell);
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

int iki_diags_add(iki_diags *d, iki_severity sev, const char *file, const char *sheet,
                  const char *cell, const char *fmt, ...)
{
    if (!d)
        return -1;
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 16;
        iki_diag *p = realloc(d->items, cap * sizeof *p);
        if (!p)
            return -1;
        d->items = p;
        d->cap = cap;
    }
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    int fail = 0;
    iki_diag g = {sev, dup_or_null(file, &fail), dup_or_null(sheet, &fail),
                  dup_or_null(cell, &fail), dup_or_null(msg, &fail)};
    if (fail) {
        free_one(&g);
        return -1;
    }
    d->items[d->n++] = g;
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

size_t iki_diag_format(const iki_diag *g, char *buf, size_t cap)
{
    char sheet[300] = "", cell[64] = "";
    if (g->sheet)
        snprintf(sheet, sizeof sheet, "sheet '%s': ", g->sheet);
    if (g->cell)
        snprintf(cell, sizeof cell, "%s: ", g->cell);
    int n = snprintf(buf, cap, "%s%s%s%s%s: %s", g->file ? g->file : "",
                     g->file ? ": " : "", sheet, cell, iki_severity_name(g->severity),
                     g->message);
    return n < 0 ? 0 : (size_t)n;
}
