/* libFuzzer harness: the table stage's text helpers, which see every cell
 * of every input: header normalisation, numbers written as text (both
 * locales), periods, kecamatan names, total labels and yes-values. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "iki/table.h"
#include "iki/template.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static iki_template *tpl;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!tpl) {
        char err[256];
        if (iki_template_load_builtin(&tpl, err, sizeof err) != IKI_OK)
            abort();
    }
    const char *s = (const char *)data;
    char norm[512];
    size_t n = iki_norm_text(s, size, norm, sizeof norm);
    if (n >= sizeof norm)
        __builtin_trap();
    double v;
    int pct;
    iki_parse_number_text(s, size, "id", &v, &pct);
    iki_parse_number_text(s, size, "en", &v, NULL);
    iki_period p;
    if (iki_period_parse(s, size, &p)) {
        char buf[64];
        iki_period_format(&p, buf, sizeof buf);
        iki_period_end(&p);
    }
    iki_match_area(tpl, s, size);
    iki_is_total_label(tpl, s, size);
    iki_cell c = {0, IKI_CELL_TEXT, 0, NULL, 0};
    char *copy = malloc(size + 1);
    if (copy) {
        for (size_t i = 0; i < size; i++)
            copy[i] = s[i];
        copy[size] = '\0';
        c.text = copy;
        c.text_len = size;
        iki_cell_is_yes(&c, &tpl->yes_values);
        iki_cell_number(&c, "id", &v);
        free(copy);
    }
    return 0;
}
