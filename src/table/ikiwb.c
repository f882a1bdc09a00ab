/* Reading an IKI workbook (what `iki build` wrote): its identity from the
 * labelled cells of Ringkasan or the document properties, its Data rows by
 * header name.  See include/iki/ikiwb.h. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iki/ikiwb.h"
#include "iki/msg.h"

#define ID_ROWS 60     /* the identity block is near the top of Ringkasan */
#define HEADER_ROWS 10 /* Data's header is its first row; allow title rows */

enum { K_KODE = 0, K_JABATAN, K_INDIKATOR, K_PEMBILANG, K_PENYEBUT, K_REALISASI, K_SATUAN,
       K_TARGET, K_CAPAIAN, K_PREDIKAT, K_STATUS, K_POLARITAS, NKEYS };
static const char *const KEYS[NKEYS] = {
    IKI_COL_KODE,     IKI_COL_JABATAN, IKI_COL_INDIKATOR, IKI_COL_PEMBILANG,
    IKI_COL_PENYEBUT, IKI_COL_REALISASI, IKI_COL_SATUAN,  IKI_COL_TARGET,
    IKI_COL_CAPAIAN,  IKI_COL_PREDIKAT, IKI_COL_STATUS,   IKI_COL_POLARITAS};
/* the columns without which a Data sheet is not read */
static const int REQUIRED[] = {K_KODE, K_JABATAN, K_INDIKATOR, K_REALISASI, K_TARGET,
                               K_CAPAIAN};

iki_wb *iki_wb_new(void)
{
    return calloc(1, sizeof(iki_wb));
}

static void row_free(iki_wb_row *w)
{
    free(w->position);
    free(w->code);
    free(w->name);
    free(w->unit);
    free(w->status);
    free(w->predikat);
    free(w->target_text);
    free(w->value_text);
}

void iki_wb_clear(iki_wb *wb)
{
    if (!wb)
        return;
    for (size_t i = 0; i < wb->nrows; i++)
        row_free(&wb->rows[i]);
    free(wb->rows);
    free(wb->office);
    free(wb->region);
    free(wb->version);
    memset(wb, 0, sizeof *wb);
}

void iki_wb_free(iki_wb *wb)
{
    iki_wb_clear(wb);
    free(wb);
}

/* ---- small text helpers --------------------------------------------------- */
static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* A copy of s[0..n) without surrounding spaces; NULL when out of memory. */
static char *trimdup(const char *s, size_t n)
{
    while (n && is_space(*s))
        s++, n--;
    while (n && is_space(s[n - 1]))
        n--;
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

/* s (n bytes) equals the label, ignoring ASCII case and surrounding spaces. */
static int same_label(const char *s, size_t n, const char *label)
{
    while (n && is_space(*s))
        s++, n--;
    while (n && is_space(s[n - 1]))
        n--;
    size_t m = strlen(label);
    if (n != m)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char a = s[i], b = label[i];
        if (a >= 'A' && a <= 'Z')
            a = (char)(a - 'A' + 'a');
        if (b >= 'A' && b <= 'Z')
            b = (char)(b - 'A' + 'a');
        if (a != b)
            return 0;
    }
    return 1;
}

/* A number written as text ("2025", " 80 "), in the C way (the workbook's
 * own numbers are numbers; this is for a property or a re-typed cell). */
static int text_number(const char *s, double *out)
{
    char *end;
    while (is_space(*s))
        s++;
    if (!*s)
        return -1;
    double v = strtod(s, &end);
    while (is_space(*end))
        end++;
    if (*end || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

/* en, a message of the catalog, into why and its Indonesian into why_id. */
static void say(char *why, size_t whycap, char *why_id, size_t why_idcap, const char *en)
{
    if (why && whycap)
        snprintf(why, whycap, "%s", en);
    if (why_id && why_idcap)
        snprintf(why_id, why_idcap, "%s", iki_msg_pick(en, 1));
}

/* ---- identity ------------------------------------------------------------ */
/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static long long days_from_civil(long long y, unsigned m, unsigned d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? (unsigned)-3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long long)doe - 719468;
}

/* "2025-12-31T00:00:00Z" (the property) -> seconds; -1 when not that. */
static int parse_iso(const char *s, long long *out)
{
    int y, mo, d, h = 0, mi = 0, se = 0;
    if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &se) < 3 || mo < 1 ||
        mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 ||
        se > 60)
        return -1;
    *out = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + se;
    return 0;
}

