#!/usr/bin/python3
"""Benchmark reader: pandas read_excel (engine openpyxl), every sheet.

    /usr/bin/python3 read_pandas.py FILE|DIR...

A folder is read file by file (sorted, hidden and ~$ files skipped) in this
one process.  header=None keeps every row as data.  Prints
"files=F rows=R cells=C" (C = non-empty cells).
"""

import os
import sys

import pandas as pd


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
        sheets = pd.read_excel(p, sheet_name=None, header=None,
                               engine="openpyxl")
        for df in sheets.values():
            rows += len(df)
            cells += int(df.count().sum())
        files += 1
    print("files=%d rows=%d cells=%d" % (files, rows, cells))


if __name__ == "__main__":
    main()
