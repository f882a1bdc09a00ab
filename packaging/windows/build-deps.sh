#!/bin/sh
# Builds iki's dependencies for Windows (x86_64-w64-mingw32) as static
# libraries into a local prefix, from Debian's own source packages of the
# versions the Linux build uses, so that no third-party code enters this
# repository and both builds write the same workbook.
#
#   packaging/windows/build-deps.sh            # prefix: build-win-deps/prefix
#   IKI_WIN_PREFIX=/some/dir packaging/windows/build-deps.sh
#
# zlib comes from Debian's mingw package (libz-mingw-w64-dev); there is no
# mingw iconv in Debian 12, iki converts code pages itself (src/os).
# Needs the packages of install-deps.sh; adds a deb-src entry (as root) if
# none is configured.  Idempotent: a finished package is not rebuilt, a
# finished prefix is reused as it is.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${IKI_WIN_DEPS:-$root/build-win-deps}
prefix=${IKI_WIN_PREFIX:-$work/prefix}
host=x86_64-w64-mingw32
jobs=${IKI_JOBS:-2}

# The source versions (apt-cache showsrc, bookworm main).  libxlsxwriter
# decides the workbook's bytes: the same version as the Linux build.
PACKAGES="expat=2.5.0-1+deb12u2 libyaml=0.2.5-1 libcsv=3.0.3+dfsg-6 \
  libzip=1.7.3-1 jansson=2.14-2 nettle=3.8.1-2 libxlsxwriter=1.1.4-2"

# A prefix is finished for these versions and this recipe (the script's
# checksum): an edited recipe rebuilds.
recipe=$(md5sum < "$0" | cut -c1-12)
if [ -f "$prefix/.complete" ] && [ "$(cat "$prefix/.complete")" = "$PACKAGES $recipe" ]; then
    echo "build-deps: $prefix is complete"
    exit 0
fi

SUDO=
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
if ! grep -rqsE '^(Types:.*deb-src|deb-src )' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    echo "build-deps: adding a deb-src entry for bookworm"
    printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: bookworm bookworm-updates\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' |
        $SUDO tee /etc/apt/sources.list.d/iki-deb-src.sources >/dev/null
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
fi

mkdir -p "$work/src" "$prefix"
export PKG_CONFIG_LIBDIR="$prefix/lib/pkgconfig"
# C99 printf (mingw's own, not msvcrt's) in every library; no build folder
# inside the archives (__FILE__ of asserts and warnings), so iki.exe is the
# same wherever it is built
CFLAGS="-O2 -D__USE_MINGW_ANSI_STDIO=1 -ffile-prefix-map=$work/src/="
zlib_a=/usr/$host/lib/libz.a
zlib_inc=/usr/$host/include
toolchain="$work/deps-toolchain.cmake"
cat > "$toolchain" <<TC
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_C_COMPILER $host-gcc)
set(CMAKE_CXX_COMPILER $host-g++)
set(CMAKE_RC_COMPILER $host-windres)
set(CMAKE_FIND_ROOT_PATH /usr/$host $prefix)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
TC

autotools() { # extra configure arguments
    ./configure --build=x86_64-linux-gnu --host=$host --prefix="$prefix" \
        --enable-static --disable-shared CFLAGS="$CFLAGS" "$@"
    make -j"$jobs"
    make install
}

cmake_build() { # extra cmake arguments
    cmake -S . -B build-$host -DCMAKE_TOOLCHAIN_FILE="$toolchain" \
        -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_FLAGS="$CFLAGS" \
        -DCMAKE_INSTALL_PREFIX="$prefix" -DBUILD_SHARED_LIBS=OFF \
        -DZLIB_LIBRARY="$zlib_a" -DZLIB_INCLUDE_DIR="$zlib_inc" "$@"
    cmake --build build-$host -j"$jobs"
    cmake --install build-$host
}

build_one() { # source package name
    case $1 in
    expat) cd expat && ./buildconf.sh && autotools --without-docbook --without-examples --without-tests ;;
    libyaml) autoreconf -fi && autotools ;;
    libcsv) autoreconf -fi && autotools ;;
    jansson) autoreconf -fi && autotools ;;
    nettle) autotools --enable-fat --disable-public-key --disable-documentation --disable-openssl ;;
    libzip) rm -rf build-$host && cmake_build -DENABLE_BZIP2=OFF -DENABLE_LZMA=OFF -DENABLE_ZSTD=OFF \
        -DENABLE_GNUTLS=OFF -DENABLE_OPENSSL=OFF -DENABLE_MBEDTLS=OFF \
        -DENABLE_COMMONCRYPTO=OFF -DENABLE_WINDOWS_CRYPTO=ON -DBUILD_TOOLS=OFF \
        -DBUILD_REGRESS=OFF -DBUILD_EXAMPLES=OFF -DBUILD_DOC=OFF ;;
    # numbers as Debian's Linux build writes them (printf "%.16G", here
    # mingw's C99 printf): the workbooks are byte-identical.  iki never sets
    # LC_NUMERIC, so the decimal point stays '.' (no need for dtoa).
    libxlsxwriter) rm -rf build-$host && cmake_build -DUSE_SYSTEM_MINIZIP=OFF -DUSE_DTOA_LIBRARY=OFF \
        -DBUILD_TESTS=OFF -DBUILD_EXAMPLES=OFF ;;
    esac
}

for spec in $PACKAGES; do
    name=${spec%%=*}
    version=${spec#*=}
    stamp="$prefix/.built-$name-$version-$recipe"
    [ -f "$stamp" ] && continue
    echo "build-deps: $name $version"
    upstream=${version#*:}
    upstream=${upstream%-*}
    dir="$work/src/$name-$upstream"
    if [ ! -d "$dir" ]; then
        (cd "$work/src" && apt-get source -q --download-only "$name=$version" &&
            dpkg-source -x "${name}_${upstream}"*.dsc "$dir")
    fi
    (cd "$dir" && build_one "$name") > "$work/$name.log" 2>&1 ||
        { echo "build-deps: $name failed, see $work/$name.log" >&2; tail -20 "$work/$name.log" >&2; exit 1; }
    touch "$stamp"
done
echo "$PACKAGES $recipe" > "$prefix/.complete"
echo "build-deps: $prefix is complete"
