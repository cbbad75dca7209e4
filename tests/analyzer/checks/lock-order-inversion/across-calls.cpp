// Orders through calls, through parameters, over object instances, and longer cycles.
// RUN: not %interlock check --checks=interlock-lock-order-inversion %s -- -std=c++20 \
// RUN:   | FileCheck %s --implicit-check-not=warning:
#include <mutex>
#include <thread>

// 9. The inner lock is taken in a callee.
std::mutex a9, b9;
void lockB9() {
  std::lock_guard<std::mutex> y(b9);
}
void c9_ab() {
  std::lock_guard<std::mutex> x(a9);
  lockB9();
}
void c9_ba() {
  std::lock_guard<std::mutex> y(b9);
  std::lock_guard<std::mutex> x(a9);
}
// CHECK: across-calls.cpp:[[@LINE-10]]:31: warning: lock-order inversion: `b9` acquired while holding `a9`, and `a9` acquired while holding `b9` in another thread (potential deadlock) [interlock-lock-order-inversion]
// CHECK: across-calls.cpp:[[@LINE-8]]:31: note: `a9` acquired here
// CHECK: across-calls.cpp:[[@LINE-8]]:3: note: `lockB9` called here while `a9` is held
// CHECK: across-calls.cpp:[[@LINE-13]]:31: note: then `b9` acquired here while `a9` is held
// CHECK: across-calls.cpp:[[@LINE-7]]:31: note: `b9` acquired here
// CHECK: across-calls.cpp:[[@LINE-7]]:31: note: then `a9` acquired here while `b9` is held
void case9() {
  std::thread t1(c9_ab), t2(c9_ba);
  t1.join();
  t2.join();
}

// 10. Two calls deep.
std::mutex a10, b10;
void inner10() {
  std::lock_guard<std::mutex> y(b10);
}
void middle10() { inner10(); }
void c10_ab() {
  std::lock_guard<std::mutex> x(a10);
  middle10();
}
void c10_ba() {
  std::lock_guard<std::mutex> y(b10);
  std::lock_guard<std::mutex> x(a10);
}
// CHECK: across-calls.cpp:[[@LINE-11]]:31: warning: lock-order inversion: `b10` acquired while holding `a10`, and `a10` acquired while holding `b10` in another thread (potential deadlock) [interlock-lock-order-inversion]
// CHECK: across-calls.cpp:[[@LINE-8]]:31: note: `a10` acquired here
// CHECK: across-calls.cpp:[[@LINE-8]]:3: note: `middle10` called here while `a10` is held
// CHECK: across-calls.cpp:[[@LINE-12]]:19: note: `inner10` called here while `a10` is held
// CHECK: across-calls.cpp:[[@LINE-15]]:31: note: then `b10` acquired here while `a10` is held
// CHECK: across-calls.cpp:[[@LINE-8]]:31: note: `b10` acquired here
// CHECK: across-calls.cpp:[[@LINE-8]]:31: note: then `a10` acquired here while `b10` is held
void case10() {
  std::thread t1(c10_ab), t2(c10_ba);
  t1.join();
  t2.join();
}

// 11. One helper locks its two mutex parameters in argument order.
std::mutex a11, b11;
void lockBoth(std::mutex &x, std::mutex &y) {
  std::lock_guard<std::mutex> gx(x);
  std::lock_guard<std::mutex> gy(y);
}
// CHECK: across-calls.cpp:[[@LINE-2]]:31: warning: lock-order inversion: `b11` acquired while holding `a11`, and `a11` acquired while holding `b11` in another thread (potential deadlock) [interlock-lock-order-inversion]
// CHECK: across-calls.cpp:[[@LINE-4]]:31: note: `a11` acquired here
// CHECK: across-calls.cpp:[[@LINE-4]]:31: note: then `b11` acquired here while `a11` is held
// CHECK: across-calls.cpp:[[@LINE-6]]:31: note: `b11` acquired here
// CHECK: across-calls.cpp:[[@LINE-6]]:31: note: then `a11` acquired here while `b11` is held
void case11() {
  std::thread t1([] { lockBoth(a11, b11); });
  std::thread t2([] { lockBoth(b11, a11); });
  t1.join();
  t2.join();
}

// 12. transfer(a, b) racing transfer(b, a): two instances of one class's mutex.
struct Account {
  std::mutex mu;
  int balance = 0;
};
void transfer(Account &from, Account &to) {
  std::lock_guard<std::mutex> f(from.mu);
  std::lock_guard<std::mutex> t(to.mu);
  from.balance -= 1;
  to.balance += 1;
}
// CHECK: across-calls.cpp:[[@LINE-4]]:31: warning: lock-order inversion: `b.mu` acquired while holding `a.mu`, and `a.mu` acquired while holding `b.mu` in another thread (potential deadlock) [interlock-lock-order-inversion]
// CHECK: across-calls.cpp:[[@LINE-6]]:31: note: `a.mu` acquired here
// CHECK: across-calls.cpp:[[@LINE-6]]:31: note: then `b.mu` acquired here while `a.mu` is held
// CHECK: across-calls.cpp:[[@LINE-8]]:31: note: `b.mu` acquired here
// CHECK: across-calls.cpp:[[@LINE-8]]:31: note: then `a.mu` acquired here while `b.mu` is held
void case12() {
  Account a, b;
  std::thread t1([&] { transfer(a, b); });
  std::thread t2([&] { transfer(b, a); });
  t1.join();
  t2.join();
}

