/* iki — numbers and dates as text, the same in every locale: shared by
 * the stages (compute notes, table messages, run) and `iki dump`, so no
 * stage reaches into another's module for them. */
#ifndef IKI_NUMFMT_H
#define IKI_NUMFMT_H

#include <stddef.h>

/* Shortest decimal that reads back as v, at most 15 significant digits
 * ("12", "0.1", "-3.5", "1E+20").  Writes at most cap bytes including the
 * NUL (32 is always enough); returns the length. */
size_t iki_format_number(double v, char *buf, size_t cap);

/* 1900-system serial as "YYYY-MM-DD", "YYYY-MM-DDTHH:MM:SS" when there is a
 * time part, or "HH:MM:SS" for a pure time (integer part 0), rounded to the
 * nearest second.  Out-of-range serials are formatted as numbers. */
size_t iki_format_serial(double serial, char *buf, size_t cap);

#endif
