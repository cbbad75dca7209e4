//===- SchedCoreTest.cpp - The scheduler core with real threads -----------===//
//
// Threads here stand for program threads: they call the core's entry points where the
// runtime's wrappers would (created/started/ended, acquire/released, condWait/notify,
// join, yield). Locks exist only in the model, so a deadlock parks the threads inside
// the scheduler, which reports it and then releases everyone (the runtime would exit).
//
//===----------------------------------------------------------------------===//
#include "rt_sched_core.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <errno.h>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

using namespace interlock::rt::sched;

namespace {

struct Harness {
  std::vector<std::string> Decisions; // written under the scheduler's lock
  std::optional<DeadlockInfo::Kind> DeadlockKind;
  std::vector<uint32_t> Cycle;
  std::vector<BlockedThread> Blocked;

  static void onDecision(void *Ctx, uint64_t Step, uint32_t Tid, WaitKind Why) {
    auto *H = static_cast<Harness *>(Ctx);
    H->Decisions.push_back(std::to_string(Step) + ":" + std::to_string(Tid) + ":" +
                           waitKindName(Why));
  }
  static void onDeadlock(void *Ctx, const DeadlockInfo &I) {
    auto *H = static_cast<Harness *>(Ctx);
    H->DeadlockKind = I.K;
    H->Cycle.assign(I.CycleTids, I.CycleTids + I.NumCycle);
    H->Blocked.assign(I.Blocked, I.Blocked + I.NumBlocked);
  }

  explicit Harness(Config C) {
    Hooks Hk;
    Hk.OnDecision = onDecision;
    Hk.OnDeadlock = onDeadlock;
    Hk.Ctx = this;
    init(C, Hk);
    attachFirst(0);
  }
  ~Harness() { init(Config{Strategy::None}, Hooks{}); }

