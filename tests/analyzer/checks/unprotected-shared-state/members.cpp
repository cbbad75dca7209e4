// Members reached through `this` in code that runs on threads.
// RUN: not %interlock check --checks=-*,interlock-unprotected-shared-state %s -- -std=c++20 | FileCheck %s --implicit-check-not=warning:
#include <mutex>
#include <thread>
#include <vector>

// 1. Two threads call a member function on one object.
class Stats {
public:
  void hit(int who) {
    ++hits_;
    ++perThread_[who]; // hit(0) and hit(1) below: two elements, not reported
  }
private:
  long hits_ = 0;
  long perThread_[2] = {0, 0};
};

// 2. A class that locks its mutex on every access: silent.
class Account {
public:
  void deposit(int n) { std::lock_guard<std::mutex> lk(mu_); balance_ += n; }
  int balance() { std::lock_guard<std::mutex> lk(mu_); return balance_; }
private:
  std::mutex mu_;
  int balance_ = 0;
};

// 3. Inconsistent locking: the message says how consistent.
class Ledger {
public:
  void credit() { std::lock_guard<std::mutex> lk(mu_); total_ += 1; }
  void debit() { std::lock_guard<std::mutex> lk(mu_); total_ -= 1; }
  void reset() { total_ = 0; }
private:
  std::mutex mu_;
  int total_ = 0;
};

// 4. A class owning its thread, result read only after join: silent.
class Worker {
public:
  void start() { thread_ = std::thread(&Worker::run, this); }
  void join() { thread_.join(); }
  int result() const { return result_; }
private:
  void run() { result_ += 1; }
  int result_ = 0;
  std::thread thread_;
};

// 5. A pool of workers in a vector, each on the shared object.
class Pool {
public:
  explicit Pool(int n) {
    for (int i = 0; i < n; ++i)
      workers_.emplace_back([this] { loop(); });
  }
  ~Pool() {
    for (auto &w : workers_)
      w.join();
  }
private:
  void loop() { done_++; }
  int done_ = 0;
  std::vector<std::thread> workers_;
};

void pool();

int main() {
  pool();
  Stats stats;
  std::thread a([&stats] { stats.hit(0); }), b([&stats] { stats.hit(1); });
  a.join();
  b.join();

  Account acct;
  std::thread c([&acct] { acct.deposit(1); }), d([&acct] { acct.deposit(2); });
  c.join();
  d.join();
  acct.balance();

  Ledger ledger;
  std::thread e([&ledger] { ledger.credit(); }), f([&ledger] { ledger.debit(); }),
      g([&ledger] { ledger.reset(); });
  e.join();
  f.join();
  g.join();

  Worker w1, w2;
  w1.start();
  w2.start();
  w1.join();
  w2.join();
  return w1.result() + w2.result();
}

void pool() { Pool p(4); }

// CHECK: members.cpp:11:7: warning: data race on `hits_`: write without a lock conflicts with a write without a lock in another thread [interlock-unprotected-shared-state]
// CHECK: members.cpp:11:7: note: conflicting write of `hits_` in a thread started at line 74
// CHECK: members.cpp:34:18: warning: data race on `total_`: write without a lock conflicts with a write under `mu_` in another thread; `total_` is accessed under `mu_` in 2 of 3 places [interlock-unprotected-shared-state]
// CHECK: members.cpp:32:56: note: conflicting write of `total_` under `mu_` in a thread started at line 85
// CHECK: members.cpp:33:55: note: conflicting write of `total_` under `mu_` in a thread started at line 85
// CHECK: members.cpp:64:17: warning: data race on `done_`: write without a lock conflicts with a write without a lock in another instance of the same thread [interlock-unprotected-shared-state]
// CHECK: members.cpp:64:17: note: conflicting write of `done_` in a thread started at line 57
