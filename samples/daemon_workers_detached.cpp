// LESSON: Detached threads are like Python daemon threads: main does not wait for them, and
//   when main returns the process ends and takes them down mid-loop. They must only touch
//   state that outlives them (here: nothing but their own copies and stdout).
// RUN: exit0
// EXPECT-NONE
#include <chrono>
#include <cstdio>
#include <thread>

static void printer(const char *word, int periodMs) {
  for (int i = 0;; ++i) {
    std::printf("%s %d\n", word, i);
    std::fflush(stdout);
    std::this_thread::sleep_for(std::chrono::milliseconds(periodMs));
  }
}

int main() {
  std::thread(printer, "ping", 5).detach();
  std::thread(printer, "pong", 7).detach();
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  std::printf("main: done; the detached printers die with the process\n");
  std::fflush(stdout);
  return 0;
}
