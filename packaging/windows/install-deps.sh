#!/bin/sh
# Installs the Debian 12 packages the Windows cross-build and its Wine test
# stage need: the mingw-w64 toolchain and zlib, the autotools that rebuild
# the dependencies from Debian's source packages (build-deps.sh), dpkg-dev
# for `apt-get source`, and wine64 to run iki.exe.
# Run as root, or as a user with sudo.  Idempotent.
set -eu
SUDO=
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
PKGS="gcc-mingw-w64-x86-64 g++-mingw-w64-x86-64 libz-mingw-w64-dev autoconf automake libtool m4 \
  dpkg-dev wine64 cmake pkg-config zip"
missing=
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
fi
