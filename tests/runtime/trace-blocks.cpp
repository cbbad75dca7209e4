// The runtime streams each thread's events to the trace file in fixed-size blocks while
// the program runs. Every event must reach the trace exactly once, at exit and when a
// fatal signal ends the run with blocks already written: three threads each take and
// release their own mutex (never contended: one event per lock call) 200000 times,
// more than a block holds.
// RUN: %bindir/interlock-c++ --interlock-events-only %s -o %t
// RUN: rm -f %t.trace %t.small.trace %t.abort.trace
// RUN: env INTERLOCK_OPTIONS=trace_path=%t.trace %t
// RUN: %interlock trace %t.trace | grep '^thread' | FileCheck %s
// Blocks of 4 KiB: hundreds of block boundaries per thread.
// RUN: env INTERLOCK_OPTIONS=trace_path=%t.small.trace:block_kib=4 %t
// RUN: %interlock trace %t.small.trace | grep '^thread' | FileCheck %s
// RUN: env INTERLOCK_OPTIONS=trace_path=%t.abort.trace:block_kib=4 not --crash %t abort
// RUN: %interlock trace %t.abort.trace | FileCheck %s --check-prefix=ABORT
// Thread start, 200000 x (acquired + released), thread end:
// CHECK: thread T0 (main thread), {{[0-9]+}} events
// CHECK-NEXT: thread T1 {{.*}}, 400002 events
// CHECK-NEXT: thread T2 {{.*}}, 400002 events
// CHECK-NEXT: thread T3 {{.*}}, 400002 events
// Killed by SIGABRT while the workers wait after their loops: no thread end yet.
// ABORT: end: signal 6
// ABORT: thread T1 {{.*}}, 400001 events
// ABORT: thread T2 {{.*}}, 400001 events
// ABORT: thread T3 {{.*}}, 400001 events
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <thread>
#include <vector>

constexpr int Threads = 3, Pairs = 200000;
std::mutex Locks[Threads];
long Counts[Threads];
std::atomic<int> Done{0};
std::atomic<bool> Never{false};

int main(int argc, char **argv) {
  bool Abort = argc > 1 && std::strcmp(argv[1], "abort") == 0;
  std::vector<std::thread> Workers;
  for (int T = 0; T < Threads; ++T)
    Workers.emplace_back([T, Abort] {
      for (int I = 0; I < Pairs; ++I) {
        std::lock_guard<std::mutex> L(Locks[T]);
        ++Counts[T];
      }
      ++Done;
      while (Abort && !Never.load(std::memory_order_relaxed)) {
        // wait for the abort without recording another event
      }
    });
  if (Abort) {
    while (Done < Threads) {
    }
    std::abort();
  }
  for (std::thread &W : Workers)
    W.join();
  return Counts[0] + Counts[1] + Counts[2] == long(Threads) * Pairs ? 0 : 1;
}
