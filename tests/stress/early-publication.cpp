// No bug hidden: a flag published before its payload (the reader spins on the flag,
// then reads the payload) fails under the default portfolio at least as often as under
// plain reruns of the same binary. A serialized thread used to run from one
// synchronisation call to the next, so the window between the two writes never opened
// (0 runs of 80); pct-access opens it, and the reader's spin ends its turn instead of
// waiting for the watchdog.
// RUN: %bindir/interlock-c++ %s -o %t
// RUN: not %interlock stress --runs 80 --seed 1 --summary %t.portfolio.json -- %t > /dev/null 2> %t.err
// RUN: FileCheck %s < %t.err
// CHECK: interlock-program-crash early-publication.cpp:[[@LINE+17]] {{.*}} {{pct-access|race}}
// CHECK-NOT: watchdog
// RUN: %python %S/Inputs/hits.py %t.portfolio.json interlock-program-crash | FileCheck %s --check-prefix=HITS
// HITS: hits interlock-program-crash: {{[1-9][0-9]*}} of 80
// RUN: %interlock stress --runs 80 --seed 1 --strategy none --summary %t.none.json -- %t > /dev/null 2>&1 || true
// RUN: %python %S/Inputs/at_least.py %t.portfolio.json %t.none.json interlock-program-crash
#include <atomic>
#include <cassert>
#include <thread>

int Payload;
std::atomic<bool> Ready;

int main() {
  std::thread Reader([] {
    while (!Ready.load())
      ;
    assert(Payload == 42);
  });
  std::thread Writer([] {
    Ready.store(true);
    Payload = 42; // too late: the flag is already up
  });
  Reader.join();
  Writer.join();
}
