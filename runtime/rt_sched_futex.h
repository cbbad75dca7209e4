//===- rt_sched_futex.h - Raw futex words for the scheduler's hand-off ----===//
//
// The scheduler passes the turn between program threads with plain atomics and the futex
// system call, in a TU compiled without ThreadSanitizer: TSan sees neither, so the
// hand-off adds no happens-before edge and hides no race. Never replace these with a
// pthread mutex or condition variable (TSan intercepts those).
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_RT_SCHED_FUTEX_H
#define INTERLOCK_RT_SCHED_FUTEX_H

#include <linux/futex.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

namespace interlock::rt::sched {

inline long futexWait(int *Word, int Expected, const struct timespec *Timeout = nullptr) {
  return syscall(SYS_futex, Word, FUTEX_WAIT_PRIVATE, Expected, Timeout, nullptr, 0);
}
inline void futexWake(int *Word, int Count = 1) {
  syscall(SYS_futex, Word, FUTEX_WAKE_PRIVATE, Count, nullptr, nullptr, 0);
}

/// A tiny futex lock (0 free, 1 locked, 2 locked with waiters), for the scheduler's own
/// state only.
class RawLock {
public:
  void lock() {
    int C = 0;
    if (__atomic_compare_exchange_n(&Word, &C, 1, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
      return;
    if (C != 2)
      C = __atomic_exchange_n(&Word, 2, __ATOMIC_ACQUIRE);
    while (C != 0) {
      futexWait(&Word, 2);
      C = __atomic_exchange_n(&Word, 2, __ATOMIC_ACQUIRE);
    }
  }
  void unlock() {
    if (__atomic_exchange_n(&Word, 0, __ATOMIC_RELEASE) == 2)
      futexWake(&Word);
  }

private:
  int Word = 0;
};

/// Monotonic milliseconds (vDSO; not intercepted in a way that synchronizes).
inline uint64_t monotonicMs() {
  struct timespec Ts;
  clock_gettime(CLOCK_MONOTONIC, &Ts);
  return uint64_t(Ts.tv_sec) * 1000 + uint64_t(Ts.tv_nsec) / 1000000;
}

} // namespace interlock::rt::sched

#endif
