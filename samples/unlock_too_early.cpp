// LESSON: A lock protects only what happens while it is held. worker() updates `started`
//   under the mutex, then calls unlock() and updates `finished`, which other workers also
//   update: that second update races even though the code "uses a mutex".
// RUN: exit0
#include <cstdio>
#include <mutex>
#include <thread>
#include <vector>

static std::mutex mu;
static long started = 0;
static long finished = 0;

static void worker() {
  for (int i = 0; i < 20000; ++i) {
    std::unique_lock<std::mutex> lk(mu);
    ++started;
    lk.unlock();
    ++finished; // EXPECT: data-race
  }
}

int main() {
  std::vector<std::thread> threads;
  for (int i = 0; i < 3; ++i)
    threads.emplace_back(worker);
  for (auto &t : threads)
    t.join();
  std::printf("started %ld, finished %ld (both expected 60000)\n", started, finished);
  return 0;
}
