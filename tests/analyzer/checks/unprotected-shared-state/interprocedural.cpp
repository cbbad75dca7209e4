// Locks held by callers protect accesses in callees; a helper called with and without the
// lock is reported where it is unprotected.
// RUN: not %interlock check --checks=-*,interlock-unprotected-shared-state %s -- -std=c++20 | FileCheck %s --implicit-check-not=warning:
#include <mutex>
#include <thread>

std::mutex mu;
int shared;

void bump() { shared++; }

// 1. Both threads call the helper under the lock: silent.
void lockedCaller() {
  std::lock_guard<std::mutex> lk(mu);
  bump();
}

// 2. A second level of calls, still under the caller's lock: silent.
void middle() { bump(); }
void lockedTwoLevels() {
  mu.lock();
  middle();
  mu.unlock();
}

// 3. One caller forgets the lock: the access in the callee races.
int tally;
void addTally() { tally += 1; }
void carefulCaller() {
  std::lock_guard<std::mutex> lk(mu);
  addTally();
}
void carelessCaller() { addTally(); }

// 4. A lock passed by reference to the callee that takes it.
int viaParam;
void withLock(std::mutex &m) {
  std::lock_guard<std::mutex> lk(m);
  viaParam++;
}
void passesLock() { withLock(mu); }

// 5. An object passed by reference whose member is written without a lock.
struct Box {
  int value = 0;
};
void fill(Box &b) { b.value = 1; }
Box box;
void fillBox() { fill(box); }

int main() {
  std::thread a(lockedCaller), b(lockedTwoLevels);
  a.join();
  b.join();
  std::thread c(carefulCaller), d(carelessCaller);
  c.join();
  d.join();
  std::thread e(passesLock), f(passesLock);
  e.join();
  f.join();
  std::thread g(fillBox), h(fillBox);
  g.join();
  h.join();
}

// CHECK: interprocedural.cpp:28:19: warning: data race on `tally`: write without a lock conflicts with a write under `mu` in another thread; `tally` is accessed under `mu` in 1 of 2 places [interlock-unprotected-shared-state]
// CHECK: interprocedural.cpp:28:19: note: conflicting write of `tally` under `mu` in a thread running `carefulCaller`
// CHECK: interprocedural.cpp:47:23: warning: data race on `value`: write without a lock conflicts with a write without a lock in another thread [interlock-unprotected-shared-state]
// CHECK: interprocedural.cpp:47:23: note: conflicting write of `value` in a thread running `fillBox`
