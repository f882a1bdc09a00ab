/* Generic reader: byte sources, format detection, sheet bookkeeping, and
 * the pull loop over the format modules' ops tables. */
#define _GNU_SOURCE
#include <errno.h>
#include "iki/os.h"
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "iki/diag.h"
#include "iki/msg.h"
#include "internal.h"

const char *iki_format_name(iki_format f)
{
    switch (f) {
    case IKI_FORMAT_XLS: return "xls";
    case IKI_FORMAT_XLSX: return "xlsx";
    case IKI_FORMAT_ODS: return "ods";
    case IKI_FORMAT_CSV: return "csv";
    default: return "unknown";
    }
}

void iki_limits_default(iki_limits *l)
{
    l->max_file_bytes = UINT64_C(2) << 30;   /* no office file comes near */
    l->max_entry_bytes = UINT64_C(2) << 30;  /* 2 GiB of one sheet's XML */
    l->max_total_bytes = UINT64_C(4) << 30;  /* 4 GiB per workbook */
    l->max_ratio = 250;                      /* checked past 32 MiB */
    l->max_cols = 16384;
    l->max_rows = 1048576;
    l->max_sheets = 4096;
    l->max_cell_bytes = 32767 * 4;           /* Excel's 32,767 characters */
    l->max_row_bytes = 16u << 20;
    l->max_table_bytes = 512u << 20;
}

size_t iki_read_chunk = 65536;

