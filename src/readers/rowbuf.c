/* Row builder: collects the cells of one row for the format modules. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

void rowbuf_reset(rowbuf *rb, uint32_t row)
{
    rb->row = row;
    rb->n = 0;
    rb->unsorted = 0;
    iki_buf_clear(&rb->text);
}

void rowbuf_free(rowbuf *rb)
{
    free(rb->cells);
    free(rb->out);
    iki_buf_free(&rb->text);
    memset(rb, 0, sizeof *rb);
}

static rb_cell *push(rowbuf *rb, uint32_t col, iki_cell_type type)
{
    if (rb->n == rb->cap) {
        size_t cap = rb->cap ? rb->cap * 2 : 32;
        rb_cell *c = realloc(rb->cells, cap * sizeof *c);
        if (!c)
            return NULL;
        rb->cells = c;
        rb->cap = cap;
    }
    if (rb->n && rb->cells[rb->n - 1].col >= col)
        rb->unsorted = 1;
    rb_cell *c = &rb->cells[rb->n];
    c->seq = (uint32_t)rb->n++;
    c->col = col;
    c->type = type;
    c->number = 0;
    c->text_off = 0;
    c->text_len = 0;
    return c;
}

int rowbuf_add_number(rowbuf *rb, uint32_t col, double v)
{
    rb_cell *c = push(rb, col, IKI_CELL_NUMBER);
    if (!c)
        return -1;
    c->number = v;
    return 0;
}

int rowbuf_add_date(rowbuf *rb, uint32_t col, double serial)
{
    rb_cell *c = push(rb, col, IKI_CELL_DATE);
    if (!c)
        return -1;
    c->number = serial;
    return 0;
}

int rowbuf_add_bool(rowbuf *rb, uint32_t col, int v)
{
    rb_cell *c = push(rb, col, IKI_CELL_BOOL);
    if (!c)
        return -1;
    c->number = v ? 1 : 0;
    return 0;
}

int rowbuf_text_begin(rowbuf *rb, uint32_t col, iki_cell_type type)
{
    rb_cell *c = push(rb, col, type);
    if (!c)
        return -1;
    c->text_off = rb->text.len;
    return 0;
}

int rowbuf_text_append(rowbuf *rb, const char *s, size_t len)
{
    return iki_buf_append(&rb->text, s, len);
}

void rowbuf_text_end(rowbuf *rb)
{
    rb_cell *c = &rb->cells[rb->n - 1];
    c->text_len = rb->text.len - c->text_off;
    /* keep a NUL after each text so pointers are C strings */
    iki_buf_append_char(&rb->text, '\0');
}

void rowbuf_drop_last(rowbuf *rb)
{
    if (rb->n) {
        rb->text.len = rb->cells[rb->n - 1].text_off;
        rb->n--;
    }
}

static int add_text(rowbuf *rb, uint32_t col, iki_cell_type type,
                    const char *s, size_t len)
{
    if (rowbuf_text_begin(rb, col, type) != 0)
        return -1;
    if (iki_buf_reserve(&rb->text, len + 1) != 0) {
        rb->n--;
        return -1;
    }
    rowbuf_text_append(rb, s, len);
    rowbuf_text_end(rb);
    return 0;
}

int rowbuf_add_text(rowbuf *rb, uint32_t col, const char *s, size_t len)
{
    return add_text(rb, col, IKI_CELL_TEXT, s, len);
}

int rowbuf_add_error(rowbuf *rb, uint32_t col, const char *s, size_t len)
{
    return add_text(rb, col, IKI_CELL_ERROR, s, len);
}

int rowbuf_add_formula(rowbuf *rb, uint32_t col, const char *s, size_t len)
{
    return add_text(rb, col, IKI_CELL_FORMULA, s, len);
}

static int cmp_cell(const void *a, const void *b)
{
    const rb_cell *x = a, *y = b;
    if (x->col != y->col)
        return x->col < y->col ? -1 : 1;
    /* same column: keep insertion order so the later one wins */
    return x->seq < y->seq ? -1 : (x->seq > y->seq ? 1 : 0);
}

int rowbuf_finish(rowbuf *rb, iki_row *out)
{
    if (rb->unsorted && rb->n > 1) {
        qsort(rb->cells, rb->n, sizeof *rb->cells, cmp_cell);
        size_t w = 0;
        for (size_t i = 0; i < rb->n; i++) {
            if (w && rb->cells[w - 1].col == rb->cells[i].col)
                rb->cells[w - 1] = rb->cells[i];
            else
                rb->cells[w++] = rb->cells[i];
        }
        rb->n = w;
    }
    if (rb->n > rb->out_cap) {
        iki_cell *o = realloc(rb->out, rb->n * sizeof *o);
        if (!o)
            return -1;
        rb->out = o;
        rb->out_cap = rb->n;
    }
    for (size_t i = 0; i < rb->n; i++) {
        const rb_cell *c = &rb->cells[i];
        iki_cell *o = &rb->out[i];
        o->col = c->col;
        o->type = c->type;
        o->number = c->number;
        if (c->type == IKI_CELL_TEXT || c->type == IKI_CELL_ERROR ||
            c->type == IKI_CELL_FORMULA) {
            o->text = rb->text.data + c->text_off;
            o->text_len = c->text_len;
        } else {
            o->text = NULL;
            o->text_len = 0;
        }
    }
    out->row = rb->row;
    out->ncells = rb->n;
    out->cells = rb->out;
    return 0;
}
