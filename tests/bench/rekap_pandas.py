#!/usr/bin/env python3
"""The plain pandas way to the same table: read the Data sheet of every
workbook in a folder and concatenate them.  Prints the number of rows.

    /usr/bin/python3 tests/bench/rekap_pandas.py FOLDER
"""
import glob
import sys

import pandas as pd

frames = [pd.read_excel(p, sheet_name="Data", engine="openpyxl")
          for p in sorted(glob.glob(sys.argv[1] + "/*.xlsx"))]
print(len(pd.concat(frames, ignore_index=True)))
