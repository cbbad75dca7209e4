#!/usr/bin/env bash
# Lock-heavy microbenchmark (lockbench.cpp) side by side: native, ThreadSanitizer alone,
# TSan + Interlock (interlock-c++, with access hooks: every shared load and store has a
# guarded scheduling point, idle outside stress), the same build without access hooks
# (INTERLOCK_ACCESS_HOOKS=0 at compile time), Interlock events only (no TSan), and
# Helgrind. Each
# configuration runs REPS times, the configurations taking turns; the median wall time
# (program start to exit, including Interlock's trace write) is compared with native.
# Helgrind runs fewer iterations and is compared per iteration. The last lines give the
# two targets' ratios run by run (median and range of the rounds), which a drift in the
# machine's load moves less than the ratio of the medians above them. The very last line
# is hookcost.cpp: the lock hooks' cost per lock/unlock pair in a single-threaded loop,
# without TSan and under it (best of 7 rounds of CPU time, so hardly moved by the load).
#
# With CALLGRIND=1 (and valgrind installed) it ends with instruction counts, which the
# machine's load does not move: lockbench in one thread under callgrind (the difference
# of two iteration counts, per iteration) for TSan alone, TSan + Interlock and the
# build without access hooks, and hookcost's hooks per lock/unlock pair (its hooked loop
# minus its plain loop), without TSan and under it.
#
#   bench/run/bench.sh [BUILD_DIR]     (default: $INTERLOCK_BUILD_DIR, else build/ in this repository)
#   ITERS=1000000 THREADS=4 WORK=16 REPS=5 HELGRIND_ITERS=20000 CALLGRIND=1 bench/run/bench.sh
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
INTERLOCK_ACCESS_HOOKS=0 "$bin/interlock-c++" "$src" -o "$out/nohooks"
"$bin/interlock-c++" --interlock-events-only "$src" -o "$out/events"
rt_lib=$build/lib/libinterlock_rt.a
"$clangxx" -O2 "$here/hookcost.cpp" -o "$out/hookcost" -Wl,--whole-archive "$rt_lib" \
  -Wl,--no-whole-archive -lpthread
"$clangxx" -O2 -fsanitize=thread "$here/hookcost.cpp" -o "$out/hookcost-tsan" \
  -Wl,--whole-archive "$rt_lib" -Wl,--no-whole-archive -lpthread

# One timed run of CMD, appended as "wall cpu" (cpu = user + system) to $out/NAME.times.
# Wall time is read in nanoseconds: time(1)'s 10 ms steps are 1% of a TSan run.
run_once() { # NAME CMD...
  local name=$1 start end; shift
  start=$(date +%s%N)
  /usr/bin/time -f "%U %S" -o "$out/time" "$@" > /dev/null 2>&1 || true
  end=$(date +%s%N)
  read -r u s < "$out/time"
  echo "$(echo "($end - $start) / 1000000000" | bc -l) $(echo "$u + $s" | bc -l)" >> "$out/$name.times"
}
# "wall cpu": the medians of NAME's runs.
median_of() {
  local f=$out/$1.times n mid
  n=$(wc -l < "$f"); mid=$(( (n + 1) / 2 ))
  echo "$(cut -d' ' -f1 "$f" | sort -g | sed -n "${mid}p")" "$(cut -d' ' -f2 "$f" | sort -g | sed -n "${mid}p")"
}

# The configurations take turns, one run each per round, so that a change in the
# machine's load during the benchmark hits all of them alike rather than one.
export INTERLOCK_OPTIONS="trace_path=$out/trace"
for _ in $(seq "$reps"); do
  run_once native "$out/native" "$iters" "$threads" "$work"
  TSAN_OPTIONS=$tsan_opts run_once tsan "$out/tsan" "$iters" "$threads" "$work"
  TSAN_OPTIONS=$tsan_opts run_once interlock "$out/interlock" "$iters" "$threads" "$work"
  TSAN_OPTIONS=$tsan_opts run_once nohooks "$out/nohooks" "$iters" "$threads" "$work"
  run_once events "$out/events" "$iters" "$threads" "$work"
done
native=$(median_of native); tsan=$(median_of tsan); interlock=$(median_of interlock)
nohooks=$(median_of nohooks)
events=$(median_of events)
trace_mb=$(du -m "$out/trace" | cut -f1)
run_once helgrind valgrind --tool=helgrind "$out/native" "$hg_iters" "$threads" "$work"
helgrind=$(median_of helgrind)
TSAN_OPTIONS=$tsan_opts run_once run_total "$bin/interlock" run -- "$out/interlock" "$iters" "$threads" "$work"
run_total=$(median_of run_total)

