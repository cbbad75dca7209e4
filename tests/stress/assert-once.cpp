// A failed assert() is reported once, at the assert of the thread that aborted, in
// every run that fails: not at the line where main happened to wait for a thread in
// one run, nor at <unknown> in another (two findings for one bug, before).
// RUN: %bindir/interlock-c++ %s -o %t
// RUN: not %interlock stress --runs 60 --seed 1 -- %t > %t.out 2> %t.err
// RUN: FileCheck %s < %t.out
// RUN: FileCheck %s --check-prefix=TABLE < %t.err
// CHECK: assert-once.cpp:[[@LINE+16]]:{{[0-9]+}}: error: assertion failed in thread T3; program died by SIGABRT [stress: {{[0-9]+}} of 60 runs] [interlock-program-crash]
// CHECK-NOT: interlock-program-crash
// TABLE: interlock-program-crash assert-once.cpp:[[@LINE+14]]
// TABLE-NOT: interlock-program-crash {{.*}}/60
#include <cassert>
#include <thread>

int Balance;

void deposit() {
  int B = Balance;
  Balance = B + 10;
}

int main() {
  std::thread A(deposit), B(deposit);
  std::thread C([] { assert(Balance != 10); });
  A.join();
  B.join();
  C.join();
}
