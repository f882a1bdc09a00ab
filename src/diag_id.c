/* iki — Indonesian texts of the library's English messages.
 *
 * The library writes its messages in English printf formats (diagnostics,
 * reader errors, skip reasons, compute notes).  The workbook is always
 * Indonesian and the CLI speaks the user's language, so each known format
 * has an Indonesian twin here with the same conversions in the same order
 * (tests/unit/test_diag.c checks every entry).  Dynamic parts (file names,
 * expat's or the C library's error text) stay as they are.
 *
 * Two ways in:
 *   - from a format and its arguments (iki_text_id_vformat): the arguments
 *     are formatted one by one as the English format says, and put into
 *     the Indonesian format in order;
 *   - from an English text already formatted (iki_text_id_message), for
 *     the callers that format first and pass "%s" (the table stage, the
 *     compute notes): the text is matched against the English formats and
 *     the pieces found are put into the Indonesian one.
 * Either way a %s piece that is itself a known message ("lock file of
 * Excel" inside "cannot read: %s") is translated too.
 *
 * To add a message: add {english, indonesian} at its place in TABLE,
 * sorted by strcmp of the English (the unit test says where). */
#include "iki/diag.h"

#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iki/buf.h"

typedef struct pair {
    const char *en, *id;
} pair;

/* Sorted by strcmp(en). */
static const pair TABLE[] = {
    {" and period ",
     " dan periode "},
    {" for the period ",
     " untuk periode "},
    {"%s %s (%s) is negative",
     "%s %s (%s) bernilai negatif"},
    {"%s divided by index scale %s",
     "%s dibagi skala indeks %s"},
    {"%s holds no office:spreadsheet body",
     "%s tidak berisi bagian office:spreadsheet"},
    {"%s, %s: Capaian changed by hand: %.15g written, %.15g computed from Realisasi and Target",
     "%s, %s: Capaian diubah manual: tertulis %.15g, dihitung %.15g dari Realisasi dan Target"},
    {"%s, %s: Realisasi changed by hand: %.15g written, %.15g computed from Pembilang and Penyebut",
     "%s, %s: Realisasi diubah manual: tertulis %.15g, dihitung %.15g dari Pembilang dan Penyebut"},
    {"%s, %s: Realisasi changed by hand: %s written, %s from the score in Pembilang",
     "%s, %s: Realisasi diubah manual: tertulis %s, %s menurut nilai di Pembilang"},
    {"%s: DOCTYPE not allowed (line %lu)",
     "%s: DOCTYPE tidak diizinkan (baris %lu)"},
    {"%s: XML elements nested deeper than %u",
     "%s: elemen XML bersarang lebih dalam dari %u"},
    {"%s: XML error at line %lu: %s",
     "%s: galat XML di baris %lu: %s"},
    {"%s: an XML tag is longer than %llu bytes",
     "%s: sebuah tag XML lebih panjang dari %llu byte"},
    {"%s: cell text longer than %lu bytes in row %lu",
     "%s: teks sel lebih panjang dari %lu byte di baris %lu"},
    {"%s: entity declarations not allowed",
     "%s: deklarasi entitas tidak diizinkan"},
    {"%s: more than %lu merged cells in row %lu",
     "%s: lebih dari %lu sel gabungan di baris %lu"},
    {"%s: not read (office.hidden_sheets: read in the template reads it)",
     "%s: tidak dibaca (office.hidden_sheets: read di templat membuatnya dibaca)"},
    {"%s: repeated cells expand past %lu cells (row %lu)",
     "%s: sel berulang melebihi %lu sel (baris %lu)"},
    {"%s: row %lu has content past column %lu",
     "%s: baris %lu berisi data melewati kolom %lu"},
    {"%s: row %lu holds more than %lu bytes of text",
     "%s: baris %lu berisi lebih dari %lu byte teks"},
    {"%s: row %lu repeated %lu times runs past the limit of %lu rows",
     "%s: baris %lu yang diulang %lu kali melewati batas %lu baris"},
    {"%s: skipped",
     "%s: dilewati"},
    {"%s: the target form gives %s, the template %s: the form's target is used",
     "%s: formulir target memberi %s, templat %s: target formulir yang dipakai"},
    {"%s: too many table styles",
     "%s: terlalu banyak gaya tabel"},
    {"%zu empty cells read as 0",
     "%zu sel kosong dibaca sebagai 0"},
    {"; did you mean '%s'?",
     "; mungkin maksudnya '%s'?"},
    {"BIFF record 0x%04X at offset %llu cut short by the end of the workbook stream",
     "rekaman BIFF 0x%04X di offset %llu terpotong oleh akhir stream buku kerja"},
    {"BIFF record 0x%04X at offset %llu too short (%u bytes)",
     "rekaman BIFF 0x%04X di offset %llu terlalu pendek (%u byte)"},
    {"BIFF record 0x%04X too short",
     "rekaman BIFF 0x%04X terlalu pendek"},
    {"BIFF string cut short (record 0x%04X)",
     "string BIFF terpotong (rekaman 0x%04X)"},
    {"BIFF string longer than its record (0x%04X)",
     "string BIFF lebih panjang dari rekamannya (0x%04X)"},
    {"BIFF string runs past its record (record 0x%04X)",
     "string BIFF melewati rekamannya (rekaman 0x%04X)"},
    {"BIFF string splits a character (record 0x%04X)",
     "string BIFF memotong sebuah karakter (rekaman 0x%04X)"},
    {"BIFF2/3/4 (Excel 2.x-4.0) workbooks are not supported: save as .xlsx",
     "buku kerja BIFF2/3/4 (Excel 2.x-4.0) tidak didukung: simpan sebagai .xlsx"},
    {"CSV error in row %lu: %s",
     "galat CSV di baris %lu: %s"},
    {"Excel 2.x-4.0 file without a worksheet (a chart or macro sheet): save as .xlsx",
     "berkas Excel 2.x-4.0 tanpa lembar kerja (lembar grafik atau makro): simpan sebagai .xlsx"},
    {"Excel 4.0 workbooks (BIFF4W) are not supported: save as .xlsx",
     "buku kerja Excel 4.0 (BIFF4W) tidak didukung: simpan sebagai .xlsx"},
    {"HTML or XML text, not a spreadsheet: open it in a spreadsheet program and save it as .xlsx",
     "teks HTML atau XML, bukan lembar kerja: buka di program lembar kerja lalu simpan sebagai .xlsx"},
    {"KLA score %s (%s) is outside 0-1000",
     "skor KLA %s (%s) di luar 0-1000"},
    {"OLE2 file without a workbook stream (a Word document?)",
     "berkas OLE2 tanpa stream buku kerja (dokumen Word?)"},
    {"XML error",
     "galat XML"},
    {"XML error in '%s' at line %lu: %s",
     "galat XML di '%s' pada baris %lu: %s"},
    {"XML in '%s' has a DOCTYPE, which is not allowed (entity expansion)",
     "XML di '%s' memuat DOCTYPE, yang tidak diizinkan (ekspansi entitas)"},
    {"a link to nothing",
     "tautan ke sesuatu yang tidak ada"},
    {"a row with numbers but no kecamatan: row left out",
     "baris berisi angka tanpa kecamatan: baris tidak dipakai"},
    {"a workbook written by iki (an earlier output)",
     "buku kerja yang ditulis iki (keluaran sebelumnya)"},
    {"a workbook written by iki (an earlier output): skipped",
     "buku kerja yang ditulis iki (keluaran sebelumnya): dilewati"},
    {"a workbook written by iki that is no IKI workbook (a recap)",
     "buku kerja yang ditulis iki tetapi bukan buku kerja IKI (sebuah rekap)"},
    {"after the cut (--until)",
     "setelah batas (--until)"},
    {"an identical copy of %s: read once",
     "salinan identik dari %s: dibaca sekali"},
    {"archive has no part '%s'",
     "arsip tidak memiliki bagian '%s'"},
    {"backup file",
     "berkas cadangan"},
    {"binary content of no known spreadsheet format (xls, xlsx, ods, csv)",
     "isi biner yang bukan format lembar kerja yang dikenal (xls, xlsx, ods, csv)"},
    {"cannot compute I_DM from %s = %s and %s = %s: need a female share strictly between 0 and 1 (or 0-100 %%) and a percentage 0-100",
     "I_DM tidak dapat dihitung dari %s = %s dan %s = %s: perlu proporsi perempuan di antara 0 dan 1, tanpa batasnya (atau 0-100 %%), dan persentase 0-100"},
    {"cannot compute I_par from %s = %s and %s = %s: need a female share strictly between 0 and 1 (or 0-100 %%) and a percentage 0-100",
     "I_par tidak dapat dihitung dari %s = %s dan %s = %s: perlu proporsi perempuan di antara 0 dan 1, tanpa batasnya (atau 0-100 %%), dan persentase 0-100"},
    {"cannot convert text",
     "teks tidak dapat dikonversi"},
    {"cannot open zip entry '%s': %s",
     "entri zip '%s' tidak dapat dibuka: %s"},
    {"cannot open: %s",
     "tidak dapat dibuka: %s"},
    {"cannot read entry '%s'",
     "entri '%s' tidak dapat dibaca"},
    {"cannot read file",
     "berkas tidak dapat dibaca"},
    {"cannot read: %s",
     "tidak dapat dibaca: %s"},
    {"cannot reopen file",
     "berkas tidak dapat dibuka ulang"},
    {"cell in row %lu beyond column %u",
     "sel di baris %lu melewati kolom %u"},
    {"changed while it was read, twice: not used",
     "berubah saat dibaca, dua kali: tidak dipakai"},
    {"changed while it was read: read again",
     "berubah saat dibaca: dibaca ulang"},
    {"corrupt BIFF record 0x%04X at offset %llu: length %u over 8224",
     "rekaman BIFF 0x%04X di offset %llu rusak: panjang %u melebihi 8224"},
    {"corrupt compound file header (byte order or sector size)",
     "header berkas majemuk rusak (urutan byte atau ukuran sektor)"},
    {"corrupt compound file header: mini stream cutoff %u, not 4096",
     "header berkas majemuk rusak: batas mini stream %u, bukan 4096"},
    {"corrupt compound file: %s chain ends early (sector %u of %u)",
     "berkas majemuk rusak: rantai %s berakhir terlalu cepat (sektor %u dari %u)"},
    {"corrupt compound file: %s larger than the mini stream",
     "berkas majemuk rusak: %s lebih besar daripada mini stream"},
    {"corrupt compound file: DIFAT lists %u of %u FAT sectors",
     "berkas majemuk rusak: DIFAT hanya mencantumkan %u dari %u sektor FAT"},
    {"corrupt compound file: broken %s chain",
     "berkas majemuk rusak: rantai %s putus"},
    {"corrupt compound file: first directory entry is not the root",
     "berkas majemuk rusak: entri direktori pertama bukan root"},
    {"corrupt compound file: loop in the %s chain at sector %u",
     "berkas majemuk rusak: rantai %s berputar di sektor %u"},
    {"corrupt compound file: mini sector %u past the mini stream",
     "berkas majemuk rusak: sektor mini %u melewati mini stream"},
    {"corrupt compound file: no FAT sector",
     "berkas majemuk rusak: tidak ada sektor FAT"},
    {"corrupt compound file: no directory",
     "berkas majemuk rusak: tidak ada direktori"},
    {"denominator",
     "penyebut"},
    {"denominator %s is 0",
     "penyebut %s bernilai 0"},
    {"denominator %s is 0: no value",
     "penyebut %s bernilai 0: tidak ada nilai"},
    {"empty file (0 bytes), not a spreadsheet",
     "berkas kosong (0 byte), bukan lembar kerja"},
    {"empty workbook stream",
     "stream buku kerja kosong"},
    {"encrypted workbook (password-protected .xlsx): remove the password and save again",
     "buku kerja terenkripsi (.xlsx dengan kata sandi): hapus kata sandinya lalu simpan ulang"},
    {"file is corrupt",
     "berkas rusak"},
    {"file is truncated",
     "berkas terpotong"},
    {"file of %llu bytes is larger than the limit of %llu bytes",
     "berkas %llu byte lebih besar dari batas %llu byte"},
    {"folder settings of Windows",
     "pengaturan folder Windows"},
    {"folders nested too deep (a link loop?)",
     "folder bertingkat terlalu dalam (tautan berputar?)"},
    {"formula without a computed value: open and save the file in an office program",
     "rumus tanpa nilai terhitung: buka dan simpan berkas di program perkantoran"},
    {"hidden file",
     "berkas tersembunyi"},
    {"hidden folder",
     "folder tersembunyi"},
    {"hidden sheet",
     "lembar tersembunyi"},
    {"holds more than %zu bytes of text",
     "berisi lebih dari %zu byte teks"},
    {"identical to %s",
     "sama persis dengan %s"},
    {"index %s = %s is outside 0-1 (%s)",
     "indeks %s = %s di luar 0-1 (%s)"},
    {"invalid ISO date '%.40s'",
     "tanggal ISO '%.40s' tidak valid"},
    {"invalid UTF-16 near byte %llu",
     "UTF-16 tidak valid di sekitar byte %llu"},
    {"invalid cell reference '%.20s' in row %lu",
     "referensi sel '%.20s' tidak valid di baris %lu"},
    {"invalid number '%.40s'",
     "angka '%.40s' tidak valid"},
    {"invalid row number '%.20s'",
     "nomor baris '%.20s' tidak valid"},
    {"invalid template",
     "templat tidak valid"},
    {"invalid use of the library",
     "penggunaan pustaka tidak valid"},
    {"is a directory, not a file",
     "sebuah folder, bukan berkas"},
    {"it kept changing while it was read",
     "terus berubah saat dibaca"},
    {"kecamatan '%s' appears again (also row %lu): values added",
     "kecamatan '%s' muncul lagi (juga di baris %lu): nilainya dijumlahkan"},
    {"lock file of Excel",
     "berkas kunci Excel"},
    {"lock file of LibreOffice",
     "berkas kunci LibreOffice"},
    {"looks like form '%s' but column '%s' is missing%s",
     "tampaknya formulir '%s', tetapi kolom '%s' tidak ada%s"},
    {"missing input %s",
     "masukan tidak ada: %s"},
    {"more than %u columns",
     "lebih dari %u kolom"},
    {"more than %u rows",
     "lebih dari %u baris"},
    {"more than %u sheets",
     "lebih dari %u lembar"},
    {"no converter from %s",
     "tidak ada pengonversi dari %s"},
    {"no error",
     "tidak ada galat"},
    {"no form recognised (best: %s, %d of %zu columns)",
     "tidak ada formulir yang dikenali (terdekat: %s, %d dari %zu kolom)"},
    {"no form recognised (no known column headers)",
     "tidak ada formulir yang dikenali (tidak ada judul kolom yang dikenal)"},
    {"no input for this quarter",
     "tidak ada masukan untuk triwulan ini"},
    {"no input states its year: the report year %d is the clock's; set it with --year or office.year in the template, or name the year in the file names or title rows",
     "tidak ada masukan yang menyebut tahunnya: tahun laporan %d diambil dari jam komputer; tetapkan dengan --year atau office.year di templat, atau sebut tahunnya di nama berkas atau baris judul"},
    {"no predicate",
     "tanpa predikat"},
    {"no sheet 'Data'",
     "tidak ada lembar 'Data'"},
    {"no sheet number %zu",
     "tidak ada lembar nomor %zu"},
    {"no stream '%s'",
     "tidak ada stream '%s'"},
    {"no such sheet",
     "lembar tidak ada"},
    {"no target in the template",
     "tidak ada target di templat"},
    {"not a compound file",
     "bukan berkas majemuk (compound file)"},
    {"not a regular file",
     "bukan berkas biasa"},
    {"not a spreadsheet (xls, xlsx, ods or csv)",
     "bukan lembar kerja (xls, xlsx, ods, atau csv)"},
    {"not a spreadsheet name (.xls, .xlsx, .xlsm, .ods, .csv)",
     "nama berkas bukan lembar kerja (.xls, .xlsx, .xlsm, .ods, .csv)"},
    {"not an IKI workbook: no office and year in Ringkasan or the document properties",
     "bukan buku kerja IKI: tidak ada Perangkat Daerah dan Tahun di Ringkasan atau properti dokumen"},
    {"numbers in column '%s' are written both ways (%s the English way, %s the Indonesian way): read the template's way, English (1,234.5)",
     "angka di kolom '%s' ditulis dengan dua cara (%s cara Inggris, %s cara Indonesia): dibaca cara templat, Inggris (1,234.5)"},
    {"numbers in column '%s' are written both ways (%s the English way, %s the Indonesian way): read the template's way, Indonesian (1.234,5)",
     "angka di kolom '%s' ditulis dengan dua cara (%s cara Inggris, %s cara Indonesia): dibaca cara templat, Indonesia (1.234,5)"},
    {"numbers in column '%s' read the English way (1,234.5), as the sheet's other columns",
     "angka di kolom '%s' dibaca cara Inggris (1,234.5), seperti kolom lain di lembar ini"},
    {"numbers in column '%s' read the English way (1,234.5): only so does the total in %s agree",
     "angka di kolom '%s' dibaca cara Inggris (1,234.5): hanya dengan cara itu jumlah di %s cocok"},
    {"numbers in column '%s' read the English way (1,234.5): the separators in %s fit only that way",
     "angka di kolom '%s' dibaca cara Inggris (1,234.5): pemisah di %s hanya cocok dengan cara itu"},
    {"numbers in column '%s' read the English way (1,234.5): they count persons or cases, and %s is whole only so",
     "angka di kolom '%s' dibaca cara Inggris (1,234.5): isinya menghitung orang atau kasus, dan %s hanya bulat dengan cara itu"},
    {"numbers in column '%s' read the Indonesian way (1.234,5), as the sheet's other columns",
     "angka di kolom '%s' dibaca cara Indonesia (1.234,5), seperti kolom lain di lembar ini"},
    {"numbers in column '%s' read the Indonesian way (1.234,5): only so does the total in %s agree",
     "angka di kolom '%s' dibaca cara Indonesia (1.234,5): hanya dengan cara itu jumlah di %s cocok"},
    {"numbers in column '%s' read the Indonesian way (1.234,5): the separators in %s fit only that way",
     "angka di kolom '%s' dibaca cara Indonesia (1.234,5): pemisah di %s hanya cocok dengan cara itu"},
    {"numbers in column '%s' read the Indonesian way (1.234,5): they count persons or cases, and %s is whole only so",
     "angka di kolom '%s' dibaca cara Indonesia (1.234,5): isinya menghitung orang atau kasus, dan %s hanya bulat dengan cara itu"},
    {"numerator",
     "pembilang"},
    {"numerator %s (%s) is above denominator %s (%s): check the data",
     "pembilang %s (%s) lebih besar daripada penyebut %s (%s): periksa datanya"},
    {"out of memory",
     "memori tidak cukup"},
    {"part '%s' is larger than %zu bytes",
     "bagian '%s' lebih besar dari %zu byte"},
    {"period %d, not the report year %d",
     "periode %d, bukan tahun laporan %d"},
    {"period %d, not the report year %d: not added",
     "periode %d, bukan tahun laporan %d: tidak dijumlahkan"},
    {"period %s, after the cut %s",
     "periode %s, setelah batas %s"},
    {"period %s, after the cut %s (--until): not added",
     "periode %s, setelah batas %s (--until): tidak dijumlahkan"},
    {"predicate text '%.60s' (%s) is not a KLA predicate",
     "teks predikat '%.60s' (%s) bukan predikat KLA"},
    {"predicate text '%.60s' (%s) is not a KLA predicate; the score %s is used",
     "teks predikat '%.60s' (%s) bukan predikat KLA; yang dipakai skor %s"},
    {"read error",
     "galat baca"},
    {"read error at byte %llu",
     "galat baca pada byte %llu"},
    {"read error in compound file",
     "galat baca pada berkas majemuk"},
    {"read error in zip archive",
     "galat baca pada arsip zip"},
    {"row %lu has more than %u columns",
     "baris %lu memiliki lebih dari %u kolom"},
    {"row %lu is longer than %zu bytes (is this a CSV file?)",
     "baris %lu lebih panjang dari %zu byte (benarkah ini berkas CSV?)"},
    {"row %lu, column %lu: field longer than %zu bytes",
     "baris %lu, kolom %lu: isian lebih panjang dari %zu byte"},
    {"safety limit exceeded",
     "batas pengaman terlampaui"},
    {"same form (%s)%s%s as in %s: the newer file %s is used",
     "formulir yang sama (%s)%s%s seperti di %s: yang dipakai berkas yang lebih baru, %s"},
    {"score %s is below 500: no KLA predicate",
     "skor %s di bawah 500: tidak ada predikat KLA"},
    {"score %s means %s but the predicate says %s; the score wins",
     "skor %s berarti %s, tetapi predikatnya %s; yang dipakai skor"},
    {"shared string %u of %zu does not exist",
     "teks bersama %u dari %zu tidak ada"},
    {"shared strings exceed %zu bytes",
     "tabel teks bersama melebihi %zu byte"},
    {"shared strings over %zu bytes",
     "tabel teks bersama melebihi %zu byte"},
    {"shared-string index '%.20s' out of range (the table has %zu)",
     "indeks teks bersama '%.20s' di luar jangkauan (tabelnya berisi %zu)"},
    {"sheet 'Data' has no header with Kode and Realisasi",
     "lembar 'Data' tidak punya judul kolom Kode dan Realisasi"},
    {"sheet 'Data' lacks the column(s) %s",
     "lembar 'Data' tidak punya kolom %s"},
    {"sheet does not start with a BOF record (offset %u)",
     "lembar tidak diawali rekaman BOF (offset %u)"},
    {"sheet part '%.200s' lies outside the archive",
     "bagian lembar '%.200s' berada di luar arsip"},
    {"sheets '%s' and '%s' hold the same form (%s)%s%s: both are added; hide or remove a copy",
     "lembar '%s' dan '%s' berisi formulir yang sama (%s)%s%s: keduanya dijumlahkan; sembunyikan atau hapus salinannya"},
    {"superseded by %s, built later for the same office and year",
     "digantikan oleh %s, yang dibuat lebih akhir untuk Perangkat Daerah dan tahun yang sama"},
    {"superseded by %s, of the same office, year and build time, later in the inputs",
     "digantikan oleh %s, dengan Perangkat Daerah, tahun dan waktu pembuatan yang sama, kemudian dalam urutan masukan"},
    {"target %s is 0: no capaian",
     "target %s bernilai 0: tidak ada capaian"},
    {"target form: %s of %s is negative: left out",
     "formulir target: %s dari %s bernilai negatif: tidak dipakai"},
    {"target form: %s of %s is not a KLA predicate (Pratama, Madya, Nindya, Utama, KLA): left out",
     "formulir target: %s dari %s bukan predikat KLA (Pratama, Madya, Nindya, Utama, KLA): tidak dipakai"},
    {"target form: %s of %s is not a number: left out",
     "formulir target: %s dari %s bukan angka: tidak dipakai"},
    {"target form: the row matches no indicator of the template (code '%.60s'): its targets are left out",
     "formulir target: baris ini tidak cocok dengan indikator templat mana pun (kode '%.60s'): targetnya tidak dipakai"},
    {"target forms disagree on %s of %s: %s here, %s in %s!%s!%s; %s is used (%s)",
     "formulir target berbeda untuk %s dari %s: %s di sini, %s di %s!%s!%s; yang dipakai %s (%s)"},
    {"target is 0: no capaian",
     "target bernilai 0: tidak ada capaian"},
    {"temporary file",
     "berkas sementara"},
    {"text encoding error",
     "galat pengodean teks"},
    {"text ends inside a character (%s)",
     "teks berakhir di tengah karakter (%s)"},
    {"text in a number cell (%s)",
     "teks di sel angka (%s)"},
    {"text in a number cell: '%s' (%s)",
     "teks di sel angka: '%s' (%s)"},
    {"text longer than %zu bytes",
     "teks lebih panjang dari %zu byte"},
    {"the later period",
     "periode yang lebih akhir"},
    {"the newer file",
     "berkas yang lebih baru"},
    {"the predicate text says there is no KLA predicate",
     "teks predikat menyatakan tidak ada predikat KLA"},
    {"the workbook names no part for this sheet",
     "buku kerja tidak menyebut bagian untuk lembar ini"},
    {"the worksheet ends without its EOF record: the file is cut short",
     "lembar kerja berakhir tanpa rekaman EOF: berkas terpotong"},
    {"thumbnail cache of Windows",
     "tembolok gambar kecil Windows"},
    {"too many cell formats",
     "terlalu banyak format sel"},
    {"too many merged ranges",
     "terlalu banyak rentang sel gabungan"},
    {"too many number formats",
     "terlalu banyak format angka"},
    {"total row says %s, the rows add up to %s (%s)",
     "baris jumlah menyebut %s, padahal jumlah baris-barisnya %s (%s)"},
    {"truncated compound file: %s larger than the file",
     "berkas majemuk terpotong: %s lebih besar daripada berkasnya"},
    {"truncated compound file: %zu-byte header cut short",
     "berkas majemuk terpotong: header %zu byte tidak lengkap"},
    {"truncated compound file: mini stream larger than the file",
     "berkas majemuk terpotong: mini stream lebih besar daripada berkasnya"},
    {"truncated compound file: sector %u past end of file (%llu bytes)",
     "berkas majemuk terpotong: sektor %u melewati akhir berkas (%llu byte)"},
    {"truncated compound file: stream '%s' of %llu bytes larger than the file",
     "berkas majemuk terpotong: stream '%s' sebesar %llu byte lebih besar daripada berkasnya"},
    {"truncated compound file: stream data past end of file (%llu bytes)",
     "berkas majemuk terpotong: data stream melewati akhir berkas (%llu byte)"},
    {"truncated or corrupt zip archive (no valid central directory)",
     "arsip zip terpotong atau rusak (tidak ada direktori pusat yang valid)"},
    {"unknown error",
     "galat tidak dikenal"},
    {"unknown kecamatan '%s': row left out",
     "kecamatan '%s' tidak dikenal: baris tidak dipakai"},
    {"unsupported file variant",
     "varian berkas tidak didukung"},
    {"very hidden sheet",
     "lembar sangat tersembunyi"},
    {"workbook globals end without an EOF record",
     "bagian global buku kerja berakhir tanpa rekaman EOF"},
    {"workbook inflates past the limit of %llu bytes",
     "buku kerja mengembang melewati batas %llu byte"},
    {"workbook is encrypted or password-protected",
     "buku kerja terenkripsi atau dilindungi kata sandi"},
    {"workbook is password-protected (encrypted): remove the password and save again",
     "buku kerja dilindungi kata sandi (terenkripsi): hapus kata sandinya lalu simpan ulang"},
    {"workbook stream does not start with a BOF record",
     "stream buku kerja tidak diawali rekaman BOF"},
    {"zip archive has more than 65536 entries",
     "arsip zip berisi lebih dari 65536 entri"},
    {"zip archive holds an office document ('%.200s') that is not a spreadsheet",
     "arsip zip ini berisi dokumen office ('%.200s') yang bukan lembar kerja"},
    {"zip archive holds neither an xlsx workbook nor an ODS spreadsheet",
     "arsip zip ini bukan buku kerja xlsx dan bukan lembar kerja ODS"},
    {"zip archive is a PowerPoint presentation (.pptx), not a spreadsheet",
     "arsip zip ini presentasi PowerPoint (.pptx), bukan lembar kerja"},
    {"zip archive is a Word document (.docx), not a spreadsheet",
     "arsip zip ini dokumen Word (.docx), bukan lembar kerja"},
    {"zip archive is an Excel binary workbook (.xlsb), which iki cannot read: save it as .xlsx",
     "arsip zip ini buku kerja biner Excel (.xlsb), yang tidak dapat dibaca iki: simpan sebagai .xlsx"},
    {"zip entry '%s' declares %llu bytes, more than the limit of %llu",
     "entri zip '%s' menyatakan %llu byte, melebihi batas %llu"},
    {"zip entry '%s' fails its checksum",
     "entri zip '%s' gagal uji checksum"},
    {"zip entry '%s' has a compression ratio above %u:1 (zip bomb?)",
     "entri zip '%s' memiliki rasio kompresi di atas %u:1 (bom zip?)"},
    {"zip entry '%s' inflates past the limit of %llu bytes",
     "entri zip '%s' mengembang melewati batas %llu byte"},
    {"zip entry '%s' is encrypted",
     "entri zip '%s' terenkripsi"},
    {"zip entry '%s' is larger than it declares",
     "entri zip '%s' lebih besar daripada yang dinyatakan"},
    {"zip entry '%s' is truncated or corrupt",
     "entri zip '%s' terpotong atau rusak"},
    {"zip entry '%s' uses an unsupported compression or encryption",
     "entri zip '%s' memakai kompresi atau enkripsi yang tidak didukung"},
};

