// LESSON: The lost update is fixed by holding a mutex across the read-modify-write. With
//   explicit lock()/unlock() every path must unlock, including the exceptional one, so the
//   deposit catches, unlocks and rethrows.
// RUN: exit0
// EXPECT-NONE
#include <chrono>
#include <cstdio>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

class Account {
public:
  void deposit(int amount) {
    mu_.lock();
    try {
      if (amount <= 0)
        throw std::invalid_argument("deposit must be positive");
      int current = balance_;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
      balance_ = current + amount;
    } catch (...) {
      mu_.unlock();
      throw;
    }
    mu_.unlock();
  }
  int balance() {
    mu_.lock();
    int b = balance_;
    mu_.unlock();
    return b;
  }

private:
  std::mutex mu_;
  int balance_ = 0;
};

int main() {
  Account account;
  std::vector<std::thread> threads;
  for (int i = 0; i < 100; ++i)
    threads.emplace_back([&account, i] {
      try {
        account.deposit(i == 50 ? -1 : 1); // one bad deposit exercises the unlock-on-throw path
      } catch (const std::invalid_argument &) {
      }
    });
  for (auto &t : threads)
    t.join();
  std::printf("expected balance: 99 (one deposit rejected), actual balance: %d\n",
              account.balance());
  return 0;
}
