/* libFuzzer harness: the YAML template loader and its validation.  Every
 * failure must produce a one-line "name:line:column: ..." message. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "iki/template.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    iki_template *t = NULL;
    char err[1024] = "";
    iki_error e = iki_template_load("fuzz.yaml", (const char *)data, size, &t, err, sizeof err);
    if (e == IKI_ERROR_TEMPLATE && (strncmp(err, "fuzz.yaml:", 10) != 0 || strchr(err, '\n')))
        __builtin_trap();
    iki_template_free(t);
    return 0;
}
