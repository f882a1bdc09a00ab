#!/bin/bash
# Options anywhere (issue 11.1): every subcommand takes its options before,
# between and after the operands (getopt_long permutation), "--" ends them,
# POSIXLY_CORRECT stops at the first operand, an unknown option or a missing
# value is a usage error (exit 2) that names it, and --help works everywhere.
# Env: IKI (the CLI), FIXTURES.
set -u
: "${IKI:?IKI must name the iki binary}" "${FIXTURES:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1767225600 # 2026-01-01
pass=0 fail=0
check() {
  local what=$1; shift
  if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $what"; fi
}
S=$FIXTURES/sampang-2025
mkdir "$tmp/run" && cd "$tmp/run" || exit 1

# build: -o after the folder (the README's first command as people type it)
"$IKI" build "$S" -o after.xlsx -q >"$tmp/out" 2>"$tmp/err"; rc=$?
check "build FOLDER -o OUT: exit 0 (got $rc)" [ "$rc" = 0 ]
check "build FOLDER -o OUT writes OUT" [ -s after.xlsx ]
check "build FOLDER -o OUT writes nothing else" [ "$(ls)" = "after.xlsx" ]
check "build FOLDER -o OUT reads no '-o' input" bash -c "! grep -q -- \"'-o'\\|out.xlsx: skipped\" '$tmp/out' '$tmp/err'"
"$IKI" build -q -o before.xlsx "$S" >/dev/null 2>&1
"$IKI" build --quiet "$S" --output=between.xlsx --json=between.json >/dev/null 2>&1
for f in before between; do
  check "$f: the same workbook as with -o after" cmp -s after.xlsx $f.xlsx
