// Waits without a predicate that no loop re-checks.
// RUN: not %interlock check --checks=interlock-cv-wait-without-predicate %s -- -std=c++20 \
// RUN:   | FileCheck %s --implicit-check-not=warning:
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <pthread.h>

std::mutex mu;
std::condition_variable cv;
std::condition_variable_any cva;
pthread_mutex_t pm = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t pc = PTHREAD_COND_INITIALIZER;
bool ready;
int items;

// 1. Checked once with `if`.
void ifThenWait() {
  std::unique_lock<std::mutex> lk(mu);
  if (!ready)
    cv.wait(lk);
  // CHECK: waits.cpp:[[@LINE-1]]:5: warning: `cv.wait` has no predicate and is not in a loop that re-checks the condition: spurious wake-ups and notifications sent before the wait are missed [interlock-cv-wait-without-predicate]
  items -= 1;
}

// 2. Not checked at all.
class Event {
public:
  void wait() {
    std::unique_lock<std::mutex> lk(mu_);
    cv_.wait(lk);
    // CHECK: waits.cpp:[[@LINE-1]]:5: warning: `cv_.wait` has no predicate and is not in a loop that re-checks the condition: spurious wake-ups and notifications sent before the wait are missed [interlock-cv-wait-without-predicate]
  }

private:
  std::mutex mu_;
  std::condition_variable cv_;
};

// 3. A counting loop around an `if`: the loop does not re-check the condition.
void countingLoop() {
  for (int i = 0; i < 10; ++i) {
    std::unique_lock<std::mutex> lk(mu);
    if (items == 0)
      cv.wait(lk);
    // CHECK: waits.cpp:[[@LINE-1]]:7: warning: `cv.wait` has no predicate and is not in a loop that re-checks the condition: spurious wake-ups and notifications sent before the wait are missed [interlock-cv-wait-without-predicate]
    items -= 1;
  }
}

// 4. wait_for without a predicate.
void waitFor() {
  std::unique_lock<std::mutex> lk(mu);
  cv.wait_for(lk, std::chrono::milliseconds(10));
  // CHECK: waits.cpp:[[@LINE-1]]:3: warning: `cv.wait_for` has no predicate and is not in a loop that re-checks the condition: spurious wake-ups and notifications sent before the wait are missed [interlock-cv-wait-without-predicate]
}

// 5. wait_until without a predicate.
void waitUntil() {
  std::unique_lock<std::mutex> lk(mu);
  cv.wait_until(lk, std::chrono::steady_clock::now() + std::chrono::seconds(1));
  // CHECK: waits.cpp:[[@LINE-1]]:3: warning: `cv.wait_until` has no predicate and is not in a loop that re-checks the condition: spurious wake-ups and notifications sent before the wait are missed [interlock-cv-wait-without-predicate]
}

// 6. condition_variable_any.
void anyWait() {
  std::unique_lock<std::mutex> lk(mu);
  if (!ready)
    cva.wait(lk);
  // CHECK: waits.cpp:[[@LINE-1]]:5: warning: `cva.wait` has no predicate and is not in a loop that re-checks the condition: spurious wake-ups and notifications sent before the wait are missed [interlock-cv-wait-without-predicate]
}

// 7. pthread_cond_wait under an `if`.
void pthreadIf() {
  pthread_mutex_lock(&pm);
  if (!ready)
    pthread_cond_wait(&pc, &pm);
  // CHECK: waits.cpp:[[@LINE-1]]:5: warning: `pthread_cond_wait` is not in a loop that re-checks the condition: spurious wake-ups and notifications sent before the wait are missed [interlock-cv-wait-without-predicate]
  pthread_mutex_unlock(&pm);
}

// 8. pthread_cond_timedwait with no loop.
void pthreadTimed(const timespec *deadline) {
  pthread_mutex_lock(&pm);
  pthread_cond_timedwait(&pc, &pm, deadline);
  // CHECK: waits.cpp:[[@LINE-1]]:3: warning: `pthread_cond_timedwait` is not in a loop that re-checks the condition: spurious wake-ups and notifications sent before the wait are missed [interlock-cv-wait-without-predicate]
  pthread_mutex_unlock(&pm);
}

// 9. A while loop over a local retry counter only.
void retryCounter() {
  std::unique_lock<std::mutex> lk(mu);
  int tries = 0;
  while (tries++ < 3)
    cv.wait(lk);
  // CHECK: waits.cpp:[[@LINE-1]]:5: warning: `cv.wait` has no predicate and is not in a loop that re-checks the condition: spurious wake-ups and notifications sent before the wait are missed [interlock-cv-wait-without-predicate]
}

// 10. A do-while over a local.
void doWhileLocal(int n) {
  std::unique_lock<std::mutex> lk(mu);
  int i = 0;
  do {
    cv.wait(lk);
    // CHECK: waits.cpp:[[@LINE-1]]:5: warning: `cv.wait` has no predicate and is not in a loop that re-checks the condition: spurious wake-ups and notifications sent before the wait are missed [interlock-cv-wait-without-predicate]
  } while (++i < n);
}

// 11. An endless loop left unconditionally after one wait.
void breakAfterWait() {
  std::unique_lock<std::mutex> lk(mu);
  for (;;) {
    cv.wait(lk);
    // CHECK: waits.cpp:[[@LINE-1]]:5: warning: `cv.wait` has no predicate and is not in a loop that re-checks the condition: spurious wake-ups and notifications sent before the wait are missed [interlock-cv-wait-without-predicate]
    break;
  }
}

// 12. Inside a lambda.
void inLambda() {
  auto waitOnce = [] {
    std::unique_lock<std::mutex> lk(mu);
    cv.wait(lk);
    // CHECK: waits.cpp:[[@LINE-1]]:5: warning: `cv.wait` has no predicate and is not in a loop that re-checks the condition: spurious wake-ups and notifications sent before the wait are missed [interlock-cv-wait-without-predicate]
  };
  waitOnce();
}

int main() {
  ifThenWait();
  Event e;
  e.wait();
  countingLoop();
  waitFor();
  waitUntil();
  anyWait();
  pthreadIf();
  pthreadTimed(nullptr);
  retryCounter();
  doWhileLocal(2);
  breakAfterWait();
  inLambda();
}