#define NTABLE (sizeof TABLE / sizeof TABLE[0])
#define MAXP 16      /* conversions in one format */
#define PIECE 1024   /* bytes of one formatted argument */
#define MAX_DEPTH 3  /* known messages inside known messages */
#define MAX_STEPS 200000

size_t iki_text_id_count(void)
{
    return NTABLE;
}

const char *iki_text_id_at(size_t i, const char **indonesian)
{
    if (i >= NTABLE)
        return NULL;
    if (indonesian)
        *indonesian = TABLE[i].id;
    return TABLE[i].en;
}

static int cmp_pair(const void *key, const void *elem)
{
    return strcmp(key, ((const pair *)elem)->en);
}

static const pair *find(const char *en)
{
    return en ? bsearch(en, TABLE, NTABLE, sizeof *TABLE, cmp_pair) : NULL;
}

const char *iki_text_id(const char *english_fmt)
{
    const pair *p = find(english_fmt);
    return p ? p->id : NULL;
}

/* ---- conversions ----------------------------------------------------- */

/* One conversion specification starting at f ('%', not "%%"): its
 * conversion character and the pointer past it. */
static const char *spec_end(const char *f, char *conv)
{
    f++;
    while (*f && strchr("-+ #0'", *f))
        f++;
    while ((*f >= '0' && *f <= '9') || *f == '*')
        f++;
    if (*f == '.') {
        f++;
        while ((*f >= '0' && *f <= '9') || *f == '*')
            f++;
    }
    while (*f && strchr("hlLqjzt", *f))
        f++;
    *conv = *f;
    return *f ? f + 1 : f;
}

