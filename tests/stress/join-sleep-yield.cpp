// join, sleep and yield are scheduling points: a serialized run never blocks on them
// outside the scheduler (sleeps take no time), and the run needs no watchdog.
// RUN: %bindir/interlock-c++ -std=c++20 %s -o %t
// RUN: %interlock stress --runs 6 --seed 1 --strategy portfolio --timeout 20 -- %t 2>&1 | FileCheck %s
// CHECK: 6 runs in {{.*}} 0 distinct finding(s)
// CHECK-NOT: watchdog
#include <atomic>
#include <chrono>
#include <thread>
#include <unistd.h>

std::atomic<bool> Flag;

int main() {
  std::thread Setter([] {
    std::this_thread::sleep_for(std::chrono::seconds(5)); // no time passes
    usleep(100000);
    Flag = true;
  });
  while (!Flag)
    std::this_thread::yield(); // a spin on yield must not starve the setter
  Setter.join();
}
