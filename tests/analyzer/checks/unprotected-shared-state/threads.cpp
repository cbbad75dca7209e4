// How state reaches threads: lambda captures, std::ref, pointers, pthread_create's
// argument, std::async, std::jthread; and what stays private.
// RUN: not %interlock check --checks=-*,interlock-unprotected-shared-state %s -- -std=c++20 | FileCheck %s --implicit-check-not=warning:
#include <functional>
#include <future>
#include <pthread.h>
#include <thread>

// 1. Captured by reference, written by both.
void byReference() {
  int hits = 0;
  std::thread t([&hits] { hits++; });
  hits++;
  t.join();
}

// 2. Captured by value: each has its own copy.
void byValue() {
  int hits = 0;
  std::thread t([hits]() mutable { hits++; });
  hits++;
  t.join();
}

// 3. std::ref into a function's reference parameter.
void addInto(long &total) { total += 2; }
void viaStdRef() {
  long total = 0;
  std::thread t(addInto, std::ref(total));
  total += 1;
  t.join();
}

// 4. A pointer argument.
void bumpThrough(int *p) { (*p)++; }
void viaPointer() {
  int n = 0;
  std::thread t(bumpThrough, &n);
  n = 5;
  t.join();
}

// 5. pthread_create's void* argument.
void *worker(void *arg) {
  int *count = static_cast<int *>(arg);
  *count += 1;
  return nullptr;
}
void viaPthread() {
  int count = 0;
  pthread_t tid;
  pthread_create(&tid, nullptr, worker, &count);
  count += 1;
  pthread_join(tid, nullptr);
}

// 6. std::async with launch::async; get() joins.
void viaAsync() {
  int result = 0;
  auto f = std::async(std::launch::async, [&result] { result = 1; });
  result = 2;
  f.get();
  result = 3; // after get(): not a race
}

// 7. std::jthread joins when it goes out of scope.
void viaJthread() {
  int n = 0;
  {
    std::jthread t([&n] { n++; });
    n++;
  }
  n = 10; // after the jthread's scope: joined
}

// 8. A local of the thread function: private.
void privateWork() {
  int local = 0;
  for (int i = 0; i < 10; ++i)
    local += i;
}
void privateLocals() {
  std::thread a(privateWork), b(privateWork);
  a.join();
  b.join();
}

// 9. Each thread gets its own object: no sharing.
struct Acc {
  int sum = 0;
  void add() { sum++; }
};
void ownObject() {
  Acc x, y;
  std::thread a([&x] { x.add(); }), b([&y] { y.add(); });
  a.join();
  b.join();
}

// 10. Passed by value (copied into the thread): not shared.
void takesCopy(int v) { v++; }
void copies() {
  int n = 1;
  std::thread t(takesCopy, n);
  n = 2;
  t.join();
}

int main() {
  byReference();
  byValue();
  viaStdRef();
  viaPointer();
  viaPthread();
  viaAsync();
  viaJthread();
  privateLocals();
  ownObject();
  copies();
}

// CHECK: threads.cpp:12:27: warning: data race on `hits`: write without a lock conflicts with a write without a lock in another thread [interlock-unprotected-shared-state]
// CHECK: threads.cpp:13:3: note: conflicting write of `hits` in the main thread
// CHECK: threads.cpp:26:29: warning: data race on `total`: write without a lock conflicts with a write without a lock in another thread [interlock-unprotected-shared-state]
// CHECK: threads.cpp:30:3: note: conflicting write of `total` in the main thread
// CHECK: threads.cpp:35:28: warning: data race on `n`: write without a lock conflicts with a write without a lock in another thread [interlock-unprotected-shared-state]
// CHECK: threads.cpp:39:3: note: conflicting write of `n` in the main thread
// CHECK: threads.cpp:46:3: warning: data race on `count`: write without a lock conflicts with a write without a lock in another thread [interlock-unprotected-shared-state]
// CHECK: threads.cpp:53:3: note: conflicting write of `count` in the main thread
// CHECK: threads.cpp:60:55: warning: data race on `result`: write without a lock conflicts with a write without a lock in another thread [interlock-unprotected-shared-state]
// CHECK: threads.cpp:61:3: note: conflicting write of `result` in the main thread
// CHECK: threads.cpp:70:27: warning: data race on `n`: write without a lock conflicts with a write without a lock in another thread [interlock-unprotected-shared-state]
// CHECK: threads.cpp:71:5: note: conflicting write of `n` in the main thread
