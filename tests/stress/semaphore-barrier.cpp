// std::counting_semaphore and std::barrier wait on atomics and futexes: libstdc++
// inlines their `syscall(SYS_futex, ...)` into the program, and the pass hands it to the
// scheduler, which parks the waiter until a wake (or a change of the word) instead of
// letting it block in the kernel with the turn: no watchdog, no run hangs (the
// watchdog stepped in on 14 runs of 200 before).
// RUN: %bindir/interlock-c++ -std=c++20 %s -o %t
// RUN: %interlock stress --runs 60 --seed 1 --timeout 30 -- %t 2>&1 | FileCheck %s
// CHECK: 60 runs in {{.*}} 0 distinct finding(s)
// CHECK-NOT: watchdog
// A semaphore nobody releases is a deadlock finding.
// RUN: %bindir/interlock-c++ -std=c++20 -DNEVER_RELEASED %s -o %t.never
// RUN: not %interlock stress --runs 3 --seed 1 --timeout 20 -- %t.never 2>&1 | FileCheck %s --check-prefix=NEVER
// NEVER: error: deadlock (no thread can run): {{.*}} waits on futex word 0x{{[0-9a-f]+}} (an atomic wait, semaphore, latch or barrier) that no running thread can wake
// NEVER: interlock-deadlock {{.*}} 3/3
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
#ifdef NEVER_RELEASED
  std::binary_semaphore Never(0);
  std::thread Waiter([&] { Never.acquire(); });
  Waiter.join();
#endif
  std::vector<std::thread> Ts;
  for (int I = 0; I < 3; ++I)
    Ts.emplace_back(worker);
  for (auto &T : Ts)
    T.join();
}
