#include "report/CheckCatalog.h"

namespace interlock {

static const CheckInfo Checks[] = {
    {"interlock-unprotected-shared-state",
     "Shared state accessed from several threads without a common lock",
     "Two accesses to the same memory, at least one a write, may run in parallel in "
     "different threads and hold no lock in common: a data race.",
     "checks/unprotected-shared-state.md"},
    {"interlock-missing-join",
     "Thread neither joined nor detached",
     "A thread may outlive the object or function that owns it: a joinable std::thread "
     "destroyed (std::terminate), a pthread neither joined nor detached, or a detached "
     "thread that uses locals of a function that may return first.",
     "checks/missing-join.md"},
    {"interlock-lock-order-inversion",
     "Locks acquired in opposite orders by different threads",
     "A cycle in the lock-order graph: one thread may hold A and wait for B while another "
     "holds B and waits for A, a potential deadlock.",
     "checks/lock-order-inversion.md"},
    {"interlock-double-lock",
     "Non-recursive mutex locked by a thread that already holds it",
     "Locking a non-recursive mutex twice in one thread deadlocks (or is undefined "
     "behaviour).",
     "checks/double-lock.md"},
    {"interlock-lock-leak",
     "Mutex locked by hand and not released on some path",
     "A mutex locked with lock() or pthread_mutex_lock may still be held when the "
     "function returns, so the next locker blocks forever.",
     "checks/lock-leak.md"},
    {"interlock-cv-wait-without-predicate",
     "Condition-variable wait that does not re-check its condition",
     "A wait without a predicate and outside a loop that re-checks shared state misses "
     "spurious wake-ups and notifications sent before the wait (lost wake-up).",
     "checks/cv-wait-without-predicate.md"},
    {"interlock-unlock-not-held",
     "Mutex unlocked by a thread that does not hold it",
     "Unlocking a mutex the current thread does not hold is undefined behaviour.",
     "runtime/detectors.md"},
    {"interlock-deadlock",
     "Threads blocked forever",
     "Every thread that can still run is blocked: the wait-for cycle is shown with each "
     "thread's stack.",
     "stress.md"},
    {"interlock-program-crash",
     "Program crashed",
     "The program under test died by a signal or aborted.",
     "cli.md"},
    {"interlock-program-exit",
     "Program exited with a non-zero status",
     "With --fail-on-exit, the program under test exited with a status other than 0 "
     "(and not ThreadSanitizer's own status after its reports).",
     "run.md"},
    {"interlock-program-timeout",
     "Program did not finish in time",
     "The program under test was still running at the time limit and was killed.",
     "cli.md"},
    {"interlock-tsan-data-race",
     "Data race observed by ThreadSanitizer",
     "ThreadSanitizer saw two conflicting accesses with no happens-before order.",
     "runtime/tsan-bridge.md"},
    {"interlock-nolint",
     "Unmatched NOLINTBEGIN or NOLINTEND comment",
     "A NOLINTBEGIN without a NOLINTEND carrying the same check list after it, or a "
     "NOLINTEND without such a NOLINTBEGIN before it: the comment suppresses nothing.",
     "check.md#nolint"},
    {"interlock-tsan-report",
     "Other ThreadSanitizer report",
     "A ThreadSanitizer report that is neither a data race nor a lock-order cycle.",
     "runtime/tsan-bridge.md"},
};

llvm::ArrayRef<CheckInfo> allChecks() { return Checks; }

const CheckInfo *findCheck(llvm::StringRef Id) {
  for (const CheckInfo &C : Checks)
    if (C.Id == Id)
      return &C;
  return nullptr;
}

} // namespace interlock
