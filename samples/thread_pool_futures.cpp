// LESSON: A thread pool is a fixed set of workers taking tasks from a queue guarded by one
//   mutex and a condition variable; submit() returns a std::future for each task's result.
// RUN: exit0
// EXPECT-NONE
#include <condition_variable>
#include <cstdio>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <queue>
#include <thread>
#include <vector>

class ThreadPool {
public:
  explicit ThreadPool(unsigned n) {
    for (unsigned i = 0; i < n; ++i)
      workers_.emplace_back([this] { workerLoop(); });
  }
  ~ThreadPool() {
    {
      std::lock_guard<std::mutex> lk(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    for (auto &w : workers_)
      w.join();
  }

  template <class F> auto submit(F f) -> std::future<decltype(f())> {
    using R = decltype(f());
    auto task = std::make_shared<std::packaged_task<R()>>(std::move(f));
    std::future<R> result = task->get_future();
    {
      std::lock_guard<std::mutex> lk(mu_);
      tasks_.push([task] { (*task)(); });
    }
    cv_.notify_one();
    return result;
  }

private:
  void workerLoop() {
    for (;;) {
      std::function<void()> task;
      {
        std::unique_lock<std::mutex> lk(mu_);
        cv_.wait(lk, [this] { return stopping_ || !tasks_.empty(); });
        if (tasks_.empty())
          return; // stopping and nothing left to do
        task = std::move(tasks_.front());
        tasks_.pop();
      }
      task();
    }
  }

  std::mutex mu_;
  std::condition_variable cv_;
  std::queue<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

static long sumOfSquares(long from, long to) {
  long s = 0;
  for (long i = from; i <= to; ++i)
    s += i * i;
  return s;
}

int main() {
  ThreadPool pool(3);
  std::vector<std::future<long>> parts;
  for (long chunk = 0; chunk < 8; ++chunk)
    parts.push_back(pool.submit([chunk] { return sumOfSquares(chunk * 125 + 1, chunk * 125 + 125); }));
  long total = 0;
  for (auto &f : parts)
    total += f.get();
  std::printf("sum of squares 1..1000 = %ld (expected %ld)\n", total, sumOfSquares(1, 1000));
  return 0;
}
