#!/usr/bin/env bash
# The iki reader benchmark: iki dump against openpyxl, pandas and the
# `unzip -p` decompression floor, side by side.  See tests/bench/README.md.
#
#   tests/bench/run.sh [--runs N] [--keep DIR] [--iki PATH] [--rows N]
#                      [--files N] [--tools LIST] [--only REGEX]
#
# Not part of CTest (it takes minutes); tests/e2e/bench_smoke.sh runs it
# on tiny data.  Needs /usr/bin/time (GNU time): when it is missing and we
# run as root, the script installs Debian's package `time` with apt-get.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
PY=${PYTHON:-/usr/bin/python3}
IKI_BIN=${IKI:-$REPO/build-bench/iki}
RUNS=5
KEEP=
ROWS=300000
FILES=1000
TOOLS=iki,openpyxl,pandas,floor
ONLY=

usage() {
    cat <<EOF
usage: tests/bench/run.sh [options]
  --runs N      measure each command N times, report the median (default 5)
  --keep DIR    generate the data into DIR and keep it; reuse it when DIR
                already holds data made with the same --rows/--files
  --iki PATH    the iki binary (default \$IKI or $REPO/build-bench/iki)
  --rows N      persons in the big list (default 300000; small list N/10)
  --files N     workbooks in the folder workload (default 1000)
  --tools LIST  comma-separated subset of iki,openpyxl,pandas,floor
  --only REGEX  only the workloads whose label matches (grep -E)
Environment: PYTHON (default /usr/bin/python3), IKI.
EOF
}

while [ $# -gt 0 ]; do
    case $1 in
    --runs) RUNS=$2; shift 2 ;;
    --keep) KEEP=$2; shift 2 ;;
    --iki) IKI_BIN=$2; shift 2 ;;
    --rows) ROWS=$2; shift 2 ;;
    --files) FILES=$2; shift 2 ;;
    --tools) TOOLS=$2; shift 2 ;;
    --only) ONLY=$2; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "run.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    esac
done
case $RUNS in '' | *[!0-9]* | 0) echo "run.sh: --runs wants a number >= 1" >&2; exit 2 ;; esac

have_tool() { case ",$TOOLS," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }

