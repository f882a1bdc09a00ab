#!/bin/bash
# The Windows stage: cross-build iki.exe (packaging/windows/build-deps.sh,
# cmake/mingw-w64.cmake) and run it under Wine against the Linux build:
# the workbook of fixtures/sampang-2025 byte-identical, `check --tsv`,
# `dump` of every fixture and `forms` identical, every hostile file exit 1
# without a crash, names with spaces, Indonesian letters and past 260
# characters, watch rebuilding after an add and a remove, names that differ
# only in case as one file, and the output
# held open without sharing (as Excel holds it): exit 3, one line, the last
# good workbook untouched.
# Env: IKI_LINUX (default build/iki, built if missing), IKI_WIN_PREFIX,
# IKI_WIN_EXE (default build-win/iki.exe).
set -u
cd "$(dirname "$0")/../.."
root=$PWD
start=$(date +%s)
WINE=${WINE:-/usr/lib/wine/wine64}
IKI_LINUX=${IKI_LINUX:-$root/build/iki}
export LC_ALL=C.UTF-8 # Wine maps Windows names to Linux ones in UTF-8

packaging/windows/build-deps.sh || exit 1
cmake -S . -B build-win -DCMAKE_TOOLCHAIN_FILE=cmake/mingw-w64.cmake >/dev/null &&
    cmake --build build-win -j2 >/dev/null || { echo "wine: the cross-build failed"; exit 1; }
[ -x "$IKI_LINUX" ] || { cmake -S . -B build >/dev/null && cmake --build build -j2 >/dev/null; } || exit 1
EXE=${IKI_WIN_EXE:-$root/build-win/iki.exe} # IKI_WIN_EXE: another build to test

