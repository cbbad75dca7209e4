// Destroying a joinable std::thread calls std::terminate: reported as a missing join at
// the thread's creation site, with the destruction as a note, and not as a crash.
// RUN: %bindir/interlock-c++ %s -o %t
// RUN: not %interlock run -- %t > %t.out 2>&1
// RUN: FileCheck %s < %t.out
#include <chrono>
#include <thread>

void heartbeat() { std::this_thread::sleep_for(std::chrono::milliseconds(50)); }

int run(bool early) {
  // CHECK: terminate.cpp:[[@LINE+1]]:{{[0-9]+}}: warning: std::thread T1 was destroyed while still joinable: std::terminate() aborted the program; join or detach it on every path [interlock-missing-join]
  std::thread monitor(heartbeat);
  if (early)
    return 1;
  monitor.join();
  return 0;
}
// CHECK: note: the joinable std::thread is destroyed here

int main(int argc, char **) { return run(argc > 0); }
// CHECK-NOT: interlock-program-crash
// CHECK: died by SIGABRT
