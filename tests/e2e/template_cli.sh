#!/bin/bash
# `iki template`: prints the built-in template byte for byte (the file in
# templates/), checks and prints another with -t, and every bad template in
# fixtures/templates gives exit code 2 and exactly one line
# "iki: FILE:LINE:COLUMN: ..." on stderr, nothing on stdout.
# Env: IKI (the CLI), FIXTURES (the repo's fixtures folder), TESTS_DIR.
set -u
. "$(dirname "$0")/lib/common.sh"
: "${IKI:?IKI must name the iki binary}" "${FIXTURES:?FIXTURES must name fixtures/}"
: "${TESTS_DIR:?TESTS_DIR must name tests/}"
slow=$(time_factor) # time bounds widened under valgrind and the sanitizers
T=$FIXTURES/templates
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
check() { # check DESCRIPTION COMMAND...: passes when COMMAND succeeds
    local what=$1
    shift
    if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $what"; fi
}
run() { # run ARGS...: $IKI ARGS with a time bound; sets rc, out, err files
    timeout $((60 * slow)) "$IKI" "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
}

# --- the built-in template, as in the source tree
run template
check "template: exit 0" test "$rc" -eq 0
check "template: the file in templates/" cmp -s "$tmp/out" "$TESTS_DIR/../templates/dinsos-pppa-sampang.yaml"
check "template: quiet" test ! -s "$tmp/err"
# what it prints loads again with -t
cp "$tmp/out" "$tmp/copy.yaml"
run template -t "$tmp/copy.yaml"
check "template -t copy: exit 0" test "$rc" -eq 0
check "template -t copy: printed" cmp -s "$tmp/out" "$tmp/copy.yaml"

# --- a good template of our own
run template -t "$T/good-minimal.yaml"
check "good-minimal: exit 0" test "$rc" -eq 0
check "good-minimal: printed as is" cmp -s "$tmp/out" "$T/good-minimal.yaml"

# --- bad templates: exit 2, one line FILE:LINE:COLUMN on stderr
while read -r file where phrase; do
    run template -t "$T/$file"
    check "$file: exit 2 (got $rc)" test "$rc" -eq 2
    check "$file: no output" test ! -s "$tmp/out"
    check "$file: one line" test "$(wc -l <"$tmp/err")" -eq 1
    check "$file: $where $phrase" grep -qF "$T/$file:$where: $phrase" "$tmp/err"
done <<'LIST'
bad-yaml.yaml 10:11 invalid YAML
unknown-key.yaml 12:5 unknown key 'indikator'
duplicate-indicator.yaml 15:11 duplicate indicator code 'pulih'
duplicate-source.yaml 10:11 duplicate source code 'pmks'
undefined-source.yaml 14:25 undefined source 'pmkx'
undefined-field.yaml 14:25 undefined field 'ditanganii'
undefined-indicator.yaml 20:53 undefined indicator 'tidak_ada'
bad-kind.yaml 13:11 bad value 'persen' for 'kind'
sheet-too-long.yaml 18:12 sheet name
percent-without-denominator.yaml 14:13 indicator 'pulih' of kind percent needs input denominator
LIST

# --- YAML bombs: refused at once (exit 2, line and column, under 5 s; times
# time_factor under valgrind or a sanitizer)
/usr/bin/python3 - "$tmp" <<'PY'
import sys
d = sys.argv[1]
open(d + "/deep.yaml", "w").write("office: " + "[" * 1000000 + "]" * 1000000 + "\n")
lines = ["positions:"]
goals = "&G [" + ", ".join(["{sasaran: S, indicators: [pmks_pulih, idg, kla]}"] * 3000) + "]"
for k in range(1000):
    lines.append("  - {code: p%d, title: T, sheet: S%d, tugas: x, goals: %s}"
                 % (k, k, goals if k == 0 else "*G"))
open(d + "/aliases.yaml", "w").write("\n".join(lines) + "\n")
PY
for b in "deep.yaml 1:72 collections nested deeper than 64" \
         "aliases.yaml 6:54 the template expands to more than 100000 nodes"; do
  set -- $b
  start=$(date +%s)
  run template -t "$tmp/$1"
  check "$1: exit 2" test "$rc" -eq 2
  check "$1: $2 ${*:3}" grep -qF "$tmp/$1:$2: ${*:3}" "$tmp/err"
  check "$1: at once (under $((5 * slow)) s)" test $(( $(date +%s) - start )) -lt $((5 * slow))
done

# --- a missing template file: exit 2 with the reason
run template -t "$tmp/none.yaml"
check "missing: exit 2" test "$rc" -eq 2
check "missing: cannot read" grep -qF "$tmp/none.yaml: cannot read" "$tmp/err"

# --- usage
run template --bogus
check "usage: exit 2" test "$rc" -eq 2

echo "template_cli: $pass passed, $fail failed"
test "$fail" -eq 0
