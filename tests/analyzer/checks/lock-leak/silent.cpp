// Look-alikes that release on every path or hold by contract: the check stays silent.
// RUN: %interlock check --checks=interlock-lock-leak %s -- -std=c++20 \
// RUN:   | FileCheck %s --allow-empty --implicit-check-not=warning:
#include <cstdlib>
#include <mutex>
#include <pthread.h>

std::mutex m, a, b;
pthread_mutex_t pm = PTHREAD_MUTEX_INITIALIZER;
bool fail();
int balance;

// 13. Unlocked before the early return too.
bool balanced() {
  m.lock();
  if (fail()) {
    m.unlock();
    return false;
  }
  m.unlock();
  return true;
}

// 14. lock_guard releases on every path.
bool guarded() {
  std::lock_guard<std::mutex> g(m);
  if (fail())
    return false;
  return true;
}

// 15. unique_lock releases on every path.
bool uniqueGuarded() {
  std::unique_lock<std::mutex> lk(m);
  if (fail())
    return false;
  lk.unlock();
  return true;
}

// 16. A lock() wrapper: returning with the lock held is its contract.
class Lockable {
public:
  void lock() { mu_.lock(); }
  void unlock() { mu_.unlock(); }

private:
  std::mutex mu_;
};

// 17. A function that enters a critical section its caller leaves.
void enterSection() {
  pthread_mutex_lock(&pm);
  balance += 1;
}
void leaveSection() { pthread_mutex_unlock(&pm); }

// 18. A failed try_lock() returns without the lock.
bool tryOnce() {
  if (!m.try_lock())
    return false;
  balance += 1;
  m.unlock();
  return true;
}

// 19. The only path that keeps the lock ends the process.
void abortsHolding() {
  m.lock();
  if (fail())
    std::abort();
  m.unlock();
}

// 20. scoped_lock over two mutexes.
void scoped() {
  std::scoped_lock both(a, b);
  if (fail())
    return;
  balance += 1;
}

// 21. pthread_mutex_trylock succeeded only on the branch that unlocks.
void pthreadTry() {
  if (pthread_mutex_trylock(&pm) == 0) {
    balance += 1;
    pthread_mutex_unlock(&pm);
  }
}

// 22. pthread_mutex_lock's error result returned before anything is held.
int checkedLock() {
  if (pthread_mutex_lock(&pm) != 0)
    return -1;
  balance += 1;
  pthread_mutex_unlock(&pm);
  return 0;
}

// 23. Locked and unlocked in every iteration.
void perIteration() {
  for (int i = 0; i < 4; ++i) {
    m.lock();
    balance += i;
    m.unlock();
  }
}

// 24. std::lock, then guards that adopt both locks.
void lockThenAdopt() {
  std::lock(a, b);
  std::lock_guard<std::mutex> ga(a, std::adopt_lock);
  std::lock_guard<std::mutex> gb(b, std::adopt_lock);
  if (fail())
    return;
  balance += 1;
}

// 25. exit() on the error path.
void exitsHolding() {
  pthread_mutex_lock(&pm);
  if (fail())
    std::exit(1);
  pthread_mutex_unlock(&pm);
}

// 26. Locked on every path through a branch: still the function's contract.
void lockEitherWay(bool c) {
  if (c)
    a.lock();
  else
    a.lock();
}

int main() {
  balanced();
  guarded();
  uniqueGuarded();
  Lockable l;
  l.lock();
  l.unlock();
  enterSection();
  leaveSection();
  tryOnce();
  abortsHolding();
  scoped();
  pthreadTry();
  checkedLock();
  perIteration();
  lockThenAdopt();
  exitsHolding();
  lockEitherWay(true);
  a.unlock();
}