typedef struct piece {
    const char *s; /* not NUL-terminated */
    size_t n;
    int is_str;    /* from %s: may be a known message itself */
} piece;

/* ---- rendering --------------------------------------------------------- */

static int translate(const char *s, size_t n, int depth, iki_buf *out);

/* The Indonesian format id with the pieces in order. */
static int render(const char *id, const piece *p, size_t np, int depth, iki_buf *out)
{
    size_t k = 0;
    for (const char *f = id; *f;) {
        if (*f != '%') {
            const char *q = strchr(f, '%');
            size_t n = q ? (size_t)(q - f) : strlen(f);
            if (iki_buf_append(out, f, n) != 0)
                return -1;
            f += n;
            continue;
        }
        if (f[1] == '%') {
            if (iki_buf_append_char(out, '%') != 0)
                return -1;
            f += 2;
            continue;
        }
        char conv;
        f = spec_end(f, &conv);
        if (k >= np)
            continue; /* never with a checked table */
        const piece *c = &p[k++];
        if (c->is_str && depth < MAX_DEPTH) {
            int t = translate(c->s, c->n, depth + 1, out);
            if (t < 0)
                return -1;
            if (t > 0)
                continue;
        }
        if (iki_buf_append(out, c->s, c->n) != 0)
            return -1;
    }
    return 0;
}

