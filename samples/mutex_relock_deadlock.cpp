// LESSON: std::mutex is not re-entrant. transfer() holds the account mutex and calls
//   withdraw(), which locks the same mutex again: the thread waits for itself forever
//   (formally undefined behaviour; glibc's default mutex deadlocks).
// RUN: hangs
#include <cstdio>
#include <mutex>

class Account {
public:
  void withdraw(int amount) {
    std::lock_guard<std::mutex> lk(mu_); // EXPECT: double-lock
    balance_ -= amount;
  }
  void transferOut(Account &to, int amount) {
    std::lock_guard<std::mutex> lk(mu_);
    withdraw(amount); // re-locks mu_ while it is held
    to.balance_ += amount;
  }
  int balance_ = 100;

private:
  std::mutex mu_;
};

int main() {
  Account a, b;
  std::printf("transferring 10 from a to b...\n");
  std::fflush(stdout);
  a.transferOut(b, 10);
  std::printf("never printed: a=%d b=%d\n", a.balance_, b.balance_);
  return 0;
}
