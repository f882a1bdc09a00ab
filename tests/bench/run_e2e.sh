#!/usr/bin/env bash
# The iki end-to-end benchmark (issue 7): `iki build` against the pandas
# reference consolidation, Gnumeric ssconvert and the decompression floor,
# side by side, on a province inbox, the same inbox's tenth, one year of
# monthly folders and the 300,000-row list of persons.  See README.md.
#
#   tests/bench/run_e2e.sh [--runs N] [--keep DIR] [--iki PATH] [--files N]
#                          [--rows N] [--tools LIST] [--only REGEX]
#                          [--formats LIST]
#
# Exit status: 0 when every tool ran and the pandas reference agrees with
# iki (targets that FAIL are reported, not an error); 1 when a tool failed
# or the indicators disagree; 2 on a usage error or a missing prerequisite.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
PY=${PYTHON:-/usr/bin/python3}
IKI_BIN=${IKI:-$REPO/build-bench/iki}
RUNS=5
KEEP=
FILES=1000
ROWS=300000
TOOLS=iki,check,pandas,ssconvert,floor
ONLY=
FORMATS=xlsx,xls,ods,csv
ALL_TOOLS="iki check pandas ssconvert floor"

usage() {
    cat <<EOF
usage: tests/bench/run_e2e.sh [options]
  --runs N        measure each command N times, report the median (default 5)
  --keep DIR      generate the data into DIR and keep it; reuse it when DIR
                  already holds data made with the same sizes
  --iki PATH      the iki binary (default \$IKI or $REPO/build-bench/iki)
  --files N       workbooks in the inbox (default 1000; the subset has N/10)
  --rows N        persons in the big list (default 300000; small list N/10)
  --tools LIST    comma-separated subset of iki,check,pandas,ssconvert,floor
  --only REGEX    only the workloads whose label matches (grep -E)
  --formats LIST  xlsx,xls,ods,csv (default) or xlsx,csv (no LibreOffice)
Environment: PYTHON (default /usr/bin/python3), IKI, IKI_LO_PROFILE.
EOF
}

while [ $# -gt 0 ]; do
    case $1 in
    --runs) RUNS=$2; shift 2 ;;
    --keep) KEEP=$2; shift 2 ;;
    --iki) IKI_BIN=$2; shift 2 ;;
    --files) FILES=$2; shift 2 ;;
    --rows) ROWS=$2; shift 2 ;;
    --tools) TOOLS=$2; shift 2 ;;
    --only) ONLY=$2; shift 2 ;;
    --formats) FORMATS=$2; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "run_e2e.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    esac
done
case $RUNS in '' | *[!0-9]* | 0) echo "run_e2e.sh: --runs wants a number >= 1" >&2; exit 2 ;; esac

have_tool() { case ",$TOOLS," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }
drop_tool() { TOOLS=$(echo ",$TOOLS," | sed "s/,$1,/,/; s/^,//; s/,\$//"); }

