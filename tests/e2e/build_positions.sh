#!/bin/bash
# The IKI sheet of every position (src/report/position.c), read back with
# openpyxl from `iki build` of fixtures/sampang-2025:
#   1. with the built-in template (`iki template`, parsed with PyYAML), for
#      every position: a sheet named as the template says; the title
#      "INDIKATOR KINERJA INDIVIDU ( IKI )" in A1, merged over A:J; the
#      "1. JABATAN" row holding the position's title; "2. TUGAS" with its
#      text (one) or lettered items; "3. FUNGSI" with every item, lettered
#      a., b., ... in order; the table header, exactly the 10 headers, and
#      the column numbers 1..10 under it; every indicator of every goal in order
#      in column B, with its formula and data source; each goal's text in
#      column A, merged down over its indicators when it has several (a
#      goal without indicators keeps one row); Target, Capaian, Predikat,
#      Kategori and Nilai Capaian IKI "-" (the built-in template has no
#      targets, and the sample folder is copied without its target form);
#      the signature block (place and date, the signer's position in
#      capitals, "NIP.") in G:J;
#      page setup: landscape, A4 (paperSize 9), fit to one page (wide
#      and high; no manual breaks), the header rows repeated (print titles), a print
#      area, a footer with the page number;
#   2. Realisasi of pmks_pulih on the Kepala Dinas sheet is the number
#      21128 / 32218 x 100 (within 1e-9, a number, not text, shown with
#      2 decimals and "%"); IDG is a number; KLA is the text "Madya";
#   3. with a copy of the template that gives pmks_pulih a target of 80 and
#      names the signer: Target "80 %", Capaian = realisasi / 80 x 100 (a
#      number), Predikat the band of that capaian ("Baik"), Kategori
#      "Cukup" and Nilai Capaian IKI 70 + (89 - 70) / (99 - 80) x (capaian
#      - 80) (PermenPAN-RB No. 6/2022, computed here), the signer's
#      name bold and underlined, "NIP. " + the NIP, and the date of the
#      reporting year "Sampang, 31 Desember 2025" (built in 2026);
#   4. built during the reporting year (SOURCE_DATE_EPOCH = 1 July 2025) from
#      the PMKS form alone: the date is the build date "Sampang, 1 Juli
#      2025"; an indicator without data shows its status "data tidak
#      tersedia" in italics as its Realisasi; with no signer name, a dotted
#      line to sign on.
# Env: IKI (the CLI), FIXTURES (the repo's fixtures folder).  EXPECT_PMKS
# may override the expected realisasi (used to check this test can fail).
# Needs /usr/bin/python3 with openpyxl and PyYAML, else it is skipped (77).
set -u
. "$(dirname "$0")/lib/common.sh"
: "${IKI:?IKI must name the iki binary}" "${FIXTURES:?FIXTURES must name fixtures/}"
PY=/usr/bin/python3
if ! [ -x "$PY" ] || ! "$PY" -c 'import openpyxl, yaml' 2>/dev/null; then
    skip "/usr/bin/python3 with openpyxl and PyYAML is needed"
