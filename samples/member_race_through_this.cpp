// LESSON: Member functions race too: two threads call hit() on the same object, and
//   `++hits_` (through `this`) is an unsynchronized read-modify-write of one member. The
//   other member, perThread_, is split into one slot per thread and does not race.
// RUN: exit0
#include <cstdio>
#include <thread>

class Stats {
public:
  void hit(int who) {
    ++hits_; // EXPECT: data-race
    ++perThread_[who];
  }
  long hits() const { return hits_; }
  long perThread(int who) const { return perThread_[who]; }

private:
  long hits_ = 0;
  long perThread_[2] = {0, 0};
};

int main() {
  Stats stats;
  std::thread a([&stats] {
    for (int i = 0; i < 100000; ++i)
      stats.hit(0);
  });
  std::thread b([&stats] {
    for (int i = 0; i < 100000; ++i)
      stats.hit(1);
  });
  a.join();
  b.join();
  std::printf("hits %ld (expected %ld)\n", stats.hits(), stats.perThread(0) + stats.perThread(1));
  return 0;
}
