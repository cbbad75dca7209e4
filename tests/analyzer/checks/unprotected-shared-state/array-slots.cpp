// The per-thread slot idiom with std::thread (issue 12, item 3): `std::thread(worker, i)`
// and a lambda capturing the loop's `i` by copy, started in a loop, each write only
// their own slot; main reads them after joining. Look-alikes that must report: a
// lambda capturing `i` by reference (every thread may see the same, changing `i`), and
// a worker whose index is not its argument. (The by-reference capture also races on
// `i` itself.)
// RUN: not %interlock check --checks=-*,interlock-unprotected-shared-state %s -- -std=c++20 \
// RUN:   | FileCheck %s --implicit-check-not=warning:
#include <thread>
#include <vector>

constexpr int N = 4;
int slots[N], squares[N], shared_ref[N], rotated[N];

void worker(int id) { slots[id] = id; }

void rotate(int id) {
  int next = (id + 1) % N;
  rotated[next] = id;
  // CHECK: array-slots.cpp:[[@LINE-1]]:3: warning: data race on `rotated`: write without a lock conflicts with a write without a lock in another instance of the same thread; the element indices are computed and may differ
}

int main() {
  std::vector<std::thread> threads;
  for (int i = 0; i < N; ++i) {
    // CHECK: array-slots.cpp:[[@LINE-1]]:28: warning: data race on `i`: write without a lock conflicts with a read without a lock in another thread
    threads.emplace_back(worker, i);
    threads.emplace_back([i] { squares[i] = i * i; });
    threads.emplace_back([&i] { shared_ref[i] = 1; });
    // CHECK: array-slots.cpp:[[@LINE-1]]:33: warning: data race on `shared_ref`: write without a lock conflicts with a write without a lock in another instance of the same thread; the element indices are computed and may differ
    threads.emplace_back(rotate, i);
  }
  for (std::thread &t : threads)
    t.join();
  int sum = 0;
  for (int i = 0; i < N; ++i)
    sum += slots[i] + squares[i] + shared_ref[i] + rotated[i];
  return sum;
}
