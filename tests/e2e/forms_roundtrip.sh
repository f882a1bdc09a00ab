#!/bin/bash
# `iki forms` round trip (issue 5, section 2), on the built-in template:
#   1. the command line: -o is required (exit 2), a bad template exits 2, an
#      unwritable folder exits 3 and leaves no file behind, -o creates the
#      folder, and SOURCE_DATE_EPOCH gives byte-identical forms;
#   2. every blank form, read back with openpyxl: one form per source named
#      formulir-CODE.xlsx; the form sheet then "Petunjuk"; the title row (the
#      source's title in capitals) and "TAHUN 2025"; in row 5 EXACTLY the
#      headers the template recognises; the 14 kecamatan numbered 1..14 and
#      a JUMLAH row of =SUM formulas (areas), the item rows (items), 50
#      numbered rows (lists); the sheet protected without password; header
#      and label cells locked, input cells unlocked; data validation: whole
#      numbers >= 0 on every numeric column of an areas form, a "Ya,Tidak"
#      list on the yes/no columns of a list form, decimals >= 0 on the
#      numeric cells of items forms; no "Dibuat dengan" mark (a filled-in
#      form is an input, not an earlier output);
#   3. openpyxl fills every form like a user would (numbers per kecamatan,
#      per item, records with Ya/Tidak; the JUMLAH row holding the sums, as
#      Excel would have recalculated it), saved into an inbox with period
#      names (pmks twice: "pmks-tw1-2025.xlsx" and a file whose period is
#      only in its Periode cell, "Triwulan II 2025"); then `iki check INBOX`
#      exits 0, says every file's form sheet is "recognised as CODE" and
#      lists NO warning or error; `iki check --tsv` gives all 19 indicators a
#      value, and pembilang / penyebut / realisasi of 17 of them equal what
#      the script filled in (worked out here: pmks_pulih adds ditangani of
#      both quarters over jumlah of the latest, a stock; tmp_dikelola and
#      pprg count Ya; organisasi_perempuan_dibina, puha_dibina,
#      penunjang_urusan read item rows; idg from the three indices; kla
#      688.4 and Madya).
# FORMS_TEST_BREAK=1 writes one pmks value (and its JUMLAH) 7 higher than
# the script expects: the test must then fail (it did, when written).
# The read-only folder is written by an unprivileged user (as root through
# setpriv, see lib/common.sh).
# Env: IKI (the CLI).  Needs /usr/bin/python3 with openpyxl (else skipped:
# exit 77).
set -u
. "$(dirname "$0")/lib/common.sh"
: "${IKI:?IKI must name the iki binary}"
PY=/usr/bin/python3
if ! [ -x "$PY" ] || ! "$PY" -c 'import openpyxl' 2>/dev/null; then
    skip "/usr/bin/python3 with openpyxl is needed"
