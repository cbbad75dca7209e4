// LESSON: transfer(from, to) locks from's mutex, then to's. One thread transfers a->b while
//   another transfers b->a, so the two locks are taken in opposite orders; if each thread
//   gets its first lock before the other's second, both wait forever. With few transfers it
//   usually finishes, which is what makes the bug dangerous.
// RUN: may-hang
#include <cstdio>
#include <mutex>
#include <thread>

struct Account {
  std::mutex mu;
  int balance = 1000;
};

static void transfer(Account &from, Account &to, int amount) {
  std::lock_guard<std::mutex> first(from.mu);
  std::lock_guard<std::mutex> second(to.mu); // EXPECT: lock-order-inversion
  from.balance -= amount;
  to.balance += amount;
}

int main() {
  Account a, b;
  std::thread t1([&] {
    for (int i = 0; i < 3; ++i)
      transfer(a, b, 10);
  });
  std::thread t2([&] {
    for (int i = 0; i < 3; ++i)
      transfer(b, a, 20);
  });
  t1.join();
  t2.join();
  std::printf("a=%d b=%d (expected 1030 and 970)\n", a.balance, b.balance);
  return 0;
}