  /// Parent creates Child running Body, as the runtime's create wrapper would.
  std::thread spawn(uint32_t Parent, uint32_t Child, std::function<void()> Body) {
    created(Parent, Child);
    std::thread T([Child, Body] {
      started(Child);
      Body();
      ended(Child);
    });
    point(Parent); // the runtime's schedAfter(ThreadCreate)
    return T;
  }
  void joinThread(uint32_t Self, uint32_t Child, std::thread &T) {
    join(Self, Child);
    T.join();
  }
};

Config cfg(Strategy S, uint64_t Seed, uint32_t Depth = 1) {
  Config C;
  C.Kind = S;
  C.Seed = Seed;
  C.PctDepth = Depth;
  C.PctSteps = 20;
  return C;
}

/// Two threads increment a counter under a model mutex; returns the decisions.
std::vector<std::string> lockedCounter(Config C, int *Out = nullptr) {
  Harness H(C);
  static int M;
  int Counter = 0; // only one thread runs at a time: plain int is fine here
  auto Work = [&Counter](uint32_t Tid) {
    for (int I = 0; I < 5; ++I) {
      acquire(Tid, &M, LockMode::Mutex);
      int V = Counter;
      point(Tid); // a preemption inside the critical section
      Counter = V + 1;
      released(Tid, &M);
    }
  };
  std::thread A = H.spawn(0, 1, [&] { Work(1); });
  std::thread B = H.spawn(0, 2, [&] { Work(2); });
  H.joinThread(0, 1, A);
  H.joinThread(0, 2, B);
  EXPECT_FALSE(H.DeadlockKind);
  if (Out)
    *Out = Counter;
  return H.Decisions;
}

TEST(SchedCore, MutexExcludesAndSerializes) {
  for (uint64_t Seed = 0; Seed < 20; ++Seed) {
    int Counter = 0;
    lockedCounter(cfg(Strategy::Random, Seed), &Counter);
    EXPECT_EQ(Counter, 10) << "seed " << Seed;
  }
}

TEST(SchedCore, SameSeedSameDecisions) {
  for (Strategy S : {Strategy::Random, Strategy::Pct})
    for (uint64_t Seed = 1; Seed < 6; ++Seed) {
      auto First = lockedCounter(cfg(S, Seed, 2));
      for (int Rep = 0; Rep < 5; ++Rep)
        EXPECT_EQ(lockedCounter(cfg(S, Seed, 2)), First);
    }
}

TEST(SchedCore, DifferentSeedsExploreDifferentSchedules) {
  std::set<std::vector<std::string>> Distinct;
  for (uint64_t Seed = 0; Seed < 20; ++Seed)
    Distinct.insert(lockedCounter(cfg(Strategy::Random, Seed)));
  EXPECT_GT(Distinct.size(), 10u);
}

/// Lost update without a lock: random walk and PCT both find the bad interleaving.
int lostUpdates(Config C) {
  Harness H(C);
  int Counter = 0;
  auto Work = [&Counter](uint32_t Tid) {
    int V = Counter;
    point(Tid);
    Counter = V + 1;
  };
  std::thread A = H.spawn(0, 1, [&] { Work(1); });
  std::thread B = H.spawn(0, 2, [&] { Work(2); });
  H.joinThread(0, 1, A);
  H.joinThread(0, 2, B);
  return Counter;
}

TEST(SchedCore, StrategiesFindAtomicityViolation) {
  for (Strategy S : {Strategy::Random, Strategy::Pct}) {
    int Bad = 0;
    for (uint64_t Seed = 0; Seed < 50; ++Seed)
      Bad += lostUpdates(cfg(S, Seed, 2)) != 2;
    EXPECT_GT(Bad, 0) << "strategy " << int(S);
  }
}

TEST(SchedCore, ReportsLockOrderDeadlock) {
  int Found = 0;
  for (uint64_t Seed = 0; Seed < 40; ++Seed) {
    Harness H(cfg(Strategy::Random, Seed));
    static int A, B;
    auto Two = [](uint32_t Tid, const void *First, const void *Second) {
      if (acquire(Tid, First, LockMode::Mutex) < 0)
        return;
      if (acquire(Tid, Second, LockMode::Mutex) < 0)
        return;
      released(Tid, Second);
      released(Tid, First);
    };
    std::thread T1 = H.spawn(0, 1, [&] { Two(1, &A, &B); });
    std::thread T2 = H.spawn(0, 2, [&] { Two(2, &B, &A); });
    join(0, 1);
    join(0, 2);
    T1.join();
    T2.join();
    if (H.DeadlockKind) {
      ++Found;
      EXPECT_EQ(*H.DeadlockKind, DeadlockInfo::Cycle);
      EXPECT_EQ(std::set<uint32_t>(H.Cycle.begin(), H.Cycle.end()),
                (std::set<uint32_t>{1, 2}));
    }
  }
  EXPECT_GT(Found, 0);
  EXPECT_LT(Found, 40);
}

TEST(SchedCore, ReportsDoubleLockAndAllowsRecursive) {
  {
    Harness H(cfg(Strategy::Random, 7));
    static int R;
    EXPECT_EQ(acquire(0, &R, LockMode::RecursiveMutex), 0);
    EXPECT_EQ(acquire(0, &R, LockMode::RecursiveMutex), 0);
    released(0, &R);
    released(0, &R);
    EXPECT_TRUE(lockFree(0, &R, LockMode::Mutex));
    EXPECT_FALSE(H.DeadlockKind);
  }
  Harness H(cfg(Strategy::Random, 7));
  static int M;
  EXPECT_EQ(acquire(0, &M, LockMode::Mutex), 0);
  EXPECT_EQ(acquire(0, &M, LockMode::Mutex), -1); // gave up after the report
  ASSERT_TRUE(H.DeadlockKind);
  EXPECT_EQ(*H.DeadlockKind, DeadlockInfo::DoubleLock);
  EXPECT_EQ(H.Cycle, std::vector<uint32_t>{0});
}

TEST(SchedCore, LeakedLockIsAStallNamingTheEndedHolder) {
  Harness H(cfg(Strategy::Random, 3));
  static int M;
  std::thread T = H.spawn(0, 1, [] { acquire(1, &M, LockMode::Mutex); /* never unlocks */ });
  join(0, 1);
  T.join();
  EXPECT_EQ(acquire(0, &M, LockMode::Mutex), -1);
  ASSERT_TRUE(H.DeadlockKind);
  EXPECT_EQ(*H.DeadlockKind, DeadlockInfo::Stall);
  ASSERT_EQ(H.Blocked.size(), 1u);
  EXPECT_EQ(H.Blocked[0].Holder, 1u);
  EXPECT_TRUE(H.Blocked[0].HolderEnded);
}

TEST(SchedCore, RwLockReadersShareWritersExclude) {
  for (uint64_t Seed = 0; Seed < 20; ++Seed) {
    Harness H(cfg(Strategy::Random, Seed));
    static int L;
    std::atomic<int> Readers{0}, MaxReaders{0};
    bool WriterOverlap = false;
    auto Reader = [&](uint32_t Tid) {
      acquire(Tid, &L, LockMode::Read);
      int N = ++Readers;
      MaxReaders = std::max(MaxReaders.load(), N);
      point(Tid);
      --Readers;
      released(Tid, &L);
    };
    auto Writer = [&](uint32_t Tid) {
      acquire(Tid, &L, LockMode::Write);
      WriterOverlap |= Readers.load() != 0;
      point(Tid);
      WriterOverlap |= Readers.load() != 0;
      released(Tid, &L);
    };
    std::thread R1 = H.spawn(0, 1, [&] { Reader(1); });
    std::thread R2 = H.spawn(0, 2, [&] { Reader(2); });
    std::thread W = H.spawn(0, 3, [&] { Writer(3); });
    H.joinThread(0, 1, R1);
    H.joinThread(0, 2, R2);
    H.joinThread(0, 3, W);
    EXPECT_FALSE(WriterOverlap);
    EXPECT_FALSE(H.DeadlockKind);
  }
}

TEST(SchedCore, CondVarWaitNotify) {
  for (uint64_t Seed = 0; Seed < 20; ++Seed) {
    Harness H(cfg(Strategy::Random, Seed));
    static int M, Cv;
    bool Ready = false;
    std::thread Waiter = H.spawn(0, 1, [&] {
      acquire(1, &M, LockMode::Mutex);
      while (!Ready)
        condWait(1, &Cv, &M, false);
      released(1, &M);
    });
    acquire(0, &M, LockMode::Mutex);
    Ready = true;
    notify(0, &Cv, false);
    released(0, &M);
    H.joinThread(0, 1, Waiter);
    EXPECT_FALSE(H.DeadlockKind) << "seed " << Seed;
  }
}

TEST(SchedCore, LostWakeupIsAStall) {
  // The waiter checks nothing: if the notify comes first, nobody wakes it.
  int Stalls = 0;
  for (uint64_t Seed = 0; Seed < 30; ++Seed) {
    Harness H(cfg(Strategy::Random, Seed));
    static int M, Cv;
    std::thread Waiter = H.spawn(0, 1, [&] {
      acquire(1, &M, LockMode::Mutex);
      if (condWait(1, &Cv, &M, false) >= 0)
        released(1, &M);
    });
    acquire(0, &M, LockMode::Mutex);
    notify(0, &Cv, false);
    released(0, &M);
    join(0, 1);
    Waiter.join();
    if (H.DeadlockKind) {
      ++Stalls;
      EXPECT_EQ(*H.DeadlockKind, DeadlockInfo::Stall);
    }
  }
  EXPECT_GT(Stalls, 0);
  EXPECT_LT(Stalls, 30);
}

TEST(SchedCore, SpuriousWakeupsOnlyWhenAsked) {
  for (bool Spurious : {false, true}) {
    int Woken = 0;
    for (uint64_t Seed = 0; Seed < 30; ++Seed) {
      Config C = cfg(Strategy::Random, Seed);
      C.Spurious = Spurious;
      Harness H(C);
      static int M, Cv;
      bool Ready = false, WokeEarly = false;
      std::thread Waiter = H.spawn(0, 1, [&] {
        acquire(1, &M, LockMode::Mutex);
        while (!Ready) {
          condWait(1, &Cv, &M, false);
          WokeEarly |= !Ready;
        }
        released(1, &M);
      });
      for (int I = 0; I < 3; ++I)
        point(0);
      acquire(0, &M, LockMode::Mutex);
      Ready = true;
      notify(0, &Cv, true);
      released(0, &M);
      H.joinThread(0, 1, Waiter);
      Woken += WokeEarly;
      EXPECT_FALSE(H.DeadlockKind);
    }
    if (Spurious)
      EXPECT_GT(Woken, 0);
    else
      EXPECT_EQ(Woken, 0);
  }
}

TEST(SchedCore, TimedWaitTimesOutOnlyWhenNothingElseRuns) {
  Harness H(cfg(Strategy::Random, 5));
  static int M, Cv;
  acquire(0, &M, LockMode::Mutex);
  EXPECT_EQ(condWait(0, &Cv, &M, true), ETIMEDOUT);
  EXPECT_FALSE(lockFree(1, &M, LockMode::Mutex)); // reacquired in the model
  released(0, &M);
  EXPECT_FALSE(H.DeadlockKind);
}

TEST(SchedCore, JoinWaitsForTheEnd) {
  for (uint64_t Seed = 0; Seed < 20; ++Seed) {
    Harness H(cfg(Strategy::Pct, Seed, 3));
    bool Done = false;
    std::thread T = H.spawn(0, 1, [&] {
      point(1);
      yield(1);
      Done = true;
    });
    join(0, 1);
    EXPECT_TRUE(Done);
    T.join();
  }
}

TEST(SchedCore, YieldLetsASpinnerMakeProgressUnderPct) {
  // A thread spinning on yield() must not starve the thread it waits for, even when PCT
  // gave the spinner the highest priority.
  for (uint64_t Seed = 0; Seed < 20; ++Seed) {
    Harness H(cfg(Strategy::Pct, Seed, 1));
    std::atomic<bool> Flag{false};
    std::thread Spinner = H.spawn(0, 1, [&] {
      while (!Flag.load())
        yield(1);
    });
    std::thread Setter = H.spawn(0, 2, [&] {
      point(2);
      Flag = true;
    });
    H.joinThread(0, 1, Spinner);
    H.joinThread(0, 2, Setter);
  }
}

TEST(SchedCore, PassTurnLetsAStuckThreadGo) {
  Harness H(cfg(Strategy::Random, 11));
  std::atomic<bool> Release{false}, OtherRan{false};
  std::thread Other = H.spawn(0, 1, [&] {
    OtherRan = true;
    Release = true;
  });
  // Main now "blocks where the scheduler cannot see" until Other runs: only the
  // watchdog's passTurn can let Other go.
  if (currentTurn() == 0 && !OtherRan.load())
    EXPECT_EQ(passTurn(0, progress()), 1u);
  while (!Release.load())
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  point(0); // rejoins the schedule
  H.joinThread(0, 1, Other);
  EXPECT_TRUE(OtherRan);
}

} // namespace

