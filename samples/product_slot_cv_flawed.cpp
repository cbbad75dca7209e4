// LESSON: The classic one-slot producer/consumer with a single condition variable, ported
//   faithfully: each side checks the slot with `if` and then waits. Waiting without a
//   predicate loop breaks on a spurious wake-up (the consumer takes an empty slot or the
//   producer overwrites a full one) and then the hand-off can stall forever.
// RUN: may-hang
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <optional>
#include <thread>

static std::mutex mu;
static std::condition_variable cond;
static std::optional<int> product;

static void producer() {
  for (int i = 1; i <= 10; ++i) {
    std::unique_lock<std::mutex> lk(mu);
    if (product)
      cond.wait(lk); // EXPECT: cv-wait-without-predicate
    product = i;
    std::printf("produced %d\n", i);
    cond.notify_one();
  }
}

static void consumer() {
  for (int i = 1; i <= 10; ++i) {
    std::unique_lock<std::mutex> lk(mu);
    if (!product)
      cond.wait(lk); // EXPECT: cv-wait-without-predicate
    if (product)
      std::printf("consumed %d\n", *product);
    else
      std::printf("woke up to an empty slot\n");
    product.reset();
    cond.notify_one();
  }
}

int main() {
  std::thread c(consumer);
  std::thread p(producer);
  p.join();
  c.join();
  std::printf("done\n");
  return 0;
}
