#!/usr/bin/env bash
# Lock-heavy microbenchmark (lockbench.cpp) side by side: native, ThreadSanitizer alone,
# TSan + Interlock (interlock-c++), Interlock events only (no TSan), and Helgrind. Each
# configuration runs REPS times; the median wall time (program start to exit, including
# Interlock's trace write) is compared with native. Helgrind runs fewer iterations and is
# compared per iteration.
#
#   bench/run/bench.sh [BUILD_DIR]     (default: $INTERLOCK_BUILD_DIR, else build/ in this repository)
#   ITERS=1000000 THREADS=4 WORK=16 REPS=5 HELGRIND_ITERS=20000 bench/run/bench.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
build=${1:-${INTERLOCK_BUILD_DIR:-$repo/build}}
bin=$build/bin
iters=${ITERS:-1000000}
threads=${THREADS:-4}
work=${WORK:-16}
reps=${REPS:-5}
hg_iters=${HELGRIND_ITERS:-20000}
clangxx=${CLANGXX:-/usr/lib/llvm-19/bin/clang++}
# The trace goes to tmpfs when there is one, as `interlock run` does not control where
# the program's disk writes land.
tmp_root=/tmp
[ -d /dev/shm ] && [ -w /dev/shm ] && tmp_root=/dev/shm
out=$(mktemp -d "$tmp_root/interlock-bench.XXXXXX")
trap 'rm -rf "$out"' EXIT
# The same TSan settings for both TSan configurations (the runtime sets these defaults).
tsan_opts="atexit_sleep_ms=0:second_deadlock_stack=1:halt_on_error=0"

src=$here/lockbench.cpp
"$clangxx" -O1 -g "$src" -o "$out/native" -lpthread
"$clangxx" -O1 -g -fsanitize=thread "$src" -o "$out/tsan"
"$bin/interlock-c++" "$src" -o "$out/interlock"
"$bin/interlock-c++" --interlock-events-only "$src" -o "$out/events"

# "wall cpu" seconds, the medians of N runs (cpu = user + system): time_median N CMD...
time_median() {
  local n=$1; shift
  local walls=() cpus=()
  for _ in $(seq "$n"); do
    /usr/bin/time -f "%e %U %S" -o "$out/time" "$@" > /dev/null 2>&1 || true
    read -r w u s < "$out/time"
    walls+=("$w")
    cpus+=("$(echo "$u + $s" | bc -l)")
  done
  local mid=$(( (n + 1) / 2 ))
  echo "$(printf '%s\n' "${walls[@]}" | sort -g | sed -n "${mid}p")" \
       "$(printf '%s\n' "${cpus[@]}" | sort -g | sed -n "${mid}p")"
}

export INTERLOCK_OPTIONS="trace_path=$out/trace"
native=$(time_median "$reps" "$out/native" "$iters" "$threads" "$work")
tsan=$(TSAN_OPTIONS=$tsan_opts time_median "$reps" "$out/tsan" "$iters" "$threads" "$work")
interlock=$(TSAN_OPTIONS=$tsan_opts time_median "$reps" "$out/interlock" "$iters" "$threads" "$work")
trace_mb=$(du -m "$out/trace" | cut -f1)
events=$(time_median "$reps" "$out/events" "$iters" "$threads" "$work")
helgrind=$(time_median 1 valgrind --tool=helgrind "$out/native" "$hg_iters" "$threads" "$work")
run_total=$(TSAN_OPTIONS=$tsan_opts time_median 1 "$bin/interlock" run -- "$out/interlock" "$iters" "$threads" "$work")

ratio() { echo "scale=2; $1 / $2" | bc -l; }
wall() { echo "$1" | cut -d' ' -f1; }
cpu() { echo "$1" | cut -d' ' -f2; }
row() { # name result native-result
  printf '%-34s %8.3f %8s %8.3f %8s\n' "$1" "$(wall "$2")" "$(ratio "$(wall "$2")" "$(wall "$3")")" \
    "$(cpu "$2")" "$(ratio "$(cpu "$2")" "$(cpu "$3")")"
}
echo "lockbench: $threads threads x $iters iterations, $work words of private work, 4 mutexes, median of $reps runs ($(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg))"
printf '%-34s %8s %8s %8s %8s\n' configuration wall-s "x native" cpu-s "x native"
row "native (-O1)" "$native" "$native"
row "ThreadSanitizer alone" "$tsan" "$native"
row "TSan + Interlock" "$interlock" "$native"
row "Interlock events only (no TSan)" "$events" "$native"
# Helgrind runs HELGRIND_ITERS iterations: compare per iteration.
scale() { echo "$(echo "$(wall "$1") * $iters / $hg_iters" | bc -l) $(echo "$(cpu "$1") * $iters / $hg_iters" | bc -l)"; }
row "Helgrind (per iteration)" "$(scale "$helgrind")" "$native"
echo
echo "TSan + Interlock over TSan alone: wall $(ratio "$(wall "$interlock")" "$(wall "$tsan")")x, cpu $(ratio "$(cpu "$interlock")" "$(cpu "$tsan")")x (target <= 1.10)"
echo "events only over native:         wall $(ratio "$(wall "$events")" "$(wall "$native")")x, cpu $(ratio "$(cpu "$events")" "$(cpu "$native")")x (target <= 2)"
echo "trace: ${trace_mb} MB; interlock run end to end (run + analysis): $(wall "$run_total") s"
