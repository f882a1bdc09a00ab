/* Messages of the CLI in the user's language: English msgids, Indonesian
 * from po/id.po through GNU gettext (libintl is in glibc).  Only the CLI
 * translates; the library gives English and Indonesian texts side by side
 * (iki_diag.message / message_id, iki_reader_message_id, ...) and the CLI
 * picks one with iki_cli_indonesian(). */
#ifndef IKI_CLI_I18N_H
#define IKI_CLI_I18N_H

#include "iki/error.h"

#ifndef IKI_NO_NLS
#include <libintl.h>
#define _(s) gettext(s)
#else /* a build without gettext (Windows): English */
#define _(s) (s)
#endif
#define N_(s) (s) /* marked for xgettext, translated where used */

/* Call first in main: setlocale(LC_MESSAGES, "") only (never LC_ALL or
 * LC_NUMERIC: numbers stay locale-independent), the text domain "iki" and
 * its folder.  Indonesian when LC_ALL, else LC_MESSAGES, else LANG starts
 * with "id" (id, id_ID, id_ID.UTF-8, ...), and only then (English needs no
 * locale: LC_MESSAGES stays "C"); when that locale is not
 * installed, C.UTF-8 with LANGUAGE=id.  The .mo file is looked for in
 * $IKI_LOCALEDIR (alone when set), else the build tree, ../share/locale
 * beside the binary, the configured install prefix, /usr/local/share/locale
 * and /usr/share/locale: the first that has id/LC_MESSAGES/iki.mo. */
void iki_cli_i18n_init(void);

/* 1 when the CLI speaks Indonesian. */
int iki_cli_indonesian(void);

/* Pick the text of the user's language: en, or id when Indonesian and id
 * is not NULL. */
const char *iki_cli_pick(const char *en, const char *id);

/* iki_strerror() in the user's language. */
const char *iki_cli_strerror(iki_error e);

#endif
