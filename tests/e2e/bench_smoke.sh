#!/usr/bin/env bash
# Smoke check of the reader benchmark (tests/bench/): generate tiny data
# (200 persons, 5 forms) into a temp dir, run the harness once on it, and
# check that it prints its table with every row count right.  The real
# benchmark is not part of CTest (it takes minutes): tests/bench/run.sh.
# Then the end-to-end benchmark (tests/bench/run_e2e.sh) in a tiny mode:
# a 110-file inbox of xlsx and csv (no LibreOffice) and its 11-file tenth,
# iki build/check against the pandas reference and the floor, once: the
# indicators must agree and every target line must be printed.
# Skipped (exit 0, "skipped: ...") when /usr/bin/python3 lacks openpyxl or
# xlsxwriter, or GNU time is missing; the e2e part alone is skipped when
# pandas is missing.
set -euo pipefail

: "${IKI:?IKI must name the iki binary}"
: "${TESTS_DIR:?TESTS_DIR must name the tests folder}"
PY=${BENCH_PYTHON:-/usr/bin/python3} # overridable to test the skip

if ! "$PY" -c 'import openpyxl, xlsxwriter' 2>/dev/null; then
    echo "skipped: $PY lacks openpyxl or xlsxwriter"
    exit 0
fi
if [ ! -x /usr/bin/time ]; then
    echo "skipped: /usr/bin/time (Debian package 'time') is missing"
    exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/iki-bench-smoke.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

rc=0
IKI="$IKI" PYTHON="$PY" TMPDIR="$tmp" bash "$TESTS_DIR/bench/run.sh" --keep "$tmp/data" \
    --rows 200 --files 5 --runs 1 >"$tmp/out" 2>"$tmp/err" || rc=$?
cat "$tmp/out"
if [ "$rc" != 0 ]; then
    echo "FAIL: run.sh exited with $rc" >&2
    cat "$tmp/err" >&2
    exit 1
fi

fail=0
check() { # check REGEX WHAT
    if ! grep -Eq -- "$1" "$tmp/out"; then
        echo "FAIL: no $2 in the output (/$1/)" >&2
        fail=1
    fi
}
check '^workload +tool +wall s +cpu s +peak RSS +rows +status' "table header"
check '^xlsx-shared-200 +iki dump +[0-9.]+ +[0-9.]+ +[0-9.]+ MB +201 +ok( .*)?$' "iki row for the shared-string list"
check '^xlsx-inline-200 +iki dump +[0-9.]+ +[0-9.]+ +[0-9.]+ MB +201 +ok( .*)?$' "iki row for the inline-string list"
check '^folder-5-forms +iki dump +[0-9.]+ +[0-9.]+ +[0-9.]+ MB +145 +ok( .*)?$' "iki row for the folder"
check '^ +openpyxl +[0-9.]+ +[0-9.]+ +[0-9.]+ MB +201 +ok( .*)?$' "openpyxl row"
check '^ +unzip -p +[0-9.]+' "floor row"
check '^xlsx-shared-200 +[0-9.]+ \([0-9.]+x (faster|slower)\)' "ratio line"
check '^linearity \(shared strings\): iki .*wall' "linearity line"
check '^target xlsx-shared-200: peak RSS' "target line"
[ "$fail" = 0 ] || exit 1

# gen.py never writes into the repository
if "$PY" "$TESTS_DIR/bench/gen.py" "$TESTS_DIR/bench/out" --rows 10 --files 1 2>/dev/null; then
    echo "FAIL: gen.py wrote into the repository" >&2
    rm -rf "$TESTS_DIR/bench/out"
    exit 1
fi
echo "bench smoke (reader): ok"

# ---- the end-to-end benchmark, tiny --------------------------------------
if ! "$PY" -c 'import pandas' 2>/dev/null; then
    echo "skipped: e2e part: $PY lacks pandas"
    exit 0
fi
rc=0
IKI="$IKI" PYTHON="$PY" TMPDIR="$tmp" bash "$TESTS_DIR/bench/run_e2e.sh" --keep "$tmp/e2e" \
    --files 110 --rows 200 --formats xlsx,csv --runs 1 --tools iki,check,pandas,floor \
    --only '^inbox' >"$tmp/out" 2>"$tmp/err" || rc=$?
cat "$tmp/out"
if [ "$rc" != 0 ]; then
    echo "FAIL: run_e2e.sh exited with $rc" >&2
    cat "$tmp/err" >&2
    exit 1
fi
check '^inbox-110 +iki build +[0-9.]+ +[0-9.]+ +[0-9.]+ MB +ok$' "iki build row for the inbox"
check '^ +iki check +[0-9.]+ +[0-9.]+ +[0-9.]+ MB +ok$' "iki check row"
check '^ +pandas ref +[0-9.]+ +[0-9.]+ +[0-9.]+ MB +ok$' "pandas reference row"
check '^ +floor +[0-9.]+' "floor row"
check '^  inbox-110: check: 19 indicators agree' "agreement of the 110-file inbox"
check '^  inbox-11: check: 19 indicators agree' "agreement of the 11-file tenth"
check '^inbox-110 +[0-9.]+ \([0-9.]+x (faster|slower)\)' "ratio line"
check '^\(a\) inbox-110: iki build [0-9.]+x faster than pandas \(>= 30x\): (PASS|FAIL)$' "target (a) speed"
check '^\(a\) inbox-110: iki build peak RSS [0-9.]+ MB \(< 64 MB\): (PASS|FAIL)$' "target (a) memory"
check '^\(a\) flat: peak RSS inbox-110 / inbox-11 ' "target (a) flatness"
[ "$fail" = 0 ] || exit 1
echo "bench smoke (e2e): ok"
