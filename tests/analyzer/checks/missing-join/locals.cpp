// A std::thread local destroyed or move-assigned while joinable on some path.
// RUN: not %interlock check --checks=interlock-missing-join %s -- -std=c++20 \
// RUN:   | FileCheck %s --implicit-check-not=warning:
#include <thread>
#include <utility>
#include <vector>

void work();
bool fail();
void joinRef(std::thread &t);
void joinPtr(std::thread *t);
int pick();

// 1. An early return skips the join.
int earlyReturn() {
  std::thread t(work);
  if (fail())
    return 1;
  // CHECK: locals.cpp:[[@LINE-1]]:5: warning: thread `t` may be destroyed while joinable (std::terminate) when returning here [interlock-missing-join]
  // CHECK: locals.cpp:[[@LINE-4]]:15: note: thread `t` started here
  t.join();
  return 0;
}

// 2. Joined on one branch only.
void joinedOnOneBranch(bool c) {
  std::thread t(work);
  if (c)
    t.join();
}
// CHECK: locals.cpp:[[@LINE-1]]:1: warning: thread `t` may be destroyed while joinable (std::terminate) at the end of its scope [interlock-missing-join]
// CHECK: locals.cpp:[[@LINE-5]]:15: note: thread `t` started here

// 3. A break leaves the loop body that owns the thread.
void breakOut() {
  for (int i = 0; i < 3; ++i) {
    std::thread t(work);
    if (fail())
      break;
    // CHECK: locals.cpp:[[@LINE-1]]:7: warning: thread `t` may be destroyed while joinable (std::terminate) when jumping out of its scope here [interlock-missing-join]
    // CHECK: locals.cpp:[[@LINE-4]]:17: note: thread `t` started here
    t.join();
  }
}

// 4. A continue skips the join.
void continueSkips() {
  for (int i = 0; i < 3; ++i) {
    std::thread t(work);
    if (i == 1)
      continue;
    // CHECK: locals.cpp:[[@LINE-1]]:7: warning: thread `t` may be destroyed while joinable (std::terminate) when jumping out of its scope here [interlock-missing-join]
    // CHECK: locals.cpp:[[@LINE-4]]:17: note: thread `t` started here
    t.join();
  }
}

// 5. Move-assigning a new thread over a running one.
void reassignRunning() {
  std::thread t(work);
  t = std::thread(work);
  // CHECK: locals.cpp:[[@LINE-1]]:3: warning: thread `t` may be assigned a new thread while still joinable (std::terminate) [interlock-missing-join]
  // CHECK: locals.cpp:[[@LINE-3]]:15: note: thread `t` started here
  t.join();
}

// 6. Never joined at all.
void neverJoined() {
  std::thread t(work);
}
// CHECK: locals.cpp:[[@LINE-1]]:1: warning: thread `t` may be destroyed while joinable (std::terminate) at the end of its scope [interlock-missing-join]
// CHECK: locals.cpp:[[@LINE-3]]:15: note: thread `t` started here

// 7. Two threads, only one joined.
void oneOfTwo() {
  std::thread a(work);
  std::thread b(work);
  a.join();
}
// CHECK: locals.cpp:[[@LINE-1]]:1: warning: thread `b` may be destroyed while joinable (std::terminate) at the end of its scope [interlock-missing-join]
// CHECK: locals.cpp:[[@LINE-4]]:15: note: thread `b` started here

// 8. Reassigned in a loop without joining the previous one.
void reassignInLoop() {
  std::thread t;
  for (int i = 0; i < 3; ++i)
    t = std::thread(work);
  // CHECK: locals.cpp:[[@LINE-1]]:5: warning: thread `t` may be assigned a new thread while still joinable (std::terminate) [interlock-missing-join]
  // CHECK: locals.cpp:[[@LINE-2]]:9: note: thread `t` started here
  t.join();
}

// 9. A return inside a switch.
int inSwitch() {
  std::thread t(work);
  switch (pick()) {
  case 0:
    return 0;
    // CHECK: locals.cpp:[[@LINE-1]]:5: warning: thread `t` may be destroyed while joinable (std::terminate) when returning here [interlock-missing-join]
    // CHECK: locals.cpp:[[@LINE-5]]:15: note: thread `t` started here
  default:
    break;
  }
  t.join();
  return 1;
}

// 10. Joined when the loop is done, but the loop can return first.
int returnFromLoop() {
  std::thread t(work);
  for (int i = 0; i < 3; ++i)
    if (fail())
      return i;
  // CHECK: locals.cpp:[[@LINE-1]]:7: warning: thread `t` may be destroyed while joinable (std::terminate) when returning here [interlock-missing-join]
  // CHECK: locals.cpp:[[@LINE-5]]:15: note: thread `t` started here
  t.join();
  return 0;
}

// --- Silent look-alikes ---------------------------------------------------------------

// 11. Joined before every return.
int joinedOnEveryPath() {
  std::thread t(work);
  if (fail()) {
    t.join();
    return 1;
  }
  t.join();
  return 0;
}

// 12. Detached.
void detached() {
  std::thread t(work);
  t.detach();
}

// 13. std::jthread joins in its destructor.
int jthreadEarlyReturn() {
  std::jthread t(work);
  if (fail())
    return 1;
  return 0;
}

// 14. Joined if joinable.
void joinIfJoinable(bool c) {
  std::thread t(work);
  if (c)
    t.join();
  if (t.joinable())
    t.join();
}

// 15. A guard class joins in its destructor.
class ThreadGuard {
public:
  explicit ThreadGuard(std::thread &t) : t_(t) {}
  ~ThreadGuard() {
    if (t_.joinable())
      t_.join();
  }

private:
  std::thread &t_;
};
int guarded() {
  std::thread t(work);
  ThreadGuard g(t);
  if (fail())
    return 1;
  return 0;
}

// 16. Moved into a container that is joined.
void movedIntoVector() {
  std::vector<std::thread> pool;
  std::thread t(work);
  pool.push_back(std::move(t));
  for (auto &p : pool)
    p.join();
}

// 17. Returned to the caller.
std::thread startOne() {
  std::thread t(work);
  return t;
}

// 18. Default-constructed: never started.
int neverStarted() {
  std::thread t;
  if (fail())
    return 1;
  return 0;
}

// 19. Reassigned and joined in every iteration.
void reassignAndJoin() {
  std::thread t;
  for (int i = 0; i < 3; ++i) {
    t = std::thread(work);
    t.join();
  }
}

// 20. Handed to a function that joins it.
void handedOff(bool c) {
  std::thread t(work);
  std::thread u(work);
  joinRef(t);
  joinPtr(&u);
}

// 21. Detached on one branch, joined on the other.
void detachOrJoin(bool c) {
  std::thread t(work);
  if (c)
    t.detach();
  else
    t.join();
}

// 22. Moved to another local that is joined.
void movedToLocal() {
  std::thread t(work);
  std::thread u = std::move(t);
  u.join();
}

int main() {
  earlyReturn();
  joinedOnOneBranch(true);
  breakOut();
  continueSkips();
  reassignRunning();
  neverJoined();
  oneOfTwo();
  reassignInLoop();
  inSwitch();
  returnFromLoop();
  joinedOnEveryPath();
  detached();
  jthreadEarlyReturn();
  joinIfJoinable(false);
  guarded();
  movedIntoVector();
  startOne().join();
  neverStarted();
  reassignAndJoin();
  handedOff(true);
  detachOrJoin(true);
  movedToLocal();
}
