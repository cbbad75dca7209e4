// The program under test of interrupt.test: runs with seed 0 and 1 (base seed 0)
// finish with a lock-order inversion; later runs write the file named by
// $INTERRUPT_MARK and block, so the driver knows when to press Ctrl-C. With
// $INTERRUPT_STUBBORN set they also ignore SIGTERM, so only SIGKILL stops them.
#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <unistd.h>

std::mutex A, B;
std::atomic<bool> FirstDone{false};

int main() {
  std::thread T1([] {
    std::lock_guard<std::mutex> LA(A);
    std::lock_guard<std::mutex> LB(B);
    FirstDone = true;
  });
  std::thread T2([] {
    while (!FirstDone)
      std::this_thread::yield();
    std::lock_guard<std::mutex> LB(B);
    std::lock_guard<std::mutex> LA(A);
  });
  T1.join();
  T2.join();
  const char *Seed = getenv("INTERLOCK_SEED");
  if (!Seed || atoll(Seed) < 2)
    return 0;
  if (getenv("INTERRUPT_STUBBORN"))
    signal(SIGTERM, SIG_IGN);
  if (FILE *F = fopen(getenv("INTERRUPT_MARK"), "w"))
    fclose(F);
  for (;;)
    pause();
}
