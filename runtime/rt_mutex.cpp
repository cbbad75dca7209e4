//===- rt_mutex.cpp - Mutexes, reader-writer locks, condition variables ---===//
//
// Every wrapper records "attempt" before the operation and "acquired", "try-failed" or
// "released" after it, and keeps the thread's held set (for unlock-not-held here; the
// trace reader recomputes held sets from the events for the detectors).
//
//===----------------------------------------------------------------------===//
#include "rt_record.h"
#include "rt_sched.h"

#include <pthread.h>
#include <time.h>

using namespace interlock;
using namespace interlock::rt;
using trace::EventKind;

extern "C" {
void _ZNSt18condition_variable4waitERSt11unique_lockISt5mutexE(void *Cv, void *Lock)
    __attribute__((weak));
void _ZNSt18condition_variable10notify_oneEv(void *Cv) __attribute__((weak));
void _ZNSt18condition_variable10notify_allEv(void *Cv) __attribute__((weak));
}

namespace {

__attribute__((noinline)) void pushHeldSlow(ThreadState *T, const void *Obj) {
  uintptr_t A = (uintptr_t)Obj;
  for (uint32_t I = 0; I < T->NumHeld; ++I)
    if (T->Held[I].Addr == A) {
      ++T->Held[I].Count;
      return;
    }
  if (T->NumHeld < MaxHeld)
    T->Held[T->NumHeld++] = {A, 1};
}

__attribute__((noinline)) bool popHeldSlow(ThreadState *T, const void *Obj) {
  uintptr_t A = (uintptr_t)Obj;
  for (uint32_t I = T->NumHeld; I-- > 0;)
    if (T->Held[I].Addr == A) {
      if (--T->Held[I].Count == 0) {
        for (uint32_t J = I + 1; J < T->NumHeld; ++J)
          T->Held[J - 1] = T->Held[J];
        --T->NumHeld;
      }
      return true;
    }
  // More locks than MaxHeld: we could not track this one; do not accuse the program.
  return T->NumHeld >= MaxHeld;
}

/// Inline for the common case: the first lock the thread takes.
inline void pushHeld(ThreadState *T, const void *Obj) {
  if (__builtin_expect(T->NumHeld == 0, 1)) {
    T->Held[0] = {(uintptr_t)Obj, 1};
    T->NumHeld = 1;
    return;
  }
  pushHeldSlow(T, Obj);
}

/// False if the thread did not hold Obj. Inline for the common case: the release of
/// the lock taken last, held once.
inline bool popHeld(ThreadState *T, const void *Obj) {
  uint32_t N = T->NumHeld;
  if (__builtin_expect(N && T->Held[N - 1].Addr == (uintptr_t)Obj && T->Held[N - 1].Count == 1,
                       1)) {
    T->NumHeld = N - 1;
    return true;
  }
  return popHeldSlow(T, Obj);
}

/// The helpers of the lock hooks are inlined into them: a TSan build runs three hooks per
/// lock/unlock pair, and a call of its own for each helper (a frame, saved registers)
/// was a fifth of their instructions. Their rare paths stay out of line.
#define INTERLOCK_HOT __attribute__((always_inline)) inline

using TryFnPtr = int (*)(const void *);
constexpr TryFnPtr NoTry = nullptr;
/// Whether the lock is held now, read just before the lock call (acquire()); without
/// one (NoBusyCheck) every call is assumed to be able to wait.
using BusyFnPtr = bool (*)(const void *);
constexpr BusyFnPtr NoBusyCheck = nullptr;
bool mutexBusy(const void *M) { return mutexLockWord(M) != 0; }
int tryMutex(const void *M) { return pthread_mutex_trylock((pthread_mutex_t *)M); }
int tryRdlock(const void *L) { return pthread_rwlock_tryrdlock((pthread_rwlock_t *)L); }
int tryWrlock(const void *L) { return pthread_rwlock_trywrlock((pthread_rwlock_t *)L); }

/// A lock call that returned later than this many ticks after it started waited for
/// the lock: its attempt is recorded as an event of its own (about 1 us).
constexpr uint64_t ContendedTicks = 3000;

__attribute__((noinline)) void flushDeferredOutOfLine(ThreadState *T) { flushDeferred(T); }

/// Empties the lock slot for a new lock call: an acquisition still in it (a second lock
/// taken while holding the first) is written now.
INTERLOCK_HOT void takeLockSlot(ThreadState *T) {
  if (__builtin_expect(acquisitionDeferred(T), 0))
    flushDeferredOutOfLine(T);
}

/// Marks the lock call under way, so a trace written while it blocks still has it.
/// The end of the call (endAcquire) reads its flags, site and start back from here.
INTERLOCK_HOT void setPending(ThreadState *T, const void *Obj, uint8_t Flags, uint32_t Id,
                              uint64_t Start, bool Stamped) {
  T->LockObj = (uintptr_t)Obj;
  T->AttemptTicks = Start;
  T->LockSite = Id;
  T->LockFlags = Flags;
  T->AttemptStamped = Stamped;
  __atomic_store_n(&T->LockState, LockPending, __ATOMIC_RELEASE);
}

/// Keeps an acquisition that did not wait out of the critical section: it is written
/// before the thread's next event (usually the release, after the unlock), so the
/// lock is held no longer than without Interlock. After a lock call the slot already
/// holds its object, flags and site: only the time is added.
INTERLOCK_HOT void deferPendingAcquired(ThreadState *T, uint64_t Ticks,
                                        uint8_t State = LockDeferred) {
  T->AcquiredTicks = Ticks;
  __atomic_store_n(&T->LockState, State, __ATOMIC_RELEASE);
}

INTERLOCK_HOT void deferAcquired(ThreadState *T, const void *Obj, uint8_t Flags, uint32_t Id,
                                 uint64_t Ticks) {
  takeLockSlot(T);
  T->LockObj = (uintptr_t)Obj;
  T->LockFlags = Flags;
  T->LockSite = Id;
  deferPendingAcquired(T, Ticks);
}

/// Before a lock call that is not tried first: the lock slot, then the scheduler.
/// Under TSan a mutex found free (Busy) is not stamped before the call, which then
/// almost never waits: on AMD's Zen a clock read just before the lock's atomic
/// instruction costs its full latency, one after it overlaps with what follows
/// (docs/run.md). A serializing scheduler parks a blocked thread inside schedBefore,
/// and a deadlock ends the run there: the attempt must already sit in the lock slot,
/// or the deadlock report cannot say where the thread waits. An unstamped attempt
/// there (the lock was taken between the check and the call) carries an earlier time.
INTERLOCK_HOT void beginAcquire(ThreadState *T, const void *Obj, uint8_t Flags, const Site *S,
                                SchedOp Sop, BusyFnPtr Busy) {
  uint8_t Sched = SchedActive; // read once: the stores below do not change it
  if (T) {
    takeLockSlot(T);
    // Not with a scheduler: it may park the thread in schedBefore, where it then waits.
    // Unstamped, the time is that of the thread's last event.
    bool Stamped = Sched || !Busy || Busy(Obj);
    setPending(T, Obj, Flags, siteId(S), Stamped ? nowTicks() : T->Codec.PrevTicks, Stamped);
  }
  if (__builtin_expect(Sched, 0))
    schedBeforeSlow(Sop, Obj);
}

/// endAcquire's rare path: the call waited (its attempt is recorded, stamped when it
/// started, then the acquisition) or failed (attempt, then try-failed).
__attribute__((noinline)) void endWaitedOrFailed(ThreadState *T, const void *Obj, int Rc,
                                                 uint64_t Now) {
  uint32_t Id = T->LockSite;
  uint8_t Flags = T->LockFlags;
  uint64_t Start = T->AttemptTicks;
  clearLockSlot(T);
  recordEventAt(T, EventKind::LockAttempt, (uintptr_t)Obj, Flags, Id, Start);
  if (Rc != 0) {
    recordEventAt(T, EventKind::LockTryFailed, (uintptr_t)Obj, Flags, Id, Now);
    return;
  }
  pushHeld(T, Obj);
  recordEventAt(T, EventKind::LockAcquired, (uintptr_t)Obj, Flags, Id, Now);
}

/// After the lock call: an acquisition that did not wait is one event (lock-acquired,
/// flagged LockNoAttempt), written before the thread's next event, usually the release
/// (after the unlock), so the critical section holds one clock read and a few stores.
/// A call that waited (or always, with AlwaysAttempt) also records the attempt, stamped
/// when it started.
INTERLOCK_HOT void endAcquire(ThreadState *T, const void *Obj, SchedOp Sop, int Rc,
                              bool AlwaysAttempt) {
  schedAfter(Sop, Obj, Rc);
  if (!T)
    return;
  uint64_t Now = nowTicks();
  bool Waited =
      T->AttemptStamped && (Now - T->AttemptTicks > ContendedTicks || AlwaysAttempt);
  if (__builtin_expect(Waited || Rc != 0, 0)) {
    endWaitedOrFailed(T, Obj, Rc, Now);
    return;
  }
  pushHeld(T, Obj);
  deferPendingAcquired(T, Now);
}

/// The common shape of every acquiring wrapper; a call that never returns is written
/// from the thread's lock slot (rt_trace.cpp). Events-only builds (no TSan) try the
/// lock first: an uncontended acquisition then reads the clock once. Under TSan the
/// real lock call is kept so that TSan's own lock-order view (and so the bridge's
/// cross-check) stays complete.
template <typename Op>
int acquire(const void *Obj, uint8_t Flags, const Site *S, SchedOp Sop, Op Run,
            TryFnPtr Try, BusyFnPtr Busy) {
  ThreadState *T = currentThread();
  bool TryFirst = Try && T && !__tsan_init && !schedModelsWaits();
  if (TryFirst) {
    schedBefore(Sop, Obj);
    uint64_t Before = nowTicks();
    if (Try(Obj) == 0) {
      schedAfter(Sop, Obj, 0);
      pushHeld(T, Obj);
      deferAcquired(T, Obj, Flags, siteId(S), Before);
      return 0;
    }
    takeLockSlot(T);
    setPending(T, Obj, Flags, siteId(S), nowTicks(), /*Stamped=*/true);
  } else {
    beginAcquire(T, Obj, Flags, S, Sop, Busy);
  }
  int Rc = Run();
  endAcquire(T, Obj, Sop, Rc, /*AlwaysAttempt=*/Try && !__tsan_init);
  return Rc;
}

/// A release, or an unlock of a lock the thread does not hold.
INTERLOCK_HOT void noteRelease(ThreadState *T, const void *Obj, uint8_t Flags, uint32_t Id) {
  if (T)
    recordEventAt(T, popHeld(T, Obj) ? EventKind::LockReleased : EventKind::UnlockNotHeld,
                  (uintptr_t)Obj, Flags, Id, nowTicks());
}

/// After an unlock call: all of the bookkeeping, to keep the critical section short
/// (another thread's acquisition may carry a timestamp a few nanoseconds earlier,
/// docs/run.md).
INTERLOCK_HOT void endRelease(ThreadState *T, const void *Obj, uint8_t Flags, const Site *S, SchedOp Sop,
                int Rc) {
  schedAfter(Sop, Obj, Rc);
  noteRelease(T, Obj, Flags, siteId(S));
}

template <typename Op>
int release(const void *Obj, uint8_t Flags, const Site *S, SchedOp Sop, Op Run) {
  schedBefore(Sop, Obj);
  int Rc = Run();
  endRelease(currentThread(), Obj, Flags, S, Sop, Rc);
  return Rc;
}

uint8_t mutexFlags(pthread_mutex_t *M) { return mutexIsRecursive(M) ? trace::LockRecursive : 0; }

/// mutexFlags for a release recorded after the unlock, when another thread may own the
/// mutex's cache line: from the thread's own acquisition of it when that is at hand.
uint8_t releaseFlags(const ThreadState *T, pthread_mutex_t *M) {
  if (T && acquisitionDeferred(T) && T->LockObj == (uintptr_t)M)
    return T->LockFlags & trace::LockRecursive;
  return mutexFlags(M);
}

/// The release of the lock whose acquisition is still in the slot, with nothing in
/// between: the common uncontended lock/unlock pair, written as one hold. Everything
/// else (a recursive or out-of-order release, a site or flags the block has not seen
/// for this kind, a full buffer, no trace, a scheduler) returns false having changed
/// nothing, and takes the general path.
INTERLOCK_HOT bool releaseDeferredHold(ThreadState *T, const void *Obj, uint32_t Site) {
  uint32_t Rest; // the held locks after this release
  if (__builtin_expect(T->LockState == LockDeferredOnly, 1)) {
    Rest = 0;
  } else {
    uint32_t N = T->NumHeld;
    if (!(T->LockState == LockDeferred && N && T->Held[N - 1].Addr == (uintptr_t)Obj &&
          T->Held[N - 1].Count == 1))
      return false;
    Rest = N - 1;
  }
  uint8_t Flags = T->LockFlags;
  if (!(T->LockObj == (uintptr_t)Obj &&
        trace::usualHold(T->Codec, Flags | trace::LockNoAttempt, T->LockSite,
                         Flags & trace::LockRecursive, Site) &&
        hasRoom(T, 1)))
    return false;
  T->NumHeld = Rest;
  size_t Bytes =
      trace::encodeUsualHold(T->Codec, T->Block + BlockHeaderBytes + uint32_t(T->BlockState),
                             (uintptr_t)Obj, T->AcquiredTicks, nowTicks());
  publishEvents(T, Bytes, 2);
  clearLockSlot(T);
  return true;
}

// The general paths of the hooks below (__interlock_mutex_*).
__attribute__((noinline)) void lockBeforeSlow(pthread_mutex_t *M, const Site *S) {
  beginAcquire(currentThread(), M, mutexFlags(M), S, SchedOp::MutexLock, mutexBusy);
}
__attribute__((noinline)) void lockAfterSlow(pthread_mutex_t *M, int Rc) {
  endAcquire(currentThread(), M, SchedOp::MutexLock, Rc, /*AlwaysAttempt=*/false);
}
__attribute__((noinline)) void unlockAfterSlow(pthread_mutex_t *M, const Site *S, int Rc) {
  ThreadState *T = currentThread();
  endRelease(T, M, releaseFlags(T, M), S, SchedOp::MutexUnlock, Rc);
}

/// Condition waits release the mutex, wait, and reacquire it. Under a serializing
/// scheduler its wait set replaces the kernel's: release for real, wait in the
/// scheduler, reacquire for real (rt_sched.h).
template <typename Op>
int condWait(const void *Cv, const void *M, const Site *S, bool Timed, Op Run) {
  ThreadState *T = currentThread();
  uint32_t Id = siteId(S);
  if (T) {
    recordEvent(T, EventKind::CondWait, (uintptr_t)Cv, 0, Id);
    noteRelease(T, M, trace::LockFromCond, Id);
  }
  int Rc;
  if (schedModelsWaits()) {
    pthread_mutex_unlock((pthread_mutex_t *)M);
    Rc = schedCondWait(Cv, M, Timed);
    pthread_mutex_lock((pthread_mutex_t *)M);
  } else {
    schedBefore(SchedOp::CondWait, Cv);
    Rc = Run();
    schedAfter(SchedOp::CondWait, Cv, Rc);
  }
  if (T) {
    recordEvent(T, EventKind::CondWake, (uintptr_t)Cv, Rc ? 1 : 0, Id);
    pushHeld(T, M);
    recordEvent(T, EventKind::LockAcquired, (uintptr_t)M, trace::LockFromCond, Id);
  }
  return Rc;
}

template <typename Op> void notify(const void *Cv, bool All, const Site *S, Op Run) {
  if (ThreadState *T = currentThread())
    recordEvent(T, EventKind::CondNotify, (uintptr_t)Cv, All ? 1 : 0, siteId(S));
  SchedOp Sop = All ? SchedOp::CondNotifyAll : SchedOp::CondNotify;
  schedBefore(Sop, Cv);
  Run();
  schedAfter(Sop, Cv, 0);
}

} // namespace

