#!/usr/bin/python3
"""Reference consolidation in pandas: what an analyst at the Bappeda would
write to get the 19 IKI indicators from a folder of the office's forms.

    /usr/bin/python3 ref_pandas.py FOLDER > indicators.tsv

Reads every .xlsx/.xls/.ods/.csv under FOLDER (sub-folders too) with
pandas (openpyxl, xlrd, odf; CSV with ';'), finds the header row by the
known column names, drops the JUMLAH and empty rows, sums the columns per
form and month, then over the months: flows (cases handled, victims
helped) are added, stocks (populations, organisations, the KLA score, the
indices) are taken from the latest month.  The month comes from the file
name ("pmks-maret-2019.xlsx").  Prints kode, pembilang, penyebut, realisasi
(TAB-separated; numbers as Python's repr)."""

import os
import re
import sys

import pandas as pd

# form -> (key column, the other columns it must have)
FORMS = {
    "pmks": ("Kecamatan", ["Jumlah PMKS", "PMKS Ditangani",
                           "PMKS Menerima Rehabilitasi Sosial",
                           "PMKS Menerima Jaminan Sosial"]),
    "rehsos": ("Kecamatan", ["Penyandang Disabilitas Terlantar",
                             "Penyandang Disabilitas Terlantar Direhabilitasi",
                             "Anak Terlantar", "Anak Terlantar Direhabilitasi",
                             "Lanjut Usia Terlantar",
                             "Lanjut Usia Terlantar Direhabilitasi",
                             "Gelandangan dan Pengemis",
                             "Gelandangan dan Pengemis Direhabilitasi"]),
    "dayasos": ("Kecamatan", ["Fakir Miskin", "Fakir Miskin Dibina"]),
    "bencana": ("Kecamatan", ["Jumlah Korban Bencana", "Korban Bencana Diberi Bantuan",
                              "KK Korban Bencana",
                              "KK Korban Bencana Menerima Perlindungan"]),
    "ppa": ("Kecamatan", ["Korban Kekerasan Perempuan dan Anak",
                          "Korban Kekerasan Tertangani",
                          "Kasus Anak Memerlukan Perlindungan Khusus",
                          "Kasus Anak Tertangani"]),
    "tmp": ("Nama TMP", ["Dipelihara"]),
    "pprg": ("Perangkat Daerah", ["Melaksanakan PPRG"]),
    "kelembagaan": ("Uraian", ["Jumlah", "Dibina"]),
    "sekretariat": ("Uraian", ["Jumlah", "Difasilitasi"]),
    "kla": ("Uraian", ["Nilai"]),
    "idg": ("Komponen", ["Nilai"]),
}
# the columns that are stocks (the latest month counts); the rest are flows
STOCKS = {"Jumlah PMKS", "Penyandang Disabilitas Terlantar", "Anak Terlantar",
          "Lanjut Usia Terlantar", "Gelandangan dan Pengemis", "Fakir Miskin",
          "tmp:jumlah", "tmp:dipelihara", "pprg:jumlah", "pprg:ya",
          "Organisasi Perempuan:Jumlah", "Organisasi Perempuan:Dibina",
          "Kelembagaan PUHA:Jumlah", "Kelembagaan PUHA:Dibina",
          "Nilai Evaluasi KLA", "Predikat KLA", "Indeks Keterwakilan di Parlemen",
          "Indeks Pengambilan Keputusan", "Indeks Distribusi Pendapatan"}
YES = {"ya", "y", "yes", "sudah", "✓", "√", "v", "1", "true", "benar", "ada"}
TOTALS = {"jumlah", "total", "jml", "jumlah total", "grand total", "total keseluruhan"}
BULAN = ["januari", "februari", "maret", "april", "mei", "juni", "juli",
         "agustus", "september", "oktober", "november", "desember"]


def number(v):
    """A cell as a number: Indonesian text ('1.234', '0,2476', '-') too."""
    if isinstance(v, str):
        v = v.strip()
        if v in ("", "-"):
            return 0.0
        return float(v.replace(".", "").replace(",", "."))
    if v is None or pd.isna(v):
        return 0.0
    return float(v)


def read_sheet(path):
    ext = path.rsplit(".", 1)[-1].lower()
    if ext == "csv":
        return pd.read_csv(path, sep=";", header=None, dtype=str,
                           keep_default_na=False, encoding="utf-8")
    if ext == "xls":
        # Debian's xlrd (1.2) is older than pandas' read_excel accepts (2.0.1):
        # read the sheet with xlrd itself
        import xlrd
        sh = xlrd.open_workbook(path, on_demand=True).sheet_by_index(0)
        return pd.DataFrame([sh.row_values(r) for r in range(sh.nrows)])
    engine = {"xlsx": "openpyxl", "ods": "odf"}[ext]
    return pd.read_excel(path, header=None, engine=engine)


def find_form(df):
    """The form and the header row: the first row holding a form's columns."""
    for i in range(min(len(df), 15)):
        cells = [str(v).strip() for v in df.iloc[i] if not pd.isna(v)]
        for form, (key, cols) in FORMS.items():
            if key in cells and all(c in cells for c in cols):
                return form, i
    return None, None


def month_of(path):
    m = re.search(r"-([a-z]+)-(\d{4})\.", os.path.basename(path).lower())
    return int(m.group(2)) * 100 + BULAN.index(m.group(1)) + 1


