// std::function (issue 12, item 2): a callable stored in a std::function variable,
// member or parameter and later called (`f()`), or handed to std::thread, or queued in a
// pool (`std::deque<std::function<void()>>` pushed by submit(), popped and called by
// the workers: a job may run in several workers at once). Look-alikes: a job that locks,
// a std::function stored and never called, one called only by main, a lambda pushed
// into the queue (storing is not calling).
// RUN: not %interlock check --checks=-*,interlock-unprotected-shared-state %s -- -std=c++20 \
// RUN:   | FileCheck %s --implicit-check-not=warning:
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

long direct_hits, lambda_jobs, function_jobs, member_hits, param_hits;
long locked_jobs, stored_only, main_only;
std::mutex jobs_mu;

class Pool {
public:
  explicit Pool(int n) {
    for (int i = 0; i < n; ++i)
      workers_.emplace_back([this] { loop(); });
  }
  ~Pool() {
    {
      std::lock_guard<std::mutex> g(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    for (auto &t : workers_)
      t.join();
  }
  void submit(std::function<void()> job) {
    std::lock_guard<std::mutex> g(mu_);
    jobs_.push_back(std::move(job));
    cv_.notify_one();
  }

private:
  void loop() {
    for (;;) {
      std::function<void()> job;
      {
        std::unique_lock<std::mutex> lk(mu_);
        cv_.wait(lk, [this] { return stop_ || !jobs_.empty(); });
        if (stop_ && jobs_.empty())
          return;
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
      job();
    }
  }
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;
  std::vector<std::thread> workers_;
  bool stop_ = false;
};

void countJob() {
  function_jobs++;
  // CHECK: std-function.cpp:[[@LINE-1]]:3: warning: data race on `function_jobs`: write without a lock conflicts with a write without a lock in another instance of the same thread
}
void lockedJob() {
  std::lock_guard<std::mutex> g(jobs_mu);
  locked_jobs++; // silent: every instance holds jobs_mu
}

struct Holder {
  std::function<void()> cb;
  std::function<void()> unused;
};
void runIt(const std::function<void()> &f) { f(); }

int main() {
  std::function<void()> f = [] { direct_hits++; };
  // CHECK: std-function.cpp:[[@LINE-1]]:34: warning: data race on `direct_hits`
  std::thread t(f);
  direct_hits++;
  t.join();

  Pool p(4);
  p.submit([] { lambda_jobs++; });
  // CHECK: std-function.cpp:[[@LINE-1]]:17: warning: data race on `lambda_jobs`: write without a lock conflicts with a write without a lock in another instance of the same thread
  p.submit(countJob);
  p.submit(lockedJob);

  Holder h;
  h.cb = [] { member_hits++; };
  // CHECK: std-function.cpp:[[@LINE-1]]:15: warning: data race on `member_hits`
  h.unused = [] { stored_only++; };
  std::thread u([&h] { h.cb(); });
  member_hits++;
  stored_only++;

  std::thread w(runIt, [] { param_hits++; });
  // CHECK: std-function.cpp:[[@LINE-1]]:29: warning: data race on `param_hits`
  param_hits++;

  std::function<void()> here = [] { main_only++; };
  here(); // silent: called by main only
  main_only++;
  u.join();
  w.join();
}
