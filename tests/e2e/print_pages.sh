#!/bin/bash
# The printed pages of the position sheets (src/report/position.c), as
# LibreOffice renders them to PDF (issue 11, item 8):
#   1. `iki build` of fixtures/sampang-2025 with the built-in template:
#      every position sheet is exactly one A4 landscape page (pdfinfo), and
#      its page setup says so (fit to 1 x 1 pages, no manual break);
#   2. with a long template made here from the built-in one (`iki template`
#      + PyYAML): a position holding every indicator of the office under its
#      goals ("Semua Indikator", 20 indicators in 9 goals), and the same
#      under every FUNGSI of the office ("Fungsi Panjang", ~50 rows above
#      the table): these print on several pages, so each has manual row
#      breaks, none of them inside a goal's merged range in column A (read
#      back with openpyxl: ws.row_breaks), a print scale instead of fitting
#      (Excel ignores manual breaks when fitting), the table header as print
#      titles; the PDF has exactly one page more than there are breaks (no
#      automatic break of LibreOffice's own cut a goal), every page from the
#      table's first shows the repeated header, and the last page holds the
#      last indicator with the signature block (never the signature alone);
#      the built-in positions of the same workbook still print on one page.
# One PDF a sheet: a copy of the workbook whose xl/workbook.xml lists only
# that sheet (and its own print area and titles); every other part is
# iki's, byte for byte.  The fonts are those of the offices' machines by
# metrics: Arial and Calibri must resolve to Liberation Sans and Carlito
# (fonts-liberation2, fonts-crosextra-carlito; .ci/install-deps), else the
# widths LibreOffice measures are not the users'.
# Env: IKI (the CLI), FIXTURES.  Needs soffice, pdfinfo and pdftotext
# (poppler-utils), fc-match, /usr/bin/python3 with openpyxl and PyYAML.
set -u
: "${IKI:?IKI must name the iki binary}" "${FIXTURES:?FIXTURES must name fixtures/}"
PY=/usr/bin/python3
[ -x "$IKI" ] || { echo "FAIL: IKI=$IKI is not an executable"; exit 1; }
for tool in soffice pdfinfo pdftotext fc-match; do
    command -v "$tool" >/dev/null || { echo "FAIL: $tool is needed (sh .ci/install-deps)"; exit 1; }
done
"$PY" -c 'import openpyxl, yaml' 2>/dev/null ||
    { echo "FAIL: /usr/bin/python3 with openpyxl and PyYAML is needed"; exit 1; }
case $(fc-match -f '%{family}' Arial) in *"Liberation Sans"*) ;; *)
    echo "FAIL: Arial resolves to '$(fc-match -f '%{family}' Arial)', not Liberation Sans (fonts-liberation2)"; exit 1 ;;
esac
case $(fc-match -f '%{family}' Calibri) in *Carlito*) ;; *)
    echo "FAIL: Calibri resolves to '$(fc-match -f '%{family}' Calibri)', not Carlito (fonts-crosextra-carlito)"; exit 1 ;;
esac
tmp=$(mktemp -d)
profile=/tmp/lo-print-$$
trap 'rm -rf "$tmp" "$profile"' EXIT
D=$FIXTURES/sampang-2025
export SOURCE_DATE_EPOCH=1767139200 TZ=UTC

"$IKI" template >"$tmp/builtin.yaml" || { echo "FAIL: iki template failed"; exit 1; }
"$PY" - "$tmp/builtin.yaml" "$tmp/long.yaml" <<'EOF' || { echo "FAIL: cannot write the long template"; exit 1; }
import sys, yaml
src, dst = sys.argv[1:]
t = yaml.safe_load(open(src, encoding="utf-8"))
seen, goals, fungsi = set(), [], []
for p in t["positions"]:
    fungsi += p.get("fungsi") or []
    for g in p["goals"]:
        inds = [c for c in g.get("indicators") or [] if c not in seen]
        seen.update(inds)
        if inds:
            goals.append({"sasaran": g["sasaran"], "indicators": inds})
