// LESSON: A sample for scoring.
// RUN: exit0
#include <condition_variable>
#include <mutex>
#include <thread>
int shared = 0;
std::mutex mu;
std::condition_variable cv;
void f() {
  shared = 1; // EXPECT: data-race
  std::unique_lock<std::mutex> lk(mu);
  cv.wait(lk); // EXPECT: cv-wait-without-predicate
}
int main() {
  std::thread t(f); // EXPECT: missing-join
  int v = shared; // EXPECT: data-race
  (void)v;
  t.detach();
}
