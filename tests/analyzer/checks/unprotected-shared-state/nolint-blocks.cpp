// NOLINTBEGIN/NOLINTEND as in clang-tidy: a block silences the findings on the lines from
// its BEGIN to its END that its check list names (none: all); blocks nest; an END must
// carry its BEGIN's list. An unmatched BEGIN or END silences nothing and is reported as
// an interlock-nolint error, which --checks cannot turn off. (The expected lines
// below spell the markers with a regex: NOLINT is searched in the raw text.)
// RUN: not %interlock check --checks=-*,interlock-unprotected-shared-state %s -- -std=c++20 | FileCheck %s --implicit-check-not=warning: --implicit-check-not=error:
#include <thread>

int a, b, c, d, e, f;
// NOLINTBEGIN
void wa() { a++; }
// NOLINTEND
// NOLINTBEGIN(interlock-unprotected-*)
void wb() { b++; }
// NOLINTBEGIN(bugprone-*)
void wc() { c++; }
// NOLINTEND(bugprone-*)
// NOLINTEND(interlock-unprotected-*)
// NOLINTBEGIN(bugprone-*)
void wd() { d++; }
// NOLINTEND(bugprone-*)
// NOLINTBEGIN(interlock-*)
void we() { e++; }
// NOLINTEND(interlock-unprotected-shared-state)
void wf() { f++; } // NOLINTBEGIN

int main() {
  std::thread t1(wa), t2(wa), t3(wb), t4(wb), t5(wc), t6(wc), t7(wd), t8(wd);
  std::thread t9(we), t10(we), t11(wf), t12(wf);
  t1.join(); t2.join(); t3.join(); t4.join(); t5.join(); t6.join();
  t7.join(); t8.join(); t9.join(); t10.join(); t11.join(); t12.join();
}

// CHECK: nolint-blocks.cpp:20:13: warning: data race on `d`
// CHECK: nolint-blocks.cpp:22:4: error: unmatched 'NOLINT{{BEGIN}}' comment without a subsequent 'NOLINT{{END}}' comment [interlock-nolint]
// CHECK: nolint-blocks.cpp:23:13: warning: data race on `e`
// CHECK: nolint-blocks.cpp:24:4: error: unmatched 'NOLINT{{END}}' comment without a previous 'NOLINT{{BEGIN}}' comment [interlock-nolint]
// CHECK: nolint-blocks.cpp:25:13: warning: data race on `f`
// CHECK: nolint-blocks.cpp:25:23: error: unmatched 'NOLINT{{BEGIN}}' comment without a subsequent 'NOLINT{{END}}' comment [interlock-nolint]
