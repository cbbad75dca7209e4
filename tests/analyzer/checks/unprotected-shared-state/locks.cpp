// std::mutex family and guards: what protects, what does not.
// RUN: not %interlock check --checks=-*,interlock-unprotected-shared-state %s -- -std=c++20 | FileCheck %s --implicit-check-not=warning:
#include <chrono>
#include <mutex>
#include <thread>

std::mutex mu, other;
std::recursive_mutex rmu;
std::timed_mutex tmu;

// 1. lock_guard on both sides: silent.
int guarded;
void g1() { std::lock_guard<std::mutex> lk(mu); guarded++; }

// 2. One side forgets the lock.
int balance;
void deposit() { std::lock_guard<std::mutex> lk(mu); balance += 1; }
void withdraw() { balance -= 1; }

// 3. unique_lock released early.
int finished;
void early() {
  std::unique_lock<std::mutex> lk(mu);
  lk.unlock();
  finished++;
}

// 4. defer_lock, then lock(): protected.
int deferred;
void deferThenLock() {
  std::unique_lock<std::mutex> lk(mu, std::defer_lock);
  lk.lock();
  deferred++;
}

// 5. defer_lock and never locked: not protected.
int neverLocked;
void deferOnly() {
  std::unique_lock<std::mutex> lk(mu, std::defer_lock);
  neverLocked++;
}

// 6. adopt_lock after lock(): protected.
int adopted;
void adopt() {
  mu.lock();
  std::lock_guard<std::mutex> lk(mu, std::adopt_lock);
  adopted++;
}

// 7. try_to_lock, checked: protected.
int tried;
void tryTo() {
  std::unique_lock<std::mutex> lk(mu, std::try_to_lock);
  if (!lk.owns_lock())
    return;
  tried++;
}

// 8. try_lock() branch: protected on success only.
int maybe;
void tryLock() {
  if (mu.try_lock()) {
    maybe++;
    mu.unlock();
  }
}

// 9. Two different mutexes do not exclude each other.
int split;
void lockA() { std::lock_guard<std::mutex> lk(mu); split++; }
void lockB() { std::lock_guard<std::mutex> lk(other); split++; }

// 10. scoped_lock and std::lock with adopt_lock: protected.
int both;
void scoped() { std::scoped_lock lk(mu, other); both++; }
void stdLock() {
  std::lock(mu, other);
  std::lock_guard<std::mutex> a(mu, std::adopt_lock);
  std::lock_guard<std::mutex> b(other, std::adopt_lock);
  both++;
}

// 11. recursive_mutex and timed_mutex: protected.
int nested, timed;
void recursive() {
  std::lock_guard<std::recursive_mutex> a(rmu);
  std::lock_guard<std::recursive_mutex> b(rmu);
  nested++;
}
void timedLock() {
  if (tmu.try_lock_for(std::chrono::milliseconds(1))) {
    timed++;
    tmu.unlock();
  }
}

// 12. lock()/unlock() by hand, correct on every path: protected.
int manual;
void byHand(bool early) {
  mu.lock();
  if (early) {
    mu.unlock();
    return;
  }
  manual++;
  mu.unlock();
}

#define twice(f)                                                                          \
  {                                                                                        \
    std::thread t1(f), t2(f);                                                              \
    t1.join();                                                                             \
    t2.join();                                                                             \
  }

int main() {
  twice(g1);
  std::thread d(deposit), w(withdraw);
  d.join();
  w.join();
  twice(early);
  twice(deferThenLock);
  twice(deferOnly);
  twice(adopt);
  twice(tryTo);
  twice(tryLock);
  std::thread a(lockA), b(lockB);
  a.join();
  b.join();
  std::thread s(scoped), l(stdLock);
  s.join();
  l.join();
  twice(recursive);
  twice(timedLock);
  std::thread m1(byHand, true), m2(byHand, false);
  m1.join();
  m2.join();
}

// CHECK: locks.cpp:18:19: warning: data race on `balance`: write without a lock conflicts with a write under `mu` in another thread; `balance` is accessed under `mu` in 1 of 2 places [interlock-unprotected-shared-state]
// CHECK: locks.cpp:17:54: note: conflicting write of `balance` under `mu` in a thread running `deposit`
// CHECK: locks.cpp:25:3: warning: data race on `finished`: write without a lock conflicts with a write without a lock in another thread [interlock-unprotected-shared-state]
// CHECK: locks.cpp:25:3: note: conflicting write of `finished` in a thread running `early`
// CHECK: locks.cpp:40:3: warning: data race on `neverLocked`: write without a lock conflicts with a write without a lock in another thread [interlock-unprotected-shared-state]
// CHECK: locks.cpp:40:3: note: conflicting write of `neverLocked` in a thread running `deferOnly`
// CHECK: locks.cpp:71:52: warning: data race on `split`: write under `mu` conflicts with a write under `other` in another thread; `split` is accessed under `mu` in 1 of 2 places [interlock-unprotected-shared-state]
// CHECK: locks.cpp:72:55: note: conflicting write of `split` under `other` in a thread running `lockB`
