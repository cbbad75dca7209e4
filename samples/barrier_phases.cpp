// LESSON: std::barrier makes every worker finish phase k before any starts phase k+1; its
//   completion function runs once per phase, while all workers are blocked, so it may read
//   the per-worker results of that phase without a lock.
// RUN: exit0
// EXPECT-NONE
#include <barrier>
#include <cstdio>
#include <thread>
#include <vector>

int main() {
  constexpr int kWorkers = 4;
  constexpr int kPhases = 3;
  std::vector<long> partial(kWorkers, 0);
  std::vector<long> phaseTotals;
  int phase = 0;

  auto onPhaseDone = [&]() noexcept {
    long total = 0;
    for (long p : partial)
      total += p;
    phaseTotals.push_back(total);
    std::printf("phase %d complete: total %ld\n", phase, total);
    ++phase;
  };
  std::barrier sync(kWorkers, onPhaseDone);

  std::vector<std::thread> workers;
  for (int w = 0; w < kWorkers; ++w)
    workers.emplace_back([&, w] {
      for (int ph = 0; ph < kPhases; ++ph) {
        partial[w] = (ph + 1) * (w + 1); // each worker writes only its own slot
        sync.arrive_and_wait();
      }
    });
  for (auto &t : workers)
    t.join();
  std::printf("phase totals: %ld %ld %ld (expected 10 20 30)\n", phaseTotals[0], phaseTotals[1],
              phaseTotals[2]);
  return 0;
}
