/* The JSON summary (`iki build --json FILE`): the Data rows and the
 * diagnostics, for programs (the Bappeda's dashboards, scripts).  Written
 * with jansson, atomically through iki_report_atomic (workbook.c).
 *
 * Schema (keys in this order; indent 2, UTF-8, a trailing newline):
 *
 *   {
 *     "iki": {"versi": "0.1.0"},            -- opt->version, null if unset
 *     "kantor": {"nama": "...", "wilayah": "Kabupaten Sampang"},
 *     "tahun": 2025,       -- opt->year, else the template's office.year,
 *                             else the (UTC) year of the build time
 *     "waktu_pembuatan": "2025-12-31T00:00:00Z",  -- opt->build_time, UTC
 *     "berkas": {"dibaca": 12, "dilewati": 0},    -- input files
 *     "data": [            -- one object per (position, indicator), in the
 *                             order positions -> goals -> indicators, like
 *                             the Data sheet (an indicator listed under two
 *                             positions appears twice)
 *       {
 *         "kode": "pmks_pulih",
 *         "jabatan": "KEPALA DINAS ...",      -- the position's title
 *         "sasaran": "...",                    -- the goal, as in the position
 *         "indikator": "Persentase PMKS ...",
 *         "pembilang": 21128,      -- number or null (KLA: the score);
 *         "penyebut": 32218,          integral values are JSON integers
 *         "realisasi": 65.57824...,-- number at full precision, or the KLA
 *                                     predicate text ("Madya"), or null
 *         "satuan": "%",
 *         "target": 80,            -- number, text ("75-90", "Madya"), null
 *         "capaian": 81.97...,     -- number or null
 *         "predikat": "Baik",      -- text or null
 *         "status": "ok",          -- "ok", or iki_status_text: "tanpa
 *                                     target", "data tidak tersedia", ...
 *         "catatan": "",           -- why, when status is not ok
 *         "sumber": "pmks-2025.csv!pmks-2025!D5:D18; ..."
 *                                  -- provenance of every input of the
 *                                     indicator (numerator, denominator,
 *                                     and the other roles: IDG indices, KLA
 *                                     score and predicate), joined by "; "
 *       }, ...
 *     ],
 *     "diagnostik": [
 *       {"kode": "total_mismatch", -- the kind (docs/diagnostics.md)
 *        "tingkat": "peringatan",  -- "info", "peringatan" or "galat"
 *        "berkas": "...", "lembar": "...", "sel": "B7",  -- null when absent
 *        "pesan": "...",           -- the sentence in Indonesian
 *        "pesan_en": "...",        -- the same in English
 *        "argumen": ["12", 3]}, ...  -- the sentence's arguments in order:
 *                                     strings, integers, numbers (null for
 *                                     a number that is not finite); [] when
 *                                     the sentence was made whole
 *     ]
 *   }
 *
 * Numbers are written with 17 significant digits, so they read back as the
 * same doubles.  Privacy: only aggregates, file/sheet/cell addresses and
 * messages; never the content of a list of persons. */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "internal.h"
#include "iki/buf.h"
#include "iki/os.h"

/* jansson's object setters steal the value; NULL (out of memory) is caught
 * by the setter's return code. */
static int put(json_t *obj, const char *key, json_t *v)
{
    return json_object_set_new(obj, key, v);
}

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

/* Counts are integers when integral and exactly representable; any other
 * value (a KLA score 688.4) stays a real. */
static json_t *count_value(double v)
{
    if (isfinite(v) && v == floor(v) && fabs(v) <= 9007199254740992.0)
        return json_integer((json_int_t)v);
    return json_real(v);
}

static json_t *real_or_null(int has, double v)
{
    return has && isfinite(v) ? json_real(v) : json_null();
}

static json_t *target_value(const iki_indicator *ind)
{
    switch (ind->target.kind) {
    case IKI_TARGET_NONE:
        return json_null();
    case IKI_TARGET_NUMBER:
        return json_real(ind->target.lo);
    default: { /* range or predicate: the text as written */
        char buf[256];
        report_target_text(ind, buf, sizeof buf);
        return json_string(buf);
    }
    }
}

