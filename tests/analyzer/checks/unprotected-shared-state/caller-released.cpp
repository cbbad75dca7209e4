// A function its callers call with a lock held may release it for slow work and take
// it back (LevelDB's DoCompactionWork: `mutex_.Unlock(); ...; mutex_.Lock();`). Between
// the two, the caller's lock is not held: an access there is unprotected, and taking the
// lock again there (in a helper) is not a self-deadlock. Look-alike: a helper that
// locks and unlocks a recursive mutex its caller also holds leaves the caller's hold.
// RUN: not %interlock check --checks=-*,interlock-unprotected-shared-state,interlock-double-lock %s -- -std=c++20 \
// RUN:   | FileCheck %s --implicit-check-not=warning:
#include <mutex>
#include <thread>

class Db {
public:
  void Compact() {
    mu_.lock();
    ++rounds_;
    Work();
    mu_.unlock();
  }
  long Stats() {
    std::lock_guard<std::mutex> g(mu_);
    return bytes_ + rounds_;
  }

private:
  void Work() { // called with mu_ held
    ++rounds_;  // silent: still under the caller's mu_
    mu_.unlock();
    bytes_ += 4096;
    // CHECK: caller-released.cpp:[[@LINE-1]]:5: warning: data race on `bytes_`: write without a lock conflicts with a read under `mu_` in another thread
    OpenOutput(); // silent: mu_ was released above, taking it again is fine
    mu_.lock();
  }
  void OpenOutput() {
    std::lock_guard<std::mutex> g(mu_);
    ++rounds_;
  }
  std::mutex mu_;
  long bytes_ = 0;
  long rounds_ = 0;
};

Db db;

std::recursive_mutex rm;
long tally, after_unlock, after_helper;
void nestedHelper() {
  rm.lock();
  ++tally;
  rm.unlock();
  ++after_unlock; // silent: the caller still holds rm
}
void holdsRm() {
  std::lock_guard<std::recursive_mutex> g(rm);
  nestedHelper();
  ++after_helper; // silent: still under rm
}

int main() {
  std::thread t([] { db.Compact(); });
  std::thread u(holdsRm);
  long s = db.Stats();
  {
    std::lock_guard<std::recursive_mutex> g(rm);
    s += tally + after_unlock + after_helper;
  }
  t.join();
  u.join();
  return static_cast<int>(s);
}
