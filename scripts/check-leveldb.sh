#!/bin/sh
# Fetch LevelDB's Debian source, configure it with a compilation database and run
# `interlock check` over every TU. Not part of the test suite (it downloads).
# Usage: scripts/check-leveldb.sh [WORKDIR] [extra interlock check options...]
set -eu
WORK=${1:-/tmp/interlock-leveldb}
[ $# -gt 0 ] && shift
BUILD_DIR=${INTERLOCK_BUILD_DIR:-$(cd "$(dirname "$0")/.." && pwd)/build}
INTERLOCK=${INTERLOCK:-$BUILD_DIR/bin/interlock}
mkdir -p "$WORK"
cd "$WORK"
SRC=$(ls -d leveldb-*/ 2>/dev/null | head -n1 || true)
if [ -z "$SRC" ]; then
  if ! grep -qs deb-src /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null; then
    sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources \
      > /etc/apt/sources.list.d/debian-src.sources
    apt-get update -qq
  fi
  apt-get source -qq leveldb
  SRC=$(ls -d leveldb-*/ | head -n1)
fi
SRC=${SRC%/}
if [ ! -f "$WORK/build/compile_commands.json" ]; then
  cmake -S "$SRC" -B build -G Ninja -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
    -DLEVELDB_BUILD_TESTS=OFF -DLEVELDB_BUILD_BENCHMARKS=OFF >/dev/null
fi
TUS=$(grep -c '"file"' build/compile_commands.json)
echo "LevelDB: $TUS translation units in $WORK/build" >&2
START=$(date +%s.%N)
set +e
"$INTERLOCK" check -p build --format=json -o "$WORK/findings.json" "$@"
STATUS=$?
set -e
END=$(date +%s.%N)
python3 - "$WORK/findings.json" "$START" "$END" "$STATUS" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print(f"findings: {len(d['findings'])}, wall time: {float(sys.argv[3]) - float(sys.argv[2]):.1f} s, exit status: {sys.argv[4]}")
PY
