// LESSON: With one mutex held around each `counter += 1` and `counter -= 1`, the
//   read-modify-writes cannot interleave and the final value is always 0.
// RUN: exit0
// EXPECT-NONE
#include <cstdio>
#include <mutex>
#include <thread>

static long counter = 0;
static std::mutex counterMu;

static void add() {
  for (int i = 0; i < 100000; ++i) {
    std::lock_guard<std::mutex> lk(counterMu);
    counter += 1;
  }
}

static void sub() {
  for (int i = 0; i < 100000; ++i) {
    std::lock_guard<std::mutex> lk(counterMu);
    counter -= 1;
  }
}

int main() {
  std::thread a(add);
  std::thread b(sub);
  a.join();
  b.join();
  std::printf("final counter: %ld (expected 0)\n", counter);
  return 0;
}
