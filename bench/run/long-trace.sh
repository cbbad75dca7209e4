#!/usr/bin/env bash
# Memory of `interlock run` on a long lock-heavy trace (issue 15, item 5): builds
# longtrace.cpp (events only, no TSan, so the trace grows fast), runs it under
# `interlock run` and prints the trace's size beside interlock's peak resident memory
# (/usr/bin/time -v, "Maximum resident set size"; the program under test is a child
# whose own peak is a few MB). The reader streams each thread's events from the file
# one block at a time, so the peak stays flat as the trace grows; the line "in-memory
# reader" estimates what the reader before streaming held for the same trace (16 bytes
# per decoded event, plus the file mapped whole; measured on the default trace: 5.7 GB
# for 1.1 GB, docs/run.md; the issue saw 13.6 GB for a 6.9 GB trace).
#
#   bench/run/long-trace.sh [BUILD_DIR]          about 1.1 GB of trace (20 s here)
#   bench/run/long-trace.sh --big [BUILD_DIR]    about 7.4 GB of trace (4 minutes here)
#   ITERS=N THREADS=T bench/run/long-trace.sh    any size (about 19 bytes per iteration)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
big=0
if [[ ${1:-} == --big ]]; then big=1; shift; fi
build=${1:-${INTERLOCK_BUILD_DIR:-$repo/build}}
bin=$build/bin
threads=${THREADS:-4}
if ((big)); then iters=${ITERS:-100000000}; else iters=${ITERS:-15000000}; fi
[[ -x /usr/bin/time ]] || { echo "long-trace: needs /usr/bin/time (Debian package 'time')" >&2; exit 2; }
# The trace is written to disk, not tmpfs: a multi-GB tmpfs file would be memory too.
out=$(mktemp -d "${TMPDIR:-/var/tmp}/interlock-long-trace.XXXXXX")
trap 'rm -rf "$out"' EXIT
"$bin/interlock-c++" --interlock-events-only -O1 "$here/longtrace.cpp" -o "$out/longtrace"

start=$(date +%s.%N)
TMPDIR=$out /usr/bin/time -v -o "$out/time.txt" \
  "$bin/interlock" run --keep-temp -- "$out/longtrace" "$iters" "$threads" \
  > "$out/findings.txt" 2> "$out/run.err" || true
end=$(date +%s.%N)
dir=$(sed -n 's/^interlock run: kept the run.s folder //p' "$out/run.err")
trace=$(ls -S "$dir"/trace* | head -1)
bytes=$(stat -c %s "$trace")
events=$(sed -n 's/.*threads, \([0-9]*\) events.*/\1/p' "$out/run.err")
rss_kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$out/time.txt")
python3 - "$bytes" "$events" "$rss_kb" "$start" "$end" "$iters" "$threads" <<'PY'
import sys
size, events, rss_kb, t0, t1, iters, threads = sys.argv[1:]
size, events, rss = int(size), int(events or 0), int(rss_kb) * 1024
gb = lambda b: "%.2f GB" % (b / 1e9)
print("long-trace: %s iterations x %s threads, %d events" % (iters, threads, events))
print("  trace size              %s" % gb(size))
print("  interlock run peak RSS  %s   (%.1f%% of the trace; run and read in %.0f s)"
      % (gb(rss), 100.0 * rss / size, float(t1) - float(t0)))
print("  in-memory reader        %s   (estimated, before streaming: 16 B per event + the mapped file)"
      % gb(16 * events + size))
PY
grep -v "^interlock run: kept" "$out/run.err" | tail -2 | sed 's/^/  /'