/* A date cell (serial day, 1900 system) -> seconds, to the second. */
static long long serial_seconds(double serial)
{
    return (long long)llround((serial - 25569.0) * 86400.0);
}

static int set_str(char **dst, const char *s, size_t n)
{
    free(*dst);
    *dst = trimdup(s, n);
    return *dst ? 0 : -1;
}

/* The labelled cells of Ringkasan.  0, or -1 when out of memory. */
static iki_error identity_cells(iki_reader *r, iki_wb *wb)
{
    long s = iki_reader_find_sheet(r, IKI_ID_SHEET);
    if (s < 0 || iki_reader_open_sheet(r, (size_t)s) != IKI_OK)
        return IKI_OK;
    const iki_row *row;
    int rows = 0;
    while (rows++ < ID_ROWS && iki_reader_next_row(r, &row) == IKI_OK && row) {
        if (row->ncells < 2 || row->cells[0].col != 0 || row->cells[0].type != IKI_CELL_TEXT ||
            row->cells[1].col != 1)
            continue;
        const iki_cell *l = &row->cells[0], *v = &row->cells[1];
        int text = v->type == IKI_CELL_TEXT;
        int num = v->type == IKI_CELL_NUMBER || v->type == IKI_CELL_DATE;
        double n = v->number;
        if (same_label(l->text, l->text_len, IKI_ID_OFFICE) && text) {
            if (set_str(&wb->office, v->text, v->text_len))
                return IKI_ERROR_NOMEM;
            wb->identity_from_cells = 1;
        } else if (same_label(l->text, l->text_len, IKI_ID_REGION) && text) {
            if (set_str(&wb->region, v->text, v->text_len))
                return IKI_ERROR_NOMEM;
        } else if (same_label(l->text, l->text_len, IKI_ID_YEAR) &&
                   (num || (text && text_number(v->text, &n) == 0))) {
            if (n >= 1900 && n <= 9999 && n == floor(n))
                wb->year = (int)n;
        } else if (same_label(l->text, l->text_len, IKI_ID_BUILT)) {
            long long t;
            if (num) {
                wb->built_at = serial_seconds(v->number);
                wb->has_built_at = 1;
            } else if (text && parse_iso(v->text, &t) == 0) {
                wb->built_at = t;
                wb->has_built_at = 1;
            }
        } else if (same_label(l->text, l->text_len, IKI_ID_BY) && text) {
            if (set_str(&wb->version, v->text, v->text_len))
                return IKI_ERROR_NOMEM;
        }
    }
    return IKI_OK;
}

/* Whatever the cells did not give, from the custom document properties. */
static iki_error identity_properties(iki_reader *r, iki_wb *wb)
{
    const char *p;
    if (!wb->office && (p = iki_reader_custom_property(r, IKI_ID_OFFICE)) && *p &&
        set_str(&wb->office, p, strlen(p)))
        return IKI_ERROR_NOMEM;
    if (!wb->region && (p = iki_reader_custom_property(r, IKI_ID_REGION)) &&
        set_str(&wb->region, p, strlen(p)))
        return IKI_ERROR_NOMEM;
    double n;
    if (!wb->year && (p = iki_reader_custom_property(r, IKI_ID_YEAR)) &&
        text_number(p, &n) == 0 && n >= 1900 && n <= 9999 && n == floor(n))
        wb->year = (int)n;
    long long t;
    if (!wb->has_built_at && (p = iki_reader_custom_property(r, IKI_ID_BUILT)) &&
        parse_iso(p, &t) == 0) {
        wb->built_at = t;
        wb->has_built_at = 1;
    }
    if (!wb->version && (p = iki_reader_custom_property(r, IKI_ID_BY)) &&
        set_str(&wb->version, p, strlen(p)))
        return IKI_ERROR_NOMEM;
    if (!wb->region && set_str(&wb->region, "", 0))
        return IKI_ERROR_NOMEM;
    if (!wb->version && set_str(&wb->version, "", 0))
        return IKI_ERROR_NOMEM;
    return IKI_OK;
}

