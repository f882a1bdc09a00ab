#!/bin/bash
# Hostile inputs (fixtures/bad/files, see its README.md): `iki dump FILE`
# must exit 1 — not crash (exit < 128, no sanitizer report), not hang
# (timeout 20 s), not balloon (ulimit -v ~1 GB; skipped for a sanitizer
# build, whose shadow memory needs terabytes of address space) — and say on
# stderr which file it could not read.  A folder of bad files beside a good
# one still prints the good one.  Plus odd paths: a folder named x.xlsx, an
# unreadable file (read by an unprivileged user: as root, through setpriv,
# see lib/common.sh), names with spaces and Unicode.
# Env: IKI (the CLI), FIXTURES (the repo's fixtures folder).
set -u
. "$(dirname "$0")/lib/common.sh"
: "${IKI:?IKI must name the iki binary}" "${FIXTURES:?FIXTURES must name fixtures/}"
BAD=$FIXTURES/bad/files
GOOD=$FIXTURES/reader/pmks-libreoffice.xlsx
tmp=$(mktemp -d)
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

limit_mem=1
if grep -qa -e __asan_init -e __ubsan_handle "$IKI" 2>/dev/null ||
    { command -v ldd >/dev/null && ldd "$IKI" 2>/dev/null | grep -q -e libasan -e libubsan; }; then
    limit_mem=0
    echo "note: sanitizer build, memory bound (ulimit -v) not applied"
fi
slow=1
if [ -n "${IKI_VALGRIND:-}" ]; then # valgrind: 20-50x slower, its own address space
    limit_mem=0 slow=30
    echo "note: under valgrind, memory bound not applied, time bounds x$slow"
fi

# run SECONDS ARGS...: runs $RUN (default $IKI) dump ARGS with a time and
# memory bound; sets rc, out ($tmp/out), err ($tmp/err)
run() {
    local secs=$(($1 * slow))
    shift
    if [ "$limit_mem" = 1 ]; then
        (ulimit -v 1000000 && exec timeout "$secs" "${RUN:-$IKI}" dump "$@") \
            >"$tmp/out" 2>"$tmp/err"
    else
        timeout "$secs" "${RUN:-$IKI}" dump "$@" >"$tmp/out" 2>"$tmp/err"
    fi
    rc=$?
}

# sane_failure NAME: exit 1, no crash, no sanitizer report, file named
sane_failure() {
    local what=$1 file=$2
    if [ "$rc" = 124 ]; then
        bad "$what: timed out"
    elif [ "$rc" -ge 128 ]; then
        bad "$what: crashed (exit $rc): $(head -c 300 "$tmp/err")"
    elif [ "$rc" != 1 ]; then
        bad "$what: exit $rc, want 1; stderr: $(head -c 300 "$tmp/err")"
    elif grep -q -e 'Sanitizer' -e 'runtime error:' "$tmp/err"; then
        bad "$what: sanitizer report: $(head -c 300 "$tmp/err")"
    elif ! grep -qF -- "$file" "$tmp/err"; then
        bad "$what: stderr does not name the file: $(head -c 300 "$tmp/err")"
    else
        ok
    fi
}

n=0
for f in "$BAD"/*; do
    case $f in */README.md) continue ;; esac
    n=$((n + 1))
    run 20 "$f"
    sane_failure "$(basename "$f")" "$f"
    # nothing of /etc/passwd may leak through an external entity or a
    # relationship pointing outside the package
    if grep -q '^root:' "$tmp/out" "$tmp/err"; then
        bad "$(basename "$f"): printed /etc/passwd"
    fi
done
[ "$n" -ge 20 ] && ok || bad "only $n files in $BAD (run fixtures/bad/make.sh)"

# --- a folder of bad files beside a good one: the good one still printed
mkdir "$tmp/mixed"
cp "$BAD"/* "$tmp/mixed/"
rm -f "$tmp/mixed/README.md"
cp "$GOOD" "$tmp/mixed/m-good.xlsx"
run 120 "$tmp/mixed"
sane_failure "folder of bad files" "$tmp/mixed/x.xlsx"
grep -qxF "## $tmp/mixed/m-good.xlsx :: PMKS 2024" "$tmp/out" && ok ||
    bad "folder: good file's header missing"
grep -qxF '1,Sreseh,120,98,2024-01-15,TRUE,Lansia telantar — 5 orang ✓' "$tmp/out" && ok ||
    bad "folder: good file's rows missing"
for f in "$BAD"/*; do
    case $f in */README.md) continue ;; esac
    grep -qF -- "$tmp/mixed/$(basename "$f")" "$tmp/err" && ok ||
        bad "folder: no message for $(basename "$f")"
done

# --- a folder named like a workbook is read as a folder, not opened
mkdir -p "$tmp/dir/x.xlsx"
cp "$GOOD" "$tmp/dir/x.xlsx/inner.xlsx"
run 20 "$tmp/dir/x.xlsx"
[ "$rc" = 0 ] && grep -qxF "## $tmp/dir/x.xlsx/inner.xlsx :: PMKS 2024" "$tmp/out" && ok ||
    bad "folder named x.xlsx: exit $rc: $(head -c 300 "$tmp/err")"

# --- a file that cannot be read (by an unprivileged user, also in CI as root)
unpriv_init "$tmp"
cp "$GOOD" "$UNPRIV_DIR/locked.xlsx"
chmod 000 "$UNPRIV_DIR/locked.xlsx"
LC_ALL=C LANGUAGE= RUN=$IKI_U run 20 "$UNPRIV_DIR/locked.xlsx"
sane_failure "unreadable file" "$UNPRIV_DIR/locked.xlsx"
grep -q "Permission denied" "$tmp/err" && ok || bad "unreadable file: not a permission error: $(head -c 300 "$tmp/err")"
# the same file readable: the user can read what it may (the case above
# failed for the permission, not for the setting)
chmod 644 "$UNPRIV_DIR/locked.xlsx"
RUN=$IKI_U run 20 "$UNPRIV_DIR/locked.xlsx"
[ "$rc" = 0 ] && ok || bad "readable again: exit $rc: $(head -c 300 "$tmp/err")"
unpriv_done

# --- names with spaces and Unicode, good and bad
uni="$tmp/Rekap PMKS — Sampang ✓ (2024).xlsx"
cp "$GOOD" "$uni"
run 20 "$uni"
[ "$rc" = 0 ] && grep -qxF "## $uni :: PMKS 2024" "$tmp/out" && ok ||
    bad "unicode name: exit $rc: $(head -c 300 "$tmp/err")"
unibad="$tmp/Data Kekerasan — rusak ✗.xlsx"
cp "$BAD/truncated.xlsx" "$unibad"
run 20 "$unibad"
sane_failure "unicode name, truncated" "$unibad"

echo "hostile: $pass passed, $fail failed"
[ "$fail" = 0 ]
