// std::latch and std::barrier as ordering points (issue 12, item 4): results written
// before count_down() are read safely after wait(); a std::barrier passed once by every
// participant orders the two phases. Look-alikes that must report: a write after
// count_down (the waiter may already run), and a std::barrier passed in a loop (the
// passes cannot be counted statically).
// RUN: not %interlock check --checks=-*,interlock-unprotected-shared-state %s -- -std=c++20 \
// RUN:   | FileCheck %s --implicit-check-not=warning:
#include <barrier>
#include <latch>
#include <thread>

int before_count_down, after_count_down, phase_one, looped;

int main() {
  std::latch done(2);
  std::thread producer([&] {
    before_count_down = 1;
    done.count_down();
    after_count_down = 1;
    // CHECK: latch.cpp:[[@LINE-1]]:5: warning: data race on `after_count_down`: write without a lock conflicts with a read without a lock in another thread
  });
  std::thread helper([&] { done.arrive_and_wait(); });
  done.wait();
  int seen = before_count_down + after_count_down;

  std::barrier sync(2);
  std::thread stepper([&] {
    phase_one = 1;
    sync.arrive_and_wait();
  });
  sync.arrive_and_wait();
  seen += phase_one;

  std::barrier loop_sync(2);
  std::thread looper([&] {
    for (int i = 0; i < 3; ++i) {
      looped = i;
      // CHECK: latch.cpp:[[@LINE-1]]:7: warning: data race on `looped`: write without a lock conflicts with a read without a lock in another thread
      loop_sync.arrive_and_wait();
    }
  });
  for (int i = 0; i < 3; ++i) {
    loop_sync.arrive_and_wait();
    seen += looped;
  }
  producer.join();
  helper.join();
  stepper.join();
  looper.join();
  return seen;
}
