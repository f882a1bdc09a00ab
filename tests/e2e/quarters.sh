#!/bin/bash
# The quarterly cycle (issue 13): each indicator as at the end of TW I..IV
# from a folder of monthly files (fixtures/quarters), checked against the
# test's own arithmetic on the same files (openpyxl): flows added from
# January to the quarter's end, stocks the latest month up to it; a
# quarter no input reaches is empty, never 0.  --until at a quarter (three
# spellings, and the month) gives the workbook a folder holding only the
# files up to that quarter gives (every sheet but Sumber and Catatan, and
# Ringkasan's count of skipped files), and
# Sumber names the later files as skipped with the reason.
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
Q=$FIXTURES/quarters
export SOURCE_DATE_EPOCH=1765756800

# ---- 1. quarterly realisasi against a hand computation
"$IKI" check --tsv "$Q" >"$tmp/q.tsv" 2>"$tmp/q.err"
check "check --tsv on the monthly folder exits 1 (other forms missing)" test $? -eq 1
check "quarterly realisasi equal the hand computation" "$PY" - "$Q" "$tmp/q.tsv" <<'PY'
import glob, os, re, sys
import openpyxl
folder, tsv = sys.argv[1:]
months = {}
for path in sorted(glob.glob(os.path.join(folder, "pmks-2025-*.xlsx"))):
    m = int(re.search(r"-(\d\d)\.xlsx$", path).group(1))
    ws = openpyxl.load_workbook(path).active
    rows = list(ws.iter_rows(values_only=True))
    hdr = rows[4]
    col = {h: i for i, h in enumerate(hdr)}
    tot = {h: sum(r[col[h]] for r in rows[5:] if r[1]) for h in hdr[2:]}
    months[m] = tot
ends = {1: 3, 2: 6, 3: 9, 4: 12}
def quarter(q, num):
    upto = [m for m in months if m <= ends[q]]
    inq = [m for m in upto if m > ends[q] - 3]
    if not inq:
        return ""
    n = sum(months[m][num] for m in upto)            # flow: added
    d = months[max(upto)]["Jumlah PMKS"]             # stock: the latest
    return n / d * 100
ind = {"pmks_pulih": "PMKS Ditangani", "pmks_rehsos": "PMKS Menerima Rehabilitasi Sosial",
       "pmks_linjamsos": "PMKS Menerima Jaminan Sosial"}
lines = [l.split("\t") for l in open(tsv).read().splitlines()]
head = lines[0]
got = {l[0]: dict(zip(head, l)) for l in lines[1:]}
bad = 0
for code, num in ind.items():
    for q in range(1, 5):
        want, have = quarter(q, num), got[code]["realisasi_tw%d" % q]
        ok = have == "" if want == "" else (have != "" and abs(float(have) - want) < 1e-9)
        if not ok:
            print("%s TW%d: got %r, want %r" % (code, q, have, want))
            bad += 1
    # the year's value is the latest quarter's here (no later input)
    if abs(float(got[code]["realisasi"]) - quarter(3, num)) > 1e-9:
        print("%s: annual %r" % (code, got[code]["realisasi"]))
        bad += 1
# an indicator no input reaches at all stays empty in every quarter
for q in range(1, 5):
    if got["idg"]["realisasi_tw%d" % q] != "":
        print("idg TW%d not empty" % q)
        bad += 1
sys.exit(1 if bad else 0)
PY

# ---- 2. --until equals a folder that holds only the files up to then
mkdir -p "$tmp/h1"
cp -p "$Q"/pmks-2025-0[1-5].xlsx "$tmp/h1/"
"$IKI" build -q -o "$tmp/h1.xlsx" "$tmp/h1" >/dev/null 2>&1
check "build on the first half exits 1" test $? -eq 1
for u in TW2 2025-TW2 "TW II" 2025-06; do
  "$IKI" build -q --until "$u" -o "$tmp/u.xlsx" "$Q" >/dev/null 2>"$tmp/u.err"
  check "build --until '$u' exits 1 like the half-year folder" test $? -eq 1
  check "build --until '$u' equals the half-year folder's workbook" "$PY" - "$tmp/u.xlsx" "$tmp/h1.xlsx" <<'PY'
import sys
import openpyxl
a, b = (openpyxl.load_workbook(p) for p in sys.argv[1:])
bad = 0
if a.sheetnames != b.sheetnames:
    print("sheets", a.sheetnames, b.sheetnames)
    sys.exit(1)
for name in a.sheetnames:
    if name in ("Sumber", "Catatan"):
        continue
    # the count of skipped files differs by the files left out: by
    # design (Sumber lists them); every other cell is the same
    va = [list(r) for r in a[name].iter_rows(values_only=True) if r[0] != "Berkas dilewati"]
    vb = [list(r) for r in b[name].iter_rows(values_only=True) if r[0] != "Berkas dilewati"]
    if va != vb:
        for i, (x, y) in enumerate(zip(va, vb)):
            if x != y:
                print(name, "row", i + 1, x, y)
                break
        else:
            print(name, "rows", len(va), len(vb))
        bad += 1
# Sumber names the later months as skipped, with the reason
text = "\n".join(" ".join(str(v) for v in r if v is not None)
                 for r in a["Sumber"].iter_rows(values_only=True))
for m in ("07", "08"):
    line = [l for l in text.splitlines() if "pmks-2025-%s.xlsx" % m in l]
    if not line or "setelah batas" not in " ".join(line):
        print("Sumber on month", m, line)
        bad += 1
sys.exit(1 if bad else 0)
PY
done
"$IKI" check --tsv --until TW2 "$Q" >"$tmp/u.tsv" 2>/dev/null
check "check --until TW2: TW III and TW IV are empty, TW II is the year's value" "$PY" - "$tmp/u.tsv" <<'PY'
import sys
lines = [l.split("\t") for l in open(sys.argv[1]).read().splitlines()]
head = lines[0]
r = dict(zip(head, [l for l in lines if l[0] == "pmks_pulih"][0]))
ok = r["realisasi_tw3"] == "" and r["realisasi_tw4"] == "" and r["realisasi_tw2"] == r["realisasi"]
if not ok:
    print(r)
sys.exit(0 if ok else 1)
PY

# ---- 3. usage errors
for bad in TW5 2025-13 2025 "TW" "2025-TW0"; do
  "$IKI" check --until "$bad" "$Q" >/dev/null 2>"$tmp/bad.err"
  check "--until '$bad' is a usage error (exit 2)" test $? -eq 2
  check "--until '$bad' names the value" grep -q -- "'$bad'" "$tmp/bad.err"
done
"$IKI" check --until 2024-TW2 --year 2025 "$Q" >/dev/null 2>"$tmp/bad.err"
check "--until and --year disagreeing is exit 2" test $? -eq 2

echo "quarters: $pass passed, $fail failed"
test "$fail" -eq 0
