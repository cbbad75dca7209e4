// std::call_once routines, lambdas called in place and constructors (issue 12, item 2).
// A call_once routine runs once, before any caller goes on: its own accesses race with
// nothing, but a thread it starts is walked. A lambda called in place (`[&] { ... }()`)
// is a call. A constructor's object is fresh while it runs: its accesses of its own
// fields are not shared, its accesses of globals are.
// Look-alikes: the once routine's write, an in-place lambda under a lock, a
// constructor's writes of its own fields in two threads.
// RUN: not %interlock check --checks=-*,interlock-unprotected-shared-state %s -- -std=c++20 \
// RUN:   | FileCheck %s --implicit-check-not=warning:
#include <mutex>
#include <thread>

long config, log_lines, in_place, locked_in_place, instances;
std::once_flag once;
std::mutex mu;

void logger() {
  log_lines++;
  // CHECK: once-in-place-constructors.cpp:[[@LINE-1]]:3: warning: data race on `log_lines`
  // CHECK: note: conflicting write of `log_lines` in the main thread
}
void init() {
  config = 1; // silent: runs once, before either worker goes on
  std::thread(logger).detach();
}

struct Widget {
  long id, uses;
  Widget() {
    id = 7;   // silent: this object is not shared yet
    uses = 0; // silent
    instances++;
    // CHECK: once-in-place-constructors.cpp:[[@LINE-1]]:5: warning: data race on `instances`
  }
};

void worker() {
  std::call_once(once, init);
  [&] { in_place++; }();
  // CHECK: once-in-place-constructors.cpp:[[@LINE-1]]:9: warning: data race on `in_place`
  [&] {
    std::lock_guard<std::mutex> g(mu);
    locked_in_place++;
  }();
  Widget w;
  w.uses++;
  config++; // after call_once returned: not the routine's, but a plain race
  // CHECK: once-in-place-constructors.cpp:[[@LINE-1]]:3: warning: data race on `config`
}

int main() {
  std::thread a(worker), b(worker);
  log_lines = 0; // races with the logger that init() starts
  a.join();
  b.join();
}
