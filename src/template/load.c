/* iki — template loader: YAML (libyaml document API) into an iki_template,
 * validated as a whole.  The first problem found becomes one line
 * "NAME:LINE:COLUMN: what was expected" (libyaml marks are 0-based; the
 * message is 1-based) and the load fails with IKI_ERROR_TEMPLATE.
 *
 * Order of validation: YAML syntax, then office, lists, areas, sources
 * (with their fields), indicators (their inputs resolved against the
 * sources), positions (their goals resolved against the indicators).
 * Every scalar is kept as text: no YAML type resolution is applied, so a
 * NIP or a yes-value "1" stays text and numbers are parsed here, locale
 * independently. */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "guard.h"

#include "iki/os.h"
#include "iki/table.h"
#include "iki/template.h"

/* Larger templates are refused before parsing. */
#define MAX_TEMPLATE_BYTES ((size_t)8 << 20)

static const char *const default_yes[] = {"Ya", "Y", "Yes", "Sudah", "\xE2\x9C\x93",
                                          "\xE2\x88\x9A", "v", "1", "TRUE", "Benar",
                                          "Ada", NULL};
static const char *const default_totals[] = {"Jumlah", "JUMLAH", "Total", "Jml",
                                             "Jumlah Total", "Grand Total",
                                             "Total Keseluruhan", NULL};

/* NULL-terminated: also the list of keys of `inputs` */
static const char *const role_names[IKI_ROLE_COUNT + 1] = {
    [IKI_ROLE_NUMERATOR] = "numerator", [IKI_ROLE_DENOMINATOR] = "denominator",
    [IKI_ROLE_VALUE] = "value",         [IKI_ROLE_I_PAR] = "i_par",
    [IKI_ROLE_I_DM] = "i_dm",           [IKI_ROLE_I_INC] = "i_inc",
    [IKI_ROLE_P_F] = "p_f",             [IKI_ROLE_X_PAR] = "x_par",
    [IKI_ROLE_X_DM] = "x_dm",           [IKI_ROLE_SCORE] = "score",
    [IKI_ROLE_PREDICATE] = "predicate",
};

static const char *const layout_names[] = {"areas", "list", "items", NULL};
static const char *const agg_names[] = {"sum", "count", "count_if", "distinct", "text", NULL};
static const char *const period_names[] = {"flow", "stock", NULL};
static const char *const kind_names[] = {"percent", "idg", "kla", "value", NULL};
static const char *const polarity_names[] = {"higher", "lower", NULL};
static const char *const locale_names[] = {"id", "en", NULL};
/* KLA predicates in rank order (rank = index + 1). */
static const char *const kla_ranks[] = {"Pratama", "Madya", "Nindya", "Utama", "KLA", NULL};

const char *iki_role_name(iki_role role)
{
    if ((int)role < 0 || role >= IKI_ROLE_COUNT)
        return "?";
    return role_names[role];
}

/* ---- loader state and messages ------------------------------------------ */
typedef struct ld {
    const char *name;
    yaml_document_t doc;
    char *err;
    size_t errcap;
    iki_error rc; /* first failure wins */
} ld;

static void put_msg(ld *L, size_t line, size_t col, const char *msg)
{
    if (!L->err || !L->errcap)
        return;
    snprintf(L->err, L->errcap, "%s:%zu:%zu: %s", L->name, line, col, msg);
    /* one line, whatever text of the template the message quotes */
    for (char *p = L->err; *p; p++)
        if ((unsigned char)*p < 0x20)
            *p = ' ';
}

static int fail(ld *L, const yaml_node_t *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(ld *L, const yaml_node_t *n, const char *fmt, ...)
{
    if (L->rc != IKI_OK)
        return -1;
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    L->rc = IKI_ERROR_TEMPLATE;
    put_msg(L, n ? n->start_mark.line + 1 : 1, n ? n->start_mark.column + 1 : 1, msg);
    return -1;
}

static int oom(ld *L)
{
    if (L->rc == IKI_OK) {
        L->rc = IKI_ERROR_NOMEM;
        if (L->err && L->errcap)
            snprintf(L->err, L->errcap, "%s: out of memory", L->name);
    }
    return -1;
}

/* "a, b, c" from a NULL-terminated list. */
static void join(const char *const *names, char *out, size_t cap)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; names[i] && used < cap; i++) {
        int w = snprintf(out + used, cap - used, "%s%s", i ? ", " : "", names[i]);
        if (w < 0)
            break;
        used += (size_t)w;
    }
}

/* ---- node access --------------------------------------------------------- */
#define PAIRS(n, p)                                                                  \
    for (yaml_node_pair_t *p = (n)->data.mapping.pairs.start;                       \
         p < (n)->data.mapping.pairs.top; p++)
#define ITEMS(n, it)                                                                 \
    for (yaml_node_item_t *it = (n)->data.sequence.items.start;                     \
         it < (n)->data.sequence.items.top; it++)

static yaml_node_t *nd(ld *L, int i)
{
    return yaml_document_get_node(&L->doc, i);
}

static const char *sval(const yaml_node_t *n)
{
    return (const char *)n->data.scalar.value;
}

