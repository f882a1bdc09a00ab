#!/bin/bash
# Lists of persons are inputs only.  A template with a list form reading a
# BNBA list (names, 16-digit NIK, some rows carrying errors: text in a
# number column, a name in the NIK column, a duplicated NIK) is built; no
# name and no NIK may appear in any part of the workbook (every unzipped
# part), the JSON, stdout or stderr of build and check — diagnostics cite
# cells, not contents.  Values come from counts and distinct-NIK hashes.
# Env: IKI, FIXTURES.
set -u
. "$(dirname "$0")/lib/common.sh"
: "${IKI:?}" "${FIXTURES:?}"
command -v unzip >/dev/null || skip "unzip is missing"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
check() {
  local what=$1; shift
  if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $what"; fi
}
mkdir -p "$tmp/in"
cp "$FIXTURES/sampang-2025/pmks-2025.csv" "$tmp/in/"
# the list: fake persons, NIK as text
{
  printf 'DAFTAR PENERIMA BANTUAN (BNBA) 2025\n\n'
  printf 'No;NIK;Nama;Kecamatan;Bantuan (Rp);Diterima\n'
  printf '1;3527990101900001;Siti Fiktifah;Sreseh;600000;Ya\n'
  printf '2;3527990101900002;Ahmad Contohwan;Torjun;enam ratus ribu;Ya\n'
  printf '3;3527990101900003;Maimunah Sampelia;Sampang;600000;Tidak\n'
  printf '4;Rahmat Keliruwan;Rahmat Keliruwan;Omben;600000;Ya\n'
  printf '5;3527990101900001;Siti Fiktifah;Sreseh;600000;Ya\n'
} >"$tmp/in/bnba-2025.csv"
names="Siti Fiktifah|Ahmad Contohwan|Maimunah Sampelia|Rahmat Keliruwan|Fiktifah|Contohwan|Keliruwan"
niks="3527990101900001|3527990101900002|3527990101900003|enam ratus ribu"
# the template: the built-in one plus a list form and an indicator on it
"$IKI" template >"$tmp/t.yaml"
python3 - "$tmp/t.yaml" <<'PY'
import sys
p = sys.argv[1]
s = open(p).read()
src = """
  - code: bnba
    title: Daftar Penerima Bantuan (BNBA)
    layout: list
    key: [Nama]
    fields:
      - {code: orang, title: Jumlah Penerima, aliases: [NIK], agg: distinct}
      - {code: diterima, title: Diterima, aliases: [Diterima], agg: count_if}
      - {code: rupiah, title: Bantuan (Rp), aliases: [Bantuan (Rp)], agg: sum}
"""
ind = """
  - code: bnba_diterima
    goal: Meningkatnya Kesejahteraan Sosial PMKS
    name: Persentase penerima yang sudah menerima bantuan
    formula: "Diterima / Jumlah penerima × 100%"
    kind: percent
    inputs: {numerator: bnba.diterima, denominator: bnba.orang}
    unit: "%"
    data_source: Dinsos PPPA
"""
s = s.replace("\nindicators:\n", "\n" + src + "\nindicators:\n" + ind, 1)
s = s.replace("indicators: [fakir_miskin_dibina, tmp_dikelola]",
              "indicators: [fakir_miskin_dibina, tmp_dikelola, bnba_diterima]", 1)
open(p, "w").write(s)
PY
"$IKI" template -t "$tmp/t.yaml" >/dev/null 2>"$tmp/terr"
check "the template with a list form is valid: $(head -1 "$tmp/terr")" [ ! -s "$tmp/terr" ]

"$IKI" build -q -t "$tmp/t.yaml" -o "$tmp/out.xlsx" --json "$tmp/out.json" "$tmp/in" \
  >"$tmp/build.out" 2>"$tmp/build.err"
"$IKI" check -t "$tmp/t.yaml" "$tmp/in" >"$tmp/check.out" 2>"$tmp/check.err"
"$IKI" check --tsv -t "$tmp/t.yaml" "$tmp/in" >"$tmp/check.tsv" 2>>"$tmp/check.err"
check "the list was recognised" grep -q "bnba-2025.csv" "$tmp/check.out"
check "errors in its rows were diagnosed, by cell" grep -qE "bnba-2025.csv: sheet 'bnba-2025': E[0-9]+: warning" "$tmp/check.out"
row=$(awk -F'\t' '$1 == "bnba_diterima"' "$tmp/check.tsv")
check "counted from the list: 4 records received, 4 distinct NIK ($row)" \
  sh -c "echo '$row' | awk -F'\t' '{ exit !(\$2 == 4 && \$3 == 4) }'"
mkdir "$tmp/parts" && (cd "$tmp/parts" && unzip -q "$tmp/out.xlsx")
leaks=$(grep -rlE "$names|$niks" "$tmp/parts" "$tmp/out.json" "$tmp/build.out" "$tmp/build.err" \
        "$tmp/check.out" "$tmp/check.err" "$tmp/check.tsv" 2>/dev/null)
check "no name or NIK in any output: ${leaks:-none}" [ -z "$leaks" ]
check "the workbook parts were searched" [ "$(find "$tmp/parts" -name '*.xml' | wc -l)" -gt 20 ]
echo "privacy: $pass passed, $fail failed"
[ "$fail" = 0 ]
