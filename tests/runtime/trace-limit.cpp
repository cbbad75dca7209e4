// --trace-limit SIZE: the program stops recording once its trace reaches SIZE (each
// thread keeps a prefix of its events), `interlock run` says so, and what was recorded
// is analysed: the lock-order inversion at the start is still found, and the threads
// whose joins fell past the limit are not reported as never joined.
// RUN: %bindir/interlock-c++ %s -o %t
// RUN: not %interlock run --trace-limit 1M --trace-out %t.trace -- %t > %t.out 2> %t.err
// RUN: FileCheck %s < %t.out
// RUN: FileCheck %s --check-prefix=ERR < %t.err
// Without the limit the trace is about 10 MB; with it, 1 MiB plus, per thread, the
// 256 KiB block still in memory and at most one block that passed the check as
// another thread reached the limit: well under 3 MiB.
// RUN: %python -c "import os, sys; s = os.path.getsize(sys.argv[1]); sys.exit(0 if s < 3 * 2**20 else 'trace is %%d bytes' %% s)" %t.trace
// RUN: %interlock trace %t.trace > /dev/null 2> %t.trace.err
// RUN: FileCheck %s --check-prefix=ERR-TRACE < %t.trace.err
// RUN: not %interlock run --trace-limit 10X -- %t 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: not %interlock run --trace-limit 1K -- %t 2>&1 | FileCheck %s --check-prefix=SMALL
#include <atomic>
#include <mutex>
#include <thread>

std::mutex A, B, Own[2];
std::atomic<bool> FirstDone{false};
long Counts[2];

int main() {
  // Two threads alive together take A then B and B then A (the flag orders them, so
  // this run cannot deadlock): a lock-order inversion, recorded before the limit.
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
  // Then about 10 MB of trace: the limit stops it.
  std::thread W[2];
  for (int I = 0; I < 2; ++I)
    W[I] = std::thread([I] {
      for (int N = 0; N < 1000000; ++N) {
        std::lock_guard<std::mutex> L(Own[I]);
        ++Counts[I];
      }
    });
  for (std::thread &Th : W)
    Th.join();
  return Counts[0] + Counts[1] == 2000000 ? 0 : 1;
}
// CHECK: warning: lock-order inversion (potential deadlock){{.*}}[interlock-lock-order-inversion]
// CHECK-NOT: interlock-missing-join
// ERR: interlock run: warning: trace limit of 1048576 bytes reached: events after it were not recorded ({{[0-9]+}} dropped); the findings are those of the recorded part, without thread-lifetime checks
// ERR-TRACE: interlock trace: warning: trace limit of 1048576 bytes reached
// BAD: --trace-limit: '10X' is not a size from 65536 to 1099511627776 bytes (suffixes K, M, G, T: KiB, MiB, GiB, TiB)
// SMALL: --trace-limit: 1K is out of range
