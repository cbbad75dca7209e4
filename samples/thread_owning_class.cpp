// LESSON: A class can own its thread: start() launches run() on a member std::thread and
//   join() waits for it, so the thread never outlives the object that holds its state.
// RUN: exit0
// EXPECT-NONE
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <utility>

class Worker {
public:
  explicit Worker(std::string name, int steps) : name_(std::move(name)), steps_(steps) {}
  Worker(const Worker &) = delete;
  Worker &operator=(const Worker &) = delete;
  ~Worker() {
    if (thread_.joinable())
      thread_.join(); // never leave a joinable thread behind
  }

  void start() { thread_ = std::thread(&Worker::run, this); }
  void join() { thread_.join(); }
  // Only read after join(), which orders the thread's writes before this read.
  int result() const { return result_; }

private:
  void run() {
    for (int i = 1; i <= steps_; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      result_ += i;
    }
  }

  std::string name_;
  int steps_;
  int result_ = 0;
  std::thread thread_;
};

int main() {
  Worker a("a", 10), b("b", 20);
  a.start();
  b.start();
  a.join();
  b.join();
  std::printf("worker a summed 1..10 = %d (expected 55)\n", a.result());
  std::printf("worker b summed 1..20 = %d (expected 210)\n", b.result());
  return 0;
}
