#!/bin/bash
# Each message names the file once (issue 11.7): one path, then the sheet
# and cell, then the message, on the terminal (build, check), in Catatan,
# in Sumber and in the JSON; the cell of a reader error stands in its own
# column (Sel), not inside the message.
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
once() { # once FILE NEEDLE: every line that holds NEEDLE holds it once
  local n
  n=$(grep -cF -- "$2" "$1")
  [ "$n" -ge 1 ] || { echo "  no line names $2 in $1"; return 1; }
  ! grep -F -- "$2" "$1" | awk -v s="$2" '{ if (split($0, a, s) > 2) bad = 1 } END { exit !bad }'
}
mkdir -p "$tmp/run/inbox" && cd "$tmp/run" || exit 1
cp "$FIXTURES/bad/files/truncated.xls" inbox/Rusak.xls
cp "$FIXTURES/bad/files/sst-out-of-range.xlsx" inbox/Teks.xlsx
cp "$FIXTURES/sampang-2025/pmks-2025.csv" inbox/

"$IKI" build -q inbox -o o.xlsx --json o.json >"$tmp/out" 2>"$tmp/err"; rc=$?
check "build with bad inputs: exit 1 (got $rc)" [ "$rc" = 1 ]
check "build stderr: Rusak.xls named once" once "$tmp/err" "inbox/Rusak.xls"
check "build stderr: Teks.xlsx named once" once "$tmp/err" "inbox/Teks.xlsx"
check "build stderr: path, sheet, cell, then the message" \
  grep -q "^iki: inbox/Teks.xlsx: sheet 'Data': B1: error: shared-string index" "$tmp/err"
"$IKI" check inbox >"$tmp/out" 2>"$tmp/err"
check "check: Rusak.xls named once per line" once "$tmp/out" "Rusak.xls"
check "check: Teks.xlsx named once per line" once "$tmp/out" "Teks.xlsx"
LANGUAGE=id LANG=id_ID.UTF-8 "$IKI" check inbox >"$tmp/out" 2>"$tmp/err"
check "check (id): Rusak.xls named once per line" once "$tmp/out" "Rusak.xls"

/usr/bin/python3 - o.xlsx o.json >"$tmp/py" 2>&1 <<'PY'
import json, sys
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
bad = 0
cat = wb["Catatan"]
rows = list(cat.iter_rows(min_row=2, values_only=True))
for lvl, f, sheet, cell, msg, code in rows:
    if f and msg and ("Rusak" in msg or "Teks" in msg):
        print("Catatan: file inside the message:", msg); bad = 1
    if f == "inbox/Teks.xlsx" and sheet == "Data":
        if cell != "B1": print("Catatan: Sel should be B1, is", cell); bad = 1
        if "B1" in (msg or ""): print("Catatan: the cell inside the message:", msg); bad = 1
if not any(r[1] == "inbox/Rusak.xls" for r in rows):
    print("Catatan: Rusak.xls missing"); bad = 1
for row in wb["Sumber"].iter_rows(values_only=True):
    for v in row[1:]:
        if isinstance(v, str) and ("Rusak.xls" in v or "Teks.xlsx" in v):
            print("Sumber: file inside a reason:", v); bad = 1
d = json.load(open(sys.argv[2]))
for g in d["diagnostik"]:
    for k, v in g.items():
        if k not in ("berkas", "file") and isinstance(v, str) and ("Rusak" in v or "Teks" in v):
            print("JSON: file inside", k, v); bad = 1
sys.exit(bad)
PY
rc=$?
check "Catatan, Sumber and JSON name the file once" [ "$rc" = 0 ]
[ "$rc" = 0 ] || cat "$tmp/py"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
