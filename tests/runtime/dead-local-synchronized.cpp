// Threads that use a local of the function that started them are silent when that
// function waits for them in any way TSan sees: future::get, a latch, an acquire load
// of a release store, std::jthread's joining destructor, joins. (The scope-end write
// of the pass must never outrun real synchronization.)
// RUN: %bindir/interlock-c++ -std=c++20 %s -o %t
// RUN: %interlock run -- %t > %t.out 2>&1
// RUN: FileCheck %s --implicit-check-not=warning: < %t.out
// CHECK: interlock run: {{.*}} exited with status 0 {{.*}} 0 finding(s)
// The locals do get scope-end hooks, so the silence above is the synchronization's:
// RUN: env INTERLOCK_PASS_VERBOSE=1 %bindir/interlock-c++ -std=c++20 -c %s -o %t.o 2>&1 \
// RUN:   | FileCheck %s --check-prefix=HOOKS
// HOOKS-DAG: __interlock_frame_end of Local in
// HOOKS-DAG: __interlock_frame_end of Done in
// HOOKS-DAG: __interlock_frame_end of Ready in
// HOOKS-DAG: __interlock_frame_end of Data in
#include <atomic>
#include <future>
#include <latch>
#include <thread>
#include <vector>
std::atomic<int> Sink;

static void asyncGet() {
  int Local = 1;
  auto F = std::async(std::launch::async, [&Local] { return Local + 1; });
  Sink = F.get();
}
static void latchWait() {
  int Local = 2;
  std::latch Done(2);
  for (int I = 0; I < 2; ++I)
    std::thread([&] { Sink += Local; Done.count_down(); }).detach();
  Done.wait();
}
static void acquireRelease() {
  int Local = 3;
  std::atomic<bool> Ready{false};
  std::thread([&] { Sink += Local; Ready.store(true, std::memory_order_release); }).detach();
  while (!Ready.load(std::memory_order_acquire))
    std::this_thread::yield();
}
static void jthreadJoins() {
  int Local = 4;
  std::jthread T([&Local] { Sink += Local; });
}
static void poolOfThreads() {
  std::vector<int> Data(8, 1);
  std::vector<std::thread> Ts;
  for (int I = 0; I < 4; ++I)
    Ts.emplace_back([&Data, I] { Data[I] += I; });
  for (auto &T : Ts) T.join();
}
int main() {
  asyncGet(); latchWait(); acquireRelease(); jthreadJoins(); poolOfThreads();
  return 0;
}
