// Member functions started as threads (issue 12, item 2): `std::thread(&C::f, &obj)`,
// `std::thread(&C::f, this)`, std::async, std::jthread and a pointer to member held in a
// variable. The thread runs the method with `this` bound to the object passed.
// Look-alikes: the thread runs on another object than the one the caller writes, and a
// deferred std::async runs in the caller's thread.
// RUN: not %interlock check --checks=-*,interlock-unprotected-shared-state %s -- -std=c++20 \
// RUN:   | FileCheck %s --implicit-check-not=warning:
#include <future>
#include <thread>

struct ByPointer {
  long n = 0;
  void bump() { n++; }
  // CHECK: member-function-threads.cpp:[[@LINE-1]]:17: warning: data race on `n`
};
void byPointer() {
  ByPointer c;
  std::thread t(&ByPointer::bump, &c);
  c.n++;
  t.join();
}

struct OnThis {
  long n = 0;
  void bump() { n++; }
  // CHECK: member-function-threads.cpp:[[@LINE-1]]:17: warning: data race on `n`
  void start() {
    std::thread t(&OnThis::bump, this);
    n--;
    t.join();
  }
};

struct ByAsync {
  long n = 0;
  void bump() { n++; }
  // CHECK: member-function-threads.cpp:[[@LINE-1]]:17: warning: data race on `n`
};
void byAsync() {
  ByAsync c;
  auto f = std::async(std::launch::async, &ByAsync::bump, &c);
  c.n++;
  f.get();
}

struct ByJthread {
  long n = 0;
  void bump() { n++; }
  // CHECK: member-function-threads.cpp:[[@LINE-1]]:17: warning: data race on `n`
};
void byJthread() {
  ByJthread c;
  std::jthread t(&ByJthread::bump, &c);
  c.n++;
}

struct ByMemberPointer {
  long n = 0;
  void bump() { n++; }
  // CHECK: member-function-threads.cpp:[[@LINE-1]]:17: warning: data race on `n`
};
void byMemberPointer() {
  ByMemberPointer c;
  void (ByMemberPointer::*run)() = &ByMemberPointer::bump;
  std::thread t(run, &c);
  c.n++;
  t.join();
}

// Silent: the thread works on `a`, the caller on `b`.
struct Separate {
  long n = 0;
  void bump() { n++; }
};
void separate() {
  Separate a, b;
  std::thread t(&Separate::bump, &a);
  b.n++;
  t.join();
}

// Silent: a deferred task runs in the thread that calls get().
struct Deferred {
  long n = 0;
  void bump() { n++; }
};
void deferred() {
  Deferred c;
  auto f = std::async(std::launch::deferred, &Deferred::bump, &c);
  c.n++;
  f.get();
}

int main() {
  byPointer();
  OnThis o;
  o.start();
  byAsync();
  byJthread();
  byMemberPointer();
  separate();
  deferred();
}
