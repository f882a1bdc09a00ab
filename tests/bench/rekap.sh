#!/usr/bin/env bash
# The rekap benchmark (issue 14): `iki rekap` on N generated IKI workbooks
# (default 1,500, a province's year) against a plain pandas script that
# concatenates the same Data sheets.  Time and peak RSS from GNU time.
#
#   tests/bench/rekap.sh [--files N] [--jobs J] [--iki PATH] [--keep DIR]
#
# The workbooks: one `iki build` of fixtures/sampang-2025, copied N times
# with another office's name and other numbers (gen_iki.py).  Not part of
# CTest; it takes a few minutes (pandas most of them).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
PY=${PYTHON:-/usr/bin/python3}
IKI_BIN=${IKI:-$REPO/build-bench/iki}
FILES=1500
JOBS=2
KEEP=
while [ $# -gt 0 ]; do
    case $1 in
    --files) FILES=$2; shift 2 ;;
    --jobs) JOBS=$2; shift 2 ;;
    --iki) IKI_BIN=$2; shift 2 ;;
    --keep) KEEP=$2; shift 2 ;;
    *) echo "usage: $0 [--files N] [--jobs J] [--iki PATH] [--keep DIR]" >&2; exit 2 ;;
    esac
done
[ -x /usr/bin/time ] || { echo "needs GNU time at /usr/bin/time (package time)" >&2; exit 2; }
if [ -n "$KEEP" ]; then work=$KEEP; mkdir -p "$work"; else
    work=$(mktemp -d); trap 'rm -rf "$work"' EXIT; fi
mkdir -p "$work/in"
if [ "$(find "$work/in" -name 'IKI-*.xlsx' | wc -l)" != "$FILES" ]; then
    rm -f "$work/in"/IKI-*.xlsx
    SOURCE_DATE_EPOCH=1767139200 "$IKI_BIN" build -q --year 2025 -o "$work/seed.xlsx" \
        "$REPO/fixtures/sampang-2025" >/dev/null
    "$PY" "$HERE/gen_iki.py" "$work/seed.xlsx" "$work/in" "$FILES"
fi
echo "workbooks: $FILES ($(du -sh "$work/in" | cut -f1))"
measure() { # LABEL COMMAND...
    local label=$1; shift
    /usr/bin/time -v -o "$work/time.txt" "$@" >"$work/out.txt" 2>"$work/err.txt" || {
        echo "$label failed:"; tail -5 "$work/err.txt"; return 1; }
    local wall rss
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time.txt")
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time.txt")
    printf '%-28s wall %-10s peak RSS %6d MiB\n' "$label" "$wall" $((rss / 1024))
}
measure "iki rekap -j $JOBS" env SOURCE_DATE_EPOCH=1767139200 "$IKI_BIN" rekap -q -j "$JOBS" \
    -o "$work/REKAP.xlsx" "$work/in"
grep -q "IKI workbooks read: $FILES;" "$work/out.txt" ||
    { echo "iki rekap did not read $FILES workbooks:"; cat "$work/out.txt"; exit 1; }
measure "iki rekap -j 1" env SOURCE_DATE_EPOCH=1767139200 "$IKI_BIN" rekap -q -j 1 \
    -o "$work/REKAP1.xlsx" "$work/in"
cmp -s "$work/REKAP.xlsx" "$work/REKAP1.xlsx" || { echo "the recap differs between -j"; exit 1; }
if "$PY" -c 'import pandas' 2>/dev/null; then
    measure "pandas concat (openpyxl)" "$PY" "$HERE/rekap_pandas.py" "$work/in"
    echo "pandas rows: $(cat "$work/out.txt")"
else
    echo "pandas: not installed, left out"
fi
