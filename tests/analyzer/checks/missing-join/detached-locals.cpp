// A detached thread that uses a local of the function that started it.
// RUN: not %interlock check --checks=interlock-missing-join %s -- -std=c++20 \
// RUN:   | FileCheck %s --implicit-check-not=warning:
#include <functional>
#include <thread>

void use(int);
void useRef(int &);
void usePtr(int *);
int g_counter;

// 1. A lambda capturing a local by reference, detached at once.
void captureByRef() {
  int count = 42;
  std::thread([&count] { use(count); }).detach();
  // CHECK: detached-locals.cpp:[[@LINE-1]]:3: warning: detached thread uses local `count` of `captureByRef`, which may return before the thread is done [interlock-missing-join]
  // CHECK: detached-locals.cpp:[[@LINE-3]]:7: note: `count` declared here
}

// 2. Default capture by reference, named thread detached later.
void defaultCapture() {
  int total = 0;
  std::thread t([&] { total += 1; });
  // CHECK: detached-locals.cpp:[[@LINE-1]]:15: warning: detached thread uses local `total` of `defaultCapture`, which may return before the thread is done [interlock-missing-join]
  // CHECK: detached-locals.cpp:[[@LINE-3]]:7: note: `total` declared here
  t.detach();
}

// 3. std::ref to a local.
void byStdRef() {
  int value = 1;
  std::thread(useRef, std::ref(value)).detach();
  // CHECK: detached-locals.cpp:[[@LINE-1]]:3: warning: detached thread uses local `value` of `byStdRef`, which may return before the thread is done [interlock-missing-join]
  // CHECK: detached-locals.cpp:[[@LINE-3]]:7: note: `value` declared here
}

// 4. A pointer to a local.
void byPointer() {
  int slot = 0;
  std::thread(usePtr, &slot).detach();
  // CHECK: detached-locals.cpp:[[@LINE-1]]:3: warning: detached thread uses local `slot` of `byPointer`, which may return before the thread is done [interlock-missing-join]
  // CHECK: detached-locals.cpp:[[@LINE-3]]:7: note: `slot` declared here
}

// 5. A parameter is a local too.
void paramByRef(int budget) {
  std::thread([&budget] { use(budget); }).detach();
  // CHECK: detached-locals.cpp:[[@LINE-1]]:3: warning: detached thread uses local `budget` of `paramByRef`, which may return before the thread is done [interlock-missing-join]
  // CHECK: detached-locals.cpp:[[@LINE-3]]:21: note: `budget` declared here
}

// --- Silent look-alikes ---------------------------------------------------------------

// 6. Captured by copy.
void captureByCopy() {
  int count = 42;
  std::thread([count] { use(count); }).detach();
}

// 7. Only globals and statics.
void usesGlobals() {
  static int calls = 0;
  std::thread([] { g_counter += 1; calls += 1; }).detach();
}

// 8. Joined, not detached.
void joinedWithRef() {
  int total = 0;
  std::thread t([&] { total += 1; });
  t.join();
}

// 9. Detached from main: the process ends with main.
int main() {
  int local = 0;
  std::thread([&local] { use(local); }).detach();
  captureByRef();
  defaultCapture();
  byStdRef();
  byPointer();
  paramByRef(3);
  captureByCopy();
  usesGlobals();
  joinedWithRef();
}
