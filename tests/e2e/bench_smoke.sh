#!/usr/bin/env bash
# Smoke check of the reader benchmark (tests/bench/): generate tiny data
# (200 persons, 5 forms) into a temp dir, run the harness once on it, and
# check that it prints its table with every row count right.  The real
# benchmark is not part of CTest (it takes minutes): tests/bench/run.sh.
# Then the end-to-end benchmark (tests/bench/run_e2e.sh) in a tiny mode:
# a 110-file inbox of xlsx and csv (no LibreOffice) and its 11-file tenth,
# iki build/check against the pandas reference and the floor, once: the
# indicators must agree and every target line must be printed.  A target
# line's verdict must follow from its own numbers (PASS exactly when the
# figure meets the bound); the memory targets (peak RSS < 64 MB) must PASS
# in a plain build (under valgrind or a sanitizer the process is bigger;
# the speed targets are for the full benchmark, not this tiny one).
# Skipped (exit 77, "skipped: ...") when /usr/bin/python3 lacks openpyxl,
# xlsxwriter, pandas, xlrd or odf, or GNU time is missing (.ci/install-deps
# installs them all).
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"

: "${IKI:?IKI must name the iki binary}"
: "${TESTS_DIR:?TESTS_DIR must name the tests folder}"
PY=${BENCH_PYTHON:-/usr/bin/python3} # overridable to test the skip

"$PY" -c 'import openpyxl, xlsxwriter' 2>/dev/null || skip "$PY lacks openpyxl or xlsxwriter"
"$PY" -c 'import pandas, xlrd, odf' 2>/dev/null ||
    skip "$PY lacks pandas, xlrd or odf (python3-pandas python3-xlrd python3-odf)"
[ -x /usr/bin/time ] || skip "/usr/bin/time (Debian package 'time') is missing"
plain=1
if [ -n "${IKI_VALGRIND:-}" ] || nm "$IKI" 2>/dev/null | grep -c __asan_init >/dev/null; then
    plain=0
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
check '^target xlsx-shared-200: peak RSS [0-9.]+ MB < 64 MB: (PASS|FAIL); [0-9.]+x faster than openpyxl >= 10x: (PASS|FAIL)$' "target line (shared strings)"
check '^target xlsx-inline-200: peak RSS [0-9.]+ MB < 64 MB: (PASS|FAIL); [0-9.]+x faster than openpyxl >= 10x: (PASS|FAIL)$' "target line (inline strings)"
# verdicts: each PASS or FAIL follows from the figure on its line; in a
# plain build, the memory targets PASS
verdicts() {
    awk -v plain="$plain" '
    # v WHAT FIGURE BOUND TOL LOWER SAID: SAID must be PASS exactly when the
    # figure is at most (LOWER) or at least (else) the bound; within TOL
    # (the rounding of the printed figure) of the bound either verdict goes
    function v(what, x, bound, tol, lower, said,    ok) {
        n++
        if (said != "PASS" && said != "FAIL") { print "FAIL: no verdict for " what ": " $0; bad = 1; return }
        if (x - bound <= tol && bound - x <= tol) return
        ok = lower ? x <= bound : x >= bound
        if ((ok ? "PASS" : "FAIL") != said) { print "FAIL: verdict " said " for " what ": " $0; bad = 1 }
    }
    function need(what, said) { if (plain && said != "PASS") { print "FAIL: " what " not met: " $0; bad = 1 } }
    function num(re, pre, post) { match($0, re); return substr($0, RSTART + pre, RLENGTH - pre - post) + 0 }
    /^target .*: peak RSS .* MB < 64 MB: / {
        rss = num("peak RSS [0-9.]+ MB", 9, 3)
        match($0, /64 MB: (PASS|FAIL)/); said = substr($0, RSTART + 7, 4)
        v("memory", rss, 64, 0.05, 1, said); need("memory target", said)
        x = num("[0-9.]+x faster than openpyxl", 0, 21)
        v("speed", x, 10, 0.05, 0, $NF)
    }
    /^\(a\) .*: iki build [0-9.]+x faster than pandas \(>= 30x\): / {
        v("speed", num("build [0-9.]+x", 6, 1), 30, 0.05, 0, $NF)
    }
    /^\(a\) .*: iki build peak RSS [0-9.]+ MB \(< 64 MB\): / {
        v("memory", num("RSS [0-9.]+ MB", 4, 3), 64, 0.05, 1, $NF); need("memory target", $NF)
    }
    /^\(a\) flat: / {
        v("flatness", num("= [0-9.]+ \\(<= 1\\.10\\)", 2, 10), 1.10, 0.0005, 1, $NF)
    }
    END { if (n < want) { print "FAIL: " n " target verdicts, want " want; bad = 1 }; exit bad }
    ' want="$1" "$tmp/out"
}
verdicts 4 || fail=1
[ "$fail" = 0 ] || exit 1

# gen.py never writes into the repository: it refuses, saying why
rc=0
"$PY" "$TESTS_DIR/bench/gen.py" "$TESTS_DIR/bench/out" --rows 10 --files 1 >/dev/null 2>"$tmp/gen.err" || rc=$?
if [ "$rc" = 0 ] || [ -e "$TESTS_DIR/bench/out" ]; then
    echo "FAIL: gen.py wrote into the repository (exit $rc)" >&2
    rm -rf "$TESTS_DIR/bench/out"
    exit 1
fi
if ! grep -q "refusing to write into the repository" "$tmp/gen.err"; then
    echo "FAIL: gen.py failed (exit $rc), but not by refusing the repository:" >&2
    cat "$tmp/gen.err" >&2
    exit 1
fi
echo "bench smoke (reader): ok"

# ---- the end-to-end benchmark, tiny --------------------------------------
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
check '^\(a\) flat: peak RSS inbox-110 / inbox-11 = [0-9.]+ / [0-9.]+ MB = [0-9.]+ \(<= 1\.10\): (PASS|FAIL)$' "target (a) flatness"
verdicts 3 || fail=1
[ "$fail" = 0 ] || exit 1
echo "bench smoke (e2e): ok"