static size_t seq_len(const yaml_node_t *n)
{
    return (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
}

/* A plain ~, null or empty value: treated as an absent key. */
static int is_null(const yaml_node_t *n)
{
    if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return 0;
    const char *v = sval(n);
    return !*v || !strcmp(v, "~") || !strcmp(v, "null") || !strcmp(v, "Null") ||
           !strcmp(v, "NULL");
}

/* Value of key in map; NULL when absent or null. */
static yaml_node_t *get(ld *L, yaml_node_t *map, const char *key)
{
    PAIRS(map, p) {
        yaml_node_t *k = nd(L, p->key);
        if (k && k->type == YAML_SCALAR_NODE && !strcmp(sval(k), key)) {
            yaml_node_t *v = nd(L, p->value);
            return v && !is_null(v) ? v : NULL;
        }
    }
    return NULL;
}

static int want_map(ld *L, yaml_node_t *n, const char *what)
{
    if (n->type != YAML_MAPPING_NODE)
        return fail(L, n, "expected a mapping for %s", what);
    return 0;
}

static int want_seq(ld *L, yaml_node_t *n, const char *what)
{
    if (n->type != YAML_SEQUENCE_NODE)
        return fail(L, n, "expected a list for %s", what);
    return 0;
}

/* Every key of map must be one of keys, and appear once. */
static int check_keys(ld *L, yaml_node_t *map, const char *what, const char *const *keys)
{
    PAIRS(map, p) {
        yaml_node_t *k = nd(L, p->key);
        if (!k || k->type != YAML_SCALAR_NODE)
            return fail(L, k, "expected a text key in %s", what);
        const char *ks = sval(k);
        size_t i;
        for (i = 0; keys[i]; i++)
            if (!strcmp(keys[i], ks))
                break;
        if (!keys[i]) {
            char list[400];
            join(keys, list, sizeof list);
            return fail(L, k, "unknown key '%.80s' in %s (expected one of: %s)", ks, what,
                        list);
        }
        for (yaml_node_pair_t *q = map->data.mapping.pairs.start; q < p; q++) {
            yaml_node_t *k2 = nd(L, q->key);
            if (k2 && k2->type == YAML_SCALAR_NODE && !strcmp(sval(k2), ks))
                return fail(L, k, "duplicate key '%s' in %s (first at line %zu)", ks, what,
                            k2->start_mark.line + 1);
        }
    }
    return 0;
}

/* ---- scalars ------------------------------------------------------------- */
static int text(ld *L, yaml_node_t *n, const char *key, char **out)
{
    if (n->type != YAML_SCALAR_NODE)
        return fail(L, n, "expected text for '%s'", key);
    if (strlen(sval(n)) != n->data.scalar.length)
        return fail(L, n, "NUL character in '%s'", key);
    char *s = strdup(sval(n));
    if (!s)
        return oom(L);
    free(*out);
    *out = s;
    return 0;
}

static int req_text(ld *L, yaml_node_t *map, const char *key, const char *what, char **out)
{
    yaml_node_t *v = get(L, map, key);
    if (!v)
        return fail(L, map, "missing required key '%s' in %s", key, what);
    return text(L, v, key, out);
}

/* Absent: a copy of dflt (or NULL when dflt is NULL). */
static int opt_text(ld *L, yaml_node_t *map, const char *key, const char *dflt, char **out)
{
    yaml_node_t *v = get(L, map, key);
    if (v)
        return text(L, v, key, out);
    if (!dflt)
        return 0;
    char *s = strdup(dflt);
    if (!s)
        return oom(L);
    free(*out);
    *out = s;
    return 0;
}

/* [+-]digits[.digits][e[+-]digits] or [+-].digits...; strict, then strtod
 * (the library never calls setlocale, so strtod sees the C locale). */
static int parse_num(const char *s, double *out)
{
    const char *p = s;
    if (*p == '+' || *p == '-')
        p++;
    size_t digits = 0;
    while (*p >= '0' && *p <= '9')
        p++, digits++;
    if (*p == '.') {
        p++;
        while (*p >= '0' && *p <= '9')
            p++, digits++;
    }
    if (!digits)
        return -1;
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!(*p >= '0' && *p <= '9'))
            return -1;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    if (*p)
        return -1;
    errno = 0;
    double v = strtod(s, NULL);
    if (errno == ERANGE)
        return -1;
    *out = v;
    return 0;
}

static int number(ld *L, yaml_node_t *n, const char *key, double *out)
{
    if (n->type != YAML_SCALAR_NODE || parse_num(sval(n), out) != 0)
        return fail(L, n, "expected a number for '%s'", key);
    return 0;
}

static int enum_val(ld *L, yaml_node_t *n, const char *key, const char *const *names,
                    int *out)
{
    if (n->type == YAML_SCALAR_NODE)
        for (int i = 0; names[i]; i++)
            if (!strcmp(names[i], sval(n))) {
                *out = i;
                return 0;
            }
    char list[200];
    join(names, list, sizeof list);
    if (n->type != YAML_SCALAR_NODE)
        return fail(L, n, "expected one of %s for '%s'", list, key);
    return fail(L, n, "bad value '%.80s' for '%s' (expected one of: %s)", sval(n), key, list);
}

static int opt_enum(ld *L, yaml_node_t *map, const char *key, const char *const *names,
                    int dflt, int *out)
{
    yaml_node_t *v = get(L, map, key);
    *out = dflt;
    return v ? enum_val(L, v, key, names, out) : 0;
}

/* A code: letters, digits, '_' and '-' (no '.', which separates references). */
static int code_of(ld *L, yaml_node_t *map, const char *what, char **out)
{
    yaml_node_t *v = get(L, map, "code");
    if (!v)
        return fail(L, map, "missing required key 'code' in %s", what);
    if (text(L, v, "code", out))
        return -1;
    const char *s = *out;
    int ok = *s != '\0';
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
              (*s >= '0' && *s <= '9') || *s == '_' || *s == '-'))
            ok = 0;
    if (!ok)
        return fail(L, v, "expected a code of letters, digits, '_' or '-' for 'code' in %s, "
                          "not '%.80s'", what, *out);
    return 0;
}

/* ---- string lists -------------------------------------------------------- */
static char *normdup(const char *s)
{
    size_t len = strlen(s);
    size_t cap = 4 * len + 32;
    for (;;) {
        char *o = malloc(cap);
        if (!o)
            return NULL;
        size_t r = iki_norm_text(s, len, o, cap);
        if (r + 1 < cap)
            return o;
        free(o);
        if (cap > SIZE_MAX / 4)
            return NULL;
        cap *= 2;
    }
}

static long sl_find_norm(const iki_strlist *l, const char *norm)
{
    for (size_t i = 0; i < l->n; i++)
        if (!strcmp(l->norm[i], norm))
            return (long)i;
    return -1;
}

/* Append s (and its normal form); unless dup, an item whose normal form is
 * already there is skipped.  Returns 0, or -1 when memory ran out. */
static int sl_push(iki_strlist *l, const char *s, int dup)
{
    char *norm = normdup(s);
    if (!norm)
        return -1;
    if (!dup && sl_find_norm(l, norm) >= 0) {
        free(norm);
        return 0;
    }
    char *copy = strdup(s);
    char **items = copy ? realloc(l->items, (l->n + 1) * sizeof *items) : NULL;
    if (items)
        l->items = items;
    char **norms = items ? realloc(l->norm, (l->n + 1) * sizeof *norms) : NULL;
    if (!norms) {
        free(copy);
        free(norm);
        return -1;
    }
    l->norm = norms;
    l->items[l->n] = copy;
    l->norm[l->n] = norm;
    l->n++;
    return 0;
}

