#!/usr/bin/python3
"""Generate the folders of the end-to-end benchmark (tests/bench/run_e2e.sh).

    /usr/bin/python3 tests/bench/gen_inbox.py OUTDIR [--files N]
                                             [--formats LIST]

Writes into OUTDIR (created if missing; refused inside the repository):

  inbox-N/YYYY/CODE-BULAN-YYYY.EXT
      N workbooks (default 1000) of the 11 standard forms of the built-in
      template, ONE office (Dinas Sosial PPPA Kabupaten Sampang) reporting
      every form every month from Januari 2017 on (N = 1000: up to Juli
      2024), a sub-folder per year.  File i is form CODES[i % 11] of month
      i // 11, so every (form, month) occurs once: no two files collide
      (iki keeps only the newer of two files with the same form and period).
  inbox-N/10/...
      every 10th file of inbox-N (hard links, else copies): the flatness
      check (memory must not grow with the number of files)
  year-2025/Januari .. Desember/CODE-BULAN-2025.EXT
      one year: each month a folder with one file per form (132 files)
      (--no-year: left out)
  manifest-e2e.tsv
      label, kind, path, files, role per workload

Formats rotate over the files: of every 8, three xlsx from XlsxWriter
(=SUM JUMLAH row with cached values), one xlsx from openpyxl (literal
JUMLAH), two CSV as Indonesian Excel saves them (';', 1.234, 0,2476, '-'),
one xls and one ods converted by LibreOffice (one soffice call per format
for all files).  --formats xlsx,csv leaves LibreOffice out (xls and ods
become XlsxWriter xlsx).  Every file has three title rows (the last one
names the month: "BULAN MARET 2019") and one header row of the fields'
titles; area forms end with a JUMLAH row.  Fixed seed.
"""

import argparse
import os
import random
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import forms  # noqa: E402

SEED = 20250701
ROTATION = ["xw", "xw", "csv", "xls", "xw", "opx", "csv", "ods"]


def inside_repo(outdir):
    repo = os.path.realpath(os.path.join(os.path.dirname(
        os.path.abspath(__file__)), "..", ".."))
    out = os.path.realpath(outdir)
    return out == repo or out.startswith(repo + os.sep)


class Writer:
    """Writes forms; xls/ods go through a staging xlsx and one soffice call."""

    def __init__(self, office):
        self.office = office
        self.stage = tempfile.mkdtemp(prefix="iki-gen-")
        self.pending = {"xls": [], "ods": []}  # (staged xlsx, final path)

    def write(self, path_noext, kind, form):
        if kind in ("xls", "ods") and not self.office:
            kind = "xw"
        if kind == "xw":
            forms.write_xlsxwriter(path_noext + ".xlsx", form)
            return path_noext + ".xlsx"
        if kind == "opx":
            forms.write_openpyxl(path_noext + ".xlsx", form)
            return path_noext + ".xlsx"
        if kind == "csv":
            forms.write_csv(path_noext + ".csv", form)
            return path_noext + ".csv"
        staged = os.path.join(self.stage, kind + "-" + os.path.basename(path_noext) + ".xlsx")
        forms.write_xlsxwriter(staged, form)
        self.pending[kind].append((staged, path_noext + "." + kind))
        return path_noext + "." + kind

    def finish(self):
        profile = os.environ.get("IKI_LO_PROFILE", "/tmp/lo-iki-bench")
        for kind, items in self.pending.items():
            if not items:
                continue
            outdir = os.path.join(self.stage, "out-" + kind)
            os.makedirs(outdir, exist_ok=True)
            made = forms.soffice_convert([s for s, _ in items], kind, outdir, profile)
            for m, (_, final) in zip(made, items):
                shutil.move(m, final)
            print("converted %d files to %s (LibreOffice)" % (len(items), kind),
                  file=sys.stderr)
        shutil.rmtree(self.stage, ignore_errors=True)


def link(src, dst):
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--files", type=int, default=1000,
                    help="workbooks in the inbox (default 1000; the subset "
                         "has files/10)")
    ap.add_argument("--formats", default="xlsx,xls,ods,csv",
                    help="xlsx,xls,ods,csv (default) or xlsx,csv (no LibreOffice)")
    ap.add_argument("--no-year", action="store_true",
                    help="leave out the twelve monthly folders")
    a = ap.parse_args()
    if a.files < 11:
        ap.error("--files must be >= 11 (one of each form)")
    if inside_repo(a.outdir):
        ap.error("refusing to write into the repository: %s" % a.outdir)
    fmts = set(a.formats.split(","))
    if not fmts <= {"xlsx", "xls", "ods", "csv"} or not {"xlsx", "csv"} <= fmts:
        ap.error("--formats: xlsx,csv and optionally xls,ods")
    office = bool(fmts & {"xls", "ods"})
    if office and not shutil.which("soffice"):
        ap.error("soffice (LibreOffice) not found: use --formats xlsx,csv")
    os.makedirs(a.outdir, exist_ok=True)
    out = os.path.realpath(a.outdir)
    w = Writer(office)
    rng = random.Random(SEED)

    # (a) the inbox: month p = i // 11 from Januari 2017, form i % 11
    inbox = os.path.join(out, "inbox-%d" % a.files)
    sub = os.path.join(out, "inbox-%d" % (a.files // 10))
    for d in (inbox, sub):
        shutil.rmtree(d, ignore_errors=True)
    made = []
    for i in range(a.files):
        p = i // len(forms.CODES)
        code = forms.CODES[i % len(forms.CODES)]
        year, month = 2017 + p // 12, p % 12 + 1
        d = os.path.join(inbox, str(year))
        os.makedirs(d, exist_ok=True)
        form = forms.make_form(code, rng, year, month)
        base = "%s-%s-%d" % (code, forms.BULAN[month - 1].lower(), year)
        made.append(w.write(os.path.join(d, base), ROTATION[i % len(ROTATION)], form))

    # (c) one year: twelve monthly folders
    year_dir = os.path.join(out, "year-2025")
    shutil.rmtree(year_dir, ignore_errors=True)
    yrng = random.Random(SEED + 1)
    n = 0
    for month in range(1, 13 if not a.no_year else 1):
        d = os.path.join(year_dir, forms.BULAN[month - 1])
        os.makedirs(d)
        for code in forms.CODES:
            form = forms.make_form(code, yrng, 2025, month)
            base = "%s-%s-2025" % (code, forms.BULAN[month - 1].lower())
            w.write(os.path.join(d, base), ROTATION[n % len(ROTATION)], form)
            n += 1
    w.finish()

    # the subset: every 10th file of the inbox, same sub-folders
    for path in made[::10][:a.files // 10]:
        rel = os.path.relpath(path, inbox)
        os.makedirs(os.path.join(sub, os.path.dirname(rel)), exist_ok=True)
        link(path, os.path.join(sub, rel))

    with open(os.path.join(out, "manifest-e2e.tsv"), "w") as f:
        f.write("# gen_inbox.py files=%d formats=%s year=%d seed=%d\n"
                % (a.files, a.formats, 0 if a.no_year else 1, SEED))
        f.write("inbox-%d\tdir\t%s\t%d\tinbox-big\n" % (a.files, inbox, a.files))
        f.write("inbox-%d\tdir\t%s\t%d\tinbox-small\n"
                % (a.files // 10, sub, a.files // 10))
        if not a.no_year:
            f.write("year-2025\tdir\t%s\t%d\tyear\n" % (year_dir, n))
    print("wrote %d + %d files in %s" % (a.files, n, out), file=sys.stderr)


if __name__ == "__main__":
    main()
