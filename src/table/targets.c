/* The table stage's recogniser of the target form ("Target Kinerja",
 * formulir-target.xlsx of `iki forms`): a header row holding Kode and/or
 * Indikator and Target Tahunan or Target TW I..IV, one row per indicator.
 * It is no source of the template: its cells are targets, handed one by
 * one to the caller (the run decides which target counts). */
#include "iki/table.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "iki/compute.h"

#define HEAD_ROWS 30 /* the header is looked for in the first rows */

/* Header texts, normalised (iki_norm_text expands "tw" to "triwulan"). */
static int slot_of(const char *norm)
{
    static const struct {
        const char *text;
        int slot;
    } heads[] = {
        {"target tahunan", 0},     {"target tahun", 0},       {"target", 0},
        {"target triwulan i", 1},  {"target triwulan 1", 1},  {"target triwulan ii", 2},
        {"target triwulan 2", 2},  {"target triwulan iii", 3}, {"target triwulan 3", 3},
        {"target triwulan iv", 4}, {"target triwulan 4", 4},
    };
    for (size_t i = 0; i < sizeof heads / sizeof *heads; i++)
        if (strcmp(norm, heads[i].text) == 0)
            return heads[i].slot;
    return -1;
}

static void norm_cell(const iki_cell *c, char *out, size_t cap)
{
    out[0] = '\0';
    if (c->type == IKI_CELL_TEXT && c->text)
        iki_norm_text(c->text, c->text_len, out, cap);
}

/* The indicator a row names: by code (as written, any case), else by name
 * normalised; -1 when none. */
static long find_indicator(const iki_template *t, const char *code, const char *name_norm)
{
    for (size_t i = 0; code && *code && i < t->nindicators; i++)
        if (strcasecmp(t->indicators[i].code, code) == 0)
            return (long)i;
    char buf[1024];
    for (size_t i = 0; name_norm && *name_norm && i < t->nindicators; i++) {
        iki_norm_text(t->indicators[i].name, strlen(t->indicators[i].name), buf, sizeof buf);
        if (strcmp(buf, name_norm) == 0)
            return (long)i;
    }
    return -1;
}

typedef struct cols {
    long kode, nama;
    long slot[5];
    int found; /* target columns */
} cols;

static int header(const iki_row *row, cols *c)
{
    char norm[256];
    c->kode = c->nama = -1;
    for (int s = 0; s < 5; s++)
        c->slot[s] = -1;
    c->found = 0;
    for (size_t i = 0; i < row->ncells; i++) {
        norm_cell(&row->cells[i], norm, sizeof norm);
        int s = slot_of(norm);
        if (s >= 0 && c->slot[s] < 0) {
            c->slot[s] = row->cells[i].col;
            c->found++;
        } else if (strcmp(norm, "kode") == 0 || strcmp(norm, "kode indikator") == 0)
            c->kode = row->cells[i].col;
        else if (strcmp(norm, "indikator") == 0 || strcmp(norm, "indikator kinerja") == 0 ||
                 strcmp(norm, "nama indikator") == 0)
            c->nama = row->cells[i].col;
    }
    /* a bare "Target" alone is too common a header: with TW columns only */
    return (c->kode >= 0 || c->nama >= 0) && c->found >= 2;
}

static const iki_cell *at_col(const iki_row *row, long col)
{
    for (size_t i = 0; col >= 0 && i < row->ncells; i++)
        if ((long)row->cells[i].col == col)
            return &row->cells[i];
    return NULL;
}

static const char *const slot_names[] = {"Target Tahunan", "Target TW I", "Target TW II",
                                         "Target TW III", "Target TW IV"};

const char *iki_target_slot_name(int slot)
{
    return slot >= 0 && slot <= 4 ? slot_names[slot] : "";
}

