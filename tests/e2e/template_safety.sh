#!/bin/bash
# A template cannot make iki read files other than its inputs or write
# outside its output: path-like values in a template (file globs, sheet
# globs, titles, office names) are only text.  Checked with strace: every
# file iki opens is an input, the template, the output's folder, or the
# system (libraries, locale data).
# Env: IKI, FIXTURES.
set -u
: "${IKI:?}" "${FIXTURES:?}"
command -v strace >/dev/null || { echo "skipped: strace is not installed"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
check() {
  local what=$1; shift
  if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $what"; fi
}
mkdir -p "$tmp/in" "$tmp/out" "$tmp/elsewhere"
cp "$FIXTURES/sampang-2025/pmks-2025.csv" "$tmp/in/"
echo secret >"$tmp/elsewhere/secret.xlsx"
"$IKI" template >"$tmp/t.yaml"
# hostile values: globs and names that look like paths outside
python3 - "$tmp/t.yaml" "$tmp/elsewhere" <<'PY' 2>/dev/null || sed -i "s|^  name: Dinas|  name: ../../elsewhere/Dinas|" "$tmp/t.yaml"
import sys, re
p, elsewhere = sys.argv[1], sys.argv[2]
s = open(p).read()
s = s.replace("\n  - code: pmks\n", "\n  - code: pmks\n    files: ['" + elsewhere + "/*', '../../*', '/etc/passwd']\n", 1)
s = re.sub(r"(\n  name: )", r"\1../../elsewhere/", s, count=1)
open(p, "w").write(s)
PY
"$IKI" template -t "$tmp/t.yaml" >/dev/null 2>&1 || { echo "note: the edited template is invalid; using the built-in one"; "$IKI" template >"$tmp/t.yaml"; }
(cd "$tmp" && strace -f -qq -e trace=openat,open,creat,rename,unlink -o "$tmp/trace" \
  "$IKI" build -q -t "$tmp/t.yaml" -o "$tmp/out/IKI.xlsx" "$tmp/in" >/dev/null 2>&1)
check "the build ran" [ -s "$tmp/out/IKI.xlsx" ]
# paths opened, written, renamed or removed
# under valgrind (-DIKI_VALGRIND=ON) the traced process is valgrind: its own
# files (its rc files, the wrapper, the real binary it loads, its log) are
# not iki's doing and are left out
vg='^$'
[ -n "${IKI_VALGRIND:-}" ] && vg="^($IKI|$IKI_REAL|$IKI_VG_LOGS/.*|(.*/)?\.valgrindrc)$"
grep -oE '"[^"]+"' "$tmp/trace" | tr -d '"' | grep -vE "$vg" | sort -u >"$tmp/paths"
bad=$(grep -vE "^($tmp/in(/|$)|$tmp/t\.yaml$|$tmp/out(/|$)|/usr/|/lib|/etc/ld\.so|/etc/localtime|/proc/|/sys/|/dev/|/tmp/[^/]*$|$tmp$|\.$)" "$tmp/paths" |
      grep -v "^$tmp/out" || true)
check "nothing opened outside inputs, template, output folder and the system: ${bad:-none}" [ -z "$bad" ]
check "the file elsewhere was never opened" sh -c "! grep -q elsewhere/secret '$tmp/trace'"
check "nothing written outside the output folder" \
  sh -c "! grep -E 'O_WRONLY|O_RDWR|O_CREAT|rename|unlink' '$tmp/trace' | grep -v '$tmp/out/' | grep -vE '/tmp/[^/\"]*\"' | grep -vF '\"${IKI_VG_LOGS:-/nonexistent}/' | grep -q ."
echo "template_safety: $pass passed, $fail failed"
[ "$fail" = 0 ]