static void sl_free(iki_strlist *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->items[i]);
        free(l->norm[i]);
    }
    free(l->items);
    free(l->norm);
    l->items = l->norm = NULL;
    l->n = 0;
}

static int sl_scalar(ld *L, iki_strlist *l, yaml_node_t *n, const char *key)
{
    if (n->type != YAML_SCALAR_NODE)
        return fail(L, n, "expected text items in '%s'", key);
    if (strlen(sval(n)) != n->data.scalar.length)
        return fail(L, n, "NUL character in '%s'", key);
    if (!*sval(n))
        return fail(L, n, "empty text in '%s'", key);
    return sl_push(l, sval(n), 1) ? oom(L) : 0;
}

/* A text or a list of texts, kept as written (duplicates too). */
static int strlist(ld *L, yaml_node_t *n, const char *key, iki_strlist *out)
{
    if (is_null(n))
        return 0;
    if (n->type == YAML_SCALAR_NODE)
        return sl_scalar(L, out, n, key);
    if (n->type != YAML_SEQUENCE_NODE)
        return fail(L, n, "expected text or a list of texts for '%s'", key);
    ITEMS(n, it) {
        yaml_node_t *v = nd(L, *it);
        if (!v || sl_scalar(L, out, v, key))
            return fail(L, v, "expected text items in '%s'", key);
    }
    return 0;
}

static int opt_strlist(ld *L, yaml_node_t *map, const char *key, iki_strlist *out)
{
    yaml_node_t *v = get(L, map, key);
    return v ? strlist(L, v, key, out) : 0;
}

static int sl_defaults(ld *L, iki_strlist *l, const char *const *def)
{
    for (size_t i = 0; def[i]; i++)
        if (sl_push(l, def[i], 1))
            return oom(L);
    return 0;
}

/* ---- office -------------------------------------------------------------- */
static int band_cmp(const void *a, const void *b)
{
    double x = ((const iki_band *)a)->min, y = ((const iki_band *)b)->min;
    return x < y ? 1 : x > y ? -1 : 0;
}

static int parse_bands(ld *L, yaml_node_t *n, iki_office *o)
{
    static const char *const keys[] = {"min", "label", NULL};
    if (want_seq(L, n, "'bands'"))
        return -1;
    size_t count = seq_len(n);
    if (!count)
        return 0;
    o->bands = calloc(count, sizeof *o->bands);
    if (!o->bands)
        return oom(L);
    ITEMS(n, it) {
        yaml_node_t *b = nd(L, *it);
        if (want_map(L, b, "each item of 'bands'") || check_keys(L, b, "band", keys))
            return -1;
        iki_band *band = &o->bands[o->nbands++];
        yaml_node_t *min = get(L, b, "min");
        if (!min)
            return fail(L, b, "missing required key 'min' in band");
        if (number(L, min, "min", &band->min) || req_text(L, b, "label", "band", &band->label))
            return -1;
        for (size_t j = 0; j + 1 < o->nbands; j++)
            if (o->bands[j].min == band->min)
                return fail(L, min, "duplicate band min %s", sval(min));
    }
    if (o->nbands > 1) /* qsort(NULL, 0, ...) is undefined */
        qsort(o->bands, o->nbands, sizeof *o->bands, band_cmp);
    return 0;
}

static int parse_office(ld *L, yaml_node_t *n, iki_office *o)
{
    static const char *const keys[] = {"name",   "region", "year",          "place", "signer",
                                       "locale", "bands",  "hidden_sheets", NULL};
    static const char *const skeys[] = {"position", "name", "nip", NULL};
    if (want_map(L, n, "'office'") || check_keys(L, n, "office", keys))
        return -1;
    if (req_text(L, n, "name", "office", &o->name) || opt_text(L, n, "region", "", &o->region) ||
        opt_text(L, n, "place", "", &o->place))
        return -1;
    yaml_node_t *y = get(L, n, "year");
    if (y) {
        double v;
        if (y->type != YAML_SCALAR_NODE || parse_num(sval(y), &v) || v < 1900 || v > 9999 ||
            v != (double)(int)v)
            return fail(L, y, "expected a year (1900-9999) for 'year'");
        o->year = (int)v;
    }
    yaml_node_t *s = get(L, n, "signer");
    if (s && (want_map(L, s, "'signer'") || check_keys(L, s, "signer", skeys)))
        return -1;
    if (s && (opt_text(L, s, "position", "", &o->signer_position) ||
              opt_text(L, s, "name", "", &o->signer_name) ||
              opt_text(L, s, "nip", "", &o->signer_nip)))
        return -1;
    if (!s && (!(o->signer_position = strdup("")) || !(o->signer_name = strdup("")) ||
               !(o->signer_nip = strdup(""))))
        return oom(L);
    int loc;
    if (opt_enum(L, n, "locale", locale_names, 0, &loc))
        return -1;
    o->locale = strdup(locale_names[loc]);
    if (!o->locale)
        return oom(L);
    static const char *const hidden_names[] = {"skip", "read", NULL};
    int hid;
    if (opt_enum(L, n, "hidden_sheets", hidden_names, 0, &hid))
        return -1;
    o->read_hidden = hid == 1;
    yaml_node_t *b = get(L, n, "bands");
    return b ? parse_bands(L, b, o) : 0;
}

