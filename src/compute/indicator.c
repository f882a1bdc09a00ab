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

#include "iki/numfmt.h"
#include "iki/msg.h"

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

/* A diagnostic of the indicator: "CODE: text" in both languages, the
 * format's arguments kept (code is the diagnostic's, IKI_CODE). */
static void diag(ctx *c, const char *code, iki_severity sev, const char *f, ...)
    __attribute__((format(printf, 4, 5)));
static void diag(ctx *c, const char *code, iki_severity sev, const char *f, ...)
{
    va_list ap;
    if (!c->d)
        return;
    va_start(ap, f);
    if (iki_diags_vadd_prefixed(c->d, code, sev, NULL, NULL, NULL, code_of(c), f, ap) != 0)
        c->nomem = 1;
    va_end(ap);
}

/* A diagnostic whose two texts are made: "CODE: text" in both languages. */
static void diag_both(ctx *c, const char *code, iki_severity sev, const char *msg,
                      const char *id)
{
    char en_line[600], id_line[600];
    if (!c->d)
        return;
    snprintf(en_line, sizeof en_line, "%s: %s", code_of(c), msg);
    snprintf(id_line, sizeof id_line, "%s: %s", code_of(c), id);
    if (iki_diags_add_both(c->d, code, sev, NULL, NULL, NULL, en_line, id_line) != 0)
        c->nomem = 1;
}

static void note(ctx *c, const char *f, ...) __attribute__((format(printf, 2, 3)));
static void note(ctx *c, const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    iki_msg_vformat_both(c->out->note, sizeof c->out->note, c->out->note_id,
                         sizeof c->out->note_id, f, ap);
    va_end(ap);
}

/* The same with the two texts made: note_id NULL means note itself. */
static void note_both(ctx *c, const char *en, const char *id)
{
    snprintf(c->out->note, sizeof c->out->note, "%.*s", (int)sizeof c->out->note - 1, en);
    snprintf(c->out->note_id, sizeof c->out->note_id, "%.*s", (int)sizeof c->out->note_id - 1, id ? id : en);
}

/* Append "; text" (or text) to the note: text is a message of the
 * catalog (IKI_MSG). */
static void note_more(ctx *c, const char *text)
{
    size_t len = strlen(c->out->note);
    snprintf(c->out->note + len, sizeof c->out->note - len, "%s%s", len ? "; " : "", text);
    len = strlen(c->out->note_id);
    snprintf(c->out->note_id + len, sizeof c->out->note_id - len, "%s%s", len ? "; " : "",
             iki_msg_pick(text, 1));
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
    note(c, IKI_MSG("missing input %s"), list);
    diag(c, IKI_CODE("missing_input"), IKI_SEV_ERROR, IKI_MSG("missing input %s"), list);
}

/* The same with an alternative set of inputs, and one more input needed
 * either way (NULL: none). */
static void missing_or(ctx *c, const char *list, const char *alt, const char *also)
{
    c->out->status = IKI_STATUS_MISSING_INPUT;
    if (also) {
        note(c, IKI_MSG("missing input %s (or %s), %s"), list, alt, also);
        diag(c, IKI_CODE("missing_input"), IKI_SEV_ERROR,
             IKI_MSG("missing input %s (or %s), %s"), list, alt, also);
    } else {
        note(c, IKI_MSG("missing input %s (or %s)"), list, alt);
        diag(c, IKI_CODE("missing_input"), IKI_SEV_ERROR, IKI_MSG("missing input %s (or %s)"),
             list, alt);
    }
}

static void invalid(ctx *c, const char *f, ...) __attribute__((format(printf, 2, 3)));
static void invalid(ctx *c, const char *f, ...)
{
    char msg[512], id[512];
    va_list ap, aq;
    va_start(ap, f);
    va_copy(aq, ap);
    iki_msg_vformat_both(msg, sizeof msg, id, sizeof id, f, ap);
    va_end(ap);
    c->out->status = IKI_STATUS_INVALID_INPUT;
    note_both(c, msg, id);
    /* the diagnostic keeps the format's arguments */
    if (c->d && iki_diags_vadd_prefixed(c->d, IKI_CODE("invalid_input"), IKI_SEV_ERROR, NULL,
                                        NULL, NULL, code_of(c), f, aq) != 0)
        c->nomem = 1;
    va_end(aq);
}

/* ---- kinds ---------------------------------------------------------------- */

static void do_percent(ctx *c)
{
    iki_result *o = c->out;
    double n = 0, den = 0;
    char list[200] = "";
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
        if (n < 0)
            invalid(c, IKI_MSG("numerator %s (%s) is negative"), fmt(n).s,
                    ref_of(c, IKI_ROLE_NUMERATOR));
        else
            invalid(c, IKI_MSG("denominator %s (%s) is negative"), fmt(den).s,
                    ref_of(c, IKI_ROLE_DENOMINATOR));
        return;
    }
    if (den == 0) {
        o->status = IKI_STATUS_ZERO_DENOMINATOR;
        note(c, IKI_MSG("denominator %s is 0"), ref_of(c, IKI_ROLE_DENOMINATOR));
        diag(c, IKI_CODE("zero_denominator"), IKI_SEV_ERROR,
             IKI_MSG("denominator %s is 0: no value"),
             ref_of(c, IKI_ROLE_DENOMINATOR));
        return;
    }
    if (n > den)
        diag(c, IKI_CODE("numerator_above_denominator"), IKI_SEV_WARNING,
             IKI_MSG("numerator %s (%s) is above denominator %s (%s): check the data"),
             fmt(n).s, ref_of(c, IKI_ROLE_NUMERATOR), fmt(den).s,
             ref_of(c, IKI_ROLE_DENOMINATOR));
    if (iki_percent(n, den, &o->value) == 0)
        o->has_value = 1;
}

