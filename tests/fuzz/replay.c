/* Replays inputs through a libFuzzer harness without libFuzzer: each
 * argument is a file, or a folder whose files are all replayed.  Used by
 * CTest (fuzz_regress.HARNESS) on fixtures/fuzz/HARNESS/ in every build,
 * so the inputs a harness once failed on stay fixed.  Exits 0 when every
 * input ran (a failure shows as a crash, or as a sanitizer's report). */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return -1;
    }
    uint8_t *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len == cap) {
            cap = cap ? cap * 2 : 65536;
            uint8_t *n = realloc(buf, cap);
            if (!n) {
                free(buf);
                fclose(f);
                return -1;
            }
            buf = n;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0)
            break;
    }
    int bad = ferror(f);
    fclose(f);
    if (!bad)
        LLVMFuzzerTestOneInput(buf, len);
    free(buf);
    printf("%s: %zu bytes replayed\n", path, len);
    return bad ? -1 : 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

int main(int argc, char **argv)
{
    int rc = 0, n = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            perror(argv[i]);
            return 1;
        }
        if (!S_ISDIR(st.st_mode)) {
            rc |= replay_file(argv[i]) != 0;
            n++;
            continue;
        }
        struct dirent **list;
        int k = scandir(argv[i], &list, NULL, by_name);
        for (int j = 0; j < k; j++) {
            if (list[j]->d_name[0] != '.') {
                char path[4096];
                snprintf(path, sizeof path, "%s/%s", argv[i], list[j]->d_name);
                rc |= replay_file(path) != 0;
                n++;
            }
            free(list[j]);
        }
        free(list);
    }
    printf("%d input(s) replayed\n", n);
    return rc || n == 0;
}
