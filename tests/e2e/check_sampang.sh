#!/bin/bash
# `iki check` on fixtures/sampang-2025 (one year of the office's workbooks in
# every standard form of the built-in template, see its make.sh):
#   1. `iki check --tsv DIR` exits 0 and prints the header line
#        kode pembilang penyebut realisasi satuan target capaian predikat status
#      then the 19 indicators in template order, whose kode, pembilang,
#      penyebut and realisasi equal fixtures/sampang-2025/expected.tsv
#      (worked out by the fixture generator, not by iki): numbers within a
#      relative tolerance of 1e-9, empty where expected is empty, text (the
#      KLA predicate) exactly; target, capaian and realisasi_tw1..4 equal
#      expected.tsv too (the folder's filled target form, target-2025.xlsx,
#      gives the targets; the generator works capaian out), predikat is the
#      band of the built-in template's `bands` (read from its YAML here)
#      that the expected capaian falls in, and status "ok";
#   2. plain `iki check DIR` exits 0 and names every workbook of the folder
#      with the form it was recognised as: the lines about the file (from a
#      line naming it to a line naming another file or an unindented
#      heading) hold its source code (pmks, rehsos, ..., the file name's
#      prefix) as a lower-case word, no "not recognised" / "tidak dikenali",
#      and where they say "recognised"/"form", no other source's code; the
#      target form is named as "the target form".
# Env: IKI (the CLI), FIXTURES (the repo's fixtures folder); EXPECTED may
# name another expected.tsv (used to check that this test can fail).
# Needs bash, coreutils and python3 (standard library only).
set -u
: "${IKI:?IKI must name the iki binary}" "${FIXTURES:?FIXTURES must name fixtures/}"
D=$FIXTURES/sampang-2025
EXPECTED=${EXPECTED:-$D/expected.tsv}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ -x "$IKI" ] || { echo "FAIL: IKI=$IKI is not an executable"; exit 1; }
[ -f "$EXPECTED" ] || { echo "FAIL: no $EXPECTED (run fixtures/sampang-2025/make.sh)"; exit 1; }

timeout 120 "$IKI" check --tsv "$D" >"$tmp/tsv" 2>"$tmp/tsv.err"
rc_tsv=$?
timeout 120 "$IKI" check "$D" >"$tmp/plain" 2>"$tmp/plain.err"
rc_plain=$?

# `iki check` missing (unknown command) or refusing to run (usage or
# template error): say so rather than compare nothing.
if [ "$rc_tsv" != 0 ] && [ ! -s "$tmp/tsv" ]; then
    echo "FAIL: \`iki check --tsv\` exited $rc_tsv with no output (not implemented yet, or a usage/template error):"
    head -3 "$tmp/tsv.err"
    exit 1
fi

"$PY" - "$EXPECTED" "$tmp/tsv" "$rc_tsv" "$tmp/plain" "$rc_plain" "$D" \
    "$tmp/tsv.err" "$tmp/plain.err" "$FIXTURES/../templates/dinsos-pppa-sampang.yaml" <<'EOF'
import math
import os
import re
import sys

exp_path, tsv_path, rc_tsv, plain_path, rc_plain, folder, tsv_err, plain_err, tpl = sys.argv[1:]
# the template's predicate bands ("- {min: 91, label: Sangat Baik}"), read
# as text (standard library only): highest first
BANDS = sorted(((float(m), l.strip()) for m, l in re.findall(
    r"-\s*\{min:\s*([0-9.]+),\s*label:\s*([^}]+)\}", open(tpl, encoding="utf-8").read())),
    reverse=True)


def band(capaian):
    return next((l for m, l in BANDS if capaian >= m), "")
HEADER = ["kode", "pembilang", "penyebut", "realisasi", "satuan", "target",
          "capaian", "predikat", "status", "realisasi_tw1", "realisasi_tw2",
          "realisasi_tw3", "realisasi_tw4"]
NUM = re.compile(r"^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$")
fails = []


def fail(msg):
    fails.append(msg)
    print("FAIL: " + msg)