/* One index on 0-1 after scaling (role's value divided by scale); 0 when
 * fine, else INVALID_INPUT. */
static int check_index(ctx *c, const char *name, double v, iki_role role, double scale)
{
    if (v >= 0 && v <= 1)
        return 0;
    invalid(c, IKI_MSG("index %s = %s is outside 0-1 (%s divided by index scale %s)"), name,
            fmt(v).s, ref_of(c, role), fmt(scale).s);
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
    char list[256] = "", alt[160] = "";

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
                if (!*list) { /* the raw inputs alone are named */
                    snprintf(list, sizeof list, "%s", alt);
                    alt[0] = '\0';
                }
            }
        }
        if (*alt) {
            missing_or(c, list, alt, hinc ? NULL : ref_of(c, IKI_ROLE_I_INC));
            return;
        }
        if (!hinc)
            add_ref(list, sizeof list, ref_of(c, IKI_ROLE_I_INC));
        missing(c, list);
        return;
    }
    if (given) {
        i_par = par / scale;
        i_dm = dm / scale;
        if (check_index(c, "I_par", i_par, IKI_ROLE_I_PAR, scale) != 0)
            return;
        if (check_index(c, "I_DM", i_dm, IKI_ROLE_I_DM, scale) != 0)
            return;
    } else {
        double share = pf > 1 ? pf / 100.0 : pf; /* a percent above 1 */
        if (iki_idg_edep_index(share, xpar, &i_par) != 0) {
            invalid(c, IKI_MSG("cannot compute I_par from %s = %s and %s = %s: need a female "
                     "share strictly between 0 and 1 (or 0-100 %%) and a percentage 0-100"),
                    ref_of(c, IKI_ROLE_P_F), fmt(pf).s, ref_of(c, IKI_ROLE_X_PAR),
                     fmt(xpar).s);
            return;
        }
        if (iki_idg_edep_index(share, xdm, &i_dm) != 0) {
            invalid(c, IKI_MSG("cannot compute I_DM from %s = %s and %s = %s: need a female "
                     "share strictly between 0 and 1 (or 0-100 %%) and a percentage 0-100"),
                    ref_of(c, IKI_ROLE_P_F), fmt(pf).s, ref_of(c, IKI_ROLE_X_DM),
                     fmt(xdm).s);
            return;
        }
    }
    i_inc = inc / scale;
    if (check_index(c, "I_inc", i_inc, IKI_ROLE_I_INC, scale) != 0)
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
            invalid(c, IKI_MSG("KLA score %s (%s) is outside 0-1000"), fmt(score).s,
                    ref_of(c, IKI_ROLE_SCORE));
            return;
        }
        if (text) {
            int rt = iki_kla_rank_from_text(text);
            if (rt == 0 && !says_none(text))
                diag(c, IKI_CODE("predicate_text_unknown"), IKI_SEV_WARNING,
                     IKI_MSG("predicate text '%.60s' (%s) is not a KLA predicate; the "
                             "score %s is used"),
                     text, ref_of(c, IKI_ROLE_PREDICATE), fmt(score).s);
            else if (rt != rank) {
                /* "no predicate" is a message: each sentence has its own */
                const char *f = IKI_MSG("score %s means %s but the predicate says %s; the "
                                        "score wins");
                const char *none = IKI_MSG("no predicate");
                char en[300], id[300];
                snprintf(en, sizeof en, f, fmt(score).s,
                         rank ? iki_kla_rank_name(rank) : none,
                         rt ? iki_kla_rank_name(rt) : none);
                snprintf(id, sizeof id, iki_msg_pick(f, 1), fmt(score).s,
                         rank ? iki_kla_rank_name(rank) : iki_msg_pick(none, 1),
                         rt ? iki_kla_rank_name(rt) : iki_msg_pick(none, 1));
                diag_both(c, IKI_CODE("predicate_mismatch"), IKI_SEV_WARNING, en, id);
            }
        }
    } else {
        rank = iki_kla_rank_from_text(text);
        if (rank == 0 && !says_none(text)) {
            invalid(c, IKI_MSG("predicate text '%.60s' (%s) is not a KLA predicate"), text,
                    ref_of(c, IKI_ROLE_PREDICATE));
            return;
        }
    }
    o->kla_rank = rank;
    o->value = rank;
    o->value_text = iki_kla_rank_name(rank);
    o->has_value = 1;
    if (rank == 0 && hs)
        note(c, IKI_MSG("score %s is below 500: no KLA predicate"), fmt(score).s);
    else if (rank == 0)
        note(c, IKI_MSG("the predicate text says there is no KLA predicate"));
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
        note_more(c, IKI_MSG("no target in the template"));
        return;
    }
    if (iki_capaian(o->value, tg, c->ind->polarity, &cap) != 0) {
        o->status = IKI_STATUS_NO_TARGET;
        note_more(c, IKI_MSG("target is 0: no capaian"));
        diag(c, IKI_CODE("zero_target"), IKI_SEV_WARNING, IKI_MSG("target %s is 0: no capaian"),
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
