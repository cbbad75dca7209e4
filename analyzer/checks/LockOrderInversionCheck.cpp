// Reporting policy for lock-order cycles. Every acquisition made while other locks are
// held adds edges to a LockOrderGraph (program/LockOrderGraph.h), tagged with its thread;
// the graph's Goodlock search (distinct or repeated threads, no common gate lock) is
// refined with may-happen-in-parallel (program/Concurrency.h) of the two acquisitions.
// Each cycle is reported once, at the inner acquisition of its first edge, with both
// acquisition paths as notes.
#include "checks/LockOrderInversionCheck.h"

#include "checks/LockPaths.h"
#include "program/Concurrency.h"
#include "program/LockOrderGraph.h"

#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <set>

namespace interlock::checks {
namespace {

program::ConcreteAccess asEvent(const program::ConcreteAcquisition &A) {
  program::ConcreteAccess E;
  E.Thread = A.Thread;
  E.Time = A.Time;
  E.Loops = A.Loops;
  E.Owner = -1;
  return E;
}

} // namespace

void LockOrderInversionCheck::run(const program::Program &P, std::vector<Finding> &Out) {
  const auto &Acqs = P.acquisitions();
  if (getenv("INTERLOCK_DEBUG_LOCKS"))
    for (const program::ConcreteAcquisition &A : Acqs) {
      llvm::errs() << A.Lock << " t" << A.Thread << " " << A.Site.File << ":" << A.Site.Line
                   << " after";
      for (const summary::HeldLock &H : A.HeldBefore)
        llvm::errs() << " " << H.Lock;
      llvm::errs() << "\n";
    }
  program::LockOrderGraph G;
  for (unsigned I = 0; I < Acqs.size(); ++I) {
    const program::ConcreteAcquisition &A = Acqs[I];
    if (A.Try || A.HeldBefore.empty())
      continue; // a try-lock never waits, so it closes no cycle
    for (const summary::HeldLock &H : A.HeldBefore) {
      if (H.Lock == A.Lock)
        continue;
      program::LockOrderGraph::Edge E;
      E.From = H.Lock;
      E.To = A.Lock;
      E.Thread = A.Thread;
      E.Repeats = P.threads()[A.Thread].Multiple;
      for (const summary::HeldLock &Gate : A.HeldBefore)
        if (Gate.Lock != H.Lock && !Gate.Shared)
          E.Gates.push_back(Gate.Lock);
      E.Tag = I;
      G.addEdge(std::move(E));
    }
  }
  G.setCompatible([&](const auto &X, const auto &Y) {
    return program::mayRunInParallel(P, asEvent(Acqs[X.Tag]), asEvent(Acqs[Y.Tag]));
  });

  std::set<std::vector<SourceLoc>> Seen;
  // Shortest cycles first: a longer one through all the locks of a reported one only
  // restates it (`a -> b -> c -> a` after `a <-> b`), and is not reported again.
  std::vector<program::LockOrderGraph::Cycle> Cycles = G.findCycles();
  llvm::stable_sort(Cycles, [](const auto &A, const auto &B) {
    return A.Edges.size() < B.Edges.size();
  });
  std::vector<std::set<std::string>> ReportedLocks;
  for (const program::LockOrderGraph::Cycle &C : Cycles) {
    std::vector<SourceLoc> Key;
    std::set<std::string> Locks;
    for (unsigned E : C.Edges) {
      Key.push_back(Acqs[G.edges()[E].Tag].Site);
      Locks.insert(G.edges()[E].From);
    }
    std::vector<SourceLoc> Sorted = Key;
    llvm::sort(Sorted);
    if (!Seen.insert(Sorted).second)
      continue;
    if (llvm::any_of(ReportedLocks, [&](const std::set<std::string> &R) {
          return std::includes(Locks.begin(), Locks.end(), R.begin(), R.end());
        }))
      continue;
    ReportedLocks.push_back(Locks);
    Finding F;
    F.CheckId = std::string(id());
    const auto &E0 = G.edges()[C.Edges[0]];
    std::string First = lockName(E0.From), Second = lockName(E0.To);
    if (C.Edges.size() == 2) {
      F.Message = "lock-order inversion: `" + Second + "` acquired while holding `" + First +
                  "`, and `" + First + "` acquired while holding `" + Second +
                  "` in another thread (potential deadlock)";
    } else {
      F.Message = "lock-order cycle: ";
      for (unsigned E : C.Edges)
        F.Message += "`" + lockName(G.edges()[E].From) + "` -> ";
      F.Message += "`" + First + "` across " + std::to_string(C.Edges.size()) +
                   " threads (potential deadlock)";
    }
    F.Primary = Acqs[E0.Tag].Site;
    // An element of a lock array with a computed index stands for all of them: the
    // cycle may go through different elements.
    if (llvm::any_of(Locks, [](llvm::StringRef L) { return L.contains("[*]"); }))
      F.Conf = Confidence::Medium;
    for (unsigned E : C.Edges) {
      const auto &Edge = G.edges()[E];
      const program::ConcreteAcquisition &Inner = Acqs[Edge.Tag];
      std::string Held = lockName(Edge.From), Taken = lockName(Edge.To);
      if (std::optional<unsigned> Outer = outerAcquisition(P, Edge.Tag, Edge.From)) {
        F.Related.push_back({Acqs[*Outer].Site, "`" + Held + "` acquired here"});
        addCallNotes(P, Acqs[*Outer].Frame, Inner.Frame, Held, F.Related);
      }
      F.Related.push_back(
          {Inner.Site, "then `" + Taken + "` acquired here while `" + Held + "` is held"});
    }
    Out.push_back(std::move(F));
  }
}

} // namespace interlock::checks
