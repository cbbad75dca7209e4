// A program that dies by a signal is a finding at the faulting line; the trace is still
// written (the thread's events are there).
// RUN: %bindir/interlock-c++ %s -o %t
// RUN: not %interlock run --trace-out=%t.trace -- %t > %t.out 2> %t.err
// RUN: FileCheck %s < %t.out
// RUN: %interlock trace %t.trace | FileCheck %s --check-prefix=TRACE
#include <mutex>
#include <thread>

std::mutex M;
volatile int *Null;

int main() {
  std::thread T([] { std::lock_guard<std::mutex> L(M); });
  T.join();
  // CHECK: crash.cpp:[[@LINE+1]]:{{[0-9]+}}: error: program died by SIGSEGV [interlock-program-crash]
  *Null = 1;
}
// TRACE: end: signal 11
// TRACE: thread-create T1
// TRACE: lock-acquired
