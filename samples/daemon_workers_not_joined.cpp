// LESSON: A std::thread that is still joinable when it is destroyed calls std::terminate.
//   Unlike Python daemon threads, the printers below are neither joined nor detached, so
//   leaving main's scope aborts the whole program.
// RUN: aborts
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
  std::thread ping(printer, "ping", 5); // EXPECT: missing-join
  std::thread pong(printer, "pong", 7); // EXPECT: missing-join
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  std::printf("main: leaving scope with joinable threads -> std::terminate\n");
  std::fflush(stdout);
  return 0;
}
