// Threads owned by objects (members) and by containers.
// RUN: not %interlock check --checks=interlock-missing-join %s -- -std=c++20 \
// RUN:   | FileCheck %s --implicit-check-not=warning:
#include <thread>
#include <vector>

void work();

// 1. The destructor does not join the member thread.
class Leaky {
public:
  ~Leaky() { stopping_ = true; }
  void start() { t_ = std::thread(work); }
  // CHECK: members-containers.cpp:[[@LINE-1]]:23: warning: thread member `t_` is not joined or detached by the destructor of `Leaky` (std::terminate if destroyed while running) [interlock-missing-join]
  // CHECK: members-containers.cpp:[[@LINE-3]]:3: note: destructor of `Leaky` defined here

private:
  bool stopping_ = false;
  std::thread t_;
};

// 2. No destructor at all: the implicit one destroys the running thread.
class NoDestructor {
public:
  void start() { t_ = std::thread(work); }
  // CHECK: members-containers.cpp:[[@LINE-1]]:23: warning: thread member `t_` is not joined or detached by the destructor of `NoDestructor` (std::terminate if destroyed while running) [interlock-missing-join]
  void join() { t_.join(); }

private:
  std::thread t_;
};

// 3. Started in the constructor's initializer list; destructor forgets it.
class StartsInCtor {
public:
  StartsInCtor() : t_(work) {}
  // CHECK: members-containers.cpp:[[@LINE-1]]:20: warning: thread member `t_` is not joined or detached by the destructor of `StartsInCtor` (std::terminate if destroyed while running) [interlock-missing-join]
  // CHECK: members-containers.cpp:[[@LINE+1]]:3: note: destructor of `StartsInCtor` defined here
  ~StartsInCtor() {}

private:
  std::thread t_;
};

// 4. Threads in a local vector are never joined.
void localVectorNeverJoined() {
  std::vector<std::thread> workers;
  for (int i = 0; i < 4; ++i)
    workers.emplace_back(work);
  // CHECK: members-containers.cpp:[[@LINE-1]]:5: warning: threads added to `workers` are never joined or detached (std::terminate when `workers` is destroyed) [interlock-missing-join]
}

// 5. A member vector the destructor never joins.
class Pool {
public:
  explicit Pool(int n) {
    for (int i = 0; i < n; ++i)
      workers_.emplace_back(work);
    // CHECK: members-containers.cpp:[[@LINE-1]]:7: warning: threads added to `workers_` are never joined or detached (std::terminate when `workers_` is destroyed) [interlock-missing-join]
  }

private:
  std::vector<std::thread> workers_;
};

// --- Silent look-alikes ---------------------------------------------------------------

// 6. The destructor joins if joinable.
class Owner {
public:
  ~Owner() {
    if (t_.joinable())
      t_.join();
  }
  void start() { t_ = std::thread(work); }

private:
  std::thread t_;
};

// 7. The destructor joins through a helper.
class StopsInHelper {
public:
  ~StopsInHelper() { stop(); }
  void start() { t_ = std::thread(work); }
  void stop() {
    if (t_.joinable())
      t_.join();
  }

private:
  std::thread t_;
};

// 8. The destructor detaches.
class Detacher {
public:
  ~Detacher() {
    if (t_.joinable())
      t_.detach();
  }
  void start() { t_ = std::thread(work); }

private:
  std::thread t_;
};

// 9. A std::jthread member joins itself.
class JMember {
public:
  void start() { t_ = std::jthread(work); }

private:
  std::jthread t_;
};

// 10. A local vector joined in a range-for.
void localVectorJoined() {
  std::vector<std::thread> workers;
  for (int i = 0; i < 4; ++i)
    workers.emplace_back(work);
  for (auto &t : workers)
    t.join();
}

// 11. A member vector joined by the destructor (a thread pool).
class GoodPool {
public:
  explicit GoodPool(int n) {
    for (int i = 0; i < n; ++i)
      workers_.emplace_back(work);
  }
  ~GoodPool() {
    for (auto &w : workers_)
      w.join();
  }

private:
  std::vector<std::thread> workers_;
};

// 12. A vector of jthreads.
void jthreadVector() {
  std::vector<std::jthread> workers;
  for (int i = 0; i < 4; ++i)
    workers.emplace_back(work);
}

// 13. A local vector whose threads are detached.
void localVectorDetached() {
  std::vector<std::thread> workers;
  workers.emplace_back(work);
  for (auto &t : workers)
    t.detach();
}

int main() {
  { Leaky l; l.start(); }
  { NoDestructor n; n.start(); n.join(); }
  { StartsInCtor s; }
  localVectorNeverJoined();
  { Pool p(2); }
  { Owner o; o.start(); }
  { StopsInHelper s; s.start(); }
  { Detacher d; d.start(); }
  { JMember j; j.start(); }
  localVectorJoined();
  { GoodPool g(2); }
  jthreadVector();
  localVectorDetached();
}
