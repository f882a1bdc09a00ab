#!/bin/bash
# Files are read by several threads and merged in file order: the workbook
# and the JSON are byte-identical whatever the number of threads, also with
# broken files, identical copies and diagnostics in the folder.  And -j N
# really runs N threads: strace counts the threads the main thread creates
# (src/run/run.c: one pool of min(N, files) for hashing, one for reading;
# none with -j 1), so equal outputs cannot come from one thread doing it all.
# Env: IKI, FIXTURES.  Needs strace (else skipped, exit 77).
set -u
. "$(dirname "$0")/lib/common.sh"
: "${IKI:?}" "${FIXTURES:?}"
command -v strace >/dev/null || skip "strace is not installed (it counts the threads)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
check() {
  local what=$1; shift
  if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $what"; fi
}
export SOURCE_DATE_EPOCH=1767139200
mkdir -p "$tmp/in/sub"
cp "$FIXTURES"/sampang-2025/*.xlsx "$FIXTURES"/sampang-2025/*.ods "$tmp/in/"
cp "$FIXTURES"/sampang-2025/*.xls "$FIXTURES"/sampang-2025/*.csv "$tmp/in/sub/"
cp "$FIXTURES/sampang-2025/pmks-2025.csv" "$tmp/in/pmks-2025 (1).csv"
cp "$FIXTURES/bad/files/truncated.xlsx" "$FIXTURES/bad/files/sst-out-of-range.xlsx" "$tmp/in/"
cd "$tmp"
for j in 1 2 4 7; do
  "$IKI" build -q -j "$j" -o "out-$j.xlsx" --json "out-$j.json" in >"stdout-$j" 2>"stderr-$j"
  echo "$?" >"rc-$j"
done
for j in 2 4 7; do
  check "-j $j: same workbook as -j 1" cmp -s out-1.xlsx "out-$j.xlsx"
  check "-j $j: same JSON" cmp -s out-1.json "out-$j.json"
  check "-j $j: same output" sh -c "sed 's/out-[0-9]*\\./out./g' stdout-1 >a; sed 's/out-[0-9]*\\./out./g' stdout-$j >b; cmp -s a b"
  check "-j $j: same messages" cmp -s stderr-1 "stderr-$j"
  check "-j $j: same exit code" cmp -s rc-1 "rc-$j"
done
check "the broken files are reported" grep -q "truncated.xlsx" stderr-1
# threads: the clone calls of the main thread (the first process strace
# starts; under valgrind the wrapper execs valgrind, which keeps the pid).
# LeakSanitizer cannot run under ptrace: leaks are checked in the runs above.
nfiles=$(find in -type f | wc -l)
threads() { # threads J: how many threads `iki check -j J` started
  ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
    strace -f -qq -z -e trace=execve,clone,clone3 -o "trace-$1" "$IKI" check -q -j "$1" in >/dev/null 2>&1
  local main
  main=$(awk 'NR == 1 {print $1}' "trace-$1")
  grep -cE "^$main +clone3?\(.*CLONE_THREAD.*\) += [0-9]+$" "trace-$1"
}
for j in 1 2 4 7; do
  want=$((j > nfiles ? nfiles : j)); want=$((want > 1 ? 2 * want : 0))
  got=$(threads "$j")
  check "-j $j: $want threads (a pool of $((want / 2)) to hash, one to read), got $got" [ "$got" = "$want" ]
done
"$IKI" check -j 0 in >/dev/null 2>&1; rc=$?
check "-j 0 is a usage error" [ "$rc" = 2 ]
echo "parallel: $pass passed, $fail failed"
[ "$fail" = 0 ]