ratio() { printf '%.3f' "$(echo "$1 / $2" | bc -l)"; }
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
row "TSan + Interlock, no access hooks" "$nohooks" "$native"
row "Interlock events only (no TSan)" "$events" "$native"
# Helgrind runs HELGRIND_ITERS iterations: compare per iteration.
scale() { echo "$(echo "$(wall "$1") * $iters / $hg_iters" | bc -l) $(echo "$(cpu "$1") * $iters / $hg_iters" | bc -l)"; }
row "Helgrind (per iteration)" "$(scale "$helgrind")" "$native"
# A over B round by round (the two ran back to back): "median (lowest-highest)" of the
# ratios of column COL (1 wall, 2 cpu). Pairing runs cancels most of a drift in the
# machine's load, which on a shared VM moves TSan's own time by 10%.
paired() { # A B COL
  paste -d' ' "$out/$1.times" "$out/$2.times" | awk -v c="$3" '{ print $c / $(c + 2) }' |
    sort -g | awk '{ r[NR] = $1 } END { printf "%.3fx (%.3f-%.3f)", r[int((NR + 1) / 2)], r[1], r[NR] }'
}
echo
echo "run by run, median (range) of $reps:"
echo "TSan + Interlock over TSan alone: wall $(paired interlock tsan 1), cpu $(paired interlock tsan 2) (target <= 1.10)"
echo "access hooks over no hooks:       wall $(paired interlock nohooks 1), cpu $(paired interlock nohooks 2) (target <= 1.05)"
echo "events only over native:         wall $(paired events native 1), cpu $(paired events native 2) (target <= 2)"
printf 'trace: %s MB; interlock run end to end (run + analysis): %.2f s\n' "$trace_mb" "$(wall "$run_total")"
read -r hc_plain hc_hooked < <("$out/hookcost" 1000000)
read -r hc_tsan hc_tsan_hooked < <(TSAN_OPTIONS=$tsan_opts "$out/hookcost-tsan" 1000000)
printf 'lock hooks per lock/unlock pair (1 thread): native %.1f -> %.1f ns (+%.1f); under TSan %.1f -> %.1f ns (+%.1f, %.3fx)\n' \
  "$hc_plain" "$hc_hooked" "$(echo "$hc_hooked - $hc_plain" | bc -l)" "$hc_tsan" "$hc_tsan_hooked" \
  "$(echo "$hc_tsan_hooked - $hc_tsan" | bc -l)" "$(echo "$hc_tsan_hooked / $hc_tsan" | bc -l)"

if [ "${CALLGRIND:-0}" = 1 ] && command -v valgrind > /dev/null; then
  # Instructions of one run of CMD under callgrind (the trace goes to $out as above).
  instructions() {
    valgrind --tool=callgrind --callgrind-out-file="$out/cg" "$@" > /dev/null 2>&1 || true
    callgrind_annotate "$out/cg" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1 }'
  }
  # Per iteration: 60000 minus 20000 iterations in one thread, without start and exit.
  per_iteration() { # BINARY
    local a b
    a=$(instructions "$1" 20000 1 "$work"); b=$(instructions "$1" 60000 1 "$work")
    echo "($b - $a) / 40000" | bc -l
  }
  per_pair() { # BINARY: hooked minus plain loop, 7 rounds of 100000 pairs
    local a b
    a=$(instructions "$1" 100000 plain); b=$(instructions "$1" 100000 hooked)
    echo "($b - $a) / 700000" | bc -l
  }
  cg_tsan=$(TSAN_OPTIONS=$tsan_opts per_iteration "$out/tsan")
  cg_interlock=$(TSAN_OPTIONS=$tsan_opts per_iteration "$out/interlock")
  cg_nohooks=$(TSAN_OPTIONS=$tsan_opts per_iteration "$out/nohooks")
  echo
  printf 'callgrind, lockbench in 1 thread, instructions per iteration: TSan %.0f; TSan + Interlock %.0f (%.3fx); no access hooks %.0f (%.3fx)\n' \
    "$cg_tsan" "$cg_interlock" "$(echo "$cg_interlock / $cg_tsan" | bc -l)" \
    "$cg_nohooks" "$(echo "$cg_nohooks / $cg_tsan" | bc -l)"
  printf 'callgrind, lock hooks per lock/unlock pair (hookcost): %.0f instructions without TSan, %.0f under TSan\n' \
    "$(per_pair "$out/hookcost")" "$(TSAN_OPTIONS=$tsan_opts per_pair "$out/hookcost-tsan")"
fi