namespace {
/// Lost update whose window holds only access points (no synchronisation point).
int lostUpdatesAtAccesses(Config C) {
  Harness H(C);
  int Counter = 0;
  static const int ReadSite = 0, WriteSite = 0;
  auto Work = [&Counter](uint32_t Tid) {
    accessPoint(Tid, &ReadSite);
    int V = Counter;
    accessPoint(Tid, &WriteSite);
    Counter = V + 1;
  };
  std::thread A = H.spawn(0, 1, [&] { Work(1); });
  std::thread B = H.spawn(0, 2, [&] { Work(2); });
  H.joinThread(0, 1, A);
  H.joinThread(0, 2, B);
  return Counter;
}
} // namespace

TEST(SchedCore, PctAccessSwitchesAtAccessPointsOnly) {
  int BadAccess = 0, BadPct = 0;
  for (uint64_t Seed = 0; Seed < 60; ++Seed) {
    Config C = cfg(Strategy::Pct, Seed, 2);
    BadPct += lostUpdatesAtAccesses(C) != 2;
    C.AccessPct = true;
    C.AccessSteps = 4; // two threads, two access points each
    BadAccess += lostUpdatesAtAccesses(C) != 2;
  }
  EXPECT_EQ(BadPct, 0);
  // PCT's bound for d = 2, n = 3 (main too), k = 4: at least 1/12 of the runs.
  EXPECT_GE(BadAccess, 5);
}

