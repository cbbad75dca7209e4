// One thread takes A then B and later B then A (google/sanitizers#488): a thread cannot
// deadlock with itself, so Interlock is silent and drops ThreadSanitizer's report.
// RUN: %bindir/interlock-c++ %s -o %t
// RUN: %interlock run -- %t > %t.out 2> %t.err
// RUN: count 0 < %t.out
// RUN: FileCheck %s < %t.err
#include <mutex>
#include <thread>

std::mutex A, B;

int main() {
  std::thread T([] {
    {
      std::lock_guard<std::mutex> LA(A);
      std::lock_guard<std::mutex> LB(B);
    }
    {
      std::lock_guard<std::mutex> LB(B);
      std::lock_guard<std::mutex> LA(A);
    }
  });
  T.join();
}
// CHECK: 0 finding(s); ThreadSanitizer: 1 report(s), 0 race(s); TSan lock-order reports dropped as unable to deadlock: 1
