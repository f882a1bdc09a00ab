#!/usr/bin/env python3
"""Make N IKI workbooks for the rekap benchmark from one that `iki build`
wrote: each copy is the same zip with another office's name (Ringkasan's
identity cells, the document properties), so every copy is a distinct
office's workbook, laid out exactly as iki writes one (22 Data rows).

    /usr/bin/python3 tests/bench/gen_iki.py IKI.xlsx OUTDIR N
"""
import sys
import zipfile

src, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
OFFICE = "Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak"
zin = zipfile.ZipFile(src)
parts = [(i, zin.read(i.filename)) for i in zin.infolist()]
for k in range(n):
    name = "Perangkat Daerah %04d" % (k + 1)
    with zipfile.ZipFile("%s/IKI-%04d.xlsx" % (out, k + 1), "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in parts:
            if info.filename in ("xl/sharedStrings.xml", "docProps/custom.xml", "docProps/app.xml",
                                 "docProps/core.xml"):
                data = data.replace(OFFICE.encode(), name.encode())
            z.writestr(info, data)
