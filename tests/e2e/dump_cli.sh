#!/bin/bash
# `iki dump` as a person uses it, on fixtures/reader: the '## FILE :: SHEET'
# lines (FILE as given on the command line), the rows of every variant
# equal to fixtures/reader/expected*.txt, --sheet, exit codes (0 ok,
# 1 unreadable input or missing sheet, 2 usage, 3 unwritable output), and a
# folder argument (files in name order, sub-folders, lock files skipped).
# Env: IKI (the CLI), FIXTURES (the repo's fixtures folder).
set -u
: "${IKI:?IKI must name the iki binary}" "${FIXTURES:?FIXTURES must name fixtures/}"
R=$FIXTURES/reader
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
check() { # check DESCRIPTION COMMAND...: passes when COMMAND succeeds
    local what=$1
    shift
    if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $what"; fi
}
run() { # run ARGS...: $IKI ARGS with a time bound; sets rc, out, err files
    timeout 60 "$IKI" "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
}
same() { # same FILE1 FILE2, showing the difference when they differ
    cmp -s "$1" "$2" && return 0
    diff "$1" "$2" | head -20
    return 1
}
# expected output of `iki dump FILE`: expected.txt with '## S' -> '## FILE :: S'
expect_for() { # expect_for FILE EXPECTED
    awk -v f="$1" '/^## / { print "## " f " :: " substr($0, 4); next } { print }' \
        "$R/$2"
}

