// A program that deadlocks is killed at --timeout (its whole process group); the
// finding names where each thread is blocked, and the lock-order cycle is reported too.
// RUN: %bindir/interlock-c++ %s -o %t
// RUN: not %interlock run --timeout 2 -- %t > %t.out 2> %t.err
// RUN: FileCheck %s < %t.out
// RUN: FileCheck %s --check-prefix=SUMMARY < %t.err
#include <atomic>
#include <mutex>
#include <thread>

std::mutex A, B;
std::atomic<int> Holding{0};

int main() {
  std::thread T1([] {
    std::lock_guard<std::mutex> LA(A);
    ++Holding;
    while (Holding < 2) {
    }
    std::lock_guard<std::mutex> LB(B);
  });
  std::thread T2([] {
    std::lock_guard<std::mutex> LB(B);
    ++Holding;
    while (Holding < 2) {
    }
    std::lock_guard<std::mutex> LA(A);
  });
  T1.join();
  T2.join();
}
// CHECK-DAG: error: program still running after 2 s and was killed; threads were blocked (possible deadlock) [interlock-program-timeout]
// CHECK-DAG: note: thread T1 waits for mutex 0x{{[0-9a-f]+}} held by thread T2 here
// CHECK-DAG: note: thread T2 waits for mutex 0x{{[0-9a-f]+}} held by thread T1 here
// CHECK-DAG: note: main thread waits to join thread T1 here
// CHECK-DAG: [interlock-lock-order-inversion]
// SUMMARY: timed out
