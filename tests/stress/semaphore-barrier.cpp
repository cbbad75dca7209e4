// std::counting_semaphore and std::barrier wait on atomics and futexes the pass cannot
// see. Their spin phase yields (a scheduling point); when they block in the kernel the
// watchdog passes the turn on. No run hangs.
// RUN: %bindir/interlock-c++ -std=c++20 %s -o %t
// RUN: %interlock stress --runs 6 --seed 1 --timeout 30 -- %t 2>&1 | FileCheck %s
// CHECK: 6 runs in {{.*}} 0 distinct finding(s)
#include <barrier>
#include <semaphore>
#include <thread>
#include <vector>

std::counting_semaphore<2> Slots(2);
std::barrier Sync(3);

void worker() {
  Slots.acquire();
  Slots.release();
  Sync.arrive_and_wait();
  Sync.arrive_and_wait();
}

int main() {
  std::vector<std::thread> Ts;
  for (int I = 0; I < 3; ++I)
    Ts.emplace_back(worker);
  for (auto &T : Ts)
    T.join();
}