fi
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
export LC_ALL=C LANG=C LANGUAGE=
fail=0 pass=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# ---- 1. command line ------------------------------------------------------
"$IKI" forms >"$tmp/o" 2>"$tmp/e"; rc=$?
[ "$rc" = 2 ] && ok || bad "iki forms without -o exited $rc, not 2"
"$IKI" forms -t "$tmp/none.yaml" -o "$tmp/x" >"$tmp/o" 2>"$tmp/e"; rc=$?
[ "$rc" = 2 ] && ok || bad "iki forms -t MISSING exited $rc, not 2"
"$IKI" forms --year 20x5 -o "$tmp/x" >"$tmp/o" 2>"$tmp/e"; rc=$?
[ "$rc" = 2 ] && ok || bad "iki forms --year 20x5 exited $rc, not 2"
"$IKI" forms --help >"$tmp/o" 2>&1; rc=$?
{ [ "$rc" = 0 ] && grep -q 'iki forms -o' "$tmp/o"; } && ok || bad "iki forms --help (exit $rc) has no example"
# a read-only folder, for an unprivileged user (root writes anywhere)
unpriv_init "$tmp"
mkdir "$UNPRIV_DIR/ro" && unpriv_own "$UNPRIV_DIR/ro"
chmod 0555 "$UNPRIV_DIR/ro"
"$IKI_U" forms -o "$UNPRIV_DIR/ro/sub" >"$tmp/o" 2>"$tmp/e"; rc=$?
[ "$rc" = 3 ] && ok || bad "iki forms into a read-only folder exited $rc, not 3: $(head -c 300 "$tmp/e")"
grep -qF "$UNPRIV_DIR/ro/sub" "$tmp/e" && ok || bad "iki forms into a read-only folder: the message does not name it: $(head -c 300 "$tmp/e")"
[ -z "$(ls -A "$UNPRIV_DIR/ro")" ] && ok || bad "iki forms into a read-only folder left files: $(ls -A "$UNPRIV_DIR/ro")"
chmod 0755 "$UNPRIV_DIR/ro"
"$IKI_U" forms -o "$UNPRIV_DIR/ro/sub" >"$tmp/o" 2>"$tmp/e"; rc=$?
[ "$rc" = 0 ] && ok || bad "iki forms into the same folder made writable exited $rc, not 0: $(head -c 300 "$tmp/e")"
unpriv_done
: >"$tmp/afile"
"$IKI" forms -o "$tmp/afile" >"$tmp/o" 2>"$tmp/e"; rc=$?
[ "$rc" = 3 ] && ok || bad "iki forms -o A_FILE exited $rc, not 3"

SOURCE_DATE_EPOCH=1767139200 "$IKI" forms --year 2025 -o "$tmp/forms/new" >"$tmp/forms.out" 2>"$tmp/forms.err"
rc=$?
[ "$rc" = 0 ] && ok || { bad "iki forms -o DIR exited $rc"; cat "$tmp/forms.err"; exit 1; }
SOURCE_DATE_EPOCH=1767139200 "$IKI" forms --year 2025 -o "$tmp/forms2" >/dev/null 2>&1
if diff -r "$tmp/forms/new" "$tmp/forms2" >/dev/null; then ok; else bad "SOURCE_DATE_EPOCH: forms differ between two runs"; fi
leftover=$(find "$tmp/forms" -name '.*' -type f | wc -l)
[ "$leftover" = 0 ] && ok || bad "temporary files left behind"

# ---- 2 and 3. read back, fill --------------------------------------------
mkdir "$tmp/inbox"
"$PY" - "$tmp/forms/new" "$tmp/inbox" "$tmp/expected.tsv" <<'EOF' || fail=$((fail + 1))
import os, sys, zipfile
import openpyxl

forms, inbox, expected_path = sys.argv[1:4]
BREAK = os.environ.get("FORMS_TEST_BREAK") == "1"
fails = []
def bad(msg):
    fails.append(msg)

AREAS = ["Sreseh", "Torjun", "Pangarengan", "Sampang", "Camplong", "Omben",
         "Kedungdung", "Jrengik", "Tambelangan", "Banyuates", "Robatal",
         "Karang Penang", "Ketapang", "Sokobanah"]
