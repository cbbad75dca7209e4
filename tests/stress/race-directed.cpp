// Race-directed scheduling: once a run's ThreadSanitizer report names the two racing
// accesses (the read and the write of a lost update), later runs postpone a thread at
// one of them until another thread reaches the other, then let either go first. With
// --strategy race every run after the first aims at the race; the failing seed replays
// exactly, its race included in the replay command.
// RUN: %bindir/interlock-c++ %s -o %t
// RUN: not %interlock stress --runs 20 --seed 1 --jobs 1 --strategy race --summary %t.json -- %t > %t.out 2> %t.err
// RUN: FileCheck %s < %t.err
// CHECK: interlock-program-crash race-directed.cpp:[[@LINE+24]] {{.*}} race {{ *}}interlock replay --seed {{[0-9]+}} --strategy race --race '{{.*}}race-directed.cpp:{{[0-9:]+}}|{{.*}}race-directed.cpp:{{[0-9:]+}}' --
// RUN: %python %S/Inputs/replay100.py %interlock %t %t.json 20 interlock-program-crash | FileCheck %s --check-prefix=REPLAY
// REPLAY: replays: 20, distinct decision digests: 1, distinct findings: 1, check interlock-program-crash
// Under the default portfolio half of the runs after the first report are race-directed,
// and the summary says which strategy found what.
// RUN: not %interlock stress --runs 40 --seed 1 --jobs 1 -- %t 2>&1 | FileCheck %s --check-prefix=PORTFOLIO
// PORTFOLIO: runs that found each, by strategy:
// PORTFOLIO: interlock-program-crash race-directed.cpp:{{[0-9]+}}:{{.*}} race {{[1-9]}}
// RUN: not %interlock replay --seed 1 --strategy race -- %t 2>&1 | FileCheck %s --check-prefix=NEEDS
// NEEDS: --strategy race needs --race FILE:LINE|FILE:LINE
#include <cassert>
#include <thread>

int Balance;

void deposit() {
  int B = Balance;
  Balance = B + 10;
}

int main() {
  std::thread A(deposit), B(deposit);
  A.join();
  B.join();
  assert(Balance == 20);
}
