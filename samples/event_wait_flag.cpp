// LESSON: An Event is a flag plus a mutex and a condition variable. wait() checks the flag in
//   a loop under the mutex, so a set() that happens before wait() is never lost and a
//   spurious wake-up goes back to sleep.
// RUN: exit0
// EXPECT-NONE
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
    while (!flag_)
      cv_.wait(lk); // re-checks flag_ after every wake-up
  }

private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool flag_ = false;
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
  std::this_thread::sleep_for(std::chrono::milliseconds(10));
  go.set();
  for (auto &t : workers)
    t.join();
  std::printf("all workers ran\n");
  return 0;
}
