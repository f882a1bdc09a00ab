/* The run stage's file hash, shared by `build` (run.c) and `rekap`
 * (rekap.c). */
#ifndef IKI_RUN_HASH_H
#define IKI_RUN_HASH_H

#include "iki/os.h"

/* Hash the regular file at path with SHA-256 into hex (64 hex digits and a
 * NUL).  *st gets the file's facts as soon as it is opened, also when the
 * hash then fails.  A file over the size limit (iki_limits.max_file_bytes)
 * is refused unread, so its cost is bounded.  0, or -1 with errno: EISDIR,
 * EINVAL (not a regular file), EFBIG (over the limit), or the system's. */
int iki_run_hash_file(const char *path, iki_os_info *st, char hex[65]);

#endif
