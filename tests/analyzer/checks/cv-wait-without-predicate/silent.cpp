// Waits with a predicate or in a loop that re-checks shared state: the check stays silent.
// RUN: %interlock check --checks=interlock-cv-wait-without-predicate %s -- -std=c++20 \
// RUN:   | FileCheck %s --allow-empty --implicit-check-not=warning:
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <pthread.h>
#include <queue>

std::mutex mu;
std::condition_variable cv;
std::condition_variable_any cva;
pthread_mutex_t pm = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t pc = PTHREAD_COND_INITIALIZER;
bool ready;
std::queue<int> q;
std::atomic<bool> stop;
bool isReady();

// 13. A predicate.
void withPredicate() {
  std::unique_lock<std::mutex> lk(mu);
  cv.wait(lk, [] { return ready; });
}

// 14. while (!flag) wait.
class Event {
public:
  void wait() {
    std::unique_lock<std::mutex> lk(mu_);
    while (!flag_)
      cv_.wait(lk);
  }

private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool flag_ = false;
};

// 15. do { wait } while (!ready).
void doWhileShared() {
  std::unique_lock<std::mutex> lk(mu);
  do {
    cv.wait(lk);
  } while (!ready);
}

// 16. for (;;) with a conditional break on shared state.
void foreverBreak() {
  std::unique_lock<std::mutex> lk(mu);
  for (;;) {
    if (ready)
      break;
    cv.wait(lk);
  }
}

// 17. wait_for with a predicate.
void waitForPredicate() {
  std::unique_lock<std::mutex> lk(mu);
  cv.wait_for(lk, std::chrono::milliseconds(10), [] { return ready; });
}

// 18. wait_until with a predicate.
void waitUntilPredicate() {
  std::unique_lock<std::mutex> lk(mu);
  cv.wait_until(lk, std::chrono::steady_clock::now() + std::chrono::seconds(1),
                [] { return ready; });
}

// 19. pthread_cond_wait in a while loop.
void pthreadLoop() {
  pthread_mutex_lock(&pm);
  while (!ready)
    pthread_cond_wait(&pc, &pm);
  pthread_mutex_unlock(&pm);
}

// 20. condition_variable_any with a predicate.
void anyPredicate() {
  std::unique_lock<std::mutex> lk(mu);
  cva.wait(lk, [] { return ready; });
}

// 21. The loop condition asks a container.
void queueEmpty() {
  std::unique_lock<std::mutex> lk(mu);
  while (q.empty())
    cv.wait(lk);
  q.pop();
}

// 22. The loop condition calls a function.
void callsInCondition() {
  std::unique_lock<std::mutex> lk(mu);
  while (!isReady())
    cv.wait(lk);
}

// 23. The loop condition reads through a pointer.
void throughPointer(const bool *flag) {
  std::unique_lock<std::mutex> lk(mu);
  while (!*flag)
    cv.wait(lk);
}

// 24. The loop condition reads a local reference to shared state.
void throughReference() {
  bool &r = ready;
  std::unique_lock<std::mutex> lk(mu);
  while (!r)
    cv.wait(lk);
}

// 25. wait_for in a loop that re-checks shared state.
void timedLoop() {
  std::unique_lock<std::mutex> lk(mu);
  while (!ready) {
    if (cv.wait_for(lk, std::chrono::milliseconds(5)) == std::cv_status::timeout)
      continue;
  }
}

// 26. for (;;) { wait; if (ready) return; }.
void returnAfterCheck() {
  std::unique_lock<std::mutex> lk(mu);
  for (;;) {
    cv.wait(lk);
    if (ready)
      return;
  }
}

// 27. An atomic stop flag in the loop condition.
void atomicFlag() {
  std::unique_lock<std::mutex> lk(mu);
  while (!stop.load())
    cv.wait(lk);
}

int main() {
  withPredicate();
  Event e;
  e.wait();
  doWhileShared();
  foreverBreak();
  waitForPredicate();
  waitUntilPredicate();
  pthreadLoop();
  anyPredicate();
  queueEmpty();
  callsInCondition();
  throughPointer(&ready);
  throughReference();
  timedLoop();
  returnAfterCheck();
  atomicFlag();
}
