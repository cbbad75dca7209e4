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

namespace interlock::rt {

enum class SchedOp : uint8_t {
  MutexLock, MutexTryLock, MutexUnlock, RdLock, WrLock, RwUnlock,
  CondWait, CondNotify, ThreadCreate, ThreadJoin, ThreadDetach, Sleep, Yield,
  RdTryLock, WrTryLock, CondNotifyAll,
};

/// Exit status of a program the scheduler stopped because of a deadlock.
inline constexpr int SchedDeadlockExitCode = 86;

// Defined in rt_sched.cpp. Weak so the wrappers work in builds without the scheduler.
void schedBeforeSlow(SchedOp Op, const void *Obj) __attribute__((weak));
void schedAfterSlow(SchedOp Op, const void *Obj, int Result) __attribute__((weak));
bool schedSerializing() __attribute__((weak));
void schedThreadStart() __attribute__((weak));
void schedThreadEnd() __attribute__((weak));
/// The caller released Mutex for real; returns 0 or ETIMEDOUT (Timed) once the thread
/// may reacquire it (the real lock then cannot block).
int schedCondWait(const void *Cv, const void *Mutex, bool Timed) __attribute__((weak));

inline void schedBefore(SchedOp Op, const void *Obj) {
  if (schedBeforeSlow)
    schedBeforeSlow(Op, Obj);
}
inline void schedAfter(SchedOp Op, const void *Obj, int Result) {
  if (schedAfterSlow)
    schedAfterSlow(Op, Obj, Result);
}
inline bool schedModelsWaits() { return schedSerializing && schedSerializing(); }
inline void schedStartThread() {
  if (schedThreadStart)
    schedThreadStart();
}
inline void schedEndThread() {
  if (schedThreadEnd)
    schedThreadEnd();
}

} // namespace interlock::rt

#endif
