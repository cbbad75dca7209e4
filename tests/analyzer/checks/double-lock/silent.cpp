// Look-alikes that are not double locks: the check stays silent.
// RUN: %interlock check --checks=interlock-double-lock %s -- -std=c++20 \
// RUN:   | FileCheck %s --allow-empty --implicit-check-not=warning:
#include <mutex>
#include <thread>

std::mutex m, other;
std::recursive_mutex rm;
std::recursive_timed_mutex rtm;
void work();

// 16. A recursive mutex locked twice.
void recursiveTwice() {
  std::lock_guard<std::recursive_mutex> a(rm);
  std::lock_guard<std::recursive_mutex> b(rm);
}

// 17. A recursive timed mutex re-locked in a callee.
void relockRtm() { std::lock_guard<std::recursive_timed_mutex> g(rtm); }
void holdsRtm() {
  std::lock_guard<std::recursive_timed_mutex> g(rtm);
  relockRtm();
}

// 18. Unlocked before locking again.
void unlockThenLock() {
  m.lock();
  m.unlock();
  m.lock();
  m.unlock();
}

// 19. The first guard's scope ended.
void scopesInSequence() {
  {
    std::lock_guard<std::mutex> a(m);
  }
  std::lock_guard<std::mutex> b(m);
}

// 20. try_lock does not block.
void tryWhileHeld() {
  std::lock_guard<std::mutex> a(m);
  if (other.try_lock())
    other.unlock();
}

// 21. Two different mutexes.
void twoMutexes() {
  std::lock_guard<std::mutex> a(m);
  std::lock_guard<std::mutex> b(other);
}

// 22. Different instances of one class.
class Account {
public:
  void deposit(int amount) {
    std::lock_guard<std::mutex> lk(mu_);
    balance_ += amount;
  }
  void transferTo(Account &to, int amount) {
    std::lock_guard<std::mutex> lk(mu_);
    balance_ -= amount;
    to.deposit(amount);
  }

private:
  std::mutex mu_;
  int balance_ = 0;
};

// 23. The callee locks, but this caller does not hold the mutex.
void locksM() { std::lock_guard<std::mutex> g(m); }
void callsWithoutHolding() {
  work();
  locksM();
}

// 24. A thread started while the mutex is held locks it in another thread.
void startsLocker() {
  std::lock_guard<std::mutex> g(m);
  std::thread t(locksM);
  t.detach();
}

// 25. defer_lock, then one lock().
void deferThenLock() {
  std::unique_lock<std::mutex> lk(m, std::defer_lock);
  lk.lock();
}

// 26. A callee's guard released the mutex before it is taken again.
void lockAndRelease() { std::unique_lock<std::mutex> lk(m); }
void afterRelease() {
  lockAndRelease();
  std::lock_guard<std::mutex> g(m);
}

// 27. adopt_lock takes over a lock; it does not lock again.
void adopt() {
  m.lock();
  std::lock_guard<std::mutex> g(m, std::adopt_lock);
}

// 28. unique_lock released by unlock(), then a guard.
void uniqueUnlocked() {
  std::unique_lock<std::mutex> lk(m);
  lk.unlock();
  std::lock_guard<std::mutex> g(m);
}

int main() {
  recursiveTwice();
  holdsRtm();
  unlockThenLock();
  scopesInSequence();
  tryWhileHeld();
  twoMutexes();
  Account a, b;
  a.transferTo(b, 1);
  callsWithoutHolding();
  startsLocker();
  deferThenLock();
  afterRelease();
  adopt();
  uniqueUnlocked();
}
