// A thread that outlives a local it captured by reference (the detached-thread lesson):
// the local's scope end is shown to ThreadSanitizer as a write, so the thread's read is
// reported as the missing join it is, at the thread's creation site. Threads joined, or
// waited for under a mutex, before the scope ends are silent, as are locals copied into
// the thread and heap memory. Each case runs in its own process: TSan reports one race
// per address, and sibling scopes reuse stack slots.
// RUN: %bindir/interlock-c++ %s -o %t
// RUN: not %interlock run -- %t function > %t.function 2>&1
// RUN: FileCheck %s --check-prefix=FUNCTION --implicit-check-not=warning: < %t.function
// RUN: not %interlock run -- %t loop > %t.loop 2>&1
// RUN: FileCheck %s --check-prefix=LOOP --implicit-check-not=warning: < %t.loop
// RUN: not %interlock run -- %t pthread > %t.pthread 2>&1
// RUN: FileCheck %s --check-prefix=PTHREAD --implicit-check-not=warning: < %t.pthread
// RUN: %interlock run -- %t clean > %t.clean 2>&1
// RUN: FileCheck %s --check-prefix=CLEAN --implicit-check-not=warning: < %t.clean
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <memory>
#include <mutex>
#include <pthread.h>
#include <thread>

// Atomic, so the stores that keep the reads alive do not race with each other.
std::atomic<int> Sink;
// Readers count themselves here (relaxed: no happens-before for TSan), so main waits
// until every read happened however loaded the machine is, without ordering it.
std::atomic<int> ReadsDone;

static void sleepMs(int Ms) { std::this_thread::sleep_for(std::chrono::milliseconds(Ms)); }

static void detachedReadsLocal() {
  int Local = 42;
  // FUNCTION: dead-local.cpp:[[@LINE+1]]:3: warning: thread T1 uses stack memory of main thread after a local there went out of scope in 'detachedReadsLocal': the thread was started here and not joined before then (read of size 4 at 0x{{[0-9a-f]+}}) [ThreadSanitizer] [interlock-missing-join]
  std::thread([&Local] {
    sleepMs(5);
    // FUNCTION: dead-local.cpp:[[@LINE+1]]:12: note: read of size 4 by thread T1 here
    Sink = Local;
    ReadsDone.fetch_add(1, std::memory_order_relaxed);
  }).detach();
  // FUNCTION: dead-local.cpp:[[@LINE+1]]:1: note: the local goes out of scope here
}
// FUNCTION: interlock run: {{.*}} 1 finding(s)

// One thread per iteration, each reading the loop body's local after that iteration.
// Both use the same stack slot and TSan reports an address once: the finding names
// whichever thread read first.
static void blockScopeInLoop() {
  for (int I = 0; I < 2; ++I) {
    int PerIteration = I;
    // LOOP: dead-local.cpp:[[@LINE+1]]:5: warning: thread [[READER:T[12]]] uses stack memory of main thread after a local there went out of scope in 'blockScopeInLoop': {{.*}} [interlock-missing-join]
    std::thread([&PerIteration] {
      sleepMs(5);
      // LOOP: dead-local.cpp:[[@LINE+1]]:14: note: read of size 4 by thread [[READER]] here
      Sink = PerIteration;
      ReadsDone.fetch_add(1, std::memory_order_relaxed);
    }).detach();
    // LOOP: dead-local.cpp:[[@LINE+1]]:3: note: the local goes out of scope here
  }
}
// LOOP: interlock run: {{.*}} 1 finding(s)

static void *readLater(void *Arg);

static void pthreadDetached() {
  long Local = 5;
  pthread_t T;
  // PTHREAD: dead-local.cpp:[[@LINE+1]]:3: warning: thread T1 uses stack memory of main thread after a local there went out of scope in 'pthreadDetached': {{.*}}(read of size 8 at 0x{{[0-9a-f]+}}) [ThreadSanitizer] [interlock-missing-join]
  pthread_create(&T, nullptr, readLater, &Local);
  pthread_detach(T);
  // PTHREAD-DAG: dead-local.cpp:[[@LINE+1]]:1: note: the local goes out of scope here
}

static void *readLater(void *Arg) {
  sleepMs(5);
  // PTHREAD-DAG: dead-local.cpp:[[@LINE+1]]:10: note: read of size 8 by thread T1 here
  Sink = *static_cast<long *>(Arg);
  ReadsDone.fetch_add(1, std::memory_order_relaxed);
  return nullptr;
}
// PTHREAD: interlock run: {{.*}} 1 finding(s)

static void joinedBeforeReturn() {
  int Local = 1;
  std::thread T([&Local] { Local += 1; });
  T.join();
}

static void waitedUnderMutex() {
  int Local = 7;
  std::mutex M;
  std::condition_variable Cv;
  bool Done = false;
  std::thread([&] {
    std::lock_guard<std::mutex> G(M);
    Local += 1;
    Done = true;
    Cv.notify_one();
  }).detach();
  std::unique_lock<std::mutex> L(M);
  Cv.wait(L, [&] { return Done; });
}

static void copiedAndHeap() {
  int Copied = 3;
  auto Shared = std::make_shared<int>(4);
  std::thread([Copied, Shared] {
    sleepMs(5);
    Sink = Copied + *Shared;
  }).detach();
}
// CLEAN: interlock run: {{.*}} 0 finding(s)

/// Runs F with its frame below anything main calls while it waits (sleepMs, TSan's
/// interceptors). Otherwise main may write the dead local's stack slot again before
/// the thread reads it, and if TSan's epoch for main moved on in between, TSan reports
/// the race against that later write, not the scope end (docs/runtime/detectors.md).
template <typename Fn> __attribute__((noinline)) void belowWaitingFrames(Fn F) {
  volatile char Pad[16384];
  Pad[0] = 0;
  F();
  Pad[sizeof(Pad) - 1] = 0; // keeps Pad, and so the deeper frame, in place
}

int main(int Argc, char **Argv) {
  const char *Case = Argc > 1 ? Argv[1] : "";
  int Readers = 0;
  if (!std::strcmp(Case, "function"))
    belowWaitingFrames(detachedReadsLocal), Readers = 1;
  if (!std::strcmp(Case, "loop"))
    belowWaitingFrames(blockScopeInLoop), Readers = 2;
  if (!std::strcmp(Case, "pthread"))
    belowWaitingFrames(pthreadDetached), Readers = 1;
  if (!std::strcmp(Case, "clean")) {
    joinedBeforeReturn();
    waitedUnderMutex();
    copiedAndHeap();
  }
  for (int Waited = 0; ReadsDone.load(std::memory_order_relaxed) < Readers && Waited < 5000;
       ++Waited)
    sleepMs(1);
  sleepMs(10); // let the copying thread finish too
  return 0;
}