# code: (layout, title, headers after "No")
FORMS = {
    "pmks": ("areas", "Rekapitulasi PMKS per Kecamatan",
             ["Kecamatan", "Jumlah PMKS", "PMKS Ditangani",
              "PMKS Menerima Rehabilitasi Sosial", "PMKS Menerima Jaminan Sosial"]),
    "rehsos": ("areas", "Rehabilitasi Sosial di Luar Panti per Kecamatan",
               ["Kecamatan", "Penyandang Disabilitas Terlantar",
                "Penyandang Disabilitas Terlantar Direhabilitasi", "Anak Terlantar",
                "Anak Terlantar Direhabilitasi", "Lanjut Usia Terlantar",
                "Lanjut Usia Terlantar Direhabilitasi", "Gelandangan dan Pengemis",
                "Gelandangan dan Pengemis Direhabilitasi"]),
    "dayasos": ("areas", "Pembinaan Fakir Miskin per Kecamatan",
                ["Kecamatan", "Fakir Miskin", "Fakir Miskin Dibina"]),
    "tmp": ("list", "Daftar Taman Makam Pahlawan", ["Nama TMP", "Dipelihara"]),
    "bencana": ("areas", "Korban Bencana per Kecamatan",
                ["Kecamatan", "Jumlah Korban Bencana", "Korban Bencana Diberi Bantuan",
                 "KK Korban Bencana", "KK Korban Bencana Menerima Perlindungan"]),
    "ppa": ("areas", "Perlindungan Perempuan dan Anak per Kecamatan",
            ["Kecamatan", "Korban Kekerasan Perempuan dan Anak",
             "Korban Kekerasan Tertangani", "Kasus Anak Memerlukan Perlindungan Khusus",
             "Kasus Anak Tertangani"]),
    "kelembagaan": ("items", "Pembinaan Organisasi Perempuan dan Kelembagaan PUHA",
                    ["Uraian", "Jumlah", "Dibina"]),
    "pprg": ("list", "Perangkat Daerah yang Melaksanakan PPRG",
             ["Perangkat Daerah", "Melaksanakan PPRG"]),
    "idg": ("items", "Komponen Indeks Pemberdayaan Gender", ["Komponen", "Nilai"]),
    "kla": ("items", "Hasil Evaluasi Kabupaten Layak Anak", ["Uraian", "Nilai"]),
    "sekretariat": ("items", "Pelayanan Administrasi dan Operasional Perkantoran",
                    ["Uraian", "Jumlah", "Difasilitasi"]),
}
ITEMS = {
    "kelembagaan": {"Organisasi Perempuan": {"Jumlah": 47, "Dibina": 38},
                    "Kelembagaan PUHA": {"Jumlah": 29, "Dibina": 21}},
    "idg": {"Indeks Keterwakilan di Parlemen": {"Nilai": 0.2476},
            "Indeks Pengambilan Keputusan": {"Nilai": 0.9777},
            "Indeks Distribusi Pendapatan": {"Nilai": 0.44},
            "Proporsi Penduduk Perempuan": {},
            "Persentase Perempuan di Parlemen": {},
            "Persentase Perempuan Tenaga Profesional": {}},
    "kla": {"Nilai Evaluasi KLA": {"Nilai": 688.4}, "Predikat KLA": {"Nilai": "Madya"}},
    "sekretariat": {"Pelayanan Administrasi dan Operasional Perkantoran":
                    {"Jumlah": 48, "Difasilitasi": 45}},
}
LISTS = {
    "tmp": [("TMP Kusuma Bangsa", "Ya"), ("TMP Sampang", "Ya"), ("TMP Torjun", "Tidak"),
            ("TMP Omben", "Ya"), ("TMP Ketapang", "Tidak"), ("TMP Banyuates", "Ya")],
    "pprg": [(pd, "Ya" if i % 4 else "Tidak") for i, pd in enumerate([
        "Dinas Kesehatan", "Dinas Pendidikan", "Bappelitbangda", "Dinas Sosial PPPA",
        "Dinas Pertanian", "DPMD", "Dinas PUPR", "Dinas Perhubungan", "BPKPD",
        "Dinas Koperasi", "Satpol PP", "Dinas Kominfo"])],
}
HR = 5  # header row, 1-based

def cell_in(ref, row, col):
    for rng in str(ref).split():
        a, _, b = rng.partition(":")
        b = b or a
        (c1, r1), (c2, r2) = (openpyxl.utils.cell.coordinate_from_string(x) for x in (a, b))
        c1 = openpyxl.utils.column_index_from_string(c1)
        c2 = openpyxl.utils.column_index_from_string(c2)
        if r1 <= row <= r2 and c1 <= col <= c2:
            return True
    return False

