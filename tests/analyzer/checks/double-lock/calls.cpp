// A mutex locked again in a function called while it is held.
// RUN: not %interlock check --checks=interlock-double-lock %s -- -std=c++20 \
// RUN:   | FileCheck %s --implicit-check-not=warning:
#include <mutex>

std::mutex m;

// 11. One call deep.
void helper() {
  std::lock_guard<std::mutex> g(m);
  // CHECK: calls.cpp:[[@LINE-1]]:31: warning: `m` is locked again by the thread that already holds it (self-deadlock) [interlock-double-lock]
  // CHECK: calls.cpp:[[@LINE+4]]:31: note: `m` first acquired here
  // CHECK: calls.cpp:[[@LINE+4]]:3: note: `helper` called here while `m` is held
}
void callsHelper() {
  std::lock_guard<std::mutex> g(m);
  helper();
}

// 12. Two calls deep.
std::mutex n;
void deepest() {
  n.lock();
  // CHECK: calls.cpp:[[@LINE-1]]:5: warning: `n` is locked again by the thread that already holds it (self-deadlock) [interlock-double-lock]
  // CHECK: calls.cpp:[[@LINE+7]]:31: note: `n` first acquired here
  // CHECK: calls.cpp:[[@LINE+7]]:3: note: `middle` called here while `n` is held
  // CHECK: calls.cpp:[[@LINE+3]]:17: note: `deepest` called here while `n` is held
  n.unlock();
}
void middle() { deepest(); }
void top() {
  std::lock_guard<std::mutex> g(n);
  middle();
}

// 13. A method calls another method of the same object.
class Account {
public:
  void withdraw(int amount) {
    std::lock_guard<std::mutex> lk(mu_);
    // CHECK: calls.cpp:[[@LINE-1]]:33: warning: `acct.mu_` is locked again by the thread that already holds it (self-deadlock) [interlock-double-lock]
    // CHECK: calls.cpp:[[@LINE+5]]:33: note: `acct.mu_` first acquired here
    // CHECK: calls.cpp:[[@LINE+5]]:5: note: `withdraw` called here while `acct.mu_` is held
    balance_ -= amount;
  }
  void transferOut(Account &to, int amount) {
    std::lock_guard<std::mutex> lk(mu_);
    withdraw(amount);
    to.deposit(amount);
  }
  void deposit(int amount) { balance_ += amount; }

private:
  std::mutex mu_;
  int balance_ = 100;
};

// 14. The mutex reaches the callee as a reference parameter.
std::mutex p;
void lockIt(std::mutex &which) {
  std::lock_guard<std::mutex> g(which);
  // CHECK: calls.cpp:[[@LINE-1]]:31: warning: `p` is locked again by the thread that already holds it (self-deadlock) [interlock-double-lock]
  // CHECK: calls.cpp:[[@LINE+4]]:31: note: `p` first acquired here
  // CHECK: calls.cpp:[[@LINE+4]]:3: note: `lockIt` called here while `p` is held
}
void holdsP() {
  std::lock_guard<std::mutex> g(p);
  lockIt(p);
}

// 15. A lambda called while the mutex is held.
std::mutex q;
void lambdaRelocks() {
  auto bump = [] { std::lock_guard<std::mutex> g(q); };
  // CHECK: calls.cpp:[[@LINE-1]]:48: warning: `q` is locked again by the thread that already holds it (self-deadlock) [interlock-double-lock]
  // CHECK: calls.cpp:[[@LINE+2]]:31: note: `q` first acquired here
  // CHECK: calls.cpp:[[@LINE+2]]:3: note: lambda called here while `q` is held
  std::lock_guard<std::mutex> g(q);
  bump();
}

int main() {
  callsHelper();
  top();
  Account acct, other;
  acct.transferOut(other, 10);
  holdsP();
  lambdaRelocks();
}
