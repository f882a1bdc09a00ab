#!/bin/bash
# The report year comes from the data, never from the clock (issue 11.2):
# --year, else the template's office.year, else the year most recognised
# inputs state (file names, title rows, date cells, sheet names); only when
# none states one, the clock's year with a warning.  Inputs of another year
# are not added: Sumber lists them as skipped with the reason, Catatan
# names them.  The same folder built in December and in January gives the
# same workbook but for its build time.
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
PY=/usr/bin/python3
DEC_2025=1765756800 # 2025-12-15
JAN_2027=1799971200 # 2027-01-15
S=$FIXTURES/sampang-2025
# facts of a workbook: title, properties, Ringkasan's Tahun, skipped rows of
# Sumber, the Catatan lines about periods
facts() {
  "$PY" - "$1" <<'PY'
import sys, zipfile, re
import openpyxl
path = sys.argv[1]
wb = openpyxl.load_workbook(path)
print("title", wb.properties.title)
print("subject", wb.properties.subject)
ws = wb["Ringkasan"]
for row in ws.iter_rows(values_only=True):
    if row and row[0] == "Tahun":
        print("tahun", row[1])
    if row and isinstance(row[0], str) and row[0].startswith("Indikator Kinerja"):
        print("heading", row[0])
for row in wb["Sumber"].iter_rows(values_only=True):
    for v in row:
        if isinstance(v, str) and v.startswith("dilewati: periode"):
            print("sumber", row[0], row[1] if len(row) > 1 else "", v)
for row in wb["Catatan"].iter_rows(values_only=True):
    if isinstance(row[4], str) and ("tahun laporan" in row[4]):
        print("catatan", row[0], row[1], row[2], row[4])
PY
}
values() { # the Data sheet's values, for comparing two builds
  "$PY" - "$1" <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
for row in wb["Data"].iter_rows(values_only=True):
    print(row)
PY
}

mkdir -p "$tmp/a" && cd "$tmp/a" || exit 1
# 1. the 2025 folder built in January 2027 without --year: a 2025 workbook
SOURCE_DATE_EPOCH=$JAN_2027 "$IKI" build -q "$S" --json a.json >"$tmp/out" 2>"$tmp/err"; rc=$?
check "2025 folder, clock 2027: exit 0 (got $rc)" [ "$rc" = 0 ]
check "default name IKI-2025.xlsx" [ -s IKI-2025.xlsx ]
check "no IKI-2027.xlsx" [ ! -e IKI-2027.xlsx ]
check "terminal says where the year came from" grep -q "Report year: 2025 (stated by the inputs)" "$tmp/out"
check "no clock warning" bash -c "! grep -q 'clock' '$tmp/err'"
facts IKI-2025.xlsx >"$tmp/f1"
check "Ringkasan Tahun 2025" grep -qx "tahun 2025" "$tmp/f1"
check "document title says 2025" grep -q "^title .*2025" "$tmp/f1"
check "nothing says 2027" bash -c "! grep -q 2027 '$tmp/f1'"
check "JSON tahun 2025" grep -q '"tahun": 2025' a.json
mv IKI-2025.xlsx jan.xlsx
# the same folder in December 2025: the same values and year
SOURCE_DATE_EPOCH=$DEC_2025 "$IKI" build -q "$S" -o dec.xlsx >/dev/null 2>&1
facts dec.xlsx >"$tmp/f2"
check "December and January: the same year facts" cmp -s "$tmp/f1" "$tmp/f2"
values jan.xlsx >"$tmp/v1"; values dec.xlsx >"$tmp/v2"
check "December and January: the same Data" cmp -s "$tmp/v1" "$tmp/v2"