def validation(ws, row, col):
    for dv in ws.data_validations.dataValidation:
        if cell_in(dv.sqref, row, col):
            return dv
    return None

# ---- 2. the blank forms ----------------------------------------------------
names = sorted(f for f in os.listdir(forms))
want = sorted(["formulir-%s.xlsx" % c for c in FORMS] + ["formulir-target.xlsx"])
if names != want:
    bad("forms written: %s, expected %s" % (names, want))
books = {}
for code, (layout, title, heads) in FORMS.items():
    path = os.path.join(forms, "formulir-%s.xlsx" % code)
    if not os.path.exists(path):
        continue
    with zipfile.ZipFile(path) as z:
        for n in z.namelist():
            if n.startswith("docProps/") and b"Dibuat dengan" in z.read(n):
                bad("%s carries the mark of iki's outputs (%s)" % (code, n))
    wb = openpyxl.load_workbook(path)
    books[code] = wb
    if len(wb.sheetnames) != 2 or wb.sheetnames[1] != "Petunjuk":
        bad("%s: sheets %s, expected the form then Petunjuk" % (code, wb.sheetnames))
        continue
    ws = wb.worksheets[0]
    notes = " ".join(str(c.value) for row in wb["Petunjuk"].iter_rows() for c in row if c.value)
    for word in ("Periode", "JUMLAH" if layout == "areas" else "angka", "inbox",
                 "%s-tw1-2025.xlsx" % code) + (("NIK", "satu catatan") if layout == "list" else ()):
        if word not in notes:
            bad("%s: Petunjuk does not mention %r" % (code, word))
    if ws["A1"].value != title.upper():
        bad("%s: title %r, expected %r" % (code, ws["A1"].value, title.upper()))
    if "TAHUN 2025" not in str(ws["A2"].value) or "KABUPATEN SAMPANG" not in str(ws["A2"].value):
        bad("%s: second title row %r" % (code, ws["A2"].value))
    got = [c.value for c in ws[HR] if c.value is not None]
    if got != ["No"] + heads:
        bad("%s: headers %s, expected %s" % (code, got, ["No"] + heads))
    if not ws.protection.sheet or ws.protection.password:
        bad("%s: sheet not protected, or with a password" % code)
    if ws.protection.formatColumns is not False or ws.protection.formatRows is not False:
        bad("%s: formatting columns and rows is not allowed" % code)
    for c in range(1, len(heads) + 2):
        if not ws.cell(HR, c).protection.locked:
            bad("%s: header cell %s is not locked" % (code, ws.cell(HR, c).coordinate))
    if ws.freeze_panes is None or openpyxl.utils.cell.coordinate_from_string(ws.freeze_panes)[1] != HR + 1:
        bad("%s: panes not frozen under the header (%s)" % (code, ws.freeze_panes))
    if ws.page_setup.paperSize not in (9, "9"):
        bad("%s: paper %s, not A4" % (code, ws.page_setup.paperSize))
    if layout == "areas":
        for i, a in enumerate(AREAS):
            r = HR + 1 + i
            if ws.cell(r, 1).value != i + 1 or ws.cell(r, 2).value != a:
                bad("%s: row %d is %r %r, expected %d %s" % (code, r, ws.cell(r, 1).value, ws.cell(r, 2).value, i + 1, a))
            if not ws.cell(r, 2).protection.locked:
                bad("%s: kecamatan cell B%d is not locked" % (code, r))
        tr = HR + 1 + len(AREAS)
        if ws.cell(tr, 2).value != "JUMLAH":
            bad("%s: no JUMLAH row at row %d" % (code, tr))
        for c in range(3, len(heads) + 2):
            col = openpyxl.utils.get_column_letter(c)
            f = "=SUM(%s%d:%s%d)" % (col, HR + 1, col, tr - 1)
            if ws.cell(tr, c).value != f:
                bad("%s: JUMLAH %s%d is %r, expected %s" % (code, col, tr, ws.cell(tr, c).value, f))
            for r in (HR + 1, tr - 1):
                if ws.cell(r, c).protection.locked:
                    bad("%s: input cell %s%d is locked" % (code, col, r))
                dv = validation(ws, r, c)
                if not dv or dv.type != "whole" or dv.operator != "greaterThanOrEqual" or str(dv.formula1) != "0":
                    bad("%s: %s%d has no whole-number >= 0 validation" % (code, col, r))
    elif layout == "list":
        for r in (HR + 1, HR + 50):
            if ws.cell(r, 1).value != r - HR:
                bad("%s: row %d is not numbered %d" % (code, r, r - HR))
            for c in range(2, len(heads) + 2):
                if ws.cell(r, c).protection.locked:
                    bad("%s: input cell %s is locked" % (code, ws.cell(r, c).coordinate))
            dv = validation(ws, r, len(heads) + 1)
            if not dv or dv.type != "list" or dv.formula1 != '"Ya,Tidak"':
                bad("%s: %s has no Ya/Tidak list" % (code, ws.cell(r, len(heads) + 1).coordinate))
        if ws.cell(HR + 51, 1).value is not None:
            bad("%s: more than 50 numbered rows" % code)
        if ws.protection.insertRows is not False:
            bad("%s: inserting rows is not allowed" % code)
    else:
        labels = [ws.cell(HR + 1 + i, 2).value for i in range(len(ITEMS[code]))]
        if labels != list(ITEMS[code]):
            bad("%s: item rows %s, expected %s" % (code, labels, list(ITEMS[code])))
        for i, (label, vals) in enumerate(ITEMS[code].items()):
            r = HR + 1 + i
            for c in range(3, len(heads) + 2):
                v = vals.get(heads[c - 2])
                if ws.cell(r, c).protection.locked:
                    bad("%s: input cell %s is locked" % (code, ws.cell(r, c).coordinate))
                dv = validation(ws, r, c)
                if isinstance(v, (int, float)) and (not dv or dv.type != "decimal"):
                    bad("%s: %s has no decimal validation" % (code, ws.cell(r, c).coordinate))

