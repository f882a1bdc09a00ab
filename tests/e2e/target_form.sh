#!/bin/bash
# The target form (issue 13): `iki forms` writes formulir-target.xlsx with
# exactly No | Kode | Indikator | Satuan | Target Tahunan | Target TW I..IV,
# one row per indicator, labels locked, target cells open, validation by
# kind.  Filled by openpyxl (and saved again by LibreOffice as .ods, .xls and
# .csv, and by Gnumeric as .xls)
# beside fixtures/sampang-2025, `iki check` reads the targets from each
# format: capaian equals realisasi / target x 100 worked out here, Kategori
# by the national rule; the quarterly target grades the quarter.  Precedence:
# the form over the template's target (an info names both); two forms that
# disagree: the later period wins (a warning names both).  Bad cells (text,
# negative, no such code) are warnings with file, sheet and cell, left out.
# A missing target is not an error (exit codes unchanged).
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
S=$FIXTURES/sampang-2025
export SOURCE_DATE_EPOCH=1765756800

"$IKI" forms --year 2025 -o "$tmp/forms" >/dev/null
check "iki forms writes formulir-target.xlsx" test -f "$tmp/forms/formulir-target.xlsx"
check "the blank target form: headers, rows, locks, validation" "$PY" - "$tmp/forms/formulir-target.xlsx" <<'PY'
import sys
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
bad = []
if wb.sheetnames != ["Target Kinerja", "Petunjuk"]:
    bad.append("sheets %s" % wb.sheetnames)
ws = wb["Target Kinerja"]
head = [c.value for c in ws[5]]
want = ["No", "Kode", "Indikator", "Satuan", "Target Tahunan", "Target TW I", "Target TW II",
        "Target TW III", "Target TW IV"]
if head != want:
    bad.append("header %s" % head)
codes = [ws.cell(r, 2).value for r in range(6, ws.max_row + 1)]
if len(codes) != 19 or codes[0] != "pmks_pulih" or codes[2] != "kla":
    bad.append("codes %s" % codes)
if not ws.protection.sheet:
    bad.append("sheet not protected")
if not ws.cell(6, 2).protection.locked or ws.cell(6, 5).protection.locked:
    bad.append("Kode must be locked, the target cells open")
dvs = {}
for dv in ws.data_validations.dataValidation:
    for rng in str(dv.sqref).split():
        dvs[rng] = dv
kla = dvs.get("E8:I8")
pct = dvs.get("E6:I6")
if not kla or kla.type != "list" or "Madya" not in (kla.formula1 or ""):
    bad.append("KLA validation %r" % kla)
if not pct or pct.type != "decimal" or pct.errorStyle != "warning" or pct.formula2 != "100":
    bad.append("percent validation %r" % pct)
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY

