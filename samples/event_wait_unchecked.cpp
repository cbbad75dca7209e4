// LESSON: An Event whose wait() calls cv.wait() without checking the flag loses wake-ups: a
//   worker that reaches wait() after set() has already notified sleeps forever. Main sleeps
//   before set(), so usually every worker is already waiting, but not always.
// RUN: may-hang
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>
#include <vector>

class Event {
public:
  void set() {
    {
      std::lock_guard<std::mutex> lk(mu_);
      flag_ = true;
    }
    cv_.notify_all();
  }
  void wait() {
    std::unique_lock<std::mutex> lk(mu_);
    cv_.wait(lk); // EXPECT: cv-wait-without-predicate
  }

private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool flag_ = false; // written by set() but never consulted by wait(): that is the bug
};

int main() {
  Event go;
  std::vector<std::thread> workers;
  std::mutex printMu;
  for (int i = 0; i < 3; ++i)
    workers.emplace_back([&, i] {
      go.wait();
      std::lock_guard<std::mutex> lk(printMu);
      std::printf("worker %d started after the event\n", i);
    });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  go.set();
  for (auto &t : workers)
    t.join();
  std::printf("all workers ran\n");
  return 0;
}