/* ---- sources ------------------------------------------------------------- */
iki_error iki_bytes_read_at(const iki_bytes *s, uint64_t off, void *buf,
                             size_t len, size_t *got)
{
    *got = 0;
    if (off >= s->size || len == 0)
        return IKI_OK;
    if (len > s->size - off)
        len = (size_t)(s->size - off);
    if (s->mem) {
        memcpy(buf, s->mem + off, len);
        *got = len;
        return IKI_OK;
    }
    size_t done = 0;
    while (done < len) {
        long long n = iki_os_pread(s->fd, (char *)buf + done, len - done, off + done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return IKI_ERROR_IO;
        if (n == 0)
            break;
        done += (size_t)n;
    }
    *got = done;
    return IKI_OK;
}

/* ---- reader lifecycle ---------------------------------------------------- */
iki_reader *iki_reader_new(const iki_limits *limits)
{
    iki_reader *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    if (limits)
        r->limits = *limits;
    else
        iki_limits_default(&r->limits);
    r->src.fd = -1;
    r->cur_sheet = -1;
    return r;
}

static void reader_close(iki_reader *r)
{
    if (r->ops && r->ops->close)
        r->ops->close(r);
    r->impl = NULL;
    r->ops = NULL;
    iki_zip_close(r->zip);
    r->zip = NULL;
    for (size_t i = 0; i < r->nsheets; i++)
        free((char *)r->sheets[i].name);
    free(r->sheets);
    r->sheets = NULL;
    r->nsheets = r->sheets_cap = 0;
    free(r->merges);
    r->merges = NULL;
    r->nmerges = r->merges_cap = 0;
    for (size_t i = 0; i < 2 * r->nprops; i++)
        free(r->props[i]);
    free(r->props);
    r->props = NULL;
    r->nprops = 0;
    if (r->src.fd >= 0)
        iki_os_close(r->src.fd);
    memset(&r->src, 0, sizeof r->src);
    r->src.fd = -1;
    free(r->name);
    r->name = NULL;
    r->ext = "";
    r->cur_sheet = -1;
    r->sheet_failed = r->sheet_done = 0;
    iki_fsheet_reset(r->fsheet);
}

void iki_reader_free(iki_reader *r)
{
    if (!r)
        return;
    reader_close(r);
    rowbuf_free(&r->rb);
    iki_fsheet_free(r->fsheet);
    iki_buf_free(&r->msg);
    iki_buf_free(&r->msg_id);
    free(r);
}

const char *iki_reader_message(const iki_reader *r)
{
    return r && r->msg.data ? r->msg.data : "";
}

const char *iki_reader_message_id(const iki_reader *r)
{
    /* msg is cleared in places that do not know of msg_id: follow msg */
    if (!r || !r->msg.len)
        return "";
    return r->msg_id.data ? r->msg_id.data : r->msg.data;
}

const char *iki_reader_cell(const iki_reader *r)
{
    return r && r->msg.len && r->msg_cell[0] ? r->msg_cell : NULL;
}

const char *iki_reader_detail(const iki_reader *r)
{
    if (!r || !r->msg.len)
        return "";
    return r->msg_at <= r->msg.len ? r->msg.data + r->msg_at : r->msg.data;
}

const char *iki_reader_detail_id(const iki_reader *r)
{
    if (!r || !r->msg.len)
        return "";
    if (!r->msg_id.data)
        return iki_reader_detail(r);
    return r->msg_id_at <= r->msg_id.len ? r->msg_id.data + r->msg_id_at : r->msg_id.data;
}

static iki_error vfail(iki_reader *r, iki_error code, const char *cell, const char *fmt,
                       va_list ap)
{
    iki_buf_clear(&r->msg);
    iki_buf_clear(&r->msg_id);
    snprintf(r->msg_cell, sizeof r->msg_cell, "%s", cell ? cell : "");
    const char *name = r->name ? r->name : "(input)";
    iki_buf_append_str(&r->msg, name);
    iki_buf_append_str(&r->msg_id, name);
    if (r->cur_sheet >= 0 && (size_t)r->cur_sheet < r->nsheets) {
        iki_buf_printf(&r->msg, ": sheet '%s'", r->sheets[r->cur_sheet].name);
        iki_buf_printf(&r->msg_id, iki_msg_pick(IKI_MSG(": sheet '%s'"), 1),
                       r->sheets[r->cur_sheet].name);
    }
    if (r->msg_cell[0]) {
        iki_buf_printf(&r->msg, ": %s", r->msg_cell);
        iki_buf_printf(&r->msg_id, ": %s", r->msg_cell);
    }
    iki_buf_append_str(&r->msg, ": ");
    iki_buf_append_str(&r->msg_id, ": ");
    r->msg_at = r->msg.len;
    r->msg_id_at = r->msg_id.len;
    if (fmt && *fmt) {
        char tmp[1024], id[1024];
        iki_msg_vformat_both(tmp, sizeof tmp, id, sizeof id, fmt, ap);
        iki_buf_append_str(&r->msg, tmp);
        iki_buf_append_str(&r->msg_id, id);
    } else {
        const char *en = iki_strerror(code);
        iki_buf_append_str(&r->msg, en);
        iki_buf_append_str(&r->msg_id, iki_msg_pick(en, 1));
    }
    return code;
}

iki_error reader_vfail(iki_reader *r, iki_error code, const char *fmt, va_list ap)
{
    return vfail(r, code, NULL, fmt, ap);
}

iki_error reader_fail(iki_reader *r, iki_error code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    iki_error e = vfail(r, code, NULL, fmt, ap);
    va_end(ap);
    return e;
}

iki_error reader_fail_cell(iki_reader *r, iki_error code, const char *cell, const char *fmt,
                           ...)
{
    va_list ap;
    va_start(ap, fmt);
    iki_error e = vfail(r, code, cell, fmt, ap);
    va_end(ap);
    return e;
}

iki_error reader_add_sheet(iki_reader *r, const char *name, size_t len,
                           iki_visibility vis)
{
    if (r->nsheets >= r->limits.max_sheets)
        return reader_fail(r, IKI_ERROR_LIMIT, "more than %u sheets",
                           (unsigned)r->limits.max_sheets);
    if (r->nsheets == r->sheets_cap) {
        size_t cap = r->sheets_cap ? r->sheets_cap * 2 : 8;
        iki_sheet_info *s = realloc(r->sheets, cap * sizeof *s);
        if (!s)
            return reader_fail(r, IKI_ERROR_NOMEM, NULL);
        r->sheets = s;
        r->sheets_cap = cap;
    }
    char *copy = malloc(len + 1);
    if (!copy)
        return reader_fail(r, IKI_ERROR_NOMEM, NULL);
    memcpy(copy, name, len);
    copy[len] = '\0';
    r->sheets[r->nsheets].name = copy;
    r->sheets[r->nsheets].visibility = vis;
    r->nsheets++;
    return IKI_OK;
}

iki_error reader_add_merge(iki_reader *r, iki_range g)
{
    if (g.first_row > g.last_row || g.first_col > g.last_col)
        return IKI_OK;
    if (g.first_row == g.last_row && g.first_col == g.last_col)
        return IKI_OK;
    if (r->nmerges >= (size_t)r->limits.max_rows)
        return reader_fail(r, IKI_ERROR_LIMIT, "too many merged ranges");
    if (r->nmerges == r->merges_cap) {
        size_t cap = r->merges_cap ? r->merges_cap * 2 : 16;
        iki_range *m = realloc(r->merges, cap * sizeof *m);
        if (!m)
            return reader_fail(r, IKI_ERROR_NOMEM, NULL);
        r->merges = m;
        r->merges_cap = cap;
    }
    r->merges[r->nmerges++] = g;
    return IKI_OK;
}

iki_error reader_add_property(iki_reader *r, const char *name, const char *value)
{
    if (r->nprops >= 64)
        return IKI_OK;
    char **p = realloc(r->props, (2 * r->nprops + 2) * sizeof *p);
    if (!p)
        return reader_fail(r, IKI_ERROR_NOMEM, NULL);
    r->props = p;
    p[2 * r->nprops] = strdup(name);
    p[2 * r->nprops + 1] = strdup(value);
    if (!p[2 * r->nprops] || !p[2 * r->nprops + 1]) {
        free(p[2 * r->nprops]);
        free(p[2 * r->nprops + 1]);
        return reader_fail(r, IKI_ERROR_NOMEM, NULL);
    }
    r->nprops++;
    return IKI_OK;
}

const char *iki_reader_custom_property(const iki_reader *r, const char *name)
{
    for (size_t i = 0; r && name && i < r->nprops; i++)
        if (strcmp(r->props[2 * i], name) == 0)
            return r->props[2 * i + 1];
    return NULL;
}

/* ---- detection ----------------------------------------------------------- */
static int ext_is(const iki_reader *r, const char *e)
{
    return strcasecmp(r->ext, e) == 0;
}

static int looks_binary(const unsigned char *p, size_t n)
{
    if (n >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF)))
        return 0; /* UTF-16 with BOM */
    size_t ctl = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] == 0)
            return 1;
        if (p[i] < 0x20 && p[i] != '\t' && p[i] != '\n' && p[i] != '\r' &&
            p[i] != '\f')
            ctl++;
    }
    return ctl * 100 > n;
}

