/* iki — compute one indicator of a template from collected inputs.
 *
 * By kind: percent (numerator / denominator), idg (from the three indices
 * or from raw data by the EDEP method), kla (predicate rank from the score
 * and/or the predicate text) and value (one input as it is); then capaian
 * against the template's target and the office's predicate band.  Data
 * problems become a status, a note and a diagnostic whose message starts
 * with the indicator code; they are never a silent zero. */
#include "iki/compute.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "iki/dump.h"

typedef struct ctx {
    const iki_template *t;
    const iki_indicator *ind;
    const iki_target *target; /* the effective target */
    const iki_values *values;
    iki_result *out;
    iki_diags *d;
    int nomem;  /* a diagnostic could not be added */
    int misuse; /* an input refers outside the template */
} ctx;

/* YAML keys of the roles (kept here so compute needs nothing but data from
 * the template module). */
static const char *role_key(iki_role r)
{
    static const char *const keys[IKI_ROLE_COUNT] = {
        "numerator", "denominator", "value", "i_par", "i_dm", "i_inc",
        "p_f",       "x_par",       "x_dm",  "score", "predicate",
    };
    return (unsigned)r < IKI_ROLE_COUNT ? keys[r] : "?";
}

/* The input's reference as written ("pmks.ditangani"), else the role. */
static const char *ref_of(const ctx *c, iki_role r)
{
    const char *ref = c->ind->inputs[r].ref;
    return ref && *ref ? ref : role_key(r);
}

static const char *code_of(const ctx *c)
{
    return c->ind->code && *c->ind->code ? c->ind->code : "(indicator)";
}

/* A number for messages, locale-independent, shortest round trip. */
typedef struct num {
    char s[40];
} num;

static num fmt(double v)
{
    num n;
    iki_format_number(v, n.s, sizeof n.s);
    return n;
}

static void diag(ctx *c, iki_severity sev, const char *f, ...)
    __attribute__((format(printf, 3, 4)));
static void diag(ctx *c, iki_severity sev, const char *f, ...)
{
    char msg[512], id[512], en_line[600], id_line[600];
    va_list ap, aq;
    if (!c->d)
        return;
    va_start(ap, f);
    va_copy(aq, ap);
    iki_text_id_vformat(id, sizeof id, f, aq); /* Indonesian, for the workbook */
    va_end(aq);
    vsnprintf(msg, sizeof msg, f, ap);
    va_end(ap);
    snprintf(en_line, sizeof en_line, "%s: %s", code_of(c), msg);
    snprintf(id_line, sizeof id_line, "%s: %s", code_of(c), id);
    if (iki_diags_add_both(c->d, sev, NULL, NULL, NULL, en_line, id_line) != 0)
        c->nomem = 1;
}

static void note(ctx *c, const char *f, ...) __attribute__((format(printf, 2, 3)));
static void note(ctx *c, const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    vsnprintf(c->out->note, sizeof c->out->note, f, ap);
    va_end(ap);
}

/* Append "; text" (or text) to the note. */
static void note_more(ctx *c, const char *text)
{
    size_t len = strlen(c->out->note);
    snprintf(c->out->note + len, sizeof c->out->note - len, "%s%s", len ? "; " : "", text);
}

static int is_set(const ctx *c, iki_role r)
{
    return c->ind->inputs[r].source >= 0;
}

/* The input's field, checked against the template; 0 when usable. */
static int locate(ctx *c, iki_role r, size_t *s, size_t *f)
{
    const iki_input *in = &c->ind->inputs[r];
    if (in->source < 0)
        return -1;
    if ((size_t)in->source >= c->t->nsources || in->field < 0 ||
        (size_t)in->field >= c->t->sources[in->source].nfields) {
        c->misuse = 1;
        return -1;
    }
    *s = (size_t)in->source;
    *f = (size_t)in->field;
    return 0;
}

/* 1 with *v set when the role's input has a (finite) number, else 0. */
static int fetch(ctx *c, iki_role r, double *v)
{
    size_t s, f;
    double x;
    if (locate(c, r, &s, &f) != 0 || !c->values->number)
        return 0;
    if (c->values->number(c->values->ctx, s, f, &x) != 0 || !isfinite(x))
        return 0;
    *v = x;
    return 1;
}

static int has_alnum(const char *s)
{
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if ((ch >= '0' && ch <= '9') || ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z'))
            return 1;
    }
    return 0;
}

