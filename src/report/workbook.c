/* The consolidated workbook: formats, document properties, sheet order,
 * and the atomic write (temporary file in the same folder, then rename). */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iki/os.h"
#include "internal.h"
#include "iki/recheck.h"

/* ---- atomic write -------------------------------------------------------- */
int report_year(const iki_run *run, const iki_template *t, const iki_report_options *opt)
{
    if (opt->year)
        return opt->year;
    if (iki_run_year(run))
        return iki_run_year(run);
    if (t->office.year)
        return t->office.year;
    struct tm tm;
    time_t bt = opt->build_time;
    return gmtime_r(&bt, &tm) ? tm.tm_year + 1900 : 1970;
}

static void set_err(char *err, size_t cap, const char *fmt, const char *a, const char *b)
{
    if (err && cap)
        snprintf(err, cap, fmt, a, b);
}

/* A run killed while writing (power cut, SIGKILL) leaves its temporary
 * file behind: the next write to the same output removes such leftovers,
 * older than a minute so a concurrent writer is spared. */
static void remove_stale(const char *dir, const char *base)
{
    iki_os_dir *d = iki_os_opendir(dir);
    if (!d)
        return;
    time_t now = time(NULL);
    const char *n;
    while ((n = iki_os_readdir(d))) {
        if (!iki_os_is_temp_of(n, base))
            continue;
        char p[4096];
        iki_os_info st;
        if (snprintf(p, sizeof p, "%s/%s", dir, n) >= (int)sizeof p || iki_os_lstat(p, &st) != 0 ||
            st.kind != IKI_OS_FILE || now - st.mtime < 60)
            continue;
        iki_os_unlink(p);
    }
    iki_os_closedir(d);
}

static const char *why_not(int err)
{
    /* Windows: the workbook is open in Excel, which does not share it */
    return err == EBUSY ? "it is open in another program (Excel?); close it there and run again"
                        : strerror(err);
}

iki_error iki_report_atomic(const char *path, iki_report_write_fn fn, void *ctx, char *err,
                            size_t errcap)
{
    if (!path || !*path || !fn)
        return IKI_ERROR_USAGE;
    iki_os_info st;
    if (iki_os_stat(path, &st) == 0 && st.kind == IKI_OS_DIR) {
        set_err(err, errcap, "cannot write %s: %s", path, "it is a folder");
        return IKI_ERROR_IO;
    }
    char *copy = iki_os_dir_name(path);
    if (!copy)
        return IKI_ERROR_NOMEM;
    const char *dir = copy;
    const char *base = iki_os_base_name(path);
    remove_stale(dir, base);
    iki_error e = IKI_OK;
    char *tmp = iki_os_temp_beside(path);
    if (!tmp) {
        set_err(err, errcap, "cannot write %s: %s", path, strerror(errno));
        e = IKI_ERROR_IO;
        goto cleanup;
    }
    if (fn(ctx, tmp) != 0) {
        set_err(err, errcap, "cannot write %s: %s", path,
                errno ? strerror(errno) : "the writer failed");
        e = IKI_ERROR_IO;
    } else if (iki_os_replace(tmp, path) != 0) {
        set_err(err, errcap, "cannot write %s: %s", path, why_not(errno));
        e = IKI_ERROR_IO;
    }
    if (e != IKI_OK)
        iki_os_unlink(tmp);
cleanup:
    free(tmp);
    free(copy);
    return e;
}

/* ---- helpers shared by the sheets ---------------------------------------- */
#define CELL_STR_MAX 32767 /* bytes of one cell (libxlsxwriter checks it) */

lxw_error report_put_str(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s,
                         lxw_format *f)
{
    if (!s || !*s)
        return worksheet_write_blank(ws, r, c, f);
    size_t n = strlen(s);
    if (n <= CELL_STR_MAX)
        return worksheet_write_string(ws, r, c, s, f);
    char *cut = malloc(CELL_STR_MAX + 1);
    if (!cut)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    n = CELL_STR_MAX;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    memcpy(cut, s, n);
    cut[n] = '\0';
    lxw_error e = worksheet_write_string(ws, r, c, cut, f);
    free(cut);
    return e;
}