static int looks_markup(const unsigned char *p, size_t n)
{
    size_t i = 0;
    if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
        i = 3;
    while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
        i++;
    return i < n && p[i] == '<';
}

/* A bare BIFF2/3/4 record stream, as Excel 2.x-4.0 saved .xls (no
 * compound file): a BOF record (0x0009, 0x0209, 0x0409) of its length with
 * a sheet, chart, macro or workbook type. */
static int looks_old_biff(const unsigned char *p, size_t n)
{
    if (n < 8 || p[0] != 0x09 || (p[1] != 0x00 && p[1] != 0x02 && p[1] != 0x04))
        return 0;
    unsigned len = p[2] | (unsigned)p[3] << 8, type = p[6] | (unsigned)p[7] << 8;
    if (len != (p[1] == 0x00 ? 4u : 6u))
        return 0;
    return type == 0x0010 || type == 0x0020 || type == 0x0040 || type == 0x0100;
}

static iki_error detect(iki_reader *r)
{
    unsigned char head[4096];
    size_t got = 0;
    if (iki_bytes_read_at(&r->src, 0, head, sizeof head, &got) != IKI_OK)
        return reader_fail(r, IKI_ERROR_IO, "cannot read: %s", strerror(errno));
    if (got == 0)
        return reader_fail(r, IKI_ERROR_NOT_SPREADSHEET,
                           "empty file (0 bytes), not a spreadsheet");
    static const unsigned char ole[8] = {0xD0, 0xCF, 0x11, 0xE0,
                                         0xA1, 0xB1, 0x1A, 0xE1};
    if (got >= 8 && memcmp(head, ole, 8) == 0) {
        r->ops = &iki_xls_ops;
        return IKI_OK;
    }
    if (got >= 4 && head[0] == 'P' && head[1] == 'K' &&
        ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6) ||
         (head[2] == 7 && head[3] == 8))) {
        iki_error e = iki_zip_open(r);
        if (e != IKI_OK)
            return e;
        char *book = NULL;
        iki_error xe = iki_xlsx_workbook_part(r, &book);
        int is_xlsx = xe == IKI_OK && book;
        free(book);
        int is_ods = 0;
        if (iki_zip_find(r->zip, "mimetype") >= 0) {
            iki_buf mt = IKI_BUF_INIT;
            if (iki_zip_read_all(r, "mimetype", &mt) == IKI_OK && mt.data)
                is_ods = strncmp(mt.data,
                                 "application/vnd.oasis.opendocument.spreadsheet",
                                 46) == 0 && (mt.len == 46 || mt.data[46] == '\r' ||
                                              mt.data[46] == '\n');
            iki_buf_free(&mt);
        }
        if (xe != IKI_OK && !is_ods)
            return xe; /* another office document: the message says which */
        if (xe != IKI_OK) {
            iki_buf_clear(&r->msg);
            iki_buf_clear(&r->msg_id);
        }
        if (is_xlsx && is_ods)
            r->ops = ext_is(r, "ods") ? &iki_ods_ops : &iki_xlsx_ops;
        else if (is_xlsx)
            r->ops = &iki_xlsx_ops;
        else if (is_ods)
            r->ops = &iki_ods_ops;
        else
            return reader_fail(r, IKI_ERROR_NOT_SPREADSHEET,
                               "zip archive holds neither an xlsx workbook "
                               "nor an ODS spreadsheet");
        return IKI_OK;
    }
    if (looks_old_biff(head, got)) { /* Excel 2.x-4.0: xls.c reads its worksheets */
        r->ops = &iki_xls_ops;
        return IKI_OK;
    }
    if (looks_binary(head, got))
        return reader_fail(r, IKI_ERROR_NOT_SPREADSHEET,
                           "binary content of no known spreadsheet format "
                           "(xls, xlsx, ods, csv)");
    if (looks_markup(head, got))
        return reader_fail(r, IKI_ERROR_NOT_SPREADSHEET,
                           "HTML or XML text, not a spreadsheet: open it in a "
                           "spreadsheet program and save it as .xlsx");
    r->ops = &iki_csv_ops;
    return IKI_OK;
}