/* ---- areas --------------------------------------------------------------- */
static int parse_areas(ld *L, yaml_node_t *n, iki_template *t)
{
    static const char *const keys[] = {"name", "variants", NULL};
    if (want_seq(L, n, "'areas'"))
        return -1;
    size_t count = seq_len(n);
    if (!count)
        return 0;
    t->areas = calloc(count, sizeof *t->areas);
    if (!t->areas)
        return oom(L);
    ITEMS(n, it) {
        yaml_node_t *a = nd(L, *it);
        iki_area *area = &t->areas[t->nareas++];
        yaml_node_t *vars = NULL;
        if (a->type == YAML_SCALAR_NODE) {
            if (text(L, a, "areas", &area->name))
                return -1;
        } else {
            if (want_map(L, a, "each item of 'areas' (a name or {name, variants})") ||
                check_keys(L, a, "area", keys) || req_text(L, a, "name", "area", &area->name))
                return -1;
            vars = get(L, a, "variants");
        }
        if (!*area->name)
            return fail(L, a, "empty area name");
        if (sl_push(&area->variants, area->name, 0))
            return oom(L);
        iki_strlist extra = {0};
        int rc = vars ? strlist(L, vars, "variants", &extra) : 0;
        for (size_t i = 0; rc == 0 && i < extra.n; i++)
            if (sl_push(&area->variants, extra.items[i], 0))
                rc = oom(L);
        sl_free(&extra);
        if (rc)
            return -1;
        /* no spelling may name two areas */
        for (size_t v = 0; v < area->variants.n; v++)
            for (size_t j = 0; j + 1 < t->nareas; j++)
                if (sl_find_norm(&t->areas[j].variants, area->variants.norm[v]) >= 0)
                    return fail(L, v ? vars : a, "duplicate area '%s' (already a name of '%s')",
                                area->variants.items[v], t->areas[j].name);
    }
    return 0;
}

/* ---- sources ------------------------------------------------------------- */
static int parse_bool(ld *L, yaml_node_t *n, const char *key, int *out)
{
    static const char *const yes[] = {"true", "True", "TRUE", "yes", "Yes", "YES", "on", NULL};
    static const char *const no[] = {"false", "False", "FALSE", "no", "No", "NO", "off", NULL};
    if (n->type == YAML_SCALAR_NODE) {
        for (size_t i = 0; yes[i]; i++)
            if (!strcmp(sval(n), yes[i]))
                return *out = 1, 0;
        for (size_t i = 0; no[i]; i++)
            if (!strcmp(sval(n), no[i]))
                return *out = 0, 0;
    }
    return fail(L, n, "expected true or false for '%s'", key);
}

static int parse_field(ld *L, yaml_node_t *n, const iki_source *s, iki_field *f)
{
    static const char *const keys[] = {"code", "title",        "aliases",  "agg",
                                       "item", "over_periods", "required", "yes_values",
                                       NULL};
    char what[160];
    snprintf(what, sizeof what, "a field of source '%s'", s->code);
    if (want_map(L, n, "each item of 'fields'") || code_of(L, n, what, &f->code))
        return -1;
    snprintf(what, sizeof what, "field '%s' of source '%s'", f->code, s->code);
    if (check_keys(L, n, what, keys) || opt_text(L, n, "title", NULL, &f->title) ||
        opt_strlist(L, n, "aliases", &f->aliases))
        return -1;
    if (!f->title && !f->aliases.n)
        return fail(L, n, "missing key 'title' or 'aliases' in %s", what);
    if (!f->title && !(f->title = strdup(f->aliases.items[0])))
        return oom(L);
    /* the title is always an alias, first; except for a count field given
     * no aliases: it counts the records and reads no column */
    int agg, per;
    if (opt_enum(L, n, "agg", agg_names, IKI_AGG_SUM, &agg))
        return -1;
    if (*f->title && (agg != IKI_AGG_COUNT || f->aliases.n)) {
        char *norm = normdup(f->title);
        if (!norm)
            return oom(L);
        long at = sl_find_norm(&f->aliases, norm);
        free(norm);
        if (at < 0) {
            iki_strlist all = {0};
            int rc = sl_push(&all, f->title, 1);
            for (size_t i = 0; rc == 0 && i < f->aliases.n; i++)
                rc = sl_push(&all, f->aliases.items[i], 1);
            if (rc) {
                sl_free(&all);
                return oom(L);
            }
            sl_free(&f->aliases);
            f->aliases = all;
        }
    }
    if (opt_enum(L, n, "over_periods", period_names, IKI_PERIODS_FLOW, &per) ||
        opt_strlist(L, n, "yes_values", &f->yes_values))
        return -1;
    f->agg = (iki_agg)agg;
    f->over_periods = (iki_over_periods)per;
    f->required = 1;
    yaml_node_t *r = get(L, n, "required");
    if (r && parse_bool(L, r, "required", &f->required))
        return -1;
    yaml_node_t *item = get(L, n, "item");
    if (s->layout == IKI_LAYOUT_ITEMS) {
        if (!item)
            return fail(L, n, "missing required key 'item' in %s (layout items)", what);
        if (strlist(L, item, "item", &f->item))
            return -1;
        if (!f->item.n)
            return fail(L, item, "expected at least one label for 'item'");
    } else if (item) {
        return fail(L, item, "key 'item' is only for sources with layout items");
    }
    return 0;
}

static int parse_source(ld *L, yaml_node_t *n, iki_template *t, iki_source *s)
{
    static const char *const keys[] = {"code", "title", "layout", "key",
                                       "files", "sheets", "fields", NULL};
    if (want_map(L, n, "each item of 'sources'") || code_of(L, n, "source", &s->code))
        return -1;
    for (size_t j = 0; j + 1 < t->nsources; j++)
        if (!strcmp(t->sources[j].code, s->code))
            return fail(L, get(L, n, "code"), "duplicate source code '%s'", s->code);
    char what[120];
    snprintf(what, sizeof what, "source '%s'", s->code);
    if (check_keys(L, n, what, keys) || opt_text(L, n, "title", s->code, &s->title))
        return -1;
    yaml_node_t *lay = get(L, n, "layout");
    int layout;
    if (!lay)
        return fail(L, n, "missing required key 'layout' in %s", what);
    if (enum_val(L, lay, "layout", layout_names, &layout))
        return -1;
    s->layout = (iki_layout)layout;
    if (opt_strlist(L, n, "key", &s->key) || opt_strlist(L, n, "files", &s->file_globs) ||
        opt_strlist(L, n, "sheets", &s->sheet_globs))
        return -1;
    if (!s->key.n && s->layout != IKI_LAYOUT_LIST)
        return fail(L, n, "missing required key 'key' in %s (the %s column)", what,
                    s->layout == IKI_LAYOUT_AREAS ? "area" : "label");
    yaml_node_t *fs = get(L, n, "fields");
    if (!fs)
        return fail(L, n, "missing required key 'fields' in %s", what);
    if (want_seq(L, fs, "'fields'"))
        return -1;
    size_t count = seq_len(fs);
    if (!count)
        return fail(L, fs, "expected at least one field in %s", what);
    s->fields = calloc(count, sizeof *s->fields);
    if (!s->fields)
        return oom(L);
    ITEMS(fs, it) {
        yaml_node_t *f = nd(L, *it);
        iki_field *field = &s->fields[s->nfields++];
        if (parse_field(L, f, s, field))
            return -1;
        for (size_t j = 0; j + 1 < s->nfields; j++)
            if (!strcmp(s->fields[j].code, field->code))
                return fail(L, get(L, f, "code"), "duplicate field code '%s' in %s",
                            field->code, what);
    }
    return 0;
}

