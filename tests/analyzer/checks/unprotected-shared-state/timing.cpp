// May-happen-in-parallel: before a thread starts, after it is joined, threads started in
// loops (which race with themselves), spawn-join inside one iteration.
// RUN: not %interlock check --checks=-*,interlock-unprotected-shared-state %s -- -std=c++20 | FileCheck %s --implicit-check-not=warning:
#include <thread>
#include <vector>

int before, during, after;
void reader(int *out) { *out = before + during + after; }

// 1. Written before the start and after the join: silent. Written in between: a race.
void window() {
  int sink = 0;
  before = 1;
  std::thread t(reader, &sink);
  during = 2;
  t.join();
  after = 3;
}

// 2. A thread function started in a loop races with itself.
int jobs;
void work() { jobs++; }
void loopOfThreads() {
  std::vector<std::thread> pool;
  for (int i = 0; i < 4; ++i)
    pool.emplace_back(work);
  for (auto &t : pool)
    t.join();
}

// 3. Started twice from one function: also a race with itself.
int twiceCounter;
void twiceWork() { twiceCounter++; }
void startedTwice() {
  std::thread a(twiceWork);
  std::thread b(twiceWork);
  a.join();
  b.join();
}

// 4. Started and joined within each iteration: sequential, silent.
int serial;
void serialWork() { serial++; }
void oneAtATime() {
  for (int i = 0; i < 4; ++i) {
    std::thread t(serialWork);
    t.join();
  }
}

// 5. Two threads whose lifetimes do not overlap: silent.
int phase;
void phaseWork() { phase++; }
void phases() {
  std::thread a(phaseWork);
  a.join();
  std::thread b(phaseWork);
  b.join();
}

int main() {
  window();
  loopOfThreads();
  startedTwice();
  oneAtATime();
  phases();
}

// CHECK: timing.cpp:15:3: warning: data race on `during`: write without a lock conflicts with a read without a lock in another thread [interlock-unprotected-shared-state]
// CHECK: timing.cpp:8:41: note: conflicting read of `during` in a thread running `reader`
// CHECK: timing.cpp:22:15: warning: data race on `jobs`: write without a lock conflicts with a write without a lock in another instance of the same thread [interlock-unprotected-shared-state]
// CHECK: timing.cpp:22:15: note: conflicting write of `jobs` in a thread running `work`
// CHECK: timing.cpp:33:20: warning: data race on `twiceCounter`: write without a lock conflicts with a write without a lock in another thread [interlock-unprotected-shared-state]
// CHECK: timing.cpp:33:20: note: conflicting write of `twiceCounter` in a thread running `twiceWork`