tmp=$(mktemp -d)
export WINEPREFIX=$tmp/wineprefix WINEDEBUG=-all
watch_pid=
cleanup() {
    [ -n "$watch_pid" ] && kill "$watch_pid" 2>/dev/null
    WINEPREFIX=$tmp/wineprefix /usr/lib/wine/wineserver -k 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
x86_64-w64-mingw32-gcc -O2 -o "$tmp/hold.exe" tests/wine/hold.c || exit 1
x86_64-w64-mingw32-gcc -O2 -Wall -Wextra -Werror -municode -o "$tmp/nolocale.exe" tests/wine/nolocale.c || exit 1
t0=$(date +%s)
"$WINE" wineboot -i >/dev/null 2>&1
# one wineserver for the whole stage: not one started and stopped around
# each of the ~150 runs (killed by cleanup)
/usr/lib/wine/wineserver -p
echo "wine: prefix made in $(($(date +%s) - t0)) s"

pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { local what=$1; shift; if "$@"; then ok; else bad "$what"; fi; }
# win ARGS...: iki.exe under Wine.  iki never fails in silence: a
# non-zero exit comes with a result on stdout or a reason on stderr.  A
# non-zero exit with neither (nothing at all, or only Wine's own lines) is
# Wine failing to run it: the run is made once more and said at the end.
# iki's own failures and its crashes (Wine's "Unhandled exception/page
# fault") are never run again.
retries=0
win() {
    local rc n=0
    while :; do
        "$WINE" "$EXE" "$@" >"$tmp/win.stdout" 2>"$tmp/win.stderr"
        rc=$?
        n=$((n + 1))
        [ "$rc" != 0 ] && [ "$n" = 1 ] && [ ! -s "$tmp/win.stdout" ] &&
            wine_failed "$tmp/win.stderr" || break
        retries=$((retries + 1))
        { echo "wine: Wine failed to run iki.exe $* (exit $rc), run again; its stderr:"
          sed 's/^/    /' "$tmp/win.stderr"; } >>"$tmp/retries"
    done
    cat "$tmp/win.stdout"
    cat "$tmp/win.stderr" >&2
    return "$rc"
}
wine_failed() { # STDERR-FILE: true when only Wine spoke, and not of a crash
    ! grep -qiE 'unhandled|exception|page fault|stack overflow' "$1" &&
        ! grep -qvE '^(wine|err:|fixme:|warn:|[0-9a-f]{4}:)' "$1"
}

# -- the workbook, byte for byte -------------------------------------------------
export SOURCE_DATE_EPOCH=1735689600
S=fixtures/sampang-2025
"$IKI_LINUX" build -q -o "$tmp/linux.xlsx" "$S" >/dev/null 2>&1
win build -q -o "$tmp/win.xlsx" "$S" >/dev/null 2>"$tmp/err"
check "build exits 0" [ $? = 0 ]
check "the workbook of $S is byte-identical to Linux's" cmp -s "$tmp/linux.xlsx" "$tmp/win.xlsx"
"$IKI_LINUX" build -q --json "$tmp/linux.json" -o "$tmp/l2.xlsx" "$S" >/dev/null 2>&1
win build -q --json "$tmp/win.json" -o "$tmp/w2.xlsx" "$S" >/dev/null 2>&1
check "the JSON is identical" cmp -s "$tmp/linux.json" "$tmp/win.json"

# -- check --tsv, dump, forms ------------------------------------------------------
same() { # WHAT ARGS...: stdout and exit code of both identical
    local what=$1; shift
    "$IKI_LINUX" "$@" >"$tmp/l.out" 2>"$tmp/l.err"; local lr=$?
    win "$@" >"$tmp/w.out" 2>"$tmp/w.err"; local wr=$?
    if [ "$lr" = "$wr" ] && cmp -s "$tmp/l.out" "$tmp/w.out"; then ok; else
        bad "$what: Linux exit $lr, Windows exit $wr"
        diff "$tmp/l.out" "$tmp/w.out" | head -5
        echo "  Linux's stderr:"; head -5 "$tmp/l.err" | sed 's/^/    /'
        echo "  Windows' stderr:"; head -5 "$tmp/w.err" | sed 's/^/    /'
    fi
}
same "check --tsv $S" check --tsv "$S"
same "check $S" check "$S"
n=0
while IFS= read -r f; do
    same "dump $f" dump "$f"
    n=$((n + 1))
done < <(find fixtures -path fixtures/bad -prune -o -type f \
    \( -name '*.xls' -o -name '*.xlsx' -o -name '*.xlsm' -o -name '*.ods' -o -name '*.csv' \) -print | sort)
echo "wine: dump of $n fixtures compared"
"$IKI_LINUX" forms -o "$tmp/forms-l" >/dev/null 2>&1
win forms -o "$tmp/forms-w" >/dev/null 2>&1
check "forms: the same files" diff -r "$tmp/forms-l" "$tmp/forms-w"

# -- the language of the user's Windows ----------------------------------------------
# With no LANG, LC_ALL, LC_MESSAGES or LANGUAGE in its environment
# (nolocale.exe removes them), iki.exe speaks the display language of
# Windows, as gettext does there; Wine takes that language from LC_ALL.
nosheet() { # LC_ALL-for-Wine: iki's complaint of a missing sheet
    LC_ALL=$1 "$WINE" "$tmp/nolocale.exe" "$EXE" dump --sheet X "$S/pmks-2025.csv" 2>&1
}
check "Windows in Indonesian: Indonesian messages ($(nosheet id_ID.UTF-8))" \
    grep -q "tidak ada lembar bernama 'X'" <(nosheet id_ID.UTF-8)
check "Windows in English: English messages ($(nosheet C.UTF-8))" \
    grep -q "no sheet named 'X'" <(nosheet C.UTF-8)
check "LANG set in Windows decides first: English on an Indonesian Windows" \
    grep -q "no sheet named 'X'" <(LC_ALL=id_ID.UTF-8 "$WINE" "$tmp/nolocale.exe" LANG=C \
        "$EXE" dump --sheet X "$S/pmks-2025.csv" 2>&1)

# -- rekap, as the Bappeda runs it: byte-identical to Linux's -------------------------
# two years of workbooks, and 2025 built twice (one with --previous)
mkdir -p "$tmp/rk/masuk"
cp "$tmp/linux.xlsx" "$tmp/rk/masuk/IKI-2025.xlsx"
"$IKI_LINUX" build -q -o "$tmp/rk/masuk/IKI-2024.xlsx" fixtures/sample >/dev/null 2>&1
"$IKI_LINUX" build -q --previous "$tmp/rk/masuk/IKI-2024.xlsx" -o "$tmp/rk/masuk/IKI-2025-prev.xlsx" \
    "$S" >/dev/null 2>&1
(cd "$tmp/rk" && "$IKI_LINUX" rekap -q -o rekap-linux.xlsx --json rekap-linux.json masuk \
    >/dev/null 2>&1)
(cd "$tmp/rk" && win rekap -q -o rekap-win.xlsx --json rekap-win.json masuk >/dev/null 2>&1)
check "rekap: exit 0 ($?)" [ -s "$tmp/rk/rekap-win.xlsx" ]
check "rekap: the workbook is byte-identical to Linux's" \
    cmp -s "$tmp/rk/rekap-linux.xlsx" "$tmp/rk/rekap-win.xlsx"
check "rekap: the JSON is identical" cmp -s "$tmp/rk/rekap-linux.json" "$tmp/rk/rekap-win.json"

# -- the hostile catalogue -----------------------------------------------------------
for f in fixtures/bad/files/*; do
    case $f in *.md) continue ;; esac
    timeout 60 "$WINE" "$EXE" dump "$f" >/dev/null 2>"$tmp/err"
    rc=$?
    if [ "$rc" = 1 ] && grep -q "$(basename "$f")" "$tmp/err"; then ok; else
        bad "hostile $f: exit $rc"; head -3 "$tmp/err"; fi
done

# -- names: spaces, Indonesian letters, past 260 characters, case ----------------------
in="$tmp/Masukan Dinsos – Sampang"
mkdir -p "$in"
cp "$S/pmks-2025.csv" "$in/Rekap PMKS Desember (ñ é).csv"
cp "$S/kla-2025.ods" "$in/kla-2025.ods"
printf 'x' >"$in/~\$kla-2025.xlsx"
printf 'x' >"$in/Thumbs.db"
printf '[.ShellClassInfo]\r\n' >"$in/desktop.ini"
win check "$in" >"$tmp/out" 2>&1
check "a folder and file with spaces and accents is read" grep -q "Rekap PMKS Desember (ñ é).csv" "$tmp/out"
check "Excel's lock file skipped with its reason" grep -q "lock file of Excel" "$tmp/out"
check "Thumbs.db skipped with its reason" grep -q "thumbnail cache of Windows" "$tmp/out"
check "desktop.ini skipped with its reason" grep -q "folder settings of Windows" "$tmp/out"
win build -q -o "$in/Laporan IKI – ñ.xlsx" "$in" >/dev/null 2>&1
check "a workbook written under a UTF-8 name" [ -s "$in/Laporan IKI – ñ.xlsx" ]
deep=$tmp
while [ ${#deep} -lt 300 ]; do deep="$deep/folder dengan nama yang cukup panjang"; done
mkdir -p "$deep"
cp "$S/pmks-2025.csv" "$deep/"
win build -q -o "$deep/IKI.xlsx" "$deep" >/dev/null 2>"$tmp/err"
check "a path of ${#deep} characters: built" [ -s "$deep/IKI.xlsx" ]

# -- Windows paths: backslashes and a drive letter -------------------------------------
# "Buat IKI.cmd" passes the output as "%~dp0IKI.xlsx" (C:\...\IKI.xlsx): the
# name inside such a path is found after its last backslash, so a stale
# temporary file of a killed run is cleaned, watch knows its own output,
# and forms makes nested folders.
wpath() { printf 'Z:%s' "$1" | tr / '\\'; }
mkdir -p "$tmp/bs"
printf 'x' >"$tmp/bs/.IKI.xlsx.aB3dE9"
touch -d '5 minutes ago' "$tmp/bs/.IKI.xlsx.aB3dE9"
win build -q -o "$(wpath "$tmp/bs/IKI.xlsx")" "$S" >/dev/null 2>"$tmp/err"
check "backslashes: the workbook written" cmp -s "$tmp/bs/IKI.xlsx" "$tmp/win.xlsx"
check "backslashes: a killed run's temporary file cleaned" [ "$(ls -A "$tmp/bs")" = "IKI.xlsx" ]
win forms -o "$(wpath "$tmp/bs/formulir/2025")" >/dev/null 2>"$tmp/err"
check "backslashes: forms makes nested folders" [ -s "$tmp/bs/formulir/2025/formulir-target.xlsx" ]
mkdir -p "$tmp/inbox4"
cp "$S/pmks-2025.csv" "$tmp/inbox4/"
(cd "$tmp" && exec "$WINE" "$EXE" watch -o 'inbox4\IKI.xlsx' --debounce 300 --settle 200 inbox4 \
    2>"$tmp/log") &
watch_pid=$!
wait_for() { # PATTERN COUNT, at most 30 s
    for _ in $(seq 1 300); do
        [ "$(grep -c "$1" "$tmp/log")" -ge "$2" ] && return 0
        sleep 0.1
    done
    return 1
}
check "backslashes: watch builds" wait_for "rebuilt" 1
sleep 3
check "backslashes: watch's own write starts no rebuild ($(grep -c rebuilt "$tmp/log") builds)" \
    [ "$(grep -c "rebuilt" "$tmp/log")" = 1 ]
kill "$watch_pid" 2>/dev/null
wait "$watch_pid" 2>/dev/null
watch_pid=

# -- libxlsxwriter's temporary files under a TEMP the ANSI code page cannot spell ----
# (a Windows user name such as "Łukasz" on a Western code page): the library
# opens them by a char name, so iki gives it TEMP's short name; before, it
# fell back to the current folder, which may not be writable.  A folder's
# time changes when a file is made and removed in it.
ld="$tmp/temp-Łódź"
mkdir -p "$ld" "$tmp/cwd"
touch -d '1 hour ago' "$ld" "$tmp/cwd"
t_ld=$(stat -c %Y "$ld") t_cwd=$(stat -c %Y "$tmp/cwd")
(cd "$tmp/cwd" && "$WINE" "$tmp/nolocale.exe" "TMP=$(wpath "$ld")" "TEMP=$(wpath "$ld")" \
    "$EXE" build -q -o "$(wpath "$tmp/tempdir.xlsx")" "$(wpath "$root/$S")" >/dev/null 2>&1)
check "a TEMP outside the ANSI code page: the workbook written" [ -s "$tmp/tempdir.xlsx" ]
check "a TEMP outside the ANSI code page: the library's files made there" \
    [ "$(stat -c %Y "$ld")" != "$t_ld" ]
check "a TEMP outside the ANSI code page: none in the current folder" \
    [ "$(stat -c %Y "$tmp/cwd")" = "$t_cwd" ]

# -- the output held open without sharing (Excel) ----------------------------------
cp "$tmp/win.xlsx" "$tmp/held.xlsx"
cp "$tmp/held.xlsx" "$tmp/good.xlsx"
"$WINE" "$tmp/hold.exe" "$tmp/held.xlsx" 5 >"$tmp/hold.out" 2>&1 &
hold_pid=$!
for _ in $(seq 1 100); do grep -q held "$tmp/hold.out" && break; sleep 0.1; done
win build -q -o "$tmp/held.xlsx" "$S" >/dev/null 2>"$tmp/err"
rc=$?
check "a held output: exit 3 (was $rc)" [ "$rc" = 3 ]
check "a held output: one line naming the file" \
    [ "$(grep -c "held.xlsx.*open in another program" "$tmp/err")" = 1 ]
check "a held output: the last good workbook untouched" cmp -s "$tmp/held.xlsx" "$tmp/good.xlsx"
check "a held output: no temporary file left" [ -z "$(ls -A "$tmp" | grep '^\.held')" ]
wait "$hold_pid" 2>/dev/null
win build -q -o "$tmp/held.xlsx" "$S" >/dev/null 2>"$tmp/err"
check "once closed: written (exit $?)" cmp -s "$tmp/held.xlsx" "$tmp/win.xlsx"
# held for a moment only (a virus scanner, the indexer): waited for, written
mkdir -p "$tmp/brief"
cp "$S/pmks-2025.csv" "$tmp/brief/"
"$IKI_LINUX" build -q -o "$tmp/brief.linux.xlsx" "$tmp/brief" >/dev/null 2>&1
cp "$tmp/good.xlsx" "$tmp/brief.xlsx"
"$WINE" "$tmp/hold.exe" "$tmp/brief.xlsx" 1.5 >"$tmp/hold.out" 2>&1 &
hold_pid=$!
for _ in $(seq 1 100); do grep -q held "$tmp/hold.out" && break; sleep 0.1; done
win build -q -o "$tmp/brief.xlsx" "$tmp/brief" >/dev/null 2>"$tmp/err"
rc=$?
wait "$hold_pid" 2>/dev/null
check "held for 1.5 s: waited for and written (exit $rc: $(head -1 "$tmp/err"))" \
    cmp -s "$tmp/brief.xlsx" "$tmp/brief.linux.xlsx"

# -- watch ------------------------------------------------------------------------------
mkdir -p "$tmp/inbox" "$tmp/wout"
cp "$S/pmks-2025.csv" "$S/kla-2025.ods" "$tmp/inbox/"
"$WINE" "$EXE" watch -o "$tmp/wout/IKI.xlsx" --debounce 300 --settle 200 "$tmp/inbox" 2>"$tmp/log" &
watch_pid=$!
check "watch: first build" wait_for "rebuilt" 1
check "watch: 2 files read" grep -q "rebuilt .*: 2 files read" "$tmp/log"
cp "$S/ppa-2025.xlsx" "$tmp/inbox/"
check "watch: rebuilt after a file was added" wait_for "rebuilt" 2
check "watch: 3 files read" grep -q "rebuilt .*: 3 files read" "$tmp/log"
rm "$tmp/inbox/kla-2025.ods"
check "watch: rebuilt after a file was removed" wait_for "rebuilt" 3
check "watch: 2 files read after the removal" [ "$(grep "rebuilt" "$tmp/log" | tail -1 | grep -c ": 2 files read")" = 1 ]
# the workbook held open: the last good one kept, waiting, written once closed
cp "$tmp/wout/IKI.xlsx" "$tmp/wgood.xlsx"
"$WINE" "$tmp/hold.exe" "$tmp/wout/IKI.xlsx" 6 >"$tmp/hold.out" 2>&1 &
hold_pid=$!
for _ in $(seq 1 100); do grep -q held "$tmp/hold.out" && break; sleep 0.1; done
cp "$S/kla-2025.ods" "$tmp/inbox/"
check "watch: a held output is said once, with waiting" wait_for "open in another program.*waiting" 1
check "watch: the last good workbook kept" cmp -s "$tmp/wout/IKI.xlsx" "$tmp/wgood.xlsx"
wait "$hold_pid" 2>/dev/null
check "watch: written once the file is closed" wait_for "rebuilt .*: 3 files read" 2
check "watch: the waiting said once" [ "$(grep -c "open in another program" "$tmp/log")" = 1 ]
kill "$watch_pid" 2>/dev/null
wait "$watch_pid" 2>/dev/null
watch_pid=

# -- two names that differ only in case are one file -----------------------------------
# The workbook kept inside the inbox as IKI.XLSX, named on the command line
# as iki.xlsx: Windows replaces the same file (its name stays IKI.XLSX), and
# watch must see that the change it makes is its own output, not an input
# (a case-sensitive comparison rebuilds after its own write, over and over).
mkdir -p "$tmp/inbox3"
cp "$S/pmks-2025.csv" "$tmp/inbox3/"
cp "$tmp/win.xlsx" "$tmp/inbox3/IKI.XLSX"
"$WINE" "$EXE" watch -o "$tmp/inbox3/iki.xlsx" --debounce 300 --settle 200 "$tmp/inbox3" \
    2>"$tmp/log" &
watch_pid=$!
check "case: first build" wait_for "rebuilt" 1
sleep 3
check "case: the output keeps its name IKI.XLSX (one file)" \
    [ "$(ls "$tmp/inbox3" | tr '\n' ' ')" = "IKI.XLSX pmks-2025.csv " ]
check "case: its own write starts no rebuild ($(grep -c rebuilt "$tmp/log") builds)" \
    [ "$(grep -c "rebuilt" "$tmp/log")" = 1 ]
check "case: the workbook in the inbox is not read as an input" \
    grep -q "rebuilt .*: 1 files read" "$tmp/log"
kill "$watch_pid" 2>/dev/null
wait "$watch_pid" 2>/dev/null
watch_pid=
win build -q "$tmp/inbox3" -o "$tmp/INBOX3/Iki.Xlsx" >/dev/null 2>"$tmp/err"
check "case: build names the same file however it is spelled (exit $?)" \
    [ "$(ls "$tmp/inbox3" | tr '\n' ' ')" = "IKI.XLSX pmks-2025.csv " ]

# -- the release zip, as the staff use it ------------------------------------------------
# made by its one command; iki.exe in it needs no DLL beside it; unzipped,
# the spreadsheets dropped in "masukan", "Buat IKI.cmd" run by cmd.exe:
# the same workbook as the Linux build of the same folder, and the window
# in Indonesian (the script asks for it) saying where the workbook is.
zip_line=$(env -u SOURCE_DATE_EPOCH packaging/windows/make-zip.sh 2>/dev/null | tail -1)
zip=${zip_line%%: *}
echo "wine: release zip ${zip_line#"$root/"}"
check "make-zip.sh makes the zip" [ -s "$zip" ]
dlls=$(x86_64-w64-mingw32-objdump -p "$root/build-win-release/iki.exe" | sed -n 's/.*DLL Name: //p' |
    tr 'A-Z' 'a-z' | sort | tr '\n' ' ')
check "iki.exe imports only Windows' own DLLs ($dlls)" \
    [ "$dlls" = "advapi32.dll bcrypt.dll kernel32.dll msvcrt.dll shell32.dll " ]
# reproducible: no build folder inside (the dependencies' and iki's
# __FILE__), a fixed time in the PE header
check "iki.exe holds no build folder ($(strings "$root/build-win-release/iki.exe" | grep -c "$root") strings)" \
    [ "$(strings "$root/build-win-release/iki.exe" | grep -c "$root")" = 0 ]
mkdir -p "$tmp/rel" "$tmp/rel-linux/masukan"
(cd "$tmp/rel" && unzip -q "$zip")
rel=$(find "$tmp/rel" -mindepth 1 -maxdepth 1 -type d)
check "the zip's iki.exe has the fixed time in its header, not the clock's" sh -c \
    'x86_64-w64-mingw32-objdump -p "$1" | grep -q "Time/Date.*Jan  1 00:00:00 2025"' _ "$rel/iki.exe"
check "the zip holds iki.exe, the two scripts, BACA-SAYA.txt and masukan" \
    [ "$(ls "$rel" | tr '\n' '|')" = "BACA-SAYA.txt|Buat IKI.cmd|Pantau Folder.cmd|iki.exe|masukan|" ]
cp "$S"/*.xlsx "$S"/*.xls "$S"/*.ods "$S"/*.csv "$rel/masukan/"
cp "$S"/*.xlsx "$S"/*.xls "$S"/*.ods "$S"/*.csv "$tmp/rel-linux/masukan/"
(cd "$rel" && timeout 120 "$WINE" cmd /c "Buat IKI.cmd" </dev/null >"$tmp/cmd.out" 2>&1)
check "Buat IKI.cmd: exit 0 ($?)" [ "$?" = 0 ]
(cd "$tmp/rel-linux" && "$IKI_LINUX" build -q -o IKI.xlsx masukan >/dev/null 2>&1)
check "Buat IKI.cmd: the workbook is the Linux build's of the same folder" \
    cmp -s "$rel/IKI.xlsx" "$tmp/rel-linux/IKI.xlsx"
check "Buat IKI.cmd: says where the workbook is" grep -q "Buku kerja IKI ada di: .*IKI.xlsx" "$tmp/cmd.out"
check "Buat IKI.cmd: iki speaks Indonesian in the window" grep -q "^Tahun laporan: 2025" "$tmp/cmd.out"

[ -s "$tmp/retries" ] && cat "$tmp/retries"
echo "wine: $pass passed, $fail failed, $retries runs repeated after Wine failed, $(($(date +%s) - start)) s in all"
[ "$fail" = 0 ]
