//===- rt_sched.cpp - The runtime's wrappers meet the scheduler -----------===//
//
// Reads the scheduler's environment once, maps each SchedOp of rt_mutex.cpp and
// rt_thread.cpp to the core's model (rt_sched_core.h), writes the run log
// (rt_sched_log.h) and, when no thread can run, writes the deadlock report and the
// trace and exits with SchedDeadlockExitCode.
//
// Environment (set by `interlock stress` / `interlock replay`, see docs/stress.md):
//
#define INTERLOCK_SCHED_ENV(X)                                                           \
  X(INTERLOCK_SCHED, "none | random | pct | pct-access | race | portfolio | delay")    \
  X(INTERLOCK_RACE, "race: the two sides' FILE:LINE,...|FILE:LINE,... (rt_race.cpp)")  \
  X(INTERLOCK_SEED, "the run's seed, decimal (default 0)")                             \
  X(INTERLOCK_SCHED_LOG, "the run log's path (default: no log)")                       \
  X(INTERLOCK_PCT_DEPTH, "pct: bug depth 1..3 (default: chosen from the seed)")        \
  X(INTERLOCK_PCT_STEPS, "pct: expected scheduling points per run (default 16)")       \
  X(INTERLOCK_ACCESS_STEPS, "pct-access: access points per run (0: count them only)")  \
  X(INTERLOCK_SPURIOUS, "1: condition waits may wake spuriously (default 0)")          \
  X(INTERLOCK_WATCHDOG_MS, "blocked time before the watchdog passes the turn (100)")
//
//===----------------------------------------------------------------------===//
#include "rt_sched.h"
#include "rt_internal.h"
#include "rt_sched_core.h"
#include "rt_sched_futex.h"
#include "rt_sched_log.h"
#include "rt_sched_prng.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

using namespace interlock;
using namespace interlock::rt;
using namespace interlock::rt::sched;

namespace interlock::rt::sched {
// rt_sched_watchdog.cpp
void startWatchdog(uint32_t BlockedMs);
} // namespace interlock::rt::sched