base = dict(t["positions"][0])
t["positions"].append(dict(base, code="semua", sheet="Semua Indikator",
                           title="SEMUA INDIKATOR DINAS SOSIAL PPPA", goals=goals))
t["positions"].append(dict(base, code="panjang", sheet="Fungsi Panjang",
                           title="SEMUA FUNGSI DINAS SOSIAL PPPA", fungsi=fungsi, goals=goals))
yaml.safe_dump(t, open(dst, "w", encoding="utf-8"), allow_unicode=True, sort_keys=False,
               width=1000)
EOF
for w in builtin long; do
    timeout 120 "$IKI" build -q -t "$tmp/$w.yaml" -o "$tmp/$w.xlsx" "$D" >"$tmp/$w.out" 2>"$tmp/$w.err"
    rc=$?
    if [ "$rc" -gt 1 ] || [ ! -s "$tmp/$w.xlsx" ]; then
        echo "FAIL: iki build -t $w.yaml exited $rc without a workbook:"; head -5 "$tmp/$w.err"; exit 1
    fi
done

# one workbook a position sheet, and what its PDF must be
mkdir "$tmp/one"
fail=0
"$PY" - "$tmp" >"$tmp/expect" <<'EOF' || fail=1
import os, re, sys, zipfile, openpyxl, yaml
tmp = sys.argv[1]
fails = 0
def fail(book, sheet, msg):
    global fails
    fails += 1
    print("FAIL: %s.xlsx, sheet %s: %s" % (book, sheet, msg), file=sys.stderr)

