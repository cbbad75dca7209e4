// LESSON: A withdrawer that needs more money than the account holds waits on a condition
//   variable, and re-checks the balance every time it wakes (wait with a predicate), so it
//   never withdraws what is not there.
// RUN: exit0
// EXPECT-NONE
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>
#include <vector>

class Account {
public:
  void deposit(int amount) {
    {
      std::lock_guard<std::mutex> lk(mu_);
      balance_ += amount;
    }
    cv_.notify_all();
  }
  void withdraw(int amount) {
    std::unique_lock<std::mutex> lk(mu_);
    cv_.wait(lk, [&] { return balance_ >= amount; });
    balance_ -= amount;
    if (balance_ < lowest_)
      lowest_ = balance_;
  }
  void report() {
    std::lock_guard<std::mutex> lk(mu_);
    std::printf("final balance: %d, lowest balance seen: %d (never below 0)\n", balance_, lowest_);
  }

private:
  std::mutex mu_;
  std::condition_variable cv_;
  int balance_ = 0;
  int lowest_ = 0;
};

int main() {
  Account account;
  std::vector<std::thread> withdrawers;
  for (int i = 0; i < 3; ++i)
    withdrawers.emplace_back([&account] { account.withdraw(30); });
  std::this_thread::sleep_for(std::chrono::milliseconds(10)); // let them start waiting
  std::thread depositor([&account] {
    for (int i = 0; i < 3; ++i) {
      account.deposit(30);
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });
  depositor.join();
  for (auto &t : withdrawers)
    t.join();
  account.report();
  return 0;
}
