// LESSON: Detaching does not extend lifetimes. startReporter() detaches a thread that captures
//   a local by reference and returns at once; when the thread later reads the local, that
//   stack frame is gone (use after return). The thread only reads and main waits for it, so
//   the effect is harmless here, but the value read is garbage in general.
// RUN: exit0
#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>

static std::atomic<bool> reported{false}; // a flag orders nothing: the local is still gone

static void startReporter() {
  int reportEvery = 42;
  std::thread([&reportEvery] { // EXPECT: missing-join
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    int seen = reportEvery; // the frame that held reportEvery has been popped by now
    std::printf("reporter read a dead local (%s)\n", seen == 42 ? "still 42 by luck" : "garbage");
    std::fflush(stdout);
    reported.store(true, std::memory_order_relaxed);
  }).detach();
}

int main() {
  startReporter();
  while (!reported.load(std::memory_order_relaxed)) // main waits for the reporter
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  std::printf("main: done\n");
  return 0;
}
