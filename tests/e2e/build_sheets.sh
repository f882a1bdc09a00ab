#!/bin/bash
# `iki build`: the workbook's non-position sheets (Ringkasan, Data,
# Rincian, Sumber, Catatan), read back by a second reader.
#   1. builds fixtures/sampang-2025 with SOURCE_DATE_EPOCH=1767139200, and a
#      copy of its spreadsheets plus one broken file and one identical copy
#      (to fill Sumber and Catatan);
#   2. reads the workbooks with openpyxl and checks: sheet names and order
#      (Ringkasan, Triwulan, the 7 position sheets, Data, Rincian, Sumber,
#      Catatan);
#      Data's exact header; one Data row per (position, indicator), 22 for
#      the built-in template (19 indicators; Kepala Dinas and Sekretaris
#      repeat the same 3), in the order of its positions and goals (read
#      from the template with PyYAML); every row's Pembilang, Penyebut and
#      Realisasi (cached values) against fixtures/sampang-2025/expected.tsv,
#      worked out by the fixture generator, not by iki (within 1e-9, KLA
#      "Madya"), its Satuan the template's unit, its Target and Capaian
#      expected.tsv's (the folder's target form), its Status "ok";
#      Data is an Excel table with autofilter; Realisasi cells hold formulas;
#      Rincian's kecamatan rows of pmks_pulih add up to the Data row;
#      Ringkasan's Realisasi of every indicator against expected.tsv;
#      Sumber lists every file with its `sha256sum`, the broken file as
#      "dilewati"; Catatan has the broken file's error; Ringkasan's build
#      time is 31/12/2025 00:00 and it has a chart "Capaian per Indikator
#      (%)"; the folder without its target form (with the broken file) has
#      the chart of realisasi instead;
#      and a build with a copy of the template given targets (number,
#      lower-is-better, range, predicate, zero): Capaian values and formulas,
#      the chart "Capaian per Indikator (%)";
#   3. LibreOffice (headless, fresh profile told to recalculate on load)
#      converts both workbooks to xlsx: its recalculated Realisasi and
#      Capaian equal the cached ones.  A control copy whose cached G2 is made wrong
#      must come back right: proof that LibreOffice did recalculate.
# Env: IKI, FIXTURES.  EXPECTED may name another expected.tsv (to see the
# test fail on a wrong value).
# Needs /usr/bin/python3 with openpyxl and PyYAML, soffice, sha256sum; a
# missing one is a skip (exit 77), the LibreOffice part included.
set -u
. "$(dirname "$0")/lib/common.sh"
: "${IKI:?IKI must name the iki binary}" "${FIXTURES:?FIXTURES must name fixtures/}"
PY=/usr/bin/python3
"$PY" -c 'import openpyxl, yaml' 2>/dev/null || skip "$PY has no openpyxl or PyYAML"
command -v soffice >/dev/null 2>&1 || skip "soffice (LibreOffice) is missing: the recalculation cannot be checked"
command -v sha256sum >/dev/null 2>&1 || skip "sha256sum is missing"
D=$FIXTURES/sampang-2025
EXPECTED=${EXPECTED:-$D/expected.tsv}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1767139200

# 1. the two workbooks
timeout 120 "$IKI" build -o "$tmp/sampang.xlsx" "$D" >"$tmp/build.out" 2>"$tmp/build.err"
rc=$?
if [ "$rc" != 0 ] || [ ! -s "$tmp/sampang.xlsx" ]; then
    echo "FAIL: iki build $D exited $rc"
    head -5 "$tmp/build.err"
    exit 1
