// A mutex locked by hand and still held on some path out of the function.
// RUN: not %interlock check --checks=interlock-lock-leak %s -- -std=c++20 \
// RUN:   | FileCheck %s --implicit-check-not=warning:
#include <mutex>
#include <pthread.h>
#include <shared_mutex>

std::mutex m, a, b;
pthread_mutex_t pm = PTHREAD_MUTEX_INITIALIZER;
pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
std::shared_mutex sm;
bool fail();
int pick();
int balance;

// 1. An early return skips unlock().
class Account {
public:
  bool withdraw(int amount) {
    mu_.lock();
    // CHECK: leaks.cpp:[[@LINE-1]]:9: warning: `mu_` locked here may still be held when `withdraw` returns [interlock-lock-leak]
    // CHECK: leaks.cpp:[[@LINE+2]]:7: note: returning here with `mu_` held
    if (balance_ < amount)
      return false;
    balance_ -= amount;
    mu_.unlock();
    return true;
  }

private:
  std::mutex mu_;
  int balance_ = 0;
};

// 2. pthread_mutex_lock and an early return.
int pthreadEarly() {
  pthread_mutex_lock(&pm);
  // CHECK: leaks.cpp:[[@LINE-1]]:3: warning: `pm` locked here may still be held when `pthreadEarly` returns [interlock-lock-leak]
  // CHECK: leaks.cpp:[[@LINE+2]]:5: note: returning here with `pm` held
  if (fail())
    return -1;
  pthread_mutex_unlock(&pm);
  return 0;
}

// 3. unlock() on one branch only.
void unlockOnOneBranch(bool c) {
  m.lock();
  // CHECK: leaks.cpp:[[@LINE-1]]:5: warning: `m` locked here may still be held when `unlockOnOneBranch` returns [interlock-lock-leak]
  // CHECK: leaks.cpp:[[@LINE+4]]:1: note: reaching the end of `unlockOnOneBranch` with `m` held
  balance += 1;
  if (c)
    m.unlock();
}

// 4. A break leaves the loop before unlock().
void breakSkipsUnlock() {
  for (int i = 0; i < 10; ++i) {
    m.lock();
    // CHECK: leaks.cpp:[[@LINE-1]]:7: warning: `m` locked here may still be held when `breakSkipsUnlock` returns [interlock-lock-leak]
    // CHECK: leaks.cpp:[[@LINE+5]]:1: note: reaching the end of `breakSkipsUnlock` with `m` held
    if (fail())
      break;
    m.unlock();
  }
}

// 5. A successful try_lock() and an early return.
bool tryThenReturn() {
  if (!m.try_lock())
    return false;
  // CHECK: leaks.cpp:[[@LINE-2]]:10: warning: `m` locked here may still be held when `tryThenReturn` returns [interlock-lock-leak]
  // CHECK: leaks.cpp:[[@LINE+2]]:5: note: returning here with `m` held
  if (fail())
    return false;
  m.unlock();
  return true;
}

// 6. lock_shared() and an early return.
int readShared() {
  sm.lock_shared();
  // CHECK: leaks.cpp:[[@LINE-1]]:6: warning: `sm` locked here may still be held when `readShared` returns [interlock-lock-leak]
  // CHECK: leaks.cpp:[[@LINE+2]]:5: note: returning here with `sm` held
  if (fail())
    return 0;
  int v = balance;
  sm.unlock_shared();
  return v;
}

// 7. pthread_rwlock_wrlock and an early return.
int writeRw() {
  pthread_rwlock_wrlock(&rw);
  // CHECK: leaks.cpp:[[@LINE-1]]:3: warning: `rw` locked here may still be held when `writeRw` returns [interlock-lock-leak]
  // CHECK: leaks.cpp:[[@LINE+2]]:5: note: returning here with `rw` held
  if (fail())
    return -1;
  balance = 0;
  pthread_rwlock_unlock(&rw);
  return 0;
}

// 8. Two exits leak.
int twoLeaks() {
  m.lock();
  // CHECK: leaks.cpp:[[@LINE-1]]:5: warning: `m` locked here may still be held when `twoLeaks` returns [interlock-lock-leak]
  // CHECK: leaks.cpp:[[@LINE+3]]:5: note: returning here with `m` held
  // CHECK: leaks.cpp:[[@LINE+4]]:5: note: returning here with `m` held
  if (pick() == 1)
    return 1;
  if (pick() == 2)
    return 2;
  m.unlock();
  return 0;
}

// 9. A return from one case of a switch.
int inSwitch() {
  m.lock();
  // CHECK: leaks.cpp:[[@LINE-1]]:5: warning: `m` locked here may still be held when `inSwitch` returns [interlock-lock-leak]
  // CHECK: leaks.cpp:[[@LINE+4]]:5: note: returning here with `m` held
  switch (pick()) {
  case 0:
    balance = 0;
    return 0;
  default:
    break;
  }
  m.unlock();
  return 1;
}

// 10. A continue skips the unlock() of that iteration.
void continueSkips() {
  for (int i = 0; i < 4; ++i) {
    m.lock();
    // CHECK: leaks.cpp:[[@LINE-1]]:7: warning: `m` locked here may still be held when `continueSkips` returns [interlock-lock-leak]
    // CHECK: leaks.cpp:[[@LINE+5]]:1: note: reaching the end of `continueSkips` with `m` held
    if (i == 2)
      continue;
    m.unlock();
  }
}

// 11. The inner of two locks leaks.
void innerLeaks() {
  a.lock();
  b.lock();
  // CHECK: leaks.cpp:[[@LINE-1]]:5: warning: `b` locked here may still be held when `innerLeaks` returns [interlock-lock-leak]
  // CHECK: leaks.cpp:[[@LINE+3]]:5: note: returning here with `b` held
  if (fail()) {
    a.unlock();
    return;
  }
  b.unlock();
  a.unlock();
}

// 12. unique_lock::release() on one path leaves the mutex locked.
void releasedGuard() {
  std::unique_lock<std::mutex> lk(m);
  // CHECK: leaks.cpp:[[@LINE-1]]:32: warning: `m` locked here may still be held when `releasedGuard` returns [interlock-lock-leak]
  // CHECK: leaks.cpp:[[@LINE+4]]:5: note: returning here with `m` held
  balance += 1;
  if (fail()) {
    lk.release();
    return;
  }
}

int main() {
  Account acct;
  acct.withdraw(1);
  pthreadEarly();
  unlockOnOneBranch(true);
  breakSkipsUnlock();
  tryThenReturn();
  readShared();
  writeRw();
  twoLeaks();
  inSwitch();
  continueSkips();
  innerLeaks();
  releasedGuard();
}