# ---- prerequisites -------------------------------------------------------
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    want=()
    [ -x /usr/bin/time ] || want+=(time)
    for m in pandas:python3-pandas openpyxl:python3-openpyxl xlrd:python3-xlrd \
        odf:python3-odf xlsxwriter:python3-xlsxwriter; do
        "$PY" -c "import ${m%%:*}" 2>/dev/null || want+=("${m#*:}")
    done
    if [ ${#want[@]} -gt 0 ]; then
        echo "run_e2e.sh: installing ${want[*]} (apt-get install -y)" >&2
        apt-get install -y "${want[@]}" >/dev/null 2>&1 ||
            { apt-get update >/dev/null 2>&1 && apt-get install -y "${want[@]}" >/dev/null 2>&1; } || true
    fi
fi
[ -x /usr/bin/time ] || { echo "run_e2e.sh: /usr/bin/time (Debian package 'time') is required" >&2; exit 2; }
if ! "$PY" -c 'import openpyxl, xlsxwriter' 2>/dev/null; then
    echo "run_e2e.sh: $PY lacks openpyxl or xlsxwriter (Debian: python3-openpyxl python3-xlsxwriter)" >&2
    exit 2
fi
if have_tool pandas && ! "$PY" -c 'import pandas, xlrd, odf' 2>/dev/null; then
    echo "run_e2e.sh: $PY lacks pandas, xlrd or odf (python3-pandas python3-xlrd python3-odf): leaving pandas out" >&2
    drop_tool pandas
fi
if have_tool ssconvert && ! command -v ssconvert >/dev/null; then
    echo "run_e2e.sh: ssconvert (Gnumeric) not found: leaving it out" >&2
    drop_tool ssconvert
fi
if have_tool floor && ! command -v unzip >/dev/null; then
    echo "run_e2e.sh: unzip not found: leaving the floor out" >&2
    drop_tool floor
fi
if [ ! -x "$IKI_BIN" ]; then
    echo "run_e2e.sh: no iki binary at $IKI_BIN (build it: cmake -S $REPO -B $REPO/build-bench -DCMAKE_BUILD_TYPE=Release && cmake --build $REPO/build-bench)" >&2
    exit 2
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/iki-e2e.XXXXXX")
# shellcheck disable=SC2317 # called by the trap
cleanup() { rm -rf "$TMP"; }
trap cleanup EXIT

# ---- data ------------------------------------------------------------------
if [ -n "$KEEP" ]; then
    mkdir -p "$KEEP"
    DATA=$(cd "$KEEP" && pwd)
else
    DATA=$TMP/data
    mkdir -p "$DATA"
fi
t0=$(date +%s)
# the year is generated unless --only leaves it out
YEAR=1 NOYEAR=()
if [ -n "$ONLY" ] && ! echo year-2025 | grep -Eq -- "$ONLY"; then YEAR=0 NOYEAR=(--no-year); fi
if [ -f "$DATA/manifest-e2e.tsv" ] &&
    head -n1 "$DATA/manifest-e2e.tsv" | grep -Eq "^# gen_inbox.py files=$FILES formats=$FORMATS year=($YEAR|1) "; then
    echo "run_e2e.sh: reusing the folders in $DATA" >&2
else
    echo "run_e2e.sh: generating the inbox ($FILES files), its tenth and a year into $DATA ..." >&2
    rm -f "$DATA/manifest-e2e.tsv"
    "$PY" "$HERE/gen_inbox.py" "$DATA" --files "$FILES" --formats "$FORMATS" "${NOYEAR[@]}" 2>"$TMP/gen.err" ||
        { cat "$TMP/gen.err" >&2; exit 1; }
fi
if [ -f "$DATA/persons/manifest.tsv" ] &&
    head -n1 "$DATA/persons/manifest.tsv" | grep -q "^# gen.py rows=$ROWS files=0 "; then
    echo "run_e2e.sh: reusing the lists of persons in $DATA/persons" >&2
else
    echo "run_e2e.sh: generating the lists of persons ($ROWS rows) ..." >&2
    rm -f "$DATA/persons/manifest.tsv"
    "$PY" "$HERE/gen.py" "$DATA/persons" --rows "$ROWS" --files 0 2>"$TMP/gen.err" ||
        { cat "$TMP/gen.err" >&2; exit 1; }
fi
[ $(($(date +%s) - t0)) -lt 5 ] || echo "run_e2e.sh: data ready in $(($(date +%s) - t0)) s" >&2

# ---- measuring -------------------------------------------------------------
# shellcheck source=tests/bench/lib.sh
. "$HERE/lib.sh"

# the commands, as sh scripts over a folder ($1) or a file
# shellcheck disable=SC2016 # $1, $2 and $f belong to the inner shell
SSCONVERT_DIR='find "$1" -type f \( -name "*.xlsx" -o -name "*.xls" -o -name "*.ods" \) |
while IFS= read -r f; do
    ssconvert -T Gnumeric_stf:stf_csv "$f" "$2/$(basename "$f").csv" </dev/null >/dev/null 2>&1 || exit 1
done'
# shellcheck disable=SC2016
FLOOR_DIR='find "$1" -type f | while IFS= read -r f; do
    case $f in
    *.xlsx) unzip -p "$f" "xl/worksheets/*.xml" "xl/sharedStrings.xml" || [ $? = 11 ] || exit 1 ;;
    *.ods) unzip -p "$f" content.xml || exit 1 ;;
    *) cat "$f" || exit 1 ;;
    esac
done >/dev/null'

declare -A WALL=() CPU=() RSS=() STATUS=() NOTE=() ROLE=() CHECK=() # empty but set (set -u)
LABELS=()
FAILED=0

