// Paths that end in a call that never returns (issue 11, item 7): `[[noreturn]]`
// functions and methods, and functions of the program that end in abort() or exit()
// without saying so. Nothing is held "at the return" through them.
// RUN: not %interlock check --checks=interlock-lock-leak %s -- -std=c++20 \
// RUN:   | FileCheck %s --implicit-check-not=warning:
// RUN: rm -rf %t && mkdir -p %t && not %interlock check --summaries %t \
// RUN:   --checks=interlock-lock-leak %s -- -std=c++20 > /dev/null
// RUN: %python -c "import glob, json; [print(f['name'], 'holds at exit:', [l[0] for l in f['heldAtExit'] if not l[0].startswith('E:')]) for p in glob.glob('%t/*.json') for f in json.load(open(p))['functions']]" \
// RUN:   | FileCheck %s --check-prefix=SUMMARY
#include <cstdio>
#include <cstdlib>
#include <mutex>

std::mutex m;
bool fail();
int balance;

// Ends in abort() but is not declared noreturn (a C-style die()).
void die(const char *msg) {
  std::fprintf(stderr, "%s\n", msg);
  std::abort();
}

// Calls die() last: never returns either.
void dieTwice(const char *msg) {
  std::fputs("fatal: ", stderr);
  die(msg);
}

class Log {
public:
  [[noreturn]] void fatal(const char *msg);
  // Ends in exit(), not declared noreturn.
  void bail(const char *msg) {
    std::puts(msg);
    std::exit(1);
  }
  // Returns: only warns.
  void warn(const char *msg) { std::puts(msg); }
};
Log lg;

// 1. `return -1` after die(), for compilers that do not know die() never returns: that
//    path never gets there. Silent.
int afterDie() {
  m.lock();
  if (fail()) {
    die("no");
    return -1;
  }
  balance += 1;
  m.unlock();
  return 0;
}

// 2. The same through two functions. Silent.
int afterDieTwice() {
  m.lock();
  if (fail()) {
    dieTwice("no");
    return -1;
  }
  m.unlock();
  return 0;
}

// 3. A method that ends in exit(). Silent.
int afterBail() {
  m.lock();
  if (fail()) {
    lg.bail("no");
    return -1;
  }
  m.unlock();
  return 0;
}

// 4. A [[noreturn]] method. Silent.
int afterFatal() {
  m.lock();
  if (fail()) {
    lg.fatal("no");
    return -1;
  }
  m.unlock();
  return 0;
}

// 5. Look-alike: warn() returns, so `return -1` leaves `m` held. Reported.
int afterWarn() {
  m.lock();
  // CHECK: noreturn.cpp:[[@LINE-1]]:5: warning: `m` locked here may still be held when `afterWarn` returns [interlock-lock-leak]
  if (fail()) {
    lg.warn("no");
    return -1;
    // CHECK: noreturn.cpp:[[@LINE-1]]:5: note: returning here with `m` held
  }
  m.unlock();
  return 0;
}

// 6. Returns holding `m` on every path that returns: a lock() wrapper whose failure path
//    dies. Silent, and `m` is held at its exit (the failure path used to empty it).
void lockOrDie() {
  if (fail())
    die("cannot lock");
  m.lock();
}
// SUMMARY-DAG: lockOrDie holds at exit: ['G:m']
// SUMMARY-DAG: afterDie holds at exit: []

// 7. A function that may return (a `return` before the abort) is not a noreturn one:
//    after it, the path goes on, and `return -1` leaves `m` held. Reported.
void maybeDie(const char *msg) {
  if (!msg)
    return;
  std::abort();
}
int afterMaybeDie() {
  m.lock();
  // CHECK: noreturn.cpp:[[@LINE-1]]:5: warning: `m` locked here may still be held when `afterMaybeDie` returns [interlock-lock-leak]
  if (fail()) {
    maybeDie("no");
    return -1;
    // CHECK: noreturn.cpp:[[@LINE-1]]:5: note: returning here with `m` held
  }
  m.unlock();
  return 0;
}

int main() {
  afterDie();
  afterDieTwice();
  afterBail();
  afterFatal();
  afterWarn();
  lockOrDie();
  m.unlock();
  afterMaybeDie();
}