/* The role's text, or NULL when none or without a letter or digit. */
static const char *fetch_text(ctx *c, iki_role r)
{
    size_t s, f;
    const char *text;
    if (locate(c, r, &s, &f) != 0 || !c->values->text)
        return NULL;
    text = c->values->text(c->values->ctx, s, f);
    return text && has_alnum(text) ? text : NULL;
}

/* ASCII case-insensitive substring test; w is lower case. */
static int ci_contains(const char *s, const char *w)
{
    size_t n = strlen(w);
    for (; *s; s++) {
        size_t i = 0;
        while (i < n && s[i] && (s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]) == w[i])
            i++;
        if (i == n)
            return 1;
    }
    return 0;
}

/* Predicate text that says there is none: "Tanpa predikat", "Belum". */
static int says_none(const char *text)
{
    return ci_contains(text, "tanpa") || ci_contains(text, "belum") ||
           ci_contains(text, "tidak");
}

/* Append ref to a comma-separated list. */
static void add_ref(char *list, size_t cap, const char *ref)
{
    size_t len = strlen(list);
    snprintf(list + len, cap - len, "%s%s", len ? ", " : "", ref);
}

/* Status MISSING_INPUT with the list of missing references. */
static void missing(ctx *c, const char *list)
{
    c->out->status = IKI_STATUS_MISSING_INPUT;
    note(c, "missing input %s", list);
    diag(c, IKI_SEV_ERROR, "missing input %s", list);
}

static void invalid(ctx *c, const char *msg)
{
    c->out->status = IKI_STATUS_INVALID_INPUT;
    note(c, "%s", msg);
    diag(c, IKI_SEV_ERROR, "%s", msg);
}

/* ---- kinds ---------------------------------------------------------------- */

static void do_percent(ctx *c)
{
    iki_result *o = c->out;
    double n = 0, den = 0;
    char list[200] = "";
    char msg[256];
    o->has_numerator = fetch(c, IKI_ROLE_NUMERATOR, &n);
    o->has_denominator = fetch(c, IKI_ROLE_DENOMINATOR, &den);
    if (o->has_numerator)
        o->numerator = n;
    if (o->has_denominator)
        o->denominator = den;
    if (!o->has_numerator)
        add_ref(list, sizeof list, ref_of(c, IKI_ROLE_NUMERATOR));
    if (!o->has_denominator)
        add_ref(list, sizeof list, ref_of(c, IKI_ROLE_DENOMINATOR));
    if (*list) {
        missing(c, list);
        return;
    }
    if (n < 0 || den < 0) {
        iki_role r = n < 0 ? IKI_ROLE_NUMERATOR : IKI_ROLE_DENOMINATOR;
        snprintf(msg, sizeof msg, "%s %s (%s) is negative", role_key(r),
                 fmt(r == IKI_ROLE_NUMERATOR ? n : den).s, ref_of(c, r));
        invalid(c, msg);
        return;
    }
    if (den == 0) {
        o->status = IKI_STATUS_ZERO_DENOMINATOR;
        note(c, "denominator %s is 0", ref_of(c, IKI_ROLE_DENOMINATOR));
        diag(c, IKI_SEV_ERROR, "denominator %s is 0: no value",
             ref_of(c, IKI_ROLE_DENOMINATOR));
        return;
    }
    if (n > den)
        diag(c, IKI_SEV_WARNING,
             "numerator %s (%s) is above denominator %s (%s): check the data",
             fmt(n).s, ref_of(c, IKI_ROLE_NUMERATOR), fmt(den).s,
             ref_of(c, IKI_ROLE_DENOMINATOR));
    if (iki_percent(n, den, &o->value) == 0)
        o->has_value = 1;
}

/* One index on 0-1 after scaling; 0 when fine, else INVALID_INPUT. */
static int check_index(ctx *c, const char *name, double v, const char *how)
{
    char msg[256];
    if (v >= 0 && v <= 1)
        return 0;
    snprintf(msg, sizeof msg, "index %s = %s is outside 0-1 (%s)", name, fmt(v).s, how);
    invalid(c, msg);
    return -1;
}

