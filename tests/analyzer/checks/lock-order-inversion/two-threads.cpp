// Two threads take two locks in opposite orders.
// RUN: not %interlock check --checks=interlock-lock-order-inversion %s -- -std=c++20 \
// RUN:   | FileCheck %s --implicit-check-not=warning:
#include <mutex>
#include <pthread.h>
#include <shared_mutex>
#include <thread>

// 1. lock_guard in both orders.
std::mutex a1, b1;
void c1_ba() {
  std::lock_guard<std::mutex> y(b1);
  std::lock_guard<std::mutex> x(a1);
}
void c1_ab() {
  std::lock_guard<std::mutex> x(a1);
  std::lock_guard<std::mutex> y(b1);
}
// CHECK: two-threads.cpp:[[@LINE-2]]:31: warning: lock-order inversion: `b1` acquired while holding `a1`, and `a1` acquired while holding `b1` in another thread (potential deadlock) [interlock-lock-order-inversion]
// CHECK: two-threads.cpp:[[@LINE-4]]:31: note: `a1` acquired here
// CHECK: two-threads.cpp:[[@LINE-4]]:31: note: then `b1` acquired here while `a1` is held
// CHECK: two-threads.cpp:[[@LINE-10]]:31: note: `b1` acquired here
// CHECK: two-threads.cpp:[[@LINE-10]]:31: note: then `a1` acquired here while `b1` is held
void case1() {
  std::thread t1(c1_ab), t2(c1_ba);
  t1.join();
  t2.join();
}

// 2. Manual lock() / unlock().
std::mutex a2, b2;
void c2_ba() {
  b2.lock();
  a2.lock();
  a2.unlock();
  b2.unlock();
}
void c2_ab() {
  a2.lock();
  b2.lock();
  b2.unlock();
  a2.unlock();
}
// CHECK: two-threads.cpp:[[@LINE-4]]:6: warning: lock-order inversion: `b2` acquired while holding `a2`, and `a2` acquired while holding `b2` in another thread (potential deadlock) [interlock-lock-order-inversion]
// CHECK: two-threads.cpp:[[@LINE-6]]:6: note: `a2` acquired here
// CHECK: two-threads.cpp:[[@LINE-6]]:6: note: then `b2` acquired here while `a2` is held
// CHECK: two-threads.cpp:[[@LINE-14]]:6: note: `b2` acquired here
// CHECK: two-threads.cpp:[[@LINE-14]]:6: note: then `a2` acquired here while `b2` is held
void case2() {
  std::thread t1(c2_ab), t2(c2_ba);
  t1.join();
  t2.join();
}

// 3. pthread mutexes.
pthread_mutex_t a3 = PTHREAD_MUTEX_INITIALIZER, b3 = PTHREAD_MUTEX_INITIALIZER;
void *c3_ba(void *) {
  pthread_mutex_lock(&b3);
  pthread_mutex_lock(&a3);
  pthread_mutex_unlock(&a3);
  pthread_mutex_unlock(&b3);
  return nullptr;
}
void *c3_ab(void *) {
  pthread_mutex_lock(&a3);
  pthread_mutex_lock(&b3);
  pthread_mutex_unlock(&b3);
  pthread_mutex_unlock(&a3);
  return nullptr;
}
// CHECK: two-threads.cpp:[[@LINE-5]]:3: warning: lock-order inversion: `b3` acquired while holding `a3`, and `a3` acquired while holding `b3` in another thread (potential deadlock) [interlock-lock-order-inversion]
// CHECK: two-threads.cpp:[[@LINE-7]]:3: note: `a3` acquired here
// CHECK: two-threads.cpp:[[@LINE-7]]:3: note: then `b3` acquired here while `a3` is held
// CHECK: two-threads.cpp:[[@LINE-16]]:3: note: `b3` acquired here
// CHECK: two-threads.cpp:[[@LINE-16]]:3: note: then `a3` acquired here while `b3` is held
void case3() {
  pthread_t t1, t2;
  pthread_create(&t1, nullptr, c3_ab, nullptr);
  pthread_create(&t2, nullptr, c3_ba, nullptr);
  pthread_join(t1, nullptr);
  pthread_join(t2, nullptr);
}

// 4. unique_lock outside, lock_guard inside.
std::mutex a4, b4;
void c4_ba() {
  std::unique_lock<std::mutex> y(b4);
  std::lock_guard<std::mutex> x(a4);
}
void c4_ab() {
  std::unique_lock<std::mutex> x(a4);
  std::lock_guard<std::mutex> y(b4);
}
// CHECK: two-threads.cpp:[[@LINE-2]]:31: warning: lock-order inversion: `b4` acquired while holding `a4`, and `a4` acquired while holding `b4` in another thread (potential deadlock) [interlock-lock-order-inversion]
// CHECK: two-threads.cpp:[[@LINE-4]]:32: note: `a4` acquired here
// CHECK: two-threads.cpp:[[@LINE-4]]:31: note: then `b4` acquired here while `a4` is held
// CHECK: two-threads.cpp:[[@LINE-10]]:32: note: `b4` acquired here
// CHECK: two-threads.cpp:[[@LINE-10]]:31: note: then `a4` acquired here while `b4` is held
void case4() {
  std::thread t1(c4_ab), t2(c4_ba);
  t1.join();
  t2.join();
}

