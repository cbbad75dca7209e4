// `run` and `stress` take --checks (every id of the catalog; unknown ids and lists that
// enable nothing are errors, exit 2) and honour NOLINT on the finding's user line, as
// `check` does.
// RUN: %bindir/interlock-c++ %s -o %t
// RUN: not %interlock run --format json -- %t 2>/dev/null | FileCheck %s --check-prefix=FOUND --implicit-check-not='"check"'
// RUN: %interlock run --checks='interlock-*,-interlock-tsan-data-race' -- %t 2>/dev/null | count 0
// RUN: %python %S/../tools/interlock/Inputs/status.py 2 %interlock run --checks=interlock-data-race -- %t 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// RUN: %python %S/../tools/interlock/Inputs/status.py 2 %interlock run --checks='-*' -- %t 2>&1 | FileCheck %s --check-prefix=NONE
// RUN: not %interlock stress --runs 2 --jobs 1 --seed 1 --strategy random --format json -- %t 2>/dev/null | FileCheck %s --check-prefix=FOUND --implicit-check-not='"check"'
// RUN: %interlock stress --runs 2 --jobs 1 --seed 1 --strategy random --checks='interlock-*,-interlock-tsan-*' -- %t 2>/dev/null | count 0
// RUN: %python %S/../tools/interlock/Inputs/status.py 2 %interlock stress --runs 2 --checks=interlock-data-race -- %t 2>&1 | FileCheck %s --check-prefix=UNKNOWN
#include <thread>

int Quiet, Loud;

void quiet() {
  Quiet++; // NOLINT(interlock-tsan-data-race)
}
void loud() { Loud++; }

int main() {
  std::thread T(quiet);
  Quiet++; // NOLINT
  T.join();
  std::thread U(loud);
  Loud++;
  U.join();
}
// FOUND:      "check": "interlock-tsan-data-race"
// FOUND:      "file": "{{.*}}checks-nolint.cpp"
// FOUND-NEXT: "fingerprint":
// FOUND-NEXT: "line": 19
// UNKNOWN: error: --checks: unknown check 'interlock-data-race' (--list-checks lists them)
// NONE: error: --checks: '-*' enables no check
