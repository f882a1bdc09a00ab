# Cross-building iki.exe for 64-bit Windows with Debian's mingw-w64:
#
#   sh packaging/windows/install-deps.sh     # once, as root
#   packaging/windows/build-deps.sh          # the static libraries
#   cmake -S . -B build-win -DCMAKE_TOOLCHAIN_FILE=cmake/mingw-w64.cmake
#   cmake --build build-win                  # build-win/iki.exe
#
# The libraries are looked for in $IKI_WIN_PREFIX, else build-win-deps/prefix
# of this source tree (where build-deps.sh puts them), and zlib in Debian's
# mingw sysroot.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(CMAKE_C_COMPILER x86_64-w64-mingw32-gcc)
set(CMAKE_RC_COMPILER x86_64-w64-mingw32-windres)

if(DEFINED ENV{IKI_WIN_PREFIX})
  set(IKI_WIN_PREFIX "$ENV{IKI_WIN_PREFIX}" CACHE PATH "static dependencies for Windows")
else()
  get_filename_component(_iki_root "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)
  set(IKI_WIN_PREFIX "${_iki_root}/build-win-deps/prefix" CACHE PATH "static dependencies for Windows")
endif()

set(CMAKE_FIND_ROOT_PATH /usr/x86_64-w64-mingw32 "${IKI_WIN_PREFIX}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
# static libraries only: never a DLL's import library
set(CMAKE_FIND_LIBRARY_SUFFIXES .a)
# run the built tests' programs, if any, under Wine
set(CMAKE_CROSSCOMPILING_EMULATOR /usr/lib/wine/wine64)
