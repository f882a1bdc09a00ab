#include "iki/dump.h"

#include "iki/numfmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int iki_dump_append_cell(iki_buf *out, const iki_cell *c)
{
    char num[48];
    switch (c->type) {
    case IKI_CELL_NUMBER:
        iki_format_number(c->number, num, sizeof num);
        return iki_buf_append_str(out, num);
    case IKI_CELL_DATE:
        iki_format_serial(c->number, num, sizeof num);
        return iki_buf_append_str(out, num);
    case IKI_CELL_BOOL:
        return iki_buf_append_str(out, c->number != 0 ? "TRUE" : "FALSE");
    case IKI_CELL_TEXT:
    case IKI_CELL_ERROR:
        return iki_buf_append(out, c->text, c->text_len);
    case IKI_CELL_FORMULA: /* not computed: the formula, as typed */
        if (iki_buf_append_char(out, '=') != 0)
            return -1;
        return iki_buf_append(out, c->text, c->text_len);
    default:
        return 0;
    }
}

static int append_csv_field(iki_buf *out, const iki_cell *c)
{
    if (c->type == IKI_CELL_FORMULA) {
        iki_buf f = IKI_BUF_INIT;
        iki_cell t = *c;
        int rc = iki_dump_append_cell(&f, c);
        t.type = IKI_CELL_TEXT;
        t.text = f.data ? f.data : "";
        t.text_len = f.len;
        if (rc == 0)
            rc = append_csv_field(out, &t);
        iki_buf_free(&f);
        return rc;
    }
    if (c->type != IKI_CELL_TEXT && c->type != IKI_CELL_ERROR)
        return iki_dump_append_cell(out, c);
    const char *s = c->text;
    size_t n = c->text_len;
    int quote = 0;
    for (size_t i = 0; i < n && !quote; i++)
        quote = s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
    if (!quote)
        return iki_buf_append(out, s, n);
    if (iki_buf_append_char(out, '"') != 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"' && iki_buf_append_char(out, '"') != 0)
            return -1;
        if (iki_buf_append_char(out, s[i]) != 0)
            return -1;
    }
    return iki_buf_append_char(out, '"');
}

iki_error iki_dump_sheet(iki_reader *r, size_t index, iki_dump_write_fn write,
                         void *ctx)
{
    iki_error e = iki_reader_open_sheet(r, index);
    if (e != IKI_OK)
        return e;
    iki_buf line = IKI_BUF_INIT;
    uint64_t next = 0; /* next row number to print */
    const iki_row *row;
    while ((e = iki_reader_next_row(r, &row)) == IKI_OK && row) {
        iki_buf_clear(&line);
        for (; next < row->row; next++)
            if (iki_buf_append_char(&line, '\n') != 0)
                goto nomem;
        uint32_t col = 0;
        for (size_t i = 0; i < row->ncells; i++) {
            const iki_cell *c = &row->cells[i];
            for (; col < c->col; col++)
                if (iki_buf_append_char(&line, ',') != 0)
                    goto nomem;
            if (append_csv_field(&line, c) != 0)
                goto nomem;
        }
        if (iki_buf_append_char(&line, '\n') != 0)
            goto nomem;
        next = (uint64_t)row->row + 1;
        if (write(ctx, line.data, line.len) != 0) {
            e = IKI_ERROR_IO;
            break;
        }
        /* the empty-line run above is bounded by max_rows; keep memory
         * small after a big gap */
        if (line.cap > (1u << 20))
            iki_buf_free(&line);
    }
    iki_buf_free(&line);
    return e;
nomem:
    iki_buf_free(&line);
    return IKI_ERROR_NOMEM;
}
