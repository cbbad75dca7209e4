// LESSON: Read-modify-write without a lock loses updates: 100 threads each read the balance,
//   pause, and write back balance + 1, so most deposits overwrite each other.
// RUN: exit0
#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

class Account {
public:
  void deposit(int amount) {
    int current = balance_; // EXPECT: data-race
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    balance_ = current + amount; // EXPECT: data-race
  }
  int balance() const { return balance_; }

private:
  int balance_ = 0;
};

int main() {
  Account account;
  std::vector<std::thread> threads;
  for (int i = 0; i < 100; ++i)
    threads.emplace_back([&account] { account.deposit(1); });
  for (auto &t : threads)
    t.join();
  std::printf("expected balance: 100, actual balance: %d\n", account.balance());
  return 0;
}
