#!/bin/bash
# Progress on stderr only on a terminal: silent when stderr is a file or a
# pipe, and with --quiet; shown ("[i/n] name") under a pseudo-terminal.
# Env: IKI, FIXTURES.
set -u
: "${IKI:?}" "${FIXTURES:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
check() {
  local what=$1; shift
  if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $what"; fi
}
S=$FIXTURES/sampang-2025
"$IKI" build -o "$tmp/a.xlsx" "$S" >"$tmp/out" 2>"$tmp/err"
check "build off a terminal: nothing on stderr" [ ! -s "$tmp/err" ]
check "build: the summary table on stdout" grep -q "pmks_pulih" "$tmp/out"
"$IKI" check "$S" 2>&1 >/dev/null | cat >"$tmp/err2"
check "check into a pipe: nothing on stderr" [ ! -s "$tmp/err2" ]
if command -v script >/dev/null; then
  script -qec "'$IKI' check '$S' >/dev/null" /dev/null >"$tmp/tty" 2>&1
  check "under a terminal: progress shown" grep -q "\[12/1[0-9]\] " "$tmp/tty"
  script -qec "'$IKI' check -q '$S' >/dev/null" /dev/null >"$tmp/ttyq" 2>&1
  check "under a terminal with --quiet: nothing" sh -c "! grep -q '\[1/' '$tmp/ttyq'"
else
  echo "note: script(1) is missing, the terminal case is skipped"
fi
echo "progress: $pass passed, $fail failed"
[ "$fail" = 0 ]
