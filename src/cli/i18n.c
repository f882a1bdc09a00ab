/* The CLI's language: see i18n.h. */
#include "i18n.h"

#include <stdlib.h>
#include <string.h>

#include "iki/msg.h"
#include "iki/os.h"

static int indonesian;

static int set(const char *v)
{
    return v && *v;
}

/* v names language lang ("id", "en"): lang alone or followed by _ . @ */
static int names(const char *v, size_t n, const char *lang)
{
    size_t k = strlen(lang);
    return n >= k && strncmp(v, lang, k) == 0 &&
           (n == k || v[k] == '_' || v[k] == '.' || v[k] == '@');
}

int iki_cli_language_is_id(const char *lc_all, const char *lc_messages, const char *lang,
                           const char *language)
{
    const char *loc = set(lc_all) ? lc_all : set(lc_messages) ? lc_messages
                    : set(lang)   ? lang
                                  : "C";
    if (strcmp(loc, "C") == 0 || strcmp(loc, "POSIX") == 0)
        return 0;
    /* LANGUAGE, when set, replaces the locale's language: its entries are
     * tried in order and only id has a catalog, so any id entry wins and
     * a list without one leaves the sources' English */
    if (set(language)) {
        for (const char *p = language; *p;) {
            const char *colon = strchr(p, ':');
            size_t n = colon ? (size_t)(colon - p) : strlen(p);
            if (names(p, n, "id"))
                return 1;
            p += n + (colon != NULL);
        }
        return 0;
    }
    return names(loc, strlen(loc), "id");
}

void iki_cli_i18n_init(void)
{
    const char *lc_all = getenv("LC_ALL"), *lc_messages = getenv("LC_MESSAGES");
    const char *lang = getenv("LANG");
    /* no locale in the environment: the system's own setting, where it
     * keeps one (Windows' display language), as gettext does */
    if (!set(lc_all) && !set(lc_messages) && !set(lang))
        lang = iki_os_user_language();
    indonesian = iki_cli_language_is_id(lc_all, lc_messages, lang, getenv("LANGUAGE"));
}

int iki_cli_indonesian(void)
{
    return indonesian;
}

const char *iki_cli_text(const char *s)
{
    return iki_msg_pick(s, indonesian);
}

const char *iki_cli_pick(const char *en, const char *id)
{
    return indonesian && id ? id : en;
}

const char *iki_cli_strerror(iki_error e)
{
    return iki_cli_text(iki_strerror(e));
}
