// LESSON: A counting semaphore with 2 permits lets at most 2 of 8 workers into the guarded
//   section at once; an atomic counter records the highest concurrency actually reached.
// RUN: exit0
// EXPECT-NONE
#include <atomic>
#include <chrono>
#include <cstdio>
#include <semaphore>
#include <thread>
#include <vector>

int main() {
  std::counting_semaphore<2> permits(2);
  std::atomic<int> inside{0};
  std::atomic<int> maxInside{0};
  std::atomic<int> finished{0};

  auto worker = [&] {
    permits.acquire();
    int now = inside.fetch_add(1) + 1;
    int seen = maxInside.load();
    while (now > seen && !maxInside.compare_exchange_weak(seen, now)) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    inside.fetch_sub(1);
    finished.fetch_add(1);
    permits.release();
  };

  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i)
    threads.emplace_back(worker);
  for (auto &t : threads)
    t.join();
  std::printf("%d workers finished; at most %d were inside at once (limit 2)\n", finished.load(),
              maxInside.load());
  return 0;
}