def read(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def same_value(want, got):
    """want from expected.tsv: '' (no value), a number, or a text."""
    if want == "":
        return got == ""
    try:
        w = float(want)
    except ValueError:
        return got == want
    if not NUM.match(got):
        return False
    g = float(got)
    if not math.isfinite(g):
        return False
    return abs(g - w) <= 1e-9 * max(abs(w), abs(g)) or g == w


# ---- expected
expected = []
for line in read(exp_path).splitlines():
    if not line or line.startswith("#"):
        continue
    f = line.split("\t")
    if f[0] == "kode":
        continue
    expected.append((f + [""] * 18)[:18])
if len(expected) != 19:
    fail("expected.tsv holds %d indicators, not 19" % len(expected))

# ---- 1. iki check --tsv
if rc_tsv != "0":
    fail("iki check --tsv exited %s, not 0; stderr: %s"
         % (rc_tsv, read(tsv_err).strip()[:500]))
lines = read(tsv_path).split("\n")
if lines and lines[-1] == "":
    lines.pop()
if not lines or lines[0].split("\t") != HEADER:
    fail("first line is %r, not the header %r"
         % (lines[0] if lines else "", "\t".join(HEADER)))
rows = [l.split("\t") for l in lines[1:]]
if [r[0] for r in rows] != [e[0] for e in expected]:
    fail("indicator codes in order: got %s, want %s"
         % (" ".join(r[0] for r in rows), " ".join(e[0] for e in expected)))
got = {r[0]: r for r in rows}
for e in expected:
    r = got.get(e[0])
    if r is None:
        fail("%s: no line" % e[0])
        continue
    if len(r) != len(HEADER):
        fail("%s: %d fields, not %d: %r" % (e[0], len(r), len(HEADER), r))
        r = (r + [""] * len(HEADER))[:len(HEADER)]
    for i, name in ((1, "pembilang"), (2, "penyebut"), (3, "realisasi")):
        if not same_value(e[i], r[i]):
            fail("%s: %s is %r, want %r" % (e[0], name, r[i], e[i]))
    # expected: 4 target, 5 capaian, 6..9 realisasi_tw1..4
    for i, w, name in ((5, 4, "target"), (6, 5, "capaian"), (9, 6, "realisasi_tw1"),
                       (10, 7, "realisasi_tw2"), (11, 8, "realisasi_tw3"),
                       (12, 9, "realisasi_tw4")):
        if not same_value(e[w], r[i]):
            fail("%s: %s is %r, want %r" % (e[0], name, r[i], e[w]))
    want = band(float(e[5])) if e[5] else ""
    if r[7] != want:
        fail("%s: predikat is %r, want %r (capaian %s)" % (e[0], r[7], want, e[5]))
    if r[8] != "ok":
        fail("%s: status is %r, want 'ok'" % (e[0], r[8]))
if len(BANDS) != 5:
    fail("the template's bands: %r" % BANDS)

# ---- 2. iki check (plain): every workbook recognised as its form
if rc_plain != "0":
    fail("iki check exited %s, not 0; stderr: %s"
         % (rc_plain, read(plain_err).strip()[:500]))
files = sorted(n for n in os.listdir(folder)
               if not n.startswith(".") and
               n.lower().endswith((".xls", ".xlsx", ".ods", ".csv")))
if len(files) != 13:
    fail("%s holds %d workbooks, not 13" % (folder, len(files)))
out = read(plain_path).splitlines()
# A file's block: from a line naming it up to a line naming another file or
# an unindented line naming none (a heading such as "Indicators:").  Lines
# naming several files belong to the first one named.  File names and the
# folder are blanked out, then the block must hold the file's source code
# (lower case, as a word), and its lines that say what the file was
# recognised as ("recogni", "dikenali", "form") no other source's code.
codes = ["pmks", "rehsos", "dayasos", "tmp", "bencana", "ppa", "kelembagaan",
         "pprg", "idg", "kla", "sekretariat"]
blocks = {n: [] for n in files}
current = None
for line in out:
    named = sorted((line.find(n), n) for n in files if n in line)
    if named:
        current = named[0][1]
    elif line[:1].strip():
        current = None
    if current:
        for n in files:
            line = line.replace(n, " ")
        for p in (folder, os.path.abspath(folder), os.path.realpath(folder)):
            line = line.replace(p, " ")
        blocks[current].append(line)


def has_word(code, text):
    return re.search(r"(?<![\w.-])%s(?![\w.-])" % re.escape(code), text) is not None


bad = re.compile(r"not\s+recogni[sz]ed|unrecogni[sz]ed|tidak\s+dikenali", re.I)
for n in files:
    text = "\n".join(blocks[n])
    if not blocks[n]:
        fail("iki check does not name %s" % n)
        continue
    source = n.split("-")[0]
    if source == "target":
        if not re.search(r"recogni[sz]ed as the target form|formulir target", text):
            fail("iki check does not say %s is the target form:\n%s" % (n, text[:600]))
        continue
    if source not in codes:
        fail("%s: no source code in its name" % n)
    if not has_word(source, text):
        fail("iki check does not say %s is %s:\n%s" % (n, source, text[:600]))
    said = "\n".join(l for l in blocks[n] if re.search(r"recogni|dikenali|form", l, re.I))
    others = [c for c in codes if c != source and has_word(c, said)]
    if others:
        fail("iki check ties %s to %s, not only %s:\n%s"
             % (n, ", ".join(others), source, text[:600]))
    m = bad.search(text)
    if m:
        fail("iki check says %s is %r:\n%s" % (n, m.group(0), text[:600]))

print("%s: %d problem(s)" % ("FAIL" if fails else "ok", len(fails)))
sys.exit(1 if fails else 0)
EOF
