// LESSON: std::lock_guard holds the mutex for exactly its scope, so the read-modify-write is
//   atomic with respect to other deposits and the unlock cannot be forgotten on any path.
// RUN: exit0
// EXPECT-NONE
#include <chrono>
#include <cstdio>
#include <mutex>
#include <thread>
#include <vector>

class Account {
public:
  void deposit(int amount) {
    std::lock_guard<std::mutex> lk(mu_);
    int current = balance_;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    balance_ = current + amount;
  }
  int balance() {
    std::lock_guard<std::mutex> lk(mu_);
    return balance_;
  }

private:
  std::mutex mu_;
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
