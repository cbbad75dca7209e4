// --trace-limit applies to every stress run and to replay: a run whose trace reaches
// the limit records no more events, and the summary says how many runs did; the
// replay command keeps the limit.
// RUN: %bindir/interlock-c++ %s -o %t
// RUN: %interlock stress --runs 2 --jobs 1 --seed 1 --strategy none --trace-limit 64K -- %t 2> %t.err
// RUN: FileCheck %s < %t.err
// RUN: %interlock replay --seed 1 --strategy random --trace-limit 64K -- %t 2>&1 | FileCheck %s --check-prefix=REPLAY
// RUN: not %interlock stress --runs 1 --trace-limit 1Q -- %t 2>&1 | FileCheck %s --check-prefix=BAD
// CHECK: interlock stress: 2 runs in {{.*}} 0 distinct finding(s)
// CHECK-NEXT: interlock stress: warning: 2 run(s) reached the trace limit of 65536 bytes: their events after it were not recorded; their findings are those of the recorded part, without thread-lifetime checks
// REPLAY: interlock replay: warning: the run reached the trace limit of 65536 bytes
// BAD: --trace-limit: '1Q' is not a size
#include <mutex>

std::mutex M;
long Count;

int main() {
  // About 2.5 MB of trace: far past 64 KiB.
  for (int I = 0; I < 500000; ++I) {
    std::lock_guard<std::mutex> L(M);
    ++Count;
  }
  return Count == 500000 ? 0 : 1;
}
