// Reader-writer locks are modelled: readers share, writers exclude, try-locks never
// wait; no schedule hangs and the invariant holds.
// RUN: %bindir/interlock-c++ -std=c++20 %s -o %t
// RUN: %interlock stress --runs 10 --seed 3 --strategy random -- %t 2>&1 | FileCheck %s
// CHECK: 10 runs in {{.*}} 0 distinct finding(s)
#include <cassert>
#include <mutex>
#include <shared_mutex>
#include <thread>

std::shared_mutex L;
int A, B; // a writer keeps A == B

void reader() {
  for (int I = 0; I < 10; ++I) {
    std::shared_lock<std::shared_mutex> G(L);
    assert(A == B);
  }
}
void writer() {
  for (int I = 0; I < 10; ++I) {
    if (L.try_lock()) {
      ++A, ++B;
      L.unlock();
    }
    std::unique_lock<std::shared_mutex> G(L);
    ++A;
    std::this_thread::yield();
    ++B;
  }
}

int main() {
  std::thread R1(reader), R2(reader), W(writer);
  R1.join();
  R2.join();
  W.join();
}