# ---- 3. fill in, as a user would ------------------------------------------
def header_cols(ws):
    return {c.value: c.column for c in ws[HR] if c.value is not None}

sums = {}   # (code, variant, header) -> sum over the kecamatan
def fill_areas(code, variant, out, period_cell=None):
    wb = openpyxl.load_workbook(os.path.join(forms, "formulir-%s.xlsx" % code))
    ws = wb.worksheets[0]
    heads = FORMS[code][2][1:]
    cols = header_cols(ws)
    nf = len(heads)
    tr = HR + 1 + len(AREAS)
    for j, h in enumerate(heads):
        total = 0
        for i in range(len(AREAS)):
            # the first column (a population) is the largest; later pairs
            # (all, handled) keep handled below all
            v = 1000 + (7 * i + variant) % 23 if j == 0 else 100 * (nf - j) + (7 * i + 3 * j + 5 * variant) % 23
            total += v
            if BREAK and code == "pmks" and variant == 0 and j == 1 and i == 0:
                v += 7
            ws.cell(HR + 1 + i, cols[h]).value = v
        sums[(code, variant, h)] = total
        # what Excel shows after recalculating =SUM (openpyxl does not)
        ws.cell(tr, cols[h]).value = total + (7 if BREAK and code == "pmks" and variant == 0 and j == 1 else 0)
    if period_cell:
        for row in ws.iter_rows(min_row=3, max_row=3):
            for c in row:
                if c.value is None and c.protection.locked is False:
                    c.value = period_cell
                    break
            else:
                bad("%s: no unlocked Periode cell in row 3" % code)
    wb.save(os.path.join(inbox, out))

fill_areas("pmks", 0, "pmks-tw1-2025.xlsx")
fill_areas("pmks", 1, "pmks-2025-kedua.xlsx", period_cell="Triwulan II 2025")
for code in ("rehsos", "dayasos", "bencana", "ppa"):
    fill_areas(code, 0, "%s-tw4-2025.xlsx" % code)

