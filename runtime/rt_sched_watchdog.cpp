//===- rt_sched_watchdog.cpp - Pass the turn on when its holder is stuck ---===//
//
// Code the pass cannot see (a futex wait inside std::counting_semaphore or
// std::barrier, a read() on a pipe, a lock taken inside an uninstrumented library)
// can block the thread that holds the turn while every other thread is parked: the
// scheduler would hang. A background thread watches the turn: when its holder has made
// no scheduling decision for WatchdogMs and the kernel says it sleeps (state S or D in
// /proc/self/task/<tid>/stat), or for 20 x WatchdogMs whatever its state (a spin loop
// on an atomic), the holder is let go to run free until its next scheduling point and
// the turn goes to another thread. Each such event is a "W" line in the run log: that
// run is no longer exactly reproducible, and `interlock stress` says so.
//
// The thread is created detached with pthread_create (so ThreadSanitizer knows it) and
// touches only the scheduler's state and raw system calls, never program memory.
//
//===----------------------------------------------------------------------===//
#include "rt_internal.h"
#include "rt_sched_core.h"
#include "rt_sched_futex.h"
#include "rt_sched_log.h"

#include <fcntl.h>
#include <pthread.h>

using namespace interlock::rt;

namespace interlock::rt::sched {
namespace {

int Started;
uint32_t BlockedMs = 100;

/// The kernel's one-letter state of OS thread OsTid ('R', 'S', 'D', ...), '?' if unknown.
char osState(uint64_t OsTid) {
  LogLine Path;
  Path.str("/proc/self/task/").num(OsTid).str("/stat");
  char P[64];
  size_t N = Path.size() < sizeof(P) - 1 ? Path.size() : sizeof(P) - 1;
  for (size_t I = 0; I < N; ++I)
    P[I] = Path.data()[I];
  P[N] = '\0';
  int Fd = sysOpen(P, O_RDONLY | O_CLOEXEC, 0);
  if (Fd < 0)
    return '?';
  char Buf[512];
  long Len = sysRead(Fd, Buf, sizeof(Buf) - 1);
  sysClose(Fd);
  if (Len <= 0)
    return '?';
  // "tid (comm) S ...": comm may hold spaces and parentheses; take the last ')'.
  long Close = -1;
  for (long I = 0; I < Len; ++I)
    if (Buf[I] == ')')
      Close = I;
  return Close >= 0 && Close + 2 < Len ? Buf[Close + 2] : '?';
}

void *watch(void *) {
  uint32_t LastTid = NoThread;
  uint64_t LastProgress = 0, Since = monotonicMs();
  for (;;) {
    struct timespec Tick = {0, 10 * 1000 * 1000};
    syscall(SYS_nanosleep, &Tick, nullptr);
    if (!serializing())
      return nullptr;
    uint32_t Tid = currentTurn();
    uint64_t P = progress(), Now = monotonicMs();
    if (Tid != LastTid || P != LastProgress || Tid == NoThread) {
      LastTid = Tid;
      LastProgress = P;
      Since = Now;
      continue;
    }
    uint64_t Stuck = Now - Since;
    ThreadState *T = Tid < numThreads() ? threadAt(Tid) : nullptr;
    char St = T ? osState(T->OsTid) : '?';
    bool Sleeping = St == 'S' || St == 'D';
    if (!(Sleeping && Stuck >= BlockedMs) && Stuck < 20ull * BlockedMs)
      continue;
    uint32_t Next = passTurn(Tid, P);
    LogLine L;
    L.str("W ").num(Tid).sp().ch(St).sp().num(Stuck).sp();
    if (Next == NoThread)
      L.str("-");
    else
      L.num(Next);
    writeLog(L);
    Since = Now;
  }
}

} // namespace

void startWatchdog(uint32_t Ms) {
  int Expected = 0;
  if (!__atomic_compare_exchange_n(&Started, &Expected, 1, false, __ATOMIC_ACQ_REL,
                                   __ATOMIC_ACQUIRE))
    return;
  BlockedMs = Ms ? Ms : 100;
  pthread_attr_t Attr;
  pthread_attr_init(&Attr);
  pthread_attr_setdetachstate(&Attr, PTHREAD_CREATE_DETACHED);
  pthread_t Id;
  pthread_create(&Id, &Attr, watch, nullptr);
  pthread_attr_destroy(&Attr);
}

} // namespace interlock::rt::sched