static void do_idg(ctx *c)
{
    double scale = c->ind->index_scale > 0 ? c->ind->index_scale : 1;
    double par = 0, dm = 0, inc = 0, pf = 0, xpar = 0, xdm = 0;
    double i_par, i_dm, i_inc;
    int hpar = fetch(c, IKI_ROLE_I_PAR, &par);
    int hdm = fetch(c, IKI_ROLE_I_DM, &dm);
    int hinc = fetch(c, IKI_ROLE_I_INC, &inc);
    int given = hpar && hdm, raw = 0, hpf = 0, hxpar = 0, hxdm = 0;
    char list[256] = "", how[128], msg[256];

    if (!given) {
        hpf = fetch(c, IKI_ROLE_P_F, &pf);
        hxpar = fetch(c, IKI_ROLE_X_PAR, &xpar);
        hxdm = fetch(c, IKI_ROLE_X_DM, &xdm);
        raw = hpf && hxpar && hxdm;
    }
    if ((!given && !raw) || !hinc) {
        if (!given && !raw) {
            int any_given = is_set(c, IKI_ROLE_I_PAR) || is_set(c, IKI_ROLE_I_DM);
            int any_raw = is_set(c, IKI_ROLE_P_F) || is_set(c, IKI_ROLE_X_PAR) ||
                          is_set(c, IKI_ROLE_X_DM);
            char alt[160] = "";
            if (any_given || !any_raw) {
                if (!hpar)
                    add_ref(list, sizeof list, ref_of(c, IKI_ROLE_I_PAR));
                if (!hdm)
                    add_ref(list, sizeof list, ref_of(c, IKI_ROLE_I_DM));
            }
            if (any_raw) {
                if (!hpf)
                    add_ref(alt, sizeof alt, ref_of(c, IKI_ROLE_P_F));
                if (!hxpar)
                    add_ref(alt, sizeof alt, ref_of(c, IKI_ROLE_X_PAR));
                if (!hxdm)
                    add_ref(alt, sizeof alt, ref_of(c, IKI_ROLE_X_DM));
                size_t len = strlen(list);
                snprintf(list + len, sizeof list - len, *list ? " (or %s)" : "%s", alt);
            }
        }
        if (!hinc)
            add_ref(list, sizeof list, ref_of(c, IKI_ROLE_I_INC));
        missing(c, list);
        return;
    }
    if (given) {
        i_par = par / scale;
        i_dm = dm / scale;
        snprintf(how, sizeof how, "%s divided by index scale %s",
                 ref_of(c, IKI_ROLE_I_PAR), fmt(scale).s);
        if (check_index(c, "I_par", i_par, how) != 0)
            return;
        snprintf(how, sizeof how, "%s divided by index scale %s",
                 ref_of(c, IKI_ROLE_I_DM), fmt(scale).s);
        if (check_index(c, "I_DM", i_dm, how) != 0)
            return;
    } else {
        double share = pf > 1 ? pf / 100.0 : pf; /* a percent above 1 */
        if (iki_idg_edep_index(share, xpar, &i_par) != 0) {
            snprintf(msg, sizeof msg,
                     "cannot compute I_par from %s = %s and %s = %s: need a female "
                     "share strictly between 0 and 1 (or 0-100 %%) and a percentage 0-100",
                     ref_of(c, IKI_ROLE_P_F), fmt(pf).s, ref_of(c, IKI_ROLE_X_PAR),
                     fmt(xpar).s);
            invalid(c, msg);
            return;
        }
        if (iki_idg_edep_index(share, xdm, &i_dm) != 0) {
            snprintf(msg, sizeof msg,
                     "cannot compute I_DM from %s = %s and %s = %s: need a female "
                     "share strictly between 0 and 1 (or 0-100 %%) and a percentage 0-100",
                     ref_of(c, IKI_ROLE_P_F), fmt(pf).s, ref_of(c, IKI_ROLE_X_DM),
                     fmt(xdm).s);
            invalid(c, msg);
            return;
        }
    }
    i_inc = inc / scale;
    snprintf(how, sizeof how, "%s divided by index scale %s", ref_of(c, IKI_ROLE_I_INC),
             fmt(scale).s);
    if (check_index(c, "I_inc", i_inc, how) != 0)
        return;
    c->out->value = iki_idg(i_par, i_dm, i_inc);
    c->out->has_value = 1;
}

