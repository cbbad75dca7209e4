// A lock-heavy microbenchmark: THREADS threads each run ITERS iterations of
// lock / small shared update / unlock over a few mutexes, with a little private work
// (WORK words of the thread's own heap data, default 16) between critical sections (so the locks are contended but not every instruction is
// inside one). Prints a checksum so nothing is optimized away.
//   lockbench [ITERS] [THREADS] [WORK]   (WORK: words of private data per iteration)
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

namespace {
constexpr int NumLocks = 4;
struct alignas(64) Slot {
  std::mutex M;
  long Counter = 0;
  long History[8] = {};
};
Slot Slots[NumLocks];

/// A little work on the thread's own (heap) data between critical sections.
unsigned privateWork(unsigned X, std::vector<unsigned> &Mine) {
  for (unsigned &V : Mine) {
    X = X * 1664525u + 1013904223u + V;
    V = X >> 3;
  }
  return X;
}
} // namespace

int main(int argc, char **argv) {
  long Iters = argc > 1 ? std::atol(argv[1]) : 200000;
  int Threads = argc > 2 ? std::atoi(argv[2]) : 4;
  size_t Work = argc > 3 ? size_t(std::atol(argv[3])) : 16;
  std::vector<std::thread> Workers;
  std::vector<unsigned> Seeds(Threads);
  for (int T = 0; T < Threads; ++T)
    Workers.emplace_back([T, Iters, Work, &Seeds] {
      unsigned X = unsigned(T) * 7919u + 1;
      std::vector<unsigned> Mine(Work, unsigned(T));
      for (long I = 0; I < Iters; ++I) {
        X = privateWork(X, Mine);
        Slot &S = Slots[(X >> 7) % NumLocks];
        std::lock_guard<std::mutex> L(S.M);
        ++S.Counter;
        S.History[S.Counter & 7] = long(X);
      }
      Seeds[T] = X;
    });
  for (std::thread &W : Workers)
    W.join();
  long Sum = 0;
  for (Slot &S : Slots)
    Sum += S.Counter;
  std::printf("%ld %u\n", Sum, Seeds[0]);
  return Sum == Iters * Threads ? 0 : 1;
}