/* ---- indicators ---------------------------------------------------------- */
static int parse_target(ld *L, yaml_node_t *n, iki_indicator *ind)
{
    iki_target *tg = &ind->target;
    double lo, hi;
    if (n->type == YAML_SCALAR_NODE && parse_num(sval(n), &lo) == 0) {
        tg->kind = IKI_TARGET_NUMBER;
        tg->lo = tg->hi = lo;
        return text(L, n, "target", &tg->text);
    }
    if (n->type == YAML_SEQUENCE_NODE) {
        yaml_node_t *a = seq_len(n) == 2 ? nd(L, n->data.sequence.items.start[0]) : NULL;
        yaml_node_t *b = seq_len(n) == 2 ? nd(L, n->data.sequence.items.start[1]) : NULL;
        if (!a || !b || a->type != YAML_SCALAR_NODE || b->type != YAML_SCALAR_NODE ||
            parse_num(sval(a), &lo) || parse_num(sval(b), &hi))
            return fail(L, n, "expected [low, high] with two numbers for 'target'");
        if (lo > hi)
            return fail(L, n, "expected [low, high] with low <= high for 'target'");
        tg->kind = IKI_TARGET_RANGE;
        tg->lo = lo;
        tg->hi = hi;
        size_t need = strlen(sval(a)) + strlen(sval(b)) + 2;
        tg->text = malloc(need);
        if (!tg->text)
            return oom(L);
        snprintf(tg->text, need, "%s-%s", sval(a), sval(b));
        return 0;
    }
    if (ind->kind == IKI_KIND_KLA && n->type == YAML_SCALAR_NODE) {
        for (int i = 0; kla_ranks[i]; i++)
            if (!strcasecmp(kla_ranks[i], sval(n))) {
                tg->kind = IKI_TARGET_PREDICATE;
                tg->lo = tg->hi = i + 1;
                return text(L, n, "target", &tg->text);
            }
        return fail(L, n, "expected a number, [low, high] or a KLA predicate (Pratama, "
                          "Madya, Nindya, Utama, KLA) for 'target'");
    }
    return fail(L, n, "expected a number or [low, high] for 'target'");
}

/* Roles each kind may use; required ones are checked separately. */
static int role_allowed(iki_kind k, int r)
{
    switch (k) {
    case IKI_KIND_PERCENT:
        return r == IKI_ROLE_NUMERATOR || r == IKI_ROLE_DENOMINATOR;
    case IKI_KIND_VALUE:
        return r == IKI_ROLE_VALUE;
    case IKI_KIND_IDG:
        return r >= IKI_ROLE_I_PAR && r <= IKI_ROLE_X_DM;
    case IKI_KIND_KLA:
        return r == IKI_ROLE_SCORE || r == IKI_ROLE_PREDICATE;
    }
    return 0;
}

static int parse_inputs(ld *L, yaml_node_t *n, const iki_template *t, iki_indicator *ind,
                        const char *what)
{
    char iwhat[160];
    snprintf(iwhat, sizeof iwhat, "inputs of %s", what);
    if (want_map(L, n, "'inputs'") || check_keys(L, n, iwhat, role_names))
        return -1;
    PAIRS(n, p) {
        yaml_node_t *k = nd(L, p->key), *v = nd(L, p->value);
        int r;
        for (r = 0; r < IKI_ROLE_COUNT; r++)
            if (!strcmp(sval(k), role_names[r]))
                break;
        if (!role_allowed(ind->kind, r)) {
            char list[200] = "";
            size_t used = 0;
            for (int q = 0; q < IKI_ROLE_COUNT; q++)
                if (role_allowed(ind->kind, q) && used < sizeof list)
                    used += (size_t)snprintf(list + used, sizeof list - used, "%s%s",
                                             used ? ", " : "", role_names[q]);
            return fail(L, k, "input '%s' does not fit kind %s of %s (expected: %s)",
                        role_names[r], kind_names[ind->kind], what, list);
        }
        iki_input *in = &ind->inputs[r];
        if (text(L, v, role_names[r], &in->ref))
            return -1;
        const char *dot = strchr(in->ref, '.');
        if (!dot || dot == in->ref || !dot[1])
            return fail(L, v, "expected 'source.field' for input '%s', not '%.80s'",
                        role_names[r], in->ref);
        size_t slen = (size_t)(dot - in->ref);
        long si = -1;
        for (size_t i = 0; i < t->nsources; i++)
            if (strlen(t->sources[i].code) == slen && !strncmp(t->sources[i].code, in->ref, slen))
                si = (long)i;
        if (si < 0)
            return fail(L, v, "undefined source '%.*s' in input '%s' of %s", (int)slen,
                        in->ref, in->ref, what);
        long fi = iki_template_find_field(&t->sources[si], dot + 1);
        if (fi < 0)
            return fail(L, v, "undefined field '%s' of source '%s' in input '%s' of %s",
                        dot + 1, t->sources[si].code, in->ref, what);
        in->source = si;
        in->field = fi;
    }
    /* required roles */
    const iki_input *in = ind->inputs;
    const char *missing = NULL;
    switch (ind->kind) {
    case IKI_KIND_PERCENT:
        missing = in[IKI_ROLE_NUMERATOR].source < 0     ? "numerator"
                  : in[IKI_ROLE_DENOMINATOR].source < 0 ? "denominator"
                                                        : NULL;
        break;
    case IKI_KIND_VALUE:
        missing = in[IKI_ROLE_VALUE].source < 0 ? "value" : NULL;
        break;
    case IKI_KIND_IDG:
        if (in[IKI_ROLE_I_INC].source < 0)
            missing = "i_inc";
        else if (!(in[IKI_ROLE_I_PAR].source >= 0 && in[IKI_ROLE_I_DM].source >= 0) &&
                 !(in[IKI_ROLE_P_F].source >= 0 && in[IKI_ROLE_X_PAR].source >= 0 &&
                   in[IKI_ROLE_X_DM].source >= 0))
            missing = "i_par and i_dm, or p_f, x_par and x_dm,";
        break;
    case IKI_KIND_KLA:
        missing = in[IKI_ROLE_SCORE].source < 0 && in[IKI_ROLE_PREDICATE].source < 0
                      ? "score or predicate"
                      : NULL;
        break;
    }
    if (missing)
        return fail(L, n, "%s of kind %s needs input %s", what, kind_names[ind->kind], missing);
    return 0;
}