// 13. A three-lock cycle over three threads.
std::mutex a13, b13, c13;
void c13_ab() {
  std::lock_guard<std::mutex> x(a13);
  std::lock_guard<std::mutex> y(b13);
}
void c13_bc() {
  std::lock_guard<std::mutex> x(b13);
  std::lock_guard<std::mutex> y(c13);
}
void c13_ca() {
  std::lock_guard<std::mutex> x(c13);
  std::lock_guard<std::mutex> y(a13);
}
// CHECK: across-calls.cpp:[[@LINE-10]]:31: warning: lock-order cycle: `a13` -> `b13` -> `c13` -> `a13` across 3 threads (potential deadlock) [interlock-lock-order-inversion]
// CHECK: across-calls.cpp:[[@LINE-12]]:31: note: `a13` acquired here
// CHECK: across-calls.cpp:[[@LINE-12]]:31: note: then `b13` acquired here while `a13` is held
// CHECK: across-calls.cpp:[[@LINE-10]]:31: note: `b13` acquired here
// CHECK: across-calls.cpp:[[@LINE-10]]:31: note: then `c13` acquired here while `b13` is held
// CHECK: across-calls.cpp:[[@LINE-8]]:31: note: `c13` acquired here
// CHECK: across-calls.cpp:[[@LINE-8]]:31: note: then `a13` acquired here while `c13` is held
void case13() {
  std::thread t1(c13_ab), t2(c13_bc), t3(c13_ca);
  t1.join();
  t2.join();
  t3.join();
}

// 14. Member mutexes of a global object.
struct Bank {
  std::mutex m1, m2;
} bank;
void c14_21() {
  std::lock_guard<std::mutex> y(bank.m2);
  std::lock_guard<std::mutex> x(bank.m1);
}
void c14_12() {
  std::lock_guard<std::mutex> x(bank.m1);
  std::lock_guard<std::mutex> y(bank.m2);
}
// CHECK: across-calls.cpp:[[@LINE-2]]:31: warning: lock-order inversion: `bank.m2` acquired while holding `bank.m1`, and `bank.m1` acquired while holding `bank.m2` in another thread (potential deadlock) [interlock-lock-order-inversion]
// CHECK: across-calls.cpp:[[@LINE-4]]:31: note: `bank.m1` acquired here
// CHECK: across-calls.cpp:[[@LINE-4]]:31: note: then `bank.m2` acquired here while `bank.m1` is held
// CHECK: across-calls.cpp:[[@LINE-10]]:31: note: `bank.m2` acquired here
// CHECK: across-calls.cpp:[[@LINE-10]]:31: note: then `bank.m1` acquired here while `bank.m2` is held
void case14() {
  std::thread t1(c14_12), t2(c14_21);
  t1.join();
  t2.join();
}

// 15. Two methods of one shared object take its two member mutexes in opposite orders.
class Ledger {
public:
  void outThenIn() {
    std::lock_guard<std::mutex> o(out_);
    std::lock_guard<std::mutex> i(in_);
  }
  void inThenOut() {
    std::lock_guard<std::mutex> i(in_);
    std::lock_guard<std::mutex> o(out_);
  }
  // CHECK: across-calls.cpp:[[@LINE-2]]:33: warning: lock-order inversion: `ledger.out_` acquired while holding `ledger.in_`, and `ledger.in_` acquired while holding `ledger.out_` in another thread (potential deadlock) [interlock-lock-order-inversion]
  // CHECK: across-calls.cpp:[[@LINE-4]]:33: note: `ledger.in_` acquired here
  // CHECK: across-calls.cpp:[[@LINE-4]]:33: note: then `ledger.out_` acquired here while `ledger.in_` is held
  // CHECK: across-calls.cpp:[[@LINE-10]]:33: note: `ledger.out_` acquired here
  // CHECK: across-calls.cpp:[[@LINE-10]]:33: note: then `ledger.in_` acquired here while `ledger.out_` is held

private:
  std::mutex in_, out_;
};
void case15() {
  Ledger ledger;
  std::thread t1([&] { ledger.outThenIn(); });
  std::thread t2([&] { ledger.inThenOut(); });
  t1.join();
  t2.join();
}

int main() {
  case9();
  case10();
  case11();
  case12();
  case13();
  case14();
  case15();
}
