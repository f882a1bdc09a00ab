#!/bin/sh
# Regenerate po/iki.pot from the CLI's sources (strings marked _() and N_())
# and merge every po/LANG.po with it.  Run from anywhere after changing a
# message of src/cli/; then translate the new or fuzzy entries of id.po
# (msgfmt --check --statistics po/id.po shows what is left).
# Needs xgettext and msgmerge (Debian package gettext).
#
# The library's messages (diagnostics, reader errors, skip reasons, compute
# notes) are not here: they are English printf formats with Indonesian
# twins in src/diag_id.c, because the workbook is Indonesian whatever the
# user's language.
set -eu
cd "$(dirname "$0")/.."
xgettext --language=C --from-code=UTF-8 --keyword=_ --keyword=N_ \
    --add-comments=TRANSLATORS: --package-name=iki \
    --msgid-bugs-address=iki --sort-by-file --no-wrap \
    --output=po/iki.pot src/cli/*.c
# the POT's creation date changes every run: keep the file stable
sed -i '/^"POT-Creation-Date:/d' po/iki.pot
for po in po/*.po; do
    [ -f "$po" ] || continue
    msgmerge --quiet --update --backup=none --no-wrap --sort-by-file "$po" po/iki.pot
done
