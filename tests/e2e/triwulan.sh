#!/bin/bash
# The Triwulan sheet (src/report/quarters.c, issue 13) of `iki build
# fixtures/sampang-2025`, read back with openpyxl and compared with values
# worked out outside iki (fixtures/sampang-2025/expected.tsv, written by
# the fixture generator from its own data and its filled target form):
#   1. the sheet follows Ringkasan; title, office and "TAHUN 2025 — KEADAAN
#      S.D. TRIWULAN IV"; the group headers TW I..TW IV (each merged over
#      Target | Realisasi | Capaian (%)) and "Tahun 2025";
#   2. per position of the built-in template (PyYAML) its title row, then
#      its indicators numbered 1.. in order: per quarter Target, Realisasi
#      and Capaian equal expected.tsv's target_twN, realisasi_twN and
#      capaian_twN (within 1e-9; empty where expected.tsv is empty: never 0);
#      the year's Target, Realisasi and Capaian equal target, realisasi and
#      capaian; Predikat the template's band of that capaian; Kategori and
#      Nilai Capaian IKI by the national rule (PermenPAN-RB No. 6/2022:
#      Sangat Baik above 100, Baik at 100 with 109, Cukup 80-99 with 70 +
#      (89-70)/(99-80) x (c-80), Kurang 60-79 with 50 + (69-50)/(79-60) x
#      (c-60), Sangat Kurang below 60 with c/59 x 49, no nilai between 100
#      and 110) computed here; Keterangan names every quarter without a
#      realisasi "data tidak tersedia";
#   3. Capaian cells with numbers on both sides are formulas; LibreOffice
#      (a fresh profile that recalculates on load) gives back the cached
#      values, and a control copy with a wrong cached value comes back right;
#   4. one column chart per percent indicator with a quarterly target or
#      realisasi (17), each with a Target and a Realisasi series over the
#      four quarters; page setup: A4 landscape, a print scale, the header
#      rows repeated, a print area, a break before the charts;
#   5. the Kepala Dinas sheet shows the target form's target ("70 %") and
#      the capaian of expected.tsv for pmks_pulih.
# Env: IKI, FIXTURES; EXPECTED may name another expected.tsv (to see the
# test fail).  Needs /usr/bin/python3 with openpyxl and PyYAML, soffice.
set -u
. "$(dirname "$0")/lib/common.sh"
: "${IKI:?IKI must name the iki binary}" "${FIXTURES:?FIXTURES must name fixtures/}"
PY=/usr/bin/python3
"$PY" -c 'import openpyxl, yaml' 2>/dev/null || skip "$PY has no openpyxl or PyYAML"
command -v soffice >/dev/null 2>&1 || skip "soffice (LibreOffice) is missing"
D=$FIXTURES/sampang-2025
EXPECTED=${EXPECTED:-$D/expected.tsv}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1767139200 TZ=UTC

timeout 120 "$IKI" build -o "$tmp/iki.xlsx" "$D" >"$tmp/build.out" 2>"$tmp/build.err" ||
    { echo "FAIL: iki build $D exited $?"; head -5 "$tmp/build.err"; exit 1; }

# the control: a wrong cached value in the first Capaian formula of Triwulan
"$PY" - "$tmp/iki.xlsx" "$tmp/control.xlsx" <<'EOF' || { echo "FAIL: cannot make the control copy"; exit 1; }
import re, sys, zipfile
src, dst = sys.argv[1:]
zin = zipfile.ZipFile(src)
wb = zin.read("xl/workbook.xml").decode()
rels = zin.read("xl/_rels/workbook.xml.rels").decode()
rid = re.search(r'<sheet name="Triwulan" sheetId="\d+" r:id="(rId\d+)"', wb).group(1)
part = "xl/" + re.search(r'Id="%s"[^>]*Target="([^"]+)"' % rid, rels).group(1)
with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
    for item in zin.infolist():
        data = zin.read(item.filename)
        if item.filename == part:
            s = data.decode()
            s2 = re.sub(r'(<c r="[A-Z]+\d+"[^>]*>\s*<f>[^<]*</f>\s*<v>)[^<]*(</v>)', r"\g<1>12345\g<2>", s, 1)
            assert s2 != s, "no formula with a cached value in Triwulan"
            data = s2.encode()
        zout.writestr(item, data)