/* ---- Data ---------------------------------------------------------------- */
static const iki_cell *cell_at(const iki_row *row, long col)
{
    if (col < 0)
        return NULL;
    for (size_t i = 0; i < row->ncells; i++)
        if (row->cells[i].col == (uint32_t)col)
            return &row->cells[i];
    return NULL;
}

/* A number cell, or a number written as text.  1 when *out was set. */
static int cell_number(const iki_cell *c, double *out)
{
    if (!c)
        return 0;
    if (c->type == IKI_CELL_NUMBER) {
        *out = c->number;
        return 1;
    }
    return c->type == IKI_CELL_TEXT && text_number(c->text, out) == 0;
}

/* A text copy of the cell ("" when empty or not text, the number as %.15g
 * otherwise); NULL when out of memory. */
static char *cell_text(const iki_cell *c)
{
    if (c && c->type == IKI_CELL_TEXT)
        return trimdup(c->text, c->text_len);
    if (c && c->type == IKI_CELL_NUMBER) {
        char buf[64];
        snprintf(buf, sizeof buf, "%.15g", c->number);
        return trimdup(buf, strlen(buf));
    }
    return trimdup("", 0);
}

static iki_error add_row(iki_wb *wb, const iki_row *row, const long *col, size_t *cap)
{
    const iki_cell *kode = cell_at(row, col[K_KODE]);
    if (!kode || kode->type != IKI_CELL_TEXT || kode->text_len == 0)
        return IKI_OK; /* not an indicator row (blank, a note below) */
    if (wb->nrows == *cap) {
        size_t nc = *cap ? *cap * 2 : 32;
        iki_wb_row *p = realloc(wb->rows, nc * sizeof *p);
        if (!p)
            return IKI_ERROR_NOMEM;
        wb->rows = p;
        *cap = nc;
    }
    iki_wb_row *w = &wb->rows[wb->nrows];
    memset(w, 0, sizeof *w);
    w->row = row->row;
    w->code = cell_text(kode);
    w->position = cell_text(cell_at(row, col[K_JABATAN]));
    w->name = cell_text(cell_at(row, col[K_INDIKATOR]));
    w->unit = cell_text(cell_at(row, col[K_SATUAN]));
    w->status = cell_text(cell_at(row, col[K_STATUS]));
    w->predikat = cell_text(cell_at(row, col[K_PREDIKAT]));
    if (!w->code || !w->position || !w->name || !w->unit || !w->status || !w->predikat) {
        row_free(w);
        return IKI_ERROR_NOMEM;
    }
    wb->nrows++;
    w->has_numerator = cell_number(cell_at(row, col[K_PEMBILANG]), &w->numerator);
    w->has_denominator = cell_number(cell_at(row, col[K_PENYEBUT]), &w->denominator);
    w->has_capaian = cell_number(cell_at(row, col[K_CAPAIAN]), &w->capaian);
    const iki_cell *c = cell_at(row, col[K_REALISASI]);
    if (c && c->type == IKI_CELL_NUMBER) {
        w->has_value = 1;
        w->value = c->number;
    } else if (c && c->type == IKI_CELL_TEXT && c->text_len) {
        /* a predicate (KLA), or a number typed as text */
        if (text_number(c->text, &w->value) == 0)
            w->has_value = 1;
        else if (!(w->value_text = trimdup(c->text, c->text_len)))
            return IKI_ERROR_NOMEM;
        else if (!*w->value_text) {
            free(w->value_text);
            w->value_text = NULL;
        }
    }
    c = cell_at(row, col[K_TARGET]);
    if (c && c->type == IKI_CELL_NUMBER) {
        w->has_target = 1;
        w->target = c->number;
    } else if (c && c->type == IKI_CELL_TEXT && c->text_len) {
        if (text_number(c->text, &w->target) == 0)
            w->has_target = 1;
        else if (!(w->target_text = trimdup(c->text, c->text_len)))
            return IKI_ERROR_NOMEM;
    }
    c = cell_at(row, col[K_POLARITAS]);
    w->lower_is_better = c && c->type == IKI_CELL_TEXT &&
                         same_label(c->text, c->text_len, IKI_POLARITY_LOWER_TEXT);
    return IKI_OK;
}

