// LESSON: With manual lock()/unlock(), an early return that skips unlock() leaves the mutex
//   locked forever. withdraw() bails out on insufficient funds without unlocking, so the next
//   thread that wants the account blocks for good. RAII (std::lock_guard) prevents this.
// RUN: hangs
#include <cstdio>
#include <mutex>
#include <thread>

class Account {
public:
  bool withdraw(int amount) {
    mu_.lock(); // EXPECT: lock-leak
    if (balance_ < amount)
      return false; // leaves mu_ locked
    balance_ -= amount;
    mu_.unlock();
    return true;
  }
  void deposit(int amount) {
    std::lock_guard<std::mutex> lk(mu_);
    balance_ += amount;
  }

private:
  std::mutex mu_;
  int balance_ = 50;
};

int main() {
  Account account;
  std::thread spender([&account] {
    bool ok = account.withdraw(100);
    std::printf("withdraw 100: %s\n", ok ? "ok" : "insufficient funds");
    std::fflush(stdout);
  });
  spender.join();
  std::thread saver([&account] { account.deposit(10); }); // blocks: mu_ was never unlocked
  saver.join();
  std::printf("never printed\n");
  return 0;
}