EOF
mkdir -p "$tmp/lo/user" "$tmp/lo-out"
cat >"$tmp/lo/user/registrymodifications.xcu" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
EOF
timeout 240 soffice -env:UserInstallation=file://"$tmp/lo" --headless --norestore \
    --convert-to 'xlsx:Calc MS Excel 2007 XML' --outdir "$tmp/lo-out" \
    "$tmp/iki.xlsx" "$tmp/control.xlsx" >"$tmp/lo.log" 2>&1
[ -s "$tmp/lo-out/iki.xlsx" ] && [ -s "$tmp/lo-out/control.xlsx" ] ||
    { echo "FAIL: LibreOffice could not convert the workbook"; cat "$tmp/lo.log"; exit 1; }

"$PY" - "$tmp" "$EXPECTED" "$FIXTURES/../templates/dinsos-pppa-sampang.yaml" <<'EOF'
import os, re, sys, zipfile
import openpyxl, yaml

tmp, expected_path, tpl_path = sys.argv[1:]
fails = []


def fail(msg):
    fails.append(msg)
    print("FAIL: " + msg)


def empty(v):
    return v is None or v == ""


def num_eq(a, b):
    return (isinstance(a, (int, float)) and isinstance(b, (int, float)) and
            not isinstance(a, bool) and abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b)))


def same(want, got):
    """want: a field of expected.tsv ('' none, a number, a text)."""
    if want == "":
        return empty(got)
    try:
        return num_eq(float(want), got)
    except ValueError:
        return got == want


COLS = ["kode", "pembilang", "penyebut", "realisasi", "target", "capaian",
        "realisasi_tw1", "realisasi_tw2", "realisasi_tw3", "realisasi_tw4",
        "target_tw1", "target_tw2", "target_tw3", "target_tw4",
        "capaian_tw1", "capaian_tw2", "capaian_tw3", "capaian_tw4"]
exp = {}
for line in open(expected_path, encoding="utf-8").read().splitlines():
    if line and not line.startswith("#") and not line.startswith("kode\t"):
        f = line.split("\t")
        if len(f) != len(COLS):
            fail("expected.tsv line %r has %d fields, want %d" % (f[0], len(f), len(COLS)))
        exp[f[0]] = dict(zip(COLS, f + [""] * len(COLS)))
tpl = yaml.safe_load(open(tpl_path, encoding="utf-8"))
inds = {i["code"]: i for i in tpl["indicators"]}
bands = sorted(tpl["office"]["bands"], key=lambda b: -b["min"])


def band(c):
    return next((b["label"] for b in bands if c >= b["min"]), None)


def national(c):
    """Kategori and nilai capaian IKI (None: not stated) of capaian c."""
    if abs(c - 100) <= 1e-9:
        return "Baik", 109.0
    if c > 100:
        return "Sangat Baik", (120.0 if c > 110 else None)
    if c >= 80:
        return "Cukup", 70 + (89 - 70) / (99 - 80) * (c - 80)
    if c >= 60:
        return "Kurang", 50 + (69 - 50) / (79 - 60) * (c - 60)
    return "Sangat Kurang", c / 59 * 49


path = os.path.join(tmp, "iki.xlsx")
wb = openpyxl.load_workbook(path, data_only=True)
wbf = openpyxl.load_workbook(path)
if wb.sheetnames[:2] != ["Ringkasan", "Triwulan"]:
    fail("sheets begin %r, want Ringkasan, Triwulan" % wb.sheetnames[:2])