TEST(SchedCore, PctAccessSameSeedSameOutcome) {
  Config C = cfg(Strategy::Pct, 7, 2);
  C.AccessPct = true;
  C.AccessSteps = 4;
  int First = lostUpdatesAtAccesses(C);
  for (int I = 0; I < 10; ++I)
    EXPECT_EQ(lostUpdatesAtAccesses(C), First);
}

TEST(SchedCore, SpinOnAccessPointsEndsTheTurn) {
  // A thread spinning on a flag with only access points (no yield) must not starve the
  // thread that sets it, under every serializing strategy.
  for (Strategy S : {Strategy::Random, Strategy::Pct})
    for (uint64_t Seed = 0; Seed < 10; ++Seed) {
      Harness H(cfg(S, Seed, 1));
      std::atomic<bool> Flag{false};
      static const int Site = 0;
      std::thread Spinner = H.spawn(0, 1, [&] {
        while (!Flag.load())
          accessPoint(1, &Site);
      });
      std::thread Setter = H.spawn(0, 2, [&] {
        point(2);
        Flag = true;
      });
      H.joinThread(0, 1, Spinner);
      H.joinThread(0, 2, Setter);
    }
}

/// A lost update under race-directed scheduling: two threads read (side A) then write
/// (side B) a shared counter; returns the final balance (20, or 10 when lost) and
/// appends each meeting's sides (first, second) to Met.
int raceDirectedLostUpdate(uint64_t Seed, std::vector<std::pair<uint32_t, uint32_t>> *Met) {
  Config C = cfg(Strategy::Random, Seed);
  C.RaceDirected = true;
  struct Ctx {
    std::vector<std::pair<uint32_t, uint32_t>> *Met;
  } X{Met};
  Hooks Hk;
  Hk.Ctx = &X;
  Hk.OnRaceMet = [](void *P, uint32_t, uint32_t FirstSides, uint32_t, uint32_t SecondSides) {
    if (auto *M = static_cast<Ctx *>(P)->Met)
      M->push_back({FirstSides, SecondSides});
  };
  init(C, Hk);
  attachFirst(0);
  int Balance = 0;
  static const int ReadSite = 0, WriteSite = 0;
  auto Deposit = [&](uint32_t Tid) {
    accessPoint(Tid, &ReadSite, RaceA);
    int B = Balance;
    accessPoint(Tid, &WriteSite, RaceB);
    Balance = B + 10;
  };
  auto spawn = [&](uint32_t Child) {
    created(0, Child);
    std::thread T([&, Child] {
      started(Child);
      Deposit(Child);
      ended(Child);
    });
    point(0);
    return T;
  };
  std::thread T1 = spawn(1), T2 = spawn(2);
  join(0, 1);
  T1.join();
  join(0, 2);
  T2.join();
  init(Config{Strategy::None}, Hooks{});
  return Balance;
}

