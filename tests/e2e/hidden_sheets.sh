#!/bin/bash
# Hidden sheets (issue 11.10): a workbook that keeps last year's recap on a
# hidden sheet beside this year's gives this year's values alone; Sumber
# lists the hidden sheet as skipped ("lembar tersembunyi"), check says so,
# Catatan notes it; office.hidden_sheets: read in the template reads it, and
# two visible sheets of one workbook holding the same form for the same
# period are named together in a warning.  xlsx (openpyxl, hidden and very
# hidden), ods and xls (LibreOffice): fixtures/hidden/make.sh.
# Env: IKI (the CLI), FIXTURES.
set -u
: "${IKI:?IKI must name the iki binary}" "${FIXTURES:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
check() {
  local what=$1; shift
  if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $what"; fi
}
field() { awk -F'\t' -v c="$1" -v k="$2" '$1 == c { print $k }'; }
H=$FIXTURES/hidden
"$IKI" check --tsv "$FIXTURES/sampang-2025/pmks-2025.csv" >"$tmp/want" 2>/dev/null
want=$(field pmks_pulih 2 <"$tmp/want")/$(field pmks_pulih 3 <"$tmp/want")
check "reference values" [ "$want" = "21128/32218" ]

for f in pmks-hidden-openpyxl.xlsx pmks-veryhidden-openpyxl.xlsx \
         pmks-hidden-libreoffice.ods pmks-hidden-libreoffice.xls; do
  "$IKI" check --tsv "$H/$f" >"$tmp/tsv" 2>/dev/null
  got=$(field pmks_pulih 2 <"$tmp/tsv")/$(field pmks_pulih 3 <"$tmp/tsv")
  check "$f: this year's values alone ($got)" [ "$got" = "$want" ]
  "$IKI" check "$H/$f" >"$tmp/out" 2>&1
  check "$f: check says the hidden sheet is skipped" \
    grep -qE "PMKS 2025 \(lama\): skipped: (very )?hidden sheet" "$tmp/out"
  check "$f: no warning of two sheets" bash -c "! grep -q 'hold the same form' '$tmp/out'"
done

mkdir "$tmp/run" && cd "$tmp/run" || exit 1
cp "$H/pmks-hidden-openpyxl.xlsx" .
"$IKI" build -q pmks-hidden-openpyxl.xlsx -o o.xlsx >/dev/null 2>&1
/usr/bin/python3 - o.xlsx >"$tmp/py" 2>&1 <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ok = 0
for row in wb["Sumber"].iter_rows(values_only=True):
    if row[1] == "PMKS 2025 (lama)" and row[2] == "dilewati: lembar tersembunyi":
        ok |= 1
for row in wb["Catatan"].iter_rows(values_only=True):
    if row[2] == "PMKS 2025 (lama)" and str(row[4]).startswith("lembar tersembunyi: tidak dibaca"):
        ok |= 2
print(ok)
sys.exit(0 if ok == 3 else 1)
PY
check "Sumber and Catatan name the hidden sheet ($(cat "$tmp/py"))" [ "$(tail -1 "$tmp/py")" = 3 ]

# opting in: the template reads hidden sheets; both sheets are the same form
# and period, so a warning names them together
"$IKI" template | sed 's/^office:/office:\n  hidden_sheets: read/' >"$tmp/t.yaml"
"$IKI" check -t "$tmp/t.yaml" --tsv pmks-hidden-openpyxl.xlsx >"$tmp/tsv" 2>/dev/null
got=$(field pmks_pulih 2 <"$tmp/tsv")/$(field pmks_pulih 3 <"$tmp/tsv")
check "hidden_sheets: read adds the hidden sheet ($got)" [ "$got" = "84512/128872" ]
"$IKI" check -t "$tmp/t.yaml" pmks-hidden-openpyxl.xlsx >"$tmp/out" 2>&1
check "hidden_sheets: read: the two sheets named together" \
  grep -q "sheets 'PMKS 2025' and 'PMKS 2025 (lama)' hold the same form (pmks) for the period 2025" "$tmp/out"
"$IKI" template | sed 's/^office:/office:\n  hidden_sheets: maybe/' >"$tmp/bad.yaml"
"$IKI" check -t "$tmp/bad.yaml" pmks-hidden-openpyxl.xlsx >"$tmp/out" 2>&1; rc=$?
check "hidden_sheets: maybe is a template error (exit 2, got $rc)" [ "$rc" = 2 ]

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