static iki_error read_data(iki_reader *r, iki_wb *wb, char *why, size_t whycap, char *why_id,
                           size_t why_idcap)
{
    long s = iki_reader_find_sheet(r, IKI_DATA_SHEET);
    if (s < 0) {
        say(why, whycap, why_id, why_idcap, IKI_MSG("no sheet 'Data'"));
        return IKI_OK;
    }
    if (iki_reader_open_sheet(r, (size_t)s) != IKI_OK) {
        snprintf(why, whycap, "%s", iki_reader_detail(r));
        snprintf(why_id, why_idcap, "%s", iki_reader_detail_id(r));
        return IKI_OK;
    }
    long col[NKEYS];
    int header = 0, rows = 0;
    size_t cap = 0;
    const iki_row *row;
    iki_error e;
    while ((e = iki_reader_next_row(r, &row)) == IKI_OK && row) {
        if (!header) {
            if (rows++ >= HEADER_ROWS)
                break;
            for (int k = 0; k < NKEYS; k++)
                col[k] = -1;
            for (size_t i = 0; i < row->ncells; i++) {
                const iki_cell *c = &row->cells[i];
                if (c->type != IKI_CELL_TEXT)
                    continue;
                for (int k = 0; k < NKEYS; k++)
                    if (col[k] < 0 && same_label(c->text, c->text_len, KEYS[k]))
                        col[k] = (long)c->col;
            }
            if (col[K_KODE] >= 0 && col[K_REALISASI] >= 0)
                header = 1;
            continue;
        }
        if ((e = add_row(wb, row, col, &cap)) != IKI_OK)
            return e;
    }
    if (e != IKI_OK && e != IKI_ERROR_NOMEM) {
        snprintf(why, whycap, "%s", iki_reader_detail(r));
        snprintf(why_id, why_idcap, "%s", iki_reader_detail_id(r));
        return IKI_OK;
    }
    if (e != IKI_OK)
        return e;
    if (!header) {
        say(why, whycap, why_id, why_idcap,
            IKI_MSG("sheet 'Data' has no header with Kode and Realisasi"));
        return IKI_OK;
    }
    char missing[256] = "";
    size_t len = 0;
    for (size_t k = 0; k < sizeof REQUIRED / sizeof REQUIRED[0]; k++)
        if (col[REQUIRED[k]] < 0) {
            int n = snprintf(missing + len, sizeof missing - len, "%s%s", len ? ", " : "",
                             KEYS[REQUIRED[k]]);
            if (n > 0 && (size_t)n < sizeof missing - len)
                len += (size_t)n;
        }
    if (len) {
        iki_msg_format_both(why, whycap, why_id, why_idcap,
                            IKI_MSG("sheet 'Data' lacks the column(s) %s"), missing);
        return IKI_OK;
    }
    wb->has_polarity = col[K_POLARITAS] >= 0;
    wb->has_predikat = col[K_PREDIKAT] >= 0;
    wb->col_realisasi = col[K_REALISASI];
    wb->col_capaian = col[K_CAPAIAN];
    return IKI_OK;
}

iki_error iki_wb_read(iki_reader *r, iki_wb *wb, char *why, size_t whycap, char *why_id,
                      size_t why_idcap)
{
    if (!r || !wb || !why || !whycap || !why_id || !why_idcap)
        return IKI_ERROR_USAGE;
    iki_wb_clear(wb);
    why[0] = why_id[0] = '\0';
    iki_error e = identity_cells(r, wb);
    if (e == IKI_OK)
        e = identity_properties(r, wb);
    if (e != IKI_OK)
        return e;
    if (!wb->office || !*wb->office || !wb->year) {
        say(why, whycap, why_id, why_idcap,
            IKI_MSG("not an IKI workbook: no office and year in Ringkasan or the document "
                    "properties"));
        return IKI_OK;
    }
    return read_data(r, wb, why, whycap, why_id, why_idcap);
}
