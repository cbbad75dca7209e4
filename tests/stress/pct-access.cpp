// A lost update (a plain read, then a plain write of the read value plus 10) has no
// synchronisation call inside its window: random and pct never switch threads there;
// pct-access, whose change points fall on shared memory accesses, does, and its
// failing seed replays exactly (the replay calibrates the same k by itself).
// RUN: %bindir/interlock-c++ %s -o %t
// RUN: not %interlock stress --runs 30 --seed 1 --strategy pct-access --summary %t.json -- %t > %t.out 2> %t.err
// RUN: FileCheck %s --check-prefix=TABLE < %t.err
// TABLE: strategy pct-access, base seed 1, {{[0-9]+}} access points;
// TABLE: interlock-program-crash {{.*}} pct-access{{[23]}} {{ *}}interlock replay --seed {{[0-9]+}} --strategy pct-access --access-steps {{[0-9]+}} --
// RUN: %python %S/Inputs/replay100.py %interlock %t %t.json 20 interlock-program-crash | FileCheck %s --check-prefix=REPLAY
// REPLAY: replays: 20, distinct decision digests: 1, distinct findings: 1, check interlock-program-crash
// RUN: not %interlock stress --runs 30 --seed 1 --strategy random -- %t 2>&1 | FileCheck %s --check-prefix=SYNC
// RUN: not %interlock stress --runs 30 --seed 1 --strategy pct -- %t 2>&1 | FileCheck %s --check-prefix=SYNC
// SYNC: interlock-tsan-data-race
// SYNC-NOT: interlock-program-crash
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
