"""The standard forms of iki's built-in template, filled with seeded random
data, for the end-to-end benchmark (gen_inbox.py).  Shared by the generator
only: the pandas reference (ref_pandas.py) knows the forms by their column
names, as an analyst would, not from this module.

A form is a dict:
  code     the template's source code ("pmks")
  title    title rows above the header (the last one names the period)
  header   the header row: "No", the key column, the fields' titles
  rows     data rows (lists of cells: int, float or str; None = empty)
  total    the JUMLAH row or None; `total_cols`: its =SUM columns (0-based)

Every header is the field titles of the built-in template (`iki template`),
one header row.  Periods are months: the last title row reads
"BULAN MARET 2019" and the file name carries "maret-2019" too."""

import csv
import io
import os

KECAMATAN = [
    "Sreseh", "Torjun", "Pangarengan", "Sampang", "Camplong", "Omben",
    "Kedungdung", "Jrengik", "Tambelangan", "Banyuates", "Robatal",
    "Karang Penang", "Ketapang", "Sokobanah",
]
# relative size (population in thousands, rounded)
POP = [38, 42, 25, 125, 93, 78, 108, 44, 56, 88, 62, 72, 95, 70]
BULAN = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
         "Agustus", "September", "Oktober", "November", "Desember"]
CODES = ["pmks", "rehsos", "dayasos", "tmp", "bencana", "ppa", "kelembagaan",
         "pprg", "idg", "kla", "sekretariat"]
TITLES = {
    "pmks": "REKAPITULASI PENYANDANG MASALAH KESEJAHTERAAN SOSIAL (PMKS)",
    "rehsos": "REKAPITULASI REHABILITASI SOSIAL DI LUAR PANTI",
    "dayasos": "DATA FAKIR MISKIN DAN PEMBINAAN",
    "tmp": "DAFTAR TAMAN MAKAM PAHLAWAN",
    "bencana": "REKAPITULASI KORBAN BENCANA ALAM DAN SOSIAL",
    "ppa": "REKAPITULASI KASUS KEKERASAN TERHADAP PEREMPUAN DAN ANAK",
    "kelembagaan": "PEMBINAAN ORGANISASI PEREMPUAN DAN KELEMBAGAAN PUHA",
    "pprg": "PERANGKAT DAERAH YANG MELAKSANAKAN PPRG",
    "idg": "KOMPONEN INDEKS PEMBERDAYAAN GENDER (IDG)",
    "kla": "HASIL EVALUASI KABUPATEN LAYAK ANAK",
    "sekretariat": "PENUNJANG URUSAN PEMERINTAHAN DAERAH",
}
TMP_NAMES = ["TMP Trunojoyo", "TMP Kusuma Bangsa", "Makam Pahlawan Camplong",
             "Makam Pejuang Omben", "Makam Pejuang Ketapang",
             "Makam Pejuang Banyuates", "Makam Pejuang Robatal",
             "Makam Pejuang Sokobanah"]
PD = ["Badan Perencanaan Pembangunan Daerah", "Dinas Pendidikan",
      "Dinas Kesehatan dan Keluarga Berencana",
      "Dinas Pekerjaan Umum dan Penataan Ruang",
      "Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak",
      "Dinas Pertanian dan Ketahanan Pangan",
      "Dinas Pemberdayaan Masyarakat dan Desa",
      "Dinas Kependudukan dan Pencatatan Sipil",
      "Dinas Koperasi, Usaha Mikro dan Perdagangan",
      "Dinas Lingkungan Hidup", "Dinas Tenaga Kerja", "Dinas Perhubungan",
      "Badan Pengelolaan Keuangan dan Pendapatan Daerah", "Inspektorat"]
KLA_BANDS = [(900, "KLA"), (800, "Utama"), (700, "Nindya"), (600, "Madya"),
             (500, "Pratama")]


def kla_predicate(score):
    """Pratama 500-600, Madya >600-700, ... KLA >900 (DOMAIN.md)."""
    for lo, name in KLA_BANDS:
        if score > lo or (lo == 500 and score >= 500):
            return name
    return ""


def _frac(rng, n, lo, hi):
    return int(n * rng.uniform(lo, hi))


def _areas(rng, cols):
    """14 kecamatan rows: No, Kecamatan, then cols(rng, pop) values."""
    return [[i + 1, k] + cols(rng, POP[i]) for i, k in enumerate(KECAMATAN)]