/* ---- matching a formatted text against the English formats ------------ */

static int num_char(char conv, char ch)
{
    switch (conv) {
    case 'x': case 'X': case 'p':
        return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') ||
               (ch >= 'A' && ch <= 'F') || ch == 'x' || ch == '-';
    case 'd': case 'i': case 'u': case 'o':
        return (ch >= '0' && ch <= '9') || ch == '-' || ch == '+' || ch == ' ';
    default: /* floating point */
        return (ch >= '0' && ch <= '9') || strchr("-+.eEinfaINFA", ch) != NULL;
    }
}

typedef struct matcher {
    piece p[MAXP];
    size_t np;
    long steps;
} matcher;

static int match(matcher *m, const char *f, const char *s, const char *end, size_t k)
{
    while (*f) {
        if (++m->steps > MAX_STEPS)
            return 0;
        if (*f != '%' || f[1] == '%') {
            if (s == end || *s != *f)
                return 0;
            f += *f == '%' ? 2 : 1;
            s++;
            continue;
        }
        char conv;
        const char *next = spec_end(f, &conv);
        if (k == MAXP || conv == '\0' || conv == 'n')
            return 0;
        size_t rest = (size_t)(end - s), lim = rest, min = 1;
        if (conv == 's')
            min = 0;
        else if (conv == 'c')
            lim = rest ? 1 : 0;
        else
            for (lim = 0; lim < rest && num_char(conv, s[lim]);)
                lim++;
        for (size_t len = min; len <= lim; len++) {
            /* a literal follows: only where it can start */
            if (*next && *next != '%' && len < rest && s[len] != *next)
                continue;
            m->p[k] = (piece){s, len, conv == 's'};
            if (match(m, next, s + len, end, k + 1))
                return 1;
        }
        return 0;
    }
    if (s != end)
        return 0;
    m->np = k;
    return 1;
}

