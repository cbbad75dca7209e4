// Two threads that are alive at the same time take A then B and B then A: a cycle in
// the lock-order graph, reported once at the inner acquisition, even though this run
// did not deadlock (the atomic flag orders the threads).
// RUN: %bindir/interlock-c++ %s -o %t
// RUN: not %interlock run --format=json -- %t > %t.json 2> %t.err
// RUN: FileCheck %s < %t.json
// RUN: FileCheck %s --check-prefix=SUMMARY < %t.err
#include <atomic>
#include <mutex>
#include <thread>

std::mutex A, B;
std::atomic<bool> FirstDone{false};

void first() {
  std::lock_guard<std::mutex> LA(A);
  std::lock_guard<std::mutex> LB(B); // line 17
  FirstDone = true;
}

void second() {
  while (!FirstDone)
    std::this_thread::yield();
  std::lock_guard<std::mutex> LB(B);
  std::lock_guard<std::mutex> LA(A); // line 25
}

int main() {
  std::thread T1(first), T2(second);
  T1.join();
  T2.join();
}
// CHECK: "check": "interlock-lock-order-inversion"
// CHECK: "file": "{{.*}}lock-order.cpp"
// CHECK: "line": 17
// CHECK: "message": "lock-order inversion (potential deadlock): thread T{{[12]}} acquires
// CHECK: "line": 25
// CHECK-NOT: "check":
// SUMMARY: 1 finding(s)
