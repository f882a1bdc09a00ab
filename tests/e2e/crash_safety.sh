#!/bin/bash
# SIGKILL at random moments while `iki build` and `iki watch` write: the
# earlier workbook is always intact (byte-identical: SOURCE_DATE_EPOCH makes
# every complete build the same), and the next run leaves no temporary file
# behind.  Leftover temporary files are aged with `touch -d` to stand for
# the minute a later run waits before removing another writer's file.
# The moments are drawn from $RANDOM seeded with IKI_TEST_SEED (printed; a
# random seed when unset) over the time one build took (printed; fixed by
# IKI_TEST_SPAN): both replay a failure's moments.
# Env: IKI, FIXTURES; IKI_TEST_SEED, IKI_TEST_SPAN.
set -u
. "$(dirname "$0")/lib/common.sh"
: "${IKI:?}" "${FIXTURES:?}"
seed=${IKI_TEST_SEED:-$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')}
RANDOM=$seed
echo "crash_safety: seed $seed (IKI_TEST_SEED=$seed replays it)"
slow=$(time_factor)
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill -9 $pid 2>/dev/null; rm -rf "$tmp"' EXIT
pass=0 fail=0
check() {
  local what=$1; shift
  if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $what"; fi
}
export SOURCE_DATE_EPOCH=1767139200
mkdir -p "$tmp/in" "$tmp/out"
cp "$FIXTURES"/sampang-2025/*.xlsx "$FIXTURES"/sampang-2025/*.xls "$FIXTURES"/sampang-2025/*.ods \
   "$FIXTURES"/sampang-2025/*.csv "$tmp/in/"
out=$tmp/out/IKI.xlsx
"$IKI" build -q -o "$out" "$tmp/in" >/dev/null 2>&1
cp "$out" "$tmp/good.xlsx"
check "first build" [ -s "$out" ]

# how long one build takes, to spread the kills over it
t0=$(date +%s%N)
"$IKI" build -q -o "$out" "$tmp/in" >/dev/null 2>&1
t1=$(date +%s%N)
span=$(( (t1 - t0) / 1000 ))   # microseconds
[ "$span" -gt 0 ] || span=1000
span=${IKI_TEST_SPAN:-$span}
echo "crash_safety: kills spread over $span us (IKI_TEST_SPAN=$span with the seed replays the same moments)"
intact=1
for i in $(seq 1 25); do
  "$IKI" build -q -o "$out" "$tmp/in" >/dev/null 2>&1 &
  pid=$!
  delay=$(( RANDOM * span / 32768 ))
  sleep "$(printf '0.%06d' "$delay")"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  pid=
  cmp -s "$tmp/good.xlsx" "$out" || { intact=0; echo "after kill $i (at ${delay} us): output differs"; }
done
check "the workbook is intact after 25 kills of build" [ "$intact" = 1 ]
find "$tmp/out" -name '.IKI.xlsx.*' -exec touch -d '2 minutes ago' {} +
"$IKI" build -q -o "$out" "$tmp/in" >/dev/null 2>&1
check "no temporary file after the next build" [ -z "$(find "$tmp/out" -name '.IKI.xlsx.*')" ]
check "and the workbook is the same" cmp -s "$tmp/good.xlsx" "$out"

# watch: kill it while it rebuilds
intact=1
for i in $(seq 1 6); do
  "$IKI" watch -o "$out" --debounce 50 --settle 50 "$tmp/in" 2>"$tmp/log" &
  pid=$!
  for _ in $(seq 1 $((100 * slow))); do grep -q rebuilt "$tmp/log" && break; sleep 0.05; done
  touch "$tmp/in/pmks-2025.csv"
  sleep "$(printf '0.%03d' $(( 100 + RANDOM % 200 )))"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  pid=
  # watch stamps the real time (not SOURCE_DATE_EPOCH): check it is a
  # complete workbook instead of comparing bytes
  unzip -tq "$out" >/dev/null 2>&1 || { intact=0; echo "watch kill $i: broken workbook"; }
done
check "the workbook is complete after 6 kills of watch" [ "$intact" = 1 ]
find "$tmp/out" -name '.IKI.xlsx.*' -exec touch -d '2 minutes ago' {} +
"$IKI" build -q -o "$out" "$tmp/in" >/dev/null 2>&1
check "no temporary file after the next run" [ -z "$(find "$tmp/out" -name '.IKI.xlsx.*')" ]
echo "crash_safety: $pass passed, $fail failed (seed $seed)"
[ "$fail" = 0 ]
