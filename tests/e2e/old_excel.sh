#!/bin/bash
# Excel 2.x and 4.0 worksheets (bare BIFF2/BIFF4 .xls, fixtures/xls/
# make_biff234.py): the office's PMKS recap saved by an old Excel is
# recognised and counted exactly as the same recap in CSV.
#   1. `iki check --tsv` on a folder holding fixtures/xls/pmks-excel2.xls,
#      and on one holding pmks-excel4.xls, prints the same indicator lines
#      and exits with the same code as on a folder holding
#      fixtures/sampang-2025/pmks-2025.csv (1: the other forms are missing,
#      so most indicators have no data), and the PMKS lines are not empty;
#   2. `iki build` on the Excel 4.0 folder writes the workbook, and Sumber
#      lists the sheet under the file's name (pmks-excel4) recognised as
#      PMKS;
#   3. `iki dump` of fixtures/xls/biff2.xls prints the types of the table
#      (date, boolean, error, formula results).
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

for d in csv excel2 excel4; do mkdir -p "$tmp/$d"; done
cp "$FIXTURES/sampang-2025/pmks-2025.csv" "$tmp/csv/"
cp "$FIXTURES/xls/pmks-excel2.xls" "$tmp/excel2/"
cp "$FIXTURES/xls/pmks-excel4.xls" "$tmp/excel4/"
for d in csv excel2 excel4; do
  "$IKI" check --tsv "$tmp/$d" >"$tmp/$d.tsv" 2>"$tmp/$d.err"
  echo "$?" >"$tmp/$d.rc"
done
check "check on the CSV: exit 1, the other forms missing" [ "$(cat "$tmp/csv.rc")" = 1 ]
check "PMKS counted from the CSV" grep -qP '^pmks_pulih\t21128\t32218\t' "$tmp/csv.tsv"
for d in excel2 excel4; do
  check "$d: check exits as on the CSV" [ "$(cat "$tmp/$d.rc")" = "$(cat "$tmp/csv.rc")" ]
  check "$d: no message about the file ($(head -c 200 "$tmp/$d.err"))" \
    sh -c "! grep -q 'pmks-$d' '$tmp/$d.err'"
  check "$d: the same indicators as the CSV" cmp -s "$tmp/csv.tsv" "$tmp/$d.tsv"
done

"$IKI" build -q -o "$tmp/out.xlsx" --json "$tmp/out.json" "$tmp/excel4" >"$tmp/build.out" 2>"$tmp/build.err"
rc=$?
check "build writes the workbook (exit $rc: $(head -c 200 "$tmp/build.err"))" \
  sh -c "[ '$rc' -le 1 ] && [ -s '$tmp/out.xlsx' ]"
/usr/bin/python3 - "$tmp/out.xlsx" >"$tmp/sumber.txt" <<'PY'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1], read_only=True)["Sumber"]
for row in ws.iter_rows(values_only=True):
    print("\t".join("" if v is None else str(v) for v in row))
PY
check "Sumber names the sheet after the file, recognised as PMKS" \
  grep -qP 'pmks-excel4\.xls\tpmks-excel4\tpmks ' "$tmp/sumber.txt"

"$IKI" dump "$FIXTURES/xls/biff2.xls" >"$tmp/dump" 2>"$tmp/dump.err"
check "dump of biff2.xls exits 0" [ "$?" = 0 ]
check "dump: date, boolean, error and formula results" \
  grep -qxF -e 'Sreseh,1368,2025-03-31' "$tmp/dump"
check "dump: boolean" grep -qxF 'Torjun,1638.5,TRUE' "$tmp/dump"
check "dump: error and formula number" grep -qxF 'Pangarengan,#DIV/0!,1369' "$tmp/dump"
check "dump: formula text and code page 1252" grep -qxF 'Café Sampang,ok' "$tmp/dump"

echo "old_excel: $pass passed, $fail failed"
[ "$fail" = 0 ]