# --- every variant, FILE exactly as given (relative, absolute, ./)
cd "$FIXTURES/.." || exit 1
rel=${R#"$PWD"/}
for v in pmks-libreoffice.xls pmks-libreoffice.xlsx pmks-libreoffice.ods \
    pmks-gnumeric.ods pmks-openpyxl.xlsx pmks-xlsxwriter.xlsx \
    pmks-xlsxwriter-constmem.xlsx; do
    run dump "$rel/$v"
    expect_for "$rel/$v" expected.txt >"$tmp/want"
    check "$v: exit $rc" [ "$rc" = 0 ]
    check "$v: output" same "$tmp/want" "$tmp/out"
    check "$v: stderr empty" [ ! -s "$tmp/err" ]
done
# formulas saved without results: computed, they dump as the cached values
run dump "$rel/pmks-openpyxl-formulas.xlsx"
expect_for "$rel/pmks-openpyxl-formulas.xlsx" expected.txt >"$tmp/want"
check "openpyxl formulas: output" same "$tmp/want" "$tmp/out"

abs="$R/pmks-libreoffice.xlsx"
run dump "$abs"
check "absolute path kept in header" grep -qxF "## $abs :: PMKS 2024" "$tmp/out"
run dump "./$rel/pmks-libreoffice.xlsx"
check "./ path kept in header" grep -qxF "## ./$rel/pmks-libreoffice.xlsx :: Lampiran" "$tmp/out"
check "three sheets, hidden one included" [ "$(grep -c '^## ' "$tmp/out")" = 3 ]

# CSV: one sheet, the first sheet's rows
run dump "$rel/pmks-libreoffice.csv"
check "csv: exit $rc" [ "$rc" = 0 ]
check "csv: one header" [ "$(grep -c '^## ' "$tmp/out")" = 1 ]
check "csv: header names the file" grep -q "^## $rel/pmks-libreoffice.csv :: " "$tmp/out"
awk '/^## /{n++; next} n==1' "$R/expected.txt" >"$tmp/want"
tail -n +2 "$tmp/out" >"$tmp/got"
check "csv: rows" same "$tmp/want" "$tmp/got"

# several files: in the order given
run dump "$rel/pmks-xlsxwriter.xlsx" "$rel/pmks-libreoffice.ods"
grep '^## ' "$tmp/out" | cut -d' ' -f2 | uniq >"$tmp/got"
printf '%s\n' "$rel/pmks-xlsxwriter.xlsx" "$rel/pmks-libreoffice.ods" >"$tmp/want"
check "files in argument order" same "$tmp/want" "$tmp/got"

# --- --sheet
run dump --sheet Lampiran "$rel/pmks-libreoffice.ods"
printf '## %s :: Lampiran\n' "$rel/pmks-libreoffice.ods" >"$tmp/want"
awk '/^## /{keep = ($0 == "## Lampiran"); next} keep' "$R/expected.txt" >>"$tmp/want"
check "--sheet NAME: exit $rc" [ "$rc" = 0 ]
check "--sheet NAME: that sheet only" same "$tmp/want" "$tmp/out"
run dump --sheet="PMKS 2024" "$rel/pmks-libreoffice.xls"
check "--sheet=NAME with a space" [ "$rc" = 0 ] &&
    check "--sheet=NAME: header" [ "$(head -1 "$tmp/out")" = "## $rel/pmks-libreoffice.xls :: PMKS 2024" ] &&
    check "--sheet=NAME: one sheet" [ "$(grep -c '^## ' "$tmp/out")" = 1 ]
run dump --sheet Nope "$rel/pmks-libreoffice.xlsx"
check "missing sheet: exit 1 (got $rc)" [ "$rc" = 1 ]
check "missing sheet: message names sheet and file" \
    grep -q "pmks-libreoffice.xlsx.*Nope" "$tmp/err"
run dump --sheet lampiran "$rel/pmks-libreoffice.xlsx"
check "sheet names are exact (case)" [ "$rc" = 1 ]

# --- usage and exit codes
run dump
check "no arguments: exit 2 (got $rc)" [ "$rc" = 2 ]
check "no arguments: usage on stderr" grep -q "usage: iki dump" "$tmp/err"
run
check "no command: exit 2 (got $rc)" [ "$rc" = 2 ]
run dump --bogus "$abs"
check "unknown option: exit 2 (got $rc)" [ "$rc" = 2 ]
run dump --help
check "--help: exit 0" [ "$rc" = 0 ]
check "--help on stdout" grep -q "usage: iki dump" "$tmp/out"
run dump "$tmp/does-not-exist.xlsx"
check "missing file: exit 1" [ "$rc" = 1 ]
check "missing file: named" grep -qF "$tmp/does-not-exist.xlsx" "$tmp/err"
if [ -w /dev/full ]; then
    timeout 60 "$IKI" dump "$abs" >/dev/full 2>"$tmp/err"
    rc=$?
    check "unwritable output: exit 3 (got $rc)" [ "$rc" = 3 ]
fi

# --- a folder: name order, recursion, lock and hidden files skipped
d=$tmp/Data\ Dinsos
mkdir -p "$d/sub"
cp "$R/pmks-libreoffice.xlsx" "$d/b.xlsx"
cp "$R/pmks-libreoffice.csv" "$d/a.csv"
cp "$R/pmks-gnumeric.ods" "$d/c.ods"
cp "$R/pmks-libreoffice.xls" "$d/sub/d.xls"
printf '\x0cSomebody       ' >"$d/~\$b.xlsx"           # Excel's lock file
printf ',Somebody,host,01.02.2024 08:00,file:///x;' >"$d/.~lock.c.ods#"  # LibreOffice's
cp "$R/pmks-libreoffice.xlsx" "$d/.hidden.xlsx"
printf 'Isi folder ini: data PMKS\n' >"$d/README.txt"       # not a spreadsheet name
printf '#!/bin/sh\n' >"$d/make.sh"
run dump "$d"
check "folder: exit $rc" [ "$rc" = 0 ]
check "folder: nothing on stderr" [ ! -s "$tmp/err" ]
grep '^## ' "$tmp/out" | sed 's/ :: .*//' | uniq >"$tmp/got"
printf '## %s\n' "$d/a.csv" "$d/b.xlsx" "$d/c.ods" "$d/sub/d.xls" >"$tmp/want"
check "folder: files in name order, lock files and non-spreadsheet names skipped" same "$tmp/want" "$tmp/got"
check "folder: every sheet" [ "$(grep -c '^## ' "$tmp/out")" = 10 ]
run dump "$d/"
check "folder with a trailing slash" grep -qxF "## $d/b.xlsx :: PMKS 2024" "$tmp/out"

echo "dump_cli: $pass passed, $fail failed"
[ "$fail" = 0 ]
