#!/bin/bash
# iki build on a folder holding one hostile file beside good inputs, for
# every file of fixtures/bad/files and a few made here (a 100 MB line, a
# symbolic-link loop, awkward file names, a folder named x.xlsx, a sparse
# file of 100 GiB): exit 1,
# a message naming the file, no crash or sanitizer report, bounded time and
# memory, and the good inputs still consolidated.  The file without read
# permission is built by an unprivileged user (as root: setpriv, see
# lib/common.sh).
# Env: IKI, FIXTURES.
set -u
. "$(dirname "$0")/lib/common.sh"
: "${IKI:?}" "${FIXTURES:?}"
tmp=$(mktemp -d)
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
pass=0 fail=0
check() {
  local what=$1; shift
  if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $what"; fi
}
tooled=0
"$IKI" version >/dev/null 2>&1
nm -C "$IKI" 2>/dev/null | grep -q __asan_init && tooled=1
# tooled: under a sanitizer or valgrind. The bound on time: generous under the sanitizers, which run 3-10x slower
limit=60
[ "$tooled" = 1 ] && limit=400
# valgrind (-DIKI_VALGRIND=ON): slower still, and it cannot live under ulimit -v
[ -n "${IKI_VALGRIND:-}" ] && tooled=1 limit=1500

# good inputs: three forms of the sample
good() {
  rm -rf "$tmp/in" && mkdir -p "$tmp/in"
  cp "$FIXTURES/sampang-2025/pmks-2025.csv" "$FIXTURES/sampang-2025/kla-2025.ods" \
     "$FIXTURES/sampang-2025/ppa-2025.xlsx" "$tmp/in/"
}
# run_build LABEL NAME-IN-MESSAGE: build $tmp/in, check the outcome; with
# RUN, IN and OUT set: RUN builds IN into OUT (an unprivileged user)
run_build() {
  local label=$1 name=$2 rc
  local run=${RUN:-$IKI} in=${IN:-$tmp/in} out=${OUT:-$tmp}
  (
    [ "$tooled" = 1 ] || ulimit -v 2000000
    timeout "$limit" "$run" build -q -o "$out/out.xlsx" --json "$out/out.json" "$in"
  ) >"$tmp/stdout" 2>"$tmp/stderr"
  rc=$?
  check "$label: exit 1 (got $rc)" [ "$rc" = 1 ]
  check "$label: the file is named on stderr" grep -qF -- "$name" "$tmp/stderr"
  check "$label: no sanitizer report" sh -c "! grep -q 'Sanitizer\|runtime error' '$tmp/stderr'"
  check "$label: workbook written" [ -s "$out/out.xlsx" ]
  check "$label: the good inputs consolidated" \
    grep -qE '"kode": "pmks_pulih",' "$out/out.json"
  check "$label: pmks_pulih has its value" \
    sh -c "grep -A8 '\"kode\": \"pmks_pulih\"' '$out/out.json' | grep -q '\"realisasi\": 65.57'"
  rm -f "$out/out.xlsx" "$out/out.json"
}

for f in "$FIXTURES"/bad/files/*; do
  b=$(basename "$f")
  case $b in README.md) continue ;; esac
  good
  cp "$f" "$tmp/in/$b"
  run_build "$b" "$b"
done

# a CSV of one 100 MB line
good
head -c 100000000 /dev/zero | tr '\0' 'x' >"$tmp/in/one-line.csv"
run_build "100 MB line" "one-line.csv"

# a sparse file of 100 GiB named .csv (no disk used): refused by its size
# before a byte is read, so in bounded time
good
if truncate -s 100G "$tmp/in/besar.csv" 2>/dev/null; then
  start=$(date +%s)
  run_build "100 GiB sparse file" "besar.csv"
  check "100 GiB sparse file: the size is the reason" grep -q "larger than" "$tmp/stderr"
  check "100 GiB sparse file: refused at once ($(( $(date +%s) - start )) s)" \
    [ $(( $(date +%s) - start )) -lt $(( limit / 2 )) ]
  rm -f "$tmp/in/besar.csv"
else
  echo "note: no sparse files here (truncate -s failed); the size check is not run"
fi

# a symbolic-link loop in the inbox
good
mkdir "$tmp/in/sub" && ln -s .. "$tmp/in/sub/loop"
( [ "$tooled" = 1 ] || ulimit -v 2000000; timeout "$limit" "$IKI" build -q -o "$tmp/out.xlsx" "$tmp/in" ) >/dev/null 2>"$tmp/stderr"
rc=$?
check "link loop: finishes, reported (exit $rc)" [ "$rc" = 1 ]
check "link loop: named" grep -q "loop" "$tmp/stderr"

# awkward names: spaces, Unicode, a newline
good
cp "$FIXTURES/bad/files/truncated.xlsx" "$tmp/in/Rekap PMKS (Triwulan) é.xlsx"
run_build "spaces and Unicode" "Rekap PMKS (Triwulan) é.xlsx"
good
cp "$FIXTURES/bad/files/x.xlsx" "$tmp/in/baris
baru.xlsx"
run_build "a newline in the name" "baru.xlsx"

# a folder named x.xlsx is a folder, read as such
good
mkdir "$tmp/in/x.xlsx"
cp "$FIXTURES/bad/files/x.csv" "$tmp/in/x.xlsx/inside.csv"
run_build "a folder named x.xlsx" "inside.csv"

# a file without read permission, for an unprivileged user (also in CI,
# which runs as root)
unpriv_init "$tmp"
good
cp -r "$tmp/in" "$UNPRIV_DIR/in"
cp "$FIXTURES/sampang-2025/dayasos-2025.xlsx" "$UNPRIV_DIR/in/locked.xlsx"
chmod 000 "$UNPRIV_DIR/in/locked.xlsx"
mkdir "$UNPRIV_DIR/out" && unpriv_own "$UNPRIV_DIR/out"
LC_ALL=C LANGUAGE= RUN=$IKI_U IN=$UNPRIV_DIR/in OUT=$UNPRIV_DIR/out run_build "no read permission" "locked.xlsx"
check "no read permission: the reason is the permission" grep -q "locked.xlsx.*Permission denied" "$tmp/stderr"
unpriv_done

echo "hostile_build: $pass passed, $fail failed"
[ "$fail" = 0 ]