# ---- prerequisites -------------------------------------------------------
if [ ! -x /usr/bin/time ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "run.sh: installing GNU time (apt-get install -y time)" >&2
        apt-get install -y time >/dev/null 2>&1 ||
            { apt-get update >/dev/null 2>&1 && apt-get install -y time >/dev/null 2>&1; } || true
    fi
    [ -x /usr/bin/time ] || { echo "run.sh: /usr/bin/time (Debian package 'time') is required" >&2; exit 2; }
fi
if ! "$PY" -c 'import openpyxl, xlsxwriter' 2>/dev/null; then
    echo "run.sh: $PY lacks openpyxl or xlsxwriter (Debian: python3-openpyxl python3-xlsxwriter)" >&2
    exit 2
fi
if have_tool pandas && ! "$PY" -c 'import pandas' 2>/dev/null; then
    echo "run.sh: $PY lacks pandas: leaving the pandas column out" >&2
    TOOLS=$(echo ",$TOOLS," | sed 's/,pandas,/,/; s/^,//; s/,$//')
fi
if have_tool floor && ! command -v unzip >/dev/null; then
    echo "run.sh: unzip not found: leaving the floor column out" >&2
    TOOLS=$(echo ",$TOOLS," | sed 's/,floor,/,/; s/^,//; s/,$//')
fi
if have_tool iki && [ ! -x "$IKI_BIN" ]; then
    echo "run.sh: no iki binary at $IKI_BIN (build it: cmake -S $REPO -B $REPO/build-bench -DCMAKE_BUILD_TYPE=Release && cmake --build $REPO/build-bench)" >&2
    exit 2
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/iki-bench.XXXXXX")
# shellcheck disable=SC2317 # called by the trap
cleanup() { rm -rf "$TMP"; }
trap cleanup EXIT

# ---- data ------------------------------------------------------------------
if [ -n "$KEEP" ]; then
    DATA=$KEEP
    mkdir -p "$DATA"
    DATA=$(cd "$DATA" && pwd)
else
    DATA=$TMP/data
fi
want="# gen.py rows=$ROWS files=$FILES"
if [ -f "$DATA/manifest.tsv" ] && head -n1 "$DATA/manifest.tsv" | grep -q "^$want "; then
    echo "run.sh: reusing the data in $DATA" >&2
else
    echo "run.sh: generating $ROWS rows and $FILES forms into $DATA ..." >&2
    rm -f "$DATA/manifest.tsv"
    t0=$(date +%s)
    "$PY" "$HERE/gen.py" "$DATA" --rows "$ROWS" --files "$FILES" 2>"$TMP/gen.err" ||
        { cat "$TMP/gen.err" >&2; exit 1; }
    echo "run.sh: generated in $(($(date +%s) - t0)) s" >&2
fi

# ---- measuring -------------------------------------------------------------
# median, measure (sets M_WALL, M_CPU, M_RSS, M_ERR), mb, ratio
# shellcheck source=tests/bench/lib.sh
. "$HERE/lib.sh"

declare -A WALL CPU RSS ROWSEEN STATUS NOTE
LABELS=()
declare -A ROLE EXPECT
FAILED=0

while IFS=$'\t' read -r label kind path rows role; do
    case $label in '#'* | '') continue ;; esac
    if [ -n "$ONLY" ] && ! echo "$label" | grep -Eq -- "$ONLY"; then continue; fi
    LABELS+=("$label")
    ROLE[$label]=$role
    EXPECT[$label]=$rows
    LABEL=$label
    for TOOL in iki openpyxl pandas floor; do
        have_tool "$TOOL" || continue
        k="$label|$TOOL"
        case $TOOL in
        iki)
            # untimed first pass: checks the output and warms the cache
            n=$("$IKI_BIN" dump "$path" </dev/null 2>/dev/null | grep -vc '^## ' || true)
            measure /dev/null "$IKI_BIN" dump "$path"
            ROWSEEN[$k]=$n
            ;;
        openpyxl | pandas)
            measure "$TMP/out" "$PY" "$HERE/read_$TOOL.py" "$path"
            ROWSEEN[$k]=$(sed -n 's/.*rows=\([0-9]*\).*/\1/p' "$TMP/out")
            ;;
        floor)
            if [ "$kind" = dir ]; then
                # shellcheck disable=SC2016 # $1 and $f are the inner shell's
                measure /dev/null sh -c 'for f in "$1"/*.xlsx; do unzip -p "$f" "xl/worksheets/*.xml" || exit 1; done' sh "$path"
            else
                measure /dev/null unzip -p "$path" 'xl/worksheets/*.xml'
            fi
            ROWSEEN[$k]=-
            ;;
        esac
        WALL[$k]=$M_WALL CPU[$k]=$M_CPU RSS[$k]=$M_RSS STATUS[$k]=$M_ERR
        # single-threaded tools: wall well above cpu means waiting (a busy machine?)
        NOTE[$k]=$(awk -v w="$M_WALL" -v c="$M_CPU" 'BEGIN { if (w > 1.25 * c + 0.03) print "(wall > cpu: busy?)" }')
        if [ -n "$M_ERR" ]; then
            FAILED=1
        elif [ "${ROWSEEN[$k]}" != - ] && [ "${ROWSEEN[$k]}" != "$rows" ]; then
            STATUS[$k]="rows: expected $rows"
            FAILED=1
        fi
    done
done <"$DATA/manifest.tsv"

# ---- report ------------------------------------------------------------------
toolname() {
    case $1 in
    iki) echo "iki dump" ;;
    openpyxl) echo "openpyxl" ;;
    pandas) echo "pandas" ;;
    floor) echo "unzip -p" ;;
    esac
}

cpu=$(sed -n 's/^model name[^:]*: *//p' /proc/cpuinfo 2>/dev/null | head -n1)
echo
echo "iki reader benchmark — $(date '+%Y-%m-%d %H:%M'), $(nproc) CPUs${cpu:+ ($cpu)}"
if have_tool iki; then
    bt=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$(dirname "$IKI_BIN")/CMakeCache.txt" 2>/dev/null || true)
    echo "iki: $IKI_BIN${bt:+ (CMAKE_BUILD_TYPE=$bt)}"
fi
echo "python: $PY $("$PY" -c 'import sys, openpyxl
v = ["%d.%d.%d" % sys.version_info[:3], "openpyxl " + openpyxl.__version__]
try:
    import pandas; v.append("pandas " + pandas.__version__)
except ImportError: pass
print(", ".join(v))')"
echo "data: $DATA ($ROWS rows, $FILES forms); median of $RUNS run(s)"
echo
printf '%-20s %-9s %9s %9s %11s %9s  %s\n' workload tool "wall s" "cpu s" "peak RSS" rows status
printf '%-20s %-9s %9s %9s %11s %9s  %s\n' -------- ---- ------ ----- -------- ---- ------
for label in "${LABELS[@]}"; do
    first=$label
    for TOOL in iki openpyxl pandas floor; do
        have_tool "$TOOL" || continue
        k="$label|$TOOL"
        st=${STATUS[$k]:-ok}
        [ -z "${NOTE[$k]}" ] || st="$st ${NOTE[$k]}"
        printf '%-20s %-9s %9.3f %9.2f %8s MB %9s  %s\n' "$first" "$(toolname "$TOOL")" \
            "${WALL[$k]}" "${CPU[$k]}" "$(mb "${RSS[$k]}")" "${ROWSEEN[$k]}" "$st"
        first=
    done
