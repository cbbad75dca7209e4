// NOLINT, NOLINTNEXTLINE and NOLINT(check) on the primary line silence a finding.
// RUN: not %interlock check --checks=-*,interlock-unprotected-shared-state %s -- -std=c++20 | FileCheck %s --implicit-check-not=warning:
#include <thread>

int a, b, c, d;
void wa() { a++; } // NOLINT
void wb() {
  // NOLINTNEXTLINE(interlock-unprotected-shared-state)
  b++;
}
void wc() { c++; } // NOLINT(interlock-*)
void wd() { d++; } // NOLINT(bugprone-something-else)

int main() {
  std::thread t1(wa), t2(wa), t3(wb), t4(wb), t5(wc), t6(wc), t7(wd), t8(wd);
  t1.join(); t2.join(); t3.join(); t4.join();
  t5.join(); t6.join(); t7.join(); t8.join();
}

// CHECK: nolint.cpp:12:13: warning: data race on `d`: write without a lock conflicts with a write without a lock in another thread [interlock-unprotected-shared-state]
// CHECK: nolint.cpp:12:13: note: conflicting write of `d` in a thread running `wd`
