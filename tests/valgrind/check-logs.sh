#!/bin/sh
# valgrind.logs: the last test of a valgrind build.  Every process run under
# memcheck left a log in the folder $1 (tests/valgrind/iki-vg and the unit
# tests); with -q a log is written only on an error or a definite leak.
# Prints each non-empty log and fails if there is one.
set -u
dir=${1:?usage: check-logs.sh LOGDIR}
n=$(find "$dir" -name '*.log' | wc -l)
bad=0
for f in "$dir"/*.log; do
  [ -s "$f" ] || continue
  echo "== $f"
  cat "$f"
  bad=$((bad + 1))
done
echo "valgrind: $n processes checked, $bad with errors or definite leaks"
[ "$n" -gt 0 ] || { echo "FAIL: no valgrind log at all (did the suite run under valgrind?)"; exit 1; }
[ "$bad" = 0 ]