done
echo
echo "rows: lines the tool saw (iki dump: CSV lines; Python: rows iterated); expected:"
for label in "${LABELS[@]}"; do printf '  %s %s' "$label" "${EXPECT[$label]}"; done
echo
if [ "$(printf '%s\n' "${ROLE[@]}" | grep -c '^folder$')" -gt 0 ]; then
    echo "folder: iki reads it in one 'iki dump DIR' process; openpyxl and pandas read"
    echo "  each file in turn in one Python process (a loop); the floor is one"
    echo "  'unzip -p' per file from one sh loop. Python times include start-up and imports."
fi

if have_tool iki; then
    for what in wall cpu; do
        echo
        echo "ratios of median $what time (iki / other; < 1: iki is faster)"
        printf '%-20s' workload
        for TOOL in openpyxl pandas floor; do
            have_tool "$TOOL" && printf ' %-24s' "iki/$TOOL"
        done
        echo
        for label in "${LABELS[@]}"; do
            printf '%-20s' "$label"
            for TOOL in openpyxl pandas floor; do
                have_tool "$TOOL" || continue
                if [ -n "${STATUS[$label|iki]}" ] || [ -n "${STATUS[$label|$TOOL]}" ]; then
                    printf ' %-24s' n/a
                elif [ "$what" = wall ]; then
                    printf ' %-24s' "$(ratio "${WALL[$label|iki]}" "${WALL[$label|$TOOL]}")"
                else
                    printf ' %-24s' "$(ratio "${CPU[$label|iki]}" "${CPU[$label|$TOOL]}")"
                fi
            done
            echo
        done
    done

    # linearity: big/small for each kind of strings
    echo
    for kind in shared inline; do
        big='' small=''
        for label in "${LABELS[@]}"; do
            [ "${ROLE[$label]}" = "big-$kind" ] && big=$label
            [ "${ROLE[$label]}" = "small-$kind" ] && small=$label
        done
        if [ -z "$big" ] || [ -z "$small" ]; then continue; fi
        if [ -n "${STATUS[$big|iki]}${STATUS[$small|iki]}" ]; then
            echo "linearity ($kind strings): n/a (iki failed)"
            continue
        fi
        awk -v a="${WALL[$big|iki]}" -v b="${WALL[$small|iki]}" -v ca="${CPU[$big|iki]}" \
            -v cb="${CPU[$small|iki]}" -v ra="${EXPECT[$big]}" -v rb="${EXPECT[$small]}" \
            -v bl="$big" -v sl="$small" -v kind="$kind" 'BEGIN {
            n = (ra - 1) / (rb - 1) # persons, without the header row
            printf "linearity (%s strings): iki %s / %s: wall %.2f, cpu %s for %.1fx the persons (linear: %.1f)\n",
                kind, bl, sl, (b > 0 ? a / b : 0), (cb > 0 ? sprintf("%.2f", ca / cb) : "n/a"), n, n }'
    done

    # targets on the big lists
    echo
    for label in "${LABELS[@]}"; do
        case ${ROLE[$label]} in big-*) ;; *) continue ;; esac
        k="$label|iki"
        if [ -n "${STATUS[$k]}" ]; then
            echo "target $label: FAIL (iki failed: ${STATUS[$k]})"
            continue
        fi
        rss_ok=$(awk -v k="${RSS[$k]}" 'BEGIN { print (k < 64 * 1024) ? "PASS" : "FAIL" }')
        line="target $label: peak RSS $(mb "${RSS[$k]}") MB < 64 MB: $rss_ok"
        if have_tool openpyxl && [ -z "${STATUS[$label|openpyxl]}" ]; then
            sp_ok=$(awk -v a="${WALL[$k]}" -v b="${WALL[$label|openpyxl]}" \
                'BEGIN { printf "%.1fx faster than openpyxl >= 10x: %s", (a > 0 ? b / a : 0), (a > 0 && b / a >= 10) ? "PASS" : "FAIL" }')
            line="$line; $sp_ok"
        fi
        echo "$line"
    done
fi

if [ "$FAILED" != 0 ]; then
    echo
    echo "some commands failed or saw the wrong number of rows (see status)"
    exit 1
fi
exit 0