static const char *level_name(iki_severity s)
{
    switch (s) {
    case IKI_SEV_INFO: return "info";
    case IKI_SEV_WARNING: return "peringatan";
    default: return "galat";
    }
}

/* Provenance of the indicator's inputs, distinct, joined by "; ".  Returns
 * a new JSON string, or NULL when out of memory. */
static json_t *sources_of(const iki_collect *c, const iki_indicator *ind)
{
    iki_buf b = IKI_BUF_INIT;
    const char *seen[IKI_ROLE_COUNT];
    size_t nseen = 0;
    int rc = 0;
    for (int role = 0; role < IKI_ROLE_COUNT && rc == 0; role++) {
        const iki_input *in = &ind->inputs[role];
        if (in->source < 0 || in->field < 0 || !c)
            continue;
        const char *p = iki_collect_provenance(c, (size_t)in->source, (size_t)in->field);
        if (!p || !*p)
            continue;
        int dup = 0;
        for (size_t k = 0; k < nseen; k++)
            if (strcmp(seen[k], p) == 0)
                dup = 1;
        if (dup)
            continue;
        seen[nseen++] = p;
        if (b.len)
            rc = iki_buf_append_str(&b, "; ");
        if (rc == 0)
            rc = iki_buf_append_str(&b, p);
    }
    json_t *out = rc == 0 ? json_string(b.len ? b.data : "") : NULL;
    iki_buf_free(&b);
    return out;
}