done
check "--json=FILE after the folder" [ -s between.json ]
rm -f ./*.xlsx ./*.json

# an unknown option, anywhere: exit 2 and named, nothing written
for args in "--bogus $S" "$S --bogus" "$S -Z" "-qZ $S"; do
  # shellcheck disable=SC2086
  "$IKI" build $args -o x.xlsx >"$tmp/out" 2>"$tmp/err"; rc=$?
  opt=$(echo "$args" | grep -oE -- '--bogus|Z')
  check "build $args: exit 2 (got $rc)" [ "$rc" = 2 ]
  check "build $args: names the option" grep -q -- "unknown option '-*$opt'" "$tmp/err"
  check "build $args: nothing written" [ ! -e x.xlsx ]
done
"$IKI" build "$S" -o >"$tmp/out" 2>"$tmp/err"; rc=$?
check "build -o without a value: exit 2 (got $rc)" [ "$rc" = 2 ]
check "build -o without a value: named" grep -q "option '-o' wants a value" "$tmp/err"
"$IKI" build "$S" --year >"$tmp/out" 2>"$tmp/err"; rc=$?
check "build --year without a value: exit 2 (got $rc)" [ "$rc" = 2 ]
check "build --year without a value: named" grep -q "option '--year' wants a value" "$tmp/err"

# "--" ends the options: a file named like an option is an operand
mkdir d && cp "$S/pmks-2025.csv" ./-o.csv
"$IKI" check --tsv -- -o.csv >"$tmp/out" 2>"$tmp/err"
check "check -- -o.csv reads the file" grep -q "^pmks_pulih	21128	32218" "$tmp/out"
rm -f ./-o.csv; rmdir d

# POSIXLY_CORRECT: options stop at the first operand
POSIXLY_CORRECT=1 "$IKI" check "$S" --tsv >"$tmp/out" 2>"$tmp/err"; rc=$?
check "POSIXLY_CORRECT: --tsv after the folder is an operand" \
  bash -c "! grep -q '^kode	pembilang' '$tmp/out'"
"$IKI" check "$S" --tsv >"$tmp/out2" 2>&1
check "without it: --tsv after the folder is an option" grep -q "^kode	pembilang" "$tmp/out2"

# check: every order gives the same table
"$IKI" check --tsv -q "$S" >"$tmp/c1" 2>/dev/null
"$IKI" check "$S" --tsv -q >"$tmp/c2" 2>/dev/null
"$IKI" check -q "$S" -j 1 --tsv >"$tmp/c3" 2>/dev/null
check "check: options after the folder" cmp -s "$tmp/c1" "$tmp/c2"
check "check: options between" cmp -s "$tmp/c1" "$tmp/c3"
"$IKI" check "$S" --nope >"$tmp/out" 2>"$tmp/err"; rc=$?
check "check --nope: exit 2 (got $rc)" [ "$rc" = 2 ]
check "check --nope: named" grep -q "unknown option '--nope'" "$tmp/err"

# dump: --sheet after the file, --sheet=NAME
P=$FIXTURES/sample/pmks-2024.xlsx
"$IKI" dump --sheet "PMKS 2024" "$P" >"$tmp/d1"
"$IKI" dump "$P" --sheet "PMKS 2024" >"$tmp/d2"
"$IKI" dump "$P" --sheet="PMKS 2024" >"$tmp/d3"
check "dump: a sheet is printed" grep -q "REKAPITULASI" "$tmp/d1"
check "dump: --sheet after the file" cmp -s "$tmp/d1" "$tmp/d2"
check "dump: --sheet=NAME" cmp -s "$tmp/d1" "$tmp/d3"
"$IKI" dump "$P" --sheet >"$tmp/out" 2>"$tmp/err"; rc=$?
check "dump --sheet without a value: exit 2 (got $rc)" [ "$rc" = 2 ]

# forms: -o anywhere, --year after it
"$IKI" forms -o f1 --year 2025 >/dev/null
"$IKI" forms --year 2025 -o f2 >/dev/null
check "forms: forms written" [ -s f1/formulir-pmks.xlsx ]
check "forms: option order does not matter" diff -r f1 f2
"$IKI" forms -o f3 extra >"$tmp/out" 2>"$tmp/err"; rc=$?
check "forms with an operand: exit 2 (got $rc)" [ "$rc" = 2 ]
"$IKI" forms --nope -o f3 >"$tmp/out" 2>"$tmp/err"; rc=$?
check "forms --nope: exit 2 (got $rc)" [ "$rc" = 2 ]
check "forms --nope: named" grep -q "unknown option '--nope'" "$tmp/err"
rm -rf f1 f2 f3

# template: options, an operand is refused
"$IKI" template -t "$FIXTURES/templates/good-minimal.yaml" >"$tmp/out"; rc=$?
check "template -t: exit 0 (got $rc)" [ "$rc" = 0 ]
"$IKI" template --nope >"$tmp/out" 2>"$tmp/err"; rc=$?
check "template --nope: exit 2 (got $rc)" [ "$rc" = 2 ]

# watch: options after the inbox are parsed (a bad --debounce is refused
# before anything is watched), an unknown one is named
"$IKI" watch "$S" -o w.xlsx --debounce 1 >"$tmp/out" 2>"$tmp/err"; rc=$?
check "watch INBOX -o OUT --debounce 1: exit 2 (got $rc)" [ "$rc" = 2 ]
check "watch: the bad --debounce is named" grep -q -- "--debounce wants" "$tmp/err"
"$IKI" watch "$S" -o w.xlsx --year 20x5 >"$tmp/out" 2>"$tmp/err"; rc=$?
check "watch --year 20x5: exit 2 (got $rc)" [ "$rc" = 2 ]
"$IKI" watch "$S" --nope >"$tmp/out" 2>"$tmp/err"; rc=$?
check "watch --nope: exit 2 (got $rc)" [ "$rc" = 2 ]
check "watch --nope: named" grep -q "unknown option '--nope'" "$tmp/err"

# --help on every command, before or after operands, exit 0 on stdout
for cmd in build check dump forms watch template; do
  "$IKI" $cmd --help >"$tmp/out" 2>&1; rc=$?
  check "$cmd --help: exit 0 (got $rc)" [ "$rc" = 0 ]
  check "$cmd --help: usage" grep -q "usage: iki $cmd" "$tmp/out"
  "$IKI" help $cmd >"$tmp/out" 2>&1
  check "help $cmd: usage" grep -q "usage: iki $cmd" "$tmp/out"
done
"$IKI" check "$S" --help >"$tmp/out" 2>&1; rc=$?
check "check FOLDER --help: the help, exit 0 (got $rc)" [ "$rc" = 0 ]
check "check FOLDER --help: usage" grep -q "usage: iki check" "$tmp/out"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
