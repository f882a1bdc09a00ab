#!/bin/bash
# iki watch end to end: build once, rebuild after a file is added, changed
# and removed; lock files ignored; a failed rebuild keeps the last good
# output; SIGTERM and SIGINT stop it cleanly.  Bounded waits throughout,
# widened under valgrind and the sanitizers (time_factor, lib/common.sh).
# Env: IKI (the CLI), FIXTURES.
set -u
. "$(dirname "$0")/lib/common.sh"
: "${IKI:?IKI must name the iki binary}" "${FIXTURES:?}"
slow=$(time_factor)
DEBOUNCE=300 SETTLE=200 # ms, given to iki watch
# quiet: longer than a change takes to start a rebuild (debounce + settle),
# with room for a slow build
quiet() { sleep "$(awk -v ms=$(( (DEBOUNCE + SETTLE) * 2 * slow )) 'BEGIN { printf "%.3f", ms / 1000 }')"; }
tmp=$(mktemp -d)
pid=
cleanup() {
  [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
  chattr -i "$tmp/out" 2>/dev/null; chmod 0755 "$tmp/out" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
pass=0 fail=0
check() {
  local what=$1; shift
  if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $what"; fi
}
S=$FIXTURES/sampang-2025
mkdir -p "$tmp/inbox/sub" "$tmp/out"
cp "$S/pmks-2025.csv" "$S/kla-2025.ods" "$tmp/inbox/"
lines() { grep -c "$1" "$tmp/log" 2>/dev/null || true; }
# wait_for PATTERN COUNT: until the log has COUNT lines matching, max 20 s
# (times the build's slowness)
wait_for() {
  for _ in $(seq 1 $((200 * slow))); do
    [ "$(lines "$1")" -ge "$2" ] && return 0
    sleep 0.1
  done
  return 1
}

"$IKI" watch -o "$tmp/out/IKI.xlsx" --debounce $DEBOUNCE --settle $SETTLE "$tmp/inbox" 2>"$tmp/log" &
pid=$!
check "first build" wait_for "rebuilt" 1
check "first build: 2 files read" grep -q "rebuilt .*: 2 files read" "$tmp/log"
check "workbook written" [ -s "$tmp/out/IKI.xlsx" ]

cp "$S/ppa-2025.xlsx" "$tmp/inbox/sub/"
check "rebuilt after a file was added (in a sub-folder)" wait_for "rebuilt" 2
check "3 files read" grep -q "rebuilt .*: 3 files read" "$tmp/log"

printf '\r\n' >>"$tmp/inbox/pmks-2025.csv"
check "rebuilt after a file changed" wait_for "rebuilt" 3

rm "$tmp/inbox/kla-2025.ods"
check "rebuilt after a file was removed" wait_for "rebuilt" 4
check "2 files read after the removal" [ "$(grep "rebuilt" "$tmp/log" | tail -1 | grep -c ": 2 files read")" = 1 ]

# lock files: no rebuild.  Proved with a barrier: once the lock files'
# debounce and settle have passed, a real change; it must bring exactly one
# rebuild (a rebuild for the lock files would come before it, or after it
# if slow: the second quiet wait sees it)
n=$(lines "rebuilt")
printf 'x' >"$tmp/inbox/~\$pmks-2025.xlsx"
printf 'x' >"$tmp/inbox/.~lock.kla.ods#"
quiet
check "lock files start no rebuild (before the barrier)" [ "$(lines "rebuilt")" = "$n" ]
printf '\r\n' >>"$tmp/inbox/pmks-2025.csv"
check "the barrier's change rebuilds" wait_for "rebuilt" $((n + 1))
quiet
check "lock files start no rebuild: one rebuild for the barrier, $((n + 1)) in all (got $(lines "rebuilt"))" \
  [ "$(lines "rebuilt")" = "$((n + 1))" ]

# a failed rebuild: the output folder refuses new files
cp "$tmp/out/IKI.xlsx" "$tmp/good.xlsx"
if [ "$(id -u)" = 0 ]; then chattr +i "$tmp/out"; else chmod 0500 "$tmp/out"; fi
cp "$S/dayasos-2025.xlsx" "$tmp/inbox/"
check "the failure is logged" wait_for "rebuild failed" 1
check "the last good output is kept" cmp -s "$tmp/good.xlsx" "$tmp/out/IKI.xlsx"
check "no temporary file left" [ -z "$(find "$tmp/out" -name '.IKI.xlsx.*')" ]
chattr -i "$tmp/out" 2>/dev/null; chmod 0755 "$tmp/out"
touch "$tmp/inbox/dayasos-2025.xlsx"
check "rebuilds again once writable" wait_for "rebuilt .*: 3 files read" 1

kill -TERM "$pid"
for _ in $(seq 1 $((50 * slow))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
check "SIGTERM stops it" sh -c "! kill -0 $pid 2>/dev/null"
wait "$pid"; rc=$?
check "exit 0 after SIGTERM (got $rc)" [ "$rc" = 0 ]
check "says stopped" grep -q "stopped" "$tmp/log"
pid=

"$IKI" watch -o "$tmp/out/IKI.xlsx" --debounce $DEBOUNCE --settle $SETTLE "$tmp/inbox" 2>"$tmp/log2" &
pid=$!
for _ in $(seq 1 $((200 * slow))); do grep -q rebuilt "$tmp/log2" && break; sleep 0.1; done
kill -INT "$pid"
for _ in $(seq 1 $((50 * slow))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
wait "$pid"; rc=$?
check "exit 0 after SIGINT (got $rc)" [ "$rc" = 0 ]
pid=

"$IKI" watch -o "$tmp/x.xlsx" "$tmp/no-such-inbox" 2>/dev/null; rc=$?
check "a missing inbox: exit 1 (got $rc)" [ "$rc" = 1 ]
"$IKI" watch "$tmp/inbox" 2>/dev/null; rc=$?
check "no -o: exit 2 (got $rc)" [ "$rc" = 2 ]

echo "watch: $pass passed, $fail failed"
[ "$fail" = 0 ]