def consolidate(folder):
    per_month = {}  # (form, yyyymm) -> {quantity: value}
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            if name.startswith((".", "~$")) or \
                    name.rsplit(".", 1)[-1].lower() not in ("xlsx", "xls", "ods", "csv"):
                continue
            path = os.path.join(root, name)
            df = read_sheet(path)
            form, h = find_form(df)
            if form is None:
                print("not a known form: " + path, file=sys.stderr)
                continue
            key, cols = FORMS[form]
            df.columns = [str(v).strip() for v in df.iloc[h]]
            data = df.iloc[h + 1:]
            data = data[data[key].notna() & (data[key].astype(str).str.strip() != "")]
            data = data[~data[key].astype(str).str.strip().str.lower().isin(TOTALS)]
            got = {}
            if key == "Kecamatan":
                for c in cols:
                    got[c] = data[c].map(number).sum()
            elif form in ("tmp", "pprg"):
                got[form + ":jumlah"] = len(data)
                got[form + ":dipelihara" if form == "tmp" else form + ":ya"] = \
                    data[cols[0]].astype(str).str.strip().str.lower().isin(YES).sum()
            else:
                for _, row in data.iterrows():
                    item = str(row[key]).strip()
                    for c in cols:
                        name_ = item if c == "Nilai" else item + ":" + c
                        got[name_] = row[c] if item == "Predikat KLA" else number(row[c])
            when = month_of(path)
            if (form, when) in per_month:
                sys.exit("two files of %s for %d: %s" % (form, when, path))
            per_month[(form, when)] = got

    totals = {}
    latest = {}
    for (form, when) in per_month:
        latest[form] = max(latest.get(form, 0), when)
    for (form, when), got in per_month.items():
        for q, v in got.items():
            if q in STOCKS:
                if when == latest[form]:
                    totals[q] = v
            else:
                totals[q] = totals.get(q, 0) + v
    return totals


def kla_predicate(score):
    if score > 900:
        return "KLA"
    if score > 800:
        return "Utama"
    if score > 700:
        return "Nindya"
    if score > 600:
        return "Madya"
    if score >= 500:
        return "Pratama"
    return ""


def main():
    t = consolidate(sys.argv[1])
    pct = [
        ("pmks_pulih", "PMKS Ditangani", "Jumlah PMKS"),
        ("penunjang_urusan",
         "Pelayanan Administrasi dan Operasional Perkantoran:Difasilitasi",
         "Pelayanan Administrasi dan Operasional Perkantoran:Jumlah"),
        ("pmks_rehsos", "PMKS Menerima Rehabilitasi Sosial", "Jumlah PMKS"),
        ("disabilitas_luar_panti", "Penyandang Disabilitas Terlantar Direhabilitasi",
         "Penyandang Disabilitas Terlantar"),
        ("anak_terlantar_luar_panti", "Anak Terlantar Direhabilitasi", "Anak Terlantar"),
        ("lansia_terlantar_luar_panti", "Lanjut Usia Terlantar Direhabilitasi",
         "Lanjut Usia Terlantar"),
        ("gepeng_luar_panti", "Gelandangan dan Pengemis Direhabilitasi",
         "Gelandangan dan Pengemis"),
        ("fakir_miskin_dibina", "Fakir Miskin Dibina", "Fakir Miskin"),
        ("tmp_dikelola", "tmp:dipelihara", "tmp:jumlah"),
        ("pmks_linjamsos", "PMKS Menerima Jaminan Sosial", "Jumlah PMKS"),
        ("korban_bencana_dibantu", "Korban Bencana Diberi Bantuan", "Jumlah Korban Bencana"),
        ("korban_bencana_dilindungi", "KK Korban Bencana Menerima Perlindungan",
         "KK Korban Bencana"),
        ("pprg", "pprg:ya", "pprg:jumlah"),
        ("kekerasan_tertangani", "Korban Kekerasan Tertangani",
         "Korban Kekerasan Perempuan dan Anak"),
        ("organisasi_perempuan_dibina", "Organisasi Perempuan:Dibina",
         "Organisasi Perempuan:Jumlah"),
        ("puha_dibina", "Kelembagaan PUHA:Dibina", "Kelembagaan PUHA:Jumlah"),
        ("anak_pk_tertangani", "Kasus Anak Tertangani",
         "Kasus Anak Memerlukan Perlindungan Khusus"),
    ]
    print("kode\tpembilang\tpenyebut\trealisasi")
    for kode, num, den in pct:
        if num not in t or den not in t:  # the form is not in the folder
            print("%s\t\t\t" % kode)
            continue
        n, d = float(t[num]), float(t[den])
        print("%s\t%r\t%r\t%s" % (kode, n, d, repr(n / d * 100) if d else ""))
    try:
        idg = 100 * (t["Indeks Keterwakilan di Parlemen"] + t["Indeks Pengambilan Keputusan"]
                     + t["Indeks Distribusi Pendapatan"]) / 3
        print("idg\t\t\t%r" % idg)
    except KeyError:
        print("idg\t\t\t")
    if "Nilai Evaluasi KLA" in t:
        score = float(t["Nilai Evaluasi KLA"])
        print("kla\t%r\t\t%s" % (score, kla_predicate(score)))
    else:
        print("kla\t\t\t")


if __name__ == "__main__":
    main()
