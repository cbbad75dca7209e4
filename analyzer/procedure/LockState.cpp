#include "procedure/LockState.h"

#include "llvm/ADT/STLExtras.h"

namespace interlock::procedure {

void LockState::acquire(const summary::Path &Lock, bool Shared) {
  summary::addLock(Held, {Lock, Shared});
}

void LockState::unlocked(const summary::Path &Lock) {
  if (!llvm::any_of(Held, [&](const summary::HeldLock &H) { return H.Lock == Lock; }))
    summary::addLock(Held, {summary::callerReleased(Lock), false});
  summary::removeLock(Held, Lock);
}

void LockState::release(const summary::Path &Lock) { summary::removeLock(Held, Lock); }

void LockState::guardCreated(const std::string &Key, GuardState G, bool Adopting) {
  if (G.Owns && Adopting) {
    for (const summary::Path &L : G.Locks)
      acquire(L, G.Shared);
  } else if (G.Owns) {
    // A guard re-acquiring a lock already held (a recursive mutex, or a self-deadlock
    // reported by interlock-double-lock) leaves it held by the outer owner when it ends.
    bool Reacquired = !G.Locks.empty() && llvm::all_of(G.Locks, [&](const summary::Path &L) {
      return llvm::any_of(Held, [&](const summary::HeldLock &H) { return H.Lock == L; });
    });
    for (const summary::Path &L : G.Locks)
      acquire(L, G.Shared);
    if (Reacquired)
      G.Owns = false;
  }
  Guards[Key] = std::move(G);
}

void LockState::guardLock(const std::string &Key) {
  auto It = Guards.find(Key);
  if (It == Guards.end())
    return;
  It->second.Owns = true;
  for (const summary::Path &L : It->second.Locks)
    acquire(L, It->second.Shared);
}

void LockState::guardUnlock(const std::string &Key) {
  auto It = Guards.find(Key);
  if (It == Guards.end())
    return;
  It->second.Owns = false;
  for (const summary::Path &L : It->second.Locks)
    release(L);
}

void LockState::guardForget(const std::string &Key) { Guards.erase(Key); }

void LockState::guardDestroyed(const std::string &Key) {
  auto It = Guards.find(Key);
  if (It == Guards.end())
    return;
  if (It->second.Owns)
    for (const summary::Path &L : It->second.Locks)
      release(L);
  Guards.erase(It);
}

LockState LockState::merge(const LockState &A, const LockState &B) {
  // Where the failure branch of a blocking lock rejoins the normal path (pbzip2's
  // `if (pthread_mutex_lock(&m) != 0) fprintf(...);`), the normal path's state holds:
  // the failure never happens with a valid mutex, and must not unlock what follows.
  if (A.FailedLockPath != B.FailedLockPath)
    return A.FailedLockPath ? B : A;
  LockState Out;
  Out.Held = summary::intersect(A.Held, B.Held);
  Out.FailedLockPath = A.FailedLockPath && B.FailedLockPath;
  for (const auto &[Key, G] : A.Guards) {
    auto It = B.Guards.find(Key);
    GuardState M = G;
    if (It != B.Guards.end())
      M.Owns = G.Owns && It->second.Owns;
    Out.Guards[Key] = std::move(M);
  }
  for (const auto &[Key, G] : B.Guards)
    Out.Guards.try_emplace(Key, G);
  return Out;
}

} // namespace interlock::procedure