for code, records in LISTS.items():
    wb = openpyxl.load_workbook(os.path.join(forms, "formulir-%s.xlsx" % code))
    ws = wb.worksheets[0]
    for i, (name, yes) in enumerate(records):
        ws.cell(HR + 1 + i, 2).value = name
        ws.cell(HR + 1 + i, 3).value = yes
    wb.save(os.path.join(inbox, "%s-2025.xlsx" % code))

for code, rows in ITEMS.items():
    wb = openpyxl.load_workbook(os.path.join(forms, "formulir-%s.xlsx" % code))
    ws = wb.worksheets[0]
    cols = header_cols(ws)
    for i, (label, vals) in enumerate(rows.items()):
        for h, v in vals.items():
            ws.cell(HR + 1 + i, cols[h]).value = v
    wb.save(os.path.join(inbox, "%s-2025.xlsx" % code))

# ---- what iki must find ---------------------------------------------------
def S(code, h, variant=0):
    return sums[(code, variant, h)]
def count_yes(code):
    return sum(1 for _, y in LISTS[code] if y == "Ya"), len(LISTS[code])
exp = {
    # ditangani flows: both quarters; jumlah a stock: the latest (TW II)
    "pmks_pulih": (S("pmks", "PMKS Ditangani") + S("pmks", "PMKS Ditangani", 1), S("pmks", "Jumlah PMKS", 1)),
    "pmks_rehsos": (S("pmks", "PMKS Menerima Rehabilitasi Sosial") + S("pmks", "PMKS Menerima Rehabilitasi Sosial", 1), S("pmks", "Jumlah PMKS", 1)),
    "pmks_linjamsos": (S("pmks", "PMKS Menerima Jaminan Sosial") + S("pmks", "PMKS Menerima Jaminan Sosial", 1), S("pmks", "Jumlah PMKS", 1)),
    "disabilitas_luar_panti": (S("rehsos", "Penyandang Disabilitas Terlantar Direhabilitasi"), S("rehsos", "Penyandang Disabilitas Terlantar")),
    "anak_terlantar_luar_panti": (S("rehsos", "Anak Terlantar Direhabilitasi"), S("rehsos", "Anak Terlantar")),
    "lansia_terlantar_luar_panti": (S("rehsos", "Lanjut Usia Terlantar Direhabilitasi"), S("rehsos", "Lanjut Usia Terlantar")),
    "gepeng_luar_panti": (S("rehsos", "Gelandangan dan Pengemis Direhabilitasi"), S("rehsos", "Gelandangan dan Pengemis")),
    "fakir_miskin_dibina": (S("dayasos", "Fakir Miskin Dibina"), S("dayasos", "Fakir Miskin")),
    "korban_bencana_dibantu": (S("bencana", "Korban Bencana Diberi Bantuan"), S("bencana", "Jumlah Korban Bencana")),
    "korban_bencana_dilindungi": (S("bencana", "KK Korban Bencana Menerima Perlindungan"), S("bencana", "KK Korban Bencana")),
    "kekerasan_tertangani": (S("ppa", "Korban Kekerasan Tertangani"), S("ppa", "Korban Kekerasan Perempuan dan Anak")),
    "anak_pk_tertangani": (S("ppa", "Kasus Anak Tertangani"), S("ppa", "Kasus Anak Memerlukan Perlindungan Khusus")),
    "tmp_dikelola": count_yes("tmp"),
    "pprg": count_yes("pprg"),
    "organisasi_perempuan_dibina": (38, 47),
    "puha_dibina": (21, 29),
    "penunjang_urusan": (45, 48),
}
with open(expected_path, "w") as f:
    for code, (n, d) in exp.items():
        f.write("%s\t%r\t%r\t%r\n" % (code, float(n), float(d), 100.0 * n / d))
    f.write("idg\t\t\t%r\n" % (100.0 * (0.2476 + 0.9777 + 0.44) / 3))
    f.write("kla\t688.4\t\tMadya\n")
