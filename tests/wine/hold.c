/* hold FILE SECONDS: open FILE as Excel does an open workbook (no sharing
 * for writing or deleting), print "held", keep it for SECONDS (a decimal
 * number: 0.5 is half a second).  Built with
 * mingw by tests/wine/run.sh, run under Wine. */
#include <stdio.h>
#include <stdlib.h>
#include <windows.h>

int main(int argc, char **argv)
{
    if (argc != 3)
        return 2;
    HANDLE h = CreateFileA(argv[1], GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ, NULL,
                           OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        fprintf(stderr, "hold: cannot open %s: error %lu\n", argv[1], GetLastError());
        return 1;
    }
    printf("held\n");
    fflush(stdout);
    Sleep((DWORD)(atof(argv[2]) * 1000));
    CloseHandle(h);
    return 0;
}
