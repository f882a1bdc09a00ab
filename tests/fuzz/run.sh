#!/bin/bash
# Build the libFuzzer harnesses with clang (ASan+UBSan) and run each for
# SECONDS (default 60), seeded from fixtures/.  Corpora persist in
# build-fuzz/corpus/NAME, crashes in build-fuzz/crashes/NAME.  Prints per
# harness the executions, executions per second and new findings (crash-,
# leak-, timeout- and oom- inputs); exits 1 when any harness found one
# (each becomes a regression fixture), when a harness exited non-zero (a
# malformed dictionary line makes libFuzzer stop at once) or ran no input
# at all (executions from its final stats or its "Done N runs" line).  Inputs libFuzzer only found slow
# (slow-unit-, over 10 s, e.g. on a loaded machine) are listed, not
# failures: a hang is a timeout- finding (-timeout=20).
#   tests/fuzz/run.sh [SECONDS] [HARNESS...]
set -u
cd "$(dirname "$0")/../.."
secs=${1:-60}
shift || true
all="fuzz_xlsx fuzz_ods fuzz_csv fuzz_xls fuzz_detect fuzz_sheetxml fuzz_scan_diff fuzz_template fuzz_text fuzz_pipeline"
harnesses=${*:-$all}
B=build-fuzz
CC=clang cmake -S . -B $B -DCMAKE_BUILD_TYPE=RelWithDebInfo -DIKI_FUZZ=ON >/dev/null || exit 2
cmake --build $B -j2 >/dev/null || { cmake --build $B 2>&1 | tail -20; exit 2; }
seed() { # seed NAME EXT...
  local d=$B/corpus/$1; shift
  mkdir -p "$d"
  for e in "$@"; do
    find fixtures -type f -name "*.$e" -size -512k -exec cp -n {} "$d/" \; 2>/dev/null
  done
}
seed fuzz_xlsx xlsx; seed fuzz_ods ods; seed fuzz_csv csv; seed fuzz_xls xls
seed fuzz_detect xlsx ods csv xls; seed fuzz_template yaml
seed fuzz_pipeline csv
mkdir -p $B/corpus/fuzz_sheetxml $B/corpus/fuzz_scan_diff $B/corpus/fuzz_text
# the inputs a harness once failed on (fixtures/fuzz/NAME) seed it again
for d in fixtures/fuzz/fuzz_*/; do
  h=$(basename "$d")
  mkdir -p "$B/corpus/$h" && cp -n "$d"* "$B/corpus/$h/" 2>/dev/null
done
for f in fixtures/xlsx/*.xlsx fixtures/reader/*.xlsx; do
  unzip -p "$f" 'xl/worksheets/sheet1.xml' >"$B/corpus/fuzz_sheetxml/$(basename "$f").xml" 2>/dev/null
  unzip -p "$f" 'xl/worksheets/sheet1.xml' >"$B/corpus/fuzz_scan_diff/$(basename "$f").xml" 2>/dev/null
  unzip -p "$f" 'xl/sharedStrings.xml' >"$B/corpus/fuzz_scan_diff/$(basename "$f").sst.xml" 2>/dev/null
done
printf '1.234,5' >$B/corpus/fuzz_text/a; printf 'Kec. Karang Penang' >$B/corpus/fuzz_text/b
printf 'Laporan Triwulan II 2025' >$B/corpus/fuzz_text/c; printf 'JUMLAH' >$B/corpus/fuzz_text/d
status=0
printf '%-15s %10s %10s %8s\n' harness execs exec/s findings
findings() { find "$B/crashes/$1" -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l; }
for h in $harnesses; do
  mkdir -p $B/crashes/$h
  dict=
  case $h in fuzz_xlsx|fuzz_ods|fuzz_sheetxml|fuzz_detect) dict=-dict=tests/fuzz/xml.dict ;;
             fuzz_scan_diff) dict=-dict=tests/fuzz/scan.dict ;;
             fuzz_template) dict=-dict=tests/fuzz/yaml.dict ;; esac
  before=$(findings "$h")
  slow_before=$(find "$B/crashes/$h" -name 'slow-unit-*' | wc -l)
  log=$B/$h.log
  ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    $B/tests/fuzz/$h $dict -max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 -max_len=1048576 \
    -print_final_stats=1 -artifact_prefix=$B/crashes/$h/ $B/corpus/$h >"$log" 2>&1
  rc=$?
  execs=$(awk '/stat::number_of_executed_units/ {print $2}' "$log")
  [ -n "$execs" ] || execs=$(sed -n 's/^Done \([0-9][0-9]*\) runs.*/\1/p' "$log" | tail -1)
  rate=$(awk '/stat::average_exec_per_sec/ {print $2}' "$log")
  after=$(findings "$h")
  printf '%-15s %10s %10s %8s\n' "$h" "${execs:-?}" "${rate:-?}" "$((after - before))"
  slow=$(( $(find "$B/crashes/$h" -name 'slow-unit-*' | wc -l) - slow_before ))
  [ "$slow" -gt 0 ] && echo "  $slow slow input(s) (over 10 s once) in $B/crashes/$h: time them again alone"
  if [ "$after" -gt "$before" ] || grep -q "ERROR: AddressSanitizer\|runtime error\|deadly signal" "$log"; then
    status=1
    grep -m3 "ERROR\|runtime error\|SUMMARY" "$log"
  fi
  if [ "$rc" != 0 ]; then
    status=1
    echo "  FAIL: $h exited $rc ($log):"
    tail -5 "$log" | sed 's/^/    /'
  fi
  if [ -z "$execs" ] || [ "$execs" = 0 ]; then
    status=1
    echo "  FAIL: $h ran no input (executions: ${execs:-none}; $log)"
  fi
done
exit $status