static json_t *data_row(const iki_run *run, const iki_position *pos, const iki_goal *goal,
                        const iki_indicator *ind, const iki_result *r)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    json_t *realisasi;
    if (r && r->value_text && *r->value_text)
        realisasi = json_string(r->value_text);
    else
        realisasi = r ? real_or_null(r->has_value, r->value) : json_null();
    const char *status = r ? iki_status_text(r->status) : "data tidak tersedia";
    int bad = put(o, "kode", json_string(ind->code)) ||
              put(o, "jabatan", str_or_null(pos->title)) ||
              put(o, "sasaran", str_or_null(goal->name)) ||
              put(o, "indikator", str_or_null(ind->name)) ||
              put(o, "pembilang",
                  r && r->has_numerator ? count_value(r->numerator) : json_null()) ||
              put(o, "penyebut",
                  r && r->has_denominator ? count_value(r->denominator) : json_null()) ||
              put(o, "realisasi", realisasi) ||
              put(o, "satuan", json_string(ind->unit ? ind->unit : "")) ||
              put(o, "target", target_value(ind)) ||
              put(o, "capaian", r ? real_or_null(r->has_capaian, r->capaian) : json_null()) ||
              put(o, "predikat", str_or_null(r ? r->predikat : NULL)) ||
              put(o, "status", json_string(status)) ||
              put(o, "catatan", json_string(r ? r->note : "")) ||
              put(o, "sumber", sources_of(iki_run_collect(run), ind));
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *diag_args(const iki_diag *g)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < g->nargs; i++) {
        const iki_diag_arg *v = &g->args[i];
        json_t *j = v->type == IKI_ARG_TEXT      ? json_string(v->text)
                    : v->type == IKI_ARG_INTEGER ? json_integer((json_int_t)v->integer)
                    : isfinite(v->number)        ? json_real(v->number)
                                                 : json_null();
        if (json_array_append_new(a, j) != 0) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

static json_t *diag_object(const iki_diag *g)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    if (put(o, "kode", json_string(g->code)) || put(o, "tingkat", json_string(level_name(g->severity))) ||
        put(o, "berkas", str_or_null(g->file)) || put(o, "lembar", str_or_null(g->sheet)) ||
        put(o, "sel", str_or_null(g->cell)) ||
        put(o, "pesan", json_string(g->message_id ? g->message_id : g->message ? g->message : "")) ||
        put(o, "pesan_en", json_string(g->message ? g->message : "")) ||
        put(o, "argumen", diag_args(g))) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* The whole document; NULL when out of memory. */
static json_t *build_document(const iki_run *run, const iki_template *t,
                              const iki_report_options *opt)
{
    int year = report_year(run, t, opt);
    struct tm tm;
    time_t bt = opt->build_time;
    char when[32] = "";
    if (gmtime_r(&bt, &tm))
        strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    json_t *root = json_object();
    json_t *iki = json_object(), *office = json_object(), *files = json_object();
    json_t *data = json_array(), *diags = json_array();
    int bad = !root || !iki || !office || !files || !data || !diags;
    if (!bad)
        bad = put(iki, "versi", str_or_null(opt->version)) ||
              put(office, "nama", str_or_null(t->office.name)) ||
              put(office, "wilayah", str_or_null(t->office.region)) ||
              put(files, "dibaca", json_integer((json_int_t)iki_run_files_read(run))) ||
              put(files, "dilewati", json_integer((json_int_t)iki_run_files_skipped(run)));
    for (size_t p = 0; !bad && p < t->npositions; p++) {
        const iki_position *pos = &t->positions[p];
        for (size_t g = 0; !bad && g < pos->ngoals; g++)
            for (size_t k = 0; !bad && k < pos->goals[g].nindicators; k++) {
                size_t i = pos->goals[g].indicators[k];
                if (i >= t->nindicators)
                    continue;
                json_t *row =
                    data_row(run, pos, &pos->goals[g], &t->indicators[i], iki_run_result(run, i));
                bad = !row || json_array_append_new(data, row) != 0;
            }
    }
    const iki_diags *d = iki_run_diags(run);
    size_t nd = d ? iki_diags_count(d) : 0;
    for (size_t i = 0; !bad && i < nd; i++) {
        const iki_diag *g = iki_diags_get(d, i);
        if (!g)
            continue;
        json_t *o = diag_object(g);
        bad = !o || json_array_append_new(diags, o) != 0;
    }
    if (!bad) {
        /* from here on root owns the parts, whatever happens */
        bad = put(root, "iki", iki);
        iki = NULL;
        bad = put(root, "kantor", office) || bad;
        office = NULL;
        bad = bad || put(root, "tahun", json_integer(year)) ||
              put(root, "waktu_pembuatan", json_string(when));
        bad = put(root, "berkas", files) || bad;
        files = NULL;
        bad = put(root, "data", data) || bad;
        data = NULL;
        bad = put(root, "diagnostik", diags) || bad;
        diags = NULL;
    }
    json_decref(iki);
    json_decref(office);
    json_decref(files);
    json_decref(data);
    json_decref(diags);
    if (bad) {
        json_decref(root);
        return NULL;
    }
    return root;
}

int report_json_dump(void *ctx, const char *tmp_path)
{
    json_t *root = ctx;
    FILE *f = iki_os_fopen(tmp_path, "w");
    if (!f)
        return -1;
    errno = 0;
    int rc = json_dumpf(root, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
                                     JSON_REAL_PRECISION(17));
    if (rc == 0 && fputc('\n', f) == EOF)
        rc = -1;
    if (rc == 0 && fflush(f) != 0)
        rc = -1;
    int saved = errno;
    if (fclose(f) != 0 && rc == 0) {
        rc = -1;
        saved = errno;
    }
    if (rc != 0)
        errno = saved ? saved : EIO;
    return rc;
}

iki_error iki_report_write_json(const iki_run *run, const iki_template *t,
                                const iki_report_options *opt, const char *path, char *err,
                                size_t errcap)
{
    if (!run || !t || !opt || !path || !*path)
        return IKI_ERROR_USAGE;
    iki_template *eff = report_effective_template(run, t);
    json_t *root = eff ? build_document(run, eff, opt) : NULL;
    free(eff);
    if (!root) {
        if (err && errcap)
            snprintf(err, errcap, "cannot write %s: out of memory", path);
        return IKI_ERROR_NOMEM;
    }
    errno = 0;
    iki_error e = iki_report_atomic(path, report_json_dump, root, err, errcap);
    json_decref(root);
    return e;
}
