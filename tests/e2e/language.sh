#!/bin/bash
# Both languages of the CLI, and numbers that do not depend on the locale.
#   1. `iki check` on fixtures/sampang-2025 and on a folder with a broken
#      file (fixtures/bad/files/truncated.xlsx) and a CSV with "banyak" in
#      a number column: under LANG=id_ID.UTF-8 the headings and diagnostics
#      are Indonesian ("Berkas (", "dilewati", "teks di sel angka",
#      "peringatan", "arsip zip terpotong"), under LANG=C and
#      LANG=en_US.UTF-8 English ("Files (", "skipped", "text in a number
#      cell", "warning", "truncated or corrupt zip archive");
#   2. `iki help` and `iki help check` in both languages;
#   3. `iki check --tsv` gives the same bytes in both languages, also with
#      LC_ALL=id_ID.UTF-8 (an Indonesian LC_NUMERIC would read "3.14" as 3);
#   4. the whole end-to-end check of the sample (check_sampang.sh) passes
#      under LANG=id_ID.UTF-8 LC_ALL=id_ID.UTF-8;
#   5. `iki build` under LANG=id_ID.UTF-8 and LANG=C with SOURCE_DATE_EPOCH
#      set writes byte-identical workbooks (the workbook is always
#      Indonesian).
# The id_ID locale need not be installed, nor any catalog: the Indonesian
# texts are compiled into the program; when localedef can make id_ID.UTF-8 (decimal comma) in
# a temporary LOCPATH, 3 and 4 also run under that real locale.  Env: IKI, FIXTURES, TESTS_DIR (for check_sampang.sh).
set -u
: "${IKI:?IKI must name the iki binary}" "${FIXTURES:?FIXTURES must name fixtures/}"
TESTS_DIR=${TESTS_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
# run WITH the given environment only (no stray LANGUAGE/LC_* of the caller)
run() { env -u LANGUAGE -u LC_ALL -u LC_MESSAGES -u LC_NUMERIC -u LANG "$@"; }

has() { # has FILE TEXT WHAT
    grep -qF -- "$2" "$1" || fail "$3: no '$2' in $(basename "$1"):$(echo; head -12 "$1")"
}
hasnt() {
    if grep -qF -- "$2" "$1"; then fail "$3: unexpected '$2' in $(basename "$1")"; fi
}

# the broken folder
bad=$tmp/bad
mkdir -p "$bad"
cp "$FIXTURES/bad/files/truncated.xlsx" "$bad/"
sed -n 1,12p "$FIXTURES/sampang-2025/pmks-2025.csv" >"$bad/pmks-2025.csv"
sed -i '7s/;[0-9.]*;/;banyak;/' "$bad/pmks-2025.csv"
grep -q banyak "$bad/pmks-2025.csv" || fail "could not put 'banyak' into the CSV"

# 1. check in both languages
run LANG=id_ID.UTF-8 "$IKI" check "$bad" >"$tmp/bad.id" 2>&1
run LANG=C "$IKI" check "$bad" >"$tmp/bad.c" 2>&1
run LANG=en_US.UTF-8 "$IKI" check "$bad" >"$tmp/bad.en" 2>&1
for t in "Berkas (1 dibaca, 1 dilewati)" "dilewati:" "arsip zip terpotong atau rusak" \
         "lembar 'pmks-2025'" "peringatan: teks di sel angka: 'banyak'" "Catatan (" \
         "dikenali sebagai pmks" "galat:" "Indikator:" "masukan tidak ada"; do
    has "$tmp/bad.id" "$t" "check, Indonesian"
done
for t in "Files (" "skipped" "text in a number cell" "warning:" "Diagnostics ("; do
    hasnt "$tmp/bad.id" "$t" "check, Indonesian"
done
for f in "$tmp/bad.c" "$tmp/bad.en"; do
    for t in "Files (1 read, 1 skipped)" "skipped:" "truncated or corrupt zip archive" \
             "sheet 'pmks-2025'" "warning: text in a number cell: 'banyak'" \
             "Diagnostics (" "recognised as pmks" "error:" "Indicators:" "missing input"; do
        has "$f" "$t" "check, English"
    done
    for t in "Berkas (" "dilewati" "teks di sel angka" "peringatan" "Catatan ("; do
        hasnt "$f" "$t" "check, English"
    done
done
# LC_ALL wins over LANG, LC_MESSAGES over LANG
run LANG=id_ID.UTF-8 LC_ALL=C "$IKI" check "$bad" >"$tmp/bad.lcall" 2>&1
has "$tmp/bad.lcall" "Files (" "LC_ALL=C over LANG=id"
run LANG=C LC_MESSAGES=id_ID.UTF-8 "$IKI" check "$bad" >"$tmp/bad.lcmsg" 2>&1
has "$tmp/bad.lcmsg" "Berkas (" "LC_MESSAGES=id over LANG=C"
# gettext's rules on the variables' names (src/cli/i18n.h): LANGUAGE is a
# colon list consulted unless the locale is C/POSIX (or unset); no locale
# needs to exist.  environment -> expected first line of `iki help`
while IFS='|' read -r envs want; do
    # shellcheck disable=SC2086
    run $envs "$IKI" help >"$tmp/rule.out" 2>&1
    case $want in
    id) has "$tmp/rule.out" "pemakaian: iki PERINTAH" "$envs" ;;
    en) has "$tmp/rule.out" "usage: iki COMMAND" "$envs" ;;
    esac