TEST(SchedCore, RaceDirectedOpensTheWindowInSomeSeeds) {
  // The read-to-write window holds no synchronisation point: a random walk never opens
  // it; postponing a thread at one side until the other reaches the other side does,
  // in both orders across seeds, and the same seed always does the same.
  std::set<int> Outcomes;
  bool AThenB = false, BThenA = false;
  for (uint64_t Seed = 0; Seed < 20; ++Seed) {
    std::vector<std::pair<uint32_t, uint32_t>> Met;
    int Balance = raceDirectedLostUpdate(Seed, &Met);
    Outcomes.insert(Balance);
    EXPECT_FALSE(Met.empty()) << "seed " << Seed;
    for (auto [First, Second] : Met) {
      AThenB |= (First & RaceA) && (Second & RaceB);
      BThenA |= (First & RaceB) && (Second & RaceA);
    }
    EXPECT_EQ(Balance, raceDirectedLostUpdate(Seed, nullptr)) << "seed " << Seed;
  }
  EXPECT_EQ(Outcomes, (std::set<int>{10, 20}));
  EXPECT_TRUE(AThenB);
  EXPECT_TRUE(BThenA);
}

TEST(SchedCore, RaceDirectedWithoutMarksIsARandomWalk) {
  Config C = cfg(Strategy::Random, 3);
  C.RaceDirected = true;
  Harness H(C);
  static const int Site = 0;
  std::thread T = H.spawn(0, 1, [] { accessPoint(1, &Site); });
  H.joinThread(0, 1, T);
  for (const std::string &D : H.Decisions)
    EXPECT_EQ(D.find("postponed"), std::string::npos) << D;
}

