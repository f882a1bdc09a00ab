/* SHA-256 of an input file (nettle): shown in Sumber, and finds identical
 * copies ("Rekap (1).xlsx"). */
#include "hash.h"

#include <errno.h>
#include <stdio.h>
#include <nettle/sha2.h>

#include "iki/reader.h"

int iki_run_hash_file(const char *path, iki_os_info *st, char hex[65])
{
    int fd = iki_os_open_read(path);
    if (fd < 0)
        return -1;
    if (iki_os_fstat(fd, st) != 0 || st->kind != IKI_OS_FILE) {
        iki_os_close(fd);
        errno = st->kind == IKI_OS_DIR ? EISDIR : EINVAL;
        return -1;
    }
    iki_limits lim;
    iki_limits_default(&lim);
    if (st->size > lim.max_file_bytes) { /* refused unread: bounded time */
        iki_os_close(fd);
        errno = EFBIG;
        return -1;
    }
    struct sha256_ctx sha;
    sha256_init(&sha);
    unsigned char buf[65536];
    long long n;
    while ((n = iki_os_read(fd, buf, sizeof buf)) > 0)
        sha256_update(&sha, (size_t)n, buf);
    iki_os_close(fd);
    if (n < 0)
        return -1;
    unsigned char digest[SHA256_DIGEST_SIZE];
    sha256_digest(&sha, sizeof digest, digest);
    for (size_t i = 0; i < SHA256_DIGEST_SIZE; i++)
        snprintf(hex + 2 * i, 3, "%02x", digest[i]);
    return 0;
}
