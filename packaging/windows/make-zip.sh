#!/bin/sh
# The Windows release zip, in one command:
#
#   packaging/windows/make-zip.sh      # -> build-win-zip/iki-VERSION-windows-x64.zip
#
# Builds the static dependencies (build-deps.sh, reused when done) and a
# Release iki.exe with cmake/mingw-w64.cmake, strips it, and zips it with
# BACA-SAYA.txt (for the staff, in Indonesian), "Buat IKI.cmd", "Pantau
# Folder.cmd" (Windows line endings) and an empty folder "masukan".
# Needs the packages of install-deps.sh.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
"$here/build-deps.sh"
cmake -S . -B build-win-release -DCMAKE_TOOLCHAIN_FILE=cmake/mingw-w64.cmake \
    -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-win-release -j"${IKI_JOBS:-2}" >/dev/null
version=$(sed -n 's/^project(iki VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
out=$root/build-win-zip
stage=$out/iki-$version-windows-x64
rm -rf "$stage" "$stage.zip"
mkdir -p "$stage/masukan"
# fixed times: the same sources give the same zip (strip writes
# SOURCE_DATE_EPOCH, else the clock, into the PE header; the linker none)
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1735689600}
x86_64-w64-mingw32-strip -o "$stage/iki.exe" build-win-release/iki.exe
for f in "BACA-SAYA.txt" "Buat IKI.cmd" "Pantau Folder.cmd"; do
    sed 's/$/\r/' "$here/$f" >"$stage/$f"
done
find "$stage" -type d -exec chmod 755 {} +
find "$stage" -type f -exec chmod 644 {} +
chmod 755 "$stage/iki.exe"
find "$stage" -exec touch -d @"$SOURCE_DATE_EPOCH" {} +
# entries in name order, whatever order the file system lists them in
(cd "$out" && find "$(basename "$stage")" | LC_ALL=C sort |
    zip -qX -@ "$(basename "$stage").zip")
echo "$stage.zip: $(wc -c <"$stage.zip") bytes"
