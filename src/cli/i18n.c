/* The CLI's language: see i18n.h. */
#include "i18n.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifndef IKI_NO_NLS
#include <unistd.h>
#endif

#include "iki/diag.h"

#ifndef IKI_LOCALEDIR_BUILD
#define IKI_LOCALEDIR_BUILD ""
#endif
#ifndef IKI_LOCALEDIR_INSTALL
#define IKI_LOCALEDIR_INSTALL "/usr/local/share/locale"
#endif

static int indonesian;

#ifndef IKI_NO_NLS

/* The locale name that decides messages, by POSIX precedence. */
static const char *messages_locale(void)
{
    static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < sizeof vars / sizeof *vars; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            return v;
    }
    return "";
}

static int is_indonesian(const char *v)
{
    return v[0] == 'i' && v[1] == 'd' &&
           (v[2] == '\0' || v[2] == '_' || v[2] == '.' || v[2] == '@');
}

static int has_catalog(const char *dir)
{
    char path[4096];
    if (!dir || !*dir)
        return 0;
    int n = snprintf(path, sizeof path, "%s/id/LC_MESSAGES/iki.mo", dir);
    return n > 0 && (size_t)n < sizeof path && access(path, R_OK) == 0;
}

static const char *catalog_dir(void)
{
    const char *env = getenv("IKI_LOCALEDIR");
    if (env && *env)
        return env;
    /* PREFIX/share/locale beside PREFIX/bin/iki: an install with
     * `cmake --install --prefix` elsewhere than configured */
    static char beside[4096];
    ssize_t n = readlink("/proc/self/exe", beside, sizeof beside - 1);
    beside[n > 0 ? n : 0] = '\0';
    for (int up = 0; up < 2; up++) {
        char *slash = strrchr(beside, '/');
        if (slash)
            *slash = '\0';
        else
            beside[0] = '\0';
    }
    if (beside[0] && strlen(beside) + sizeof "/share/locale" <= sizeof beside)
        strcat(beside, "/share/locale");
    else
        beside[0] = '\0';
    const char *const dirs[] = {IKI_LOCALEDIR_BUILD, beside, IKI_LOCALEDIR_INSTALL,
                                "/usr/local/share/locale", "/usr/share/locale"};
    for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++)
        if (has_catalog(dirs[i]))
            return dirs[i];
    return IKI_LOCALEDIR_INSTALL;
}

void iki_cli_i18n_init(void)
{
    indonesian = is_indonesian(messages_locale());
    bindtextdomain("iki", catalog_dir());
    bind_textdomain_codeset("iki", "UTF-8");
    textdomain("iki");
    if (!indonesian) {
        /* English is the msgids: LC_MESSAGES stays "C", so gettext opens no
         * catalog and ignores LANGUAGE (LANGUAGE=id with LANG=en_US would
         * otherwise mix Indonesian CLI text with English library text). */
        return;
    }
    const char *got = setlocale(LC_MESSAGES, "");
    /* A fresh Debian has no id_ID locale: glibc's gettext still honours
     * LANGUAGE under C.UTF-8 (not under plain "C"). */
    if (!got || strcmp(got, "C") == 0 || strcmp(got, "POSIX") == 0)
        if (!setlocale(LC_MESSAGES, "C.UTF-8"))
            setlocale(LC_MESSAGES, "C.utf8");
    setenv("LANGUAGE", "id", 1);
}

#else
/* No catalog: the CLI speaks English, and so do the library's messages. */
void iki_cli_i18n_init(void)
{
    indonesian = 0;
}
#endif

int iki_cli_indonesian(void)
{
    return indonesian;
}

const char *iki_cli_pick(const char *en, const char *id)
{
    return indonesian && id ? id : en;
}

const char *iki_cli_strerror(iki_error e)
{
    const char *en = iki_strerror(e);
    return iki_cli_pick(en, iki_text_id(en));
}