static int parse_indicator(ld *L, yaml_node_t *n, const iki_template *t, iki_indicator *ind)
{
    static const char *const keys[] = {"code",   "goal",     "name",   "formula",
                                       "kind",   "inputs",   "unit",   "polarity",
                                       "target", "data_source", "index_scale",
                                       "target_max", NULL};
    static const char *const yes_no[] = {"false", "true", NULL};
    for (int r = 0; r < IKI_ROLE_COUNT; r++)
        ind->inputs[r].source = ind->inputs[r].field = -1;
    ind->index_scale = 1;
    if (want_map(L, n, "each item of 'indicators'") ||
        code_of(L, n, "indicator", &ind->code))
        return -1;
    char what[120];
    snprintf(what, sizeof what, "indicator '%s'", ind->code);
    if (check_keys(L, n, what, keys) || req_text(L, n, "name", what, &ind->name) ||
        opt_text(L, n, "goal", "", &ind->goal) || opt_text(L, n, "formula", "", &ind->formula) ||
        opt_text(L, n, "unit", "", &ind->unit) ||
        opt_text(L, n, "data_source", "", &ind->data_source))
        return -1;
    yaml_node_t *k = get(L, n, "kind");
    int kind, pol;
    if (!k)
        return fail(L, n, "missing required key 'kind' in %s", what);
    if (enum_val(L, k, "kind", kind_names, &kind) ||
        opt_enum(L, n, "polarity", polarity_names, IKI_HIGHER_IS_BETTER, &pol))
        return -1;
    ind->kind = (iki_kind)kind;
    ind->polarity = (iki_polarity)pol;
    yaml_node_t *in = get(L, n, "inputs");
    if (!in)
        return fail(L, n, "missing required key 'inputs' in %s", what);
    if (parse_inputs(L, in, t, ind, what))
        return -1;
    yaml_node_t *sc = get(L, n, "index_scale");
    if (sc) {
        if (number(L, sc, "index_scale", &ind->index_scale))
            return -1;
        if (ind->index_scale != 1 && ind->index_scale != 100)
            return fail(L, sc, "expected 1 or 100 for 'index_scale'");
    }
    int tmax;
    if (opt_enum(L, n, "target_max", yes_no, 0, &tmax))
        return -1;
    ind->target_max = tmax;
    yaml_node_t *tg = get(L, n, "target");
    return tg ? parse_target(L, tg, ind) : 0;
}

/* ---- positions ----------------------------------------------------------- */
static int check_sheet_name(ld *L, yaml_node_t *v, const char *s)
{
    size_t chars = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xC0) != 0x80)
            chars++;
    if (!chars)
        return fail(L, v, "expected a non-empty sheet name for 'sheet'");
    if (chars > 31)
        return fail(L, v, "sheet name '%s' is longer than 31 characters (%zu)", s, chars);
    const char *bad = strpbrk(s, "[]:*?/\\");
    if (bad)
        return fail(L, v, "sheet name '%s' contains '%c' (not allowed: [ ] : * ? / \\)", s, *bad);
    if (s[0] == '\'' || s[strlen(s) - 1] == '\'')
        return fail(L, v, "sheet name '%s' begins or ends with an apostrophe", s);
    return 0;
}

static int parse_goal(ld *L, yaml_node_t *n, const iki_template *t, iki_goal *g,
                      const char *what)
{
    static const char *const keys[] = {"sasaran", "indicators", NULL};
    if (want_map(L, n, "each item of 'goals'") || check_keys(L, n, "goal", keys) ||
        req_text(L, n, "sasaran", "goal", &g->name))
        return -1;
    yaml_node_t *li = get(L, n, "indicators");
    if (!li)
        return 0;
    iki_strlist codes = {0};
    int rc = strlist(L, li, "indicators", &codes);
    if (rc == 0 && codes.n && !(g->indicators = calloc(codes.n, sizeof *g->indicators)))
        rc = oom(L);
    for (size_t i = 0; rc == 0 && i < codes.n; i++) {
        long at = iki_template_find_indicator(t, codes.items[i]);
        yaml_node_t *at_node = li->type == YAML_SEQUENCE_NODE
                                   ? nd(L, li->data.sequence.items.start[i])
                                   : li;
        if (at < 0)
            rc = fail(L, at_node, "undefined indicator '%s' in %s", codes.items[i], what);
        for (size_t j = 0; rc == 0 && j < g->nindicators; j++)
            if (g->indicators[j] == (size_t)at)
                rc = fail(L, at_node, "indicator '%s' listed twice in a goal of %s",
                          codes.items[i], what);
        if (rc == 0)
            g->indicators[g->nindicators++] = (size_t)at;
    }
    sl_free(&codes);
    return rc;
}