static iki_error set_name(iki_reader *r, const char *name)
{
    r->name = strdup(name ? name : "(memory)");
    if (!r->name)
        return IKI_ERROR_NOMEM;
    const char *base = iki_os_base_name(r->name);
    const char *dot = strrchr(base, '.');
    r->ext = dot ? dot + 1 : "";
    return IKI_OK;
}

static iki_error finish_open(iki_reader *r)
{
    iki_error e = detect(r);
    if (e == IKI_OK)
        e = r->ops->open(r);
    if (e != IKI_OK) {
        /* keep the message, drop the rest */
        iki_buf keep = r->msg, keep_id = r->msg_id;
        memset(&r->msg, 0, sizeof r->msg);
        memset(&r->msg_id, 0, sizeof r->msg_id);
        reader_close(r);
        r->msg = keep;
        r->msg_id = keep_id;
    }
    return e;
}

iki_error iki_reader_open_path(iki_reader *r, const char *path)
{
    if (!r || !path)
        return IKI_ERROR_USAGE;
    reader_close(r);
    iki_buf_clear(&r->msg);
    if (set_name(r, path) != IKI_OK)
        return IKI_ERROR_NOMEM;
    int fd = iki_os_open_read(path);
    if (fd < 0) {
        iki_error e = reader_fail(r, IKI_ERROR_IO, "cannot open: %s", strerror(errno));
        reader_close(r);
        return e;
    }
    iki_os_info st = {0};
    if (iki_os_fstat(fd, &st) != 0 || st.kind != IKI_OS_FILE) {
        int dir = st.kind == IKI_OS_DIR;
        iki_os_close(fd);
        iki_error e = reader_fail(r, IKI_ERROR_IO, dir ? "is a directory, not a file"
                                                       : "not a regular file");
        reader_close(r);
        return e;
    }
    if (st.size > r->limits.max_file_bytes) {
        iki_os_close(fd);
        iki_error e = reader_fail(r, IKI_ERROR_LIMIT, IKI_TOO_LARGE_FMT,
                                  (unsigned long long)st.size,
                                  (unsigned long long)r->limits.max_file_bytes);
        reader_close(r);
        return e;
    }
    r->src.fd = fd;
    r->src.size = st.size;
    r->src.path = r->name;
    return finish_open(r);
}

