// A thread blocked where the scheduler cannot see (read() on a pipe whose writer is
// parked) would hang a serialized run: the watchdog passes the turn on and says so.
// RUN: %bindir/interlock-c++ -std=c++20 %s -o %t
// RUN: %interlock stress --runs 3 --seed 1 --strategy pct1 --timeout 30 -- %t 2>&1 | FileCheck %s
// CHECK: 3 runs in {{.*}} 0 distinct finding(s)
// CHECK: the watchdog passed the turn on
#include <thread>
#include <unistd.h>

int main() {
  int Fd[2];
  if (pipe(Fd))
    return 1;
  std::thread Writer([&] {
    std::this_thread::yield();
    char C = 'x';
    (void)!write(Fd[1], &C, 1);
  });
  char C;
  (void)!read(Fd[0], &C, 1); // blocks in the kernel until the writer runs
  Writer.join();
}
