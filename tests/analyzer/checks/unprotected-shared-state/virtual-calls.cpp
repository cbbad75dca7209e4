// Virtual calls (issue 12, item 2): a call through a base pointer or reference reaches
// the final overriders of the classes the program constructs. The typical thread shape:
// a `Thread` base whose static trampoline calls `this->run()`, started with
// pthread_create and `this` as the argument; the overrider runs in the new thread with
// `this` bound to the object started. Also a reference parameter, and an object made by
// std::make_unique. Look-alikes: an overrider of a class never constructed, a qualified
// call `Base::log()` (no dispatch), and a thread on another object than main's.
// RUN: not %interlock check --checks=-*,interlock-unprotected-shared-state %s -- -std=c++20 \
// RUN:   | FileCheck %s --implicit-check-not=warning:
#include <memory>
#include <pthread.h>

long never_made_runs, base_logs, derived_logs, made_runs;

class Thread {
public:
  virtual ~Thread() {}
  void start() { pthread_create(&tid_, nullptr, &Thread::trampoline, this); }
  void join() { pthread_join(tid_, nullptr); }

protected:
  virtual void run() = 0;

private:
  static void *trampoline(void *arg) {
    static_cast<Thread *>(arg)->run();
    return nullptr;
  }
  pthread_t tid_;
};

class Counter : public Thread {
public:
  long hits = 0;

protected:
  void run() override { hits++; }
  // CHECK: virtual-calls.cpp:[[@LINE-1]]:25: warning: data race on `hits`
};

// Silent: no NeverMade object exists, so its run() never runs.
class NeverMade : public Thread {
protected:
  void run() override { never_made_runs++; }
};

// Made by std::make_unique (its constructor is inside the standard library).
class Made : public Thread {
protected:
  void run() override { made_runs++; }
  // CHECK: virtual-calls.cpp:[[@LINE-1]]:25: warning: data race on `made_runs`
};

// Through a reference parameter, in a thread started by a plain function.
struct Shape {
  virtual ~Shape() {}
  virtual long area() = 0;
  virtual void log() { base_logs++; }
};
struct Square : Shape {
  long side = 2, calls = 0;
  long area() override {
    calls++;
    // CHECK: virtual-calls.cpp:[[@LINE-1]]:5: warning: data race on `calls`
    return side * side;
  }
  void log() override { derived_logs++; }
};
long measure(Shape &s) {
  s.Shape::log(); // qualified: Shape::log only, never Square::log
  return s.area();
}
void *measurer(void *p) {
  measure(*static_cast<Shape *>(p));
  return nullptr;
}

int main() {
  Counter c, idle;
  c.start();
  c.hits++;
  idle.hits++; // silent: no thread runs on `idle`
  c.join();

  auto m = std::make_unique<Made>();
  m->start();
  made_runs++;
  m->join();

  Square sq;
  pthread_t t;
  pthread_create(&t, nullptr, measurer, &sq);
  sq.calls++;
  derived_logs++;
  never_made_runs++;
  pthread_join(t, nullptr);
}