# fill it: annual targets, and quarterly ones for the bencana indicator
# (fed by TW III and TW IV inputs)
fill() { # out.xlsx
  "$PY" - "$tmp/forms/formulir-target.xlsx" "$1" <<'PY'
import sys
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Target Kinerja"]
T = {"pmks_pulih": [70, None, None, None, 70], "kla": ["Nindya"] + [None] * 4,
     "pprg": [64.2857142857143] + [None] * 4, "korban_bencana_dibantu": [80, None, None, 85, 90],
     "kekerasan_tertangani": [85] + [None] * 4}
for r in range(6, ws.max_row + 1):
    for i, v in enumerate(T.get(ws.cell(r, 2).value, [])):
        ws.cell(r, 5 + i).value = v
wb.save(sys.argv[2])
PY
}
expect() { # check.tsv -> verify capaian and kategori
  "$PY" - "$1" <<'PY'
import sys
rows = [l.split("\t") for l in open(sys.argv[1]).read().splitlines()]
h = rows[0]
g = {r[0]: dict(zip(h, r)) for r in rows[1:]}
bad = []
def near(a, b):
    return a != "" and abs(float(a) - b) < 1e-9
for code, t in (("pmks_pulih", 70), ("korban_bencana_dibantu", 80), ("kekerasan_tertangani", 85),
                ("pprg", 64.2857142857143)):
    r = g[code]
    want = float(r["realisasi"]) / t * 100
    if r["target"] == "" or float(r["target"]) != t or not near(r["capaian"], want):
        bad.append("%s: target %r capaian %r, want %s" % (code, r["target"], r["capaian"], want))
# kla: Madya (2) against Nindya (3)
if not near(g["kla"]["capaian"], 2 / 3 * 100) or g["kla"]["target"] != "Nindya":
    bad.append("kla %r" % g["kla"])
if g["idg"]["capaian"] != "" or g["idg"]["status"] != "tanpa target":
    bad.append("idg without target: %r" % g["idg"])
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
}
mkdir -p "$tmp/in"
cp -p "$S"/*.xlsx "$S"/*.xls "$S"/*.ods "$S"/*.csv "$tmp/in/"
fill "$tmp/target-2025.xlsx"
# xlsx as openpyxl wrote it; ods and xls saved again by LibreOffice; xls by
# Gnumeric (ssconvert); csv by LibreOffice (';', as an Indonesian office
# program saves it)
for how in xlsx ods gnumeric-xls csv xls; do
  fmt=${how#gnumeric-}
  rm -f "$tmp/in"/target-2025.*
  case $how in
  xlsx) cp "$tmp/target-2025.xlsx" "$tmp/in/" ;;
  gnumeric-xls)
    ssconvert --export-type=Gnumeric_Excel:excel_biff8 "$tmp/target-2025.xlsx" \
      "$tmp/in/target-2025.xls" >/dev/null 2>&1 ;;
  *)
    case $fmt in
    ods) filter=calc8 ;;
    xls) filter="MS Excel 97" ;;
    csv) filter="Text - txt - csv (StarCalc):59,34,76" ;;
    esac
    soffice -env:UserInstallation=file://$tmp/lo --headless --convert-to "$fmt:$filter" \
      --outdir "$tmp/in" "$tmp/target-2025.xlsx" >/dev/null 2>&1 ;;
  esac
  fmt=$how
  check "$fmt: the target form was written" test -f "$tmp/in/target-2025.${how#gnumeric-}"
  "$IKI" check --tsv "$tmp/in" >"$tmp/c.tsv" 2>/dev/null
  check "$fmt: exit 0" test $? -eq 0
  check "$fmt: capaian from the form's targets" expect "$tmp/c.tsv"
done
"$IKI" check "$tmp/in" >"$tmp/c.out" 2>&1
check "check names the target form" grep -q "recognised as the target form, " "$tmp/c.out"
check "check lists where each target came from" grep -Eq "pmks_pulih +year +70 .*target-2025\.xls!Target Kinerja!E6" "$tmp/c.out"

# the quarterly target grades the quarter (TW III: 85, TW IV: 90)
"$PY" - "$tmp/c.tsv" <<'PY' && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: quarterly realisasi"; }
import sys
rows = [l.split("\t") for l in open(sys.argv[1]).read().splitlines()]
g = {r[0]: dict(zip(rows[0], r)) for r in rows[1:]}
r = g["korban_bencana_dibantu"]
sys.exit(0 if r["realisasi_tw3"] != "" and r["realisasi_tw4"] == r["realisasi"] else 1)
PY

# ---- precedence: the template's target vs the form's
"$IKI" template | sed 's/^    inputs: {numerator: pmks.ditangani, denominator: pmks.jumlah}$/&\n    target: 60/' >"$tmp/t60.yaml"
check "the edited template has a target" grep -q "target: 60" "$tmp/t60.yaml"
"$IKI" check -t "$tmp/t60.yaml" "$tmp/in" >"$tmp/p.out" 2>&1
check "form over template: an info names both" grep -q "pmks_pulih: the target form gives 70, the template 60: the form's target is used" "$tmp/p.out"
rm -f "$tmp/in"/target-2025.*
"$IKI" check --tsv -t "$tmp/t60.yaml" "$tmp/in" >"$tmp/p.tsv" 2>/dev/null
check "without a form the template's target counts" grep -Eq "^pmks_pulih	([^	]*	){4}60	" "$tmp/p.tsv"

# ---- two forms disagree: the later period wins
"$PY" - "$tmp/target-2025.xlsx" "$tmp/in" <<'PY'
import sys
import openpyxl
src, d = sys.argv[1:]
for name, title, v in (("target-awal-2025.xlsx", "TRIWULAN I 2025", 75),
                       ("target-perubahan-2025.xlsx", "TRIWULAN III 2025", 72)):
    wb = openpyxl.load_workbook(src)
    ws = wb["Target Kinerja"]
    ws["A3"] = title
    ws["E6"] = v
    wb.save(d + "/" + name)
PY
"$IKI" check "$tmp/in" >"$tmp/d.out" 2>&1
"$IKI" check --tsv "$tmp/in" >"$tmp/d.tsv" 2>/dev/null
check "disagreeing forms: the later period (TW III) wins" grep -Eq "^pmks_pulih	([^	]*	){4}72	" "$tmp/d.tsv"
check "disagreeing forms: a warning names both" grep -q "target-awal-2025.xlsx: sheet 'Target Kinerja': E6: warning: target forms disagree on Target Tahunan of pmks_pulih: 75 here, 72 in target-perubahan-2025.xlsx!Target Kinerja!E6; 72 is used (the later period)" "$tmp/d.out"
rm -f "$tmp/in"/target-*.xlsx

# ---- bad cells: warnings with file, sheet and cell, left out
"$PY" - "$tmp/target-2025.xlsx" "$tmp/in/target-2025.xlsx" <<'PY'
import sys
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Target Kinerja"]
ws["E6"] = "tujuh puluh"      # pmks_pulih: not a number
ws["E8"] = "Hebat"            # kla: not a predicate
ws["E7"] = -5                 # idg: negative
ws.protection.sheet = False
ws["B9"] = "tidak_ada"        # penunjang_urusan's row renamed: no such code...
ws["C9"] = "Indikator tak dikenal"  # ...nor name
ws["E9"] = 50
wb.save(sys.argv[2])
PY
"$IKI" check "$tmp/in" >"$tmp/b.out" 2>&1
rc=$?
check "bad target cells: exit 0 (not an error)" test $rc -eq 0
for w in "E6: warning: target form: Target Tahunan of pmks_pulih is not a number: left out" \
         "E8: warning: target form: Target Tahunan of kla is not a KLA predicate" \
         "E7: warning: target form: Target Tahunan of idg is negative: left out" \
         "B9: warning: target form: the row matches no indicator of the template (code 'tidak_ada')"; do
  check "warning: $w" grep -q "target-2025.xlsx: sheet 'Target Kinerja': $w" "$tmp/b.out"
done
"$IKI" check --tsv "$tmp/in" >"$tmp/b.tsv" 2>/dev/null
check "a bad target is left out, never guessed" grep -Eq "^pmks_pulih	([^	]*	){4}	" "$tmp/b.tsv"

echo "target_form: $pass passed, $fail failed"
test "$fail" -eq 0