void report_date_id(time_t t, char *buf, size_t cap)
{
    static const char *const months[12] = {"Januari", "Februari", "Maret",    "April",
                                           "Mei",     "Juni",     "Juli",     "Agustus",
                                           "September", "Oktober", "November", "Desember"};
    struct tm tm;
    gmtime_r(&t, &tm);
    snprintf(buf, cap, "%d %s %d", tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900);
}

void report_target_text(const iki_indicator *ind, char *buf, size_t cap)
{
    buf[0] = '\0';
    if (ind->target.kind == IKI_TARGET_NONE)
        return;
    if (ind->target.text && *ind->target.text) {
        snprintf(buf, cap, "%s", ind->target.text);
        return;
    }
    if (ind->target.kind == IKI_TARGET_RANGE)
        snprintf(buf, cap, "%g-%g", ind->target.lo, ind->target.hi);
    else
        snprintf(buf, cap, "%g", ind->target.lo);
}

/* ---- formats ------------------------------------------------------------- */
static lxw_format *fmt(lxw_workbook *wb, int border, int bold, int wrap, int center)
{
    lxw_format *f = workbook_add_format(wb);
    if (!f)
        return NULL;
    format_set_font_name(f, "Arial");
    format_set_font_size(f, 10);
    if (border)
        format_set_border(f, LXW_BORDER_THIN);
    if (bold)
        format_set_bold(f);
    if (wrap)
        format_set_text_wrap(f);
    format_set_align(f, center ? LXW_ALIGN_CENTER : LXW_ALIGN_LEFT);
    format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    return f;
}

static int make_formats(report_ctx *x)
{
    report_formats *f = &x->f;
    lxw_workbook *wb = x->wb;
    f->title = fmt(wb, 0, 1, 0, 1);
    f->subtitle = fmt(wb, 0, 1, 0, 0);
    f->label = fmt(wb, 0, 1, 0, 0);
    f->text = fmt(wb, 0, 0, 1, 0);
    f->header = fmt(wb, 1, 1, 1, 1);
    f->colnum = fmt(wb, 1, 0, 0, 1);
    f->cell = fmt(wb, 1, 0, 1, 0);
    f->cell_center = fmt(wb, 1, 0, 1, 1);
    f->goal = fmt(wb, 1, 0, 1, 0);
    f->number = fmt(wb, 1, 0, 0, 0);
    f->decimal2 = fmt(wb, 1, 0, 0, 0);
    f->datetime = fmt(wb, 1, 0, 0, 0);
    f->plain_number = fmt(wb, 0, 0, 0, 0);
    if (!f->title || !f->subtitle || !f->label || !f->text || !f->header || !f->colnum ||
        !f->cell || !f->cell_center || !f->goal || !f->number || !f->decimal2 ||
        !f->datetime || !f->plain_number)
        return -1;
    format_set_font_size(f->title, 14);
    format_set_font_size(f->subtitle, 11);
    format_set_align(f->header, LXW_ALIGN_VERTICAL_CENTER);
    format_set_bg_color(f->header, 0xD9D9D9);
    format_set_italic(f->colnum);
    format_set_align(f->goal, LXW_ALIGN_VERTICAL_CENTER);
    format_set_num_format(f->number, "#,##0.##########");
    format_set_num_format(f->decimal2, "0.00");
    format_set_num_format(f->datetime, "dd/mm/yyyy hh:mm");
    format_set_num_format(f->plain_number, "#,##0.##");
    format_set_align(f->number, LXW_ALIGN_RIGHT);
    format_set_align(f->decimal2, LXW_ALIGN_RIGHT);
    return 0;
}

