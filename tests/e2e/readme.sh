#!/bin/bash
# Every example of the README runs: each line that starts with "iki " inside
# a ```sh block is run with $IKI in a scratch folder whose fixtures/ is the
# repository's, and must exit 0 or 1 (1: some indicator lacks data, which is
# fine for partial sample folders), never 2 or 3, and print something on
# stdout or write something into the scratch folder (its own output: the
# scratch folder holds nothing else, the test's files live beside it).
# Env: IKI, FIXTURES, TESTS_DIR.
set -u
: "${IKI:?}" "${FIXTURES:?}" "${TESTS_DIR:?}"
readme=$TESTS_DIR/../README.md
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
w=$tmp/work
mkdir "$w"
ln -s "$FIXTURES" "$w/fixtures"
pass=0 fail=0
mapfile -t cmds < <(awk '/^```sh$/ {on = 1; next} /^```/ {on = 0} on && /^iki / {print}' "$readme")
[ "${#cmds[@]}" -ge 5 ] || { echo "FAIL: found only ${#cmds[@]} examples in the README"; exit 1; }
for c in "${cmds[@]}"; do
  ls -A "$w" >"$tmp/before"
  (cd "$w" && eval "\"\$IKI\"${c#iki}") >"$tmp/out" 2>"$tmp/err"
  rc=$?
  ls -A "$w" >"$tmp/after"
  if ! { [ "$rc" = 0 ] || [ "$rc" = 1 ]; }; then
    fail=$((fail + 1)); echo "FAIL ($rc): $c"; head -3 "$tmp/err"
  elif [ ! -s "$tmp/out" ] && cmp -s "$tmp/before" "$tmp/after"; then
    fail=$((fail + 1)); echo "FAIL: $c: printed nothing and wrote nothing"
  else
    pass=$((pass + 1))
  fi
done
# what the examples promise
[ -s "$w/IKI-2025.xlsx" ] && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: no IKI-2025.xlsx"; }
[ -s "$w/IKI-2025.json" ] && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: no IKI-2025.json"; }
[ "$(ls "$w/formulir" 2>/dev/null | grep -c '\.xlsx$')" -ge 11 ] && pass=$((pass + 1)) ||
  { fail=$((fail + 1)); echo "FAIL: iki forms wrote fewer than 11 forms"; }
# the first command's workbook shows capaian (the sample's target form) and
# the Triwulan sheet: pmks_pulih's capaian worked out here, 21128 of 32218
# PMKS (pmks-2025.csv's totals) against the form's target 70
if [ -s "$w/IKI-2025.xlsx" ] && /usr/bin/python3 - "$w/IKI-2025.xlsx" <<'EOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], data_only=True)
row = next(r for r in wb["Ringkasan"].iter_rows(values_only=True) if r[0] == "pmks_pulih")
want = 21128 / 32218 * 100 / 70 * 100
ok = "Triwulan" in wb.sheetnames and row[4] == 70 and abs(row[5] - want) < 1e-9 and row[7] == "ok"
print("" if ok else "FAIL: Ringkasan pmks_pulih %r, want target 70, capaian %r, and a Triwulan sheet" % (row, want))
sys.exit(0 if ok else 1)
EOF
then pass=$((pass + 1)); else fail=$((fail + 1)); fi
echo "readme: $pass passed, $fail failed"
[ "$fail" = 0 ]
