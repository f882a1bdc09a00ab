#!/bin/bash
# A template cannot make iki read files other than its inputs or write
# outside its output: path-like values in a template (file globs, sheet
# globs, titles, office names) are only text.  Checked with strace: every
# file iki opens is an input, the template, the output's folder, or the
# system (libraries, locale data).
# The hostile template must be accepted (iki refusing it would test nothing:
# the test fails, it does not fall back to the built-in template).  Scratch
# files (libxlsxwriter's, which follow TMPDIR) go to the test's own folder:
# nothing outside it may be touched, not even in /tmp.
# Env: IKI, FIXTURES.  Needs strace and python3, else skipped (77).
set -u -o pipefail
. "$(dirname "$0")/lib/common.sh"
: "${IKI:?}" "${FIXTURES:?}"
command -v strace >/dev/null || skip "strace is not installed"
command -v python3 >/dev/null || skip "python3 is not installed"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
check() {
  local what=$1; shift
  if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $what"; fi
}
mkdir -p "$tmp/in" "$tmp/out" "$tmp/elsewhere" "$tmp/scratch"
cp "$FIXTURES/sampang-2025/pmks-2025.csv" "$tmp/in/"
echo secret >"$tmp/elsewhere/secret.xlsx"
"$IKI" template >"$tmp/t.yaml"
# hostile values: globs and names that look like paths outside
python3 - "$tmp/t.yaml" "$tmp/elsewhere" <<'PY'
import sys, re
p, elsewhere = sys.argv[1], sys.argv[2]
s = open(p).read()
n = s.count("\n  - code: pmks\n")
s = s.replace("\n  - code: pmks\n", "\n  - code: pmks\n    files: ['" + elsewhere + "/*', '../../*', '/etc/passwd']\n", 1)
s, k = re.subn(r"(\n  name: )", r"\1../../elsewhere/", s, count=1)
if n != 1 or k != 1:
    sys.exit("the built-in template changed: no pmks source or office name to edit")
open(p, "w").write(s)
PY
rc=$?
check "the hostile template was written (exit $rc)" [ "$rc" = 0 ]
check "the hostile globs are in it" grep -qF "files: ['$tmp/elsewhere/*', '../../*', '/etc/passwd']" "$tmp/t.yaml"
"$IKI" template -t "$tmp/t.yaml" >/dev/null 2>"$tmp/terr"; rc=$?
check "iki accepts the hostile template (exit $rc: $(head -c 300 "$tmp/terr"))" [ "$rc" = 0 ]
(cd "$tmp" && TMPDIR=$tmp/scratch strace -f -qq -e trace=openat,open,creat,rename,unlink -o "$tmp/trace" \
  "$IKI" build -q -t "$tmp/t.yaml" -o "$tmp/out/IKI.xlsx" "$tmp/in" >/dev/null 2>&1)
check "the build ran" [ -s "$tmp/out/IKI.xlsx" ]
# paths opened, written, renamed or removed
# under valgrind (-DIKI_VALGRIND=ON) the traced process is valgrind: its own
# files (its rc files, the wrapper, the real binary it loads, its log) are
# not iki's doing and are left out
vg='^$'
[ -n "${IKI_VALGRIND:-}" ] && vg="^($IKI|$IKI_REAL|$IKI_VG_LOGS/.*|(.*/)?\.valgrindrc)$"
grep -oE '"[^"]+"' "$tmp/trace" | tr -d '"' | grep -vE "$vg" | sort -u >"$tmp/paths"
bad=$(grep -vE "^($tmp/in(/|$)|$tmp/t\.yaml$|$tmp/out(/|$)|$tmp/scratch(/|$)|/usr/|/lib|/etc/ld\.so|/etc/localtime|/proc/|/sys/|/dev/|$tmp$|\.$)" "$tmp/paths" || true)
check "nothing opened outside inputs, template, output folder, scratch folder and the system: ${bad:-none}" [ -z "$bad" ]
check "the file elsewhere was never opened" sh -c "! grep -q elsewhere/secret '$tmp/trace'"
check "nothing written outside the output and scratch folders" \
  sh -c "! grep -E 'O_WRONLY|O_RDWR|O_CREAT|rename|unlink' '$tmp/trace' | grep -vF '\"$tmp/out/' | grep -vF '\"$tmp/scratch/' | grep -vF '\"${IKI_VG_LOGS:-/nonexistent}/' | grep -q ."
echo "template_safety: $pass passed, $fail failed"
[ "$fail" = 0 ]