fi
mkdir "$tmp/mixed"
for f in "$D"/*.xlsx "$D"/*.xls "$D"/*.ods "$D"/*.csv; do
    case $(basename "$f") in target-*) continue ;; esac # no targets here
    cp -p "$f" "$tmp/mixed/"
done
cp -p "$D/pmks-2025.csv" "$tmp/mixed/pmks-salinan-2025.csv" # identical copy
printf 'PK\003\004 bukan arsip zip' >"$tmp/mixed/rusak-2025.xlsx" # broken
timeout 120 "$IKI" build -o "$tmp/mixed.xlsx" "$tmp/mixed" >"$tmp/mixed.out" 2>"$tmp/mixed.err"
rc=$?
if [ "$rc" = 0 ] || [ ! -s "$tmp/mixed.xlsx" ]; then
    echo "FAIL: iki build of the folder with a broken file exited $rc (want 1 and a workbook)"
    head -5 "$tmp/mixed.err"
    exit 1
fi
# the built-in template with targets (number, lower-is-better, range,
# predicate, zero) so that Capaian holds values and formulas
"$IKI" template >"$tmp/t.yaml" && "$PY" - "$tmp/t.yaml" "$tmp/targets.yaml" <<'EOF' || { echo "FAIL: cannot write the template with targets"; exit 1; }
import sys
s = open(sys.argv[1], encoding="utf-8").read()
add = {"pmks_pulih": "target: 80", "idg": "target: 60", "kla": "target: Nindya",
       "penunjang_urusan": "target: [90, 100]",
       "pmks_rehsos": "polarity: lower\n    target: 20", "disabilitas_luar_panti": "target: 0"}
for code, t in add.items():
    i = s.index("  - code: %s\n    goal" % code)
    j = s.index("    data_source:", i)
    j = s.index("\n", j) + 1
    s = s[:j] + "    " + t + "\n" + s[j:]
open(sys.argv[2], "w", encoding="utf-8").write(s)
EOF
# and a target form with quarterly targets (issue 13), so that the Capaian
# TW columns hold formulas too: bencana (TW III and TW IV inputs), a zero
# target, the lower-is-better pmks_rehsos
mkdir -p "$tmp/dt" && cp -p "$D"/*.* "$tmp/dt/" && rm -f "$tmp/dt/make.sh" "$tmp/dt/expected.tsv"
"$PY" - "$tmp/dt/target-2025.xlsx" <<'EOF' || { echo "FAIL: cannot write the target form"; exit 1; }
import sys
import openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Target Kinerja"
ws.append(["TARGET KINERJA TAHUN 2025"])
ws.append([])
ws.append(["No", "Kode", "Indikator", "Satuan", "Target Tahunan", "Target TW I", "Target TW II",
           "Target TW III", "Target TW IV"])
ws.append([1, "korban_bencana_dibantu", "", "%", None, None, None, 80, 90])
ws.append([2, "korban_bencana_dilindungi", "", "%", None, None, None, 0, 75])
ws.append([3, "pmks_rehsos", "", "%", None, 10, 12, 15, 20])
wb.save(sys.argv[1])
EOF
timeout 120 "$IKI" build -t "$tmp/targets.yaml" -o "$tmp/targets.xlsx" "$tmp/dt" >"$tmp/targets.out" 2>&1
rc=$?
if [ ! -s "$tmp/targets.xlsx" ]; then
    echo "FAIL: iki build with targets exited $rc"
    head -5 "$tmp/targets.out"
    exit 1
fi
(cd "$D" && sha256sum -- *.xlsx *.xls *.ods *.csv) >"$tmp/sampang.sha"
(cd "$tmp/mixed" && sha256sum -- *) >"$tmp/mixed.sha"

# 3. LibreOffice: a fresh profile that recalculates xlsx formulas on load
lo=
{
    mkdir -p "$tmp/lo/user" "$tmp/lo-out"
    cat >"$tmp/lo/user/registrymodifications.xcu" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
EOF
    # the control: the same workbook with a wrong cached value in Data!G2
    "$PY" - "$tmp/sampang.xlsx" "$tmp/control.xlsx" <<'EOF' || { echo "FAIL: cannot make the control copy"; exit 1; }
import re, sys, zipfile
src, dst = sys.argv[1:]
zin = zipfile.ZipFile(src)
wb = zin.read("xl/workbook.xml").decode()
rels = zin.read("xl/_rels/workbook.xml.rels").decode()
rid = re.search(r'<sheet name="Data" sheetId="\d+" r:id="(rId\d+)"', wb).group(1)
target = re.search(r'Id="%s"[^>]*Target="([^"]+)"' % rid, rels) or \
    re.search(r'Target="([^"]+)"[^>]*Id="%s"' % rid, rels)
part = "xl/" + target.group(1)
with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
    for item in zin.infolist():
        data = zin.read(item.filename)
        if item.filename == part:
            s = data.decode()
            s2 = re.sub(r'(<c r="G2"[^>]*>\s*<f>[^<]*</f>\s*<v>)[^<]*(</v>)', r"\g<1>12345\g<2>", s, 1)
            assert s2 != s, "no formula with a cached value in Data!G2"
            data = s2.encode()
        zout.writestr(item, data)
EOF
    if timeout 240 soffice -env:UserInstallation=file://"$tmp/lo" --headless --norestore \
        --convert-to 'xlsx:Calc MS Excel 2007 XML' --outdir "$tmp/lo-out" \
        "$tmp/sampang.xlsx" "$tmp/targets.xlsx" "$tmp/control.xlsx" >"$tmp/lo.log" 2>&1 &&
        [ -s "$tmp/lo-out/sampang.xlsx" ] && [ -s "$tmp/lo-out/control.xlsx" ] &&
        [ -s "$tmp/lo-out/targets.xlsx" ]; then
        lo=$tmp/lo-out
    else
        echo "FAIL: LibreOffice could not convert the workbook"
        cat "$tmp/lo.log"
        exit 1
    fi
}

# 2. and 3. the checks
"$PY" - "$tmp" "$lo" "$D" "$EXPECTED" "$FIXTURES/../templates/dinsos-pppa-sampang.yaml" <<'EOF'
import datetime
import math
import os
import re
import sys
import zipfile

import openpyxl
import yaml

tmp, lo, folder, expected_path, template_path = sys.argv[1:]
fails = []


def fail(msg):
    fails.append(msg)
    print("FAIL: " + msg)


def num_eq(a, b):
    if isinstance(a, bool) or isinstance(b, bool):
        return False
    if not isinstance(a, (int, float)) or not isinstance(b, (int, float)):
        return False
    return a == b or abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def empty(v):
    return v is None or v == ""


def same(want, got):
    """want: from expected.tsv ('' none, a number, a text)."""
    if want == "":
        return empty(got)
    try:
        w = float(want)
    except ValueError:
        return got == want
    return num_eq(w, got)


POSITIONS = ["Kepala Dinas", "Sekretaris", "Kasubag Umum", "Kabid Rehsos",
             "Kabid Dayasos", "Kabid Linjamsos", "Kabid PPPA"]
SHEETS = ["Ringkasan", "Triwulan"] + POSITIONS + ["Data", "Rincian", "Sumber", "Catatan"]
HEADER = ["Kode", "Jabatan", "Sasaran", "Indikator", "Pembilang", "Penyebut",
          "Realisasi", "Satuan", "Target", "Capaian", "Predikat", "Status", "Sumber",
          "Polaritas",
          "Realisasi TW I", "Realisasi TW II", "Realisasi TW III", "Realisasi TW IV",
          "Target TW I", "Target TW II", "Target TW III", "Target TW IV",
          "Capaian TW I", "Capaian TW II", "Capaian TW III", "Capaian TW IV",
          "Kategori", "Nilai Capaian IKI"]

# what the workbook must hold, from outside iki: the values worked out by
# the fixture generator (expected.tsv), the indicators, units and positions
# of the built-in template (parsed with PyYAML)
expected = {}
for line in open(expected_path, encoding="utf-8").read().splitlines():
    if not line or line.startswith("#") or line.startswith("kode\t"):
        continue
    f = (line.split("\t") + [""] * 6)[:6]
    expected[f[0]] = f
tpl = yaml.safe_load(open(template_path, encoding="utf-8"))
order = [i["code"] for i in tpl["indicators"]]
unit = {i["code"]: str(i.get("unit", "")) for i in tpl["indicators"]}
want_codes = [c for p in tpl["positions"] for g in p["goals"] for c in g.get("indicators") or []]
if sorted(expected) != sorted(order) or len(order) != 19:
    fail("expected.tsv holds %s, the template %s (want the same 19)" % (sorted(expected), sorted(order)))
if len(want_codes) != 22:
    fail("the template's positions list %d indicators, want 22" % len(want_codes))
# kode, pembilang, penyebut, realisasi, satuan, target, capaian, -, status
check = {c: [c] + expected.get(c, [""] * 6)[1:4] + [unit[c]] + expected.get(c, [""] * 6)[4:6]
         + ["", "ok"] for c in order}

path = os.path.join(tmp, "sampang.xlsx")
wb = openpyxl.load_workbook(path, data_only=True)
wbf = openpyxl.load_workbook(path, data_only=False)

# sheet names and order
if wb.sheetnames != SHEETS:
    fail("sheets %r, want %r" % (wb.sheetnames, SHEETS))

# ---- Data
data_rows = []
if "Data" in wb.sheetnames:
    ws = wb["Data"]
    wsf = wbf["Data"]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    if not rows or list(rows[0][:28]) != HEADER or any(not empty(v) for v in rows[0][28:]):
        fail("Data header %r, want exactly %r" % (rows[0] if rows else None, HEADER))
    data_rows = [(r + [None] * 14)[:14] for r in rows[1:] if any(not empty(v) for v in r)]
    if len(data_rows) != len(want_codes) or len(rows) - 1 != len(want_codes):
        fail("Data has %d rows (%d with content), want %d"
             % (len(rows) - 1, len(data_rows), len(want_codes)))
    codes = [r[0] for r in data_rows]
    if codes != want_codes:
        fail("Data codes %s, want %s" % (codes, want_codes))
    for i, r in enumerate(data_rows, start=2):
        c = check.get(r[0])
        if c is None:
            fail("Data row %d: code %r not in the template" % (i, r[0]))
            continue
        for col, name, want in ((4, "Pembilang", c[1]), (5, "Penyebut", c[2]), (6, "Realisasi", c[3])):
            if not same(want, r[col]):
                fail("Data row %d (%s): %s %r, expected.tsv says %r" % (i, r[0], name, r[col], want))
        if r[0] == "kla" and r[6] != "Madya":
            fail("Data row %d: KLA realisasi %r, want 'Madya'" % (i, r[6]))
        if r[7] != c[4]:
            fail("Data row %d (%s): Satuan %r, want %r" % (i, r[0], r[7], c[4]))
        if not same(c[5], r[8]) or not same(c[6], r[9]):
            fail("Data row %d (%s): Target %r, Capaian %r, expected.tsv says %r, %r"
                 % (i, r[0], r[8], r[9], c[5], c[6]))
        if r[11] != c[8]:
            fail("Data row %d (%s): Status %r, want %r" % (i, r[0], r[11], c[8]))
        if r[0] in ("pmks_pulih", "pprg", "kla") and not (isinstance(r[12], str) and "!" in r[12]):
            fail("Data row %d (%s): Sumber %r is no file!sheet!range" % (i, r[0], r[12]))
        # Realisasi is a formula wherever the row has the cells it needs
        if c[4] == "%" or r[0] == "kla":
            f = wsf.cell(row=i, column=7).value
            if not (isinstance(f, str) and f.startswith("=")):
                fail("Data!G%d (%s) holds %r, not a formula" % (i, r[0], f))
    tables = list(ws.tables.values())
    if len(tables) != 1:
        fail("Data has %d tables, want 1" % len(tables))
    else:
        t = tables[0]
        if t.ref != "A1:AB%d" % (len(want_codes) + 1):
            fail("Data table covers %s, want A1:AB%d" % (t.ref, len(want_codes) + 1))
        if t.autoFilter is None:
            fail("Data table has no autofilter")
    if ws.freeze_panes != "A2":
        fail("Data freeze panes %r, want A2" % ws.freeze_panes)

# ---- Rincian: pmks_pulih per kecamatan adds up to the Data row
if "Rincian" in wb.sheetnames and data_rows:
    rr = [list(r) + [None] * 4 for r in wb["Rincian"].iter_rows(values_only=True)]
    start = next((k for k, r in enumerate(rr) if isinstance(r[0], str) and r[0].startswith("pmks_pulih")), None)
    if start is None:
        fail("Rincian has no pmks_pulih block")
    else:
        if rr[start + 1][:4] != ["Kecamatan", "Pembilang", "Penyebut", "Realisasi (%)"]:
            fail("Rincian pmks_pulih header %r" % rr[start + 1][:4])
        k = start + 2
        areas = []
        while k < len(rr) and rr[k][0] not in (None, "JUMLAH"):
            areas.append(rr[k])
            k += 1
        total = rr[k] if k < len(rr) else [None] * 4
        d = next(r for r in data_rows if r[0] == "pmks_pulih")
        if len(areas) != 14:
            fail("Rincian pmks_pulih: %d kecamatan rows, want 14" % len(areas))
        sn = sum(a[1] or 0 for a in areas)
        sd = sum(a[2] or 0 for a in areas)
        if not num_eq(sn, d[4]) or not num_eq(sd, d[5]):
            fail("Rincian pmks_pulih sums %r/%r, Data row %r/%r" % (sn, sd, d[4], d[5]))
        if total[0] != "JUMLAH" or not num_eq(total[1], d[4]) or not num_eq(total[2], d[5]) \
                or not num_eq(total[3], d[6]):
            fail("Rincian pmks_pulih JUMLAH row %r, want %r" % (total[:4], d[4:7]))
        for a in areas:
            if a[1] is not None and a[2]:
                if not num_eq(a[3], a[1] / a[2] * 100):
                    fail("Rincian %s: realisasi %r, want %r" % (a[0], a[3], a[1] / a[2] * 100))

# ---- Ringkasan
if "Ringkasan" in wb.sheetnames:
    ws = wb["Ringkasan"]
    lab = {r[0]: r[1] for r in ws.iter_rows(values_only=True) if isinstance(r[0], str)}
    if ws["A1"].value != "RINGKASAN INDIKATOR KINERJA INDIVIDU":
        fail("Ringkasan A1 %r" % ws["A1"].value)
    if lab.get("Waktu pembuatan") != datetime.datetime(2025, 12, 31, 0, 0):
        fail("Ringkasan build time %r, want 2025-12-31 00:00" % lab.get("Waktu pembuatan"))
    # skipped: what the folder holds besides the 12 workbooks (hidden
    # folder, expected.tsv, make.sh), as Sumber lists them
    st = [r[5] for r in wb["Sumber"].iter_rows(values_only=True) if isinstance(r[5], str)]
    nskip = sum(1 for s in st if s.startswith("dilewati"))
    for k, v in (("Tahun", 2025), ("Berkas dibaca", 13), ("Berkas dilewati", nskip),
                 ("Peringatan", 0), ("Galat", 0)):
        if lab.get(k) != v:
            fail("Ringkasan %s %r, want %r" % (k, lab.get(k), v))
    if st.count("dibaca") != 13:
        fail("Sumber: %d files 'dibaca', want 13" % st.count("dibaca"))
    # the indicator table: from its header to the first empty row
    found, inside = [], False
    for r in ws.iter_rows(values_only=True):
        if r[0] == "Kode" and r[1] == "Indikator":
            inside = True
            if list(r[:8]) != ["Kode", "Indikator", "Realisasi", "Satuan", "Target",
                               "Capaian", "Predikat", "Status"]:
                fail("Ringkasan table header %r" % (r[:8],))
        elif inside and r[0] is None:
            break
        elif inside:
            found.append(r)
    if [r[0] for r in found] != order:
        fail("Ringkasan indicators %s, want %s" % ([r[0] for r in found], order))
    for r in found:
        if not same(check[r[0]][3], r[2]):
            fail("Ringkasan %s realisasi %r, want %r" % (r[0], r[2], check[r[0]][3]))
        if r[3] != check[r[0]][4] or r[7] != "ok" or not same(check[r[0]][6], r[5]):
            fail("Ringkasan %s: Satuan %r, Capaian %r, Status %r, want %r, %r, 'ok'"
                 % (r[0], r[3], r[5], r[7], check[r[0]][4], check[r[0]][6]))
    if not wbf["Ringkasan"]._charts:
        fail("Ringkasan has no chart")


def chart_xml(xlsx):
    z = zipfile.ZipFile(xlsx)
    return "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart"))


if "Capaian per Indikator (%)" not in chart_xml(path):
    fail("Ringkasan of the folder with its target form: no chart 'Capaian per Indikator (%)'")
mpath = os.path.join(tmp, "mixed.xlsx")
if "Realisasi Indikator Persentase (%)" not in chart_xml(mpath) or "c:barDir val=\"bar\"" not in chart_xml(mpath):
    fail("Ringkasan without targets: no bar chart titled 'Realisasi Indikator Persentase (%)'")

# ---- with targets: Capaian values and formulas
tpath = os.path.join(tmp, "targets.xlsx")
if "Capaian per Indikator (%)" not in chart_xml(tpath):
    fail("Ringkasan with targets: no chart titled 'Capaian per Indikator (%)'")
twb = openpyxl.load_workbook(tpath, data_only=True)["Data"]
twf = openpyxl.load_workbook(tpath)["Data"]
trows = {}
for i, r in enumerate(twb.iter_rows(min_row=2, values_only=True), start=2):
    trows.setdefault(r[0], (i, r))
want_cap = {"pmks_pulih": 21128 / 32218 * 100 / 80 * 100, "idg": 55.51 / 60 * 100,
            "kla": 2 / 3 * 100, "penunjang_urusan": 100.0,
            "pmks_rehsos": (2 * 20 - 8185 / 32218 * 100) / 20 * 100, "disabilitas_luar_panti": None}
for code, want in want_cap.items():
    i, r = trows.get(code, (0, [None] * 14))
    if (want is None and not empty(r[9])) or (want is not None and not num_eq(want, r[9])):
        fail("with targets: %s Capaian %r, want %r" % (code, r[9], want))
for code in ("pmks_pulih", "idg", "pmks_rehsos", "disabilitas_luar_panti"):
    i = trows.get(code, (0, None))[0]
    f = twf.cell(row=i, column=10).value if i else None
    if not (isinstance(f, str) and f.startswith("=")):
        fail("with targets: %s Capaian holds %r, not a formula" % (code, f))
if trows.get("kla", (0, [None] * 14))[1][8] != "Nindya":
    fail("with targets: kla Target %r, want 'Nindya'" % trows.get("kla", (0, [None] * 14))[1][8])
# Predikat and Polaritas, for the readers of the workbook (iki rekap)
for code, pol in (("pmks_rehsos", "makin rendah makin baik"), ("pmks_pulih", "makin tinggi makin baik")):
    r = trows.get(code, (0, [None] * 14))[1]
    if r[13] != pol:
        fail("with targets: %s Polaritas %r, want %r" % (code, r[13], pol))
if trows.get("penunjang_urusan", (0, [None] * 14))[1][10] != "Sangat Baik":
    fail("with targets: penunjang_urusan Predikat %r, want 'Sangat Baik'"
         % trows.get("penunjang_urusan", (0, [None] * 14))[1][10])

# ---- Sumber (both workbooks)
def sumber(xlsx, shafile, want_status):
    ws = openpyxl.load_workbook(xlsx, data_only=True)["Sumber"]
    rows = [list(r) + [None] * 6 for r in ws.iter_rows(values_only=True)]
    shas = {}
    for line in open(shafile):
        h, name = line.rstrip("\n").split(None, 1)
        shas[name.lstrip("*")] = h
    for name, h in shas.items():
        r = next((r for r in rows if isinstance(r[0], str) and os.path.basename(r[0]) == name
                  and r[4] is not None), None)
        if r is None:
            fail("%s: Sumber has no row for %s" % (os.path.basename(xlsx), name))
            continue
        if not (isinstance(r[4], str) and re.fullmatch(r"[0-9a-f]{64}", r[4]) and r[4] == h):
            fail("%s: Sumber SHA-256 of %s is %r, sha256sum says %s" % (os.path.basename(xlsx), name, r[4], h))
        if r[2] != os.path.getsize(os.path.join(dirs[xlsx], name)):
            fail("%s: Sumber size of %s is %r" % (os.path.basename(xlsx), name, r[2]))
        if not isinstance(r[3], datetime.datetime):
            fail("%s: Sumber Diubah of %s is %r, not a date-time" % (os.path.basename(xlsx), name, r[3]))
        st = want_status.get(name, "dibaca")
        if not (isinstance(r[5], str) and r[5].startswith(st)):
            fail("%s: Sumber status of %s is %r, want %r" % (os.path.basename(xlsx), name, r[5], st))
    return rows


dirs = {os.path.join(tmp, "sampang.xlsx"): folder, os.path.join(tmp, "mixed.xlsx"): os.path.join(tmp, "mixed")}
srows = sumber(os.path.join(tmp, "sampang.xlsx"), os.path.join(tmp, "sampang.sha"), {})
if not any(r[1] == "pmks-2025" and isinstance(r[2], str) and r[2].startswith("pmks") and r[3] == 14
           for r in srows):
    fail("Sumber: no sheet row 'pmks-2025' recognised as pmks with 14 data rows")
sumber(os.path.join(tmp, "mixed.xlsx"), os.path.join(tmp, "mixed.sha"),
       {"rusak-2025.xlsx": "dilewati", "pmks-salinan-2025.csv": "dilewati"})

# ---- Catatan
ws = openpyxl.load_workbook(os.path.join(tmp, "mixed.xlsx"), data_only=True)["Catatan"]
rows = [list(r) + [None] * 5 for r in ws.iter_rows(values_only=True)]
if rows[0][:5] != ["Tingkat", "Berkas", "Lembar", "Sel", "Pesan"]:
    fail("Catatan header %r" % rows[0][:5])
if not any(r[0] == "galat" and isinstance(r[1], str) and r[1].endswith("rusak-2025.xlsx") and r[4]
           for r in rows[1:]):
    fail("Catatan has no 'galat' row for rusak-2025.xlsx")
if ws.auto_filter.ref is None:
    fail("Catatan has no autofilter")
ws = openpyxl.load_workbook(os.path.join(tmp, "sampang.xlsx"), data_only=True)["Catatan"]
rows = [r for r in ws.iter_rows(values_only=True) if any(v is not None for v in r)]
if len(rows) != 2 or rows[1][0] != "Tidak ada catatan":
    fail("Catatan of the clean folder: %r, want the header and 'Tidak ada catatan'" % rows)

# ---- LibreOffice's recalculated Realisasi and Capaian
def columns(xlsx):
    # Realisasi, Capaian, and the four Capaian TW columns (W..Z)
    ws = openpyxl.load_workbook(xlsx, data_only=True)["Data"]
    return [(r[6], r[9]) + tuple(r[22:26]) for r in ws.iter_rows(min_row=2, values_only=True)]


def agree(a, b):
    if empty(a) and empty(b):
        return True
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    return num_eq(a, b)


if lo:
    cached = columns(os.path.join(tmp, "sampang.xlsx"))
    recalc = columns(os.path.join(lo, "sampang.xlsx"))
    for i, (c, r) in enumerate(zip(cached, recalc), start=2):
        if not agree(c[0], r[0]):
            fail("Data!G%d: cached %r, LibreOffice %r" % (i, c[0], r[0]))
        if not agree(c[1], r[1]):
            fail("Data!J%d: cached %r, LibreOffice %r" % (i, c[1], r[1]))
    cached = columns(tpath)
    recalc = columns(os.path.join(lo, "targets.xlsx"))
    tw = 0
    for i, (c, r) in enumerate(zip(cached, recalc), start=2):
        if not all(agree(a, b) for a, b in zip(c, r)):
            fail("with targets: Data!G%d,J%d,W%d:Z%d cached %r, LibreOffice %r"
                 % (i, i, i, i, c, r))
        tw += sum(not empty(v) for v in c[2:])
    if tw < 4:
        fail("with targets: only %d Capaian TW cells hold a value" % tw)
    # the Capaian TW cells are formulas over the row's cells
    wsf = openpyxl.load_workbook(tpath)["Data"]
    nform = sum(1 for row in wsf.iter_rows(min_row=2, min_col=23, max_col=26)
                for cell in row if isinstance(cell.value, str) and cell.value.startswith("="))
    if nform < 4:
        fail("with targets: %d Capaian TW formulas, want 4 or more" % nform)
    cached = columns(os.path.join(tmp, "sampang.xlsx"))
    ctl = columns(os.path.join(lo, "control.xlsx"))
    if not ctl or not agree(ctl[0][0], cached[0][0]):
        fail("LibreOffice did not recalculate: the control's G2 came back %r, want %r"
             % (ctl[0][0] if ctl else None, cached[0][0]))

if fails:
    print("%d failure(s)" % len(fails))
    sys.exit(1)
print("ok: sheets, Data (%d rows, against expected.tsv), Rincian, Ringkasan, Sumber, Catatan, "
      "LibreOffice recalculation" % len(data_rows))
EOF