run_tool() { # run_tool LABEL KIND PATH: measure $TOOL on the workload
    local label=$1 kind=$2 path=$3 k="$1|$TOOL"
    case $TOOL:$kind in
    iki:dir)
        # untimed: the JSON for the comparison; warms the page cache
        "$IKI_BIN" build -q -o "$TMP/out.xlsx" --json "$TMP/iki.json" "$path" \
            </dev/null >/dev/null 2>"$TMP/iki.err" || true
        measure /dev/null "$IKI_BIN" build -q -o "$TMP/out.xlsx" "$path" ;;
    iki:file)
        "$IKI_BIN" dump "$path" </dev/null >/dev/null 2>&1 || true
        measure /dev/null "$IKI_BIN" dump "$path" ;;
    check:dir) measure /dev/null "$IKI_BIN" check -q "$path" ;;
    check:file) return 1 ;;
    pandas:dir) measure "$TMP/ref.tsv" "$PY" "$HERE/ref_pandas.py" "$path" ;;
    pandas:file) measure /dev/null "$PY" "$HERE/read_pandas.py" "$path" ;;
    ssconvert:dir)
        rm -rf "$TMP/csv" && mkdir "$TMP/csv"
        measure /dev/null sh -c "$SSCONVERT_DIR" sh "$path" "$TMP/csv" ;;
    ssconvert:file) measure /dev/null ssconvert -T Gnumeric_stf:stf_csv "$path" "$TMP/one.csv" ;;
    floor:dir) measure /dev/null sh -c "$FLOOR_DIR" sh "$path" ;;
    floor:file) measure /dev/null unzip -p "$path" 'xl/worksheets/*.xml' ;;
    esac
    WALL[$k]=$M_WALL CPU[$k]=$M_CPU RSS[$k]=$M_RSS STATUS[$k]=$M_ERR
    [ -z "$M_ERR" ] || FAILED=1
    if [ "$TOOL" = pandas ] && [ "$kind" = dir ] && [ -z "$M_ERR" ] && [ -z "${STATUS[$label|iki]-x}" ]; then
        if CHECK[$label]=$("$PY" "$HERE/compare_iki.py" "$TMP/ref.tsv" "$TMP/iki.json" 2>&1); then :; else
            FAILED=1
        fi
    fi
    return 0
}

while IFS=$'\t' read -r label kind path _ role; do
    case $label in '#'* | '') continue ;; esac
    if [ -n "$ONLY" ] && ! echo "$label" | grep -Eq -- "$ONLY"; then continue; fi
    LABELS+=("$label")
    ROLE[$label]=$role
    LABEL=$label
    for TOOL in $ALL_TOOLS; do
        have_tool "$TOOL" || continue
        if [ "$TOOL" = pandas ] && [ "$kind" = dir ] && ! have_tool iki; then
            STATUS[$label|iki]=x # no JSON to compare with
        fi
        run_tool "$label" "$kind" "$path" || true
    done
done < <(grep -v '^#' "$DATA/manifest-e2e.tsv"; grep -v '^#' "$DATA/persons/manifest.tsv")

# ---- report ------------------------------------------------------------------
toolname() {
    case $1:$2 in
    iki:dir) echo "iki build" ;;
    iki:*) echo "iki dump" ;;
    check:*) echo "iki check" ;;
    pandas:dir) echo "pandas ref" ;;
    pandas:*) echo "pandas" ;;
    ssconvert:*) echo "ssconvert" ;;
    floor:*) echo "floor" ;;
    esac
}
kind_of() { case ${ROLE[$1]} in inbox-* | year) echo dir ;; *) echo file ;; esac; }

cpu=$(sed -n 's/^model name[^:]*: *//p' /proc/cpuinfo 2>/dev/null | head -n1)
echo
echo "iki end-to-end benchmark — $(date '+%Y-%m-%d %H:%M'), $(nproc) CPUs${cpu:+ ($cpu)}"
bt=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$(dirname "$IKI_BIN")/CMakeCache.txt" 2>/dev/null || true)
echo "iki: $IKI_BIN${bt:+ (CMAKE_BUILD_TYPE=$bt)}"
echo "python: $PY $("$PY" -c 'import sys
v = ["%d.%d.%d" % sys.version_info[:3]]
for m in ("pandas", "openpyxl", "xlrd"):
    try:
        v.append(m + " " + __import__(m).__version__)
    except ImportError: pass
print(", ".join(v))')"
echo "data: $DATA ($FILES files, formats $FORMATS; $ROWS persons); median of $RUNS run(s)"
echo
printf '%-19s %-11s %9s %9s %11s  %s\n' workload tool "wall s" "cpu s" "peak RSS" status
printf '%-19s %-11s %9s %9s %11s  %s\n' -------- ---- ------ ----- -------- ------
for label in "${LABELS[@]}"; do
    first=$label
    for TOOL in $ALL_TOOLS; do
        k="$label|$TOOL"
        [ -n "${WALL[$k]-}" ] || continue
        printf '%-19s %-11s %9.3f %9.2f %8s MB  %s\n' "$first" "$(toolname "$TOOL" "$(kind_of "$label")")" \
            "${WALL[$k]}" "${CPU[$k]}" "$(mb "${RSS[$k]}")" "${STATUS[$k]:-ok}"
        first=
    done