extern "C" {
#define INTERLOCK_API __attribute__((visibility("default")))

// ---- pthread mutexes ----

INTERLOCK_API int __interlock_pthread_mutex_lock(pthread_mutex_t *M, const Site *S) {
  INTERLOCK_TSAN_FRAME();
  return acquire(M, mutexFlags(M), S, SchedOp::MutexLock,
                 [M] { return pthread_mutex_lock(M); }, tryMutex, mutexBusy);
}
INTERLOCK_API int __interlock_pthread_mutex_trylock(pthread_mutex_t *M, const Site *S) {
  INTERLOCK_TSAN_FRAME();
  return acquire(M, mutexFlags(M) | trace::LockTry, S, SchedOp::MutexTryLock,
                 [M] { return pthread_mutex_trylock(M); }, NoTry, NoBusyCheck);
}
INTERLOCK_API int __interlock_pthread_mutex_timedlock(pthread_mutex_t *M,
                                                      const struct timespec *Ts,
                                                      const Site *S) {
  INTERLOCK_TSAN_FRAME();
  return acquire(M, mutexFlags(M) | trace::LockTimed, S, SchedOp::MutexLock,
                 [M, Ts] { return pthread_mutex_timedlock(M, Ts); }, NoTry, NoBusyCheck);
}
INTERLOCK_API int __interlock_pthread_mutex_clocklock(pthread_mutex_t *M, clockid_t Clock,
                                                      const struct timespec *Ts,
                                                      const Site *S) {
  INTERLOCK_TSAN_FRAME();
  return acquire(M, mutexFlags(M) | trace::LockTimed, S, SchedOp::MutexLock,
                 [M, Clock, Ts] { return pthread_mutex_clocklock(M, Clock, Ts); }, NoTry,
                 NoBusyCheck);
}
INTERLOCK_API int __interlock_pthread_mutex_unlock(pthread_mutex_t *M, const Site *S) {
  INTERLOCK_TSAN_FRAME();
  return release(M, mutexFlags(M), S, SchedOp::MutexUnlock,
                 [M] { return pthread_mutex_unlock(M); });
}

// In ThreadSanitizer builds the pass keeps the program's own pthread_mutex_lock and
// pthread_mutex_unlock calls and brackets them with these hooks instead of calling the
// wrappers above: TSan's interceptor then sees the user's call site as its caller, as
// without Interlock, with no frame to push on TSan's shadow stack for it (about 2.5% of
// TSan's time in a lock-heavy loop). The state between the two halves of a lock call
// is the thread's pending slot (a lock taken by a signal handler in between, which
// POSIX does not allow, would overwrite it).

//
// Each hook has a fast path for the common case, a thread known to the runtime, no
// scheduler, an uncontended lock, that makes no call: a call anywhere in a hook makes
// the compiler save and restore registers on every path. Everything else goes to
// the general path (beginAcquire, endAcquire, endRelease) in a tail call.

INTERLOCK_API void __interlock_mutex_lock_before(pthread_mutex_t *M, const Site *S) {
  ThreadState *T = currentThreadIfKnown();
  if (__builtin_expect(!T || SchedActive || acquisitionDeferred(T), 0))
    return lockBeforeSlow(M, S);
  // beginAcquire without a scheduler or an acquisition to write first.
  bool Stamped = mutexBusy(M);
  setPending(T, M, mutexFlags(M), passSiteId(S), Stamped ? nowTicks() : T->Codec.PrevTicks,
             Stamped);
}
INTERLOCK_API void __interlock_mutex_lock_after(pthread_mutex_t *M, const Site *, int Rc) {
  ThreadState *T = currentThreadIfKnown();
  if (__builtin_expect(!T || SchedActive, 0))
    return lockAfterSlow(M, Rc);
  // endAcquire without a scheduler.
  uint64_t Now = nowTicks();
  if (__builtin_expect(Rc != 0 || (T->AttemptStamped && Now - T->AttemptTicks > ContendedTicks),
                       0))
    return endWaitedOrFailed(T, M, Rc, Now);
  if (__builtin_expect(T->NumHeld != 0, 0)) {
    deferPendingAcquired(T, Now);
    return pushHeldSlow(T, M);
  }
  T->Held[0] = {(uintptr_t)M, 1};
  T->NumHeld = 1;
  deferPendingAcquired(T, Now, LockDeferredOnly);
}
/// Only a scheduler needs it: the pass calls it only when __interlock_sched_active is set.
INTERLOCK_API void __interlock_mutex_unlock_before(pthread_mutex_t *M, const Site *) {
  schedBefore(SchedOp::MutexUnlock, M);
}
INTERLOCK_API void __interlock_mutex_unlock_after(pthread_mutex_t *M, const Site *S, int Rc) {
  ThreadState *T = currentThreadIfKnown();
  if (__builtin_expect(T && !SchedActive, 1) && releaseDeferredHold(T, M, passSiteId(S)))
    return;
  return unlockAfterSlow(M, S, Rc);
}

// ---- reader-writer locks ----

#define INTERLOCK_RW(Name, Flags, Sop, TryFn)                                          \
  INTERLOCK_API int __interlock_pthread_rwlock_##Name(pthread_rwlock_t *L, const Site *S) { \
    INTERLOCK_TSAN_FRAME(); \
    return acquire(L, Flags, S, Sop, [L] { return pthread_rwlock_##Name(L); }, TryFn,    \
                   NoBusyCheck);                                                       \
  }
INTERLOCK_RW(rdlock, trace::LockShared, SchedOp::RdLock, tryRdlock)
INTERLOCK_RW(wrlock, 0, SchedOp::WrLock, tryWrlock)
INTERLOCK_RW(tryrdlock, trace::LockShared | trace::LockTry, SchedOp::RdTryLock, NoTry)
INTERLOCK_RW(trywrlock, trace::LockTry, SchedOp::WrTryLock, NoTry)
#undef INTERLOCK_RW

INTERLOCK_API int __interlock_pthread_rwlock_timedrdlock(pthread_rwlock_t *L,
                                                         const struct timespec *Ts,
                                                         const Site *S) {
  INTERLOCK_TSAN_FRAME();
  return acquire(L, trace::LockShared | trace::LockTimed, S, SchedOp::RdLock,
                 [L, Ts] { return pthread_rwlock_timedrdlock(L, Ts); }, NoTry, NoBusyCheck);
}
INTERLOCK_API int __interlock_pthread_rwlock_timedwrlock(pthread_rwlock_t *L,
                                                         const struct timespec *Ts,
                                                         const Site *S) {
  INTERLOCK_TSAN_FRAME();
  return acquire(L, trace::LockTimed, S, SchedOp::WrLock,
                 [L, Ts] { return pthread_rwlock_timedwrlock(L, Ts); }, NoTry, NoBusyCheck);
}
INTERLOCK_API int __interlock_pthread_rwlock_clockrdlock(pthread_rwlock_t *L, clockid_t C,
                                                         const struct timespec *Ts,
                                                         const Site *S) {
  INTERLOCK_TSAN_FRAME();
  return acquire(L, trace::LockShared | trace::LockTimed, S, SchedOp::RdLock,
                 [L, C, Ts] { return pthread_rwlock_clockrdlock(L, C, Ts); }, NoTry,
                 NoBusyCheck);
}
INTERLOCK_API int __interlock_pthread_rwlock_clockwrlock(pthread_rwlock_t *L, clockid_t C,
                                                         const struct timespec *Ts,
                                                         const Site *S) {
  INTERLOCK_TSAN_FRAME();
  return acquire(L, trace::LockTimed, S, SchedOp::WrLock,
                 [L, C, Ts] { return pthread_rwlock_clockwrlock(L, C, Ts); }, NoTry,
                 NoBusyCheck);
}
INTERLOCK_API int __interlock_pthread_rwlock_unlock(pthread_rwlock_t *L, const Site *S) {
  INTERLOCK_TSAN_FRAME();
  return release(L, 0, S, SchedOp::RwUnlock, [L] { return pthread_rwlock_unlock(L); });
}

// ---- condition variables ----

INTERLOCK_API int __interlock_pthread_cond_wait(pthread_cond_t *C, pthread_mutex_t *M,
                                                const Site *S) {
  INTERLOCK_TSAN_FRAME();
  return condWait(C, M, S, false, [C, M] { return pthread_cond_wait(C, M); });
}
INTERLOCK_API int __interlock_pthread_cond_timedwait(pthread_cond_t *C, pthread_mutex_t *M,
                                                     const struct timespec *Ts,
                                                     const Site *S) {
  INTERLOCK_TSAN_FRAME();
  return condWait(C, M, S, true, [C, M, Ts] { return pthread_cond_timedwait(C, M, Ts); });
}
INTERLOCK_API int __interlock_pthread_cond_clockwait(pthread_cond_t *C, pthread_mutex_t *M,
                                                     clockid_t Clock,
                                                     const struct timespec *Ts,
                                                     const Site *S) {
  INTERLOCK_TSAN_FRAME();
  return condWait(C, M, S, true,
                  [C, M, Clock, Ts] { return pthread_cond_clockwait(C, M, Clock, Ts); });
}
INTERLOCK_API int __interlock_pthread_cond_signal(pthread_cond_t *C, const Site *S) {
  INTERLOCK_TSAN_FRAME();
  int Rc = 0;
  notify(C, false, S, [&] { Rc = pthread_cond_signal(C); });
  return Rc;
}
INTERLOCK_API int __interlock_pthread_cond_broadcast(pthread_cond_t *C, const Site *S) {
  INTERLOCK_TSAN_FRAME();
  int Rc = 0;
  notify(C, true, S, [&] { Rc = pthread_cond_broadcast(C); });
  return Rc;
}

// ---- std::condition_variable (out of line in libstdc++) ----

INTERLOCK_API void __interlock_std_cv_wait(void *Cv, void *UniqueLock, const Site *S) {
  INTERLOCK_TSAN_FRAME();
  void *M = *(void **)UniqueLock; // unique_lock<mutex> is { mutex*, bool }
  condWait(Cv, M, S, false, [Cv, UniqueLock] {
    _ZNSt18condition_variable4waitERSt11unique_lockISt5mutexE(Cv, UniqueLock);
    return 0;
  });
}
INTERLOCK_API void __interlock_std_cv_notify_one(void *Cv, const Site *S) {
  INTERLOCK_TSAN_FRAME();
  notify(Cv, false, S, [Cv] { _ZNSt18condition_variable10notify_oneEv(Cv); });
}
INTERLOCK_API void __interlock_std_cv_notify_all(void *Cv, const Site *S) {
  INTERLOCK_TSAN_FRAME();
  notify(Cv, true, S, [Cv] { _ZNSt18condition_variable10notify_allEv(Cv); });
}
}
