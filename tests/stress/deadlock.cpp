// Two threads take two mutexes in opposite orders. Some schedules deadlock for real:
// the scheduler sees that no thread can run, reports the wait-for cycle with each
// thread's locks and exits (a deadlock finding, not a timeout).
// RUN: %bindir/interlock-c++ %s -o %t
// RUN: not %interlock stress --runs 20 --seed 1 --timeout 20 -- %t > %t.out 2> %t.err
// RUN: FileCheck %s < %t.out
// RUN: FileCheck %s --check-prefix=TABLE < %t.err
// CHECK: deadlock.cpp:{{[0-9]+}}:{{[0-9]+}}: error: deadlock: thread T{{[12]}} waits for mutex 0x{{[0-9a-f]+}} held by thread T{{[12]}}; thread T{{[12]}} waits for mutex 0x{{[0-9a-f]+}} held by thread T{{[12]}}
// CHECK: #0 acquired 0x{{[0-9a-f]+}} {{.*}}deadlock.cpp
// CHECK: #1 waits for mutex
// TABLE: run(s) deadlocked
// TABLE: interlock-deadlock deadlock.cpp:{{[0-9]+}} {{.*}}/20 {{.*}}interlock replay --seed
// TABLE-NOT: interlock-program-timeout
#include <mutex>
#include <thread>

std::mutex A, B;

void ab() {
  std::lock_guard<std::mutex> G1(A);
  std::lock_guard<std::mutex> G2(B);
}
void ba() {
  std::lock_guard<std::mutex> G1(B);
  std::lock_guard<std::mutex> G2(A);
}

int main() {
  std::thread T1(ab), T2(ba);
  T1.join();
  T2.join();
}
