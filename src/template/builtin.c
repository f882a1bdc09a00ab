/* iki — the built-in template: templates/dinsos-pppa-sampang.yaml, embedded
 * at build time by cmake/embed.cmake as a NUL-terminated array. */
#include <stddef.h>

#include "iki/template.h"

extern const char iki_builtin_template_yaml[];
extern const size_t iki_builtin_template_yaml_len;

const char *iki_template_builtin_text(size_t *len)
{
    if (len)
        *len = iki_builtin_template_yaml_len;
    return iki_builtin_template_yaml;
}

iki_error iki_template_load_builtin(iki_template **out, char *err, size_t errcap)
{
    return iki_template_load("(bawaan)", iki_builtin_template_yaml,
                             iki_builtin_template_yaml_len, out, err, errcap);
}
