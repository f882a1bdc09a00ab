#!/bin/bash
# `iki rekap` on IKI workbooks made by `iki build` in this test (issue 14):
#   - two templates: the built-in one (Dinas Sosial PPPA, no targets) and a
#     copy of it as another office ("Dinas Contoh") with targets, one of
#     them lower-is-better, a range and a predicate;
#   - two years: fixtures/sampang-2025 for 2025, and a copy of it renamed
#     to 2024 with other PMKS numbers for 2024;
#   - Dinas Sosial 2024 re-saved through LibreOffice as .xlsx, Dinas Contoh
#     2024 as .ods (the identity is read from Ringkasan's cells there) and,
#     in a recap of its own, as .xls (the same Data rows as the .xlsx);
#   - Dinas Contoh 2025 with a Realisasi typed over its formula by openpyxl
#     (which also drops every cached formula value);
#   - an exact copy of Dinas Sosial 2025; an older build of Dinas Sosial
#     2025 named to come later in the folder (superseded: the later build
#     wins, not the later name); a workbook that is no IKI workbook.
# Checks every Data row of the recap against the inputs (read by openpyxl
# from the workbooks as built), the 'diubah manual' flag with both numbers
# in the row and in Catatan, Capaian recomputed, the supersession and the
# copy in Sumber, Tren (each year's realisasi, the change), Ringkasan's
# rows and chart, exit code 1 (the non-IKI workbook), the JSON, and bytes
# identical for -j1 and -j2 and for a second run.
# Needs /usr/bin/python3 with openpyxl and soffice (else skipped).
set -u
: "${IKI:?IKI must name the iki binary}" "${FIXTURES:?FIXTURES must name fixtures/}"
PY=/usr/bin/python3
if ! "$PY" -c 'import openpyxl' 2>/dev/null; then echo "skipped: no openpyxl"; exit 0; fi
if ! command -v soffice >/dev/null 2>&1; then echo "skipped: no soffice"; exit 0; fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp" /tmp/lo-rekap-$$' EXIT
fail() { echo "FAIL: $*"; exit 1; }
export TZ=UTC
T1=1767139200 # 2025-12-31 00:00 UTC
T0=1764547200 # 2025-12-01 00:00 UTC: the older build