def one_sheet(src, name, dst):
    """src with only sheet `name` listed in xl/workbook.xml."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/workbook.xml":
                t = data.decode("utf-8")
                sheets = re.findall(r"<sheet [^>]*/>", t)
                names = [re.search(r' name="([^"]*)"', s).group(1) for s in sheets]
                keep = names.index(name.replace("&", "&amp;"))
                t = re.sub(r"<sheets>.*?</sheets>", lambda m: "<sheets>" + sheets[keep] + "</sheets>",
                           t, flags=re.S)
                def name_of(m):
                    lid = re.search(r' localSheetId="(\d+)"', m.group(0))
                    if lid is None or int(lid.group(1)) != keep:
                        return ""
                    return m.group(0).replace(lid.group(0), ' localSheetId="0"')
                t = re.sub(r"<definedName [^>]*>[^<]*</definedName>", name_of, t)
                t = re.sub(r' (activeTab|firstSheet)="\d+"', "", t.replace("<definedNames></definedNames>", ""))
                data = t.encode("utf-8")
            zout.writestr(info, data)

long_sheets = {"Semua Indikator", "Fungsi Panjang"}
n = 0
for book in ("builtin", "long"):
    tpl = yaml.safe_load(open(os.path.join(tmp, book + ".yaml"), encoding="utf-8"))
    wb = openpyxl.load_workbook(os.path.join(tmp, book + ".xlsx"))
    for pos in tpl["positions"]:
        name = pos["sheet"]
        if name not in wb.sheetnames:
            fail(book, name, "no such sheet")
            continue
        ws = wb[name]
        ps = ws.page_setup
        fit = bool(ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage)
        breaks = sorted(b.id for b in ws.row_breaks.brk)
        header = next((r for r in range(1, ws.max_row + 1)
                       if ws.cell(r, 1).value == "Sasaran / Kinerja Utama"), None)
        if header is None:
            fail(book, name, "no table header")
            continue
        if ws.print_title_rows != "$%d:$%d" % (header, header + 1):
            fail(book, name, "print titles %r, want the header rows %d:%d"
                 % (ws.print_title_rows, header, header + 1))
        if ps.orientation != "landscape" or str(ps.paperSize) != "9":
            fail(book, name, "not A4 landscape (%r, %r)" % (ps.orientation, ps.paperSize))
        if name in long_sheets:
            if fit or not breaks:
                fail(book, name, "a long position should print on several pages with manual "
                     "breaks, not fit (fitToPage %r, breaks %r)" % (fit, breaks))
            if not ps.scale or not 10 <= int(ps.scale) <= 100:
                fail(book, name, "print scale %r" % ps.scale)
            for m in ws.merged_cells.ranges:
                if m.min_col == 1 and m.max_col == 1:
                    for b in breaks:  # a break at b falls between rows b and b+1
                        if m.min_row <= b < m.max_row:
                            fail(book, name, "page break after row %d cuts the goal %s" % (b, m.coord))
            # the last indicator's name (column B of the last table row)
            last_ind = max((r for r in range(header + 2, ws.max_row + 1) if ws.cell(r, 2).value),
                           default=None)
            last_name = ws.cell(last_ind, 2).value if last_ind else ""
            want = len(breaks) + 1
        else:
            if not fit or str(ps.fitToWidth or 1) != "1" or str(ps.fitToHeight or 1) != "1":
                fail(book, name, "not fitted to one page (fitToPage %r, %r x %r)"
                     % (fit, ps.fitToWidth, ps.fitToHeight))
            if breaks:
                fail(book, name, "manual breaks %r on a one-page sheet" % breaks)
            last_name = ""
            want = 1
        n += 1
        one_sheet(os.path.join(tmp, book + ".xlsx"), name, os.path.join(tmp, "one", "s%02d.xlsx" % n))
        print("s%02d\t%s\t%s\t%d\t%s" % (n, book, name, want, last_name))
if n < 16:
    fail("-", "-", "only %d position sheets" % n)
sys.exit(1 if fails else 0)
EOF
[ "$(wc -l <"$tmp/expect")" -ge 16 ] || { echo "FAIL: the sheets to render were not listed"; exit 1; }

timeout 300 soffice -env:UserInstallation=file://$profile --headless --norestore \
    --convert-to pdf --outdir "$tmp/one" "$tmp"/one/s*.xlsx >"$tmp/soffice.log" 2>&1 ||
    { echo "FAIL: soffice could not convert:"; head -5 "$tmp/soffice.log"; exit 1; }

while IFS=$'\t' read -r id book sheet want last_name; do
    pdf=$tmp/one/$id.pdf
    if [ ! -s "$pdf" ]; then
        echo "FAIL: $book.xlsx, sheet $sheet: no PDF"; fail=1; continue
    fi
    pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
    size=$(pdfinfo "$pdf" | awk '/^Page size:/ {print int($3 + 0.5) "x" int($5 + 0.5)}')
    if [ "$pages" != "$want" ]; then
        echo "FAIL: $book.xlsx, sheet $sheet prints on $pages pages, want $want"; fail=1
    fi
    [ "$size" = "842x595" ] || { echo "FAIL: $book.xlsx, sheet $sheet: page size $size, not A4 landscape"; fail=1; }
    [ "$want" -gt 1 ] || continue
    # every page from the table's first shows the header; the last page
    # holds the last indicator beside the signature block
    seen=0
    for ((p = 1; p <= pages; p++)); do
        txt=$(pdftotext -layout -f $p -l $p "$pdf" - | tr -s ' \n' '  ')
        case $txt in *"Sasaran / Kinerja Utama"*) seen=1 ;; *)
            [ $seen = 0 ] || { echo "FAIL: $book.xlsx, sheet $sheet: page $p has no table header"; fail=1; } ;;
        esac
    done
    last=$(pdftotext -f "$pages" -l "$pages" "$pdf" - | tr -s ' \n' '  ')
    case $last in *NIP.*) ;; *) echo "FAIL: $book.xlsx, sheet $sheet: no signature block on the last page"; fail=1 ;; esac
    words=$(printf '%s' "$last_name" | cut -d' ' -f1-3)
    case $last in *"$words"*) ;; *)
        echo "FAIL: $book.xlsx, sheet $sheet: the last page lacks the last indicator ('$words'): the signature is alone"; fail=1 ;;
    esac
done <"$tmp/expect"
n=$(wc -l <"$tmp/expect")
if [ "$fail" != 0 ]; then
    echo "print_pages: $n sheets rendered; see the failures above"
    exit 1
fi
echo "print_pages: $n position sheets rendered, each on its expected pages"