fi
[ -x "$IKI" ] || { echo "FAIL: IKI=$IKI is not an executable"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# the sample folder without its target form: this test's targets are the
# template's
D=$tmp/sampang-2025
mkdir "$D" && cp -p "$FIXTURES"/sampang-2025/*.* "$D/" &&
    rm -f "$D"/target-*.xlsx "$D/make.sh" "$D/expected.tsv"

"$IKI" template >"$tmp/builtin.yaml" || { echo "FAIL: iki template failed"; exit 1; }
# the same template with a target for pmks_pulih, a signer and a year
"$PY" - "$tmp/builtin.yaml" "$tmp/target.yaml" <<'EOF' || { echo "FAIL: cannot write the template copy"; exit 1; }
import re, sys
src, dst = sys.argv[1:]
t = open(src, encoding="utf-8").read()
n = 0
t, k = re.subn(r'(\n  - code: pmks_pulih\n(?:    .*\n)*?)(    unit: "%"\n)',
               r'\1\2    target: 80\n', t, count=1); n += k
t, k = re.subn(r'(\n  signer:\n    position: .*\n)    name: ""\n    nip: ""\n',
               r'\1    name: "Drs. Contoh Penanda Tangan, M.Si"\n    nip: "19700101 199503 1 001"\n',
               t, count=1); n += k
t, k = re.subn(r'\noffice:\n', '\noffice:\n  year: 2025\n', t, count=1); n += k
if n != 3:
    sys.exit("the built-in template no longer has the expected shape (%d of 3 edits)" % n)
open(dst, "w", encoding="utf-8").write(t)
EOF

timeout 120 "$IKI" build -o "$tmp/out.xlsx" "$D" >"$tmp/build.out" 2>"$tmp/build.err"
rc=$?
if [ "$rc" -gt 1 ] || [ ! -s "$tmp/out.xlsx" ]; then
    echo "FAIL: iki build exited $rc without a workbook:"; head -5 "$tmp/build.err"; exit 1
fi
SOURCE_DATE_EPOCH=1767225600 timeout 120 "$IKI" build -t "$tmp/target.yaml" -o "$tmp/target.xlsx" "$D" \
    >"$tmp/build2.out" 2>"$tmp/build2.err"
rc=$?
if [ "$rc" -gt 1 ] || [ ! -s "$tmp/target.xlsx" ]; then
    echo "FAIL: iki build -t (targets) exited $rc without a workbook:"; head -5 "$tmp/build2.err"; exit 1
fi

mkdir "$tmp/pmks" && cp "$D/pmks-2025.csv" "$tmp/pmks/"
sed 's/^    name: "Drs\. .*"$/    name: ""/' "$tmp/target.yaml" >"$tmp/midyear.yaml"
SOURCE_DATE_EPOCH=1751328000 timeout 120 "$IKI" build -t "$tmp/midyear.yaml" -o "$tmp/midyear.xlsx" \
    "$tmp/pmks" >"$tmp/build3.out" 2>"$tmp/build3.err"
rc=$?
if [ ! -s "$tmp/midyear.xlsx" ]; then
    echo "FAIL: iki build (PMKS only) exited $rc without a workbook:"; head -5 "$tmp/build3.err"; exit 1
fi

"$PY" - "$tmp/builtin.yaml" "$tmp/out.xlsx" "$tmp/target.xlsx" "$tmp/midyear.xlsx" <<'EOF'
import math, os, sys
import openpyxl, yaml

tpl_path, out_path, target_path, midyear_path = sys.argv[1:]
HEADERS = ["Sasaran / Kinerja Utama", "Indikator Kinerja",
           "Penjelasan / Formulasi Penghitungan", "Sumber Data", "Target",
           "Realisasi", "Capaian", "Predikat", "Kategori", "Nilai Capaian IKI"]
NC = len(HEADERS)
SIG = NC - 3  # the signature block: the last four columns
TITLE = "INDIKATOR KINERJA INDIVIDU ( IKI )"
EXPECT_PMKS = float(os.environ.get("EXPECT_PMKS", 21128 / 32218 * 100))
fails = []


def fail(sheet, msg):
    fails.append("%s: %s" % (sheet, msg))


def s(v):
    return "" if v is None else str(v)


def merged_over(ws, row, col):
    """The merged range holding (row, col), or None."""
    for r in ws.merged_cells.ranges:
        if r.min_row <= row <= r.max_row and r.min_col <= col <= r.max_col:
            return r
    return None


def find_row(ws, col, text, start=1):
    for r in range(start, ws.max_row + 1):
        if s(ws.cell(r, col).value).strip() == text:
            return r
    return None


def letter(i):
    return chr(ord("a") + i) if i < 26 else chr(ord("a") + i // 26 - 1) + chr(ord("a") + i % 26)


def check_list(ws, name, label, items, single_plain):
    r = find_row(ws, 1, label)
    if r is None:
        fail(name, "no %r label in column A" % label)
        return
    if not items:
        if s(ws.cell(r, 2).value) != "-":
            fail(name, "%s: an empty list should show '-', got %r" % (label, ws.cell(r, 2).value))
        return
    for i, item in enumerate(items):
        got = s(ws.cell(r + i, 2).value)
        want = item if (single_plain and len(items) == 1) else "%s.  %s" % (letter(i), item)
        if got != want:
            fail(name, "%s item %d: got %r, want %r" % (label, i + 1, got, want))
        m = merged_over(ws, r + i, 2)
        if not m or m.min_col != 2 or m.max_col != NC:
            fail(name, "%s item %d is not merged over B:J" % (label, i + 1))
        if i and s(ws.cell(r + i, 1).value):
            fail(name, "%s item %d: column A should be empty" % (label, i + 1))


tpl = yaml.safe_load(open(tpl_path, encoding="utf-8"))
inds = {i["code"]: i for i in tpl["indicators"]}
wb = openpyxl.load_workbook(out_path)
table_rows = {}  # sheet -> {indicator code: row}

for pos in tpl["positions"]:
    name = pos["sheet"]
    if name not in wb.sheetnames:
        fail(name, "no sheet (sheets: %s)" % wb.sheetnames)
        continue
    ws = wb[name]
    # title
    if s(ws["A1"].value) != TITLE:
        fail(name, "A1 is %r" % ws["A1"].value)
    m = merged_over(ws, 1, 1)
    if not m or (m.min_col, m.max_col) != (1, NC):
        fail(name, "the title is not merged over A1:J1")
    # 1. JABATAN
    r = find_row(ws, 1, "1. JABATAN")
    if r is None:
        fail(name, "no '1. JABATAN' row")
    elif s(ws.cell(r, 2).value) != pos["title"]:
        fail(name, "JABATAN is %r, want %r" % (ws.cell(r, 2).value, pos["title"]))
    if ws.cell(r or 1, 1).number_format.find(":") < 0:
        fail(name, "the JABATAN label has no ':' (number format %r)" % ws.cell(r or 1, 1).number_format)
    tugas = pos["tugas"] if isinstance(pos["tugas"], list) else [pos["tugas"]]
    check_list(ws, name, "2. TUGAS", tugas, True)
    check_list(ws, name, "3. FUNGSI", pos.get("fungsi") or [], False)

    # table header and column numbers
    h = find_row(ws, 1, HEADERS[0])
    if h is None:
        fail(name, "no table header")
        continue
    got = [s(ws.cell(h, c).value) for c in range(1, NC + 1)]
    if got != HEADERS or s(ws.cell(h, NC + 1).value):
        fail(name, "header is %r" % got)
    nums = [ws.cell(h + 1, c).value for c in range(1, NC + 1)]
    if [s(v).replace(".0", "") for v in nums] != [str(c) for c in range(1, NC + 1)]:
        fail(name, "column numbers are %r" % nums)

    # one row per indicator, in order; goals merged over their indicators
    r = h + 2
    rows = {}
    for goal in pos["goals"]:
        codes = goal.get("indicators") or []
        n = max(1, len(codes))
        if s(ws.cell(r, 1).value) != goal["sasaran"]:
            fail(name, "row %d: goal %r, want %r" % (r, ws.cell(r, 1).value, goal["sasaran"]))
        m = merged_over(ws, r, 1)
        if n > 1:
            if not m or (m.min_row, m.max_row, m.min_col, m.max_col) != (r, r + n - 1, 1, 1):
                fail(name, "goal %r is not merged over A%d:A%d (%s)" % (goal["sasaran"], r, r + n - 1, m))
        elif m:
            fail(name, "goal %r in one row should not be merged (%s)" % (goal["sasaran"], m))
        if not codes:
            for c in range(2, NC + 1):
                if s(ws.cell(r, c).value):
                    fail(name, "row %d of a goal without indicator: %s is %r"
                         % (r, HEADERS[c - 1], ws.cell(r, c).value))
        for k, code in enumerate(codes):
            ind = inds[code]
            rr = r + k
            rows[code] = rr
            if s(ws.cell(rr, 2).value) != ind["name"]:
                fail(name, "row %d: indicator %r, want %r" % (rr, ws.cell(rr, 2).value, ind["name"]))
            if s(ws.cell(rr, 3).value) != (ind.get("formula") or "-"):
                fail(name, "row %d: formula %r" % (rr, ws.cell(rr, 3).value))
            if s(ws.cell(rr, 4).value) != (ind.get("data_source") or "-"):
                fail(name, "row %d: sumber data %r" % (rr, ws.cell(rr, 4).value))
            for c in (5, 7, 8, 9, 10):  # no targets: Target, Capaian, Predikat, ... "-"
                if s(ws.cell(rr, c).value) != "-":
                    fail(name, "row %d: %s is %r, want '-'" % (rr, HEADERS[c - 1], ws.cell(rr, c).value))
            if ws.cell(rr, 6).value in (None, ""):
                fail(name, "row %d: Realisasi empty" % rr)
            if not ws.cell(rr, 2).border.left.style:
                fail(name, "row %d: the table has no borders" % rr)
        r += n
    table_rows[name] = rows
    # nothing else in the table's columns right under it
    if s(ws.cell(r, 2).value):
        fail(name, "an extra row after the table: %r" % ws.cell(r, 2).value)

    # signature block in G:J below the table
    sig = [(rr, s(ws.cell(rr, SIG).value)) for rr in range(r, ws.max_row + 1) if s(ws.cell(rr, SIG).value)]
    texts = [t for _, t in sig]
    place = tpl["office"].get("place") or ""
    if not texts or not texts[0].startswith(place + ", "):
        fail(name, "signature block: no place and date first (%r)" % texts[:1])
    signer_pos = (tpl["office"].get("signer") or {}).get("position") or ""
    if signer_pos and signer_pos.upper() not in texts:
        fail(name, "signature block: no %r (%r)" % (signer_pos.upper(), texts))
    if not texts or not texts[-1].startswith("NIP."):
        fail(name, "signature block: the last line is not 'NIP. ...' (%r)" % texts[-1:])
    for rr, _ in sig:
        m = merged_over(ws, rr, SIG)
        if not m or (m.min_col, m.max_col) != (SIG, NC):
            fail(name, "signature row %d is not merged over G:J" % rr)

    # page setup
    ps = ws.page_setup
    if ps.orientation != "landscape":
        fail(name, "orientation %r" % ps.orientation)
    if s(ps.paperSize) != "9":
        fail(name, "paperSize %r" % ps.paperSize)
    if not (ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage):
        fail(name, "not fit to page")
    if s(ps.fitToWidth) not in ("", "1"):  # absent means 1 (ECMA-376)
        fail(name, "fitToWidth %r" % ps.fitToWidth)
    if s(ps.fitToHeight) not in ("", "1"):  # a built-in position fits one page
        fail(name, "fitToHeight %r, want 1 (one page)" % ps.fitToHeight)
    if ws.row_breaks.brk:
        fail(name, "manual page breaks %r on a sheet fitted to one page" % ws.row_breaks.brk)
    want_titles = "$%d:$%d" % (h, h + 1)
    if s(ws.print_title_rows) != want_titles:
        fail(name, "print_title_rows %r, want %r" % (ws.print_title_rows, want_titles))
    if not ws.print_area:
        fail(name, "no print area")
    if "&P" not in s(ws.oddFooter.center.text):
        fail(name, "footer without page number: %r" % ws.oddFooter.center.text)
    if ws.freeze_panes not in (None, "A1"):
        fail(name, "frozen panes %r" % ws.freeze_panes)

# the values on the Kepala Dinas sheet
kadis = next(p for p in tpl["positions"] if p["code"] == "kadis")["sheet"]
if kadis in wb.sheetnames and "pmks_pulih" in table_rows.get(kadis, {}):
    ws, rows = wb[kadis], table_rows[kadis]
    v = ws.cell(rows["pmks_pulih"], 6)
    if not isinstance(v.value, (int, float)):
        fail(kadis, "Realisasi of pmks_pulih is not a number: %r" % v.value)
    elif abs(v.value - EXPECT_PMKS) > 1e-9:
        fail(kadis, "Realisasi of pmks_pulih is %r, want %r" % (v.value, EXPECT_PMKS))
    if v.number_format != '0.00" %"':
        fail(kadis, "Realisasi of pmks_pulih has number format %r" % v.number_format)
    v = ws.cell(rows["idg"], 6).value
    if not isinstance(v, (int, float)) or not 0 < v <= 100:
        fail(kadis, "Realisasi of idg is %r, want an index number" % v)
    v = ws.cell(rows["kla"], 6).value
    if v != "Madya":
        fail(kadis, "Realisasi of kla is %r, want 'Madya'" % v)
else:
    fail(kadis, "no pmks_pulih row")

# with a target and a signer
wb2 = openpyxl.load_workbook(target_path)
if kadis in wb2.sheetnames and kadis in table_rows:
    ws, r = wb2[kadis], table_rows[kadis]["pmks_pulih"]
    if s(ws.cell(r, 5).value) != "80 %":
        fail(kadis + " (target)", "Target is %r, want '80 %%'" % ws.cell(r, 5).value)
    cap = ws.cell(r, 7).value
    want = EXPECT_PMKS / 80 * 100
    if not isinstance(cap, (int, float)) or abs(cap - want) > 1e-9:
        fail(kadis + " (target)", "Capaian is %r, want %r" % (cap, want))
    bands = sorted(tpl["office"]["bands"], key=lambda b: -b["min"])
    band = next(b["label"] for b in bands if want >= b["min"])
    if ws.cell(r, 8).value != band:
        fail(kadis + " (target)", "Predikat is %r, want %r" % (ws.cell(r, 8).value, band))
    # the national rule: 80 <= capaian <= 99 is Cukup, nilai interpolated
    if not 80 <= want <= 99:
        fail(kadis + " (target)", "the test expects a capaian in Cukup, not %r" % want)
    nilai = 70 + (89 - 70) / (99 - 80) * (want - 80)
    if ws.cell(r, 9).value != "Cukup":
        fail(kadis + " (target)", "Kategori is %r, want 'Cukup'" % ws.cell(r, 9).value)
    v = ws.cell(r, 10).value
    if not isinstance(v, (int, float)) or abs(v - nilai) > 1e-9:
        fail(kadis + " (target)", "Nilai Capaian IKI is %r, want %r" % (v, nilai))
    texts = {s(ws.cell(rr, SIG).value): ws.cell(rr, SIG) for rr in range(r, ws.max_row + 1)}
    c = texts.get("Drs. Contoh Penanda Tangan, M.Si")
    if c is None or not c.font.b or c.font.u != "single":
        fail(kadis + " (target)", "the signer's name is missing or not bold underlined")
    if "NIP. 19700101 199503 1 001" not in texts:
        fail(kadis + " (target)", "no 'NIP. 19700101 199503 1 001'")
    if "Sampang, 31 Desember 2025" not in texts:
        fail(kadis + " (target)", "no 'Sampang, 31 Desember 2025' (%r)" % sorted(texts))
else:
    fail(kadis + " (target)", "no sheet")

# built mid-year, from the PMKS form only
wb3 = openpyxl.load_workbook(midyear_path)
if kadis in wb3.sheetnames and kadis in table_rows:
    ws, rows = wb3[kadis], table_rows[kadis]
    texts = [s(ws.cell(rr, SIG).value) for rr in range(rows["kla"] + 1, ws.max_row + 1)]
    if "Sampang, 1 Juli 2025" not in texts:
        fail(kadis + " (mid-year)", "no 'Sampang, 1 Juli 2025' (%r)" % texts)
    if not any(t.startswith("....") for t in texts):
        fail(kadis + " (mid-year)", "no dotted line for the signer's name (%r)" % texts)
    c = ws.cell(rows["kla"], 6)
    if c.value != "data tidak tersedia" or not c.font.i:
        fail(kadis + " (mid-year)", "KLA without data: Realisasi %r (italic %r)" % (c.value, c.font.i))
    v = ws.cell(rows["pmks_pulih"], 6).value
    if not isinstance(v, (int, float)) or abs(v - EXPECT_PMKS) > 1e-9:
        fail(kadis + " (mid-year)", "Realisasi of pmks_pulih is %r" % v)
else:
    fail(kadis + " (mid-year)", "no sheet")

if fails:
    print("FAIL: %d problem(s) in the position sheets:" % len(fails))
    for f in fails[:40]:
        print("  " + f)
    sys.exit(1)
print("ok: %d position sheets checked" % len(tpl["positions"]))
EOF
