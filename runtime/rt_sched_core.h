//===- rt_sched_core.h - The serializing scheduler's model and strategies -===//
//
// One program thread holds the turn at a time; every modelled operation is a scheduling
// point where the thread parks with what it waits for (its "wait"), and a strategy
// picks the next thread among those whose wait can be satisfied now ("enabled"). The
// model knows mutexes (owner, recursion), reader-writer locks (writer, readers),
// condition variables (wait sets, notified flags, optional spurious wake-ups, timed
// waits), thread start, end and join. When no thread is enabled and some are blocked,
// that is a real deadlock: the wait-for graph goes to Hooks::OnDeadlock.
//
// Threads are named by the runtime's thread ids (ThreadState::Tid), so this file knows
// nothing of the runtime and is unit-tested with plain std::threads
// (tests/runtime/sched/). Compiled without ThreadSanitizer and without the C++ library.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_RT_SCHED_CORE_H
#define INTERLOCK_RT_SCHED_CORE_H

#include <stdint.h>

namespace interlock::rt::sched {

enum class Strategy : uint8_t {
  None,   // no scheduling: operations run as the program wrote them
  Random, // uniform random walk over enabled threads at every point
  Pct,    // probabilistic concurrency testing, depth PctDepth
  Delay,  // no serialization: random delays at every point (cannot replay)
};

struct Config {
  Strategy Kind = Strategy::Random;
  uint64_t Seed = 0;
  uint32_t PctDepth = 1;  // d: the bug depth PCT targets (1..3)
  uint32_t PctSteps = 16; // k: PCT's estimate of scheduling points per run
  bool Spurious = false;  // condition waits may wake without a notify (once per notify)
  // pct-access: PCT whose change points fall on access points (shared loads and
  // stores, atomics, fences, exits: accessPoint()) rather than on synchronisation
  // points; AccessSteps is k there, the access points of a calibration run (0: none,
  // the run only counts them).
  bool AccessPct = false;
  uint64_t AccessSteps = 0;
  // Race-directed (RaceFuzzer, Sen PLDI 2008): a thread reaching an access point of
  // one side of the aimed race (RaceA/RaceB flags of accessPoint()) is postponed until
  // another thread reaches the other side, then the seed lets one of them go first;
  // a postponed thread goes on by itself once PostponeBound decisions passed or no
  // other thread can run. Other decisions follow Kind (the runtime uses PCT of depth 1).
  bool RaceDirected = false;
  uint32_t PostponeBound = 64;
  uint32_t MaxPostpones = 64; // per thread and run: a racy access in a hot loop stays cheap
};

/// accessPoint()'s RaceFlags: the access is side A or side B of the aimed race.
inline constexpr uint32_t RaceA = 1, RaceB = 2;

/// What a parked thread waits for.
enum class WaitKind : uint8_t {
  Run,    // nothing: a plain scheduling point
  Start,  // a new thread before its first instruction
  Lock,   // a mutex
  RdLock, // a reader-writer lock, shared
  WrLock, // a reader-writer lock, exclusive
  Cond,   // a condition variable (then its mutex)
  Join,   // another thread's end
  Yield,  // yield or sleep: runnable, but PCT lowers its priority
  End,    // (decision log only) the thread ended
  Barrier, // a barrier (pthread_barrier_wait) until enough threads arrived
  Futex,   // a futex word (atomic wait, semaphore, latch, std::barrier) until woken
  Postponed, // race-directed: at one side of the race, until a thread reaches the other
};
const char *waitKindName(WaitKind K);

enum class LockMode : uint8_t { Mutex, RecursiveMutex, Read, Write };

inline constexpr uint32_t MaxThreads = 1024;
inline constexpr uint32_t NoThread = ~0u;
inline constexpr uint32_t MaxReaders = 8;

/// One blocked thread in a deadlock.
struct BlockedThread {
  uint32_t Tid;
  WaitKind Wait;
  const void *Obj;    // the lock, condition variable; joined thread's tid for Join
  const void *Mutex;  // Cond: the mutex to reacquire
  uint32_t Holder;    // who it waits for (lock owner, joined thread); NoThread if none
  bool HolderEnded;   // the holder has finished (a lock leaked by a finished thread)
};

struct DeadlockInfo {
  enum Kind : uint8_t {
    Cycle,      // threads wait for each other in a cycle
    DoubleLock, // one thread waits for a non-recursive mutex it already holds
    Stall,      // no cycle: waits for notifications nobody can send, or leaked locks
  } K;
  uint32_t NumCycle;
  uint32_t CycleTids[MaxThreads]; // Cycle/DoubleLock: each waits for the next
  uint32_t NumBlocked;
  BlockedThread Blocked[MaxThreads];
};

struct Hooks {
  /// Every decision, in order. Step counts from 1.
  void (*OnDecision)(void *Ctx, uint64_t Step, uint32_t Tid, WaitKind Why) = nullptr;
  /// Nothing can run. Called with the scheduler's state locked; the runtime writes the
  /// report and exits. If it returns, the scheduler gives up: every parked thread is
  /// released with result -1 and later operations pass through.
  void (*OnDeadlock)(void *Ctx, const DeadlockInfo &Info) = nullptr;
  /// Race-directed: two threads met at the two sides of the race; First's access runs
  /// before Second's (flags: RaceA/RaceB of each access).
  void (*OnRaceMet)(void *Ctx, uint32_t First, uint32_t FirstFlags, uint32_t Second,
                    uint32_t SecondFlags) = nullptr;
  void *Ctx = nullptr;
};

/// Resets everything (tests call it between cases).
void init(const Config &C, const Hooks &H);
bool serializing(); // a serializing strategy is active and has not given up
const Config &config();

/// The first thread (main) takes the turn.
void attachFirst(uint32_t Tid);
bool isScheduled(uint32_t Tid);

// Threads. created() runs in the parent before the OS thread exists; started() in the
// child before its first instruction (it waits for its turn); ended() after its last.
void created(uint32_t Parent, uint32_t Child);
void createFailed(uint32_t Child);
void started(uint32_t Tid);
void ended(uint32_t Tid);
/// Waits until Child ended (in the model); the real join then returns quickly.
void join(uint32_t Tid, uint32_t Child);

// Locks. acquire() returns once the caller owns the lock in the model (the real lock
// then cannot block); -1 if the scheduler gave up. tryAcquired() records a successful
// try-lock; released() records an unlock and is a scheduling point.
int acquire(uint32_t Tid, const void *Lock, LockMode Mode);
void tryAcquired(uint32_t Tid, const void *Lock, LockMode Mode);
void released(uint32_t Tid, const void *Lock);
/// Whether the model thinks Lock is free for Tid in Mode (used by tests and try-locks).
bool lockFree(uint32_t Tid, const void *Lock, LockMode Mode);

// Condition variables. The caller has released Mutex for real; condWait() releases it in
// the model, parks until notified (or a spurious or timed wake-up), reacquires it in
// the model, and returns 0, ETIMEDOUT (timed waits only) or -1 (gave up).
int condWait(uint32_t Tid, const void *Cv, const void *Mutex, bool Timed);
void notify(uint32_t Tid, const void *Cv, bool All);

/// A barrier of Count threads (pthread_barrier_wait). Returns once Count threads
/// arrived: 1 for the last of them (PTHREAD_BARRIER_SERIAL_THREAD), 0 for the others,
/// -1 if the scheduler does not model it (gave up, table full, thread not scheduled):
/// the caller then waits for real. Fewer than Count threads that can ever arrive is a
/// deadlock.
int barrierWait(uint32_t Tid, const void *Barrier, uint32_t Count);

// Futexes: the waits and wakes libstdc++'s atomic waits (std::atomic::wait,
// counting_semaphore, latch, barrier) inline into the program. futexWait() returns
// EAGAIN at once if *Word != Value, else parks until a futexWake() on Word picks it,
// *Word changes, or (Timed) nothing else can run; then 0 or ETIMEDOUT (a futex may
// wake without a reason; its callers check their condition again). -1: not modelled.
int futexWait(uint32_t Tid, const int *Word, int Value, bool Timed);
/// Marks up to Count waiters on Word woken (the seed picks which); a scheduling point.
void futexWake(uint32_t Tid, const int *Word, uint32_t Count);

/// An access point of the thread holding the turn. Under every serializing strategy a
/// spin (SpinBound access points in a row without a synchronisation point) ends the
/// turn as a yield would, so a thread spinning on a flag lets the thread that sets it
/// run (and the run still replays). Under pct-access the thread also loses the turn at
/// a change point; the spin's access points no longer count. Otherwise it returns at
/// once.
/// Site identifies the source position; the same site again right after itself counts
/// once (a spin on a flag is one point).
/// Race-directed runs: RaceFlags (RaceA, RaceB) says the access is a side of the race.
void accessPoint(uint32_t Tid, const void *Site, uint32_t RaceFlags = 0);
inline constexpr uint32_t SpinBound = 4096;
/// Access points counted so far (the calibration run's k).
uint64_t accessPoints();

/// A plain scheduling point; yield() also lowers the thread's PCT priority.
void point(uint32_t Tid);
void yield(uint32_t Tid);

// The watchdog (rt_sched_watchdog.cpp) reads these without the state lock.
uint32_t currentTurn();
uint64_t progress(); // bumps at every grant
uint64_t steps();
/// If Tid still holds the turn and no grant happened since Progress: Tid leaves the
/// schedule until its next scheduling point (it runs free), and the turn goes to another
/// enabled thread. Returns the thread that got the turn, or NoThread.
uint32_t passTurn(uint32_t Tid, uint64_t Progress);

} // namespace interlock::rt::sched

#endif
