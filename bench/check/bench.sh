#!/bin/sh
# interlock check -j N vs clang++-19 -fsyntax-only (the parse floor, same TUs, same
# parallelism) vs clang-tidy 19's parallel driver, side by side.
# Usage: bench/check/bench.sh [-j N]   (LevelDB via scripts/check-leveldb.sh's workdir,
# falling back to the samples when it cannot be fetched)
set -eu
JOBS=$(nproc)
[ "${1:-}" = "-j" ] && JOBS=$2
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
INTERLOCK=${INTERLOCK:-${INTERLOCK_BUILD_DIR:-$ROOT/build}/bin/interlock}
LLVM=/usr/lib/llvm-19/bin
WORK=${WORK:-/tmp/interlock-leveldb}
if [ ! -f "$WORK/build/compile_commands.json" ]; then
  "$ROOT/scripts/check-leveldb.sh" "$WORK" >/dev/null 2>&1 || true
fi
if [ -f "$WORK/build/compile_commands.json" ]; then
  DB=$WORK/build
  NAME=LevelDB
else
  DB=$(mktemp -d)
  python3 - "$ROOT/samples" "$DB" <<'PY'
import glob, json, os, sys
files = sorted(glob.glob(os.path.join(sys.argv[1], "*.cpp")))
json.dump([{"directory": sys.argv[1], "file": f,
            "arguments": ["clang++", "-std=c++20", "-c", f]} for f in files],
          open(os.path.join(sys.argv[2], "compile_commands.json"), "w"))
PY
  NAME=samples
fi
TUS=$(python3 -c "import json,sys; print(len({e['file'] for e in json.load(open(sys.argv[1]))}))" "$DB/compile_commands.json")

now() { date +%s.%N; }
elapsed() { python3 -c "print(f'{$2 - $1:.2f}')"; }

# The floor: each TU's own command with -fsyntax-only, N at a time.
T0=$(now)
python3 - "$DB/compile_commands.json" "$JOBS" "$LLVM/clang++" <<'PY'
import concurrent.futures, json, shlex, subprocess, sys
db = json.load(open(sys.argv[1]))
seen, cmds = set(), []
for e in db:
    if e["file"] in seen:
        continue
    seen.add(e["file"])
    args = e.get("arguments") or shlex.split(e["command"])
    out, skip = [sys.argv[3]], False
    for a in args[1:]:
        if skip:
            skip = False
            continue
        if a in ("-o", "-MF", "-MT", "-MQ"):
            skip = True
            continue
        if a in ("-c", "-MD", "-MMD"):
            continue
        out.append(a)
    cmds.append((e["directory"], out + ["-fsyntax-only", "-w"]))
def run(c):
    return subprocess.run(c[1], cwd=c[0], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
with concurrent.futures.ThreadPoolExecutor(int(sys.argv[2])) as ex:
    list(ex.map(run, cmds))
PY
T1=$(now)
# --no-cache: this measures a cold analysis (bench/check/cache.sh measures warm runs).
# --stats: the phases, for the points-to share below.
STATS=$(mktemp)
"$INTERLOCK" check -p "$DB" -j "$JOBS" -q --no-cache --stats --format=json -o /dev/null \
  2>"$STATS" || true
T2=$(now)
"$LLVM/run-clang-tidy" -quiet -checks='-*,bugprone-*' -p "$DB" -j "$JOBS" >/dev/null 2>&1 || true
T3=$(now)

PARSE=$(elapsed "$T0" "$T1")
CHECK=$(elapsed "$T1" "$T2")
TIDY=$(elapsed "$T2" "$T3")
echo "$NAME: $TUS translation units, -j $JOBS"
printf '%-40s %8s s\n' "clang++-19 -fsyntax-only (floor)" "$PARSE"
printf '%-40s %8s s  (%.2fx parse)\n' "interlock check" "$CHECK" "$(python3 -c "print($CHECK / $PARSE)")"
# The line of `interlock check --stats` (docs/check.md), and points-to's share of the
# whole check.
python3 - "$STATS" "$CHECK" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
m = re.search(r"stats: summarize ([0-9.]+) s, link ([0-9.]+) s \(points-to ([0-9.]+) s, "
              r"([0-9]+) nodes\), walk and checks ([0-9.]+) s", text)
if not m:
    print("  (no --stats line from interlock check)")
    sys.exit(0)
summ, link, pts, nodes, walk = m.groups()
print(f"  summarize {summ} s, link {link} s, walk and checks {walk} s")
print(f"  points-to {pts} s over {nodes} nodes: "
      f"{100 * float(pts) / float(sys.argv[2]):.2f}% of interlock check")
PY
rm -f "$STATS"
printf '%-40s %8s s  (%.2fx parse)\n' "run-clang-tidy -checks='-*,bugprone-*'" "$TIDY" "$(python3 -c "print($TIDY / $PARSE)")"
