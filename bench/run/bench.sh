#!/usr/bin/env bash
# Lock-heavy microbenchmark (lockbench.cpp) side by side: native, ThreadSanitizer alone,
# TSan + Interlock (interlock-c++), Interlock events only (no TSan), and Helgrind. Each
# configuration runs REPS times; the median wall time (program start to exit, including
# Interlock's trace write) is compared with native. Helgrind runs fewer iterations and is
# compared per iteration.
#
#   bench/run/bench.sh [BUILD_DIR]     (default: build-dynamic next to this repo's root)
#   ITERS=200000 THREADS=4 REPS=5 HELGRIND_ITERS=20000 bench/run/bench.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
build=${1:-$repo/build-dynamic}
bin=$build/bin
iters=${ITERS:-200000}
threads=${THREADS:-4}
reps=${REPS:-5}
hg_iters=${HELGRIND_ITERS:-20000}
clangxx=${CLANGXX:-/usr/lib/llvm-19/bin/clang++}
out=$(mktemp -d /tmp/interlock-bench.XXXXXX)
trap 'rm -rf "$out"' EXIT
# The same TSan settings for both TSan configurations (the runtime sets these defaults).
tsan_opts="atexit_sleep_ms=0:second_deadlock_stack=1:halt_on_error=0"

src=$here/lockbench.cpp
"$clangxx" -O1 -g "$src" -o "$out/native" -lpthread
"$clangxx" -O1 -g -fsanitize=thread "$src" -o "$out/tsan"
"$bin/interlock-c++" "$src" -o "$out/interlock"
"$bin/interlock-c++" --interlock-events-only "$src" -o "$out/events"

# median wall seconds of REPS runs: time_median N CMD...
time_median() {
  local n=$1; shift
  local times=()
  for _ in $(seq "$n"); do
    local t0 t1
    t0=$(date +%s.%N)
    "$@" > /dev/null 2>&1
    t1=$(date +%s.%N)
    times+=("$(echo "$t1 - $t0" | bc -l)")
  done
  printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

export INTERLOCK_OPTIONS="trace_path=$out/trace"
native=$(time_median "$reps" "$out/native" "$iters" "$threads")
tsan=$(TSAN_OPTIONS=$tsan_opts time_median "$reps" "$out/tsan" "$iters" "$threads")
interlock=$(TSAN_OPTIONS=$tsan_opts time_median "$reps" "$out/interlock" "$iters" "$threads")
trace_mb=$(du -m "$out/trace" | cut -f1)
events=$(time_median "$reps" "$out/events" "$iters" "$threads")
native_hg=$(time_median "$reps" "$out/native" "$hg_iters" "$threads")
helgrind=$(time_median 1 valgrind --tool=helgrind "$out/native" "$hg_iters" "$threads")
run_total=$(TSAN_OPTIONS=$tsan_opts time_median 1 "$bin/interlock" run -- "$out/interlock" "$iters" "$threads")

ratio() { echo "scale=2; $1 / $2" | bc -l; }
echo "lockbench: $threads threads x $iters iterations, 4 mutexes, median of $reps runs ($(nproc) cores)"
printf '%-34s %10s %10s\n' configuration seconds "x native"
printf '%-34s %10.3f %10s\n' "native (-O1)" "$native" 1.00
printf '%-34s %10.3f %10s\n' "ThreadSanitizer alone" "$tsan" "$(ratio "$tsan" "$native")"
printf '%-34s %10.3f %10s\n' "TSan + Interlock" "$interlock" "$(ratio "$interlock" "$native")"
printf '%-34s %10.3f %10s\n' "Interlock events only (no TSan)" "$events" "$(ratio "$events" "$native")"
printf '%-34s %10.3f %10s\n' "Helgrind ($hg_iters iterations)" "$helgrind" "$(ratio "$helgrind" "$native_hg")"
echo
echo "TSan + Interlock over TSan alone: $(ratio "$interlock" "$tsan")x (target <= 1.10)"
echo "events only over native:         $(ratio "$events" "$native")x (target <= 2)"
echo "trace size: ${trace_mb} MB; interlock run end to end (run + analysis): ${run_total} s"
