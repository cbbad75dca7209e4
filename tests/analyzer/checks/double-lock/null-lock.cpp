// A class whose lock() does nothing (a null mutex for single-threaded builds or a policy
// template's no-op) is not a mutex (issue 11, item 7); a real one with the same shape is.
// RUN: not %interlock check --checks=interlock-double-lock %s -- -std=c++20 \
// RUN:   | FileCheck %s --implicit-check-not=warning:
#include <atomic>
#include <mutex>

// 1. Empty lock() and unlock(): locking it twice is harmless, silent.
class NullLock {
public:
  void lock() {}
  void unlock() {}
};

// 2. A lock() that only counts: it cannot block anyone, silent.
class CountingLock {
public:
  void lock() { ++depth_; }
  void unlock() { --depth_; }

private:
  int depth_ = 0;
};

// 3. Look-alike: a spin lock with a real lock(): locked twice, it deadlocks. Reported.
class SpinLock {
public:
  void lock() {
    while (flag_.test_and_set(std::memory_order_acquire)) {
    }
  }
  void unlock() { flag_.clear(std::memory_order_release); }

private:
  std::atomic_flag flag_ = ATOMIC_FLAG_INIT;
};

// 4. Look-alike: lock() declared here, defined elsewhere: taken at its word. Reported.
class ExternLock {
public:
  void lock();
  void unlock();
};

// 5. A policy template instantiated with the null lock: silent.
template <class Lock> class Cache {
public:
  void put(int v) {
    std::lock_guard<Lock> g(lock_);
    std::lock_guard<Lock> again(lock_);
    value_ = v;
  }

private:
  Lock lock_;
  int value_ = 0;
};

NullLock nl;
CountingLock cl;
SpinLock sl;
ExternLock el;

void twiceNull() {
  nl.lock();
  nl.lock();
  nl.unlock();
  nl.unlock();
}

void twiceCounting() {
  std::lock_guard<CountingLock> g(cl);
  cl.lock();
  cl.unlock();
}

void twiceSpin() {
  sl.lock();
  sl.lock();
  // CHECK: null-lock.cpp:[[@LINE-1]]:6: warning: `sl` is locked again by the thread that already holds it (self-deadlock) [interlock-double-lock]
  sl.unlock();
}

void twiceExtern() {
  el.lock();
  el.lock();
  // CHECK: null-lock.cpp:[[@LINE-1]]:6: warning: `el` is locked again by the thread that already holds it (self-deadlock) [interlock-double-lock]
  el.unlock();
}

int main() {
  twiceNull();
  twiceCounting();
  twiceSpin();
  twiceExtern();
  Cache<NullLock> c;
  c.put(1);
}
