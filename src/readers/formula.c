/* The formula language of forms: compile A1 text into a small postfix
 * program, evaluate it over a sheet's values, move a shared formula, and
 * read ODF's OpenFormula.  See formula.h for what is supported and the
 * spreadsheet rules kept. */
#include "formula.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define MAX_DEPTH 64   /* nested parentheses and unary operators */
#define MAX_ROW 1048576u
#define MAX_COL 16384u

enum op {
    OP_NUM,   /* push num */
    OP_REF,   /* push the value of cell ref[arg] */
    OP_RANGE, /* push range ref[arg] (a SUM argument only) */
    OP_NEG,
    OP_PCT,
    OP_ADD,
    OP_SUB,
    OP_MUL,
    OP_DIV,
    OP_SUM    /* pop arg values, push their sum */
};

typedef struct ins {
    enum op op;
    size_t arg;
    double num;
} ins;

struct iki_formula {
    ins *code;
    size_t n, cap;
    iki_range *refs;
    size_t nrefs, refs_cap;
    size_t stack;     /* deepest stack the program needs */
};

static const char E_DIV0[] = "#DIV/0!", E_VALUE[] = "#VALUE!", E_NUM[] = "#NUM!";

/* ---- compiling ------------------------------------------------------------ */

typedef struct parser {
    const char *s;
    size_t len, i;
    iki_formula *f;
    size_t depth, sp; /* recursion depth; stack depth of the code so far */
    int bad, oom;
} parser;

static void skip_ws(parser *p)
{
    while (p->i < p->len && (p->s[p->i] == ' ' || p->s[p->i] == '\n' ||
                             p->s[p->i] == '\r' || p->s[p->i] == '\t'))
        p->i++;
}

static int peek(parser *p)
{
    skip_ws(p);
    return p->i < p->len ? (unsigned char)p->s[p->i] : -1;
}