int report_make_formats(lxw_workbook *wb, report_formats *f)
{
    report_ctx x;
    memset(&x, 0, sizeof x);
    x.wb = wb;
    int rc = make_formats(&x);
    *f = x.f;
    return rc;
}

/* ---- the workbook -------------------------------------------------------- */
void report_data_layout(report_ctx *x)
{
    lxw_row_t row = 1; /* row 0 is the header */
    for (size_t i = 0; i < x->t->nindicators; i++)
        x->data_row[i] = 0;
    for (size_t p = 0; p < x->t->npositions; p++) {
        const iki_position *pos = &x->t->positions[p];
        for (size_t g = 0; g < pos->ngoals; g++)
            for (size_t k = 0; k < pos->goals[g].nindicators; k++) {
                size_t i = pos->goals[g].indicators[k];
                if (!x->data_row[i])
                    x->data_row[i] = row;
                row++;
            }
    }
}

const iki_recheck *report_previous(const report_ctx *x, const iki_position *pos,
                                   const iki_indicator *ind)
{
    const iki_wb *p = x->opt->previous;
    if (!p || !x->opt->previous_checks || !ind->code)
        return NULL;
    for (size_t i = 0; i < p->nrows; i++)
        if (strcmp(p->rows[i].code, ind->code) == 0 && pos->title &&
            strcmp(p->rows[i].position, pos->title) == 0)
            return &x->opt->previous_checks[i];
    for (size_t i = 0; i < p->nrows; i++)
        if (strcmp(p->rows[i].code, ind->code) == 0)
            return &x->opt->previous_checks[i];
    return NULL;
}

iki_template *report_effective_template(const iki_run *run, const iki_template *t)
{
    size_t n = t->nindicators;
    iki_template *e = malloc(sizeof *e + (n ? n : 1) * sizeof(iki_indicator));
    if (!e)
        return NULL;
    *e = *t; /* shares every string and array but the indicators */
    iki_indicator *ind = (iki_indicator *)(e + 1);
    for (size_t i = 0; i < n; i++) {
        ind[i] = t->indicators[i];
        const iki_run_target *rt = iki_run_target_at(run, i, 0);
        if (rt)
            ind[i].target = rt->target;
    }
    e->indicators = ind;
    return e;
}

typedef struct write_job {
    const iki_run *run;
    const iki_template *t;
    const iki_report_options *opt;
} write_job;

lxw_workbook *report_workbook_new(const char *tmp_path)
{
    errno = 0;
    /* the library's own temporary files: where the system keeps them, in
     * a name the library can open (iki_os_lib_tmpdir) */
    lxw_workbook_options o = {.tmpdir = (char *)iki_os_lib_tmpdir()};
    lxw_workbook *wb = o.tmpdir ? workbook_new_opt(tmp_path, &o) : workbook_new(tmp_path);
    if (!wb && !errno)
        errno = ENOMEM;
    return wb;
}

int report_workbook_close(lxw_workbook *wb, int rc)
{
    int saved = errno;
    lxw_error le = workbook_close(wb);
    if (rc != 0) { /* the writer's own reason, if any */
        errno = saved;
        return -1;
    }
    if (le == LXW_NO_ERROR)
        return 0;
    if (le == LXW_ERROR_MEMORY_MALLOC_FAILED)
        errno = ENOMEM;
    /* keep the system's reason (disk full, file too large) when there is one */
    else if ((le != LXW_ERROR_CREATING_XLSX_FILE && le != LXW_ERROR_CREATING_TMPFILE &&
              le != LXW_ERROR_ZIP_FILE_OPERATION) || !errno)
        errno = EIO;
    return -1;
}

