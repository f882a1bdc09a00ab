# The Windows build's libraries (see cmake/mingw-w64.cmake): static archives
# from packaging/windows/build-deps.sh ($IKI_WIN_PREFIX) and Debian's mingw
# zlib, as one interface target; and the CLI's Windows link options.
set(IKI_TESTS OFF)
# no build folder inside iki.exe (__FILE__ of asserts, generated sources):
# the same sources give the same release zip wherever they are built
add_compile_options(-ffile-prefix-map=${CMAKE_SOURCE_DIR}/=
                    -ffile-prefix-map=${CMAKE_BINARY_DIR}/=)
set(IKI_WIN_LIBS)
foreach(lib xlsxwriter zip jansson nettle csv yaml expat z)
  find_library(IKI_WIN_LIB_${lib} NAMES lib${lib}.a REQUIRED)
  list(APPEND IKI_WIN_LIBS ${IKI_WIN_LIB_${lib}})
endforeach()
find_path(IKI_WIN_INCLUDE_DIR xlsxwriter.h REQUIRED)
find_path(CSV_INCLUDE_DIR csv.h REQUIRED)
add_library(iki_windows_deps INTERFACE)
target_include_directories(iki_windows_deps INTERFACE ${IKI_WIN_INCLUDE_DIR})
# the headers' static variants (no __declspec(dllimport); zipconf.h says
# ZIP_STATIC itself); mingw's own C99
# printf and strtod instead of msvcrt's
target_compile_definitions(iki_windows_deps INTERFACE XML_STATIC YAML_DECLARE_STATIC
                           __USE_MINGW_ANSI_STDIO=1)
# libzip's Windows crypto: bcrypt, advapi32; the UTF-8 command line: shell32
target_link_libraries(iki_windows_deps INTERFACE ${IKI_WIN_LIBS} bcrypt advapi32 shell32)

# The CLI on Windows: one static iki.exe (no DLL beside it), libraries'
# fopen() through the UTF-8 one of src/os/windows.c; its Indonesian comes
# from the embedded catalog as everywhere (cmake/catalog.cmake).
function(iki_windows_cli target)
  # no link time in the PE header: the same sources give the same iki.exe
  target_link_options(${target} PRIVATE -static -Wl,--wrap=fopen -Wl,--no-insert-timestamp)
endfunction()

# format(printf) means msvcrt's printf to mingw's gcc, which knows no %zu
# although __USE_MINGW_ANSI_STDIO's printf does: the Linux build checks the
# formats.
add_compile_options(-Wno-format)
