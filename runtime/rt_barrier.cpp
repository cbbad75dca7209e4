//===- rt_barrier.cpp - Barriers and futex waits --------------------------===//
//
// pthread_barrier_wait, and the futex waits and wakes that libstdc++'s atomic waits
// inline into the program (std::atomic::wait/notify, std::counting_semaphore,
// std::latch, std::barrier all end in `syscall(SYS_futex, ...)`; the pass replaces
// that call). Under a serializing strategy the scheduler models both (rt_sched_core.h):
// a waiter parks in the scheduler instead of the kernel, so the thread holding the turn
// never blocks where the scheduler cannot see it (no watchdog), and waiters that
// nothing can release are a deadlock finding instead of a timeout.
//
// A barrier the scheduler models is never entered for real (the threads would have to
// be in it at the same time, and only one runs at a time): every arriving thread tells
// ThreadSanitizer it releases the barrier and every leaving one that it acquires it,
// which orders each thread's work before the barrier before everyone's work after it,
// as the real barrier would.
//
//===----------------------------------------------------------------------===//
#include "rt_internal.h"
#include "rt_sched.h"

#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

using namespace interlock;
using namespace interlock::rt;

extern "C" {
void __tsan_acquire(void *Addr) __attribute__((weak));
void __tsan_release(void *Addr) __attribute__((weak));
}

namespace {

/// glibc's pthread_barrier_t (nptl's struct pthread_barrier): { in, current_round,
/// count, shared, out }; count is the number of threads a round needs.
uint32_t barrierCount(const pthread_barrier_t *B) {
  return *(const uint32_t *)((const char *)B + 8);
}

} // namespace

extern "C" {
#define INTERLOCK_API __attribute__((visibility("default")))

INTERLOCK_API int __interlock_pthread_barrier_wait(pthread_barrier_t *B, const Site *S) {
  INTERLOCK_TSAN_FRAME();
  ThreadState *T = currentThread();
  if (T)
    recordEvent(T, EventKind::BarrierWait, (uintptr_t)B, 0, siteId(S));
  int Model = -1; // PTHREAD_BARRIER_SERIAL_THREAD is -1 too
  if (schedModelsWaits()) {
    if (__tsan_release)
      __tsan_release(B);
    Model = schedBarrierWait(B, barrierCount(B));
    if (Model >= 0 && __tsan_acquire)
      __tsan_acquire(B);
  }
  int Rc = Model == 1 ? PTHREAD_BARRIER_SERIAL_THREAD : Model == 0 ? 0 : pthread_barrier_wait(B);
  if (T)
    recordEvent(T, EventKind::BarrierDone, (uintptr_t)B, 0, siteId(S));
  return Rc;
}

/// Replaces `syscall(SYS_futex, Word, Op, Value, Timeout)` (the pass passes a null
/// Timeout for the three-argument wake).
INTERLOCK_API long __interlock_futex(int *Word, int Op, int Value, const void *Timeout,
                                     const Site *S) {
  int Cmd = Op & FUTEX_CMD_MASK;
  if (schedModelsWaits() && Cmd == FUTEX_WAIT) {
    ThreadState *T = currentThread();
    if (T)
      recordEvent(T, EventKind::BarrierWait, (uintptr_t)Word, trace::BarrierFutex, siteId(S));
    int Rc = schedFutexWait(Word, Value, Timeout != nullptr);
    if (T)
      recordEvent(T, EventKind::BarrierDone, (uintptr_t)Word, trace::BarrierFutex, siteId(S));
    if (Rc >= 0) {
      if (Rc == 0)
        return 0;
      errno = Rc;
      return -1;
    }
  } else if (schedModelsWaits() && Cmd == FUTEX_WAKE) {
    schedFutexWake(Word, Value < 0 ? 0u : uint32_t(Value));
  }
  return syscall(SYS_futex, Word, Op, Value, Timeout, nullptr, 0);
}
}
