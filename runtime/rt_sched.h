//===- rt_sched.h - Where a scheduler takes control -----------------------===//
//
// Every wrapper in rt_mutex.cpp and rt_thread.cpp calls schedBefore() right before the
// operation (with the operation's object) and schedAfter() right after it. Without
// INTERLOCK_SCHED (or with INTERLOCK_SCHED=none) both return at once and the operation
// runs as the program wrote it. Under a serializing strategy (random, pct, portfolio)
// one program thread runs at a time and the seed decides which (rt_sched_core.h):
// schedBefore() of a blocking operation returns only once the operation cannot block
// (the mutex is free in the scheduler's model, the joined thread has ended), so no
// thread ever blocks outside the scheduler's knowledge. Under `delay` threads keep
// running in parallel and get random delays at these points.
//
// Wrappers must also:
//  - start and end every thread they create with schedThreadStart()/schedThreadEnd();
//  - when schedSerializing(), replace a condition wait by: release the mutex for real,
//    schedCondWait(), reacquire it for real (the scheduler's wait set replaces the
//    kernel's, so a notify never goes to a thread the scheduler does not know waits);
//  - when schedSerializing(), skip the real sleep (the scheduler has no clock).
// docs/stress.md describes the model; rt_sched.cpp maps SchedOp to it.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_RT_SCHED_H
#define INTERLOCK_RT_SCHED_H

#include <stdint.h>

/// Set (before the program's constructors) when access points are scheduling points.
extern "C" uint8_t __interlock_sched_access;
/// SchedActive for the pass's inline guards: hooks that only matter to a scheduler
/// (__interlock_mutex_unlock_before) are called only when it is set.
extern "C" uint8_t __interlock_sched_active;

namespace interlock::rt {

enum class SchedOp : uint8_t {
  MutexLock, MutexTryLock, MutexUnlock, RdLock, WrLock, RwUnlock,
  CondWait, CondNotify, ThreadCreate, ThreadJoin, ThreadDetach, Sleep, Yield,
  RdTryLock, WrTryLock, CondNotifyAll,
};

/// Exit status of a program the scheduler stopped because of a deadlock.
inline constexpr int SchedDeadlockExitCode = 86;

/// Access points (instrument/AccessHooks.h): a shared load or store, an atomic, a
/// fence; the pass guards each call inline with __interlock_sched_access, which the
/// scheduler sets only under a strategy that uses them (pct-access).
void schedAccess(const void *Site);
/// Main returns or the program calls exit: a scheduling point under every serializing
/// strategy (another thread may still touch what the exit tears down).
void schedExitPoint();

/// Nonzero once INTERLOCK_SCHED chose a strategy: set by rt_sched.cpp's constructor,
/// which runs before the program's. Without one, the wrappers make no call below.
extern uint8_t SchedActive __attribute__((visibility("hidden")));

// Defined in rt_sched.cpp.
void schedBeforeSlow(SchedOp Op, const void *Obj);
void schedAfterSlow(SchedOp Op, const void *Obj, int Result);
bool schedSerializing();
void schedThreadStart();
void schedThreadEnd();
/// pthread_barrier_wait in the model: 1 for the serial thread, 0 for the others, -1 if
/// not modelled (then wait for real). futexWait: 0, EAGAIN or ETIMEDOUT, -1 if not
/// modelled; futexWake: the model's part of a wake (the real one still follows).
int schedBarrierWait(const void *Barrier, uint32_t Count);
int schedFutexWait(const int *Word, int Value, bool Timed);
void schedFutexWake(const int *Word, uint32_t Count);
/// The caller released Mutex for real; returns 0 or ETIMEDOUT (Timed) once the thread
/// may reacquire it (the real lock then cannot block).
int schedCondWait(const void *Cv, const void *Mutex, bool Timed);

inline void schedBefore(SchedOp Op, const void *Obj) {
  if (__builtin_expect(SchedActive, 0))
    schedBeforeSlow(Op, Obj);
}
inline void schedAfter(SchedOp Op, const void *Obj, int Result) {
  if (__builtin_expect(SchedActive, 0))
    schedAfterSlow(Op, Obj, Result);
}
inline bool schedModelsWaits() { return SchedActive && schedSerializing(); }
inline void schedStartThread() {
  if (SchedActive)
    schedThreadStart();
}
inline void schedEndThread() {
  if (SchedActive)
    schedThreadEnd();
}

} // namespace interlock::rt

#endif