iki_error iki_table_read_targets(const iki_template *t, iki_reader *r, size_t index,
                                 const char *file, const iki_period *file_period,
                                 iki_target_fn fn, void *ctx, iki_diags *d, int *recognised)
{
    const char *sheet = iki_reader_sheet(r, index)->name;
    *recognised = 0;
    iki_error e = iki_reader_open_sheet(r, index);
    if (e != IKI_OK)
        return e;
    const iki_row *row;
    cols c;
    iki_period period = {IKI_PERIOD_NONE, 0, 0};
    int in_table = 0;
    while ((e = iki_reader_next_row(r, &row)) == IKI_OK && row) {
        if (!in_table) {
            if (row->row >= HEAD_ROWS)
                break;
            if (header(row, &c)) {
                in_table = 1;
                *recognised = 1;
                if (period.kind == IKI_PERIOD_NONE && file_period)
                    period = *file_period;
                continue;
            }
            /* the year of the form from its title rows */
            for (size_t i = 0; i < row->ncells && period.kind == IKI_PERIOD_NONE; i++)
                if (row->cells[i].type == IKI_CELL_TEXT && row->cells[i].text)
                    iki_period_parse(row->cells[i].text, row->cells[i].text_len, &period);
            continue;
        }
        const iki_cell *kc = at_col(row, c.kode), *nc = at_col(row, c.nama);
        char code[128] = "", name[1024] = "";
        if (kc && kc->type == IKI_CELL_TEXT)
            snprintf(code, sizeof code, "%.*s", (int)kc->text_len, kc->text);
        if (nc)
            norm_cell(nc, name, sizeof name);
        /* trim the code */
        size_t n = strlen(code);
        while (n && (code[n - 1] == ' ' || code[n - 1] == '\t'))
            code[--n] = '\0';
        char *cp = code;
        while (*cp == ' ')
            cp++;
        int any = 0;
        for (int s = 0; s < 5; s++)
            any |= at_col(row, c.slot[s]) != NULL;
        if (!any)
            continue; /* a row without targets: nothing to say */
        long ind = find_indicator(t, cp, name);
        char addr[24];
        if (ind < 0) {
            const iki_cell *where = kc ? kc : nc ? nc : &row->cells[0];
            iki_cell_name(row->row, where->col, addr, sizeof addr);
            if (iki_diags_add(d, IKI_CODE("target_unknown_indicator"), IKI_SEV_WARNING, file,
                              sheet, addr, "target form: the row matches no indicator of the template "
                              "(code '%.60s'): its targets are left out", cp) != 0)
                return IKI_ERROR_NOMEM;
            continue;
        }
        const iki_indicator *id = &t->indicators[ind];
        for (int s = 0; s < 5; s++) {
            const iki_cell *v = at_col(row, c.slot[s]);
            if (!v)
                continue;
            iki_cell_name(row->row, v->col, addr, sizeof addr);
            iki_target_entry te;
            memset(&te, 0, sizeof te);
            te.indicator = (size_t)ind;
            te.slot = s;
            te.row = row->row;
            te.col = v->col;
            te.period = period;
            double x;
            iki_num_status ns = iki_cell_number(v, t->office.locale, &x);
            if (ns == IKI_NUM_EMPTY)
                continue;
            if (id->kind == IKI_KIND_KLA) {
                int rank = v->type == IKI_CELL_TEXT ? iki_kla_rank_from_text(v->text) : 0;
                if (!rank) {
                    if (iki_diags_add(d, IKI_CODE("target_not_predicate"), IKI_SEV_WARNING,
                                      file, sheet, addr,
                                      "target form: %s of %s is not a KLA predicate "
                                      "(Pratama, Madya, Nindya, Utama, KLA): left out",
                                      slot_names[s], id->code) != 0)
                        return IKI_ERROR_NOMEM;
                    continue;
                }
                te.target.kind = IKI_TARGET_PREDICATE;
                te.target.lo = te.target.hi = rank;
                te.text = iki_kla_rank_name(rank);
            } else if (ns != IKI_NUM_OK || !isfinite(x)) {
                if (iki_diags_add(d, IKI_CODE("target_not_number"), IKI_SEV_WARNING, file,
                                  sheet, addr, "target form: %s of %s is not a number: left out",
                                  slot_names[s], id->code) != 0)
                    return IKI_ERROR_NOMEM;
                continue;
            } else if (x < 0) {
                if (iki_diags_add(d, IKI_CODE("target_negative"), IKI_SEV_WARNING, file,
                                  sheet, addr, "target form: %s of %s is negative: left out",
                                  slot_names[s], id->code) != 0)
                    return IKI_ERROR_NOMEM;
                continue;
            } else {
                te.target.kind = IKI_TARGET_NUMBER;
                te.target.lo = te.target.hi = x;
            }
            if (fn(ctx, &te) != 0)
                return IKI_ERROR_NOMEM;
        }
    }
    return e;
}
