// LESSON: A plain std::queue is not thread-safe. Here a producer checks size() and push()es
//   while a consumer polls empty(), front() and pop() with no lock: the two threads read and
//   write the same container internals concurrently. Counts are small and the consumer gives
//   up after a bounded number of polls, so it terminates, but nothing guarantees correctness.
// RUN: exit0
#include <chrono>
#include <cstdio>
#include <queue>
#include <thread>

int main() {
  std::queue<int> q;
  const int kItems = 10;
  const std::size_t kMaxQueued = 4;

  std::thread producer([&q] {
    int next = 1;
    for (int attempt = 0; attempt < 200 && next <= kItems; ++attempt) {
      if (q.size() < kMaxQueued) // EXPECT: data-race
        q.push(next++);          // EXPECT: data-race
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  });

  long sum = 0;
  int received = 0;
  for (int poll = 0; poll < 400 && received < kItems; ++poll) {
    if (!q.empty()) {   // EXPECT: data-race
      sum += q.front(); // EXPECT: data-race
      q.pop();          // EXPECT: data-race
      ++received;
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  producer.join();
  std::printf("received %d of %d items, sum %ld (expected 55)\n", received, kItems, sum);
  return 0;
}