ws, wsf = wb["Triwulan"], wbf["Triwulan"]
rows = [list(r) + [None] * 30 for r in ws.iter_rows(values_only=True)]
if rows[0][0] != "LAPORAN CAPAIAN KINERJA TRIWULAN":
    fail("A1 is %r" % rows[0][0])
titles = [r[0] for r in rows[:6] if isinstance(r[0], str)]
if "TAHUN 2025 \u2014 KEADAAN S.D. TRIWULAN IV" not in titles:
    fail("no 'TAHUN 2025 — KEADAAN S.D. TRIWULAN IV' in %r" % titles)
h = next((i for i, r in enumerate(rows) if r[0] == "No" and r[1] == "Indikator Kinerja"), None)
if h is None:
    print("FAIL: no header row"); sys.exit(1)
groups = [rows[h][3 + 3 * q] for q in range(4)] + [rows[h][15]]
if groups != ["TW I", "TW II", "TW III", "TW IV", "Tahun 2025"]:
    fail("group headers %r" % groups)
sub = rows[h + 1][3:22]
want_sub = ["Target", "Realisasi", "Capaian (%)"] * 5 + ["Predikat", "Kategori", "Nilai Capaian IKI"]
if sub[:18] != want_sub:
    fail("second header row %r, want %r" % (sub[:18], want_sub))
for q in range(4):
    m = [r for r in ws.merged_cells.ranges if r.min_row == h + 1 and r.min_col == 4 + 3 * q]
    if not m or (m[0].max_col, m[0].max_row) != (6 + 3 * q, h + 1):
        fail("TW %d's header is not merged over its three columns (%s)" % (q + 1, m))

r = h + 3
nrows = nformula = 0
for pos in tpl["positions"]:
    if rows[r][0] != pos["title"]:
        fail("row %d: %r, want the position %r" % (r + 1, rows[r][0], pos["title"]))
    r += 1
    codes = [c for g in pos["goals"] for c in g.get("indicators") or []]
    for n, code in enumerate(codes, start=1):
        row, e, ind = rows[r], exp.get(code), inds[code]
        where = "row %d (%s, %s)" % (r + 1, pos["sheet"], code)
        if e is None:
            fail("%s: not in expected.tsv" % where); r += 1; continue
        if row[0] != n or row[1] != ind["name"] or row[2] != str(ind.get("unit", "")):
            fail("%s: No/Indikator/Satuan %r" % (where, row[:3]))
        for q in range(4):
            c = 3 + 3 * q
            for k, key in ((0, "target_tw%d"), (1, "realisasi_tw%d"), (2, "capaian_tw%d")):
                if not same(e[key % (q + 1)], row[c + k]):
                    fail("%s: TW %d %s %r, expected.tsv %r"
                         % (where, q + 1, key.split("_")[0], row[c + k], e[key % (q + 1)]))
            if e["realisasi_tw%d" % (q + 1)] == "" and not (
                    isinstance(row[21], str) and "data tidak tersedia" in row[21]):
                fail("%s: TW %d has no realisasi but Keterangan %r" % (where, q + 1, row[21]))
            f = wsf.cell(row=r + 1, column=c + 3).value
            if isinstance(f, str) and f.startswith("="):
                nformula += 1
        for k, key in ((15, "target"), (16, "realisasi"), (17, "capaian")):
            if not same(e[key], row[k]):
                fail("%s: the year's %s %r, expected.tsv %r" % (where, key, row[k], e[key]))
        if e["capaian"]:
            c = float(e["capaian"])
            kat, nil = national(c)
            if row[18] != band(c):
                fail("%s: Predikat %r, want %r (capaian %r)" % (where, row[18], band(c), c))
            if row[19] != kat:
                fail("%s: Kategori %r, want %r" % (where, row[19], kat))
            if (nil is None and not empty(row[20])) or (nil is not None and not num_eq(nil, row[20])):
                fail("%s: Nilai Capaian IKI %r, want %r" % (where, row[20], nil))
        nrows += 1
        r += 1
