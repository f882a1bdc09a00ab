/* iki — the template loader's guard against YAML that costs far more than
 * its size (internal to src/template/). */
#ifndef IKI_TEMPLATE_GUARD_H
#define IKI_TEMPLATE_GUARD_H

#include <stddef.h>

/* Collections open at once: libyaml's scanner is quadratic in the depth of
 * flow collections ([[[...]]]), and no template nests more than six. */
#define IKI_TEMPLATE_MAX_DEPTH 64
/* Nodes of the template with every alias expanded (the built-in template
 * has 1,367). */
#define IKI_TEMPLATE_MAX_NODES 100000
/* Anchors (&name) in one template. */
#define IKI_TEMPLATE_MAX_ANCHORS 256

/* Reads the YAML's events once, before it is loaded: 0 when it nests at
 * most IKI_TEMPLATE_MAX_DEPTH collections, expands to at most
 * IKI_TEMPLATE_MAX_NODES nodes, has at most IKI_TEMPLATE_MAX_ANCHORS
 * anchors and no alias inside the node it names (or when it is not valid
 * YAML: the loader reports that); else -1, with the reason in msg (cap
 * bytes) and its 1-based line and column. */
int iki_template_guard(const char *text, size_t len, char *msg, size_t cap, size_t *line,
                       size_t *col);

#endif
