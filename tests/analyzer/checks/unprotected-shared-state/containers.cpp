// std containers: non-const member calls write the container, const ones read it.
// RUN: not %interlock check --checks=-*,interlock-unprotected-shared-state %s -- -std=c++20 | FileCheck %s --implicit-check-not=warning:
#include <map>
#include <mutex>
#include <queue>
#include <string>
#include <thread>
#include <vector>

std::mutex mu;

// 1. An unsynchronized queue.
std::queue<int> q;
void produce() { q.push(1); }
void consume() {
  if (!q.empty())
    q.pop();
}

// 2. A vector guarded on every use: silent.
std::vector<int> guarded;
void addGuarded() { std::lock_guard<std::mutex> lk(mu); guarded.push_back(1); }
size_t sizeGuarded() { std::lock_guard<std::mutex> lk(mu); return guarded.size(); }

// 3. size() without the lock races with push_back() under it.
std::vector<int> items;
void addItem() { std::lock_guard<std::mutex> lk(mu); items.push_back(1); }
size_t countItems() { return items.size(); }

// 4. Two readers of a const container: silent.
const std::vector<int> primes = {2, 3, 5, 7};
int firstPrime() { return primes.front() + static_cast<int>(primes.size()); }

// 5. map::operator[] inserts: a write.
std::map<std::string, int> counts;
void countWord() { counts["word"]++; }

int main() {
  std::thread a(produce), b(consume);
  a.join();
  b.join();
  std::thread c(addGuarded), d(sizeGuarded);
  c.join();
  d.join();
  std::thread e(addItem), f(countItems);
  e.join();
  f.join();
  std::thread g(firstPrime), h(firstPrime);
  g.join();
  h.join();
  std::thread i(countWord), j(countWord);
  i.join();
  j.join();
}

// One finding for `q`, its conflicting accesses as notes, the write first.
// CHECK: containers.cpp:14:18: warning: data race on `q`: write without a lock conflicts with a write without a lock in another thread [interlock-unprotected-shared-state]
// CHECK: containers.cpp:17:5: note: conflicting write of `q` in a thread running `consume`
// CHECK: containers.cpp:16:8: note: conflicting read of `q` in a thread running `consume`
// CHECK: containers.cpp:27:54: warning: data race on `items`: write under `mu` conflicts with a read without a lock in another thread; `items` is accessed under `mu` in 1 of 2 places [interlock-unprotected-shared-state]
// CHECK: containers.cpp:28:30: note: conflicting read of `items` in a thread running `countItems`
// CHECK: containers.cpp:36:20: warning: data race on `counts`: write without a lock conflicts with a write without a lock in another thread [interlock-unprotected-shared-state]
// CHECK: containers.cpp:36:20: note: conflicting write of `counts` in a thread running `countWord`