done <<'RULES'
LANG=id_ID.UTF-8|id
LANG=id|id
LC_MESSAGES=id_ID.UTF-8 LANG=C|id
LC_ALL=C LANG=id_ID.UTF-8|en
LC_ALL=C.UTF-8 LANGUAGE=id|id
LANG=C.UTF-8 LANGUAGE=id|id
LANG=en_US.UTF-8 LANGUAGE=id|id
LANG=en_US.UTF-8 LANGUAGE=fr:id_ID:en|id
LANG=id_ID.UTF-8 LANGUAGE=en:id|id
LANG=en_US.UTF-8 LANGUAGE=en|en
LANG=id_ID.UTF-8 LANGUAGE=en|en
LANG=id_ID.UTF-8 LANGUAGE=fr|en
LANG=id_ID.UTF-8 LANGUAGE=|id
LANG=C LANGUAGE=id|en
LANG=POSIX LANGUAGE=id|en
LANGUAGE=id|en
LANG=en_US.UTF-8|en
LANG=ida_XX.UTF-8|en
RULES
# the catalog is inside the program: a copy far from the build tree, with
# no locale folder anywhere, still speaks Indonesian
mkdir -p "$tmp/bin"
cp "$IKI" "$tmp/bin/iki"
run LANG=id_ID.UTF-8 "$tmp/bin/iki" check "$bad" >"$tmp/bad.copy" 2>&1
has "$tmp/bad.copy" "Berkas (1 dibaca, 1 dilewati)" "a copy of the binary"

run LANG=id_ID.UTF-8 "$IKI" check "$FIXTURES/sampang-2025" >"$tmp/s.id" 2>&1
rc_id=$?
run LANG=C "$IKI" check "$FIXTURES/sampang-2025" >"$tmp/s.c" 2>&1
rc_c=$?
[ "$rc_id" = "$rc_c" ] || fail "exit codes differ by language: id $rc_id, C $rc_c"
has "$tmp/s.id" "dilewati):" "check sample, Indonesian"
has "$tmp/s.id" "dilewati: folder tersembunyi" "check sample, Indonesian"
has "$tmp/s.id" "dikenali sebagai" "check sample, Indonesian"
has "$tmp/s.c" "skipped):" "check sample, English"
has "$tmp/s.c" "skipped: hidden folder" "check sample, English"
has "$tmp/s.c" "recognised as" "check sample, English"
# the indicator lines carry the same numbers
grep -E '^    [a-z_]+ ' "$tmp/s.id" >"$tmp/ind.id"
grep -E '^    [a-z_]+ ' "$tmp/s.c" >"$tmp/ind.c"
[ -s "$tmp/ind.c" ] || fail "no indicator lines in English check"
cmp -s "$tmp/ind.id" "$tmp/ind.c" || fail "indicator lines differ by language:
$(diff "$tmp/ind.c" "$tmp/ind.id" | head -6)"

# 2. help
run LANG=id_ID.UTF-8 "$IKI" help >"$tmp/help.id" 2>&1
run LANG=C "$IKI" help >"$tmp/help.c" 2>&1
has "$tmp/help.id" "pemakaian: iki PERINTAH" "help, Indonesian"
has "$tmp/help.id" "kode keluar:" "help, Indonesian"
has "$tmp/help.c" "usage: iki COMMAND" "help, English"
has "$tmp/help.c" "exit codes:" "help, English"
run LANG=id_ID.UTF-8 "$IKI" help check >"$tmp/hc.id" 2>&1
run LANG=en_US.UTF-8 "$IKI" check --help >"$tmp/hc.en" 2>&1
has "$tmp/hc.id" "pemakaian: iki check" "help check, Indonesian"
has "$tmp/hc.id" "contoh:" "help check, Indonesian"
has "$tmp/hc.en" "usage: iki check" "help check, English"
run LANG=id_ID.UTF-8 "$IKI" nosuchcommand >"$tmp/unk.id" 2>&1
has "$tmp/unk.id" "perintah tidak dikenal" "unknown command, Indonesian"