if nrows != 22:
    fail("%d indicator rows, want 22" % nrows)
if nformula < 22:
    fail("%d Capaian formulas, want at least 22" % nformula)

# LibreOffice's recalculation of every cell equals the cached one
def values(p):
    return [list(x) for x in openpyxl.load_workbook(p, data_only=True)["Triwulan"].iter_rows(values_only=True)]


def agree(a, b):
    if empty(a) and empty(b):
        return True
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return num_eq(a, b)
    return a == b


cached, recalc = values(path), values(os.path.join(tmp, "lo-out", "iki.xlsx"))
nf = 0
for i, row in enumerate(wsf.iter_rows()):
    for cell in row:
        if isinstance(cell.value, str) and cell.value.startswith("="):
            nf += 1
            a = cached[i][cell.column - 1]
            b = recalc[i][cell.column - 1] if i < len(recalc) and cell.column - 1 < len(recalc[i]) else None
            if not agree(a, b):
                fail("%s: cached %r, LibreOffice %r" % (cell.coordinate, a, b))
ctl = values(os.path.join(tmp, "lo-out", "control.xlsx"))
first = next(c for row in wsf.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("="))
got = ctl[first.row - 1][first.column - 1]
if not agree(cached[first.row - 1][first.column - 1], got):
    fail("LibreOffice did not recalculate: the control's %s came back %r" % (first.coordinate, got))

# the charts: one per percent indicator with something to show
z = zipfile.ZipFile(path)
rels = z.read("xl/worksheets/_rels/sheet2.xml.rels").decode() if "xl/worksheets/_rels/sheet2.xml.rels" in z.namelist() else ""
drawing = re.search(r'Target="../drawings/(drawing\d+\.xml)"', rels)
charts = []
if drawing:
    drels = z.read("xl/drawings/_rels/%s.rels" % drawing.group(1)).decode()
    charts = re.findall(r'Target="../charts/(chart\d+\.xml)"', drels)
want_charts = sum(1 for c in inds.values() if c["kind"] == "percent")
if len(charts) != want_charts:
    fail("Triwulan has %d charts, want %d (one per percent indicator)" % (len(charts), want_charts))
for c in charts:
    x = z.read("xl/charts/" + c).decode()
    if 'c:barDir val="col"' not in x or x.count("<c:ser>") != 2 or "Triwulan!$D$" not in x:
        fail("%s is not a column chart of two series over Triwulan!D:G" % c)

# page setup
ps = ws.page_setup
if ps.orientation != "landscape" or str(ps.paperSize) != "9" or not ps.scale:
    fail("page setup: %r %r scale %r" % (ps.orientation, ps.paperSize, ps.scale))
if str(ws.print_title_rows) != "$%d:$%d" % (h + 1, h + 3):
    fail("print titles %r, want the header rows" % ws.print_title_rows)
if not ws.print_area or not ws.row_breaks.brk:
    fail("no print area or no break before the charts")

# the position sheet shows the target form's target
kd = wb["Kepala Dinas"]
prow = next((list(x) for x in kd.iter_rows(values_only=True) if x[1] == inds["pmks_pulih"]["name"]), None)
if not prow or prow[4] != "70 %" or not same(exp["pmks_pulih"]["capaian"], prow[6]):
    fail("Kepala Dinas pmks_pulih: Target %r, Capaian %r, want '70 %%', %s"
         % (prow and prow[4], prow and prow[6], exp["pmks_pulih"]["capaian"]))

if fails:
    print("%d failure(s)" % len(fails))
    sys.exit(1)
print("ok: Triwulan, %d rows against expected.tsv, %d formulas recalculated, %d charts"
      % (nrows, nf, len(charts)))
EOF
