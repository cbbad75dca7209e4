// thread_local destructors run after the thread's function returns and may lock: the
// thread holds its turn until they are done, so their lock is never "held by an ended
// thread" (a false deadlock in 9 runs of 200 before) and join waits for them.
// RUN: %bindir/interlock-c++ %s -o %t
// RUN: %interlock stress --runs 200 --seed 1 -- %t > %t.out 2> %t.err
// RUN: FileCheck %s < %t.err
// CHECK: 200 runs in {{.*}}; 0 distinct finding(s)
// CHECK-NOT: deadlock
#include <mutex>
#include <thread>

std::mutex M;
int Count;

struct Counter {
  ~Counter() {
    std::lock_guard<std::mutex> G(M);
    ++Count;
  }
};
thread_local Counter PerThread;

int main() {
  std::thread A([] { (void)&PerThread; }), B([] { (void)&PerThread; });
  { std::lock_guard<std::mutex> G(M); }
  A.join();
  B.join();
  return Count == 2 ? 0 : 1; // join waited for the destructors
}
