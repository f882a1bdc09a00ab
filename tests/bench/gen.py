#!/usr/bin/python3
"""Generate the data for the iki reader benchmark (tests/bench/run.sh).

    /usr/bin/python3 tests/bench/gen.py OUTDIR [--rows N] [--files N]

Writes into OUTDIR (created if missing; refused if it lies inside the
repository):

  persons-shared-<N>.xlsx    N persons + a header row, strings as shared
                             strings (XlsxWriter, normal mode)
  persons-inline-<N>.xlsx    the same rows, strings inline
                             (<c t="inlineStr"><is><t>..</t></is></c>;
                             XlsxWriter's constant_memory mode writes them so)
  persons-shared-<N/10>.xlsx and persons-inline-<N/10>.xlsx
                             the first N/10 persons (linearity check)
  forms/rekap-pmks-NNNN-<kecamatan>.xlsx
                             --files small per-kecamatan PMKS forms: title
                             rows, a merged title, a header, 20 rows x 6
                             columns with formulas, a JUMLAH row
  manifest.tsv               one line per workload:
                             label, kind (file|dir), path, rows, role;
                             rows = the lines `iki dump` prints for it
                             (row 1 to the last non-empty row, every sheet)

Columns of the person list: NIK (16 digits, text), Nama, Kecamatan (the 14
of Kabupaten Sampang), Jenis PMKS, Ditangani (Ya/Tidak), Umur (number).
The seed is fixed: the same arguments give the same cells.
"""

import argparse
import os
import random
import sys

import xlsxwriter

SEED = 20240917

KECAMATAN = [
    "Sreseh", "Torjun", "Pangarengan", "Sampang", "Camplong", "Omben",
    "Kedungdung", "Jrengik", "Tambelangan", "Banyuates", "Robatal",
    "Karang Penang", "Ketapang", "Sokobanah",
]

# The 26 kinds of PMKS (Permensos 08/2012).
JENIS_PMKS = [
    "Anak Balita Terlantar", "Anak Terlantar",
    "Anak yang Berhadapan dengan Hukum", "Anak Jalanan",
    "Anak dengan Kedisabilitasan", "Anak Korban Tindak Kekerasan",
    "Anak yang Memerlukan Perlindungan Khusus", "Lanjut Usia Terlantar",
    "Penyandang Disabilitas", "Tuna Susila", "Gelandangan", "Pengemis",
    "Pemulung", "Kelompok Minoritas",
    "Bekas Warga Binaan Lembaga Pemasyarakatan", "Orang dengan HIV/AIDS",
    "Korban Penyalahgunaan NAPZA", "Korban Trafficking",
    "Korban Tindak Kekerasan", "Pekerja Migran Bermasalah Sosial",
    "Korban Bencana Alam", "Korban Bencana Sosial",
    "Perempuan Rawan Sosial Ekonomi", "Fakir Miskin",
    "Keluarga Bermasalah Sosial Psikologis", "Komunitas Adat Terpencil",
]

DEPAN = [
    "Moh.", "Mohammad", "Abdul", "Ahmad", "Siti", "Nur", "Hasan", "Husen",
    "Fatimah", "Khoirul", "Ainul", "Mat", "Sumarni", "Rohman", "Aisyah",
    "Zainal", "Halimah", "Musleh", "Sittina", "Maimunah", "Rofiq", "Ummi",
    "Sulaiman", "Khotijah", "Badrus", "Matrawi", "Juma'ati", "Samsul",
    "Hosnan", "Rukayyah",
]
BELAKANG = [
    "Hasan", "Rahman", "Hamid", "Sholeh", "Hosen", "Wahyuni", "Aminah",
    "Rofi'i", "Ma'ruf", "Fauzi", "Hidayat", "Hasanah", "Jannah", "Sahrul",
    "Holil", "Munir", "Zainab", "Salam", "Qomariyah", "Bukhori", "Asmawi",
    "Sa'diyah", "Rasyid", "Mukarromah", "Ghofur",
]
GELAR = ["S.Pd", "S.Ag", "S.H", "A.Md"]

KETERANGAN = ["", "", "", "Sudah diverifikasi", "Usulan baru",
              "Perlu pendampingan", "Data BDT 2023", "Pindah domisili"]
BULAN = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
         "Agustus", "September", "Oktober", "November", "Desember"]

FORM_DATA_ROWS = 20


def person(rng):
    """One row: (NIK, Nama, Kecamatan, Jenis PMKS, Ditangani, Umur)."""
    k = rng.randrange(len(KECAMATAN))
    umur = rng.randint(0, 95)
    year = 2024 - umur
    female = rng.random() < 0.5
    day = rng.randint(1, 28) + (40 if female else 0)
    # province 35, regency 27, kecamatan, DDMMYY (day + 40 for women), serial
    nik = "3527%02d%02d%02d%02d%04d" % (
        k + 1, day, rng.randint(1, 12), year % 100, rng.randint(1, 9999))
    parts = [rng.choice(DEPAN), rng.choice(BELAKANG)]
    if rng.random() < 0.3:
        parts.insert(1, rng.choice(BELAKANG))
    nama = " ".join(parts)
    if rng.random() < 0.02:
        nama += ", " + rng.choice(GELAR)  # a comma: the CSV must quote it
    return (nik, nama, KECAMATAN[k], rng.choice(JENIS_PMKS),
            "Ya" if rng.random() < 0.62 else "Tidak", umur)


HEADER = ("NIK", "Nama", "Kecamatan", "Jenis PMKS", "Ditangani", "Umur")


