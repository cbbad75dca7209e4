// LESSON: std::thread copies its arguments, so sharing needs std::ref; once shared, the
//   referenced variable is accessed by both threads. Here the worker adds into `total` through
//   the reference while main keeps adding to the same variable without a lock.
// RUN: exit0
#include <cstdio>
#include <functional>
#include <thread>

static void accumulate(long &total, int n) {
  for (int i = 0; i < n; ++i)
    total += 2; // EXPECT: data-race
}

int main() {
  long total = 0;
  std::thread worker(accumulate, std::ref(total), 100000);
  for (int i = 0; i < 100000; ++i)
    total += 1; // EXPECT: data-race
  worker.join();
  std::printf("total %ld (expected 300000)\n", total);
  return 0;
}
