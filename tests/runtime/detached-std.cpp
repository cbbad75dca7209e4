// A std::thread detached with std::thread::detach is not "never joined".
// RUN: %bindir/interlock-c++ %s -o %t
// RUN: %interlock run -- %t > %t.out 2> %t.err
// RUN: FileCheck %s --allow-empty < %t.out
// RUN: FileCheck %s --check-prefix=SUMMARY < %t.err
// CHECK-NOT: interlock-missing-join
// SUMMARY: 0 finding(s)
#include <chrono>
#include <thread>

int main() {
  std::thread([] {}).detach();
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
}
