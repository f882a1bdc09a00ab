#!/bin/sh
# Regenerate po/iki.pot from every message of src/ and merge every
# po/LANG.po with it.  Run from anywhere after adding or changing a message;
# then translate the new or fuzzy entries of id.po (msgfmt --check
# --statistics po/id.po shows what is left; the build refuses a translation
# whose conversions differ, and unit.catalog_complete any message without
# one).  Needs xgettext and msgmerge (Debian package gettext).
#
# A message is any of (include/iki/msg.h):
#   IKI_MSG("...")                      a text or format kept for later
#   iki_diags_add(d, code, sev, f, s, c, "fmt", ...)  a diagnostic's format
#   reader_fail(r, code, "fmt", ...), reader_fail_cell(r, code, cell, "fmt", ...)
#   diag(x, code, sev, row, col, "fmt", ...) (src/table/sheet.c), fail(r, o, code, "fmt", ...)
#   (src/readers/ods.c)
#   _("...") and N_("...")              the CLI's texts
set -eu
cd "$(dirname "$0")/.."
xgettext --language=C --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=IKI_MSG \
    --keyword=iki_diags_add:7 --flag=iki_diags_add:7:c-format \
    --keyword=reader_fail:3 --flag=reader_fail:3:c-format \
    --keyword=reader_fail_cell:4 --flag=reader_fail_cell:4:c-format \
    --keyword=diag:6 --flag=diag:6:c-format --keyword=fail:4 --flag=fail:4:c-format \
    --flag=IKI_MSG:1:pass-c-format \
    --add-comments=TRANSLATORS: --package-name=iki \
    --msgid-bugs-address=iki --sort-by-file --no-wrap --add-location=file \
    --output=po/iki.pot $(find src -name '*.c' -o -name '*.h' | LC_ALL=C sort) \
    include/iki/*.h
# the POT's creation date changes every run, and line numbers with every
# edit of a source file: keep the file stable (files are named, not lines)
sed -i '/^"POT-Creation-Date:/d' po/iki.pot
for po in po/*.po; do
    [ -f "$po" ] || continue
    msgmerge --quiet --update --backup=none --no-wrap --sort-by-file --add-location=file \
        "$po" po/iki.pot
done
