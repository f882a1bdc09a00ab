@echo off
rem Membuat buku kerja IKI.xlsx dari folder "masukan" di samping berkas ini.
setlocal
rem pesan iki dalam bahasa Indonesia, seperti jendela ini
if not defined LANGUAGE set LANGUAGE=id
cd /d "%~dp0"
if not exist "masukan\" mkdir "masukan"
echo Membaca folder masukan ...
echo.
iki.exe build -o "%~dp0IKI.xlsx" masukan
set rc=%errorlevel%
echo.
if %rc% leq 1 (
  echo Buku kerja IKI ada di: %~dp0IKI.xlsx
  if %rc%==1 echo Ada indikator tanpa data atau berkas yang tidak terbaca: lihat lembar Catatan.
)
if %rc%==3 echo IKI.xlsx tidak bisa ditulis. Jika sedang dibuka di Excel, tutup lalu jalankan lagi.
if %rc%==2 echo Templat atau perintah tidak valid: hubungi petugas TI.
echo.
pause
