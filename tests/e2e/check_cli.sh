#!/bin/bash
# iki check on small folders made here (CSV text, as offices export it):
# missing data is a status, never a silent zero; identical copies skipped;
# template errors; the edge diagnostics of issue 3.
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
field() { # field CODE COLUMN < tsv
  awk -F'\t' -v c="$1" -v k="$2" '$1 == c { print $k }'
}

# 1. an items form without the PUHA row: puha_dibina has no data (not 0)
mkdir "$tmp/a"
printf 'Uraian;Jumlah;Dibina\r\nOrganisasi Perempuan;47;38\r\n' >"$tmp/a/kelembagaan.csv"
"$IKI" check --tsv "$tmp/a" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "missing data: exit 1 (got $rc)" [ "$rc" = 1 ]
check "organisasi computed" [ "$(field organisasi_perempuan_dibina 4 <"$tmp/out")" = "80.8510638297872" ]
check "puha has no realisasi" [ -z "$(field puha_dibina 4 <"$tmp/out")" ]
check "puha status" [ "$(field puha_dibina 9 <"$tmp/out")" = "data tidak tersedia" ]
check "pmks status" [ "$(field pmks_pulih 9 <"$tmp/out")" = "data tidak tersedia" ]

# 2. an identical copy is skipped with a note; the values are not doubled
cp "$tmp/a/kelembagaan.csv" "$tmp/a/kelembagaan (1).csv"
"$IKI" check "$tmp/a" >"$tmp/out" 2>"$tmp/err"
check "identical copy noted" grep -qE "kelembagaan( \(1\))?.csv: skipped: identical to kelembagaan( \(1\))?.csv$" "$tmp/out"
check "not doubled" grep -qE "organisasi_perempuan_dibina +38 / 47 " "$tmp/out"

mkdir "$tmp/c"
cp "$FIXTURES"/sampang-2025/*.* "$tmp/c/" && rm -f "$tmp/c/expected.tsv"
cp "$tmp/c/pmks-2025.csv" "$tmp/c/pmks-2025 (1).csv"
"$IKI" check "$tmp/c" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "an identical copy is no failure: exit 0 (got $rc)" [ "$rc" = 0 ]

# a broken file beside good ones: exit 1, named, the rest still computed
cp "$FIXTURES/bad/files/truncated.xlsx" "$tmp/c/rusak.xlsx"
"$IKI" check --tsv "$tmp/c" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "a broken input: exit 1 (got $rc)" [ "$rc" = 1 ]
"$IKI" check "$tmp/c" >"$tmp/out" 2>"$tmp/err"
check "the broken file is named" grep -q "rusak.xlsx: skipped: .*truncated" "$tmp/out"
check "the rest still computed" grep -qE "pmks_pulih +21128 / 32218 " "$tmp/out"

# 3. edges: zero denominator, numerator above denominator, text in a number
#    cell (with its address), KLA score and text disagreeing
mkdir "$tmp/b"
{
  printf 'REKAPITULASI PMKS TAHUN 2025\n\n'
  printf 'No;Kecamatan;Jumlah PMKS;PMKS Ditangani;PMKS Menerima Rehabilitasi Sosial;PMKS Menerima Jaminan Sosial\n'
  printf '1;Sreseh;10;20;1;1\n2;Torjun;5;banyak;1;1\n'
} >"$tmp/b/pmks.csv"
printf 'Kecamatan;Fakir Miskin;Fakir Miskin Dibina\nSreseh;0;0\nTorjun;0;0\n' >"$tmp/b/dayasos.csv"
printf 'Uraian;Nilai\nNilai Evaluasi KLA;588,40\nPredikat KLA;Madya\n' >"$tmp/b/kla.csv"
"$IKI" check "$tmp/b" >"$tmp/out" 2>"$tmp/err"
check "text in a number cell, with its address" \
  grep -qE "pmks.csv: sheet 'pmks': D5: warning: .*" "$tmp/out"
check "numerator above denominator" grep -qE "warning: pmks_pulih: .*" "$tmp/out"
check "zero denominator" grep -qE "fakir_miskin_dibina: .*" "$tmp/out"
"$IKI" check --tsv "$tmp/b" >"$tmp/tsv" 2>/dev/null
check "zero denominator status" [ "$(field fakir_miskin_dibina 9 <"$tmp/tsv")" = "penyebut nol" ]
check "numerator above denominator still computed" [ "$(field pmks_pulih 4 <"$tmp/tsv")" = "133.333333333333" ]
check "KLA disagreement warned" grep -q "kla: score 588.4 means Pratama but the predicate says Madya" "$tmp/out"
check "KLA: the score wins" [ "$(field kla 4 <"$tmp/tsv")" = "Pratama" ]

# 4. template errors: one line with file:line:column, exit 2
printf 'office:\n  name: x\n  nama: y\n' >"$tmp/bad.yaml"
"$IKI" check -t "$tmp/bad.yaml" "$tmp/a" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "bad template: exit 2 (got $rc)" [ "$rc" = 2 ]
check "bad template: one line" [ "$(wc -l <"$tmp/err")" = 1 ]
check "bad template: file:line:column" grep -qE "^iki: $tmp/bad.yaml:3:3: " "$tmp/err"
check "bad template: nothing on stdout" [ ! -s "$tmp/out" ]
"$IKI" check -t "$FIXTURES/templates/duplicate-indicator.yaml" "$tmp/a" >/dev/null 2>"$tmp/err"; rc=$?
check "duplicate code: exit 2" [ "$rc" = 2 ]
check "duplicate code: named" grep -qi "duplicate" "$tmp/err"

# 5. usage
"$IKI" check >/dev/null 2>&1; rc=$?
check "no input: exit 2" [ "$rc" = 2 ]
"$IKI" check --bogus x >/dev/null 2>&1; rc=$?
check "unknown option: exit 2" [ "$rc" = 2 ]

echo "check_cli: $pass passed, $fail failed"
[ "$fail" = 0 ]
