#!/bin/sh
# The summary cache on LevelDB: a cold `interlock check` (empty cache), a warm rerun
# after touching one .cc (its content unchanged: nothing is analysed again), and a warm
# rerun after editing it (that TU is analysed again, the rest read back, all re-linked),
# side by side with their ratio to the cold run. The target is at most 10% of cold.
# The warm runs' findings are compared byte for byte with the cold run's.
# Usage: bench/check/cache.sh [-j N] [FILE.cc relative to the LevelDB source]
#   (LevelDB through scripts/check-leveldb.sh's workdir, like bench.sh)
set -eu
JOBS=$(nproc)
[ "${1:-}" = "-j" ] && { JOBS=$2; shift 2; }
EDITED=${1:-db/db_impl.cc}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
INTERLOCK=${INTERLOCK:-${INTERLOCK_BUILD_DIR:-$ROOT/build}/bin/interlock}
WORK=${WORK:-/tmp/interlock-leveldb}
if [ ! -f "$WORK/build/compile_commands.json" ]; then
  "$ROOT/scripts/check-leveldb.sh" "$WORK" >/dev/null 2>&1 || true
fi
if [ ! -f "$WORK/build/compile_commands.json" ]; then
  echo "cache.sh: LevelDB could not be fetched (scripts/check-leveldb.sh)" >&2
  exit 2
fi
SRC=$(ls -d "$WORK"/leveldb-*/ | head -n1)
FILE=$SRC$EDITED
[ -f "$FILE" ] || { echo "cache.sh: no $FILE" >&2; exit 2; }
CACHE=$(mktemp -d)
OUT=$(mktemp -d)
BACKUP=$OUT/edited.orig
cp -p "$FILE" "$BACKUP"
trap 'cp -p "$BACKUP" "$FILE"; rm -rf "$CACHE" "$OUT"' EXIT INT TERM

now() { date +%s.%N; }
# check NAME: one run into $OUT/NAME.json, its wall time in seconds on stdout.
check() {
  T0=$(now)
  "$INTERLOCK" check -p "$WORK/build" -j "$JOBS" -q --cache-dir "$CACHE" --format=json \
    -o "$OUT/$1.json" --cache-stats 2>"$OUT/$1.err" || true
  T1=$(now)
  python3 -c "print(f'{$T1 - $T0:.2f}')"
}
analysed() { sed -n 's/.*cache: \([0-9]*\) analysed.*/\1/p' "$OUT/$1.err"; }
same() { cmp -s "$OUT/cold.json" "$OUT/$1.json" && echo identical || echo DIFFERENT; }

COLD=$(check cold)
touch "$FILE"
TOUCHED=$(check touched)
printf '\n// an edit: the cache must analyse this TU again\n' >> "$FILE"
EDIT=$(check edited)

TUS=$(python3 -c "import json,sys; print(len({e['file'] for e in json.load(open(sys.argv[1]))}))" "$WORK/build/compile_commands.json")
ratio() { python3 -c "print(f'{100 * $1 / $COLD:.1f}%')"; }
echo "LevelDB: $TUS translation units, -j $JOBS, edited file: $EDITED"
printf '%-30s %9s  %6s  %12s  %s\n' "run" "wall (s)" "ratio" "TUs analysed" "findings vs cold"
printf '%-30s %9s  %6s  %12s  %s\n' "cold (empty cache)" "$COLD" "100%" "$(analysed cold)" "-"
printf '%-30s %9s  %6s  %12s  %s\n' "warm, after touching one .cc" "$TOUCHED" "$(ratio "$TOUCHED")" "$(analysed touched)" "$(same touched)"
printf '%-30s %9s  %6s  %12s  %s\n' "warm, after editing one .cc" "$EDIT" "$(ratio "$EDIT")" "$(analysed edited)" "$(same edited)"
