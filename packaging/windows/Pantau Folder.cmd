@echo off
rem Memantau folder "masukan": IKI.xlsx dibuat ulang setiap ada perubahan.
setlocal
rem pesan iki dalam bahasa Indonesia, seperti jendela ini
if not defined LANGUAGE set LANGUAGE=id
cd /d "%~dp0"
if not exist "masukan\" mkdir "masukan"
echo Memantau folder masukan. IKI.xlsx diperbarui otomatis di:
echo   %~dp0IKI.xlsx
echo Tutup jendela ini atau tekan Ctrl+C untuk berhenti.
echo.
iki.exe watch -o "%~dp0IKI.xlsx" masukan
pause