# inputs of two years
mkdir -p "$tmp/d25" "$tmp/d24" "$tmp/built" "$tmp/inbox"
for f in "$FIXTURES"/sampang-2025/*.csv "$FIXTURES"/sampang-2025/*.xls \
    "$FIXTURES"/sampang-2025/*.xlsx "$FIXTURES"/sampang-2025/*.ods; do
    b=$(basename "$f")
    # the sample's target form: this test's targets are the templates'
    case $b in target-*) continue ;; esac
    cp "$f" "$tmp/d25/$b"
    cp "$f" "$tmp/d24/${b//2025/2024}"
done
# 2024: other PMKS numbers ("ditangani" of Sreseh 1.039 -> 839), the year
sed -i 's/^1;Sreseh;1.368;786;1.039;/1;Sreseh;1.368;786;839;/; s/TAHUN 2025/TAHUN 2024/' "$tmp/d24/pmks-2024.csv"
sed -i 's/TAHUN 2025/TAHUN 2024/' "$tmp/d24/idg-2024.csv"

# the second template: another office, with targets
"$IKI" template >"$tmp/a.yaml" || fail "iki template"
"$PY" - "$tmp/a.yaml" "$tmp/b.yaml" <<'EOF' || fail "cannot write the second template"
import sys
s = open(sys.argv[1], encoding="utf-8").read()
s = s.replace("  name: Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak",
              "  name: Dinas Contoh", 1)
add = {"pmks_pulih": "target: 80", "idg": "target: 60", "kla": "target: Nindya",
       "penunjang_urusan": "target: [90, 100]",
       "pmks_rehsos": "polarity: lower\n    target: 20", "pprg": "target: 70"}
for code, t in add.items():
    i = s.index("  - code: %s\n    goal" % code)
    j = s.index("    data_source:", i)
    j = s.index("\n", j) + 1
    s = s[:j] + "    " + t + "\n" + s[j:]
open(sys.argv[2], "w", encoding="utf-8").write(s)
EOF
build() { # SDE YEAR TEMPLATE-OPTION... OUT DIR
    local sde=$1 year=$2 out=$3 dir=$4; shift 4
    SOURCE_DATE_EPOCH=$sde "$IKI" build -q --year "$year" "$@" -o "$out" "$dir" >/dev/null 2>"$tmp/build.err"
    [ -s "$out" ] || { cat "$tmp/build.err"; fail "iki build $out"; }
}
build $T1 2025 "$tmp/built/sosial-2025.xlsx" "$tmp/d25"
build $T0 2025 "$tmp/built/sosial-2025-lama.xlsx" "$tmp/d25"
build $T1 2024 "$tmp/built/sosial-2024.xlsx" "$tmp/d24"
build $T1 2025 "$tmp/built/contoh-2025.xlsx" "$tmp/d25" -t "$tmp/b.yaml"
build $T1 2024 "$tmp/built/contoh-2024.xlsx" "$tmp/d24" -t "$tmp/b.yaml"

# LibreOffice: Dinas Sosial 2024 as .xlsx, Dinas Contoh 2024 as .ods
lo() { # FILTER OUTDIR FILE
    timeout 240 soffice -env:UserInstallation=file:///tmp/lo-rekap-$$ --headless --norestore \
        --convert-to "$1" --outdir "$2" "$3" >>"$tmp/lo.log" 2>&1
}
mkdir -p "$tmp/lo-xlsx" "$tmp/lo-ods"
lo 'xlsx:Calc MS Excel 2007 XML' "$tmp/lo-xlsx" "$tmp/built/sosial-2024.xlsx"
lo ods "$tmp/lo-ods" "$tmp/built/contoh-2024.xlsx"
[ -s "$tmp/lo-xlsx/sosial-2024.xlsx" ] && [ -s "$tmp/lo-ods/contoh-2024.ods" ] ||
    { cat "$tmp/lo.log"; fail "LibreOffice could not save the workbooks again"; }
cp "$tmp/lo-xlsx/sosial-2024.xlsx" "$tmp/inbox/sosial-2024-lo.xlsx"
cp "$tmp/lo-ods/contoh-2024.ods" "$tmp/inbox/contoh-2024.ods"
cp "$tmp/built/sosial-2025.xlsx" "$tmp/inbox/sosial-2025.xlsx"
cp "$tmp/built/sosial-2025.xlsx" "$tmp/inbox/sosial-2025 (1).xlsx"     # exact copy
cp "$tmp/built/sosial-2025-lama.xlsx" "$tmp/inbox/zz-sosial-2025.xlsx" # older build
cp "$tmp/d25/dayasos-2025.xlsx" "$tmp/inbox/bukan-iki.xlsx"            # no IKI workbook
# openpyxl types 70 over the first pmks_pulih Realisasi of Dinas Contoh 2025
"$PY" - "$tmp/built/contoh-2025.xlsx" "$tmp/inbox/contoh-2025.xlsx" <<'EOF' || fail "openpyxl edit"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Data"]
head = [c.value for c in ws[1]]
k, g = head.index("Kode") + 1, head.index("Realisasi") + 1
for r in range(2, ws.max_row + 1):
    if ws.cell(r, k).value == "pmks_pulih":
        assert str(ws.cell(r, g).value).startswith("="), "Realisasi is no formula"
        ws.cell(r, g).value = 70
        print(ws.cell(r, g).coordinate, file=open(sys.argv[2] + ".cell", "w"))
        break
wb.save(sys.argv[2])
EOF
mv "$tmp/inbox/contoh-2025.xlsx.cell" "$tmp/typed.cell"

# the recap, twice with -j2 and once with -j1
cd "$tmp" || exit 1
SOURCE_DATE_EPOCH=$T1 timeout 120 "$IKI" rekap -j 2 -o R.xlsx --json R.json inbox >out.txt 2>err.txt
rc=$?
[ "$rc" = 1 ] || { cat out.txt err.txt; fail "iki rekap exited $rc, want 1 (a file is no IKI workbook)"; }
[ -s R.xlsx ] || fail "no recap written"
grep -q "bukan-iki.xlsx" err.txt || fail "stderr does not name the non-IKI workbook: $(cat err.txt)"
SOURCE_DATE_EPOCH=$T1 "$IKI" rekap -q inbox -o R1.xlsx -j1 >/dev/null 2>&1
SOURCE_DATE_EPOCH=$T1 "$IKI" rekap -q -j 2 -o R2.xlsx inbox >/dev/null 2>&1
cmp -s R.xlsx R1.xlsx || fail "the recap differs between -j2 and -j1"
cmp -s R.xlsx R2.xlsx || fail "the recap differs between two runs"
ls -A inbox | grep -q '^\.' && fail "a temporary file was left in the inbox"

"$PY" - "$tmp" <<'EOF'
import json, os, sys, openpyxl
tmp = sys.argv[1]
bad = []
def fail(m): bad.append(m)
def num_eq(a, b):
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) <= 1e-9 * max(1, abs(a), abs(b))
    return (a in (None, "")) and (b in (None, "")) or a == b

SOSIAL = "Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak"
R = openpyxl.load_workbook(os.path.join(tmp, "R.xlsx"), data_only=True)
src = {r[0]: r for r in list(R["Sumber"].iter_rows(values_only=True))[1:]}
def status(p): return (src.get(p) or [None] * 9)[8] or ""
# of the two identical copies the first in the folder's order is read
copies = sorted(["inbox/sosial-2025.xlsx", "inbox/sosial-2025 (1).xlsx"],
                key=lambda p: p.encode())
stand25, copy25 = copies
# the inputs as built: (file in the inbox, workbook as built)
inputs = [("inbox/sosial-2024-lo.xlsx", "built/sosial-2024.xlsx", 2024, SOSIAL),
          ("inbox/contoh-2024.ods", "built/contoh-2024.xlsx", 2024, "Dinas Contoh"),
          (stand25, "built/sosial-2025.xlsx", 2025, SOSIAL),
          ("inbox/contoh-2025.xlsx", "built/contoh-2025.xlsx", 2025, "Dinas Contoh")]
typed = open(os.path.join(tmp, "typed.cell")).read().strip()
want = []
for path, built, year, office in inputs:
    ws = openpyxl.load_workbook(os.path.join(tmp, built), data_only=True)["Data"]
    rows = list(ws.iter_rows(values_only=True))
    h = list(rows[0])
    col = {n: h.index(n) for n in h if n}
    for i, r in enumerate(rows[1:], start=2):
        if not r[col["Kode"]]:
            continue
        want.append({"Tahun": year, "Perangkat Daerah": office, "Jabatan": r[col["Jabatan"]],
                     "Kode": r[col["Kode"]], "Indikator": r[col["Indikator"]],
                     "Satuan": r[col["Satuan"]], "Target": r[col["Target"]],
                     "Realisasi": r[col["Realisasi"]], "Capaian": r[col["Capaian"]],
                     "Predikat": r[col["Predikat"]], "Status": r[col["Status"]], "Berkas": path,
                     "_typed": path.endswith("contoh-2025.xlsx") and "G%d" % i == typed})
want.sort(key=lambda w: (w["Tahun"], w["Perangkat Daerah"]))  # stable: template order

if R.sheetnames != ["Ringkasan", "Data", "Tren", "Sumber", "Catatan"]:
    fail("sheets %r" % R.sheetnames)
ws = R["Data"]
rows = list(ws.iter_rows(values_only=True))
HEADER = ["Tahun", "Perangkat Daerah", "Jabatan", "Kode", "Indikator", "Satuan", "Target",
          "Realisasi", "Capaian", "Predikat", "Status", "Berkas"]
if list(rows[0]) != HEADER:
    fail("Data header %r" % (rows[0],))
if len(ws.tables) != 1 or list(ws.tables.values())[0].ref != "A1:L%d" % len(rows):
    fail("Data is no Excel table over A1:L%d: %r" % (len(rows), {k: v.ref for k, v in ws.tables.items()}))
got = [dict(zip(HEADER, r)) for r in rows[1:]]
if len(got) != len(want):
    fail("Data has %d rows, want %d" % (len(got), len(want)))
for n, (g, w) in enumerate(zip(got, want), start=2):
    for k in ("Tahun", "Perangkat Daerah", "Jabatan", "Kode", "Indikator", "Satuan", "Target",
              "Predikat", "Berkas"):
        if not num_eq(g[k], w[k]):
            fail("Data row %d %s: %r, want %r" % (n, k, g[k], w[k]))
    if w["_typed"]:
        if g["Realisasi"] != 70:
            fail("row %d: typed Realisasi %r, want 70 (kept as written)" % (n, g["Realisasi"]))
        st = g["Status"] or ""
        if "diubah manual" not in st or "70" not in st or ("%.15g" % w["Realisasi"])[:8] not in st:
            fail("row %d: Status %r lacks 'diubah manual' with 70 and %r" % (n, st, w["Realisasi"]))
        if not num_eq(g["Capaian"], 70 / 80 * 100):
            fail("row %d: Capaian %r, want 87.5 (from the Realisasi kept)" % (n, g["Capaian"]))
        continue
    for k in ("Realisasi", "Capaian"):
        if not num_eq(g[k], w[k]):
            fail("Data row %d (%s %s %s) %s: %r, want %r" % (n, g["Tahun"], g["Perangkat Daerah"], g["Kode"], k, g[k], w[k]))
    if g["Status"] != w["Status"]:
        fail("Data row %d Status %r, want %r" % (n, g["Status"], w["Status"]))
if sum(1 for w in want if w["_typed"]) != 1:
    fail("the typed row was not found among the inputs")
if sum(1 for g in got if "diubah manual" in (g["Status"] or "")) != 1:
    fail("want exactly one row flagged 'diubah manual'")
# a lower-is-better capaian and a range, as built
for g in got:
    if g["Perangkat Daerah"] == "Dinas Contoh" and g["Tahun"] == 2024 and g["Kode"] == "pmks_rehsos":
        want_cap = (2 * 20 - g["Realisasi"]) / 20 * 100
        if not num_eq(g["Capaian"], want_cap):
            fail("pmks_rehsos (lower is better) Capaian %r, want %r" % (g["Capaian"], want_cap))

# Catatan: the flag with file, cell and code, under build's header
rows = list(R["Catatan"].iter_rows(values_only=True))
if list(rows[0]) != ["Tingkat", "Berkas", "Lembar", "Sel", "Pesan", "Kode"]:
    fail("Catatan header %r, want build's (with Kode)" % (rows[0],))
notes = rows[1:]
hit = [r for r in notes if r[1] == "inbox/contoh-2025.xlsx" and r[3] == typed and "diubah manual" in (r[4] or "")]
if len(hit) != 1:
    fail("Catatan has no 'diubah manual' warning at contoh-2025.xlsx %s: %r" % (typed, notes))
elif hit[0][5] != "realisasi_edited":
    fail("Catatan: the 'diubah manual' row has code %r, want realisasi_edited" % (hit[0][5],))
if any(len(r) < 6 or not r[5] for r in notes):
    fail("Catatan: a row without a code: %r" % ([r for r in notes if len(r) < 6 or not r[5]],))

# Sumber
for p in ("inbox/sosial-2024-lo.xlsx", "inbox/contoh-2024.ods", stand25,
          "inbox/contoh-2025.xlsx"):
    if status(p) != "dibaca":
        fail("Sumber %s: %r, want dibaca" % (p, status(p)))
if not status("inbox/zz-sosial-2025.xlsx").startswith("digantikan oleh %s (" % stand25):
    fail("Sumber: the older build is %r, want superseded by %s" % (status("inbox/zz-sosial-2025.xlsx"), stand25))
if not status(copy25).startswith("dilewati: salinan identik dari %s" % stand25):
    fail("Sumber: the copy is %r" % status(copy25))
if not status("inbox/bukan-iki.xlsx").startswith("dilewati: bukan buku kerja IKI"):
    fail("Sumber: the non-IKI workbook is %r" % status("inbox/bukan-iki.xlsx"))
r = src.get("inbox/contoh-2024.ods") or [None] * 9
if r[4] != "Dinas Contoh" or r[5] != 2024 or str(r[6])[:10] != "2025-12-31" or not str(r[7]).startswith("iki "):
    fail("Sumber: the identity read from the .ods is %r" % (r[4:8],))
import hashlib
for p, r in src.items():
    h = hashlib.sha256(open(os.path.join(tmp, p), "rb").read()).hexdigest()
    if r[3] != h or r[2] != os.path.getsize(os.path.join(tmp, p)):
        fail("Sumber %s: size/SHA-256 %r %r" % (p, r[2], r[3]))

# Tren: per office and indicator, 2024 and 2025 side by side, the change
tr = list(R["Tren"].iter_rows(values_only=True))
if list(tr[0][:7]) != ["Perangkat Daerah", "Kode", "Indikator", "Satuan", "Realisasi 2024",
                       "Realisasi 2025", "Perubahan 2024\u20132025"]:
    fail("Tren header %r" % (tr[0],))
first = {}
for g in got:
    first.setdefault((g["Perangkat Daerah"], g["Kode"], g["Tahun"]), g["Realisasi"])
seen = 0
for r in tr[1:]:
    a, b = first.get((r[0], r[1], 2024)), first.get((r[0], r[1], 2025))
    if not num_eq(r[4], a) or not num_eq(r[5], b):
        fail("Tren %s %s: %r %r, want %r %r" % (r[0], r[1], r[4], r[5], a, b))
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if not num_eq(r[6], b - a):
            fail("Tren %s %s change %r, want %r" % (r[0], r[1], r[6], b - a))
    if r[1] == "kla" and r[6] != "tetap Madya":
        fail("Tren kla change %r, want 'tetap Madya'" % (r[6],))
    seen += 1
if seen != 2 * 19:
    fail("Tren has %d rows, want 38 (2 offices x 19 indicators)" % seen)
pm = [r for r in tr[1:] if r[0] == SOSIAL and r[1] == "pmks_pulih"]
if not pm or not (isinstance(pm[0][6], float) and pm[0][6] > 0.5):
    fail("Tren pmks_pulih: the 2024 numbers were changed, want a change, got %r" % (pm,))

# Ringkasan: one row per office and year, a chart
ring = list(R["Ringkasan"].iter_rows(values_only=True))
head = next(i for i, r in enumerate(ring) if r[0] == "Tahun" and r[1] == "Perangkat Daerah")
body = [r for r in ring[head + 1:head + 5]]
if [(r[0], r[1]) for r in body] != [(2024, "Dinas Contoh"), (2024, SOSIAL), (2025, "Dinas Contoh"), (2025, SOSIAL)]:
    fail("Ringkasan rows %r" % [(r[0], r[1]) for r in body])
for r in body:
    if r[3] != 7 or r[4] != 19:
        fail("Ringkasan %s %s: %r positions, %r indicators, want 7 and 19" % (r[0], r[1], r[3], r[4]))
if body[2][6] != 6 or body[3][6] != 0:
    fail("Ringkasan: indicators with a target %r %r, want 6 and 0" % (body[2][6], body[3][6]))
if not openpyxl.load_workbook(os.path.join(tmp, "R.xlsx"))["Ringkasan"]._charts:
    fail("Ringkasan has no chart")

# JSON: the same rows
js = json.load(open(os.path.join(tmp, "R.json"), encoding="utf-8"))
if len(js["rows"]) != len(got) or any(j["Kode"] != g["Kode"] or j["Berkas"] != g["Berkas"] for j, g in zip(js["rows"], got)):
    fail("JSON rows differ from Data")
for m in bad[:20]:
    print("FAIL:", m)
sys.exit(1 if bad else 0)
EOF
[ $? = 0 ] || exit 1

# iki build --previous: last year's workbook (re-saved by LibreOffice) gives
# Data a column "Realisasi Tahun Lalu" with its Realisasi, row by row
SOURCE_DATE_EPOCH=$T1 "$IKI" build -q --year 2025 --previous inbox/sosial-2024-lo.xlsx \
    -o prev.xlsx d25 >/dev/null 2>prev.err || { cat prev.err; fail "iki build --previous"; }
"$IKI" build -q --year 2025 --previous inbox/bukan-iki.xlsx -o bad.xlsx d25 >/dev/null 2>bad.err
[ $? = 2 ] && grep -q "bukan-iki.xlsx" bad.err || fail "--previous of a non-IKI workbook: want exit 2 naming it"
"$PY" - "$tmp" <<'EOF2' || exit 1
import os, sys, openpyxl
tmp = sys.argv[1]
def rows(p):
    r = list(openpyxl.load_workbook(os.path.join(tmp, p), data_only=True)["Data"].iter_rows(values_only=True))
    return [dict(zip(r[0], x)) for x in r[1:]]
now, last = rows("prev.xlsx"), rows("built/sosial-2024.xlsx")
if len(now) != len(last) or "Realisasi Tahun Lalu" not in now[0]:
    print("FAIL: Data of --previous has no column 'Realisasi Tahun Lalu' or other rows"); sys.exit(1)
for a, b in zip(now, last):
    x, y = a["Realisasi Tahun Lalu"], b["Realisasi"]
    same = (x == y) or (isinstance(x, float) and isinstance(y, float) and abs(x - y) < 1e-9)
    if not same and not (x in (None, "") and y in (None, "")):
        print("FAIL: %s %s: Realisasi Tahun Lalu %r, want %r" % (a["Jabatan"], a["Kode"], x, y)); sys.exit(1)
# the position sheets too (issue 14.5): a column 'Realisasi Tahun Lalu'
# beside this year's, each indicator's value last year's Data Realisasi of
# the same Jabatan and Indikator (pmks_pulih differs between the years)
lastv = {(b["Jabatan"], b["Indikator"]): b["Realisasi"] for b in last}
wb = openpyxl.load_workbook(os.path.join(tmp, "prev.xlsx"), data_only=True)
plain = openpyxl.load_workbook(os.path.join(tmp, "built/sosial-2025.xlsx"), data_only=True)
checked = differ = 0
for ws in wb.worksheets[2:9]:
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    title = next(r[1] for r in rows if r[0] == "1. JABATAN")
    h = next(i for i, r in enumerate(rows) if r[0] == "Sasaran / Kinerja Utama")
    head = rows[h]
    if "Realisasi Tahun Lalu" not in head:
        print("FAIL: %s: no column 'Realisasi Tahun Lalu' in %r" % (ws.title, head)); sys.exit(1)
    cp, cr, ci = head.index("Realisasi Tahun Lalu"), head.index("Realisasi"), head.index("Indikator Kinerja")
    if cp + 2 != cr:
        print("FAIL: %s: Realisasi Tahun Lalu is column %d, Realisasi %d (want it before Target)" % (ws.title, cp, cr)); sys.exit(1)
    for r in rows[h + 2:]:
        if not r[ci]:
            break
        want = lastv.get((title, r[ci]))
        x = r[cp]
        same = (x == want) or (isinstance(x, float) and isinstance(want, float) and abs(x - want) < 1e-9)
        if not same:
            print("FAIL: %s %r: Realisasi Tahun Lalu %r, want %r" % (ws.title, r[ci], x, want)); sys.exit(1)
        checked += 1
        differ += x != r[cr]
    ph = [list(r) for r in plain[ws.title].iter_rows(values_only=True)]
    if any("Realisasi Tahun Lalu" in r for r in ph):
        print("FAIL: %s without --previous has a column 'Realisasi Tahun Lalu'" % ws.title); sys.exit(1)
if checked != 22 or differ < 1:
    print("FAIL: position sheets: %d rows with Realisasi Tahun Lalu checked (want 22), %d differ from this year's (want some)" % (checked, differ)); sys.exit(1)
EOF2
# an IKI workbook saved again by LibreOffice as .xls (BIFF8) reads as the
# workbook as built: every Data row of the recap alike but for Berkas, and
# its identity from Ringkasan's cells
mkdir -p "$tmp/lo-xls" "$tmp/x1" "$tmp/x2"
lo 'xls:MS Excel 97' "$tmp/lo-xls" "$tmp/built/contoh-2024.xlsx"
[ -s "$tmp/lo-xls/contoh-2024.xls" ] || { cat "$tmp/lo.log"; fail "LibreOffice could not save an .xls"; }
cp "$tmp/lo-xls/contoh-2024.xls" "$tmp/x1/"
cp "$tmp/built/contoh-2024.xlsx" "$tmp/x2/"
SOURCE_DATE_EPOCH=$T1 "$IKI" rekap -q -o "$tmp/X1.xlsx" "$tmp/x1" >/dev/null 2>"$tmp/x1.err" ||
    { cat "$tmp/x1.err"; fail "iki rekap of the .xls re-save exited $?"; }
SOURCE_DATE_EPOCH=$T1 "$IKI" rekap -q -o "$tmp/X2.xlsx" "$tmp/x2" >/dev/null 2>&1
"$PY" - "$tmp/X1.xlsx" "$tmp/X2.xlsx" <<'EOF3' || fail "the .xls re-save reads otherwise"
import sys, openpyxl
def rows(p):
    ws = openpyxl.load_workbook(p, data_only=True)["Data"]
    r = [list(x) for x in ws.iter_rows(values_only=True)]
    b = r[0].index("Berkas")
    return [x[:b] + x[b + 1:] for x in r]
a, b = rows(sys.argv[1]), rows(sys.argv[2])
if len(a) != 23 or a != b:
    for x, y in zip(a, b):
        if x != y:
            print("FAIL: .xls %r\n   .xlsx %r" % (x, y))
            break
    print("FAIL: %d and %d rows" % (len(a), len(b)))
    sys.exit(1)
if any(r[1] != "Dinas Contoh" or r[0] != 2024 for r in a[1:]):
    print("FAIL: the identity of the .xls: %r" % (a[1][:2],))
    sys.exit(1)
EOF3
echo "rekap: ok"
