// LESSON: std::recursive_mutex may be locked again by the thread that already owns it, so
//   transfer() can call withdraw() while holding the account lock (like Python's RLock).
// RUN: exit0
// EXPECT-NONE
#include <cstdio>
#include <mutex>

class Account {
public:
  void withdraw(int amount) {
    std::lock_guard<std::recursive_mutex> lk(mu_);
    balance_ -= amount;
  }
  void transferOut(Account &to, int amount) {
    std::lock_guard<std::recursive_mutex> lk(mu_);
    withdraw(amount); // fine: same owner, lock count goes to 2
    to.deposit(amount);
  }
  void deposit(int amount) {
    std::lock_guard<std::recursive_mutex> lk(mu_);
    balance_ += amount;
  }
  int balance() {
    std::lock_guard<std::recursive_mutex> lk(mu_);
    return balance_;
  }

private:
  std::recursive_mutex mu_;
  int balance_ = 100;
};

int main() {
  Account a, b;
  a.transferOut(b, 10);
  std::printf("after transfer: a=%d b=%d (expected 90 and 110)\n", a.balance(), b.balance());
  return 0;
}
