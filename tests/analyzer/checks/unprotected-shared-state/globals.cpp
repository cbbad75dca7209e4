// Globals, static members and static locals shared by threads; look-alikes that are not
// races (atomics, thread_local, read-only data, writes before start / after join,
// std::call_once).
// RUN: not %interlock check --checks=-*,interlock-unprotected-shared-state %s -- -std=c++20 | FileCheck %s --implicit-check-not=warning:
#include <atomic>
#include <mutex>
#include <thread>

// 1. A global written by two threads.
int counter;
void inc() { counter++; }
void dec() { counter--; }
void twoWriters() {
  std::thread a(inc), b(dec);
  a.join();
  b.join();
}

// 2. A static data member.
struct Stats {
  static long hits;
};
long Stats::hits = 0;
void hit() { Stats::hits += 1; }
void readHits(long *out) { *out = Stats::hits; }
void staticMember() {
  long seen = 0;
  std::thread a(hit);
  readHits(&seen);
  a.join();
}

// 3. A static local.
int *slot() {
  static int value = 0;
  value++;
  return &value;
}
void staticLocal() {
  std::thread a(slot), b(slot);
  a.join();
  b.join();
}

// 4. Not a race: std::atomic.
std::atomic<int> hitsAtomic;
void bump() { hitsAtomic++; hitsAtomic.fetch_add(1); }
void atomics() {
  std::thread a(bump), b(bump);
  a.join();
  b.join();
}

// 5. Not a race: thread_local.
thread_local int perThread;
void local() { perThread++; }
void threadLocals() {
  std::thread a(local), b(local);
  a.join();
  b.join();
}

// 6. Not a race: written before the threads start, only read after.
int config;
void useConfig(int *out) { *out = config; }
void readOnlyAfterStart() {
  config = 42;
  int x = 0, y = 0;
  std::thread a(useConfig, &x), b(useConfig, &y);
  a.join();
  b.join();
  config = 0; // after both joins
}

// 7. Not a race: initialization inside std::call_once.
std::once_flag once;
int table;
void init() {
  std::call_once(once, [] { table = 7; });
}
void onceOnly() {
  std::thread a(init), b(init);
  a.join();
  b.join();
}

int main() {
  twoWriters();
  staticMember();
  staticLocal();
  atomics();
  threadLocals();
  readOnlyAfterStart();
  onceOnly();
}

// CHECK: globals.cpp:11:14: warning: data race on `counter`: write without a lock conflicts with a write without a lock in another thread [interlock-unprotected-shared-state]
// CHECK: globals.cpp:12:14: note: conflicting write of `counter` in a thread running `dec`
// CHECK: globals.cpp:24:14: warning: data race on `hits`: write without a lock conflicts with a read without a lock in another thread [interlock-unprotected-shared-state]
// CHECK: globals.cpp:25:35: note: conflicting read of `hits` in the main thread
// CHECK: globals.cpp:36:3: warning: data race on `value`: write without a lock conflicts with a write without a lock in another thread [interlock-unprotected-shared-state]
// CHECK: globals.cpp:36:3: note: conflicting write of `value` in a thread running `slot`
