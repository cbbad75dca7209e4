// LESSON: std::atomic makes each `counter += 1` / `counter -= 1` one indivisible operation,
//   so two threads adding and subtracting without a mutex still end at exactly 0.
// RUN: exit0
// EXPECT-NONE
#include <atomic>
#include <cstdio>
#include <thread>

static std::atomic<long> counter{0};

int main() {
  std::thread a([] {
    for (int i = 0; i < 100000; ++i)
      counter += 1;
  });
  std::thread b([] {
    for (int i = 0; i < 100000; ++i)
      counter -= 1;
  });
  a.join();
  b.join();
  std::printf("final counter: %ld (expected 0)\n", counter.load());
  return 0;
}
