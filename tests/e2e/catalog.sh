#!/bin/bash
# One catalog, complete (issue 15): every message of src/ (IKI_MSG, the
# formats of iki_diags_add, reader_fail, ..., the CLI's _() and N_(); the
# keywords of po/update.sh) has an Indonesian translation in po/id.po that
# is not fuzzy and not the English itself, and po/iki.pot is up to date.
# The build embeds po/id.po (unit.msg checks every entry is found in the
# program), so no message can fall back to English in the workbook or on an
# Indonesian terminal: diagnostics, reader errors, skip reasons, compute
# notes and the CLI's own texts alike.  At run time IKI_MSG_STRICT (set for
# every e2e test) fails a run that formatted a message without Indonesian.
# Env: TESTS_DIR.  Needs xgettext, msgcmp (gettext) and python3.
set -u
. "$(dirname "$0")/lib/common.sh"
root=$(cd "${TESTS_DIR:-$(dirname "$0")/..}/.." && pwd)
for t in xgettext msgcmp msgmerge; do
    command -v "$t" >/dev/null || skip "no $t (Debian package gettext)"
done
command -v python3 >/dev/null || skip "no python3"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# po/update.sh on a copy of the tree's po/ and sources
mkdir -p "$tmp/tree"
cp -r "$root/po" "$root/src" "$root/include" "$tmp/tree/"
sh "$tmp/tree/po/update.sh" || fail "po/update.sh failed"
cmp -s "$root/po/iki.pot" "$tmp/tree/po/iki.pot" ||
    fail "po/iki.pot is not up to date (run po/update.sh):
$(diff "$root/po/iki.pot" "$tmp/tree/po/iki.pot" | grep '^[<>] msgid' | head -10)"
# every extracted message has a translation (fuzzy and empty ones count
# as missing)
msgcmp "$root/po/id.po" "$tmp/tree/po/iki.pot" 2>"$tmp/msgcmp.err" ||
    fail "messages without Indonesian in po/id.po:
$(head -20 "$tmp/msgcmp.err")"

# no translation is the English itself, but for the few that are the same
# word in both languages
python3 - "$root/po/id.po" >"$tmp/same.txt" <<'PY'
import re, sys
# the same in both: a word of both languages, a line of an option and
# data, a line of the workbook's own (Indonesian) column names
allowed = {"info", "ok", r"iki build: --previous %s: %s\n",
           r"    %-28s %10s / %-10s realisasi %-9s %-8s capaian %-7s %s%s%s\n"}
text = open(sys.argv[1], encoding="utf-8").read()
for block in text.split("\n\n"):
    if block.lstrip().startswith("#~") or "#, fuzzy" in block:
        continue
    m = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
    n = re.search(r'^msgstr ((?:".*"\n?)+)', block, re.M)
    if not m or not n:
        continue
    en = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(1)))
    id_ = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', n.group(1)))
    if en and en == id_ and en not in allowed:
        print(en)
PY
[ -s "$tmp/same.txt" ] && fail "translations equal to their English:
$(head -10 "$tmp/same.txt")"

# the sanity of the check itself: a message added to the sources without a
# translation is found
printf 'const char *iki_probe(void);\nconst char *iki_probe(void) { return IKI_MSG("probe message without a translation"); }\n' \
    >"$tmp/tree/src/probe.c"
sh "$tmp/tree/po/update.sh" >/dev/null 2>&1
if msgcmp "$root/po/id.po" "$tmp/tree/po/iki.pot" >/dev/null 2>&1; then
    fail "a new untranslated message was not noticed"
fi

if [ "$fails" -gt 0 ]; then
    echo "$fails failure(s)"
    exit 1
fi
echo "PASS: every message of src/ has its Indonesian in po/id.po"
