/* A pass over a template's YAML events before it is loaded, so that no
 * template costs much more than its size (at most 8 MiB): flow collections
 * nested deep make libyaml's scanner quadratic (400,000 levels: minutes),
 * and aliases can make a small template expand to billions of nodes (a
 * list of 3,000 goals shared by 1,000 positions).  Events come out as the
 * scanner goes, so the pass stops at the first collection too deep, at the
 * first alias that makes the expanded size too large. */
#include "guard.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

typedef struct anchor {
    char *name;
    uint64_t size; /* nodes, aliases expanded */
} anchor;

typedef struct frame {
    uint64_t size;
    char *anchor; /* the open collection's anchor, or NULL */
} frame;

typedef struct guard {
    frame open[IKI_TEMPLATE_MAX_DEPTH];
    int depth;
    anchor anchors[IKI_TEMPLATE_MAX_ANCHORS];
    int nanchors;
    uint64_t nodes; /* expanded so far */
    char *msg;
    size_t cap;
} guard;

static int refuse(guard *g, const yaml_event_t *ev, size_t *line, size_t *col,
                  const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int refuse(guard *g, const yaml_event_t *ev, size_t *line, size_t *col,
                  const char *fmt, ...)
{
    if (g->msg && g->cap) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(g->msg, g->cap, fmt, ap);
        va_end(ap);
    }
    *line = ev->start_mark.line + 1;
    *col = ev->start_mark.column + 1;
    return -1;
}

/* n more nodes, into the open collection and the total; -1 past the cap */
static int add(guard *g, uint64_t n)
{
    if (g->depth > 0)
        g->open[g->depth - 1].size += n;
    g->nodes += n;
    return g->nodes > IKI_TEMPLATE_MAX_NODES ? -1 : 0;
}

/* Remember a completed anchored node; -1 when there are too many. */
static int remember(guard *g, const yaml_char_t *name, uint64_t size)
{
    if (!name)
        return 0;
    if (g->nanchors == IKI_TEMPLATE_MAX_ANCHORS)
        return -1;
    char *copy = strdup((const char *)name);
    if (!copy)
        return -1;
    g->anchors[g->nanchors].name = copy;
    g->anchors[g->nanchors].size = size;
    g->nanchors++;
    return 0;
}

/* The latest anchor of that name (YAML lets a name be used again). */
static const anchor *find(const guard *g, const char *name)
{
    for (int i = g->nanchors - 1; i >= 0; i--)
        if (strcmp(g->anchors[i].name, name) == 0)
            return &g->anchors[i];
    return NULL;
}

static int step(guard *g, const yaml_event_t *ev, size_t *line, size_t *col)
{
    const yaml_char_t *anchor_name = NULL;
    switch (ev->type) {
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT:
        if (g->depth == IKI_TEMPLATE_MAX_DEPTH)
            return refuse(g, ev, line, col, "collections nested deeper than %d",
                          IKI_TEMPLATE_MAX_DEPTH);
        anchor_name = ev->type == YAML_SEQUENCE_START_EVENT ? ev->data.sequence_start.anchor
                                                            : ev->data.mapping_start.anchor;
        if (++g->nodes > IKI_TEMPLATE_MAX_NODES)
            break;
        g->open[g->depth].size = 1; /* added to its parent when it ends */
        g->open[g->depth].anchor = anchor_name ? strdup((const char *)anchor_name) : NULL;
        if (anchor_name && !g->open[g->depth].anchor)
            return refuse(g, ev, line, col, "out of memory");
        g->depth++;
        return 0;
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT: {
        if (g->depth == 0)
            return 0;
        frame *f = &g->open[--g->depth];
        if (g->depth > 0)
            g->open[g->depth - 1].size += f->size; /* already in g->nodes */
        int bad = f->anchor && remember(g, (const yaml_char_t *)f->anchor, f->size) != 0;
        free(f->anchor);
        f->anchor = NULL;
        if (bad)
            return refuse(g, ev, line, col, "more than %d anchors (&name)",
                          IKI_TEMPLATE_MAX_ANCHORS);
        return 0;
    }
    case YAML_SCALAR_EVENT:
        if (add(g, 1) != 0)
            break;
        if (remember(g, ev->data.scalar.anchor, 1) != 0)
            return refuse(g, ev, line, col, "more than %d anchors (&name)",
                          IKI_TEMPLATE_MAX_ANCHORS);
        return 0;
    case YAML_ALIAS_EVENT: {
        const char *name = (const char *)ev->data.alias.anchor;
        for (int i = 0; i < g->depth; i++)
            if (g->open[i].anchor && strcmp(g->open[i].anchor, name) == 0)
                return refuse(g, ev, line, col, "alias *%s inside the node it names", name);
        const anchor *a = find(g, name);
        if (!a)
            return 0; /* undefined: the loader says so */
        if (add(g, a->size) != 0)
            break;
        return 0;
    }
    default:
        return 0;
    }
    return refuse(g, ev, line, col,
                  "the template expands to more than %d nodes (its aliases *name "
                  "counted each time they are used)",
                  IKI_TEMPLATE_MAX_NODES);
}

int iki_template_guard(const char *text, size_t len, char *msg, size_t cap, size_t *line,
                       size_t *col)
{
    guard *g = calloc(1, sizeof *g);
    yaml_parser_t p;
    if (!g || !yaml_parser_initialize(&p)) {
        free(g);
        if (msg && cap)
            snprintf(msg, cap, "out of memory");
        *line = *col = 1;
        return -1;
    }
    g->msg = msg;
    g->cap = cap;
    yaml_parser_set_input_string(&p, (const unsigned char *)(text ? text : ""), len);
    int rc = 0;
    for (;;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev))
            break; /* not valid YAML: the loader reports it */
        int done = ev.type == YAML_STREAM_END_EVENT;
        rc = step(g, &ev, line, col);
        yaml_event_delete(&ev);
        if (rc != 0 || done)
            break;
    }
    yaml_parser_delete(&p);
    for (int i = 0; i < g->depth; i++)
        free(g->open[i].anchor);
    for (int i = 0; i < g->nanchors; i++)
        free(g->anchors[i].name);
    free(g);
    return rc;
}