static void do_kla(ctx *c)
{
    iki_result *o = c->out;
    double score = 0;
    int hs = fetch(c, IKI_ROLE_SCORE, &score);
    const char *text = fetch_text(c, IKI_ROLE_PREDICATE);
    char msg[256];
    int rank;

    if (!hs && !text) {
        char list[200] = "";
        int any = is_set(c, IKI_ROLE_SCORE) || is_set(c, IKI_ROLE_PREDICATE);
        if (is_set(c, IKI_ROLE_SCORE) || !any)
            add_ref(list, sizeof list, ref_of(c, IKI_ROLE_SCORE));
        if (is_set(c, IKI_ROLE_PREDICATE) || !any)
            add_ref(list, sizeof list, ref_of(c, IKI_ROLE_PREDICATE));
        missing(c, list);
        return;
    }
    if (hs) {
        o->has_numerator = 1;
        o->numerator = score;
        rank = iki_kla_rank_from_score(score);
        if (rank < 0) {
            snprintf(msg, sizeof msg, "KLA score %s (%s) is outside 0-1000", fmt(score).s,
                     ref_of(c, IKI_ROLE_SCORE));
            invalid(c, msg);
            return;
        }
        if (text) {
            int rt = iki_kla_rank_from_text(text);
            if (rt == 0 && !says_none(text))
                diag(c, IKI_SEV_WARNING,
                     "predicate text '%.60s' (%s) is not a KLA predicate; the score %s "
                     "is used",
                     text, ref_of(c, IKI_ROLE_PREDICATE), fmt(score).s);
            else if (rt != rank)
                diag(c, IKI_SEV_WARNING,
                     "score %s means %s but the predicate says %s; the score wins",
                     fmt(score).s, rank ? iki_kla_rank_name(rank) : "no predicate",
                     rt ? iki_kla_rank_name(rt) : "no predicate");
        }
    } else {
        rank = iki_kla_rank_from_text(text);
        if (rank == 0 && !says_none(text)) {
            snprintf(msg, sizeof msg, "predicate text '%.60s' (%s) is not a KLA predicate",
                     text, ref_of(c, IKI_ROLE_PREDICATE));
            invalid(c, msg);
            return;
        }
    }
    o->kla_rank = rank;
    o->value = rank;
    o->value_text = iki_kla_rank_name(rank);
    o->has_value = 1;
    if (rank == 0 && hs)
        note(c, "score %s is below 500: no KLA predicate", fmt(score).s);
    else if (rank == 0)
        note(c, "the predicate text says there is no KLA predicate");
}

static void do_value(ctx *c)
{
    double v = 0;
    if (!fetch(c, IKI_ROLE_VALUE, &v)) {
        missing(c, ref_of(c, IKI_ROLE_VALUE));
        return;
    }
    c->out->value = v;
    c->out->has_value = 1;
}

/* Capaian and predikat of a value against the template's target. */
static void grade(ctx *c)
{
    iki_result *o = c->out;
    const iki_target *tg = c->target;
    double cap;
    if (tg->kind == IKI_TARGET_NONE) {
        o->status = IKI_STATUS_NO_TARGET;
        note_more(c, "no target in the template");
        return;
    }
    if (iki_capaian(o->value, tg, c->ind->polarity, &cap) != 0) {
        o->status = IKI_STATUS_NO_TARGET;
        note_more(c, "target is 0: no capaian");
        diag(c, IKI_SEV_WARNING, "target %s is 0: no capaian",
             tg->text ? tg->text : "");
        return;
    }
    o->has_capaian = 1;
    o->capaian = cap;
    o->predikat = iki_predikat(&c->t->office, cap);
    o->has_nilai = iki_nilai_capaian(cap, c->ind->target_max, &o->kategori, &o->nilai) == 0;
}

iki_error iki_compute_indicator(const iki_template *t, size_t index,
                                const iki_values *values, iki_result *out, iki_diags *d)
{
    return iki_compute_indicator_target(t, index, values, NULL, out, d);
}

iki_error iki_compute_indicator_target(const iki_template *t, size_t index,
                                       const iki_values *values, const iki_target *target,
                                       iki_result *out, iki_diags *d)
{
    ctx c;
    if (!out)
        return IKI_ERROR_USAGE;
    memset(out, 0, sizeof *out);
    out->status = IKI_STATUS_OK;
    if (!t || !values || index >= t->nindicators || !t->indicators)
        return IKI_ERROR_USAGE;
    c.t = t;
    c.ind = &t->indicators[index];
    c.target = target ? target : &c.ind->target;
    c.values = values;
    c.out = out;
    c.d = d;
    c.nomem = 0;
    c.misuse = 0;
    switch (c.ind->kind) {
    case IKI_KIND_PERCENT: do_percent(&c); break;
    case IKI_KIND_IDG: do_idg(&c); break;
    case IKI_KIND_KLA: do_kla(&c); break;
    case IKI_KIND_VALUE: do_value(&c); break;
    default: return IKI_ERROR_USAGE;
    }
    if (c.misuse)
        return IKI_ERROR_USAGE;
    if (out->has_value && out->status == IKI_STATUS_OK)
        grade(&c);
    return c.nomem ? IKI_ERROR_NOMEM : IKI_OK;
}
