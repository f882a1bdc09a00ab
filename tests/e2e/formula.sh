#!/bin/bash
# Formulas saved without their results (fixtures/formula, see its make.sh):
#   1. the PMKS form with formulas in a data column and in the JUMLAH row,
#      written by openpyxl (xlsx) and by odfpy (ods, JUMLAH above the rows
#      it sums), gives the very indicators of the same form with plain
#      numbers: `iki check --tsv` lines pmks_* equal, and equal to the
#      numbers of the form (21128 of 32218);
#   2. nothing is "read as 0": no "empty cells read as 0", no formula
#      diagnostic for those files;
#   3. one formula iki does not compute (=ROUND(...) in E12, PMKS
#      Ditangani of Omben) gives the diagnostic naming the file, the sheet
#      and the cell, and the field counts as missing: pmks_pulih has no
#      pembilang and no realisasi (never a value computed with 0 there),
#      and the cells that depend on it (C12 = E12+G12, the JUMLAH row) are
#      named too; Jaminan Sosial, which does not depend on it, keeps 14257;
#   4. `iki dump` prints the computed values, and the formula (=...) where
#      none could be computed.
# Env: IKI (the CLI), FIXTURES (the repo's fixtures folder).
set -u
: "${IKI:?IKI must name the iki binary}" "${FIXTURES:?FIXTURES must name fixtures/}"
D=$FIXTURES/formula
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
check() { # check DESCRIPTION COMMAND...: passes when COMMAND succeeds
    local what=$1
    shift
    if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $what"; fi
}
same() { # same FILE1 FILE2, showing the difference when they differ
    cmp -s "$1" "$2" && return 0
    diff "$1" "$2" | head -20
    return 1
}
# check_one NAME: `iki check` (--tsv and plain) of a folder holding only
# fixtures/formula/pmks-NAME into $tmp/NAME.tsv, $tmp/NAME.txt
check_one() {
    mkdir -p "$tmp/in-$1"
    cp "$D/pmks-$1" "$tmp/in-$1/"
    timeout 60 "$IKI" check --tsv "$tmp/in-$1" 2>/dev/null | grep '^pmks_' >"$tmp/$1.tsv"
    timeout 60 "$IKI" check "$tmp/in-$1" >"$tmp/$1.txt" 2>&1
}

for f in angka.xlsx rumus.xlsx rumus.ods lain.xlsx; do
    check_one "$f"
done

# 1. the same indicators as plain numbers
check "plain numbers: pmks_pulih is 21128 / 32218" \
    grep -q "^pmks_pulih	21128	32218	65\.57" "$tmp/angka.xlsx.tsv"
check "plain numbers: three pmks indicators" [ "$(wc -l <"$tmp/angka.xlsx.tsv")" = 3 ]
for f in rumus.xlsx rumus.ods; do
    check "$f: indicators equal those of plain numbers" same "$tmp/angka.xlsx.tsv" "$tmp/$f.tsv"
    # 2. nothing read as 0, nothing left uncomputed
    check "$f: no empty cells read as 0" \
        eval "! grep -qi 'read as 0\|dibaca sebagai 0' '$tmp/$f.txt'"
    check "$f: no formula diagnostic" eval "! grep -qi 'formula' '$tmp/$f.txt'"
done

# 3. one formula iki does not compute
msg="formula without a computed value: open and save the file in an office program"
for cell in E12 C12 C21 E21; do
    check "lain: the diagnostic names file, sheet and cell $cell" \
        grep -qF "pmks-lain.xlsx: sheet 'PMKS': $cell: warning: $msg" "$tmp/lain.xlsx.txt"
done
check "lain: only those four cells" [ "$(grep -c "$msg" "$tmp/lain.xlsx.txt")" = 4 ]
check "lain: pmks_pulih has no pembilang and no realisasi (missing, not 0)" \
    grep -q "^pmks_pulih				%" "$tmp/lain.xlsx.tsv"
check "lain: the missing input is named" \
    grep -q "pmks_pulih: missing input pmks.ditangani, pmks.jumlah" "$tmp/lain.xlsx.txt"
check "lain: Jaminan Sosial does not depend on it and stays 14257" \
    grep -q "^pmks_linjamsos	14257	" "$tmp/lain.xlsx.tsv"
check "lain: no empty cells read as 0" eval "! grep -qi 'read as 0' '$tmp/lain.xlsx.txt'"

# 4. iki dump
timeout 60 "$IKI" dump "$D/pmks-rumus.ods" >"$tmp/ods.dump" 2>&1
check "dump ods: JUMLAH row computed" grep -qx ",JUMLAH,32218,14257,21128,8185,11090" "$tmp/ods.dump"
check "dump ods: data column computed" grep -qx "6,Omben,2262,692,1124,547,1138" "$tmp/ods.dump"
timeout 60 "$IKI" dump "$D/pmks-lain.xlsx" >"$tmp/lain.dump" 2>&1
check "dump lain: the formulas not computed, the rest computed" \
    grep -qx ",JUMLAH,=SUM(C7:C20),14257,=SUM(E7:E20),8185,11090" "$tmp/lain.dump"
check "dump lain: Omben" grep -qx "6,Omben,=E12+G12,692,\"=ROUND(1124.4,0)\",547,1138" "$tmp/lain.dump"

echo "formula: $pass passed, $fail failed"
[ "$fail" = 0 ]