def write_persons(path, rows, inline):
    opts = {"constant_memory": True} if inline else {}
    wb = xlsxwriter.Workbook(path, opts)
    ws = wb.add_worksheet("Data PMKS")
    for c, h in enumerate(HEADER):
        ws.write_string(0, c, h)
    ws_str, ws_num = ws.write_string, ws.write_number
    for r, (nik, nama, kec, jenis, ya, umur) in enumerate(rows, start=1):
        ws_str(r, 0, nik)
        ws_str(r, 1, nama)
        ws_str(r, 2, kec)
        ws_str(r, 3, jenis)
        ws_str(r, 4, ya)
        ws_num(r, 5, umur)
    wb.close()


def write_form(path, rng, kec, bulan):
    """A per-kecamatan monthly PMKS form; returns the rows iki dump prints."""
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("Rekap")
    bold = wb.add_format({"bold": True, "align": "center"})
    box = wb.add_format({"border": 1})
    ws.merge_range(0, 0, 0, 5, "REKAPITULASI DATA PENYANDANG MASALAH "
                   "KESEJAHTERAAN SOSIAL (PMKS)", bold)
    ws.merge_range(1, 0, 1, 5, "KECAMATAN %s KABUPATEN SAMPANG"
                   % kec.upper(), bold)
    ws.write_string(2, 0, "Bulan: %s 2024" % bulan)
    # row 4 (index 3) left empty
    for c, h in enumerate(("NO", "JENIS PMKS", "L", "P", "JUMLAH",
                           "KETERANGAN")):
        ws.write_string(4, c, h, bold)
    jenis = sorted(rng.sample(range(len(JENIS_PMKS)), FORM_DATA_ROWS))
    first = 5
    sum_l = sum_p = 0
    for i, j in enumerate(jenis):
        r = first + i
        lk, pr = rng.randint(0, 60), rng.randint(0, 60)
        sum_l += lk
        sum_p += pr
        ws.write_number(r, 0, i + 1, box)
        ws.write_string(r, 1, JENIS_PMKS[j], box)
        ws.write_number(r, 2, lk, box)
        ws.write_number(r, 3, pr, box)
        ws.write_formula(r, 4, "=C%d+D%d" % (r + 1, r + 1), box, lk + pr)
        ket = rng.choice(KETERANGAN)
        if ket:
            ws.write_string(r, 5, ket, box)
        else:
            ws.write_blank(r, 5, None, box)
    last = first + FORM_DATA_ROWS - 1
    total = first + FORM_DATA_ROWS
    ws.merge_range(total, 0, total, 1, "JUMLAH", bold)
    ws.write_formula(total, 2, "=SUM(C%d:C%d)" % (first + 1, last + 1),
                     bold, sum_l)
    ws.write_formula(total, 3, "=SUM(D%d:D%d)" % (first + 1, last + 1),
                     bold, sum_p)
    ws.write_formula(total, 4, "=SUM(E%d:E%d)" % (first + 1, last + 1),
                     bold, sum_l + sum_p)
    ws.write_string(total + 2, 4, "Sampang, %d %s 2024"
                    % (rng.randint(1, 28), bulan))
    ws.write_string(total + 3, 4, "Kepala Seksi Kesejahteraan Sosial")
    wb.close()
    return total + 4


def human(n):
    if n >= 1000 and n % 1000 == 0:
        return "%dk" % (n // 1000)
    return str(n)


def inside_repo(outdir):
    repo = os.path.realpath(os.path.join(os.path.dirname(
        os.path.abspath(__file__)), "..", ".."))
    out = os.path.realpath(outdir)
    return out == repo or out.startswith(repo + os.sep)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--rows", type=int, default=300000,
                    help="persons in the big list (default 300000); the "
                         "small list has rows/10")
    ap.add_argument("--files", type=int, default=1000,
                    help="small workbooks in the folder (default 1000; "
                         "0: none)")
    a = ap.parse_args()
    if a.rows < 10 or a.files < 0:
        ap.error("--rows must be >= 10 and --files >= 0 (0: no folder)")
    if inside_repo(a.outdir):
        ap.error("refusing to write into the repository: %s" % a.outdir)
    os.makedirs(a.outdir, exist_ok=True)
    formdir = os.path.join(a.outdir, "forms")
    if a.files:
        os.makedirs(formdir, exist_ok=True)

    rng = random.Random(SEED)
    rows = [person(rng) for _ in range(a.rows)]
    small = a.rows // 10
    manifest = []
    for n, role in ((a.rows, "big"), (small, "small")):
        for kind in ("shared", "inline"):
            label = "xlsx-%s-%s" % (kind, human(n))
            path = os.path.join(a.outdir, "persons-%s-%d.xlsx" % (kind, n))
            write_persons(path, rows[:n], kind == "inline")
            manifest.append((label, "file", path, n + 1,
                             "%s-%s" % (role, kind)))
            print("wrote %s" % path, file=sys.stderr)

    frng = random.Random(SEED + 1)
    total_rows = 0
    for i in range(a.files):
        kec = KECAMATAN[i % len(KECAMATAN)]
        bulan = BULAN[(i // len(KECAMATAN)) % len(BULAN)]
        path = os.path.join(formdir, "rekap-pmks-%04d-%s.xlsx"
                            % (i + 1, kec.lower().replace(" ", "-")))
        total_rows += write_form(path, frng, kec, bulan)
    if a.files:
        manifest.append(("folder-%d-forms" % a.files, "dir", formdir,
                         total_rows, "folder"))
        print("wrote %d forms in %s" % (a.files, formdir), file=sys.stderr)

    with open(os.path.join(a.outdir, "manifest.tsv"), "w") as f:
        f.write("# gen.py rows=%d files=%d seed=%d\n"
                % (a.rows, a.files, SEED))
        for m in manifest:
            f.write("\t".join(str(x) for x in m) + "\n")


if __name__ == "__main__":
    main()
