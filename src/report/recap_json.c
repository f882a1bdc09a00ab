/* The recap as JSON (jansson): the Data rows as in the workbook (keys are
 * the header's names), every file with what became of it, and every
 * diagnostic; written atomically through iki_report_atomic. */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "iki/rekap.h"
#include "iki/report.h"

/* json_object_set_new that remembers a failure in *bad. */
static void put(json_t *o, const char *k, json_t *v, int *bad)
{
    if (!v || json_object_set_new(o, k, v) != 0)
        *bad = 1;
}

static json_t *value_of(const iki_recheck *k)
{
    if (k->value_text)
        return json_string(k->value_text);
    return k->has_value ? json_real(k->value) : json_null();
}

static const char *state_name(iki_rekap_state s)
{
    switch (s) {
    case IKI_REKAP_READ: return "dibaca";
    case IKI_REKAP_COPY: return "salinan identik";
    case IKI_REKAP_SUPERSEDED: return "digantikan";
    case IKI_REKAP_SKIPPED: return "dilewati";
    case IKI_REKAP_FAILED:
    default: return "gagal";
    }
}

static json_t *build(const iki_rekap *rk)
{
    json_t *root = json_object(), *rows = json_array(), *files = json_array(),
           *diags = json_array();
    int bad = !root || !rows || !files || !diags;
    for (size_t s = 0; !bad && s < iki_rekap_standing_count(rk); s++) {
        const iki_rekap_file *f = iki_rekap_file_at(rk, iki_rekap_standing_at(rk, s));
        for (size_t i = 0; !bad && i < f->wb->nrows; i++) {
            const iki_wb_row *w = &f->wb->rows[i];
            const iki_recheck *k = &f->checks[i];
            json_t *o = json_object();
            if (!o || json_array_append_new(rows, o) != 0) {
                bad = 1;
                break;
            }
            put(o, "Tahun", json_integer(f->wb->year), &bad);
            put(o, "Perangkat Daerah", json_string(f->wb->office), &bad);
            put(o, "Jabatan", json_string(w->position), &bad);
            put(o, "Kode", json_string(w->code), &bad);
            put(o, "Indikator", json_string(w->name), &bad);
            put(o, "Satuan", json_string(w->unit), &bad);
            put(o, "Target",
                w->has_target    ? json_real(w->target)
                : w->target_text ? json_string(w->target_text)
                                 : json_null(),
                &bad);
            put(o, "Realisasi", value_of(k), &bad);
            put(o, "Capaian", k->has_capaian ? json_real(k->capaian) : json_null(), &bad);
            put(o, "Predikat", json_string(w->predikat), &bad);
            put(o, "Status", json_string(w->status), &bad);
            put(o, "Berkas", json_string(f->path), &bad);
            put(o, "diubah_manual",
                json_boolean(k->value_manual || k->capaian_manual), &bad);
        }
    }
    for (size_t i = 0; !bad && i < iki_rekap_file_count(rk); i++) {
        const iki_rekap_file *f = iki_rekap_file_at(rk, i);
        json_t *o = json_object();
        if (!o || json_array_append_new(files, o) != 0) {
            bad = 1;
            break;
        }
        put(o, "path", json_string(f->path), &bad);
        put(o, "size", json_integer((json_int_t)f->size), &bad);
        put(o, "sha256", json_string(f->sha256), &bad);
        put(o, "status", json_string(state_name(f->state)), &bad);
        if (f->why_id)
            put(o, "why", json_string(f->why_id), &bad);
        if (f->of >= 0)
            put(o, "of", json_string(iki_rekap_file_at(rk, (size_t)f->of)->path), &bad);
        if (f->wb) {
            put(o, "office", json_string(f->wb->office), &bad);
            put(o, "year", json_integer(f->wb->year), &bad);
            if (f->wb->has_built_at)
                put(o, "built_at", json_integer((json_int_t)f->wb->built_at), &bad);
            put(o, "built_by", json_string(f->wb->version), &bad);
        }
    }
    const iki_diags *d = iki_rekap_diags(rk);
    for (size_t i = 0; !bad && i < iki_diags_count(d); i++) {
        const iki_diag *g = iki_diags_get(d, i);
        json_t *o = json_object();
        if (!o || json_array_append_new(diags, o) != 0) {
            bad = 1;
            break;
        }
        put(o, "code", json_string(g->code), &bad);
        put(o, "severity", json_string(iki_severity_name(g->severity)), &bad);
        put(o, "file", g->file ? json_string(g->file) : json_null(), &bad);
        put(o, "sheet", g->sheet ? json_string(g->sheet) : json_null(), &bad);
        put(o, "cell", g->cell ? json_string(g->cell) : json_null(), &bad);
        put(o, "message", json_string(g->message), &bad);
        put(o, "message_id", json_string(g->message_id), &bad);
    }
    if (!bad) {
        put(root, "rows", rows, &bad);
        put(root, "files", files, &bad);
        put(root, "diagnostics", diags, &bad);
        rows = files = diags = NULL;
    }
    json_decref(rows);
    json_decref(files);
    json_decref(diags);
    if (bad) {
        json_decref(root);
        return NULL;
    }
    return root;
}

iki_error iki_report_write_recap_json(const iki_rekap *rk, const iki_recap_options *opt,
                                      const char *path, char *err, size_t errcap)
{
    if (!rk || !opt || !path || !*path)
        return IKI_ERROR_USAGE;
    json_t *root = build(rk);
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
