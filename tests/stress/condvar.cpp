// Condition variables are modelled with wait sets. A waiter that checks its predicate
// in a loop is correct under every schedule, with or without spurious wake-ups; one
// that checks it with `if` is caught once spurious wake-ups are on (--spurious).
// RUN: %bindir/interlock-c++ -std=c++20 %s -o %t
// RUN: %interlock stress --runs 10 --seed 1 --strategy random -- %t loop 2>&1 | FileCheck %s --check-prefix=OK
// RUN: %interlock stress --runs 10 --seed 1 --strategy random --spurious -- %t loop 2>&1 | FileCheck %s --check-prefix=OK
// RUN: %interlock stress --runs 10 --seed 1 --strategy random -- %t if 2>&1 | FileCheck %s --check-prefix=OK
// RUN: not %interlock stress --runs 20 --seed 1 --strategy random --spurious -- %t if > %t.out 2>&1
// RUN: FileCheck %s --check-prefix=SPURIOUS < %t.out
// OK: 0 distinct finding(s)
// SPURIOUS: interlock-program-crash
// SPURIOUS: replay --seed {{[0-9]+}} --strategy random --spurious --
#include <cassert>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>

std::mutex M;
std::condition_variable Cv;
bool Ready;

int main(int argc, char **argv) {
  bool Loop = argc > 1 && !strcmp(argv[1], "loop");
  std::thread Consumer([Loop] {
    std::unique_lock<std::mutex> L(M);
    if (Loop) {
      while (!Ready)
        Cv.wait(L);
    } else if (!Ready) {
      Cv.wait(L);
    }
    assert(Ready);
  });
  {
    std::lock_guard<std::mutex> G(M);
    Ready = true;
  }
  Cv.notify_one();
  Consumer.join();
}