iki_error iki_reader_open_memory(iki_reader *r, const void *data, size_t size,
                                 const char *name)
{
    if (!r || (!data && size))
        return IKI_ERROR_USAGE;
    reader_close(r);
    iki_buf_clear(&r->msg);
    if (set_name(r, name) != IKI_OK)
        return IKI_ERROR_NOMEM;
    static const unsigned char empty[1] = {0};
    r->src.mem = data ? data : empty;
    r->src.size = size;
    return finish_open(r);
}

/* ---- sheets and rows ----------------------------------------------------- */
iki_format iki_reader_format(const iki_reader *r)
{
    return r && r->ops ? r->ops->format : IKI_FORMAT_UNKNOWN;
}

size_t iki_reader_sheet_count(const iki_reader *r)
{
    return r ? r->nsheets : 0;
}

const iki_sheet_info *iki_reader_sheet(const iki_reader *r, size_t index)
{
    if (!r || index >= r->nsheets)
        return NULL;
    return &r->sheets[index];
}

long iki_reader_find_sheet(const iki_reader *r, const char *name)
{
    for (size_t i = 0; r && name && i < r->nsheets; i++)
        if (strcmp(r->sheets[i].name, name) == 0)
            return (long)i;
    return -1;
}

iki_error iki_reader_open_sheet(iki_reader *r, size_t index)
{
    if (!r || !r->ops)
        return IKI_ERROR_USAGE;
    if (index >= r->nsheets)
        return reader_fail(r, IKI_ERROR_NO_SUCH_SHEET, "no sheet number %zu",
                           index + 1);
    iki_buf_clear(&r->msg);
    r->cur_sheet = (long)index;
    r->nmerges = 0;
    r->sheet_done = 0;
    r->sheet_failed = 0;
    r->rows_out = 0;
    iki_fsheet_reset(r->fsheet);
    iki_error e = r->ops->open_sheet(r, index);
    if (e != IKI_OK)
        r->sheet_failed = 1;
    return e;
}

/* The next non-empty row of the format module into r->row; *have = 0 at
 * the end of the sheet.  On an error the sheet is failed. */
iki_error reader_fetch_row(iki_reader *r, int *have)
{
    for (;;) {
        *have = 0;
        rowbuf_reset(&r->rb, 0);
        iki_error e = r->ops->next_row(r, &r->rb, have);
        if (e != IKI_OK) {
            r->sheet_failed = 1;
            if (!r->msg.len)
                reader_fail(r, e, NULL);
            return e;
        }
        if (!*have)
            return IKI_OK;
        if (r->rb.n == 0)
            continue;
        if (r->rb.row >= r->limits.max_rows) {
            r->sheet_failed = 1;
            return reader_fail(r, IKI_ERROR_LIMIT, "more than %u rows",
                               (unsigned)r->limits.max_rows);
        }
        if (rowbuf_finish(&r->rb, &r->row) != 0) {
            r->sheet_failed = 1;
            return reader_fail(r, IKI_ERROR_NOMEM, NULL);
        }
        if (r->row.ncells &&
            r->row.cells[r->row.ncells - 1].col >= r->limits.max_cols) {
            r->sheet_failed = 1;
            return reader_fail(r, IKI_ERROR_LIMIT, "more than %u columns",
                               (unsigned)r->limits.max_cols);
        }
        return IKI_OK;
    }
}

iki_error iki_reader_next_row(iki_reader *r, const iki_row **row)
{
    if (row)
        *row = NULL;
    if (!r || !row || r->cur_sheet < 0)
        return IKI_ERROR_USAGE;
    if (r->sheet_failed)
        return IKI_ERROR_USAGE;
    if (r->sheet_done)
        return IKI_OK;
    int have = 0;
    iki_error e = reader_fetch_row(r, &have);
    /* formulas without a cached value: computed over the sheet */
    if (e == IKI_OK && have)
        e = iki_fsheet_row(r, &have);
    if (e != IKI_OK) {
        r->sheet_failed = 1;
        return e;
    }
    if (!have) {
        r->sheet_done = 1;
        return IKI_OK;
    }
    r->rows_out++;
    *row = &r->row;
    return IKI_OK;
}

const iki_range *iki_reader_merges(const iki_reader *r, size_t *count)
{
    if (count)
        *count = r ? r->nmerges : 0;
    return r ? r->merges : NULL;
}