static int parse_position(ld *L, yaml_node_t *n, iki_template *t, iki_position *pos)
{
    static const char *const keys[] = {"code", "title", "sheet", "tugas", "fungsi", "goals",
                                       NULL};
    if (want_map(L, n, "each item of 'positions'") ||
        code_of(L, n, "position", &pos->code))
        return -1;
    for (size_t j = 0; j + 1 < t->npositions; j++)
        if (!strcmp(t->positions[j].code, pos->code))
            return fail(L, get(L, n, "code"), "duplicate position code '%s'", pos->code);
    char what[120];
    snprintf(what, sizeof what, "position '%s'", pos->code);
    if (check_keys(L, n, what, keys) || req_text(L, n, "title", what, &pos->title) ||
        req_text(L, n, "sheet", what, &pos->sheet) ||
        check_sheet_name(L, get(L, n, "sheet"), pos->sheet) ||
        opt_strlist(L, n, "tugas", &pos->tugas) || opt_strlist(L, n, "fungsi", &pos->fungsi))
        return -1;
    for (size_t j = 0; j + 1 < t->npositions; j++)
        if (!strcasecmp(t->positions[j].sheet, pos->sheet))
            return fail(L, get(L, n, "sheet"), "duplicate sheet name '%s' (also position '%s')",
                        pos->sheet, t->positions[j].code);
    yaml_node_t *gs = get(L, n, "goals");
    if (!gs)
        return fail(L, n, "missing required key 'goals' in %s", what);
    if (want_seq(L, gs, "'goals'"))
        return -1;
    size_t count = seq_len(gs);
    if (!count)
        return fail(L, gs, "expected at least one goal in %s", what);
    pos->goals = calloc(count, sizeof *pos->goals);
    if (!pos->goals)
        return oom(L);
    ITEMS(gs, it) {
        if (parse_goal(L, nd(L, *it), t, &pos->goals[pos->ngoals++], what))
            return -1;
    }
    return 0;
}

/* ---- the whole template -------------------------------------------------- */
/* A required top-level list: allocate its array of count elements. */
static yaml_node_t *top_list(ld *L, yaml_node_t *root, const char *key, size_t elem,
                             void **arr)
{
    yaml_node_t *v = get(L, root, key);
    char what[40];
    snprintf(what, sizeof what, "'%s'", key);
    if (!v) {
        fail(L, root, "missing required key '%s' at the top of the template", key);
        return NULL;
    }
    if (want_seq(L, v, what))
        return NULL;
    if (!seq_len(v)) {
        fail(L, v, "expected at least one item in '%s'", key);
        return NULL;
    }
    if (!(*arr = calloc(seq_len(v), elem))) {
        oom(L);
        return NULL;
    }
    return v;
}

static int build(ld *L, yaml_node_t *root, iki_template *t)
{
    static const char *const keys[] = {"office",  "yes_values", "total_labels", "areas",
                                       "sources", "indicators", "positions",    NULL};
    if (want_map(L, root, "the template (office, sources, indicators, positions)") ||
        check_keys(L, root, "the template", keys))
        return -1;
    yaml_node_t *office = get(L, root, "office");
    if (!office)
        return fail(L, root, "missing required key 'office' at the top of the template");
    if (parse_office(L, office, &t->office))
        return -1;
    if (opt_strlist(L, root, "yes_values", &t->yes_values) ||
        (!t->yes_values.n && sl_defaults(L, &t->yes_values, default_yes)) ||
        opt_strlist(L, root, "total_labels", &t->total_labels) ||
        (!t->total_labels.n && sl_defaults(L, &t->total_labels, default_totals)))
        return -1;
    yaml_node_t *areas = get(L, root, "areas");
    if (areas && parse_areas(L, areas, t))
        return -1;

    void *arr = NULL;
    yaml_node_t *v = top_list(L, root, "sources", sizeof *t->sources, &arr);
    if (!v)
        return -1;
    t->sources = arr;
    ITEMS(v, it) {
        if (parse_source(L, nd(L, *it), t, &t->sources[t->nsources++]))
            return -1;
    }
    if (!(v = top_list(L, root, "indicators", sizeof *t->indicators, &arr)))
        return -1;
    t->indicators = arr;
    ITEMS(v, it) {
        yaml_node_t *n = nd(L, *it);
        /* count it only once its inputs are initialised */
        iki_indicator *ind = &t->indicators[t->nindicators++];
        if (parse_indicator(L, n, t, ind))
            return -1;
        for (size_t j = 0; j + 1 < t->nindicators; j++)
            if (!strcmp(t->indicators[j].code, ind->code))
                return fail(L, get(L, n, "code"), "duplicate indicator code '%s'", ind->code);
    }
    if (!(v = top_list(L, root, "positions", sizeof *t->positions, &arr)))
        return -1;
    t->positions = arr;
    ITEMS(v, it) {
        if (parse_position(L, nd(L, *it), t, &t->positions[t->npositions++]))
            return -1;
    }
    return 0;
}

/* libyaml's problem mark; reader errors carry only a byte offset. */
static void syntax_error(ld *L, yaml_parser_t *p, const char *text, size_t len)
{
    if (p->error == YAML_MEMORY_ERROR) {
        oom(L);
        return;
    }
    size_t line = p->problem_mark.line, col = p->problem_mark.column;
    if (p->error == YAML_READER_ERROR) {
        line = col = 0;
        for (size_t i = 0; i < p->problem_offset && i < len; i++) {
            if (text[i] == '\n')
                line++, col = 0;
            else if (((unsigned char)text[i] & 0xC0) != 0x80)
                col++;
        }
    }
    char msg[512];
    if (p->context)
        snprintf(msg, sizeof msg, "invalid YAML: %s (%s started at line %zu, column %zu)",
                 p->problem ? p->problem : "error", p->context, p->context_mark.line + 1,
                 p->context_mark.column + 1);
    else
        snprintf(msg, sizeof msg, "invalid YAML: %s", p->problem ? p->problem : "error");
    L->rc = IKI_ERROR_TEMPLATE;
    put_msg(L, line + 1, col + 1, msg);
}