static int is_alpha(int c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static int is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static int is_word(int c)
{
    return is_alpha(c) || is_digit(c) || c == '_' || c == '.' || c == '$' || c == '\\' ||
           c >= 0x80;
}

static void emit(parser *p, enum op op, size_t arg, double num, int push, size_t pop)
{
    iki_formula *f = p->f;
    if (p->bad || p->oom)
        return;
    if (f->n == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 16;
        ins *c = realloc(f->code, cap * sizeof *c);
        if (!c) {
            p->oom = 1;
            return;
        }
        f->code = c;
        f->cap = cap;
    }
    f->code[f->n++] = (ins){op, arg, num};
    p->sp = p->sp - pop + (size_t)push;
    if (p->sp > f->stack)
        f->stack = p->sp;
}

static size_t add_ref(parser *p, iki_range rg)
{
    iki_formula *f = p->f;
    if (f->nrefs == f->refs_cap) {
        size_t cap = f->refs_cap ? f->refs_cap * 2 : 4;
        iki_range *r = realloc(f->refs, cap * sizeof *r);
        if (!r) {
            p->oom = 1;
            return 0;
        }
        f->refs = r;
        f->refs_cap = cap;
    }
    f->refs[f->nrefs] = rg;
    return f->nrefs++;
}

/* A cell reference at s[*i..len): [$]letters[$]digits, not followed by a
 * word character, '(' or '!'.  1 with *row and *col (0-based), 0 when there is
 * none (nothing consumed). */
static int cell_at(const char *s, size_t len, size_t *i, uint32_t *row, uint32_t *col,
                   int *abs_row, int *abs_col)
{
    size_t k = *i;
    int ac = 0, ar = 0;
    if (k < len && s[k] == '$')
        ac = 1, k++;
    uint32_t c = 0;
    size_t nl = 0;
    while (k < len && is_alpha((unsigned char)s[k]) && nl < 4) {
        c = c * 26 + (uint32_t)((s[k] | 0x20) - 'a' + 1);
        k++, nl++;
    }
    if (nl == 0 || nl > 3)
        return 0;
    if (k < len && s[k] == '$')
        ar = 1, k++;
    uint32_t r = 0;
    size_t nd = 0;
    while (k < len && is_digit((unsigned char)s[k]) && nd < 8) {
        r = r * 10 + (uint32_t)(s[k] - '0');
        k++, nd++;
    }
    if (nd == 0 || r == 0 || r > MAX_ROW || c > MAX_COL)
        return 0;
    if (k < len && (is_word((unsigned char)s[k]) || s[k] == '(' || s[k] == '!'))
        return 0;
    *i = k;
    *row = r - 1;
    *col = c - 1;
    if (abs_row)
        *abs_row = ar;
    if (abs_col)
        *abs_col = ac;
    return 1;
}

static void expr(parser *p);

/* A SUM argument that is a reference or a range by itself. */
static int range_arg(parser *p)
{
    size_t save = p->i;
    uint32_t r0, c0, r1, c1;
    skip_ws(p);
    if (!cell_at(p->s, p->len, &p->i, &r0, &c0, NULL, NULL))
        goto no;
    r1 = r0, c1 = c0;
    if (p->i < p->len && p->s[p->i] == ':') {
        p->i++;
        if (!cell_at(p->s, p->len, &p->i, &r1, &c1, NULL, NULL))
            goto no;
    }
    int c = peek(p);
    if (c != ',' && c != ')')
        goto no;
    iki_range rg = {r0 < r1 ? r0 : r1, c0 < c1 ? c0 : c1, r0 < r1 ? r1 : r0,
                    c0 < c1 ? c1 : c0};
    emit(p, OP_RANGE, add_ref(p, rg), 0, 1, 0);
    return 1;
no:
    p->i = save;
    return 0;
}

static void primary(parser *p)
{
    int c = peek(p);
    if (c < 0) {
        p->bad = 1;
        return;
    }
    if (c == '(') {
        p->i++;
        expr(p);
        if (peek(p) != ')')
            p->bad = 1;
        else
            p->i++;
        return;
    }
    if (is_digit(c) || c == '.') {
        size_t st = p->i, k = p->i;
        while (k < p->len && is_digit((unsigned char)p->s[k]))
            k++;
        if (k < p->len && p->s[k] == '.') {
            k++;
            while (k < p->len && is_digit((unsigned char)p->s[k]))
                k++;
        }
        if (k < p->len && (p->s[k] == 'e' || p->s[k] == 'E')) {
            size_t e = k + 1;
            if (e < p->len && (p->s[e] == '+' || p->s[e] == '-'))
                e++;
            if (e < p->len && is_digit((unsigned char)p->s[e])) {
                while (e < p->len && is_digit((unsigned char)p->s[e]))
                    e++;
                k = e;
            }
        }
        double v;
        if (k < p->len && (is_word((unsigned char)p->s[k]) || p->s[k] == '(') ) {
            p->bad = 1; /* "1A", "12(": not a number */
            return;
        }
        if (iki_parse_double(p->s + st, k - st, &v) != 0 || !isfinite(v)) {
            p->bad = 1;
            return;
        }
        p->i = k;
        emit(p, OP_NUM, 0, v, 1, 0);
        return;
    }
    uint32_t row, col;
    if (cell_at(p->s, p->len, &p->i, &row, &col, NULL, NULL)) {
        if (peek(p) == ':') {
            p->bad = 1; /* a range outside SUM */
            return;
        }
        emit(p, OP_REF, add_ref(p, (iki_range){row, col, row, col}), 0, 1, 0);
        return;
    }
    /* a function: only SUM */
    size_t st = p->i, k = p->i;
    while (k < p->len && is_word((unsigned char)p->s[k]))
        k++;
    if (k - st == 3 && (p->s[st] | 0x20) == 's' && (p->s[st + 1] | 0x20) == 'u' &&
        (p->s[st + 2] | 0x20) == 'm' && k < p->len && p->s[k] == '(') {
        p->i = k + 1;
        size_t nargs = 0;
        if (peek(p) == ')') {
            p->bad = 1; /* SUM() is not a formula Excel accepts */
            return;
        }
        for (;;) {
            if (!range_arg(p))
                expr(p);
            if (p->bad || p->oom)
                return;
            nargs++;
            int d = peek(p);
            if (d == ',') {
                p->i++;
                continue;
            }
            if (d == ')') {
                p->i++;
                break;
            }
            p->bad = 1;
            return;
        }
        emit(p, OP_SUM, nargs, 0, 1, nargs);
        return;
    }
    p->bad = 1;
}

static void unary(parser *p)
{
    if (++p->depth > MAX_DEPTH) {
        p->bad = 1;
        return;
    }
    int c = peek(p);
    if (c == '-' || c == '+') {
        p->i++;
        unary(p);
        if (c == '-')
            emit(p, OP_NEG, 0, 0, 1, 1);
    } else {
        primary(p);
        while (!p->bad && peek(p) == '%') {
            p->i++;
            emit(p, OP_PCT, 0, 0, 1, 1);
        }
    }
    p->depth--;
}

static void term(parser *p)
{
    unary(p);
    for (int c; !p->bad && !p->oom && ((c = peek(p)) == '*' || c == '/');) {
        p->i++;
        unary(p);
        emit(p, c == '*' ? OP_MUL : OP_DIV, 0, 0, 1, 2);
    }
}

static void expr(parser *p)
{
    if (++p->depth > MAX_DEPTH) {
        p->bad = 1;
        return;
    }
    term(p);
    for (int c; !p->bad && !p->oom && ((c = peek(p)) == '+' || c == '-');) {
        p->i++;
        term(p);
        emit(p, c == '+' ? OP_ADD : OP_SUB, 0, 0, 1, 2);
    }
    p->depth--;
}

int iki_formula_compile(const char *s, size_t len, iki_formula **out)
{
    *out = NULL;
    iki_formula *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    parser p = {s, len, 0, f, 0, 0, 0, 0};
    if (peek(&p) == '=')
        p.i++;
    expr(&p);
    if (!p.bad && !p.oom && peek(&p) >= 0)
        p.bad = 1; /* something after the expression */
    if (p.oom || p.bad) {
        iki_formula_free(f);
        return p.oom ? -1 : 1;
    }
    *out = f;
    return 0;
}

void iki_formula_free(iki_formula *f)
{
    if (!f)
        return;
    free(f->code);
    free(f->refs);
    free(f);
}

const iki_range *iki_formula_refs(const iki_formula *f, size_t *count)
{
    *count = f ? f->nrefs : 0;
    return f ? f->refs : NULL;
}

/* ---- evaluating ----------------------------------------------------------- */

typedef struct slot {
    iki_fval v;
    int is_range;
    iki_range rg;
} slot;

static void set_error(iki_fval *v, const char *e)
{
    v->type = IKI_FV_ERROR;
    v->text = e;
    v->len = strlen(e);
    v->num = 0;
}

static void set_number(iki_fval *v, double d)
{
    if (!isfinite(d)) {
        set_error(v, E_NUM);
        return;
    }
    v->type = IKI_FV_NUMBER;
    v->num = d == 0 ? 0 : d; /* no -0 */
    v->text = NULL;
    v->len = 0;
}

/* A value as an arithmetic operand: 0 with *d, or 1 when *v now holds the
 * error (or UNKNOWN) that the operation gives. */
static int operand(iki_fval *v, double *d)
{
    switch (v->type) {
    case IKI_FV_EMPTY: *d = 0; return 0;
    case IKI_FV_NUMBER:
    case IKI_FV_BOOL: *d = v->num; return 0;
    case IKI_FV_TEXT: {
        const char *t = v->text;
        size_t n = v->len;
        while (n && *t == ' ')
            t++, n--;
        while (n && t[n - 1] == ' ')
            n--;
        if (n && iki_parse_double(t, n, d) == 0 && isfinite(*d))
            return 0;
        set_error(v, E_VALUE);
        return 1;
    }
    default: return 1; /* ERROR, UNKNOWN: as they are */
    }
}

static void sum_positions(const iki_formula_env *env, const iki_range *rg, iki_fval *out)
{
    uint64_t area = ((uint64_t)rg->last_row - rg->first_row + 1) *
                    ((uint64_t)rg->last_col - rg->first_col + 1);
    if (area > IKI_FORMULA_MAX_RANGE) {
        out->type = IKI_FV_UNKNOWN;
        return;
    }
    double sum = 0;
    int unknown = 0;
    for (uint32_t r = rg->first_row; r <= rg->last_row; r++)
        for (uint32_t c = rg->first_col; c <= rg->last_col; c++) {
            iki_fval v = {IKI_FV_EMPTY, 0, NULL, 0};
            env->cell(env->ud, r, c, &v);
            if (v.type == IKI_FV_ERROR && !unknown) {
                *out = v;
                return;
            }
            if (v.type == IKI_FV_UNKNOWN)
                unknown = 1;
            else if (v.type == IKI_FV_NUMBER)
                sum += v.num;
        }
    if (unknown)
        out->type = IKI_FV_UNKNOWN;
    else
        set_number(out, sum);
}

void iki_formula_eval(const iki_formula *f, const iki_formula_env *env, iki_fval *out)
{
    memset(out, 0, sizeof *out);
    out->type = IKI_FV_UNKNOWN;
    if (!f || !f->n)
        return;
    slot small[16], *st = small;
    if (f->stack > 16) {
        st = malloc(f->stack * sizeof *st);
        if (!st)
            return;
    }
    size_t sp = 0;
    for (size_t k = 0; k < f->n; k++) {
        const ins *in = &f->code[k];
        switch (in->op) {
        case OP_NUM:
            st[sp].is_range = 0;
            set_number(&st[sp++].v, in->num);
            break;
        case OP_REF: {
            const iki_range *rg = &f->refs[in->arg];
            st[sp].is_range = 0;
            st[sp].v = (iki_fval){IKI_FV_EMPTY, 0, NULL, 0};
            env->cell(env->ud, rg->first_row, rg->first_col, &st[sp].v);
            sp++;
            break;
        }
        case OP_RANGE:
            st[sp].is_range = 1;
            st[sp].rg = f->refs[in->arg];
            sp++;
            break;
        case OP_NEG:
        case OP_PCT: {
            double d;
            iki_fval *v = &st[sp - 1].v;
            if (operand(v, &d) == 0)
                set_number(v, in->op == OP_NEG ? -d : d / 100);
            break;
        }
        case OP_ADD:
        case OP_SUB:
        case OP_MUL:
        case OP_DIV: {
            iki_fval *a = &st[sp - 2].v, *b = &st[sp - 1].v;
            double x, y;
            sp--;
            if (operand(a, &x) != 0)
                break; /* a holds the error or UNKNOWN */
            if (operand(b, &y) != 0) {
                *a = *b;
                break;
            }
            if (in->op == OP_DIV && y == 0)
                set_error(a, E_DIV0);
            else
                set_number(a, in->op == OP_ADD ? x + y
                              : in->op == OP_SUB ? x - y
                              : in->op == OP_MUL ? x * y
                                                 : x / y);
            break;
        }
        case OP_SUM: {
            size_t base = sp - in->arg;
            double sum = 0;
            iki_fval res = {IKI_FV_NUMBER, 0, NULL, 0};
            for (size_t a = base; a < sp && res.type == IKI_FV_NUMBER; a++) {
                if (st[a].is_range) {
                    iki_fval v = {IKI_FV_UNKNOWN, 0, NULL, 0};
                    const iki_range *rg = &st[a].rg;
                    if (env->sum)
                        env->sum(env->ud, rg, &v);
                    else
                        sum_positions(env, rg, &v);
                    if (v.type == IKI_FV_NUMBER)
                        sum += v.num;
                    else
                        res = v;
                } else {
                    double d;
                    iki_fval v = st[a].v;
                    if (operand(&v, &d) == 0)
                        sum += d;
                    else
                        res = v;
                }
            }
            sp = base;
            st[sp].is_range = 0;
            if (res.type == IKI_FV_NUMBER)
                set_number(&res, sum);
            st[sp++].v = res;
            break;
        }
        }
    }
    if (sp == 1 && !st[0].is_range) {
        *out = st[0].v;
        if (out->type == IKI_FV_EMPTY) /* =B5 of an empty B5 shows 0 */
            set_number(out, 0);
    }
    if (st != small)
        free(st);
}

/* ---- shared formulas -------------------------------------------------------- */

/* Copy a quoted run ("..." or '...', doubled quote inside) from s[*i]. */
static int copy_quoted(const char *s, size_t len, size_t *i, iki_buf *out)
{
    char q = s[*i];
    size_t k = *i + 1;
    while (k < len) {
        if (s[k] == q) {
            if (k + 1 < len && s[k + 1] == q) {
                k += 2;
                continue;
            }
            k++;
            break;
        }
        k++;
    }
    int rc = iki_buf_append(out, s + *i, k - *i);
    *i = k;
    return rc;
}

int iki_formula_shift(const char *s, size_t len, long drow, long dcol, iki_buf *out)
{
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\'') {
            if (copy_quoted(s, len, &i, out) != 0)
                return -1;
            continue;
        }
        if (is_word(c)) {
            size_t st = i, k = i;
            while (k < len && is_word((unsigned char)s[k]))
                k++;
            uint32_t row, col;
            int ar, ac;
            size_t j = st;
            int prev_ok = st == 0 || !is_word((unsigned char)s[st - 1]);
            if (prev_ok && !is_digit(c) && c != '.' &&
                cell_at(s, len, &j, &row, &col, &ar, &ac) && j == k) {
                long nr = ar ? (long)row : (long)row + drow;
                long nc = ac ? (long)col : (long)col + dcol;
                if (nr < 0 || nr >= (long)MAX_ROW || nc < 0 || nc >= (long)MAX_COL) {
                    if (iki_buf_append_str(out, "#REF!") != 0)
                        return -1;
                } else {
                    char letters[8];
                    iki_col_name((uint32_t)nc, letters, sizeof letters);
                    if (iki_buf_printf(out, "%s%s%s%ld", ac ? "$" : "", letters,
                                       ar ? "$" : "", nr + 1) != 0)
                        return -1;
                }
            } else if (iki_buf_append(out, s + st, k - st) != 0) {
                return -1;
            }
            i = k;
            continue;
        }
        if (iki_buf_append_char(out, (char)c) != 0)
            return -1;
        i++;
    }
    return 0;
}

