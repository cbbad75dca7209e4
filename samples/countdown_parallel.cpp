// LESSON: CPU-bound work only speeds up with threads when they run truly in parallel (C++ has
//   no GIL): a countdown split across N threads, each on its own local counter, takes about
//   1/N of the time on N free cores.
// RUN: exit0
// EXPECT-NONE
#include <chrono>
#include <cstdio>
#include <functional>
#include <thread>
#include <vector>

static void countdown(long n, long &sink) {
  volatile long x = n; // volatile keeps the loop from being folded away
  while (x > 0)
    x = x - 1;
  sink = x;
}

int main() {
  using Clock = std::chrono::steady_clock;
  const long total = 20'000'000;
  const unsigned nThreads = 2;

  long sink1 = -1;
  auto start = Clock::now();
  countdown(total, sink1);
  double oneMs = std::chrono::duration<double, std::milli>(Clock::now() - start).count();

  std::vector<long> sinks(nThreads, -1);
  std::vector<std::thread> threads;
  start = Clock::now();
  for (unsigned i = 0; i < nThreads; ++i)
    threads.emplace_back(countdown, total / nThreads, std::ref(sinks[i]));
  for (auto &t : threads)
    t.join();
  double nMs = std::chrono::duration<double, std::milli>(Clock::now() - start).count();

  bool allZero = sink1 == 0;
  for (long s : sinks)
    allZero = allZero && s == 0;
  std::printf("all countdowns reached zero: %s\n", allZero ? "yes" : "no");
  std::printf("1 thread: %.0f ms, %u threads: %.0f ms (timings vary with free cores)\n", oneMs,
              nThreads, nMs);
  return 0;
}
