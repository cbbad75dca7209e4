// A gate lock G is held around both orders of A and B: they can never deadlock, so
// Interlock reports nothing, and drops ThreadSanitizer's lock-order report about it.
// RUN: %bindir/interlock-c++ %s -o %t
// RUN: %interlock run -- %t > %t.out 2> %t.err
// RUN: count 0 < %t.out
// RUN: FileCheck %s < %t.err
#include <atomic>
#include <mutex>
#include <thread>

std::mutex G, A, B;
std::atomic<bool> FirstDone{false};

int main() {
  std::thread T1([] {
    std::lock_guard<std::mutex> LG(G);
    std::lock_guard<std::mutex> LA(A);
    std::lock_guard<std::mutex> LB(B);
    FirstDone = true;
  });
  std::thread T2([] {
    while (!FirstDone)
      std::this_thread::yield();
    std::lock_guard<std::mutex> LG(G);
    std::lock_guard<std::mutex> LB(B);
    std::lock_guard<std::mutex> LA(A);
  });
  T1.join();
  T2.join();
}
// CHECK: 0 finding(s)