namespace {

enum class Mode : uint8_t { Off, Serial, Delay };

Mode TheMode = Mode::Off;
int LogFd = -1;
uint64_t Seed;
uint32_t WatchdogMs = 100;
int FirstAttached; // 0 no, 1 yes
__thread uint64_t DelayState __attribute__((tls_model("initial-exec")));

uint64_t envNumber(const char *Name, uint64_t Default) {
  const char *V = getenv(Name);
  if (!V || !*V)
    return Default;
  return strtoull(V, nullptr, 10);
}

void onDecision(void *, uint64_t Step, uint32_t Tid, WaitKind Why) {
  if (LogFd < 0)
    return;
  LogLine L;
  L.str("D ").num(Step).sp().num(Tid).sp().str(waitKindName(Why));
  writeLog(L);
}

void onDeadlock(void *, const DeadlockInfo &I) {
  LogLine X;
  X.str("X ").str(I.K == DeadlockInfo::Cycle        ? "cycle"
                  : I.K == DeadlockInfo::DoubleLock ? "double-lock"
                                                    : "stall");
  writeLog(X);
  for (uint32_t B = 0; B < I.NumBlocked; ++B) {
    const BlockedThread &T = I.Blocked[B];
    LogLine L;
    L.str("B ").num(T.Tid).sp().str(waitKindName(T.Wait)).sp().hex((uintptr_t)T.Obj).sp();
    L.hex((uintptr_t)T.Mutex).sp();
    if (T.Holder == NoThread)
      L.str("-");
    else
      L.num(T.Holder);
    L.sp().num(T.HolderEnded ? 1 : 0);
    writeLog(L);
  }
  if (I.NumCycle) {
    LogLine C;
    C.str("C");
    for (uint32_t J = 0; J < I.NumCycle; ++J)
      C.sp().num(I.CycleTids[J]);
    writeLog(C);
  }
  // The trace holds every thread's pending operation and its site: the driver turns
  // them into the finding's locations.
  writeTraceOnce(trace::ExitReason::Exit, SchedDeadlockExitCode, 0);
  _exit(SchedDeadlockExitCode);
}

/// `M <first tid> <first sides> <second tid> <second sides>`: the race's two sides met
/// and the first one's access ran first (sides: 1 = A, 2 = B, 3 = both).
void onRaceMet(void *, uint32_t First, uint32_t FirstFlags, uint32_t Second,
               uint32_t SecondFlags) {
  LogLine L;
  L.str("M ").num(First).sp().num(FirstFlags).sp().num(Second).sp().num(SecondFlags);
  writeLog(L);
}

Strategy parseStrategy(const char *S, uint32_t &Depth, bool &AccessPct, bool &Race) {
  if (!S || !*S || !strcmp(S, "none"))
    return Strategy::None;
  if (!strcmp(S, "race")) {
    // Race-directed; elsewhere PCT of depth 1 (random priorities, the highest enabled
    // thread runs): a random walk would switch threads at every lock and unlock, which
    // made lock-heavy programs several times slower, and the race's window is opened by
    // the postponement, not by those switches.
    Race = true;
    Depth = 1;
    return Strategy::Pct;
  }
  if (!strncmp(S, "pct-access", 10)) {
    // Depth 2 or 3: depth 1 has no change point, so no access point would matter.
    AccessPct = true;
    Depth = S[10] == '2' || S[10] == '3' ? uint32_t(S[10] - '0')
                                          : 2 + uint32_t(mix64(Seed ^ 0xd1b54a32d192ed03ull) % 2);
    return Strategy::Pct;
  }
  if (!strcmp(S, "random"))
    return Strategy::Random;
  if (!strcmp(S, "delay"))
    return Strategy::Delay;
  if (!strcmp(S, "pct") || !strncmp(S, "pct", 3)) {
    uint32_t D = S[3] >= '1' && S[3] <= '3' ? uint32_t(S[3] - '0') : 0;
    Depth = D ? D : uint32_t(envNumber("INTERLOCK_PCT_DEPTH", 0));
    if (!Depth)
      Depth = 1 + uint32_t(mix64(Seed ^ 0xd1b54a32d192ed03ull) % 3);
    return Strategy::Pct;
  }
  if (!strcmp(S, "portfolio")) {
    // The seed picks the strategy: of eight parts, two random walk, one PCT of each
    // depth over synchronisation points, three PCT over access points (depth 2, 3, 2).
    uint32_t Part = uint32_t(mix64(Seed ^ 0x5bd1e9955bd1e995ull) % 8);
    if (Part < 2)
      return Strategy::Random;
    if (Part < 5) {
      Depth = Part - 1;
      return Strategy::Pct;
    }
    AccessPct = true;
    Depth = Part == 6 ? 3 : 2;
    return Strategy::Pct;
  }
  return Strategy::None;
}

// After the runtime's own constructor (priority 1 in rt_trace.cpp), before the program's.
#pragma GCC diagnostic ignored "-Wprio-ctor-dtor"
__attribute__((constructor(2))) void schedInit() {
  const char *Name = getenv("INTERLOCK_SCHED");
  Seed = envNumber("INTERLOCK_SEED", 0);
  Config C;
  C.Seed = Seed;
  C.Kind = parseStrategy(Name, C.PctDepth, C.AccessPct, C.RaceDirected);
  C.AccessSteps = envNumber("INTERLOCK_ACCESS_STEPS", 0);
  C.PctSteps = uint32_t(envNumber("INTERLOCK_PCT_STEPS", 16));
  C.Spurious = envNumber("INTERLOCK_SPURIOUS", 0) != 0;
  WatchdogMs = uint32_t(envNumber("INTERLOCK_WATCHDOG_MS", 100));
  if (C.Kind == Strategy::None)
    return;
  if (const char *Path = getenv("INTERLOCK_SCHED_LOG"))
    if (*Path)
      LogFd = sysOpen(Path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  Hooks H;
  H.OnDecision = onDecision;
  H.OnDeadlock = onDeadlock;
  H.OnRaceMet = onRaceMet;
  init(C, H);
  LogLine L;
  L.str("# interlock-sched strategy=")
      .str(C.RaceDirected            ? "race"
           : C.Kind == Strategy::Random ? "random"
           : C.AccessPct              ? "pct-access"
           : C.Kind == Strategy::Pct  ? "pct"
                                      : "delay");
  if (C.AccessPct)
    L.str(" depth=").num(C.PctDepth).str(" access_steps=").num(C.AccessSteps);
  else if (C.Kind == Strategy::Pct && !C.RaceDirected) // race: always depth 1
    L.str(" depth=").num(C.PctDepth).str(" steps=").num(C.PctSteps);
  L.str(" seed=").num(Seed).str(" spurious=").num(C.Spurious).str(" watchdog_ms=").num(WatchdogMs);
  writeLog(L);
  TheMode = C.Kind == Strategy::Delay ? Mode::Delay : Mode::Serial;
  SchedActive = 1;
  __interlock_sched_active = 1;
  if (TheMode == Mode::Serial)
    __interlock_sched_access = 1; // access points: pct-access's, and spins for all
}

/// The number of access points, for the driver's calibration run: `A <count>`.
__attribute__((destructor(101))) void schedFini() {
  if (TheMode != Mode::Serial || !config().AccessPct)
    return;
  LogLine L;
  L.str("A ").num(accessPoints());
  writeLog(L);
}

/// Delay injection: threads keep running in parallel; a random pause at some points
/// makes rare interleavings likelier. Not reproducible.
void delayPoint(ThreadState *T) {
  if (!DelayState)
    DelayState = mix64(Seed ^ (uint64_t(T->Tid) << 32) ^ sysGettid()) | 1;
  uint64_t R = DelayState = mix64(DelayState);
  switch (R % 8) {
  case 0:
  case 1: {
    struct timespec Ts = {0, long((R >> 8) % 200) * 1000};
    syscall(SYS_nanosleep, &Ts, nullptr);
    break;
  }
  case 2:
  case 3:
    syscall(SYS_sched_yield);
    break;
  default:
    break;
  }
}

/// The calling thread's id, attaching the first thread we see to the schedule.
ThreadState *self() {
  ThreadState *T = currentThread();
  if (T && !__atomic_load_n(&FirstAttached, __ATOMIC_ACQUIRE)) {
    int Expected = 0;
    if (__atomic_compare_exchange_n(&FirstAttached, &Expected, 1, false, __ATOMIC_ACQ_REL,
                                    __ATOMIC_ACQUIRE))
      attachFirst(T->Tid);
  }
  return T;
}

uint32_t joinTarget(const void *Obj) {
  // pthread_join passes the pthread_t, std::thread::join the std::thread (whose first
  // word is the pthread_t).
  ThreadState *C = findThreadByHandle((uint64_t)(uintptr_t)Obj);
  if (!C && Obj)
    C = findThreadByHandle(*(const uint64_t *)Obj);
  return C ? C->Tid : NoThread;
}

} // namespace

namespace interlock::rt::sched {

void writeLog(LogLine &Line) {
  if (LogFd < 0)
    return;
  Line.ch('\n');
  sysWrite(LogFd, Line.data(), Line.size());
}

} // namespace interlock::rt::sched

namespace interlock::rt {

uint8_t SchedActive;

void schedAccess(const void *Site) {
  if (TheMode != Mode::Serial)
    return;
  uint32_t Flags = Site ? ((const interlock::rt::Site *)Site)->Flags : 0;
  uint32_t Race = ((Flags & trace::SiteRaceA) ? RaceA : 0) | ((Flags & trace::SiteRaceB) ? RaceB : 0);
  if (ThreadState *T = self())
    accessPoint(T->Tid, Site, Race);
}

void schedExitPoint() {
  if (TheMode != Mode::Serial)
    return;
  if (ThreadState *T = self())
    point(T->Tid);
}

void schedBeforeSlow(SchedOp Op, const void *Obj) {
  if (TheMode == Mode::Off)
    return;
  ThreadState *T = self();
  if (!T)
    return;
  if (TheMode == Mode::Delay) {
    delayPoint(T);
    return;
  }
  uint32_t Tid = T->Tid;
  switch (Op) {
  case SchedOp::MutexLock:
    acquire(Tid, Obj, mutexIsRecursive(Obj) ? LockMode::RecursiveMutex : LockMode::Mutex);
    break;
  case SchedOp::RdLock:
    acquire(Tid, Obj, LockMode::Read);
    break;
  case SchedOp::WrLock:
    acquire(Tid, Obj, LockMode::Write);
    break;
  case SchedOp::MutexTryLock:
  case SchedOp::RdTryLock:
  case SchedOp::WrTryLock:
  case SchedOp::ThreadDetach:
    point(Tid);
    break;
  case SchedOp::CondNotify:
  case SchedOp::CondNotifyAll:
    notify(Tid, Obj, Op == SchedOp::CondNotifyAll);
    point(Tid);
    break;
  case SchedOp::ThreadCreate:
    startWatchdog(WatchdogMs);
    created(Tid, ((const ThreadState *)Obj)->Tid);
    break;
  case SchedOp::ThreadJoin:
    join(Tid, joinTarget(Obj));
    break;
  case SchedOp::Sleep:
  case SchedOp::Yield:
    yield(Tid);
    break;
  case SchedOp::MutexUnlock:
  case SchedOp::RwUnlock:
  case SchedOp::CondWait: // wrappers that do not call schedCondWait: the watchdog's job
    break;
  }
}

void schedAfterSlow(SchedOp Op, const void *Obj, int Result) {
  if (TheMode != Mode::Serial)
    return;
  ThreadState *T = self();
  if (!T)
    return;
  uint32_t Tid = T->Tid;
  switch (Op) {
  case SchedOp::MutexTryLock:
    if (Result == 0)
      tryAcquired(Tid, Obj, mutexIsRecursive(Obj) ? LockMode::RecursiveMutex : LockMode::Mutex);
    break;
  case SchedOp::RdTryLock:
    if (Result == 0)
      tryAcquired(Tid, Obj, LockMode::Read);
    break;
  case SchedOp::WrTryLock:
    if (Result == 0)
      tryAcquired(Tid, Obj, LockMode::Write);
    break;
  case SchedOp::MutexUnlock:
  case SchedOp::RwUnlock:
    if (Result == 0)
      released(Tid, Obj);
    break;
  case SchedOp::ThreadCreate:
    if (Result != 0)
      createFailed(((const ThreadState *)Obj)->Tid);
    point(Tid);
    break;
  default:
    break;
  }
}

bool schedSerializing() { return TheMode == Mode::Serial && serializing(); }

void schedThreadStart() {
  if (TheMode != Mode::Serial)
    return;
  if (ThreadState *T = currentThread())
    started(T->Tid);
}

void schedThreadEnd() {
  if (TheMode != Mode::Serial)
    return;
  if (ThreadState *T = currentThread())
    ended(T->Tid);
}

int schedBarrierWait(const void *Barrier, uint32_t Count) {
  ThreadState *T = self();
  return T ? barrierWait(T->Tid, Barrier, Count) : -1;
}

int schedFutexWait(const int *Word, int Value, bool Timed) {
  ThreadState *T = self();
  return T ? futexWait(T->Tid, Word, Value, Timed) : -1;
}

void schedFutexWake(const int *Word, uint32_t Count) {
  if (ThreadState *T = self())
    futexWake(T->Tid, Word, Count);
}

int schedCondWait(const void *Cv, const void *Mutex, bool Timed) {
  ThreadState *T = self();
  if (!T)
    return -1;
  return condWait(T->Tid, Cv, Mutex, Timed);
}

} // namespace interlock::rt