/* Literal characters of a format: the more, the more specific. */
static size_t literal_len(const char *f, size_t *first_len)
{
    size_t n = 0;
    *first_len = 0;
    int in_first = 1;
    while (*f) {
        if (*f == '%' && f[1] != '%') {
            char conv;
            f = spec_end(f, &conv);
            in_first = 0;
            continue;
        }
        if (*f == '%')
            in_first = 0; /* "%%": compared by match() */
        f += *f == '%' ? 2 : 1;
        n++;
        if (in_first)
            (*first_len)++;
    }
    return n;
}

/* Every literal run of f appears in s, in order (a cheap filter). */
static int literals_in(const char *f, const char *s, size_t n)
{
    char run[256];
    const char *end = s + n;
    while (*f) {
        size_t k = 0;
        while (*f && !(*f == '%' && f[1] != '%') && k + 1 < sizeof run) {
            run[k++] = *f;
            f += *f == '%' ? 2 : 1;
        }
        run[k] = '\0';
        if (k) {
            const char *hit = NULL;
            for (const char *q = s; q + k <= end; q++)
                if (memcmp(q, run, k) == 0) {
                    hit = q;
                    break;
                }
            if (!hit)
                return 0;
            s = hit + k;
        }
        if (*f == '%' && f[1] != '%') {
            char conv;
            f = spec_end(f, &conv);
        }
    }
    return 1;
}

