//===- RunDetectorsTest.cpp - Goodlock filters and lifetime checks --------===//
#include "dynamic/pass/RunDetectors.h"

#include <gtest/gtest.h>

using namespace interlock;
using trace::Event;
using trace::EventKind;

namespace {

constexpr uint64_t A = 0x1000, B = 0x2000, G = 0x3000;

/// A trace built event by event; ticks increase with every event added.
class TraceBuilder {
public:
  TraceBuilder() {
    T.Head.TicksPerSecond = 1000000000;
    for (uint32_t Site = 1; Site < 40; ++Site)
      T.Sites[Site] = TraceSite{"/src/prog.cpp", "f", Site, 1, trace::SiteUserCode};
  }
  TraceThread &thread(uint32_t Tid, uint32_t Flags = trace::ThreadStd) {
    for (TraceThread &Th : T.Threads)
      if (Th.Tid == Tid)
        return Th;
    TraceThread Th;
    Th.Tid = Tid;
    Th.Flags = Tid == 0 ? trace::ThreadMain : Flags;
    Th.CreateSite = 30 + Tid;
    T.Threads.push_back(Th);
    return T.Threads.back();
  }
  TraceBuilder &ev(uint32_t Tid, EventKind K, uint64_t Obj = 0, uint8_t Flags = 0,
                   uint32_t Site = 1) {
    thread(Tid).Events.push_back(Event::make(K, Obj, Flags, ++Tick, Site));
    return *this;
  }
  TraceBuilder &create(uint32_t Parent, uint32_t Child, uint32_t Flags = trace::ThreadStd) {
    thread(Child, Flags);
    ev(Parent, EventKind::ThreadCreate, Child, 0, 30 + Child);
    return ev(Child, EventKind::ThreadStart, Parent);
  }
  TraceBuilder &join(uint32_t Parent, uint32_t Child) {
    ev(Child, EventKind::ThreadEnd);
    ev(Parent, EventKind::JoinBefore, Child);
    return ev(Parent, EventKind::JoinAfter, Child);
  }
  TraceBuilder &lock(uint32_t Tid, uint64_t M, uint32_t Site, uint8_t Flags = 0) {
    if (!(Flags & trace::LockTry))
      ev(Tid, EventKind::LockAttempt, M, Flags, Site);
    return ev(Tid, EventKind::LockAcquired, M, Flags, Site);
  }
  TraceBuilder &unlock(uint32_t Tid, uint64_t M) {
    return ev(Tid, EventKind::LockReleased, M);
  }
  RunAnalysis analyze() {
    std::sort(T.Threads.begin(), T.Threads.end(),
              [](const TraceThread &X, const TraceThread &Y) { return X.Tid < Y.Tid; });
    return analyzeTrace(T, DetectorOptions{});
  }
  Trace T;
  uint64_t Tick = 0;
};

unsigned count(const RunAnalysis &R, llvm::StringRef Check) {
  unsigned N = 0;
  for (const Finding &F : R.Findings)
    N += F.CheckId == Check;
  return N;
}

/// T1 takes A then B, T2 takes B then A, both alive at once.
TraceBuilder inversion(bool Gate, bool SameThread, bool Joined) {
  TraceBuilder Tb;
  Tb.ev(0, EventKind::ThreadStart);
  Tb.create(0, 1);
  if (!SameThread && !Joined)
    Tb.create(0, 2);
  uint32_t Second = SameThread ? 1 : 2;
  if (Gate)
    Tb.lock(1, G, 9);
  Tb.lock(1, A, 10).lock(1, B, 11).unlock(1, B).unlock(1, A);
  if (Gate)
    Tb.unlock(1, G);
  if (Joined) {
    Tb.join(0, 1);
    Tb.create(0, 2);
  }
  if (Gate)
    Tb.lock(Second, G, 19);
  Tb.lock(Second, B, 20).lock(Second, A, 21).unlock(Second, A).unlock(Second, B);
  if (Gate)
    Tb.unlock(Second, G);
  if (!Joined)
    Tb.join(0, 1);
  if (!SameThread)
    Tb.join(0, 2);
  return Tb;
}

TEST(RunDetectors, ReportsCycleBetweenConcurrentThreads) {
  RunAnalysis R = inversion(false, false, false).analyze();
  ASSERT_EQ(count(R, "interlock-lock-order-inversion"), 1u);
  ASSERT_EQ(R.Cycles.size(), 1u);
  EXPECT_EQ(R.Cycles[0], (std::set<uint64_t>{A, B}));
  const Finding &F = R.Findings.front();
  EXPECT_EQ(F.Primary.Line, 11u); // the inner acquisition that sorts first
  EXPECT_EQ(F.Related.size(), 4u);
}

TEST(RunDetectors, GateLockSilencesCycle) {
  EXPECT_EQ(count(inversion(true, false, false).analyze(), "interlock-lock-order-inversion"), 0u);
}

TEST(RunDetectors, CycleWithinOneThreadIsSilent) {
  EXPECT_EQ(count(inversion(false, true, false).analyze(), "interlock-lock-order-inversion"), 0u);
}

TEST(RunDetectors, ThreadsThatNeverCoexistAreSilent) {
  EXPECT_EQ(count(inversion(false, false, true).analyze(), "interlock-lock-order-inversion"), 0u);
}

TEST(RunDetectors, TryLockAddsNoEdge) {
  TraceBuilder Tb;
  Tb.ev(0, EventKind::ThreadStart);
  Tb.create(0, 1).create(0, 2);
  Tb.lock(1, A, 10).lock(1, B, 11).unlock(1, B).unlock(1, A);
  Tb.lock(2, B, 20).lock(2, A, 21, trace::LockTry).unlock(2, A).unlock(2, B);
  Tb.join(0, 1).join(0, 2);
  EXPECT_EQ(count(Tb.analyze(), "interlock-lock-order-inversion"), 0u);
}

TEST(RunDetectors, UncontendedAcquisitionsStillAddEdges) {
  // Events-only builds record no attempt for a lock taken at once.
  TraceBuilder Tb;
  Tb.ev(0, EventKind::ThreadStart);
  Tb.create(0, 1).create(0, 2);
  Tb.ev(1, EventKind::LockAcquired, A, trace::LockNoAttempt, 10)
      .ev(1, EventKind::LockAcquired, B, trace::LockNoAttempt, 11)
      .unlock(1, B).unlock(1, A);
  Tb.ev(2, EventKind::LockAcquired, B, trace::LockNoAttempt, 20)
      .ev(2, EventKind::LockAcquired, A, trace::LockNoAttempt, 21)
      .unlock(2, A).unlock(2, B);
  Tb.join(0, 1).join(0, 2);
  EXPECT_EQ(count(Tb.analyze(), "interlock-lock-order-inversion"), 1u);
}

TEST(RunDetectors, ThreadLifetimes) {
  TraceBuilder Tb;
  Tb.ev(0, EventKind::ThreadStart);
  Tb.create(0, 1).create(0, 2).create(0, 3).create(0, 4, trace::ThreadStd | trace::ThreadLibrary);
  Tb.join(0, 1);
  Tb.ev(0, EventKind::Detach, 2);
  RunAnalysis R = Tb.analyze();
  ASSERT_EQ(count(R, "interlock-missing-join"), 1u); // T3 only
  EXPECT_EQ(R.Findings.front().Primary.Line, 33u);    // its creation site
}

TEST(RunDetectors, TerminateBlamesNewestJoinableThread) {
  TraceBuilder Tb;
  Tb.ev(0, EventKind::ThreadStart);
  Tb.create(0, 1).create(0, 2);
  Tb.ev(0, EventKind::TerminateJoinable, 0, 0, 25);
  RunAnalysis R = Tb.analyze();
  ASSERT_EQ(count(R, "interlock-missing-join"), 2u);
  bool Blamed = false;
  for (const Finding &F : R.Findings)
    if (F.Message.find("std::terminate") != std::string::npos) {
      Blamed = true;
      EXPECT_EQ(F.Primary.Line, 32u); // T2, created last
      ASSERT_EQ(F.Related.size(), 1u);
      EXPECT_EQ(F.Related[0].Loc.Line, 25u);
    }
  EXPECT_TRUE(Blamed);
}

TEST(RunDetectors, MutexMisuse) {
  TraceBuilder Tb;
  Tb.ev(0, EventKind::ThreadStart);
  Tb.ev(0, EventKind::UnlockNotHeld, A, 0, 5);
  Tb.lock(0, B, 6);
  Tb.ev(0, EventKind::LockAttempt, B, 0, 7); // relock, never returns
  RunAnalysis R = Tb.analyze();
  EXPECT_EQ(count(R, "interlock-unlock-not-held"), 1u);
  EXPECT_EQ(count(R, "interlock-double-lock"), 1u);
  ASSERT_EQ(R.Pending.size(), 1u);
  EXPECT_EQ(R.Pending[0].Object, B);
  EXPECT_EQ(R.HeldAtEnd.at(B), 0u);
}

TEST(RunDetectors, RecursiveRelockIsFine) {
  TraceBuilder Tb;
  Tb.ev(0, EventKind::ThreadStart);
  Tb.lock(0, A, 6, trace::LockRecursive).lock(0, A, 7, trace::LockRecursive);
  Tb.unlock(0, A).unlock(0, A);
  RunAnalysis R = Tb.analyze();
  EXPECT_TRUE(R.Findings.empty());
  EXPECT_TRUE(R.HeldAtEnd.empty());
}

} // namespace