/* ---- OpenFormula ------------------------------------------------------------ */

/* One part of a bracketed ODF reference, "[$]Sheet.$A$1" or ".A1". */
static int odf_part(const char *s, size_t len, iki_buf *out)
{
    size_t dot = len, k = 0;
    while (k < len) { /* the last '.' outside quotes splits sheet and cell */
        if (s[k] == '\'') {
            char q = s[k++];
            while (k < len && !(s[k] == q && !(k + 1 < len && s[k + 1] == q)))
                k += s[k] == q ? 2 : 1;
            k++;
            continue;
        }
        if (s[k] == '.')
            dot = k;
        k++;
    }
    if (dot == len)
        return iki_buf_append(out, s, len);
    size_t sh = 0;
    if (sh < dot && s[sh] == '$')
        sh++;
    if (dot > sh) {
        if (iki_buf_append(out, s + sh, dot - sh) != 0 || iki_buf_append_char(out, '!') != 0)
            return -1;
    }
    return iki_buf_append(out, s + dot + 1, len - dot - 1);
}

int iki_formula_from_odf(const char *s, size_t len, iki_buf *out)
{
    size_t i = 0;
    /* a namespace prefix: letters, then ':' before the '=' */
    size_t k = 0;
    while (k < len && k < 16 && is_alpha((unsigned char)s[k]))
        k++;
    if (k && k < len && s[k] == ':')
        i = k + 1;
    if (i < len && s[i] == '=')
        i++;
    while (i < len) {
        char c = s[i];
        if (c == '"') {
            if (copy_quoted(s, len, &i, out) != 0)
                return -1;
        } else if (c == '[') {
            size_t st = ++i, part = st;
            while (i < len && s[i] != ']') {
                if (s[i] == '\'') {
                    size_t j = i;
                    iki_buf skip = IKI_BUF_INIT;
                    int rc = copy_quoted(s, len, &j, &skip);
                    iki_buf_free(&skip);
                    if (rc != 0)
                        return -1;
                    i = j;
                    continue;
                }
                if (s[i] == ':') {
                    if (odf_part(s + part, i - part, out) != 0 ||
                        iki_buf_append_char(out, ':') != 0)
                        return -1;
                    part = i + 1;
                }
                i++;
            }
            if (odf_part(s + part, i - part, out) != 0)
                return -1;
            if (i < len)
                i++; /* ']' */
        } else {
            if (iki_buf_append_char(out, c == ';' ? ',' : c) != 0)
                return -1;
            i++;
        }
    }
    return 0;
}