// 5. The main thread takes one order while a spawned thread takes the other.
std::mutex a5, b5;
void c5_ba() {
  std::lock_guard<std::mutex> y(b5);
  std::lock_guard<std::mutex> x(a5);
}
void case5() {
  std::thread t(c5_ba);
  {
    std::lock_guard<std::mutex> x(a5);
    std::lock_guard<std::mutex> y(b5);
  }
  // CHECK: two-threads.cpp:[[@LINE-2]]:33: warning: lock-order inversion: `b5` acquired while holding `a5`, and `a5` acquired while holding `b5` in another thread (potential deadlock) [interlock-lock-order-inversion]
  // CHECK: two-threads.cpp:[[@LINE-4]]:33: note: `a5` acquired here
  // CHECK: two-threads.cpp:[[@LINE-4]]:33: note: then `b5` acquired here while `a5` is held
  // CHECK: two-threads.cpp:[[@LINE-12]]:31: note: `b5` acquired here
  // CHECK: two-threads.cpp:[[@LINE-12]]:31: note: then `a5` acquired here while `b5` is held
  t.join();
}

// 6. Exclusive locks of shared mutexes.
std::shared_mutex a6, b6;
void c6_ba() {
  std::unique_lock<std::shared_mutex> y(b6);
  std::unique_lock<std::shared_mutex> x(a6);
}
void c6_ab() {
  std::unique_lock<std::shared_mutex> x(a6);
  std::unique_lock<std::shared_mutex> y(b6);
}
// CHECK: two-threads.cpp:[[@LINE-2]]:39: warning: lock-order inversion: `b6` acquired while holding `a6`, and `a6` acquired while holding `b6` in another thread (potential deadlock) [interlock-lock-order-inversion]
// CHECK: two-threads.cpp:[[@LINE-4]]:39: note: `a6` acquired here
// CHECK: two-threads.cpp:[[@LINE-4]]:39: note: then `b6` acquired here while `a6` is held
// CHECK: two-threads.cpp:[[@LINE-10]]:39: note: `b6` acquired here
// CHECK: two-threads.cpp:[[@LINE-10]]:39: note: then `a6` acquired here while `b6` is held
void case6() {
  std::thread t1(c6_ab), t2(c6_ba);
  t1.join();
  t2.join();
}

// 7. A gate lock on one side only does not help.
std::mutex a7, b7, gate7;
void c7_ba() {
  std::lock_guard<std::mutex> y(b7);
  std::lock_guard<std::mutex> x(a7);
}
void c7_ab() {
  std::lock_guard<std::mutex> g(gate7);
  std::lock_guard<std::mutex> x(a7);
  std::lock_guard<std::mutex> y(b7);
}
// CHECK: two-threads.cpp:[[@LINE-2]]:31: warning: lock-order inversion: `b7` acquired while holding `a7`, and `a7` acquired while holding `b7` in another thread (potential deadlock) [interlock-lock-order-inversion]
// CHECK: two-threads.cpp:[[@LINE-4]]:31: note: `a7` acquired here
// CHECK: two-threads.cpp:[[@LINE-4]]:31: note: then `b7` acquired here while `a7` is held
// CHECK: two-threads.cpp:[[@LINE-11]]:31: note: `b7` acquired here
// CHECK: two-threads.cpp:[[@LINE-11]]:31: note: then `a7` acquired here while `b7` is held
void case7() {
  std::thread t1(c7_ab), t2(c7_ba);
  t1.join();
  t2.join();
}

// 8. One worker function started twice takes either order depending on its argument.
std::mutex a8, b8;
void c8_worker(bool flip) {
  if (flip) {
    std::lock_guard<std::mutex> y(b8);
    std::lock_guard<std::mutex> x(a8);
  } else {
    std::lock_guard<std::mutex> x(a8);
    std::lock_guard<std::mutex> y(b8);
  }
  // CHECK: two-threads.cpp:[[@LINE-2]]:33: warning: lock-order inversion: `b8` acquired while holding `a8`, and `a8` acquired while holding `b8` in another thread (potential deadlock) [interlock-lock-order-inversion]
  // CHECK: two-threads.cpp:[[@LINE-4]]:33: note: `a8` acquired here
  // CHECK: two-threads.cpp:[[@LINE-4]]:33: note: then `b8` acquired here while `a8` is held
  // CHECK: two-threads.cpp:[[@LINE-9]]:33: note: `b8` acquired here
  // CHECK: two-threads.cpp:[[@LINE-9]]:33: note: then `a8` acquired here while `b8` is held
}
void case8() {
  std::thread t1(c8_worker, false), t2(c8_worker, true);
  t1.join();
  t2.join();
}

int main() {
  case1();
  case2();
  case3();
  case4();
  case5();
  case6();
  case7();
  case8();
}
