#!/bin/bash
# Progress on stderr only on a terminal: silent when stderr is a file or a
# pipe, and with --quiet; shown ("[i/n] name") under a pseudo-terminal.
# Every run's exit status counts (pipefail; script -e passes iki's on).
# Env: IKI, FIXTURES.  Needs script(1) (bsdutils), else skipped (77).
set -u -o pipefail
. "$(dirname "$0")/lib/common.sh"
: "${IKI:?}" "${FIXTURES:?}"
command -v script >/dev/null || skip "script(1) (bsdutils) is missing: the terminal case cannot run"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
check() {
  local what=$1; shift
  if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $what"; fi
}
S=$FIXTURES/sampang-2025
"$IKI" build -o "$tmp/a.xlsx" "$S" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "build off a terminal: exit 0 (got $rc)" [ "$rc" = 0 ]
check "build off a terminal: nothing on stderr" [ ! -s "$tmp/err" ]
check "build: the summary table on stdout" grep -q "pmks_pulih" "$tmp/out"
"$IKI" check "$S" 2>&1 >/dev/null | cat >"$tmp/err2"; rc=$?
check "check into a pipe: exit 0 (got $rc)" [ "$rc" = 0 ]
check "check into a pipe: nothing on stderr" [ ! -s "$tmp/err2" ]
script -qec "'$IKI' check '$S' >/dev/null" /dev/null >"$tmp/tty" 2>&1; rc=$?
check "under a terminal: exit 0 (got $rc)" [ "$rc" = 0 ]
check "under a terminal: progress shown" grep -q "\[12/1[0-9]\] " "$tmp/tty"
script -qec "'$IKI' check -q '$S' >/dev/null" /dev/null >"$tmp/ttyq" 2>&1; rc=$?
check "under a terminal with --quiet: exit 0 (got $rc)" [ "$rc" = 0 ]
check "under a terminal with --quiet: nothing" sh -c "! grep -q '\[1/' '$tmp/ttyq'"
echo "progress: $pass passed, $fail failed"
[ "$fail" = 0 ]
