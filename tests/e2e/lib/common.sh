# Sourced by the end-to-end tests (tests/e2e/*.sh; this folder is not a test).
#
# skip WHY: a tool the test needs is missing.  Exits 77, which CTest reports
# as "Skipped", not "Passed" (SKIP_RETURN_CODE in tests/CMakeLists.txt); CI
# (.ci/run) installs every tool and fails when any test was skipped.
skip() {
  echo "skipped: $*"
  exit 77
}

# Permission cases (an unreadable input, a read-only folder) mean nothing to
# root, who reads and writes everything, and CI runs as root.  They run as an
# unprivileged user instead: as root, user and group 65534 (nobody, nogroup;
# IKI_TEST_UID / IKI_TEST_GID may name others) through setpriv, without
# supplementary groups or capabilities; as anyone else, as that user.
#   unpriv_init TMP   once, TMP the test's own mktemp -d folder: makes
#                     UNPRIV_DIR=TMP/u and IKI_U, a drop-in for $IKI (usable
#                     under timeout, ulimit) running iki as that user; the
#                     binary (under valgrind also its wrapper) is copied into
#                     UNPRIV_DIR, so the user can run it wherever the build
#                     lives (a clone under /root, mode 0700); TMP becomes 0711
#   unpriv_own PATH.. hands paths to that user (chown -R) when root
#   as_user CMD...    runs CMD as that user
#   unpriv_done       under valgrind: moves the user's valgrind logs into
#                     IKI_VG_LOGS, where valgrind.logs checks them
# The user works in UNPRIV_DIR (or folders under it): it can reach nothing
# else of the test's (TMP is 0711, its other folders 0700).
UNPRIV_UID=${IKI_TEST_UID:-65534}
UNPRIV_GID=${IKI_TEST_GID:-65534}
UNPRIV_DIR=
IKI_U=

is_root() { [ "$(id -u)" = 0 ]; }

as_user() {
  if is_root; then
    (cd / && exec setpriv --reuid="$UNPRIV_UID" --regid="$UNPRIV_GID" --clear-groups \
      --inh-caps=-all -- "$@")
  else
    "$@"
  fi
}

unpriv_init() {
  UNPRIV_DIR=$1/u
  IKI_U=$UNPRIV_DIR/bin/iki-as-user
  mkdir -p "$UNPRIV_DIR/bin"
  if ! is_root; then
    printf '#!/bin/sh\nexec "%s" "$@"\n' "$IKI" >"$IKI_U"
    chmod 755 "$IKI_U"
    return 0
  fi
  command -v setpriv >/dev/null || skip "setpriv (util-linux) is missing: cannot drop root for the permission cases"
  chmod 711 "$1"
  local run="$UNPRIV_DIR/bin/iki"
  cp "$IKI" "$UNPRIV_DIR/bin/iki"
  if [ -n "${IKI_VALGRIND:-}" ]; then
    cp "$IKI" "$UNPRIV_DIR/bin/iki-vg"
    cp "$IKI_REAL" "$UNPRIV_DIR/bin/iki"
    mkdir -p "$UNPRIV_DIR/vglogs" && chmod 1777 "$UNPRIV_DIR/vglogs"
    run="env IKI_REAL=$UNPRIV_DIR/bin/iki IKI_VG_LOGS=$UNPRIV_DIR/vglogs $UNPRIV_DIR/bin/iki-vg"
  fi
  printf '#!/bin/sh\ncd / && exec setpriv --reuid=%s --regid=%s --clear-groups --inh-caps=-all -- %s "$@"\n' \
    "$UNPRIV_UID" "$UNPRIV_GID" "$run" >"$IKI_U"
  chmod 755 "$UNPRIV_DIR" "$UNPRIV_DIR"/bin "$UNPRIV_DIR"/bin/*
  # the user must really be unprivileged: it may not read a file of mode 0000
  : >"$UNPRIV_DIR/probe" && chmod 000 "$UNPRIV_DIR/probe"
  if as_user cat "$UNPRIV_DIR/probe" 2>/dev/null; then
    echo "FAIL: user $UNPRIV_UID reads a file of mode 0000: not unprivileged"
    exit 1
  fi
  rm -f "$UNPRIV_DIR/probe"
  if ! as_user test -x "$UNPRIV_DIR/bin/iki"; then
    echo "FAIL: user $UNPRIV_UID cannot reach $UNPRIV_DIR (TMPDIR=${TMPDIR:-/tmp} must be traversable by others)"
    exit 1
  fi
}

unpriv_own() {
  is_root || return 0
  chown -R "$UNPRIV_UID:$UNPRIV_GID" "$@"
}

unpriv_done() {
  [ -n "${IKI_VALGRIND:-}" ] && is_root && [ -d "$UNPRIV_DIR/vglogs" ] || return 0
  local f
  for f in "$UNPRIV_DIR"/vglogs/*.log; do
    [ -e "$f" ] && mv "$f" "$IKI_VG_LOGS/as-user.$(basename "$f")"
  done
  return 0
}

# time_factor: how many times a time bound must be widened for this build:
# 30 under valgrind (IKI_VALGRIND=1, as hostile.sh has done), 10 under the
# sanitizers (an $IKI with __asan_init), else 1.
time_factor() {
  if [ -n "${IKI_VALGRIND:-}" ]; then
    echo 30
  elif nm "${IKI_REAL:-$IKI}" 2>/dev/null | grep -c __asan_init >/dev/null; then # -c: reads all (pipefail)
    echo 10
  else
    echo 1
  fi
}
