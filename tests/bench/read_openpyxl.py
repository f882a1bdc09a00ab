#!/usr/bin/python3
"""Benchmark reader: openpyxl read_only=True, every cell of every sheet.

    /usr/bin/python3 read_openpyxl.py FILE|DIR...

A folder is read file by file (sorted, hidden and ~$ files skipped) in this
one process.  data_only=True gives cached formula values, as iki does;
values_only=True is openpyxl's fastest way to visit each cell.  Prints
"files=F rows=R cells=C" (C = non-empty cells).
"""

import os
import sys

from openpyxl import load_workbook


def paths(args):
    for a in args:
        if os.path.isdir(a):
            for n in sorted(os.listdir(a)):
                if not n.startswith((".", "~$")):
                    yield os.path.join(a, n)
        else:
            yield a


def main():
    files = rows = cells = 0
    for p in paths(sys.argv[1:]):
        wb = load_workbook(p, read_only=True, data_only=True)
        for ws in wb.worksheets:
            for row in ws.iter_rows(values_only=True):
                rows += 1
                for v in row:
                    if v is not None:
                        cells += 1
        wb.close()
        files += 1
    print("files=%d rows=%d cells=%d" % (files, rows, cells))


if __name__ == "__main__":
    main()