# 2. a folder mixing 2024 and 2025 files: 2025 (most files), the 2024 form
#    skipped with its reason, not added
mkdir "$tmp/mix"
cp "$S"/*.csv "$S"/*.xls "$S"/*.xlsx "$S"/*.ods "$tmp/mix/"
sed 's/2025/2024/g' "$S/pmks-2025.csv" | sed 's/;1[0-9][0-9]*;/;1;/' >"$tmp/mix/pmks-2024.csv"
SOURCE_DATE_EPOCH=$JAN_2027 "$IKI" build -q "$tmp/mix" -o mix.xlsx >"$tmp/out" 2>&1
SOURCE_DATE_EPOCH=$JAN_2027 "$IKI" check --tsv "$tmp/mix" >"$tmp/t-mix" 2>/dev/null
SOURCE_DATE_EPOCH=$JAN_2027 "$IKI" check --tsv "$S" >"$tmp/t-2025" 2>/dev/null
check "mixed: the 2024 file is not added" cmp -s "$tmp/t-mix" "$tmp/t-2025"
facts mix.xlsx >"$tmp/f3"
check "mixed: year 2025" grep -qx "tahun 2025" "$tmp/f3"
check "mixed: Sumber lists the 2024 file as skipped with the reason" \
  grep -q "^sumber .*pmks-2024.csv .*dilewati: periode 2024, bukan tahun laporan 2025" "$tmp/f3"
check "mixed: Catatan names the 2024 file" \
  grep -q "^catatan peringatan .*pmks-2024.csv pmks-2024 periode 2024, bukan tahun laporan 2025" "$tmp/f3"
SOURCE_DATE_EPOCH=$JAN_2027 "$IKI" check "$tmp/mix" >"$tmp/out" 2>&1
check "check: the 2024 file skipped with the reason" \
  grep -q "pmks-2024.csv: skipped: period 2024, not the report year 2025" "$tmp/out"
rc=0; SOURCE_DATE_EPOCH=$JAN_2027 "$IKI" check -q "$tmp/mix" >/dev/null 2>&1 || rc=$?
check "check: a skipped other year is no failure (exit 0, got $rc)" [ "$rc" = 0 ]

# 3. most files of 2024: the report is 2024, the 2025 files are skipped
mkdir "$tmp/old"
for f in idg kla pmks; do
  cp "$S/$f-2025."* "$tmp/old/"
done
for f in "$tmp"/old/*-2025.csv; do
  sed 's/2025/2024/g' "$f" >"${f%-2025.csv}-2024.csv"
  rm "$f"
done
cp "$S/pmks-2025.csv" "$tmp/old/" # 2024: idg, pmks, ppa; 2025: kla, pmks
cp "$S/ppa-2025.xlsx" "$tmp/old/ppa-2024.xlsx" # no year inside: the name's
SOURCE_DATE_EPOCH=$JAN_2027 "$IKI" check "$tmp/old" >"$tmp/out" 2>&1
check "most files of 2024: year 2024" grep -q "Report year: 2024 (stated by the inputs)" "$tmp/out"
check "most files of 2024: the 2025 ones skipped" \
  grep -q "pmks-2025.csv: skipped: period 2025, not the report year 2024" "$tmp/out"

# 4. --year wins; the template's office.year next
SOURCE_DATE_EPOCH=$JAN_2027 "$IKI" check --year 2024 "$S" >"$tmp/out" 2>&1 ||
  true
check "--year 2024: year from the option" grep -q "Report year: 2024 (set with --year)" "$tmp/out"
check "--year 2024: the 2025 files skipped" grep -q "skipped: period 2025, not the report year 2024" "$tmp/out"
"$IKI" template | sed 's/^office:/office:\n  year: 2025/' >"$tmp/t.yaml"
SOURCE_DATE_EPOCH=$JAN_2027 "$IKI" check -t "$tmp/t.yaml" "$tmp/old" >"$tmp/out" 2>&1
check "office.year: the template's year" grep -q "Report year: 2025 (the template's office.year)" "$tmp/out"

# 5. no input states a year: the clock's, with a warning that says how
mkdir "$tmp/none"
sed 's/ *TAHUN 2025//; s/2025//g' "$S/pmks-2025.csv" >"$tmp/none/pmks.csv"
SOURCE_DATE_EPOCH=$JAN_2027 "$IKI" build -q "$tmp/none" >"$tmp/out" 2>"$tmp/err"
check "no year stated: the clock's, on the terminal" grep -q "Report year: 2027 (the clock's" "$tmp/out"
check "no year stated: a warning naming --year" grep -q "warning: .*the report year 2027 is the clock's.*" "$tmp/err"
check "no year stated: the warning says how to set it" grep -q -- "--year" "$tmp/err"
check "no year stated: IKI-2027.xlsx" [ -s IKI-2027.xlsx ]

# 6. a date cell above the header and a sheet name state the year
"$IKI" forms -o "$tmp/forms" --year 2030 >/dev/null
"$PY" - "$tmp/forms/formulir-pmks.xlsx" "$tmp/date/pmks.xlsx" "$tmp/sheet/pmks.xlsx" <<'PY'
import sys, os, datetime, openpyxl
src, by_date, by_sheet = sys.argv[1:4]
for out in (by_date, by_sheet):
    os.makedirs(os.path.dirname(out), exist_ok=True)
    wb = openpyxl.load_workbook(src)
    ws = wb.worksheets[0]
    ws.protection.sheet = False
    for row in ws.iter_rows(max_row=4):  # no year in the title rows
        for c in row:
            if isinstance(c.value, str) and "2030" in c.value:
                c.value = c.value.replace("— TAHUN 2030", "").replace("2030", "")
    for r in range(6, 20):
        if ws.cell(r, 2).value and ws.cell(r, 2).value != "JUMLAH":
            for c in range(3, 7):
                ws.cell(r, c).value = 10
    if out == by_date:
        ws["C3"] = datetime.date(2024, 6, 30)
        ws["C3"].number_format = "dd/mm/yyyy"
    else:
        ws.title = "PMKS Semester I 2024"
    wb.save(out)
PY
SOURCE_DATE_EPOCH=$JAN_2027 "$IKI" check "$tmp/date" >"$tmp/out" 2>&1
check "a date cell states the year" grep -q "Report year: 2024 (stated by the inputs)" "$tmp/out"
SOURCE_DATE_EPOCH=$JAN_2027 "$IKI" check "$tmp/sheet" >"$tmp/out" 2>&1
check "a sheet name states the year" grep -q "Report year: 2024 (stated by the inputs)" "$tmp/out"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