def make_form(code, rng, year, month):
    """One filled form for the month (1-12) of year."""
    period = "BULAN %s %d" % (BULAN[month - 1].upper(), year)
    f = {"code": code, "total": None, "total_cols": [],
         "title": [TITLES[code], "DINAS SOSIAL PPPA KABUPATEN SAMPANG",
                   period]}
    if code == "pmks":
        f["header"] = ["No", "Kecamatan", "Jumlah PMKS", "PMKS Ditangani",
                       "PMKS Menerima Rehabilitasi Sosial",
                       "PMKS Menerima Jaminan Sosial"]

        def cols(r, p):
            n = p * r.randint(28, 40)  # a stock: the population of PMKS
            return [n, _frac(r, n, 0.03, 0.07), _frac(r, n, 0.01, 0.03),
                    _frac(r, n, 0.02, 0.05)]
        f["rows"] = _areas(rng, cols)
    elif code == "rehsos":
        f["header"] = ["No", "Kecamatan", "Penyandang Disabilitas Terlantar",
                       "Penyandang Disabilitas Terlantar Direhabilitasi",
                       "Anak Terlantar", "Anak Terlantar Direhabilitasi",
                       "Lanjut Usia Terlantar",
                       "Lanjut Usia Terlantar Direhabilitasi",
                       "Gelandangan dan Pengemis",
                       "Gelandangan dan Pengemis Direhabilitasi"]

        def cols(r, p):
            d, a, la = p * r.randint(3, 6), p * r.randint(4, 9), p * r.randint(6, 11)
            g = r.randint(0, 3) if p < 60 else r.randint(8, 45)
            return [d, _frac(r, d, 0.0, 0.04), a, _frac(r, a, 0.0, 0.05),
                    la, _frac(r, la, 0.0, 0.03), g, _frac(r, g, 0.0, 0.1)]
        f["rows"] = _areas(rng, cols)
    elif code == "dayasos":
        f["header"] = ["No", "Kecamatan", "Fakir Miskin", "Fakir Miskin Dibina"]

        def cols(r, p):
            n = p * r.randint(60, 95) + r.randint(0, 99)
            return [n, _frac(r, n, 0.01, 0.04)]
        f["rows"] = _areas(rng, cols)
    elif code == "bencana":
        f["header"] = ["No", "Kecamatan", "Jumlah Korban Bencana",
                       "Korban Bencana Diberi Bantuan", "KK Korban Bencana",
                       "KK Korban Bencana Menerima Perlindungan"]

        def cols(r, p):
            if r.random() < 0.7:
                return [0, 0, 0, 0]
            kk = r.randint(2, 40)
            jiwa = kk * 3 + r.randint(0, kk)
            return [jiwa, _frac(r, jiwa, 0.7, 1.0), kk, _frac(r, kk, 0.6, 1.0)]
        f["rows"] = _areas(rng, cols)
    elif code == "ppa":
        f["header"] = ["No", "Kecamatan", "Korban Kekerasan Perempuan dan Anak",
                       "Korban Kekerasan Tertangani",
                       "Kasus Anak Memerlukan Perlindungan Khusus",
                       "Kasus Anak Tertangani"]

        def cols(r, p):
            v = r.randint(0, 3)
            a = r.randint(0, 2)
            return [v, v - r.randint(0, min(v, 1)), a, a - r.randint(0, min(a, 1))]
        f["rows"] = _areas(rng, cols)
    elif code == "tmp":
        f["header"] = ["No", "Nama TMP", "Lokasi", "Dipelihara"]
        f["rows"] = [[i + 1, n, "Kec. " + KECAMATAN[(3 * i) % 14],
                      "Ya" if rng.random() < 0.7 else "Tidak"]
                     for i, n in enumerate(TMP_NAMES[:rng.randint(5, 8)])]
    elif code == "pprg":
        f["header"] = ["No", "Perangkat Daerah", "Melaksanakan PPRG"]
        f["rows"] = [[i + 1, n, "Ya" if rng.random() < 0.6 else "Tidak"]
                     for i, n in enumerate(PD)]
    elif code == "kelembagaan":
        f["header"] = ["No", "Uraian", "Jumlah", "Dibina"]
        f["rows"] = []
        for i, (u, lo, hi) in enumerate((("Organisasi Perempuan", 30, 60),
                                         ("Kelembagaan PUHA", 20, 40),
                                         ("Forum Anak Desa", 150, 190))):
            n = rng.randint(lo, hi)
            f["rows"].append([i + 1, u, n, _frac(rng, n, 0.5, 0.95)])
    elif code == "idg":
        f["header"] = ["No", "Komponen", "Nilai"]
        f["rows"] = [[1, "Indeks Keterwakilan di Parlemen",
                      round(rng.uniform(0.15, 0.45), 4)],
                     [2, "Indeks Pengambilan Keputusan",
                      round(rng.uniform(0.80, 0.99), 4)],
                     [3, "Indeks Distribusi Pendapatan",
                      round(rng.uniform(0.35, 0.55), 4)]]
    elif code == "kla":
        # never on a band's edge: 5xx.xx .. 8xx.xx with 10 < xx < 90
        score = rng.randint(5, 8) * 100 + rng.randint(10, 89) + rng.randint(1, 99) / 100
        score = round(score, 2)
        f["header"] = ["No", "Uraian", "Nilai"]
        f["rows"] = [[1, "Nilai Evaluasi KLA", score],
                     [2, "Predikat KLA", kla_predicate(score)]]
    elif code == "sekretariat":
        f["header"] = ["No", "Uraian", "Jumlah", "Difasilitasi"]
        f["rows"] = []
        for i, u in enumerate(("Pelayanan Administrasi dan Operasional Perkantoran",
                               "Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah")):
            n = rng.randint(3, 9)
            f["rows"].append([i + 1, u, n, n - rng.randint(0, 2)])
    else:
        raise ValueError(code)
    if f["header"][1] == "Kecamatan":
        ncol = len(f["header"])
        f["total_cols"] = list(range(2, ncol))
        f["total"] = [None, "JUMLAH"] + [sum(r[c] for r in f["rows"])
                                         for c in range(2, ncol)]
    return f