/* Indonesian of the text s[0..n) when it matches a known format, appended
 * to out: 1 when translated, 0 when not (out unchanged), -1 out of memory. */
/* literal_len of every format, computed once (messages are translated
 * from several reading threads) */
static size_t lit_len[NTABLE], lit_first[NTABLE];

static void measure_table(void)
{
    for (size_t i = 0; i < NTABLE; i++)
        lit_len[i] = literal_len(TABLE[i].en, &lit_first[i]);
}

static int translate(const char *s, size_t n, int depth, iki_buf *out)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    const pair *best = NULL;
    matcher m, keep;
    size_t best_lit = 0;
    if (n == 0)
        return 0;
    pthread_once(&once, measure_table);
    for (size_t i = 0; i < NTABLE; i++) {
        size_t first = lit_first[i];
        size_t lit = lit_len[i];
        if (lit == 0 || lit < best_lit || lit > n)
            continue;
        if (first && (first > n || memcmp(TABLE[i].en, s, first) != 0))
            continue; /* cheap: a leading literal must match ('%%' never leads) */
        if (!literals_in(TABLE[i].en, s, n))
            continue;
        m.np = 0;
        m.steps = 0;
        if (match(&m, TABLE[i].en, s, s + n, 0) && (!best || lit > best_lit)) {
            best = &TABLE[i];
            best_lit = lit;
            keep = m;
        }
    }
    if (!best)
        return 0;
    size_t before = out->len;
    if (render(best->id, keep.p, keep.np, depth, out) != 0) {
        out->len = before;
        return -1;
    }
    return 1;
}