for m in fails:
    print("FAIL:", m)
print("forms checked and filled: %d problems" % len(fails))
sys.exit(1 if fails else 0)
EOF

ls "$tmp/inbox" >"$tmp/inbox.list"
"$IKI" check "$tmp/inbox" >"$tmp/check.out" 2>"$tmp/check.err"; rc=$?
[ "$rc" = 0 ] && ok || bad "iki check INBOX exited $rc, not 0"
"$IKI" check --tsv "$tmp/inbox" >"$tmp/check.tsv" 2>"$tmp/check.tsv.err"; rc_tsv=$?
[ "$rc_tsv" = 0 ] && ok || bad "iki check --tsv INBOX exited $rc_tsv, not 0"

"$PY" - "$tmp/inbox.list" "$tmp/check.out" "$tmp/check.tsv" "$tmp/expected.tsv" <<'EOF' || fail=$((fail + 1))
import re, sys
files = open(sys.argv[1]).read().split()
out = open(sys.argv[2]).read().splitlines()
tsv = [l.split("\t") for l in open(sys.argv[3]).read().splitlines()]
exp = [l.split("\t") for l in open(sys.argv[4]).read().splitlines()]
fails = []
if len(files) != 12:
    fails.append("inbox holds %d files, expected 12" % len(files))
# 1. every file's form sheet recognised as its code
for f in files:
    code = f.split("-")[0]
    idx = [i for i, l in enumerate(out) if l.strip().startswith("/") and l.split()[0].endswith("/" + f)]
    if not idx:
        fails.append("%s not listed by iki check" % f)
        continue
    block = []
    for l in out[idx[0] + 1:]:
        if not l.startswith("    "):
            break
        block.append(l)
    rec = [l for l in block if "recognised as " in l and "not recognised" not in l]
    if len(rec) != 1 or not re.search(r"recognised as %s \(" % re.escape(code), rec[0]):
        fails.append("%s: expected one sheet recognised as %s, got %s" % (f, code, block))
# 2. no warning or error
diag = False
for l in out:
    if l.startswith("Diagnostics"):
        diag = True
        continue
    if diag and not l.startswith("  "):
        break
    if diag and re.search(r": (warning|error): ", l):
        fails.append("diagnostic: " + l.strip())
# 3. values
rows = {r[0]: r for r in tsv[1:] if r and r[0]}
if len(rows) != 19:
    fails.append("iki check --tsv gives %d indicators, expected 19" % len(rows))
for code, r in rows.items():
    if len(r) < 9 or not r[3] or r[8] not in ("tanpa target",):
        fails.append("%s has no value: %s" % (code, r))
def close(a, b):
    try:
        x, y = float(a), float(b)
    except ValueError:
        return a == b
    return abs(x - y) <= 1e-9 * max(1.0, abs(x), abs(y))
checked = 0
for e in exp:
    r = rows.get(e[0])
    if not r:
        fails.append("%s missing from iki check --tsv" % e[0])
        continue
    for k, name in ((1, "pembilang"), (2, "penyebut"), (3, "realisasi")):
        if e[k] == "" and r[k] == "":
            continue
        if not close(r[k], e[k]):
            fails.append("%s %s: iki says %r, the forms hold %r" % (e[0], name, r[k], e[k]))
    checked += 1
for m in fails:
    print("FAIL:", m)
print("check: %d indicators compared, %d problems" % (checked, len(fails)))
sys.exit(1 if fails else 0)
EOF
rc=$?
if [ "$rc" != 0 ] || [ "$fail" != 0 ]; then
    echo "--- iki check:"; sed -n '1,80p' "$tmp/check.out"
fi
echo "forms_roundtrip: $pass passed, $fail failed"
[ "$fail" = 0 ]
