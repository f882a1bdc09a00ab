# Shared shell functions of the benchmarks (tests/bench/run.sh and
# run_e2e.sh); sourced, not run.  The caller sets RUNS, TMP (a scratch
# folder), LABEL and TOOL (shown in the progress line).

median() {
    printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 }
        END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

# measure OUT CMD...: run CMD $RUNS times, stdout to OUT; sets M_WALL (s),
# M_CPU (user+sys s), M_RSS (peak KiB) as medians, M_ERR ("" or the error).
# Wall time is taken with date +%N around the run (ms resolution); CPU and
# RSS come from GNU time.  A failing command is not repeated.  Stdin is
# /dev/null: the commands run inside the loop that reads the manifest.
measure() {
    local out=$1
    shift
    local walls=() cpus=() rsss=() i t0 t1 u s m
    M_ERR=
    for ((i = 1; i <= RUNS; i++)); do
        [ ! -t 2 ] || printf '  %-22s %-9s run %d/%d\r' "$LABEL" "$TOOL" "$i" "$RUNS" >&2
        t0=$(date +%s%N)
        if ! /usr/bin/time -f '%e %U %S %M' -o "$TMP/time" "$@" </dev/null >"$out" 2>"$TMP/err"; then
            M_ERR=$(grep -v '^Command exited' "$TMP/err" | head -n1 | cut -c1-60 || true)
            [ -n "$M_ERR" ] || M_ERR="exit status $(grep -o '[0-9]*$' "$TMP/time" | head -n1 || true)"
        fi
        t1=$(date +%s%N)
        read -r _ u s m < <(tail -n1 "$TMP/time")
        walls+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", (b - a) / 1e9 }')")
        cpus+=("$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')")
        rsss+=("$m")
        [ -z "$M_ERR" ] || break
    done
    [ ! -t 2 ] || printf '%60s\r' '' >&2
    M_WALL=$(median "${walls[@]}")
    M_CPU=$(median "${cpus[@]}")
    M_RSS=$(median "${rsss[@]}")
}

mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
ratio() { # ratio A B: "A/B (B/A x faster)"
    awk -v a="$1" -v b="$2" 'BEGIN {
        if (a <= 0 || b <= 0) { print "n/a"; exit }
        r = a / b
        if (r < 1) printf "%.3f (%.1fx faster)", r, 1 / r
        else printf "%.3f (%.1fx slower)", r, r }'
}