# 3. the TSV is the same bytes in every locale
run LANG=C "$IKI" check --tsv "$FIXTURES/sampang-2025" >"$tmp/tsv.c" 2>/dev/null
run LANG=id_ID.UTF-8 "$IKI" check --tsv "$FIXTURES/sampang-2025" >"$tmp/tsv.id" 2>/dev/null
run LANG=id_ID.UTF-8 LC_ALL=id_ID.UTF-8 "$IKI" check --tsv "$FIXTURES/sampang-2025" \
    >"$tmp/tsv.idall" 2>/dev/null
[ "$(wc -l <"$tmp/tsv.c")" -ge 20 ] || fail "--tsv printed $(wc -l <"$tmp/tsv.c") lines"
grep -q '[0-9]\.[0-9]' "$tmp/tsv.c" || fail "--tsv has no decimal point"
cmp -s "$tmp/tsv.c" "$tmp/tsv.id" || fail "--tsv differs under LANG=id_ID.UTF-8"
cmp -s "$tmp/tsv.c" "$tmp/tsv.idall" || fail "--tsv differs under LC_ALL=id_ID.UTF-8:
$(diff "$tmp/tsv.c" "$tmp/tsv.idall" | head -6)"

# ... also with a real id_ID.UTF-8 locale (decimal comma) when localedef can
# make one here: a fresh Debian has none installed
mkdir -p "$tmp/loc"
if command -v localedef >/dev/null &&
    localedef -i id_ID -f UTF-8 "$tmp/loc/id_ID.UTF-8" >/dev/null 2>&1; then
    export LOCPATH=$tmp/loc
    run LC_ALL=id_ID.UTF-8 "$IKI" check --tsv "$FIXTURES/sampang-2025" >"$tmp/tsv.loc" 2>/dev/null
    cmp -s "$tmp/tsv.c" "$tmp/tsv.loc" || fail "--tsv differs under a real id_ID.UTF-8 locale:
$(diff "$tmp/tsv.c" "$tmp/tsv.loc" | head -6)"
    run LC_ALL=id_ID.UTF-8 "$IKI" help >"$tmp/help.loc" 2>&1
    has "$tmp/help.loc" "pemakaian: iki PERINTAH" "help under a real id_ID.UTF-8 locale"
    if ! run LANG=id_ID.UTF-8 LC_ALL=id_ID.UTF-8 IKI="$IKI" FIXTURES="$FIXTURES" \
        bash "$TESTS_DIR/e2e/check_sampang.sh" >"$tmp/sampang-loc.out" 2>&1; then
        fail "check_sampang.sh under a real id_ID.UTF-8 locale:
$(tail -15 "$tmp/sampang-loc.out")"
    fi
    unset LOCPATH
else
    echo "note: localedef could not make id_ID.UTF-8: tested with the C.UTF-8 fallback only"
fi

# 4. the whole end-to-end check of the sample, in Indonesian
if ! run LANG=id_ID.UTF-8 LC_ALL=id_ID.UTF-8 IKI="$IKI" FIXTURES="$FIXTURES" \
    bash "$TESTS_DIR/e2e/check_sampang.sh" >"$tmp/sampang.out" 2>&1; then
    fail "check_sampang.sh under LANG=id_ID.UTF-8 LC_ALL=id_ID.UTF-8:
$(tail -15 "$tmp/sampang.out")"
fi

# 5. the workbook does not depend on the language
for l in id_ID.UTF-8 C; do
    mkdir -p "$tmp/wb-$l"
    run LANG=$l SOURCE_DATE_EPOCH=1735689600 "$IKI" build -q -o "$tmp/wb-$l/IKI.xlsx" \
        "$FIXTURES/sampang-2025" "$bad" >"$tmp/build-$l.out" 2>&1
    [ -s "$tmp/wb-$l/IKI.xlsx" ] || fail "build under LANG=$l wrote nothing: $(tail -3 "$tmp/build-$l.out")"
done
cmp -s "$tmp/wb-id_ID.UTF-8/IKI.xlsx" "$tmp/wb-C/IKI.xlsx" ||
    fail "the workbooks built under LANG=id_ID.UTF-8 and LANG=C differ"
has "$tmp/build-id_ID.UTF-8.out" "Buku kerja ditulis:" "build, Indonesian"
has "$tmp/build-C.out" "Workbook written:" "build, English"
# its Catatan and Sumber sheets are Indonesian
if command -v unzip >/dev/null; then
    unzip -p "$tmp/wb-C/IKI.xlsx" xl/sharedStrings.xml >"$tmp/sst.xml" 2>/dev/null
    for t in "teks di sel angka: 'banyak'" "arsip zip terpotong atau rusak" "peringatan"; do
        has "$tmp/sst.xml" "$t" "workbook"
    done
    hasnt "$tmp/sst.xml" "text in a number cell" "workbook"
    hasnt "$tmp/sst.xml" "truncated or corrupt zip" "workbook"
fi

if [ "$fails" -gt 0 ]; then
    echo "$fails failure(s)"
    exit 1
fi
echo "PASS: both languages; numbers and the workbook independent of the locale"