static int write_workbook(void *ctx, const char *tmp_path)
{
    write_job *job = ctx;
    report_ctx x;
    memset(&x, 0, sizeof x);
    x.run = job->run;
    x.t = job->t;
    x.opt = job->opt;
    x.year = report_year(job->run, job->t, job->opt);
    x.data_row = calloc(job->t->nindicators ? job->t->nindicators : 1, sizeof *x.data_row);
    if (!x.data_row) {
        errno = ENOMEM;
        return -1;
    }
    x.wb = report_workbook_new(tmp_path);
    if (!x.wb) {
        free(x.data_row);
        return -1;
    }
    char title[512], subject[512], yeartext[16], built[64];
    snprintf(title, sizeof title, "Indikator Kinerja Individu (IKI) %d", x.year);
    snprintf(subject, sizeof subject, "IKI %s %s %d", job->t->office.name,
             job->t->office.region, x.year);
    snprintf(x.mark, sizeof x.mark, "%s%s", IKI_MARK_VALUE_PREFIX,
             job->opt->version ? job->opt->version : "");
    snprintf(yeartext, sizeof yeartext, "%d", x.year);
    struct tm tm;
    time_t bt = job->opt->build_time;
    if (!gmtime_r(&bt, &tm))
        memset(&tm, 0, sizeof tm);
    snprintf(built, sizeof built, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    lxw_doc_properties props;
    memset(&props, 0, sizeof props);
    props.title = title;
    props.subject = subject;
    props.author = job->t->office.name;
    props.company = job->t->office.region;
    props.comments = "Dibuat dengan iki dari lembar kerja kantor; lihat lembar Sumber.";
    props.created = job->opt->build_time;
    int rc = 0;
    if (workbook_set_properties(x.wb, &props) != LXW_NO_ERROR ||
        workbook_set_custom_property_string(x.wb, IKI_MARK_PROPERTY, x.mark) !=
            LXW_NO_ERROR ||
        /* the identity, as in Ringkasan's labelled cells (iki/ikiwb.h) */
        workbook_set_custom_property_string(x.wb, IKI_ID_OFFICE, job->t->office.name
                                                                     ? job->t->office.name
                                                                     : "") != LXW_NO_ERROR ||
        workbook_set_custom_property_string(x.wb, IKI_ID_REGION, job->t->office.region
                                                                     ? job->t->office.region
                                                                     : "") != LXW_NO_ERROR ||
        workbook_set_custom_property_string(x.wb, IKI_ID_YEAR, yeartext) != LXW_NO_ERROR ||
        workbook_set_custom_property_string(x.wb, IKI_ID_BUILT, built) != LXW_NO_ERROR ||
        make_formats(&x) != 0)
        rc = -1;
    /* Sheets are created in display order; the Data rows are laid out
     * first so earlier sheets can refer to them. */
    report_data_layout(&x);
    if (rc == 0)
        rc = report_summary_sheet(&x);
    if (rc == 0)
        rc = report_quarters_sheet(&x);
    for (size_t p = 0; rc == 0 && p < job->t->npositions; p++)
        rc = report_position_sheet(&x, p);
    if (rc == 0)
        rc = report_data_sheet(&x);
    if (rc == 0)
        rc = report_detail_sheet(&x);
    if (rc == 0)
        rc = report_sources_sheet(&x);
    if (rc == 0)
        rc = report_notes_sheet(&x);
    rc = report_workbook_close(x.wb, rc);
    free(x.data_row);
    return rc;
}

iki_error iki_report_write_xlsx(const iki_run *run, const iki_template *t,
                                const iki_report_options *opt, const char *path, char *err,
                                size_t errcap)
{
    if (!run || !t || !opt || !path)
        return IKI_ERROR_USAGE;
    /* the report shows the targets that count: a target form's, else the
     * template's */
    iki_template *eff = report_effective_template(run, t);
    if (!eff)
        return IKI_ERROR_NOMEM;
    write_job job = {run, eff, opt};
    errno = 0;
    iki_error e = iki_report_atomic(path, write_workbook, &job, err, errcap);
    free(eff);
    return e;
}