iki_error iki_template_load(const char *name, const char *text, size_t len,
                            iki_template **out, char *err, size_t errcap)
{
    if (err && errcap)
        err[0] = '\0';
    if (!out || (!text && len))
        return IKI_ERROR_USAGE;
    *out = NULL;
    ld L = {.name = name ? name : "(template)", .err = err, .errcap = errcap};
    iki_template *t = NULL;
    int have_doc = 0;
    yaml_parser_t p;
    if (len > MAX_TEMPLATE_BYTES) {
        put_msg(&L, 1, 1, "template larger than 8 MiB");
        return IKI_ERROR_TEMPLATE;
    }
    char why[256];
    size_t wline = 1, wcol = 1;
    if (iki_template_guard(text, len, why, sizeof why, &wline, &wcol) != 0) {
        put_msg(&L, wline, wcol, why);
        return IKI_ERROR_TEMPLATE;
    }
    if (!yaml_parser_initialize(&p)) {
        oom(&L);
        return L.rc;
    }
    yaml_parser_set_input_string(&p, (const unsigned char *)(text ? text : ""), len);
    if (!yaml_parser_load(&p, &L.doc)) {
        syntax_error(&L, &p, text, len);
        goto cleanup;
    }
    have_doc = 1;
    yaml_node_t *root = yaml_document_get_root_node(&L.doc);
    if (!root) {
        fail(&L, NULL, "empty template (expected a mapping with office, sources, "
                       "indicators and positions)");
        goto cleanup;
    }
    yaml_document_t next;
    if (!yaml_parser_load(&p, &next)) {
        syntax_error(&L, &p, text, len);
        goto cleanup;
    }
    yaml_node_t *next_root = yaml_document_get_root_node(&next);
    if (next_root)
        fail(&L, next_root, "expected one YAML document (a second one starts here)");
    yaml_document_delete(&next);
    if (L.rc)
        goto cleanup;
    t = calloc(1, sizeof *t);
    if (!t || !(t->name = strdup(L.name))) {
        oom(&L);
        goto cleanup;
    }
    build(&L, root, t);

cleanup:
    if (have_doc)
        yaml_document_delete(&L.doc);
    yaml_parser_delete(&p);
    if (L.rc != IKI_OK) {
        iki_template_free(t);
        return L.rc;
    }
    *out = t;
    return IKI_OK;
}

iki_error iki_template_load_file(const char *path, iki_template **out, char *err,
                                 size_t errcap)
{
    if (err && errcap)
        err[0] = '\0';
    if (!path || !out)
        return IKI_ERROR_USAGE;
    *out = NULL;
    iki_error rc = IKI_OK;
    char *data = NULL;
    size_t len = 0, cap = 0;
    FILE *f = iki_os_fopen(path, "rb");
    if (!f) {
        if (err && errcap)
            snprintf(err, errcap, "%s: cannot read: %s", path, strerror(errno));
        return IKI_ERROR_IO;
    }
    for (;;) {
        if (len == cap) {
            if (cap > MAX_TEMPLATE_BYTES) {
                if (err && errcap)
                    snprintf(err, errcap, "%s:1:1: template larger than 8 MiB", path);
                rc = IKI_ERROR_TEMPLATE;
                goto cleanup;
            }
            size_t ncap = cap ? cap * 2 : 16384;
            char *d = realloc(data, ncap);
            if (!d) {
                rc = IKI_ERROR_NOMEM;
                if (err && errcap)
                    snprintf(err, errcap, "%s: out of memory", path);
                goto cleanup;
            }
            data = d;
            cap = ncap;
        }
        size_t got = fread(data + len, 1, cap - len, f);
        len += got;
        if (got == 0) {
            if (ferror(f)) {
                if (err && errcap)
                    snprintf(err, errcap, "%s: cannot read: %s", path, strerror(errno));
                rc = IKI_ERROR_IO;
                goto cleanup;
            }
            break;
        }
    }
    rc = iki_template_load(path, data, len, out, err, errcap);

cleanup:
    fclose(f);
    free(data);
    return rc;
}

/* ---- freeing and lookups ------------------------------------------------- */
static void free_source(iki_source *s)
{
    free(s->code);
    free(s->title);
    sl_free(&s->key);
    sl_free(&s->file_globs);
    sl_free(&s->sheet_globs);
    for (size_t i = 0; i < s->nfields; i++) {
        iki_field *f = &s->fields[i];
        free(f->code);
        free(f->title);
        sl_free(&f->aliases);
        sl_free(&f->item);
        sl_free(&f->yes_values);
    }
    free(s->fields);
}

void iki_template_free(iki_template *t)
{
    if (!t)
        return;
    iki_office *o = &t->office;
    free(o->name);
    free(o->region);
    free(o->place);
    free(o->signer_position);
    free(o->signer_name);
    free(o->signer_nip);
    free(o->locale);
    for (size_t i = 0; i < o->nbands; i++)
        free(o->bands[i].label);
    free(o->bands);
    for (size_t i = 0; i < t->nareas; i++) {
        free(t->areas[i].name);
        sl_free(&t->areas[i].variants);
    }
    free(t->areas);
    sl_free(&t->yes_values);
    sl_free(&t->total_labels);
    for (size_t i = 0; i < t->nsources; i++)
        free_source(&t->sources[i]);
    free(t->sources);
    for (size_t i = 0; i < t->nindicators; i++) {
        iki_indicator *ind = &t->indicators[i];
        free(ind->code);
        free(ind->goal);
        free(ind->name);
        free(ind->formula);
        free(ind->unit);
        free(ind->data_source);
        free(ind->target.text);
        for (int r = 0; r < IKI_ROLE_COUNT; r++)
            free(ind->inputs[r].ref);
    }
    free(t->indicators);
    for (size_t i = 0; i < t->npositions; i++) {
        iki_position *p = &t->positions[i];
        free(p->code);
        free(p->title);
        free(p->sheet);
        sl_free(&p->tugas);
        sl_free(&p->fungsi);
        for (size_t g = 0; g < p->ngoals; g++) {
            free(p->goals[g].name);
            free(p->goals[g].indicators);
        }
        free(p->goals);
    }
    free(t->positions);
    free(t->name);
    free(t);
}

long iki_template_find_source(const iki_template *t, const char *code)
{
    for (size_t i = 0; t && code && i < t->nsources; i++)
        if (t->sources[i].code && !strcmp(t->sources[i].code, code))
            return (long)i;
    return -1;
}

long iki_template_find_field(const iki_source *s, const char *code)
{
    for (size_t i = 0; s && code && i < s->nfields; i++)
        if (s->fields[i].code && !strcmp(s->fields[i].code, code))
            return (long)i;
    return -1;
}

long iki_template_find_indicator(const iki_template *t, const char *code)
{
    for (size_t i = 0; t && code && i < t->nindicators; i++)
        if (t->indicators[i].code && !strcmp(t->indicators[i].code, code))
            return (long)i;
    return -1;
}
