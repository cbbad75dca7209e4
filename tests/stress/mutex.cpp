// Mutexes are modelled: a lock never blocks outside the scheduler, the critical
// sections stay exclusive under every schedule, and nothing is reported.
// RUN: %bindir/interlock-c++ %s -o %t
// RUN: %interlock stress --runs 8 --jobs 2 --seed 1 --strategy random -- %t 2>&1 | FileCheck %s
// RUN: %interlock stress --runs 8 --jobs 2 --seed 1 --strategy pct -- %t 2>&1 | FileCheck %s
// CHECK: interlock stress: 8 runs in {{.*}} 0 distinct finding(s)
// CHECK-NOT: watchdog
#include <cassert>
#include <mutex>
#include <thread>

std::mutex M;
int Counter;

void work() {
  for (int I = 0; I < 20; ++I) {
    std::lock_guard<std::mutex> G(M);
    int V = Counter;
    std::this_thread::yield(); // a scheduling point inside the critical section
    Counter = V + 1;
  }
}

int main() {
  std::thread A(work), B(work);
  A.join();
  B.join();
  assert(Counter == 40);
}