char *iki_text_id_message(const char *english)
{
    if (!english)
        return NULL;
    iki_buf out = IKI_BUF_INIT;
    size_t n = strlen(english);
    int t = translate(english, n, 0, &out);
    if (t == 0) {
        /* notes joined by "; ": each part on its own */
        int any = 0;
        const char *p = english;
        for (;;) {
            const char *semi = strstr(p, "; ");
            size_t len = semi ? (size_t)(semi - p) : strlen(p);
            int r = translate(p, len, 0, &out);
            if (r < 0 || (r == 0 && iki_buf_append(&out, p, len) != 0)) {
                t = -1;
                break;
            }
            any |= r;
            if (!semi)
                break;
            if (iki_buf_append(&out, "; ", 2) != 0) {
                t = -1;
                break;
            }
            p = semi + 2;
        }
        if (t == 0)
            t = any;
    }
    if (t <= 0 || !out.data) {
        iki_buf_free(&out);
        return NULL;
    }
    return out.data;
}

/* ---- formatting from the arguments ---------------------------------- */

/* Each conversion of fmt formatted on its own from ap, into pieces backed
 * by store.  Returns the number of pieces, or -1 for a format this cannot
 * take apart (it then consumed nothing that matters: ap is a copy). */
static int take_apart(const char *fmt, va_list ap, piece *p, char (*store)[PIECE])
{
    int k = 0;
    for (const char *f = fmt; *f;) {
        if (*f != '%' || f[1] == '%') {
            f += *f == '%' ? 2 : 1;
            continue;
        }
        if (k == MAXP)
            return -1;
        /* the specification, with '*' replaced by its argument */
        char spec[64];
        size_t sl = 0;
        const char *q = f;
        char conv;
        const char *end = spec_end(f, &conv);
        char len1 = 0, len2 = 0;
        for (; q < end; q++) {
            if (*q == '*') {
                int w = va_arg(ap, int);
                int wn = snprintf(spec + sl, sizeof spec - sl, "%d", w);
                if (wn < 0 || (size_t)wn >= sizeof spec - sl)
                    return -1;
                sl += (size_t)wn;
                continue;
            }
            if (sl + 2 >= sizeof spec)
                return -1;
            if (strchr("hlLqjzt", *q) && q + 1 < end) {
                if (!len1)
                    len1 = *q;
                else
                    len2 = *q;
            }
            spec[sl++] = *q;
        }
        spec[sl] = '\0';
        char *buf = store[k];
        int r;
        switch (conv) {
        case 'd': case 'i':
            if (len1 == 'l' && len2 == 'l')
                r = snprintf(buf, PIECE, spec, va_arg(ap, long long));
            else if (len1 == 'l')
                r = snprintf(buf, PIECE, spec, va_arg(ap, long));
            else if (len1 == 'z' || len1 == 't')
                r = snprintf(buf, PIECE, spec, va_arg(ap, ptrdiff_t));
            else if (len1 == 'j')
                r = snprintf(buf, PIECE, spec, va_arg(ap, intmax_t));
            else
                r = snprintf(buf, PIECE, spec, va_arg(ap, int));
            break;
        case 'u': case 'o': case 'x': case 'X':
            if (len1 == 'l' && len2 == 'l')
                r = snprintf(buf, PIECE, spec, va_arg(ap, unsigned long long));
            else if (len1 == 'l')
                r = snprintf(buf, PIECE, spec, va_arg(ap, unsigned long));
            else if (len1 == 'z' || len1 == 't')
                r = snprintf(buf, PIECE, spec, va_arg(ap, size_t));
            else if (len1 == 'j')
                r = snprintf(buf, PIECE, spec, va_arg(ap, uintmax_t));
            else
                r = snprintf(buf, PIECE, spec, va_arg(ap, unsigned));
            break;
        case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': case 'a': case 'A':
            if (len1 == 'L')
                r = snprintf(buf, PIECE, spec, va_arg(ap, long double));
            else
                r = snprintf(buf, PIECE, spec, va_arg(ap, double));
            break;
        case 'c': r = snprintf(buf, PIECE, spec, va_arg(ap, int)); break;
        case 's': r = snprintf(buf, PIECE, spec, va_arg(ap, const char *)); break;
        case 'p': r = snprintf(buf, PIECE, spec, va_arg(ap, void *)); break;
        default: return -1;
        }
        if (r < 0)
            return -1;
        p[k] = (piece){buf, strlen(buf), conv == 's'};
        k++;
        f = end;
    }
    return k;
}

int iki_text_id_vformat(char *buf, size_t cap, const char *english_fmt, va_list ap)
{
    if (!buf || cap == 0)
        return -1;
    buf[0] = '\0';
    if (!english_fmt)
        return 0;
    const pair *p = find(english_fmt);
    int translated = 0;
    iki_buf out = IKI_BUF_INIT;
    va_list aq;
    va_copy(aq, ap);
    if (p) {
        char store[MAXP][PIECE];
        piece pc[MAXP];
        int k = take_apart(english_fmt, aq, pc, store);
        if (k >= 0 && render(p->id, pc, (size_t)k, 0, &out) == 0 && out.data) {
            snprintf(buf, cap, "%s", out.data);
            translated = 1;
        }
    }
    va_end(aq);
    if (!translated) {
        /* "%s" of a text formatted elsewhere, or an unknown format */
        va_copy(aq, ap);
        vsnprintf(buf, cap, english_fmt, aq);
        va_end(aq);
        char *id = iki_text_id_message(buf);
        if (id) {
            snprintf(buf, cap, "%s", id);
            free(id);
            translated = 1;
        }
    }
    iki_buf_free(&out);
    return translated;
}
