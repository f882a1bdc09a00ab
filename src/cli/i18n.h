/* Messages of the CLI in the user's language: English in the sources,
 * Indonesian from po/id.po through the catalog compiled into the program
 * (include/iki/msg.h): no gettext runtime, installed catalog or installed
 * locale is needed, on Linux and Windows alike.  Only the CLI chooses a
 * language; the library gives English and Indonesian texts side by side
 * (iki_diag.message / message_id, ...) and the CLI picks one with
 * iki_cli_indonesian(). */
#ifndef IKI_CLI_I18N_H
#define IKI_CLI_I18N_H

#include "iki/error.h"

#define _(s) iki_cli_text(s)
#define N_(s) (s) /* marked for xgettext, translated where used */

/* Call first in main: decides the terminal's language from the
 * environment as GNU gettext would, by the variables' names only (no
 * setlocale: a locale need not be installed):
 *   1. the locale of messages is the first non-empty of LC_ALL,
 *      LC_MESSAGES, LANG; none means the system's own setting where it
 *      keeps one apart from the environment (Windows: the user's display
 *      language, "id_ID" on an Indonesian Windows; iki_os_user_language),
 *      else "C";
 *   2. when it is "C" or "POSIX" the terminal is English and LANGUAGE is
 *      not consulted (gettext ignores LANGUAGE in the C locale; "C.UTF-8"
 *      is not "C");
 *   3. else LANGUAGE, when set and not empty, is a colon list of
 *      languages that replaces the locale's, tried in order as gettext
 *      does: a language is used when it has a catalog, and only id has
 *      one, so a list with an "id..." entry anywhere gives Indonesian
 *      ("en:id" too: gettext finds no en catalog and goes on), and a list
 *      without one gives the sources' English (LANG=id_ID LANGUAGE=fr too);
 *   4. else (no LANGUAGE) the locale of step 1 decides: Indonesian when it
 *      is "id" or starts "id_", "id." or "id@" (id_ID.UTF-8, ...),
 *      English otherwise.
 * So LANG=id_ID.UTF-8 gives Indonesian on a system without that locale,
 * and LANG=C.UTF-8 LANGUAGE=id too. */
void iki_cli_i18n_init(void);
/* The same decision from given values (NULL = unset), for tests. */
int iki_cli_language_is_id(const char *lc_all, const char *lc_messages, const char *lang,
                           const char *language);

/* 1 when the CLI speaks Indonesian. */
int iki_cli_indonesian(void);

/* s in the user's language: its Indonesian from the catalog when the CLI
 * speaks Indonesian and the catalog knows it, else s. */
const char *iki_cli_text(const char *s) __attribute__((format_arg(1)));

/* Pick the text of the user's language: en, or id when Indonesian and id
 * is not NULL. */
const char *iki_cli_pick(const char *en, const char *id);

/* iki_strerror() in the user's language. */
const char *iki_cli_strerror(iki_error e);

#endif
