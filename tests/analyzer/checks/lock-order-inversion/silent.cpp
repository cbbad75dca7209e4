// Look-alikes that cannot deadlock: the check stays silent.
// RUN: %interlock check --checks=interlock-lock-order-inversion %s -- -std=c++20 \
// RUN:   | FileCheck %s --allow-empty --implicit-check-not=warning:
#include <mutex>
#include <shared_mutex>
#include <thread>

// 16. The same order everywhere.
std::mutex a16, b16;
void c16() {
  std::lock_guard<std::mutex> x(a16);
  std::lock_guard<std::mutex> y(b16);
}
void case16() {
  std::thread t1(c16), t2(c16);
  t1.join();
  t2.join();
}

// 17. std::scoped_lock over both mutexes, in either argument order.
std::mutex a17, b17;
void case17() {
  std::thread t1([] { std::scoped_lock l(a17, b17); });
  std::thread t2([] { std::scoped_lock l(b17, a17); });
  t1.join();
  t2.join();
}

// 18. std::lock, then guards that adopt the locks.
std::mutex a18, b18;
void c18_ab() {
  std::lock(a18, b18);
  std::lock_guard<std::mutex> x(a18, std::adopt_lock);
  std::lock_guard<std::mutex> y(b18, std::adopt_lock);
}
void c18_ba() {
  std::lock(b18, a18);
  std::lock_guard<std::mutex> y(b18, std::adopt_lock);
  std::lock_guard<std::mutex> x(a18, std::adopt_lock);
}
void case18() {
  std::thread t1(c18_ab), t2(c18_ba);
  t1.join();
  t2.join();
}

// 19. A gate lock held around both orders.
std::mutex a19, b19, gate19;
void c19_ab() {
  std::lock_guard<std::mutex> g(gate19);
  std::lock_guard<std::mutex> x(a19);
  std::lock_guard<std::mutex> y(b19);
}
void c19_ba() {
  std::lock_guard<std::mutex> g(gate19);
  std::lock_guard<std::mutex> y(b19);
  std::lock_guard<std::mutex> x(a19);
}
void case19() {
  std::thread t1(c19_ab), t2(c19_ba);
  t1.join();
  t2.join();
}

// 20. Both orders, but in one thread started once.
std::mutex a20, b20;
void c20_both() {
  {
    std::lock_guard<std::mutex> x(a20);
    std::lock_guard<std::mutex> y(b20);
  }
  {
    std::lock_guard<std::mutex> y(b20);
    std::lock_guard<std::mutex> x(a20);
  }
}
void case20() {
  std::thread t(c20_both);
  t.join();
}

// 21. Both orders in the main thread alone.
std::mutex a21, b21;
void case21() {
  {
    std::lock_guard<std::mutex> x(a21);
    std::lock_guard<std::mutex> y(b21);
  }
  std::lock_guard<std::mutex> y(b21);
  std::lock_guard<std::mutex> x(a21);
}

// 22. The two threads never overlap: the first is joined before the second starts.
std::mutex a22, b22;
void c22_ab() {
  std::lock_guard<std::mutex> x(a22);
  std::lock_guard<std::mutex> y(b22);
}
void c22_ba() {
  std::lock_guard<std::mutex> y(b22);
  std::lock_guard<std::mutex> x(a22);
}
void case22() {
  std::thread t1(c22_ab);
  t1.join();
  std::thread t2(c22_ba);
  t2.join();
}

// 23. A recursive mutex re-acquired, otherwise one order.
std::recursive_mutex r23;
std::mutex m23;
void c23() {
  std::lock_guard<std::recursive_mutex> x(r23);
  std::lock_guard<std::recursive_mutex> again(r23);
  std::lock_guard<std::mutex> y(m23);
}
void case23() {
  std::thread t1(c23), t2(c23);
  t1.join();
  t2.join();
}

// 24. The first lock is released before the second is taken.
std::mutex a24, b24;
void c24_ab() {
  a24.lock();
  a24.unlock();
  b24.lock();
  b24.unlock();
}
void c24_ba() {
  std::lock_guard<std::mutex> y(b24);
  std::lock_guard<std::mutex> x(a24);
}
void case24() {
  std::thread t1(c24_ab), t2(c24_ba);
  t1.join();
  t2.join();
}

// 25. A try_lock never blocks, so it adds no order.
std::mutex a25, b25;
void c25_ab() {
  std::lock_guard<std::mutex> x(a25);
  if (b25.try_lock())
    b25.unlock();
}
void c25_ba() {
  std::lock_guard<std::mutex> y(b25);
  std::lock_guard<std::mutex> x(a25);
}
void case25() {
  std::thread t1(c25_ab), t2(c25_ba);
  t1.join();
  t2.join();
}

// 26. An inner scope ends before the other lock is taken.
std::mutex a26, b26;
void c26_ab() {
  {
    std::lock_guard<std::mutex> x(a26);
  }
  std::lock_guard<std::mutex> y(b26);
}
void c26_ba() {
  std::lock_guard<std::mutex> y(b26);
  std::lock_guard<std::mutex> x(a26);
}
void case26() {
  std::thread t1(c26_ab), t2(c26_ba);
  t1.join();
  t2.join();
}

// 27. Different instances in one consistent order: transfer(a, b) and transfer(a, c).
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
void case27() {
  Account a, b, c;
  std::thread t1([&] { transfer(a, b); });
  std::thread t2([&] { transfer(a, c); });
  t1.join();
  t2.join();
}

// 28. unique_lock unlocked before the second lock.
std::mutex a28, b28;
void c28_ab() {
  std::unique_lock<std::mutex> x(a28);
  x.unlock();
  std::lock_guard<std::mutex> y(b28);
}
void c28_ba() {
  std::lock_guard<std::mutex> y(b28);
  std::lock_guard<std::mutex> x(a28);
}
void case28() {
  std::thread t1(c28_ab), t2(c28_ba);
  t1.join();
  t2.join();
}

int main() {
  case16();
  case17();
  case18();
  case19();
  case20();
  case21();
  case22();
  case23();
  case24();
  case25();
  case26();
  case27();
  case28();
}
