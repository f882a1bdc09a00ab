/* Runs a program with no LANG, LC_ALL, LC_MESSAGES or LANGUAGE in its
 * environment, so that it can only learn the user's language from
 * Windows itself, except for NAME=VALUE words given before the program:
 *   nolocale.exe [NAME=VALUE...] PROGRAM ARGS...   (tests/wine/run.sh) */
#include <windows.h>
#include <wchar.h>

/* The next word of the command line: its end, and (unquoted) a copy. */
static wchar_t *word(wchar_t *p, wchar_t *out, size_t cap)
{
    int quoted = 0;
    size_t n = 0;
    while (*p && (quoted || (*p != L' ' && *p != L'\t'))) {
        if (*p == L'"')
            quoted = !quoted;
        else if (n + 1 < cap)
            out[n++] = *p;
        p++;
    }
    out[n] = 0;
    while (*p == L' ' || *p == L'\t')
        p++;
    return p;
}

int wmain(void)
{
    static const wchar_t *const vars[] = {L"LANG", L"LC_ALL", L"LC_MESSAGES", L"LANGUAGE"};
    for (int i = 0; i < 4; i++)
        SetEnvironmentVariableW(vars[i], NULL);
    wchar_t w[512];
    wchar_t *cl = word(GetCommandLineW(), w, 512); /* this program */
    for (;;) {
        wchar_t *next = word(cl, w, 512);
        wchar_t *eq = wcschr(w, L'=');
        if (!eq || eq == w)
            break;
        *eq = 0;
        SetEnvironmentVariableW(w, eq + 1);
        cl = next;
    }
    STARTUPINFOW si;
    ZeroMemory(&si, sizeof si);
    si.cb = sizeof si;
    PROCESS_INFORMATION pi;
    if (!*cl || !CreateProcessW(NULL, cl, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi))
        return 125;
    WaitForSingleObject(pi.hProcess, INFINITE);
    DWORD rc = 1;
    GetExitCodeProcess(pi.hProcess, &rc);
    return (int)rc;
}