done
echo
echo "iki build: 'iki build -q -o OUT.xlsx DIR'; iki check: 'iki check -q DIR';"
echo "  iki dump: 'iki dump FILE' (a list of persons is read by iki through dump)."
echo "pandas ref: ref_pandas.py DIR (read every file, find the header, drop JUMLAH,"
echo "  sum per form and month, flows added, stocks the latest month, 19 indicators);"
echo "  pandas on a list: read_pandas.py FILE (read_excel, engine openpyxl)."
echo "ssconvert: one 'ssconvert -T Gnumeric_stf:stf_csv FILE OUT.csv' process per"
echo "  xlsx/xls/ods file from a sh loop, as a user's script would (CSV files are"
echo "  not converted); on a list, one process."
echo "floor: one 'unzip -p' per xlsx (worksheets + sharedStrings) and ods"
echo "  (content.xml), 'cat' of csv and xls, from one sh loop; on a list,"
echo "  'unzip -p FILE xl/worksheets/*.xml' (sharedStrings.xml left out)."

if [ ${#CHECK[@]} -gt 0 ]; then
    echo
    echo "indicators: pandas reference against 'iki build --json' (1e-9 relative)"
    for label in "${LABELS[@]}"; do
        [ -n "${CHECK[$label]-}" ] || continue
        echo "${CHECK[$label]}" | sed "1s/^/  $label: /; 2,\$s/^/  /"
    done
fi

for what in wall cpu; do
    echo
    echo "ratios of median $what time (iki / other; < 1: iki is faster)"
    printf '%-19s' workload
    for TOOL in pandas ssconvert floor; do have_tool "$TOOL" && printf ' %-26s' "iki/$TOOL"; done
    echo
    for label in "${LABELS[@]}"; do
        printf '%-19s' "$label"
        for TOOL in pandas ssconvert floor; do
            have_tool "$TOOL" || continue
            a="$label|iki" b="$label|$TOOL"
            if [ -z "${WALL[$a]-}" ] || [ -z "${WALL[$b]-}" ] || [ -n "${STATUS[$a]}${STATUS[$b]}" ]; then
                printf ' %-26s' n/a
            elif [ "$what" = wall ]; then
                printf ' %-26s' "$(ratio "${WALL[$a]}" "${WALL[$b]}")"
            else
                printf ' %-26s' "$(ratio "${CPU[$a]}" "${CPU[$b]}")"
            fi
        done
        echo
    done
done

# ---- targets (issue 7) -----------------------------------------------------
label_of() { for l in "${LABELS[@]}"; do [ "${ROLE[$l]}" = "$1" ] && echo "$l"; done; return 0; }
ok() { [ -n "${WALL[$1]-}" ] && [ -z "${STATUS[$1]}" ]; }
pf() { awk "BEGIN { print ($1) ? \"PASS\" : \"FAIL\" }"; }
echo
echo "targets (issue 7)"
big=$(label_of inbox-big) small=$(label_of inbox-small)
if [ -n "$big" ] && ok "$big|iki"; then
    w=${WALL[$big|iki]} r=${RSS[$big|iki]}
    if ok "$big|pandas"; then
        p=${WALL[$big|pandas]}
        echo "(a) $big: iki build $(awk -v a="$w" -v b="$p" 'BEGIN { printf "%.1f", b / a }')x faster than pandas (>= 30x): $(pf "$p / $w >= 30")"
    fi
    echo "(a) $big: iki build peak RSS $(mb "$r") MB (< 64 MB): $(pf "$r < 64 * 1024")"
    if [ -n "$small" ] && ok "$small|iki"; then
        s=${RSS[$small|iki]}
        echo "(a) flat: peak RSS $big / $small = $(mb "$r") / $(mb "$s") MB = $(awk -v a="$r" -v b="$s" 'BEGIN { printf "%.3f", a / b }') (<= 1.10): $(pf "$r <= 1.10 * $s")"
    fi
fi
for kind in shared inline; do
    b=$(label_of "big-$kind") s=$(label_of "small-$kind")
    if [ -n "$b" ] && ok "$b|iki" && ok "$b|floor"; then
        echo "(b) $b: iki dump / floor = $(awk -v a="${WALL[$b|iki]}" -v c="${WALL[$b|floor]}" 'BEGIN { printf "%.2f", a / c }') (<= 2): $(pf "${WALL[$b|iki]} <= 2 * ${WALL[$b|floor]}")"
    fi
    if [ -n "$b" ] && [ -n "$s" ] && ok "$b|iki" && ok "$s|iki"; then
        echo "(b) linear ($kind strings): iki dump $b / $s = $(awk -v a="${WALL[$b|iki]}" -v c="${WALL[$s|iki]}" 'BEGIN { printf "%.2f", a / c }') (<= 11): $(pf "${WALL[$b|iki]} <= 11 * ${WALL[$s|iki]}")"
    fi
done
y=$(label_of year)
if [ -n "$y" ] && ok "$y|iki"; then
    echo "(c) $y: iki build ${WALL[$y|iki]} s (< 1 s): $(pf "${WALL[$y|iki]} < 1")"
fi

if [ "$FAILED" != 0 ]; then
    echo
    echo "some commands failed or the indicators disagree (see status and indicators)"
    exit 1
fi
exit 0
