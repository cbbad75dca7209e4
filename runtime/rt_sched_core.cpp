//===- rt_sched_core.cpp - The serializing scheduler's model and strategies ===//
//
// Invariant: at most one scheduled thread is outside the scheduler (holds the turn,
// `Current`), except threads the watchdog let go ("Free") until their next point. All
// state is guarded by StateLock; a parked thread sleeps on its own futex word `Go`, set
// by whoever grants it the turn. Granting applies the thread's wait to the model (it
// becomes the lock owner, consumes its notification...), so when the thread wakes its
// real operation cannot block.
//
//===----------------------------------------------------------------------===//
#include "rt_sched_core.h"
#include "rt_sched_futex.h"
#include "rt_sched_prng.h"

#include <errno.h>
#include <string.h>

namespace interlock::rt::sched {
namespace {

enum class State : uint8_t {
  Unused,
  Parked,   // inside the scheduler, waiting for the turn
  Running,  // holds the turn
  Free,     // let go by the watchdog; rejoins at its next point
  Finished,
};

struct Thread {
  State St;
  WaitKind Wait;
  LockMode Mode;
  bool Notified;     // Cond: a notify picked this waiter
  bool SpuriousUsed; // Cond: already woke spuriously since the last real notify
  bool Timed;        // Cond: a timed wait
  const void *Obj;
  const void *Mutex; // Cond
  uint32_t JoinTid;
  uint32_t SavedCount; // Cond: recursion count of Mutex to restore
  int Result;
  int Go; // futex word: 1 = your turn
  uint64_t Priority;
  const void *LastSite; // pct-access: the site of the thread's last access point
  uint32_t Generation;  // Barrier: the round it waits in
  int FutexValue;       // Futex: the value it waits on
  uint32_t RaceFlags;   // Postponed: the side(s) of the race it waits at
  uint64_t PostponedAt; // Postponed: Step when it was postponed
  uint32_t Postpones;   // race-directed: times postponed in this run
};

struct BarrierEntry {
  const void *Addr; // null = empty slot
  uint32_t Arrived; // threads parked in this round
  uint32_t Generation;
};
constexpr uint32_t MaxBarriers = 64;

struct LockEntry {
  const void *Addr; // null = empty slot
  uint32_t Owner;   // mutex or writer; NoThread if none
  uint32_t Count;   // recursion depth of Owner
  uint32_t NumReaders;
  uint32_t Readers[MaxReaders];
};

constexpr uint32_t LockTableSize = 4096; // power of two
constexpr uint32_t MaxChangePoints = 3;

constinit RawLock StateLock;
constinit Config Cfg;
constinit Hooks Hk;
constinit Prng Rng;
Thread Threads[MaxThreads];
uint32_t HighWater; // one past the largest tid seen
LockEntry Locks[LockTableSize];
BarrierEntry Barriers[MaxBarriers];
uint32_t Current = NoThread;
uint64_t Step, Progress;
bool Active, GaveUp;
uint64_t ChangePoints[MaxChangePoints];
// pct-access: change points over access points, drawn from their own generator so the
// synchronisation-level strategies' draws stay as they were.
uint64_t AccessChangePoints[MaxChangePoints];
uint64_t AccessCount; // access points so far (only the turn holder counts)
uint32_t SinceGrant;  // access points of the turn holder since its last grant
uint64_t AtGrant;     // AccessCount at the last grant
// PCT priorities: initial ones >= 2^62; a change point drops the running thread to
// ChangePointBase + i; a yield drops the caller below everyone, change points included,
// so a thread spinning on yield() cannot starve one a change point demoted.
constexpr uint64_t ChangePointBase = uint64_t(1) << 61;
uint64_t NextLowPriority;
DeadlockInfo Report;

bool valid(uint32_t Tid) { return Tid < MaxThreads; }
bool scheduled(uint32_t Tid) {
  return Active && !GaveUp && valid(Tid) && Threads[Tid].St != State::Unused &&
         Threads[Tid].St != State::Finished;
}

LockEntry *findLock(const void *Addr, bool Create) {
  uint64_t H = mix64((uint64_t)(uintptr_t)Addr);
  for (uint32_t I = 0; I < LockTableSize; ++I) {
    LockEntry &E = Locks[(H + I) & (LockTableSize - 1)];
    if (E.Addr == Addr)
      return &E;
    if (!E.Addr) {
      if (!Create)
        return nullptr;
      E.Addr = Addr;
      E.Owner = NoThread;
      return &E;
    }
  }
  return nullptr; // table full: the lock is not modelled
}

BarrierEntry *findBarrier(const void *Addr, bool Create) {
  for (BarrierEntry &B : Barriers) {
    if (B.Addr == Addr)
      return &B;
    if (!B.Addr) {
      if (!Create)
        return nullptr;
      B.Addr = Addr;
      return &B;
    }
  }
  return nullptr; // table full: the barrier is not modelled
}

bool canAcquire(const LockEntry *E, uint32_t Tid, LockMode Mode) {
  if (!E)
    return true;
  switch (Mode) {
  case LockMode::Mutex:
    return E->Owner == NoThread;
  case LockMode::RecursiveMutex:
    return E->Owner == NoThread || E->Owner == Tid;
  case LockMode::Read:
    return E->Owner == NoThread;
  case LockMode::Write:
    return E->Owner == NoThread && E->NumReaders == 0;
  }
  return true;
}

void applyAcquire(LockEntry *E, uint32_t Tid, LockMode Mode, uint32_t Count = 1) {
  if (!E)
    return;
  if (Mode == LockMode::Read) {
    if (E->NumReaders < MaxReaders)
      E->Readers[E->NumReaders] = Tid;
    ++E->NumReaders;
    return;
  }
  E->Owner = Tid;
  E->Count += Count;
}

void applyRelease(LockEntry *E, uint32_t Tid) {
  if (!E)
    return;
  if (E->Owner == Tid) {
    if (E->Count <= 1) {
      E->Owner = NoThread;
      E->Count = 0;
    } else {
      --E->Count;
    }
    return;
  }
  if (E->NumReaders == 0)
    return; // unlock of a lock nobody holds: the program's bug, not the model's
  for (uint32_t I = 0; I < E->NumReaders && I < MaxReaders; ++I)
    if (E->Readers[I] == Tid) {
      for (uint32_t J = I + 1; J < E->NumReaders && J < MaxReaders; ++J)
        E->Readers[J - 1] = E->Readers[J];
      break;
    }
  --E->NumReaders;
}

/// Can T's wait be satisfied now? Timed condition waits are only enabled as a last
/// resort (see choose()), so time passes only when nothing else can run.
bool enabled(uint32_t Tid, bool AllowTimeout) {
  const Thread &T = Threads[Tid];
  if (T.St != State::Parked)
    return false;
  switch (T.Wait) {
  case WaitKind::Run:
  case WaitKind::Start:
  case WaitKind::Yield:
  case WaitKind::End:
    return true;
  case WaitKind::Lock:
  case WaitKind::RdLock:
  case WaitKind::WrLock:
    return canAcquire(findLock(T.Obj, false), Tid, T.Mode);
  case WaitKind::Cond: {
    bool Wakes = T.Notified || (Cfg.Spurious && !T.SpuriousUsed) || (AllowTimeout && T.Timed);
    return Wakes && canAcquire(findLock(T.Mutex, false), Tid, T.Mode);
  }
  case WaitKind::Join:
    return !valid(T.JoinTid) || Threads[T.JoinTid].St == State::Finished ||
           Threads[T.JoinTid].St == State::Unused;
  case WaitKind::Barrier: {
    const BarrierEntry *B = findBarrier(T.Obj, false);
    return !B || B->Generation != T.Generation;
  }
  case WaitKind::Futex:
    return T.Notified || __atomic_load_n((const int *)T.Obj, __ATOMIC_RELAXED) != T.FutexValue ||
           (AllowTimeout && T.Timed);
  case WaitKind::Postponed: // as a timed wait: when nothing else can run, or bound passed
    return AllowTimeout || Step - T.PostponedAt > Cfg.PostponeBound;
  }
  return true;
}

void lowerPriority(uint32_t Tid) {
  if (valid(Tid) && NextLowPriority > 0)
    Threads[Tid].Priority = NextLowPriority--;
}

uint32_t choose() {
  static uint32_t Candidates[MaxThreads];
  uint32_t N = 0;
  for (uint32_t I = 0; I < HighWater; ++I)
    if (enabled(I, false))
      Candidates[N++] = I;
  if (N == 0)
    for (uint32_t I = 0; I < HighWater; ++I)
      if (enabled(I, true))
        Candidates[N++] = I;
  if (N == 0)
    return NoThread;
  if (Cfg.Kind == Strategy::Pct || Cfg.AccessPct) {
    uint32_t Best = Candidates[0];
    for (uint32_t I = 1; I < N; ++I)
      if (Threads[Candidates[I]].Priority > Threads[Best].Priority)
        Best = Candidates[I];
    return Best;
  }
  return Candidates[Rng.below(N)];
}

void grant(uint32_t Tid) {
  Thread &T = Threads[Tid];
  WaitKind Why = T.Wait;
  switch (T.Wait) {
  case WaitKind::Lock:
  case WaitKind::RdLock:
  case WaitKind::WrLock:
    applyAcquire(findLock(T.Obj, true), Tid, T.Mode);
    break;
  case WaitKind::Cond:
    T.Result = T.Notified ? 0 : (T.Timed && !(Cfg.Spurious && !T.SpuriousUsed)) ? ETIMEDOUT : 0;
    if (!T.Notified && T.Result == 0)
      T.SpuriousUsed = true;
    applyAcquire(findLock(T.Mutex, true), Tid, T.Mode, T.SavedCount ? T.SavedCount : 1);
    break;
  case WaitKind::Futex:
    T.Result = T.Notified || __atomic_load_n((const int *)T.Obj, __ATOMIC_RELAXED) != T.FutexValue
                   ? 0
                   : ETIMEDOUT;
    break;
  default:
    break;
  }
  T.Wait = WaitKind::Run;
  T.St = State::Running;
  Current = Tid;
  SinceGrant = 0;
  AtGrant = AccessCount;
  ++Progress;
  if (Hk.OnDecision)
    Hk.OnDecision(Hk.Ctx, Step, Tid, Why);
  __atomic_store_n(&T.Go, 1, __ATOMIC_RELEASE);
  futexWake(&T.Go);
}

/// Who does T wait for? NoThread if nobody in particular (a notification).
uint32_t holderOf(const Thread &T, uint32_t Tid) {
  switch (T.Wait) {
  case WaitKind::Lock:
  case WaitKind::RdLock:
  case WaitKind::WrLock:
  case WaitKind::Cond: {
    if (T.Wait == WaitKind::Cond && !T.Notified)
      return NoThread;
    const LockEntry *E = findLock(T.Wait == WaitKind::Cond ? T.Mutex : T.Obj, false);
    if (!E)
      return NoThread;
    if (E->Owner != NoThread)
      return E->Owner;
    for (uint32_t I = 0; I < E->NumReaders && I < MaxReaders; ++I)
      if (E->Readers[I] != Tid)
        return E->Readers[I];
    return E->NumReaders ? Tid : NoThread;
  }
  case WaitKind::Join:
    return T.JoinTid;
  default:
    return NoThread;
  }
}

void releaseEveryone() {
  GaveUp = true;
  for (uint32_t I = 0; I < HighWater; ++I) {
    Thread &T = Threads[I];
    if (T.St == State::Parked) {
      T.Result = -1;
      T.St = State::Free;
      __atomic_store_n(&T.Go, 1, __ATOMIC_RELEASE);
      futexWake(&T.Go);
    }
  }
  Current = NoThread;
}

void reportDeadlock() {
  DeadlockInfo &R = Report;
  R.NumBlocked = 0;
  R.NumCycle = 0;
  for (uint32_t I = 0; I < HighWater; ++I) {
    const Thread &T = Threads[I];
    if (T.St != State::Parked)
      continue;
    BlockedThread &B = R.Blocked[R.NumBlocked++];
    B.Tid = I;
    B.Wait = T.Wait;
    B.Obj = T.Wait == WaitKind::Join ? (const void *)(uintptr_t)T.JoinTid : T.Obj;
    B.Mutex = T.Mutex;
    B.Holder = holderOf(T, I);
    B.HolderEnded = valid(B.Holder) && Threads[B.Holder].St == State::Finished;
  }
  // Follow "waits for" from each blocked thread; a thread seen twice closes a cycle.
  static uint32_t Seen[MaxThreads];
  for (uint32_t B = 0; B < R.NumBlocked && R.NumCycle == 0; ++B) {
    memset(Seen, 0, sizeof(uint32_t) * HighWater);
    uint32_t Path[MaxThreads], Len = 0, At = R.Blocked[B].Tid;
    while (valid(At) && Threads[At].St == State::Parked && !Seen[At]) {
      Seen[At] = Len + 1;
      Path[Len++] = At;
      At = holderOf(Threads[At], At);
    }
    if (valid(At) && Seen[At]) {
      for (uint32_t I = Seen[At] - 1; I < Len; ++I)
        R.CycleTids[R.NumCycle++] = Path[I];
    }
  }
  R.K = R.NumCycle == 0   ? DeadlockInfo::Stall
        : R.NumCycle == 1 ? DeadlockInfo::DoubleLock
                          : DeadlockInfo::Cycle;
  if (Hk.OnDeadlock)
    Hk.OnDeadlock(Hk.Ctx, R);
  releaseEveryone();
}

/// Pick the next thread and hand it the turn. Called with StateLock held by the thread
/// that gives the turn up (Prev), or with no turn holder.
void decide(uint32_t Prev) {
  ++Step;
  if (Cfg.Kind == Strategy::Pct && !Cfg.AccessPct && valid(Prev))
    for (uint32_t I = 0; I + 1 < Cfg.PctDepth && I < MaxChangePoints; ++I)
      if (ChangePoints[I] == Step)
        Threads[Prev].Priority = ChangePointBase + I; // below every initial priority
  Current = NoThread;
  uint32_t Next = choose();
  if (Next != NoThread) {
    grant(Next);
    return;
  }
  bool AnyParked = false, AnyFree = false;
  for (uint32_t I = 0; I < HighWater; ++I) {
    AnyParked |= Threads[I].St == State::Parked;
    AnyFree |= Threads[I].St == State::Free;
  }
  // A thread running free may still come back and release something.
  if (AnyParked && !AnyFree)
    reportDeadlock();
}

void waitForTurn(Thread &T) {
  while (__atomic_load_n(&T.Go, __ATOMIC_ACQUIRE) == 0)
    futexWait(&T.Go, 0);
  __atomic_store_n(&T.Go, 0, __ATOMIC_RELAXED);
}

/// Park Tid with its wait already filled in, decide if it held the turn (or nobody
/// did), and return when it is granted. Called with StateLock held; releases it.
int parkLocked(uint32_t Tid) {
  Thread &T = Threads[Tid];
  bool HadTurn = Current == Tid || Current == NoThread;
  T.St = State::Parked;
  T.Result = 0;
  if (HadTurn)
    decide(Tid);
  StateLock.unlock();
  waitForTurn(T);
  return T.Result;
}

void touch(uint32_t Tid) {
  if (valid(Tid) && Tid >= HighWater)
    HighWater = Tid + 1;
}

void newThread(uint32_t Tid) {
  Thread &T = Threads[Tid];
  memset(&T, 0, sizeof(T));
  T.Wait = WaitKind::Start;
  T.JoinTid = NoThread;
  // Initial PCT priorities are random and above MaxChangePoints and every low one.
  T.Priority = (uint64_t(1) << 62) + (Rng.next() >> 3);
  touch(Tid);
}

} // namespace

const char *waitKindName(WaitKind K) {
  switch (K) {
  case WaitKind::Run: return "run";
  case WaitKind::Start: return "start";
  case WaitKind::Lock: return "lock";
  case WaitKind::RdLock: return "rdlock";
  case WaitKind::WrLock: return "wrlock";
  case WaitKind::Cond: return "cond";
  case WaitKind::Join: return "join";
  case WaitKind::Yield: return "yield";
  case WaitKind::End: return "end";
  case WaitKind::Barrier: return "barrier";
  case WaitKind::Futex: return "futex";
  case WaitKind::Postponed: return "postponed";
  }
  return "?";
}

void init(const Config &C, const Hooks &H) {
  StateLock.lock();
  Cfg = C;
  if (Cfg.PctDepth < 1)
    Cfg.PctDepth = 1;
  if (Cfg.PctDepth > MaxChangePoints + 1)
    Cfg.PctDepth = MaxChangePoints + 1;
  if (Cfg.PctSteps < 1)
    Cfg.PctSteps = 1;
  Hk = H;
  Rng.seed(mix64(C.Seed ^ 0x1f2e3d4c5b6a7988ull));
  memset(Threads, 0, sizeof(Threads));
  memset(Locks, 0, sizeof(Locks));
  memset(Barriers, 0, sizeof(Barriers));
  HighWater = 0;
  Current = NoThread;
  Step = Progress = 0;
  GaveUp = false;
  Active = C.Kind == Strategy::Random || C.Kind == Strategy::Pct;
  NextLowPriority = ChangePointBase - 1;
  for (uint32_t I = 0; I < MaxChangePoints; ++I)
    ChangePoints[I] = 1 + Rng.below(Cfg.PctSteps);
  Prng AccessRng(mix64(C.Seed ^ 0x6a09e667f3bcc909ull));
  for (uint32_t I = 0; I < MaxChangePoints; ++I)
    AccessChangePoints[I] = Cfg.AccessSteps ? 1 + AccessRng.below(Cfg.AccessSteps) : 0;
  AccessCount = AtGrant = 0;
  SinceGrant = 0;
  StateLock.unlock();
}

bool serializing() { return __atomic_load_n(&Active, __ATOMIC_RELAXED) && !GaveUp; }
const Config &config() { return Cfg; }

void attachFirst(uint32_t Tid) {
  if (!valid(Tid))
    return;
  StateLock.lock();
  newThread(Tid);
  Threads[Tid].St = State::Running;
  Threads[Tid].Wait = WaitKind::Run;
  Current = Tid;
  StateLock.unlock();
}

bool isScheduled(uint32_t Tid) { return scheduled(Tid); }

void created(uint32_t Parent, uint32_t Child) {
  if (!scheduled(Parent) || !valid(Child))
    return;
  StateLock.lock();
  newThread(Child);
  Threads[Child].St = State::Parked; // enabled, waits for the turn in started()
  StateLock.unlock();
}

void createFailed(uint32_t Child) {
  if (!valid(Child))
    return;
  StateLock.lock();
  if (Threads[Child].St == State::Parked && Threads[Child].Wait == WaitKind::Start)
    Threads[Child].St = State::Unused;
  StateLock.unlock();
}

void started(uint32_t Tid) {
  if (!scheduled(Tid))
    return;
  waitForTurn(Threads[Tid]); // granted from Parked/Start by someone's decision
}

void ended(uint32_t Tid) {
  if (!scheduled(Tid))
    return;
  StateLock.lock();
  Thread &T = Threads[Tid];
  bool HadTurn = Current == Tid || Current == NoThread;
  T.St = State::Finished;
  if (HadTurn)
    decide(Tid);
  StateLock.unlock();
}

void join(uint32_t Tid, uint32_t Child) {
  if (!scheduled(Tid))
    return;
  StateLock.lock();
  Thread &T = Threads[Tid];
  T.Wait = WaitKind::Join;
  T.JoinTid = Child;
  parkLocked(Tid);
}

int acquire(uint32_t Tid, const void *Lock, LockMode Mode) {
  if (!scheduled(Tid)) {
    if (Active && !GaveUp) { // a thread we let go still keeps the model right
      StateLock.lock();
      applyAcquire(findLock(Lock, true), Tid, Mode);
      StateLock.unlock();
    }
    return 0;
  }
  StateLock.lock();
  Thread &T = Threads[Tid];
  T.Wait = Mode == LockMode::Read    ? WaitKind::RdLock
           : Mode == LockMode::Write ? WaitKind::WrLock
                                     : WaitKind::Lock;
  T.Mode = Mode;
  T.Obj = Lock;
  findLock(Lock, true);
  return parkLocked(Tid);
}

void tryAcquired(uint32_t Tid, const void *Lock, LockMode Mode) {
  if (!Active || GaveUp)
    return;
  StateLock.lock();
  applyAcquire(findLock(Lock, true), Tid, Mode);
  StateLock.unlock();
}

bool lockFree(uint32_t Tid, const void *Lock, LockMode Mode) {
  StateLock.lock();
  bool Free = canAcquire(findLock(Lock, false), Tid, Mode);
  StateLock.unlock();
  return Free;
}

void released(uint32_t Tid, const void *Lock) {
  if (!Active || GaveUp)
    return;
  StateLock.lock();
  applyRelease(findLock(Lock, false), Tid);
  if (!scheduled(Tid)) {
    StateLock.unlock();
    return;
  }
  Threads[Tid].Wait = WaitKind::Run;
  parkLocked(Tid);
}

int condWait(uint32_t Tid, const void *Cv, const void *Mutex, bool Timed) {
  if (!scheduled(Tid))
    return -1;
  StateLock.lock();
  Thread &T = Threads[Tid];
  LockEntry *E = findLock(Mutex, true);
  T.SavedCount = E && E->Owner == Tid ? E->Count : 1;
  if (E && E->Owner == Tid) {
    E->Owner = NoThread;
    E->Count = 0;
  }
  T.Wait = WaitKind::Cond;
  T.Mode = LockMode::RecursiveMutex; // the count is restored as a whole
  T.Obj = Cv;
  T.Mutex = Mutex;
  T.Notified = false;
  T.Timed = Timed;
  return parkLocked(Tid);
}

/// The threads parked in a wait of kind K on Obj that no wake-up has reached yet, into
/// Out (in thread order); their number. Called with StateLock held.
static uint32_t unnotifiedWaiters(WaitKind K, const void *Obj, uint32_t *Out) {
  uint32_t N = 0;
  for (uint32_t I = 0; I < HighWater; ++I) {
    const Thread &W = Threads[I];
    if (W.St == State::Parked && W.Wait == K && W.Obj == Obj && !W.Notified)
      Out[N++] = I;
  }
  return N;
}

void notify(uint32_t Tid, const void *Cv, bool All) {
  if (!Active || GaveUp)
    return;
  StateLock.lock();
  static uint32_t Waiters[MaxThreads];
  uint32_t N = unnotifiedWaiters(WaitKind::Cond, Cv, Waiters);
  if (N > 0) {
    // notify_one wakes any one waiter: let the seed pick which.
    uint32_t First = All ? 0 : (uint32_t)Rng.below(N), Last = All ? N : First + 1;
    for (uint32_t I = First; I < Last; ++I) {
      Threads[Waiters[I]].Notified = true;
      Threads[Waiters[I]].SpuriousUsed = false;
    }
  }
  StateLock.unlock();
  (void)Tid;
}

int barrierWait(uint32_t Tid, const void *Barrier, uint32_t Count) {
  if (!scheduled(Tid))
    return -1;
  StateLock.lock();
  BarrierEntry *B = findBarrier(Barrier, true);
  if (!B) {
    StateLock.unlock();
    return -1;
  }
  Thread &T = Threads[Tid];
  if (++B->Arrived >= Count) { // the last one: the round ends, everyone may go
    B->Arrived = 0;
    ++B->Generation;
    T.Wait = WaitKind::Run;
    parkLocked(Tid);
    return 1;
  }
  T.Wait = WaitKind::Barrier;
  T.Obj = Barrier;
  T.Generation = B->Generation;
  parkLocked(Tid);
  return 0;
}

int futexWait(uint32_t Tid, const int *Word, int Value, bool Timed) {
  if (!scheduled(Tid))
    return -1;
  if (__atomic_load_n(Word, __ATOMIC_RELAXED) != Value)
    return EAGAIN;
  StateLock.lock();
  Thread &T = Threads[Tid];
  T.Wait = WaitKind::Futex;
  T.Obj = Word;
  T.FutexValue = Value;
  T.Notified = false;
  T.Timed = Timed;
  return parkLocked(Tid);
}

void futexWake(uint32_t Tid, const int *Word, uint32_t Count) {
  if (!scheduled(Tid))
    return;
  StateLock.lock();
  static uint32_t Waiters[MaxThreads];
  uint32_t N = unnotifiedWaiters(WaitKind::Futex, Word, Waiters);
  // The kernel wakes any Count of them: let the seed pick which.
  for (uint32_t Woken = 0; Woken < Count && N > 0; ++Woken) {
    uint32_t Pick = (uint32_t)Rng.below(N);
    Threads[Waiters[Pick]].Notified = true;
    Waiters[Pick] = Waiters[--N];
  }
  Threads[Tid].Wait = WaitKind::Run;
  parkLocked(Tid);
}

void point(uint32_t Tid) {
  if (!scheduled(Tid))
    return;
  StateLock.lock();
  Threads[Tid].Wait = WaitKind::Run;
  parkLocked(Tid);
}

namespace {

/// Whether an access with flags A and one with flags B are the race's two sides.
bool raceSides(uint32_t A, uint32_t B) {
  return ((A & RaceA) && (B & RaceB)) || ((A & RaceB) && (B & RaceA));
}

/// Race-directed: Tid (holding the turn) is about to make an access of the race.
/// Returns once it may make it.
void raceAccess(uint32_t Tid, uint32_t Flags) {
  StateLock.lock();
  Thread &T = Threads[Tid];
  for (uint32_t U = 0; U < HighWater; ++U) {
    Thread &P = Threads[U];
    if (U == Tid || P.St != State::Parked || P.Wait != WaitKind::Postponed ||
        !raceSides(P.RaceFlags, Flags))
      continue;
    // They met: the seed says whose access runs first; both orders in different runs.
    P.Wait = WaitKind::Run;
    if (Rng.below(2) == 0) {
      if (Hk.OnRaceMet)
        Hk.OnRaceMet(Hk.Ctx, U, P.RaceFlags, Tid, Flags);
      T.Wait = WaitKind::Run;
      T.St = State::Parked;
      T.Result = 0;
      ++Step;
      grant(U); // the postponed one goes first, right now
      StateLock.unlock();
      waitForTurn(T);
      return;
    }
    if (Hk.OnRaceMet)
      Hk.OnRaceMet(Hk.Ctx, Tid, Flags, U, P.RaceFlags);
    StateLock.unlock();
    return; // this one goes first; the other runs at a later decision
  }
  // Nobody waits at the other side: wait there, if another thread can run meanwhile.
  bool Other = false;
  for (uint32_t U = 0; U < HighWater && !Other; ++U)
    Other = U != Tid && enabled(U, false);
  if (!Other || T.Postpones >= Cfg.MaxPostpones) {
    StateLock.unlock();
    return;
  }
  ++T.Postpones;
  T.Wait = WaitKind::Postponed;
  T.RaceFlags = Flags;
  T.PostponedAt = Step;
  parkLocked(Tid);
}

} // namespace

void accessPoint(uint32_t Tid, const void *Site, uint32_t RaceFlags) {
  if (!scheduled(Tid) || __atomic_load_n(&Current, __ATOMIC_RELAXED) != Tid)
    return;
  if (RaceFlags && Cfg.RaceDirected)
    raceAccess(Tid, RaceFlags);
  if (!Cfg.AccessPct) { // only a spin ends the turn here
    if (++SinceGrant < SpinBound)
      return;
    StateLock.lock();
    if (Cfg.Kind == Strategy::Pct)
      lowerPriority(Tid);
    Threads[Tid].Wait = WaitKind::Yield;
    parkLocked(Tid);
    return;
  }
  uint32_t Change = MaxChangePoints;
  // The same site again right after itself (a spin on a flag, a loop of one access)
  // is one point: a window inside it is no different from the one before it.
  if (Threads[Tid].LastSite != Site || !Site) {
    Threads[Tid].LastSite = Site;
    uint64_t N = ++AccessCount;
    for (uint32_t I = 0; I + 1 < Cfg.PctDepth && I < MaxChangePoints; ++I)
      if (AccessChangePoints[I] == N)
        Change = I;
  }
  if (Change == MaxChangePoints && ++SinceGrant < SpinBound)
    return;
  StateLock.lock();
  if (Change != MaxChangePoints) {
    Threads[Tid].Priority = ChangePointBase + Change; // below every initial priority
  } else {
    // A spin: let the thread it waits for run, and take the spin's access points back,
    // so that k counts the program's work, not how long a thread waited.
    lowerPriority(Tid);
    AccessCount = AtGrant;
  }
  Threads[Tid].Wait = Change != MaxChangePoints ? WaitKind::Run : WaitKind::Yield;
  parkLocked(Tid);
}

uint64_t accessPoints() { return __atomic_load_n(&AccessCount, __ATOMIC_RELAXED); }

void yield(uint32_t Tid) {
  if (!scheduled(Tid))
    return;
  StateLock.lock();
  if (Cfg.Kind == Strategy::Pct)
    lowerPriority(Tid);
  Threads[Tid].Wait = WaitKind::Yield;
  parkLocked(Tid);
}

uint32_t currentTurn() { return __atomic_load_n(&Current, __ATOMIC_RELAXED); }
uint64_t progress() { return __atomic_load_n(&Progress, __ATOMIC_RELAXED); }
uint64_t steps() { return __atomic_load_n(&Step, __ATOMIC_RELAXED); }

uint32_t passTurn(uint32_t Tid, uint64_t AtProgress) {
  StateLock.lock();
  uint32_t Next = NoThread;
  if (Active && !GaveUp && Current == Tid && Progress == AtProgress && valid(Tid) &&
      Threads[Tid].St == State::Running) {
    Threads[Tid].St = State::Free;
    Current = NoThread;
    ++Step;
    Next = choose();
    if (Next != NoThread)
      grant(Next);
  }
  StateLock.unlock();
  return Next;
}

} // namespace interlock::rt::sched
