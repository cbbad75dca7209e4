#include "program/OrderingPoints.h"

#include "llvm/ADT/STLExtras.h"

namespace interlock::program {
namespace {

/// A reusable barrier orders phases only if every thread taking part passes it equally
/// often: with different counts, the k-th pass of one thread may meet another's k+1-th.
void checkLockstep(Program &P) {
  std::map<std::string, std::map<unsigned, size_t>> Passes;
  std::set<std::string> Phased;
  for (const ThreadInstance &T : P.Threads)
    for (const ThreadInstance::BarrierEvent &E : T.Barriers) {
      ++Passes[E.Obj][T.Id];
      if (E.Phased)
        Phased.insert(E.Obj);
    }
  for (const auto &[Obj, ByThread] : Passes) {
    if (!Phased.count(Obj))
      continue; // a latch opens once: how often each thread counts down does not matter
    size_t First = ByThread.begin()->second;
    if (llvm::any_of(ByThread, [&](const auto &E) { return E.second != First; }))
      P.UnorderedBarriers.insert(Obj);
  }
}

/// A lock the parent took before starting T and held, without releasing it in between,
/// until T was joined: T runs entirely inside that critical section.
void findParentSections(Program &P, const OrderingFacts &F) {
  for (ThreadInstance &T : P.Threads) {
    auto Spawn = F.HeldAtSpawn.find(T.Id), Join = F.HeldAtJoin.find(T.Id);
    if (T.Parent < 0 || Spawn == F.HeldAtSpawn.end() || Join == F.HeldAtJoin.end())
      continue;
    for (const summary::HeldLock &L : summary::intersect(Spawn->second, Join->second)) {
      uint64_t Taken = 0;
      bool Retaken = false;
      for (const ConcreteAcquisition &A : P.Acquisitions) {
        if (A.Thread != static_cast<unsigned>(T.Parent) || A.Lock != L.Lock)
          continue;
        if (A.Time < T.SpawnTime)
          Taken = std::max(Taken, A.Time);
        else if (A.Time < T.JoinTime)
          Retaken = true; // released and taken again while T ran
      }
      if (!Retaken)
        T.ParentSection.push_back({{L.Lock, L.Shared}, Taken});
    }
  }
}

void linkOwnHandleJoins(Program &P, const OrderingFacts &F) {
  for (const OrderingFacts::JoinEvent &J : F.Joins)
    for (const auto &[Thread, Handle] : F.OwnHandles)
      if (Handle == J.Handle && Thread != J.Thread)
        P.Threads[Thread].JoinedBy.push_back({J.Thread, J.Time});
}

} // namespace

void finishOrdering(Program &P, const OrderingFacts &F) {
  checkLockstep(P);
  findParentSections(P, F);
  linkOwnHandleJoins(P, F);
}

} // namespace interlock::program
