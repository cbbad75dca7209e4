// LESSON: `counter += 1` is a read, an add and a write. One thread adds 1 and another
//   subtracts 1, 100000 times each, with no lock: their read-modify-writes interleave and
//   the final value is usually not 0.
// RUN: exit0
#include <cstdio>
#include <thread>

static long counter = 0;

static void add() {
  for (int i = 0; i < 100000; ++i)
    counter += 1; // EXPECT: data-race
}

static void sub() {
  for (int i = 0; i < 100000; ++i)
    counter -= 1; // EXPECT: data-race
}

int main() {
  std::thread a(add);
  std::thread b(sub);
  a.join();
  b.join();
  std::printf("final counter: %ld (expected 0)\n", counter);
  return 0;
}
