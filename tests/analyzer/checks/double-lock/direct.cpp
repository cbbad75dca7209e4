// A mutex locked again in the function that holds it.
// RUN: not %interlock check --checks=interlock-double-lock %s -- -std=c++20 \
// RUN:   | FileCheck %s --implicit-check-not=warning:
#include <mutex>
#include <pthread.h>
#include <shared_mutex>

std::mutex m;
pthread_mutex_t pm = PTHREAD_MUTEX_INITIALIZER;
std::shared_mutex sm;
std::timed_mutex tm;
void work();

// 1. Two guards on one mutex.
void twoGuards() {
  std::lock_guard<std::mutex> a(m);
  std::lock_guard<std::mutex> b(m);
  // CHECK: direct.cpp:[[@LINE-1]]:31: warning: `m` is locked again by the thread that already holds it (self-deadlock) [interlock-double-lock]
  // CHECK: direct.cpp:[[@LINE-3]]:31: note: `m` first acquired here
}

// 2. lock() twice.
void lockTwice() {
  m.lock();
  m.lock();
  // CHECK: direct.cpp:[[@LINE-1]]:5: warning: `m` is locked again by the thread that already holds it (self-deadlock) [interlock-double-lock]
  // CHECK: direct.cpp:[[@LINE-3]]:5: note: `m` first acquired here
  m.unlock();
  m.unlock();
}

// 3. pthread_mutex_lock twice.
void pthreadTwice() {
  pthread_mutex_lock(&pm);
  pthread_mutex_lock(&pm);
  // CHECK: direct.cpp:[[@LINE-1]]:3: warning: `pm` is locked again by the thread that already holds it (self-deadlock) [interlock-double-lock]
  // CHECK: direct.cpp:[[@LINE-3]]:3: note: `pm` first acquired here
  pthread_mutex_unlock(&pm);
  pthread_mutex_unlock(&pm);
}

// 4. A guard, then lock() by hand.
void guardThenLock() {
  std::lock_guard<std::mutex> g(m);
  work();
  m.lock();
  // CHECK: direct.cpp:[[@LINE-1]]:5: warning: `m` is locked again by the thread that already holds it (self-deadlock) [interlock-double-lock]
  // CHECK: direct.cpp:[[@LINE-4]]:31: note: `m` first acquired here
}

// 5. Exclusive, then shared, on a shared_mutex.
void exclusiveThenShared() {
  std::unique_lock<std::shared_mutex> w(sm);
  std::shared_lock<std::shared_mutex> r(sm);
  // CHECK: direct.cpp:[[@LINE-1]]:39: warning: `sm` is locked again by the thread that already holds it (self-deadlock) [interlock-double-lock]
  // CHECK: direct.cpp:[[@LINE-3]]:39: note: `sm` first acquired here
}

// 6. Shared, then exclusive (no upgrade in std::shared_mutex).
void sharedThenExclusive() {
  std::shared_lock<std::shared_mutex> r(sm);
  std::unique_lock<std::shared_mutex> w(sm);
  // CHECK: direct.cpp:[[@LINE-1]]:39: warning: `sm` is locked again by the thread that already holds it (self-deadlock) [interlock-double-lock]
  // CHECK: direct.cpp:[[@LINE-3]]:39: note: `sm` first acquired here
}

// 7. Shared twice (undefined for std::shared_mutex).
void sharedTwice() {
  sm.lock_shared();
  sm.lock_shared();
  // CHECK: direct.cpp:[[@LINE-1]]:6: warning: `sm` is locked again by the thread that already holds it (self-deadlock) [interlock-double-lock]
  // CHECK: direct.cpp:[[@LINE-3]]:6: note: `sm` first acquired here
  sm.unlock_shared();
  sm.unlock_shared();
}

// 8. unique_lock unlocked and locked again, then another guard.
void relockedThenGuard() {
  std::unique_lock<std::mutex> lk(m);
  lk.unlock();
  lk.lock();
  std::lock_guard<std::mutex> g(m);
  // CHECK: direct.cpp:[[@LINE-1]]:31: warning: `m` is locked again by the thread that already holds it (self-deadlock) [interlock-double-lock]
  // CHECK: direct.cpp:[[@LINE-3]]:6: note: `m` first acquired here
}

// 9. A timed mutex.
void timedTwice() {
  std::lock_guard<std::timed_mutex> a(tm);
  std::lock_guard<std::timed_mutex> b(tm);
  // CHECK: direct.cpp:[[@LINE-1]]:37: warning: `tm` is locked again by the thread that already holds it (self-deadlock) [interlock-double-lock]
  // CHECK: direct.cpp:[[@LINE-3]]:37: note: `tm` first acquired here
}

// 10. Inside a loop, under a lock taken before it.
void inLoop() {
  std::lock_guard<std::mutex> outer(m);
  for (int i = 0; i < 3; ++i) {
    std::lock_guard<std::mutex> inner(m);
    // CHECK: direct.cpp:[[@LINE-1]]:33: warning: `m` is locked again by the thread that already holds it (self-deadlock) [interlock-double-lock]
    // CHECK: direct.cpp:[[@LINE-4]]:31: note: `m` first acquired here
  }
}

int main() {
  twoGuards();
  lockTwice();
  pthreadTwice();
  guardThenLock();
  exclusiveThenShared();
  sharedThenExclusive();
  sharedTwice();
  relockedThenGuard();
  timedTwice();
  inLoop();
}
