// LESSON: std::scoped_lock(from.mu, to.mu) acquires both mutexes with a deadlock-avoidance
//   algorithm, so opposite transfers running at the same time can never deadlock.
// RUN: exit0
// EXPECT-NONE
#include <cstdio>
#include <mutex>
#include <thread>

struct Account {
  std::mutex mu;
  int balance = 1000;
};

static void transfer(Account &from, Account &to, int amount) {
  std::scoped_lock both(from.mu, to.mu);
  from.balance -= amount;
  to.balance += amount;
}

int main() {
  Account a, b;
  std::thread t1([&] {
    for (int i = 0; i < 1000; ++i)
      transfer(a, b, 10);
  });
  std::thread t2([&] {
    for (int i = 0; i < 1000; ++i)
      transfer(b, a, 20);
  });
  t1.join();
  t2.join();
  std::printf("a=%d b=%d (expected 11000 and -9000)\n", a.balance, b.balance);
  return 0;
}
