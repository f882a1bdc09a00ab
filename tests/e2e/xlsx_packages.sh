#!/bin/bash
# xlsx files as other producers package and escape them (issue 11):
#   1. headers that XlsxWriter (like .NET and PHP exporters) wrote with an
#      escaped carriage return, "Jumlah_x000D_" + line break + "PMKS", in
#      shared strings (fixtures/xlsx/escapes-xlsxwriter.xlsx) and in inline
#      strings (escapes-inline-xlsxwriter.xlsx): `iki check` recognises the
#      PMKS form and counts it as the same form with plain headers in CSV;
#   2. a package with every part at the root (fixtures/xlsx/rootparts.xlsx)
#      and one with the Strict relationship types and the workbook at
#      xl/book.xml (strict-rels.xlsx), both re-packed from
#      parts-xlsxwriter.xlsx: `iki dump` prints the same cells for all
#      three and exits 0;
#   3. a Word document saved under a spreadsheet's name (laporan.xlsx, from
#      fixtures/xlsx/word-python-docx.docx): `iki check` skips it, saying
#      it is a Word document, and exits 1.
# Env: IKI, FIXTURES.
set -u
: "${IKI:?}" "${FIXTURES:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
check() {
  local what=$1; shift
  if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $what"; fi
}

# 1. escaped CR LF in headers
mkdir "$tmp/csv"
printf 'REKAPITULASI PMKS TAHUN 2025\n\nNo;Kecamatan;Jumlah PMKS;PMKS Ditangani;PMKS Menerima Rehabilitasi Sosial;PMKS Menerima Jaminan Sosial\n1;Sreseh;120;98;40;30\n2;Torjun;85;70;20;10\n;JUMLAH;205;168;60;40\n' \
  >"$tmp/csv/pmks-2025.csv"
"$IKI" check --tsv "$tmp/csv" | grep '^pmks_' >"$tmp/want"
check "the CSV form counts" grep -qP '^pmks_pulih\t168\t205\t' "$tmp/want"
for f in escapes-xlsxwriter escapes-inline-xlsxwriter; do
  mkdir "$tmp/$f"
  cp "$FIXTURES/xlsx/$f.xlsx" "$tmp/$f/pmks-2025.xlsx"
  "$IKI" check "$tmp/$f" >"$tmp/out" 2>&1
  check "$f: recognised" grep -q 'PMKS: recognised as pmks .*2 data rows' "$tmp/out"
  "$IKI" check --tsv "$tmp/$f" | grep '^pmks_' >"$tmp/got"
  check "$f: the same indicators as the CSV" cmp -s "$tmp/want" "$tmp/got"
done

# 2. parts found through the package relationships
"$IKI" dump "$FIXTURES/xlsx/parts-xlsxwriter.xlsx" | sed 's/^## .* :: /## /' >"$tmp/want"
check "the source dumps" grep -qxF 'Torjun,85.5,2025-06-30' "$tmp/want"
for f in rootparts strict-rels; do
  "$IKI" dump "$FIXTURES/xlsx/$f.xlsx" >"$tmp/out" 2>"$tmp/err"; rc=$?
  check "$f: dump exits 0 (got $rc: $(head -c 200 "$tmp/err"))" [ "$rc" = 0 ]
  sed 's/^## .* :: /## /' "$tmp/out" >"$tmp/got"
  check "$f: the same cells" cmp -s "$tmp/want" "$tmp/got"
done

# 3. a .docx is not a spreadsheet, and says so
mkdir "$tmp/word"
cp "$FIXTURES/xlsx/word-python-docx.docx" "$tmp/word/laporan.xlsx"
"$IKI" check "$tmp/word" >"$tmp/out" 2>&1; rc=$?
check "docx: exit 1 (got $rc)" [ "$rc" = 1 ]
check "docx: named as a Word document" \
  grep -q 'laporan.xlsx: skipped: .*zip archive is a Word document (.docx), not a spreadsheet' "$tmp/out"

echo "xlsx_packages: $pass passed, $fail failed"
[ "$fail" = 0 ]
