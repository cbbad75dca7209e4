// A long, lock-heavy run for bench/run/long-trace.sh: THREADS threads each take
// ITERS nested pairs of locks out of a small set (always in the same order, so it
// cannot deadlock), with a counter update inside. Every iteration records four events
// (about 19 bytes of trace), so ITERS sets the trace's size.
//   longtrace [ITERS] [THREADS]
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

namespace {
constexpr int NumLocks = 8;
std::mutex Locks[NumLocks];
long Counters[NumLocks];
} // namespace

int main(int argc, char **argv) {
  long Iters = argc > 1 ? std::atol(argv[1]) : 10000000;
  int Threads = argc > 2 ? std::atoi(argv[2]) : 4;
  std::vector<std::thread> Pool;
  for (int T = 0; T < Threads; ++T)
    Pool.emplace_back([T, Iters] {
      unsigned X = unsigned(T) * 2654435761u + 1;
      for (long I = 0; I < Iters; ++I) {
        X = X * 1664525u + 1013904223u;
        int A = int(X >> 8) % (NumLocks - 1), B = A + 1 + int(X >> 20) % (NumLocks - 1 - A);
        std::lock_guard<std::mutex> LA(Locks[A]);
        std::lock_guard<std::mutex> LB(Locks[B]);
        ++Counters[B];
      }
    });
  for (std::thread &T : Pool)
    T.join();
  long Sum = 0;
  for (long C : Counters)
    Sum += C;
  std::printf("%ld\n", Sum);
  return Sum == Iters * Threads ? 0 : 1;
}
