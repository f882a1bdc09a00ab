/* The Sumber sheet: every input file (path, format, size, modification
 * time, SHA-256, read or skipped and why), then every sheet of those files
 * with what it was recognised as and how many data rows it gave. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define TRY(call)                                                                          \
    do {                                                                                   \
        if ((call) != LXW_NO_ERROR)                                                        \
            return -1;                                                                     \
    } while (0)

static const char *const FILE_HEADER[6] = {"Berkas", "Format",  "Ukuran (byte)",
                                           "Diubah", "SHA-256", "Status"};
static const char *const SHEET_HEADER[4] = {"Berkas", "Lembar", "Dikenali sebagai",
                                            "Baris data"};

/* Format of a file in Indonesian where it is not a format name. */
static const char *format_text(const iki_run_file *f)
{
    const char *s = iki_format_name(f->format);
    return strcmp(s, "unknown") == 0 ? "tidak dikenal" : s;
}

int report_sources_sheet(report_ctx *x)
{
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, "Sumber");
    lxw_format *count = workbook_add_format(x->wb);
    lxw_format *mono = workbook_add_format(x->wb);
    if (!ws || !count || !mono)
        return -1;
    format_set_font_name(count, "Arial");
    format_set_font_size(count, 10);
    format_set_border(count, LXW_BORDER_THIN);
    format_set_num_format(count, "#,##0");
    format_set_align(count, LXW_ALIGN_VERTICAL_TOP);
    format_set_font_name(mono, "Courier New");
    format_set_font_size(mono, 9);
    format_set_border(mono, LXW_BORDER_THIN);
    format_set_align(mono, LXW_ALIGN_VERTICAL_TOP);

    size_t nfiles = iki_run_file_count(x->run);
    char buf[2048];
    lxw_row_t r = 0;
    TRY(worksheet_write_string(ws, r, 0, "BERKAS MASUKAN", x->f.subtitle));
    r++;
    for (lxw_col_t c = 0; c < 6; c++)
        TRY(worksheet_write_string(ws, r, c, FILE_HEADER[c], x->f.header));
    r++;
    size_t nsheets = 0;
    for (size_t i = 0; i < nfiles; i++, r++) {
        const iki_run_file *f = iki_run_file_at(x->run, i);
        if (!f)
            return -1;
        nsheets += f->nsheets;
        TRY(report_put_str(ws, r, 0, f->path, x->f.cell));
        TRY(report_put_str(ws, r, 1, format_text(f), x->f.cell_center));
        if (f->size || f->sha256[0])
            TRY(worksheet_write_number(ws, r, 2, (double)f->size, count));
        else
            TRY(worksheet_write_blank(ws, r, 2, count));
        /* modification time in UTC; none for a path that does not exist */
        if (f->mtime > 0)
            TRY(worksheet_write_unixtime(ws, r, 3, (int64_t)f->mtime, x->f.datetime));
        else
            TRY(worksheet_write_blank(ws, r, 3, x->f.datetime));
        TRY(report_put_str(ws, r, 4, f->sha256, mono));
        if (f->skipped) {
            snprintf(buf, sizeof buf, "dilewati: %s",
                     f->skipped_id ? f->skipped_id : f->skipped);
            TRY(report_put_str(ws, r, 5, buf, x->f.cell));
        } else
            TRY(report_put_str(ws, r, 5, f->read ? "dibaca" : "dilewati", x->f.cell));
    }
    if (nfiles == 0) {
        TRY(worksheet_write_string(ws, r, 0, "Tidak ada berkas masukan", x->f.cell));
        r++;
    }
    lxw_row_t file_last = r - 1;

    r++;
    TRY(worksheet_write_string(ws, r, 0, "LEMBAR KERJA", x->f.subtitle));
    r++;
    for (lxw_col_t c = 0; c < 4; c++)
        TRY(worksheet_write_string(ws, r, c, SHEET_HEADER[c], x->f.header));
    r++;
    for (size_t i = 0; i < nfiles; i++) {
        const iki_run_file *f = iki_run_file_at(x->run, i);
        for (size_t k = 0; k < f->nsheets; k++, r++) {
            const iki_run_sheet *s = &f->sheets[k];
            TRY(report_put_str(ws, r, 0, f->path, x->f.cell));
            TRY(report_put_str(ws, r, 1, s->name, x->f.cell));
            const char *why = s->why_id ? s->why_id : s->why;
            if (s->skipped && s->source >= 0 && (size_t)s->source < x->t->nsources)
                snprintf(buf, sizeof buf, "dilewati: %s (formulir %s)", why ? why : "",
                         x->t->sources[s->source].code);
            else if (s->skipped)
                snprintf(buf, sizeof buf, "dilewati: %s", why ? why : "");
            else if (s->target_form)
                snprintf(buf, sizeof buf, "formulir target (%zu target)", s->targets);
            else if (s->source >= 0 && (size_t)s->source < x->t->nsources) {
                const iki_source *src = &x->t->sources[s->source];
                snprintf(buf, sizeof buf, "%s (%s)", src->code, src->title ? src->title : "");
            } else {
                snprintf(buf, sizeof buf, "tidak dikenali%s%s", why && *why ? ": " : "",
                         why ? why : "");
            }
            TRY(report_put_str(ws, r, 2, buf, x->f.cell));
            TRY(worksheet_write_number(ws, r, 3, (double)s->data_rows, count));
        }
    }
    if (nsheets == 0)
        TRY(worksheet_write_string(ws, r, 0, "Tidak ada lembar yang dibaca", x->f.cell));

    if (nfiles > 0)
        TRY(worksheet_autofilter(ws, 1, 0, file_last, 5));
    TRY(worksheet_set_column(ws, 0, 0, 48, NULL));
    TRY(worksheet_set_column(ws, 1, 1, 20, NULL));
    TRY(worksheet_set_column(ws, 2, 2, 50, NULL));
    TRY(worksheet_set_column(ws, 3, 3, 16, NULL));
    TRY(worksheet_set_column(ws, 4, 4, 66, NULL));
    TRY(worksheet_set_column(ws, 5, 5, 40, NULL));
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9); /* A4 */
    worksheet_fit_to_pages(ws, 1, 0);
    return 0;
}
