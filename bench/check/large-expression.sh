#!/bin/sh
# interlock check vs clang++-19 -fsyntax-only on one function with an N-term `v + v + ...`
# and an N-term `a && a && ...`, for N = 5,000, 10,000 and 20,000: the time should grow
# about linearly with N (it was quadratic: 1.75 s at 5,000 terms, 34 s at 20,000).
# clang++ -fsyntax-only may itself overflow its 8 MB stack on the deepest `&&`; Interlock
# analyzes each TU on a 512 MB stack.
# Usage: bench/check/large-expression.sh
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
INTERLOCK=${INTERLOCK:-${INTERLOCK_BUILD_DIR:-$ROOT/build}/bin/interlock}
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
secs() { python3 -c 'import subprocess,sys,time; t=time.time(); r=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL).returncode; print("%.2f s%s" % (time.time()-t, "" if r in (0,1) else " (status %d)" % r))' "$@"; }
printf '%-6s %8s %22s %22s\n' op terms "interlock check" "clang++ -fsyntax-only"
for OP in '+' '&&'; do
  for N in 5000 10000 20000; do
    F=$DIR/expr$N.cpp
    python3 -c "import sys; n=int(sys.argv[1]); op=sys.argv[2]; print('int v;\nint f() {\n  return ' + (' %s ' % op).join(['v'] * n) + ';\n}')" "$N" "$OP" > "$F"
    printf '%-6s %8s %22s %22s\n' "$OP" "$N" "$(secs "$INTERLOCK" check -q "$F" -- -std=c++20)" \
      "$(secs clang++-19 -fsyntax-only -std=c++20 "$F")"
  done
done
