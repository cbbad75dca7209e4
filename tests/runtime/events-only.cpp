// Events-only builds (no ThreadSanitizer) take an uncontended lock with a try-lock and
// record one event for it: the lock-order graph, the held sets and the trace are the
// same as with TSan, and no data race is reported (no TSan).
// RUN: %bindir/interlock-c++ --interlock-events-only %s -o %t
// RUN: not %interlock run --trace-out=%t.trace -- %t > %t.out 2> %t.err
// RUN: FileCheck %s < %t.out
// RUN: FileCheck %s --check-prefix=SUMMARY < %t.err
// RUN: %interlock trace %t.trace | FileCheck %s --check-prefix=TRACE
#include <atomic>
#include <mutex>
#include <thread>

std::mutex A, B;
std::atomic<bool> FirstDone{false};
int Unprotected;

int main() {
  std::thread T1([] {
    std::lock_guard<std::mutex> LA(A);
    // CHECK: events-only.cpp:[[@LINE+1]]:{{[0-9]+}}: warning: lock-order inversion (potential deadlock): {{.*}} [interlock-lock-order-inversion]
    std::lock_guard<std::mutex> LB(B);
    FirstDone = true;
    ++Unprotected;
  });
  std::thread T2([] {
    while (!FirstDone)
      std::this_thread::yield();
    std::lock_guard<std::mutex> LB(B);
    // CHECK: events-only.cpp:[[@LINE+1]]:{{[0-9]+}}: note: thread T2 acquires
    std::lock_guard<std::mutex> LA(A);
    ++Unprotected;
  });
  T1.join();
  T2.join();
}
// CHECK-NOT: interlock-tsan-data-race
// SUMMARY: 1 finding(s); TSan lock-order reports dropped as unable to deadlock: 0
// TRACE: thread T1 created at
// TRACE: lock-acquired 0x{{[0-9a-f]+}} held={0x{{[0-9a-f]+}}}
// TRACE-NEXT: lock-acquired 0x{{[0-9a-f]+}} held={0x{{[0-9a-f]+}},0x{{[0-9a-f]+}}}
// TRACE: lock-released
