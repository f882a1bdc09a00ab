#!/bin/bash
# `iki build`: the safety of the write, reproducibility and privacy.
#   a. a build of fixtures/sampang-2025 exits 0 and writes the workbook;
#   b. an output inside the input folder is never read back as an input:
#      `iki check` lists it as skipped ("a workbook written by iki") and a
#      second build gives the same values as the first;
#   c. an unwritable output path (a missing folder; a "folder" that is a
#      regular file) exits 3 with one line naming the path and leaves no
#      temporary file; the same for --json;
#   d. an existing output stays byte-identical when the template is invalid
#      (exit 2), when the output is a folder, and when the write fails half
#      way (a file size limit, `ulimit -f`, which holds for root too; and a
#      read-only folder, written by an unprivileged user: as root through
#      setpriv, see lib/common.sh);
#   e. with SOURCE_DATE_EPOCH two builds are byte-identical, also from two
#      copies of the inputs (`cp -p`, same relative paths); without it the
#      creation time in docProps/core.xml is today;
#   f. --json: valid JSON (python3 -m json.tool), one row per (position,
#      indicator), and no person data: with the sample list of persons
#      (fixtures/sample/bnba-penerima-bantuan-2024.xlsx, fake names and NIK)
#      among the inputs, no NIK, KK number or name appears in the JSON, in
#      any part of the workbook, on stdout or on stderr;
#   g. a broken input: exit 1, the workbook is still written and names it.
# Env: IKI (the CLI), FIXTURES.  Needs bash, coreutils, unzip, python3
# (standard library only).
set -u
. "$(dirname "$0")/lib/common.sh"
: "${IKI:?IKI must name the iki binary}" "${FIXTURES:?FIXTURES must name fixtures/}"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
S=$FIXTURES/sampang-2025
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
pass=0 fail=0
check() {
  local what=$1; shift
  if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $what"; fi
}
inputs() { # inputs DIR: a copy of the sample folder's workbooks, times kept
  mkdir -p "$1" && cp -p "$S"/*.* "$1"/ && rm -f "$1/expected.tsv" "$1/make.sh"
}
no_tmp() { # no_tmp DIR: no temporary file of iki (".NAME.XXXXXX") left
  [ -z "$(find "$1" -name '.*.??????' 2>/dev/null)" ]
}
one_line() { [ "$(wc -l <"$1")" = 1 ]; }
is_xlsx() { unzip -tq "$1" >/dev/null 2>&1; }

# a. the sample folder
mkdir "$tmp/a"
"$IKI" build -o "$tmp/a/IKI.xlsx" "$S" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "a: build exits 0 (got $rc: $(head -c 300 "$tmp/err"))" [ "$rc" = 0 ]
check "a: the workbook is written" is_xlsx "$tmp/a/IKI.xlsx"
check "a: stdout names the workbook" grep -q "IKI.xlsx" "$tmp/out"
check "a: no temporary file" no_tmp "$tmp/a"

# b. the output inside the input folder, built twice
inputs "$tmp/b/in"
export SOURCE_DATE_EPOCH=1767139200
"$IKI" build -o "$tmp/b/in/IKI.xlsx" --json "$tmp/b/1.json" "$tmp/b/in" >/dev/null 2>&1; rc1=$?
cp "$tmp/b/in/IKI.xlsx" "$tmp/b/first.xlsx"
"$IKI" build -o "$tmp/b/in/IKI.xlsx" --json "$tmp/b/2.json" "$tmp/b/in" >"$tmp/out" 2>"$tmp/err"; rc2=$?
unset SOURCE_DATE_EPOCH
check "b: both builds exit 0 (got $rc1 $rc2)" [ "$rc1$rc2" = 00 ]
"$IKI" check "$tmp/b/in" >"$tmp/check" 2>&1
check "b: check lists the output as skipped, written by iki" \
  grep -q "IKI.xlsx: skipped: a workbook written by iki" "$tmp/check"
check "b: the second build does not mention the output as an input" \
  bash -c "! grep -q 'IKI.xlsx: ' '$tmp/out' '$tmp/err'"
dump_values() { # every sheet of a workbook as iki reads it, the file name cut
  "$IKI" dump "$1" | sed 's/^## .* :: /## /'
}
dump_values "$tmp/b/first.xlsx" >"$tmp/b/first.dump"
dump_values "$tmp/b/in/IKI.xlsx" >"$tmp/b/second.dump"
check "b: the workbook's values are unchanged" cmp -s "$tmp/b/first.dump" "$tmp/b/second.dump"
check "b: the workbook has sheets to compare" [ -s "$tmp/b/first.dump" ]
json_data() { "$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(json.dumps([d["data"], d["berkas"]]))' "$1"; }
check "b: the JSON rows and file counts are unchanged" \
  [ "$(json_data "$tmp/b/1.json")" = "$(json_data "$tmp/b/2.json")" ]

# c. unwritable output paths: exit 3, one line naming the path, no litter
mkdir "$tmp/c"
echo "not a folder" >"$tmp/c/afile"
for out in /nonexistent-dir/x.xlsx "$tmp/c/afile/x.xlsx"; do
  "$IKI" build -o "$out" "$S" >"$tmp/out" 2>"$tmp/err"; rc=$?
  check "c: $out: exit 3 (got $rc)" [ "$rc" = 3 ]
  check "c: $out: one line on stderr" one_line "$tmp/err"
  check "c: $out: the message names the path" grep -qF "$out" "$tmp/err"
done
check "c: /nonexistent-dir was not created" [ ! -e /nonexistent-dir ]
check "c: nothing left beside the file" [ "$(ls -A "$tmp/c")" = afile ]
check "c: no temporary file" no_tmp "$tmp/c"
"$IKI" build -o "$tmp/c/IKI.xlsx" --json "$tmp/c/afile/x.json" "$S" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "c: unwritable --json: exit 3 (got $rc)" [ "$rc" = 3 ]
check "c: unwritable --json: the message names it" grep -qF "$tmp/c/afile/x.json" "$tmp/err"
check "c: unwritable --json: no temporary file" no_tmp "$tmp/c"

# d. an existing output survives every failure byte for byte
mkdir "$tmp/d"
"$IKI" build -o "$tmp/d/IKI.xlsx" "$S" >/dev/null 2>&1
cp -p "$tmp/d/IKI.xlsx" "$tmp/d.ref"
printf 'office:\n  name: [unclosed\n' >"$tmp/bad.yaml"
"$IKI" build -t "$tmp/bad.yaml" -o "$tmp/d/IKI.xlsx" "$S" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "d: invalid template: exit 2 (got $rc)" [ "$rc" = 2 ]
check "d: invalid template: the output is kept" cmp -s "$tmp/d/IKI.xlsx" "$tmp/d.ref"
check "d: invalid template: the message names the template" grep -q "bad.yaml" "$tmp/err"
mkdir "$tmp/d/folder.xlsx"
"$IKI" build -o "$tmp/d/folder.xlsx" "$S" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "d: the output is a folder: exit 3 (got $rc)" [ "$rc" = 3 ]
check "d: the output is a folder: message names it" grep -qF "$tmp/d/folder.xlsx" "$tmp/err"
check "d: the folder is left as it was (a folder, empty)" \
  bash -c '[ -d "$1" ] && [ -z "$(ls -A "$1")" ]' _ "$tmp/d/folder.xlsx"
# the write fails half way: files may not grow beyond 8 KiB (EFBIG, with
# SIGXFSZ ignored); holds for root, unlike permissions
(trap '' XFSZ; ulimit -f 8; exec "$IKI" build -o "$tmp/d/IKI.xlsx" "$S") >"$tmp/out" 2>"$tmp/err"; rc=$?
check "d: a failed write: exit 3 (got $rc)" [ "$rc" = 3 ]
check "d: a failed write: the output is kept" cmp -s "$tmp/d/IKI.xlsx" "$tmp/d.ref"
check "d: a failed write: the message names the output" grep -qF "iki: cannot write $tmp/d/IKI.xlsx" "$tmp/err"
check "d: a failed write: no temporary file" no_tmp "$tmp/d"
# a read-only folder: the user's own folder, made read-only, holding the
# earlier output (as root: an unprivileged user, for whom permissions hold)
unpriv_init "$tmp"
inputs "$UNPRIV_DIR/in"
mkdir "$UNPRIV_DIR/d" && cp -p "$tmp/d.ref" "$UNPRIV_DIR/d/IKI.xlsx"
unpriv_own "$UNPRIV_DIR/d"
chmod 0500 "$UNPRIV_DIR/d"
LC_ALL=C LANGUAGE= "$IKI_U" build -o "$UNPRIV_DIR/d/IKI.xlsx" "$UNPRIV_DIR/in" >"$tmp/out" 2>"$tmp/err"; rc=$?
chmod 0700 "$UNPRIV_DIR/d"
check "d: read-only folder: exit 3 (got $rc: $(head -c 300 "$tmp/err"))" [ "$rc" = 3 ]
check "d: read-only folder: one line" one_line "$tmp/err"
check "d: read-only folder: the message names the output and the reason" \
  grep -qF "$UNPRIV_DIR/d/IKI.xlsx" "$tmp/err"
check "d: read-only folder: the reason is the permission" grep -q "Permission denied" "$tmp/err"
check "d: read-only folder: the output is kept" cmp -s "$UNPRIV_DIR/d/IKI.xlsx" "$tmp/d.ref"
check "d: read-only folder: no temporary file" no_tmp "$UNPRIV_DIR/d"
# the same folder writable: the user can build there (the case above failed
# for the permission, not for the setting)
"$IKI_U" build -o "$UNPRIV_DIR/d/IKI.xlsx" "$UNPRIV_DIR/in" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "d: writable again: exit 0 (got $rc: $(head -c 300 "$tmp/err"))" [ "$rc" = 0 ]
unpriv_done

# e. reproducibility
inputs "$tmp/e1/in"
inputs "$tmp/e2/in"
for n in 1 2; do
  (cd "$tmp/e$n" && SOURCE_DATE_EPOCH=1767139200 "$IKI" build -o out.xlsx in >/dev/null 2>&1)
done
(cd "$tmp/e1" && SOURCE_DATE_EPOCH=1767139200 "$IKI" build -o again.xlsx in >/dev/null 2>&1)
check "e: two builds are byte-identical" cmp -s "$tmp/e1/out.xlsx" "$tmp/e1/again.xlsx"
check "e: two copies of the inputs give byte-identical files" \
  cmp -s "$tmp/e1/out.xlsx" "$tmp/e2/out.xlsx"
check "e: the creation time is SOURCE_DATE_EPOCH" \
  bash -c "unzip -p '$tmp/e1/out.xlsx' docProps/core.xml | grep -q '<dcterms:created xsi:type=\"dcterms:W3CDTF\">2025-12-31T00:00:00Z<'"
before=$(date -u +%Y-%m-%d)
(cd "$tmp/e1" && env -u SOURCE_DATE_EPOCH "$IKI" build -o now.xlsx in >/dev/null 2>&1)
after=$(date -u +%Y-%m-%d)
created=$(unzip -p "$tmp/e1/now.xlsx" docProps/core.xml | sed -n 's/.*<dcterms:created[^>]*>\([0-9-]*\)T.*/\1/p')
check "e: without SOURCE_DATE_EPOCH the creation date is today (got '$created')" \
  [ "$created" = "$before" -o "$created" = "$after" ]
SOURCE_DATE_EPOCH=yesterday "$IKI" build -o "$tmp/e1/bad.xlsx" "$tmp/e1/in" >/dev/null 2>"$tmp/err"; rc=$?
check "e: an invalid SOURCE_DATE_EPOCH is a usage error (got $rc)" [ "$rc" = 2 ]
check "e: ... and writes nothing" [ ! -e "$tmp/e1/bad.xlsx" ]

# f. the JSON, and no person data anywhere
inputs "$tmp/f/in"
BNBA=$FIXTURES/sample/bnba-penerima-bantuan-2024.xlsx
cp "$BNBA" "$tmp/f/in/"
"$IKI" build -o "$tmp/f/IKI.xlsx" --json "$tmp/f/iki.json" "$tmp/f/in" >"$tmp/f/stdout" 2>"$tmp/f/stderr"; rc=$?
check "f: build with --json: exit 0 or 1 (got $rc)" [ "$rc" = 0 -o "$rc" = 1 ]
check "f: valid JSON" "$PY" -m json.tool "$tmp/f/iki.json" /dev/null
check "f: one row per (position, indicator): 22" \
  [ "$("$PY" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["data"]))' "$tmp/f/iki.json")" = 22 ]
check "f: the JSON ends with a newline" [ "$(tail -c 1 "$tmp/f/iki.json" | od -An -c | tr -d ' ')" = '\n' ]
check "f: stdout names the JSON" grep -qF "$tmp/f/iki.json" "$tmp/f/stdout"
# the persons: every 16-digit run (NIK, No. KK) and every name of the list
"$IKI" dump "$BNBA" >"$tmp/f/bnba.csv"
"$PY" - "$tmp/f/bnba.csv" "$tmp/f/secrets" <<'EOF'
import csv, re, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
head = next(i for i, r in enumerate(rows) if "Nama" in r and "NIK" in r)
nama = rows[head].index("Nama")
secrets = set()
for r in rows[head + 1:]:
    for cell in r:
        secrets.update(re.findall(r"\d{16}", cell))
    if len(r) > nama and r[nama].strip():
        secrets.add(r[nama].strip())
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(sorted(secrets)) + "\n")
EOF
check "f: the list has NIKs and names to look for" [ "$(wc -l <"$tmp/f/secrets")" -ge 10 ]
check "f: the list has 16-digit NIKs" grep -qE '^[0-9]{16}$' "$tmp/f/secrets"
mkdir "$tmp/f/x" && unzip -q "$tmp/f/IKI.xlsx" -d "$tmp/f/x"
for where in "$tmp/f/iki.json" "$tmp/f/stdout" "$tmp/f/stderr" "$tmp/f/x"; do
  check "f: no person data in ${where#$tmp/}" bash -c "! grep -rqF -f '$tmp/f/secrets' '$where'"
done
check "f: the workbook names the list as read (Sumber)" grep -rqF "bnba-penerima-bantuan-2024.xlsx" "$tmp/f/x/xl"

# g. a broken input: exit 1, the workbook still written
inputs "$tmp/g/in"
cp "$FIXTURES/bad/files/truncated.xlsx" "$tmp/g/in/rusak.xlsx"
"$IKI" build -o "$tmp/g/IKI.xlsx" "$tmp/g/in" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "g: a broken input: exit 1 (got $rc)" [ "$rc" = 1 ]
check "g: the workbook is still written" is_xlsx "$tmp/g/IKI.xlsx"
check "g: the broken file is named in the workbook (Sumber, Catatan)" \
  bash -c "unzip -p '$tmp/g/IKI.xlsx' xl/sharedStrings.xml | grep -q 'rusak.xlsx'"

echo "build_safety: $pass passed, $fail failed"
[ "$fail" = 0 ]
