/* iki — watch mode: build once, then rebuild whenever files in the inbox
 * are added, changed, renamed or removed (inotify), after the folder has
 * been quiet for a moment and every file's size has stopped changing.
 * Each rebuild is atomic; a failed rebuild keeps the last good output. */
#ifndef IKI_WATCH_H
#define IKI_WATCH_H

#include <signal.h>
#include <time.h>

#include "iki/error.h"
#include "iki/template.h"

typedef struct iki_watch_options {
    const char *inbox;        /* the folder to watch (recursively) */
    const char *output;       /* the workbook to (re)write */
    const char *json;         /* optional JSON beside it, or NULL */
    const iki_template *t;
    int year;                 /* 0: the template's */
    unsigned debounce_ms;     /* quiet time after the last event (default 2000) */
    unsigned settle_ms;       /* size-stability interval (default 1000) */
    const char *version;      /* iki version for the workbook's mark */
} iki_watch_options;

/* One line per build or failure, without a newline: the library never
 * prints, the CLI writes it to stderr or a log. */
typedef void (*iki_watch_log_fn)(void *ctx, const char *line);

/* Build once, then watch until *stop becomes non-zero (set it from a
 * SIGINT/SIGTERM handler): returns IKI_OK then.  IKI_ERROR_IO when the inbox
 * cannot be watched.  Rebuild failures are logged, never fatal. */
iki_error iki_watch_run(const iki_watch_options *o, volatile sig_atomic_t *stop,
                        iki_watch_log_fn log, void *ctx);

#endif