# ---------------------------------------------------------------- writers
def _col(c):
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[c]


def write_xlsxwriter(path, f):
    """XlsxWriter: merged bold title rows, a bordered table, a JUMLAH row
    of =SUM formulas with their cached values."""
    import xlsxwriter
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet(f["code"].upper())
    bold = wb.add_format({"bold": True, "align": "center"})
    head = wb.add_format({"bold": True, "border": 1, "text_wrap": True})
    box = wb.add_format({"border": 1})
    ncol = len(f["header"])
    for r, t in enumerate(f["title"]):
        ws.merge_range(r, 0, r, ncol - 1, t, bold)
    hr = len(f["title"]) + 1
    for c, h in enumerate(f["header"]):
        ws.write_string(hr, c, h, head)
    first = hr + 1
    for i, row in enumerate(f["rows"]):
        for c, v in enumerate(row):
            ws.write(first + i, c, v, box)
    if f["total"]:
        tr = first + len(f["rows"])
        ws.write_string(tr, 1, "JUMLAH", head)
        for c in f["total_cols"]:
            ws.write_formula(tr, c, "=SUM(%s%d:%s%d)" % (_col(c), first + 1, _col(c), tr),
                             head, f["total"][c])
    wb.close()


def write_openpyxl(path, f):
    """openpyxl: literal values, a literal JUMLAH row."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    wb = Workbook()
    ws = wb.active
    ws.title = f["code"].upper()
    for t in f["title"]:
        ws.append([t])
    ws.append([])
    ws.append(f["header"])
    for c in range(1, len(f["header"]) + 1):
        ws.cell(row=len(f["title"]) + 2, column=c).font = Font(bold=True)
    for row in f["rows"]:
        ws.append(row)
    if f["total"]:
        ws.append(f["total"])
    wb.save(path)


def idn(v):
    """A number as Indonesian Excel writes it in CSV: 1.234, 0,2476, '-' for 0."""
    if isinstance(v, str) or v is None:
        return v or ""
    if isinstance(v, int):
        return "-" if v == 0 else "{:,}".format(v).replace(",", ".")
    return repr(v).replace(".", ",")


def write_csv(path, f):
    """CSV as Indonesian Excel saves it: ';', CRLF, every row as wide as the
    table, 1.234 and 0,2476, '-' for 0, a literal JUMLAH row."""
    ncol = len(f["header"])
    rows = [[t] + [""] * (ncol - 1) for t in f["title"]] + [[""] * ncol, f["header"]]
    rows += [[idn(v) for v in r] for r in f["rows"]]
    if f["total"]:
        rows.append([idn(v) for v in f["total"]])
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerows(rows)
    with open(path, "wb") as out:
        out.write(buf.getvalue().encode("utf-8"))


def soffice_convert(files, fmt, outdir, profile):
    """Convert many files in one LibreOffice call (fmt: xls or ods) into
    outdir; returns the converted paths (raises when one is missing)."""
    import subprocess
    filt = {"xls": "xls:MS Excel 97", "ods": "ods:calc8"}[fmt]
    out = []
    for i in range(0, len(files), 200):  # keep the command line short
        part = files[i:i + 200]
        subprocess.run(["soffice", "-env:UserInstallation=file://" + profile,
                        "--headless", "--convert-to", filt, "--outdir", outdir]
                       + part, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        for p in part:
            q = os.path.join(outdir, os.path.splitext(os.path.basename(p))[0] + "." + fmt)
            if not os.path.getsize(q):
                raise RuntimeError("LibreOffice did not convert " + p)
            out.append(q)
    return out
