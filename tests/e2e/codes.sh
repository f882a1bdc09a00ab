#!/bin/bash
# Diagnostics as data (issue 15): every code used in src/ is listed in
# docs/diagnostics.md with its severity and a sentence, and every listed
# code is used; every code's sentence renders in Indonesian, never the
# English (tests/e2e/lib/codes.py, on the tree and, to show it can fail, on
# copies with a code, a row, a severity and a translation broken); the JSON
# of a build over inputs that make diagnostics carries, for each, a listed
# code, its severity, both sentences (different) and its arguments.
# Env: IKI (the CLI), FIXTURES, TESTS_DIR.  Needs python3.
set -u
. "$(dirname "$0")/lib/common.sh"
: "${IKI:?IKI must name the iki binary}" "${FIXTURES:?}"
root=$(cd "${TESTS_DIR:-$(dirname "$0")/..}/.." && pwd)
lib=$(cd "$(dirname "$0")/lib" && pwd)
command -v python3 >/dev/null || skip "no python3"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
check() {
  local what=$1; shift
  if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $what"; fi
}

python3 "$lib/codes.py" "$root" >"$tmp/out" 2>&1; rc=$?
cat "$tmp/out"
check "codes of src/, docs/diagnostics.md and their Indonesian agree" [ "$rc" = 0 ]

# the check can fail: each breakage on a fresh copy of the tree
broken() { # broken WHAT NEEDLE CMD...: on a copy, CMD breaks it; codes.py must fail naming NEEDLE
  local what=$1 needle=$2; shift 2
  rm -rf "$tmp/tree" && mkdir -p "$tmp/tree/docs" "$tmp/tree/po"
  cp -r "$root/src" "$tmp/tree/" && cp "$root/docs/diagnostics.md" "$tmp/tree/docs/" &&
    cp "$root/po/id.po" "$tmp/tree/po/"
  (cd "$tmp/tree" && "$@")
  if python3 "$lib/codes.py" "$tmp/tree" >"$tmp/b.out" 2>&1; then
    echo "  not noticed: $what"; return 1
  fi
  grep -q -- "$needle" "$tmp/b.out" || { echo "  $what: no finding names $needle"; cat "$tmp/b.out"; return 1; }
}
check "a code used but not listed fails" broken "unlisted code" probe_code \
  sed -i 's/IKI_CODE("unknown_area")/IKI_CODE("probe_code")/' src/table/sheet.c
check "a listed code used nowhere fails" broken "unused row" never_used \
  sed -i 's/^| `zero_target` |.*/&\n| `never_used` | info | A probe. |/' docs/diagnostics.md
check "a missing row fails" broken "missing row" total_mismatch \
  sed -i '/^| `total_mismatch` |/d' docs/diagnostics.md
check "a severity that differs fails" broken "severity" "unknown_area: listed as info" \
  sed -i 's/^| `unknown_area` | warning |/| `unknown_area` | info |/' docs/diagnostics.md
check "a translation equal to its English fails" broken "English in Indonesian" total_mismatch \
  python3 -c '
import re
p = "po/id.po"; s = open(p, encoding="utf-8").read()
s = s.replace("msgstr \"baris jumlah menyebut %s, padahal jumlah baris-barisnya %s (%s)\"",
              "msgstr \"total row says %s, the rows add up to %s (%s)\"")
open(p, "w", encoding="utf-8").write(s)'
check "a code without a format of the catalog fails" broken "no format" \
  "probe_nofmt: no English format" sh -c '
printf "%s\n" "#include \"iki/diag.h\"" "void iki_probe(iki_diags *d);" \
  "void iki_probe(iki_diags *d)" "{" \
  "    iki_diags_add(d, IKI_CODE(\"probe_nofmt\"), IKI_SEV_INFO, 0, 0, 0, \"untranslated %d\", 1);" \
  "}" >src/probe.c
sed -i "s/^| \`zero_target\` |.*/&\n| \`probe_nofmt\` | info | A probe. |/" docs/diagnostics.md'

# ---- the JSON of a build with diagnostics
mkdir -p "$tmp/run/in" && cd "$tmp/run" || exit 1
cp "$FIXTURES/bad/files/truncated.xls" in/Rusak.xls
cp "$FIXTURES/sampang-2025/pmks-2025.csv" in/
cp "$FIXTURES/sampang-2025/pmks-2025.csv" in/pmks-2025-copy.csv
cp "$FIXTURES/locale/pmks-2025-id-ID.csv" in/pmks-2025-id.csv
"$IKI" build -q in -o o.xlsx --json o.json >"$tmp/o.out" 2>&1
check "build wrote its JSON" [ -s o.json ]
python3 - o.json "$root/docs/diagnostics.md" >"$tmp/py" 2>&1 <<'PY'
import json, re, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
doc = open(sys.argv[2], encoding="utf-8").read()
listed = dict(re.findall(r"^\| `([a-z0-9_]+)` \| (info|warning|error) \|", doc, re.M))
level = {"info": "info", "warning": "peringatan", "error": "galat"}
bad, codes, nargs = 0, set(), 0
for g in d["diagnostik"]:
    c = g.get("kode")
    codes.add(c)
    if c not in listed:
        print("JSON: code not listed:", c); bad = 1; continue
    if g["tingkat"] != level[listed[c]]:
        print("JSON: %s is %s, listed %s" % (c, g["tingkat"], listed[c])); bad = 1
    if not g.get("pesan_en") or g["pesan"] == g["pesan_en"]:
        print("JSON: %s: no Indonesian: %r" % (c, g["pesan"])); bad = 1
    if not isinstance(g.get("argumen"), list):
        print("JSON: %s: argumen is no list" % c); bad = 1; continue
    for a in g["argumen"]:
        nargs += 1
        if isinstance(a, str) and a not in g["pesan_en"]:
            print("JSON: %s: argument %r not in %r" % (c, a, g["pesan_en"])); bad = 1
for want in ("duplicate_file", "read_truncated", "duplicate_form"):
    if want not in codes:
        print("JSON: no %s among %s" % (want, sorted(codes))); bad = 1
if not nargs:
    print("JSON: no diagnostic with arguments"); bad = 1
print("codes:", " ".join(sorted(codes)))
sys.exit(bad)
PY
rc=$?
cat "$tmp/py"
check "JSON diagnostics: listed code, severity, both sentences, arguments" [ "$rc" = 0 ]

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
