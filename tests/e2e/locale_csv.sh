#!/bin/bash
# Numbers written in another locale's convention (issue 11, item 9): the
# PMKS form of `iki forms`, filled in and exported to CSV by LibreOffice
# under en-US ("1,368", JUMLAH "32,218") and under id-ID ("1.368",
# "32.218") (fixtures/locale/make.sh), each put in place of pmks-2025.csv
# in a copy of fixtures/sampang-2025:
#   1. `iki check --tsv` gives the same 19 indicators for both folders, and
#      the same as the bundled folder (whose pmks-2025.csv holds the same
#      counts) -- before the fix the English file read 1.368 and 32.218
#      and pmks_pulih came out at 163.81 %;
#   2. `iki check` on the English folder names the decided convention for
#      each of the four columns (file, sheet, cell range, the total row
#      that decided), and gives no warning about the file; on the
#      Indonesian folder (the template's own convention) it says nothing;
#   3. `iki build` writes the same notes in Catatan, in Indonesian ("dibaca
#      cara Inggris (1,234.5)"), with no English left in them (read back
#      with openpyxl when /usr/bin/python3 has it).
# Env: IKI (the CLI).
set -u
: "${IKI:?IKI must name the iki binary}"
case $IKI in /*) ;; *) IKI=$PWD/$IKI ;; esac
here=$(cd "$(dirname "$0")/../.." && pwd)
fx=$here/fixtures
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C LANG=C LANGUAGE=
fail=0 pass=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

for loc in en-US id-ID; do
    d=$tmp/$loc/sampang-2025
    mkdir -p "$d"
    for f in "$fx"/sampang-2025/*.xlsx "$fx"/sampang-2025/*.xls "$fx"/sampang-2025/*.ods \
        "$fx"/sampang-2025/*.csv; do
        [ "$(basename "$f")" = pmks-2025.csv ] || cp "$f" "$d/"
    done
    cp "$fx/locale/pmks-2025-$loc.csv" "$d/pmks-2025.csv"
done

# ---- 1. the same indicators --------------------------------------------------
"$IKI" check --tsv "$fx/sampang-2025" >"$tmp/orig.tsv" 2>/dev/null
for loc in en-US id-ID; do
    (cd "$tmp/$loc" && "$IKI" check --tsv sampang-2025) >"$tmp/$loc.tsv" 2>/dev/null
    if [ "$(grep -c . "$tmp/$loc.tsv")" -ge 20 ] && cmp -s "$tmp/orig.tsv" "$tmp/$loc.tsv"; then
        ok
    else
        bad "$loc: the indicators differ from the bundled folder's:"
        diff "$tmp/orig.tsv" "$tmp/$loc.tsv" | head -12
    fi
done
grep -q "^pmks_pulih	21128	32218	65.578" "$tmp/en-US.tsv" && ok ||
    bad "en-US: pmks_pulih is not 21128 / 32218"

# ---- 2. iki check names the convention ---------------------------------------
for loc in en-US id-ID; do
    (cd "$tmp/$loc" && "$IKI" check sampang-2025) >"$tmp/$loc.out" 2>&1
done
f="sampang-2025/pmks-2025.csv: sheet 'pmks-2025'"
for c in "C:Jumlah PMKS" "D:PMKS Ditangani" "E:PMKS Menerima Rehabilitasi Sosial" \
    "F:PMKS Menerima Jaminan Sosial"; do
    col=${c%%:*} title=${c#*:}
    want="$f: ${col}6:${col}20: info: numbers in column '$title' read the English way (1,234.5): only so does the total in ${col}20 agree"
    grep -qF "$want" "$tmp/en-US.out" && ok || bad "en-US: iki check does not say: $want"
done
if grep -E "pmks-2025.csv.*(warning|error)|pmks_.*above denominator" "$tmp/en-US.out"; then
    bad "en-US: warnings about the English file (above)"
else
    ok
fi
if grep -E "pmks-2025.csv.*(info|warning|error)" "$tmp/id-ID.out"; then
    bad "id-ID: notes about the file in the template's own convention (above)"
else
    ok
fi

# ---- 3. Catatan, in Indonesian -------------------------------------------------
(cd "$tmp/en-US" && "$IKI" build -o "$tmp/en.xlsx" sampang-2025) >/dev/null 2>&1
[ -s "$tmp/en.xlsx" ] && ok || bad "iki build wrote no workbook"
PY=/usr/bin/python3
if [ -x "$PY" ] && "$PY" -c 'import openpyxl' 2>/dev/null && [ -s "$tmp/en.xlsx" ]; then
    if "$PY" - "$tmp/en.xlsx" <<'PY'
import sys
import openpyxl
ws = openpyxl.load_workbook(sys.argv[1], data_only=True)["Catatan"]
rows = [r for r in ws.iter_rows(min_row=2, values_only=True)]
mine = [r for r in rows if isinstance(r[1], str) and r[1].endswith("pmks-2025.csv")]
want = {
    "C6:C20": "angka di kolom 'Jumlah PMKS' dibaca cara Inggris (1,234.5): "
              "hanya dengan cara itu jumlah di C20 cocok",
    "F6:F20": "angka di kolom 'PMKS Menerima Jaminan Sosial' dibaca cara Inggris "
              "(1,234.5): hanya dengan cara itu jumlah di F20 cocok",
}
bad = 0
for cell, text in want.items():
    if not any(r[0] == "info" and r[2] == "pmks-2025" and r[3] == cell and r[4] == text
               for r in mine):
        print("FAIL: Catatan has no info row at %s: %s" % (cell, text))
        bad = 1
if len(mine) != 4:
    print("FAIL: Catatan has %d rows about pmks-2025.csv, not 4: %r" % (len(mine), mine))
    bad = 1
for r in mine:
    if "read the" in (r[4] or "") or "English" in (r[4] or ""):
        print("FAIL: English in Catatan: %r" % (r[4],))
        bad = 1
sys.exit(bad)
PY
    then ok; else bad "Catatan (above)"; fi
else
    echo "note: Catatan not read back (no /usr/bin/python3 with openpyxl)"
fi

echo "locale_csv: $pass passed, $fail failed"
[ "$fail" = 0 ]