TEST(SchedCore, BarrierReleasesARoundOnlyWhenAllArrived) {
  for (uint64_t Seed = 0; Seed < 10; ++Seed) {
    Harness H(cfg(Strategy::Random, Seed));
    static const int Barrier = 0;
    std::atomic<int> Arrived{0}, Serial{0}, SawAll{0};
    auto Body = [&](uint32_t Tid) {
      Arrived.fetch_add(1);
      int R = barrierWait(Tid, &Barrier, 3);
      Serial += R == 1;
      SawAll += Arrived.load() == 3;
    };
    std::thread A = H.spawn(0, 1, [&] { Body(1); });
    std::thread B = H.spawn(0, 2, [&] { Body(2); });
    std::thread C = H.spawn(0, 3, [&] { Body(3); });
    H.joinThread(0, 1, A);
    H.joinThread(0, 2, B);
    H.joinThread(0, 3, C);
    EXPECT_EQ(Serial.load(), 1) << "seed " << Seed;
    EXPECT_EQ(SawAll.load(), 3) << "seed " << Seed;
    EXPECT_FALSE(H.DeadlockKind);
  }
}

TEST(SchedCore, BarrierThatTooFewReachIsAStall) {
  Harness H(cfg(Strategy::Random, 1));
  static const int Barrier = 0;
  std::thread A = H.spawn(0, 1, [&] { barrierWait(1, &Barrier, 3); });
  std::thread B = H.spawn(0, 2, [&] { barrierWait(2, &Barrier, 3); });
  H.joinThread(0, 1, A);
  H.joinThread(0, 2, B);
  ASSERT_TRUE(H.DeadlockKind);
  EXPECT_EQ(*H.DeadlockKind, DeadlockInfo::Stall);
}

TEST(SchedCore, FutexWaitParksUntilWokenOrChanged) {
  for (uint64_t Seed = 0; Seed < 10; ++Seed) {
    Harness H(cfg(Strategy::Random, Seed));
    int Word = 0;
    std::thread Waiter = H.spawn(0, 1, [&] {
      while (__atomic_load_n(&Word, __ATOMIC_ACQUIRE) == 0)
        EXPECT_NE(futexWait(1, &Word, 0, false), -1);
    });
    std::thread Waker = H.spawn(0, 2, [&] {
      __atomic_store_n(&Word, 1, __ATOMIC_RELEASE);
      futexWake(2, &Word, 1);
    });
    H.joinThread(0, 1, Waiter);
    H.joinThread(0, 2, Waker);
    EXPECT_FALSE(H.DeadlockKind) << "seed " << Seed;
  }
  // A value that differs returns at once; nobody to wake is a stall.
  Harness H(cfg(Strategy::Random, 1));
  int Word = 1;
  EXPECT_EQ(futexWait(0, &Word, 0, false), EAGAIN);
  std::thread Stuck = H.spawn(0, 1, [&] { futexWait(1, &Word, 1, false); });
  H.joinThread(0, 1, Stuck);
  ASSERT_TRUE(H.DeadlockKind);
  EXPECT_EQ(*H.DeadlockKind, DeadlockInfo::Stall);
}
