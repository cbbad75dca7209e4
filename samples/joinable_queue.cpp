// LESSON: A joinable queue (Python's queue.Queue with task_done/join) counts unfinished
//   tasks: consumers call task_done() after each item, and the producer's join() waits until
//   every item put has been processed, not merely taken.
// RUN: exit0
// EXPECT-NONE
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <optional>
#include <queue>
#include <thread>
#include <vector>

class JoinableQueue {
public:
  void put(int item) {
    {
      std::lock_guard<std::mutex> lk(mu_);
      items_.push(item);
      ++unfinished_;
    }
    notEmpty_.notify_one();
  }
  // Returns std::nullopt once close() was called and the queue is drained.
  std::optional<int> get() {
    std::unique_lock<std::mutex> lk(mu_);
    notEmpty_.wait(lk, [this] { return closed_ || !items_.empty(); });
    if (items_.empty())
      return std::nullopt;
    int item = items_.front();
    items_.pop();
    return item;
  }
  void taskDone() {
    std::lock_guard<std::mutex> lk(mu_);
    if (--unfinished_ == 0)
      allDone_.notify_all();
  }
  void join() {
    std::unique_lock<std::mutex> lk(mu_);
    allDone_.wait(lk, [this] { return unfinished_ == 0; });
  }
  void close() {
    {
      std::lock_guard<std::mutex> lk(mu_);
      closed_ = true;
    }
    notEmpty_.notify_all();
  }

private:
  std::mutex mu_;
  std::condition_variable notEmpty_, allDone_;
  std::queue<int> items_;
  int unfinished_ = 0;
  bool closed_ = false;
};

int main() {
  JoinableQueue q;
  std::mutex resultMu;
  long processed = 0;
  std::vector<std::thread> consumers;
  for (int c = 0; c < 3; ++c)
    consumers.emplace_back([&] {
      while (auto item = q.get()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(2)); // "work"
        {
          std::lock_guard<std::mutex> lk(resultMu);
          processed += *item;
        }
        q.taskDone();
      }
    });
  for (int i = 1; i <= 20; ++i)
    q.put(i);
  q.join(); // every item is processed here, not just dequeued
  long atJoin;
  {
    std::lock_guard<std::mutex> lk(resultMu);
    atJoin = processed;
  }
  std::printf("after join(): processed sum %ld (expected 210)\n", atJoin);
  q.close();
  for (auto &t : consumers)
    t.join();
  return 0;
}
