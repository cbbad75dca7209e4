// stress --confirm aims race-directed runs at each data race of a SARIF file and writes
// it back with what the runs showed. The static checker finds three races here: a
// lost update (a confirmed failure, with the seed that replays it), a harmless race
// (both threads write the same value: met in both orders, no failure), and a race in
// code this run never executes (never met: kept, unconfirmed). Confirmed failures are
// listed first.
// RUN: %bindir/interlock-c++ %s -o %t
// RUN: not %interlock check --format=sarif %s -- -std=c++20 > %t.sarif
// RUN: cp %t.sarif %t.static.sarif
// RUN: not %interlock stress --confirm %t.static.sarif --seed 1 -- %t > %t.out 2> %t.err
// RUN: FileCheck %s < %t.out
// CHECK: confirm.cpp:[[BALANCE:[0-9]+]]:{{[0-9]+}}: confirmed failure: interlock-program-crash: assertion failed in main thread; program died by SIGABRT [interlock-unprotected-shared-state]
// CHECK-NEXT: data race on `Balance`
// CHECK-NEXT: replay: interlock replay --seed {{[0-9]+}} --strategy race --race '{{.*}}confirm.cpp:[[BALANCE]]:{{[0-9]+}}|{{.*}}' --
// CHECK: confirm.cpp:{{[0-9]+}}:{{[0-9]+}}: met in both orders in 20 runs, no failure [interlock-unprotected-shared-state]
// CHECK-NEXT: data race on `Done`
// CHECK: confirm.cpp:{{[0-9]+}}:{{[0-9]+}}: never met in 20 runs (unconfirmed) [interlock-unprotected-shared-state]
// CHECK-NEXT: data race on `Spare`
// RUN: FileCheck %s --check-prefix=SUMMARY < %t.err
// SUMMARY: interlock stress --confirm: 3 race(s), up to 20 race-directed runs each, base seed 1: 1 confirmed; results in
// The same SARIF comes back, each race with its verdict (written in place by default).
// RUN: %python %S/Inputs/confirmations.py %t.static.sarif | FileCheck %s --check-prefix=SARIF
// SARIF: interlock-unprotected-shared-state confirmed seed={{[0-9]+}} replay=interlock replay --seed
// SARIF: interlock-unprotected-shared-state harmless-in-both-orders seed=- replay=-
// SARIF: interlock-unprotected-shared-state never-met seed=- replay=-
// The confirmed seed replays to the same failure.
// RUN: %python %S/Inputs/confirmations.py %t.static.sarif --replay-of confirmed %interlock > %t.replay.sh
// RUN: not sh %t.replay.sh %t 2>&1 | FileCheck %s --check-prefix=REPLAY
// REPLAY: assertion failed in main thread
// --output writes elsewhere and leaves the input alone; a file that is not SARIF is an error.
// RUN: not %interlock stress --confirm %t.sarif --seed 1 --runs 10 -o %t.out.sarif -- %t > /dev/null 2>&1
// RUN: cmp %t.sarif %t.static.sarif || true
// RUN: %python %S/Inputs/confirmations.py %t.sarif | FileCheck %s --check-prefix=UNTOUCHED
// UNTOUCHED: interlock-unprotected-shared-state none
// RUN: echo '{}' > %t.bad.sarif
// RUN: not %interlock stress --confirm %t.bad.sarif -- %t 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: is not SARIF (no "runs")
// A recorded race (interlock run's SARIF) is confirmed the same way.
// RUN: not %interlock run --format=sarif -o %t.run.sarif -- %t > /dev/null 2>&1
// RUN: not %interlock stress --confirm %t.run.sarif --seed 1 -- %t | FileCheck %s --check-prefix=RECORDED
// RECORDED: confirm.cpp:{{[0-9]+}}:{{[0-9]+}}: confirmed failure: {{.*}} [interlock-tsan-data-race]
#include <cassert>
#include <thread>

int Balance; // lost update: fails in one order
int Done;    // harmless: both threads write the same value
int Spare;   // racy code that this run never executes

void deposit() {
  int B = Balance;
  Balance = B + 10;
}

void setDone() { Done = 1; }

void bumpSpare() { Spare = Spare + 1; }

int main(int argc, char **) {
  std::thread A(deposit), B(deposit);
  std::thread C(setDone), D(setDone);
  A.join();
  B.join();
  C.join();
  D.join();
  if (argc > 5) {
    std::thread E(bumpSpare), F(bumpSpare);
    E.join();
    F.join();
  }
  assert(Balance == 20);
}
