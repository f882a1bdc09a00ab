#!/bin/bash
# Golden-file test of the consolidated workbook: build fixtures/sampang-2025
# exactly as fixtures/golden/make.sh does (the same script, into a temporary
# folder: fixed SOURCE_DATE_EPOCH, input times and relative paths; the iki
# version removed) and compare every part of the zip with the reviewed
# reference in fixtures/golden/sampang-2025/: the same set of parts, each
# byte for byte.  On failure, prints which parts differ and a unified diff
# of the first one (the parts hold one XML element per line).
#
# When the layout changed on purpose: review the diff, then regenerate the
# reference with   IKI=build/iki fixtures/golden/make.sh   and commit it.
# Env: IKI (the CLI), FIXTURES.  Needs bash, coreutils, unzip, diff.
set -u
: "${IKI:?IKI must name the iki binary}" "${FIXTURES:?FIXTURES must name fixtures/}"
ref=$FIXTURES/golden/sampang-2025
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ ! -d "$ref" ]; then
  echo "FAIL: no reference $ref (IKI=build/iki fixtures/golden/make.sh)"
  exit 1
fi
if ! bash "$FIXTURES/golden/make.sh" "$tmp/actual" 2>"$tmp/err"; then
  echo "FAIL: make.sh could not build the workbook:"
  cat "$tmp/err"
  exit 1
fi
(cd "$ref" && find . -type f | LC_ALL=C sort) >"$tmp/ref.list"
(cd "$tmp/actual" && find . -type f | LC_ALL=C sort) >"$tmp/actual.list"
fail=0
if ! cmp -s "$tmp/ref.list" "$tmp/actual.list"; then
  echo "FAIL: the workbook's parts differ from the reference (-reference +built):"
  diff -u "$tmp/ref.list" "$tmp/actual.list" | tail -n +3
  fail=1
fi
# the parts the brief names must be there at all
for part in ./xl/workbook.xml ./xl/sharedStrings.xml ./xl/styles.xml \
  ./docProps/core.xml ./docProps/app.xml ./docProps/custom.xml; do
  grep -qxF "$part" "$tmp/actual.list" || { echo "FAIL: the workbook has no $part"; fail=1; }
done
first="" ndiff=0 nsame=0
while IFS= read -r part; do
  [ -f "$ref/$part" ] || continue
  if cmp -s "$ref/$part" "$tmp/actual/$part"; then
    nsame=$((nsame + 1))
  else
    ndiff=$((ndiff + 1))
    echo "FAIL: ${part#./} differs from the reference"
    [ -n "$first" ] || first=$part
  fi
done <"$tmp/actual.list"
if [ -n "$first" ]; then
  echo "--- the first differing part, ${first#./} (-reference +built):"
  diff -u --label "reference/${first#./}" --label "built/${first#./}" \
    "$ref/$first" "$tmp/actual/$first" | head -n 200
  fail=1
fi
echo "build_golden: $nsame parts identical, $ndiff differ"
if [ "$fail" != 0 ]; then
  echo "If the change of layout is meant: review it, then IKI=build/iki fixtures/golden/make.sh"
  exit 1
fi
