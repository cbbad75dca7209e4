//===- LockState.h - The lock-set domain of the procedure analysis --------===//
//
// The abstract state at a program point: the locks held on every path to it (a must-set,
// so merging paths intersects) and what each RAII guard would release when destroyed.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_PROCEDURE_LOCKSTATE_H
#define INTERLOCK_PROCEDURE_LOCKSTATE_H

#include "summary/Summary.h"

#include <map>
#include <string>
#include <vector>

namespace interlock::procedure {

/// A guard object (lock_guard, unique_lock, scoped_lock, shared_lock, annotated scoped
/// lockable): the mutexes it manages and whether it owns them right now.
struct GuardState {
  std::vector<summary::Path> Locks;
  bool Shared = false;
  bool Owns = false;
  friend bool operator==(const GuardState &, const GuardState &) = default;
};

struct LockState {
  summary::LockSet Held;
  std::map<std::string, GuardState> Guards; // by guard key: a variable's path or a temporary
  /// Only reached when a blocking lock failed (`if (pthread_mutex_lock(&m) != 0)
  /// die();`): an error path that real mutexes never take; nothing on it is recorded.
  bool FailedLockPath = false;

  void acquire(const summary::Path &Lock, bool Shared);
  void release(const summary::Path &Lock);
  /// An explicit unlock. Of a lock this function does not hold, it is the caller's: the
  /// `!Lock` entry says so from here on, also after this function takes Lock again (its
  /// own hold then counts), so that paths which did and did not re-lock agree.
  void unlocked(const summary::Path &Lock);

  /// Guard operations: construction, lock(), unlock(), release(), destruction.
  /// Adopting (`adopt_lock`) takes over a lock already held, to release it at the end.
  void guardCreated(const std::string &Key, GuardState G, bool Adopting = false);
  void guardLock(const std::string &Key);
  void guardUnlock(const std::string &Key);
  void guardForget(const std::string &Key); // release(): the mutex stays locked
  void guardDestroyed(const std::string &Key);

  /// Paths meet: a lock is held after the merge only if held on both; a guard owns its
  /// locks only if it owns them on both.
  static LockState merge(const LockState &A, const LockState &B);

  friend bool operator==(const LockState &, const LockState &) = default;
};

} // namespace interlock::procedure

#endif
