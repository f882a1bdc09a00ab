/* iki — the message catalog: po/id.po, compiled into the program.
 *
 * Every text iki shows is written in English in the sources and marked
 * for xgettext (po/update.sh): IKI_MSG("...") around a text or printf
 * format the library keeps for later, the format argument of
 * iki_diags_add() and reader_fail(), and _() / N_() in the CLI.  The build
 * compiles po/id.po with `msgfmt --check-format` (a translation whose
 * conversions differ from its English fails the build) and embeds the .mo
 * as data (cmake/catalog.cmake): no catalog file or installed locale is
 * needed, on any system.  This module looks texts up in it. */
#ifndef IKI_MSG_H
#define IKI_MSG_H

#include <stdarg.h>
#include <stddef.h>

/* Marks an English text or format for xgettext; the text itself. */
#define IKI_MSG(s) s

/* The Indonesian of an English text or format, or NULL when the catalog
 * has none (or english is NULL).  Static storage. */
const char *iki_msg_id(const char *english) __attribute__((format_arg(1)));

/* english in Indonesian when indonesian is non-zero and the catalog knows
 * it, else english itself. */
const char *iki_msg_pick(const char *english, int indonesian)
    __attribute__((format_arg(1)));

/* Format english_fmt (a format of the catalog, whose translation has the
 * same conversions: msgfmt --check-format) in Indonesian with ap into buf
 * of cap bytes.  Returns 1 when translated, 0 when the catalog lacks the
 * format (buf then holds the English), -1 when buf is NULL or cap 0. */
int iki_msg_vformat_id(char *buf, size_t cap, const char *english_fmt, va_list ap);

/* Format fmt in English into en and in Indonesian into id (each of cap
 * bytes) from the same arguments: the arguments are data and stay as they
 * are; a text argument that is itself a message is translated by the
 * caller (iki_msg_pick).  Returns 1 when the Indonesian was found. */
int iki_msg_format_both(char *en, size_t encap, char *id, size_t idcap, const char *fmt,
                        ...) __attribute__((format(printf, 5, 6)));
int iki_msg_vformat_both(char *en, size_t encap, char *id, size_t idcap, const char *fmt,
                         va_list ap);

/* Formats given to iki_msg_vformat_id/_both that the catalog lacked (the
 * English was used): how many, and through last the last one.  Tests
 * (IKI_MSG_STRICT in the CLI) fail on any. */
unsigned long iki_msg_misses(const char **last);

/* The catalog's entries, for tests: entry i's English (NULL past the
 * end; the header entry is left out) and, through indonesian, its
 * translation. */
size_t iki_msg_count(void);
const char *iki_msg_at(size_t i, const char **indonesian);

#endif
