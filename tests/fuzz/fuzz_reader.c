/* libFuzzer harness: one reader format, selected at build time by
 * FUZZ_NAME (the memory name's extension only breaks ties; detection is by
 * content).  Opens the input from memory and reads every sheet to the end,
 * with the merged ranges.  Built once per format: fuzz_xlsx, fuzz_ods,
 * fuzz_csv, fuzz_xls, and fuzz_detect (open only, any format). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "iki/reader.h"

#ifndef FUZZ_NAME
#define FUZZ_NAME "input.xlsx"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    iki_limits l;
    iki_limits_default(&l);
    /* keep single inputs quick: a fuzzer finds the same bugs with smaller caps */
    l.max_entry_bytes = 64u << 20;
    l.max_total_bytes = 128u << 20;
    l.max_rows = 100000;
    iki_reader *r = iki_reader_new(&l);
    if (!r)
        return 0;
    if (iki_reader_open_memory(r, data, size, FUZZ_NAME) == IKI_OK) {
#ifndef FUZZ_OPEN_ONLY
        for (size_t s = 0; s < iki_reader_sheet_count(r); s++) {
            if (iki_reader_open_sheet(r, s) != IKI_OK)
                continue;
            const iki_row *row;
            size_t cells = 0;
            while (iki_reader_next_row(r, &row) == IKI_OK && row)
                for (size_t i = 0; i < row->ncells; i++)
                    cells += row->cells[i].text ? strlen(row->cells[i].text) : 1;
            size_t n;
            iki_reader_merges(r, &n);
            (void)cells;
        }
#endif
    } else {
        /* every failure must say something that names the input */
        if (!strstr(iki_reader_message(r), FUZZ_NAME))
            __builtin_trap();
    }
    iki_reader_free(r);
    return 0;
}
