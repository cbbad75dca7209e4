#include "program/Concurrency.h"

#include "llvm/ADT/STLExtras.h"

namespace interlock::program {
namespace {

std::vector<unsigned> ancestry(const Program &P, unsigned T) {
  std::vector<unsigned> Chain; // T, parent, grandparent, ...
  for (int Cur = static_cast<int>(T); Cur >= 0; Cur = P.threads()[Cur].Parent)
    Chain.push_back(static_cast<unsigned>(Cur));
  return Chain;
}

bool sharesLoop(const std::vector<uint64_t> &A, const std::vector<uint64_t> &B) {
  return llvm::any_of(A, [&](uint64_t L) { return llvm::is_contained(B, L); });
}

/// Does an event of the parent at Time (inside Loops) overlap the child's lifetime?
bool duringChild(const ThreadInstance &Child, uint64_t Time,
                 const std::vector<uint64_t> &Loops) {
  if (Child.SpawnTime < Time && Time < Child.JoinTime)
    return true;
  return !Child.JoinedInLoop && sharesLoop(Loops, Child.SpawnLoops);
}

/// Barriers: an access before a thread's k-th arrival happens before any access after
/// another participant's k-th wait (the wait returns only when every participant has
/// arrived for the k-th time). Only for barriers every participant passes in lockstep
/// (see Program::UnorderedBarriers).
bool orderedByBarrier(const Program &P, const ConcreteAccess &A, const ConcreteAccess &B) {
  const ThreadInstance &X = P.threads()[A.Thread], &Y = P.threads()[B.Thread];
  if (X.Barriers.empty() || Y.Barriers.empty())
    return false;
  auto Passes = [](const ThreadInstance &T, const std::string &Obj, uint64_t Time) {
    std::pair<unsigned, unsigned> ArrivedWaited{0, 0};
    for (const ThreadInstance::BarrierEvent &E : T.Barriers)
      if (E.Obj == Obj && E.Time < Time) {
        ArrivedWaited.first += E.Arrive;
        ArrivedWaited.second += E.Wait;
      }
    return ArrivedWaited;
  };
  for (const ThreadInstance::BarrierEvent &E : X.Barriers) {
    if (P.UnorderedBarriers.count(E.Obj) ||
        llvm::none_of(Y.Barriers, [&](const auto &F) { return F.Obj == E.Obj; }))
      continue;
    auto [ArrivedA, WaitedA] = Passes(X, E.Obj, A.Time);
    auto [ArrivedB, WaitedB] = Passes(Y, E.Obj, B.Time);
    if (ArrivedA < WaitedB || ArrivedB < WaitedA)
      return true;
  }
  return false;
}

/// B comes after a join of A's thread through that thread's own handle
/// (`pthread_join(main_thread, 0)`).
bool joinedBefore(const Program &P, const ConcreteAccess &A, const ConcreteAccess &B) {
  return llvm::any_of(P.threads()[A.Thread].JoinedBy, [&](const auto &J) {
    return J.first == B.Thread && J.second < B.Time;
  });
}

/// A's thread runs entirely inside a critical section of its parent (lock; start; join;
/// unlock), and B holds that lock in a thread outside the section: the parent itself and
/// threads started inside the section run during it, anything else holding the lock
/// does not.
bool insideParentSection(const Program &P, const ConcreteAccess &A, const ConcreteAccess &B) {
  const ThreadInstance &C = P.threads()[A.Thread];
  for (const auto &[Lock, Taken] : C.ParentSection) {
    if (!commonLock({Lock}, B.Held))
      continue;
    std::vector<unsigned> Chain = ancestry(P, B.Thread);
    auto It = llvm::find(Chain, static_cast<unsigned>(C.Parent));
    if (It == Chain.end())
      return true;
    if (It == Chain.begin())
      continue; // the parent itself, while the child runs
    const ThreadInstance &Sibling = P.threads()[*(It - 1)];
    if (Sibling.Id != C.Id && Sibling.SpawnTime < Taken)
      return true;
  }
  return false;
}

} // namespace

bool mayRunInParallel(const Program &P, const ConcreteAccess &A, const ConcreteAccess &B) {
  const auto &Threads = P.threads();
  if (orderedByBarrier(P, A, B) || joinedBefore(P, A, B) || joinedBefore(P, B, A) ||
      insideParentSection(P, A, B) || insideParentSection(P, B, A))
    return false;
  if (A.Thread == B.Thread)
    return Threads[A.Thread].Multiple && A.Owner != static_cast<int>(A.Thread);
  std::vector<unsigned> CA = ancestry(P, A.Thread), CB = ancestry(P, B.Thread);
  // A is an ancestor of B (or the other way round).
  for (int Swap = 0; Swap < 2; ++Swap) {
    const ConcreteAccess &X = Swap ? B : A;
    const std::vector<unsigned> &CY = Swap ? CA : CB;
    auto It = llvm::find(CY, X.Thread);
    if (It == CY.end())
      continue;
    if (Threads[X.Thread].Multiple && X.Owner != static_cast<int>(X.Thread))
      return true; // another copy of X runs in parallel with this copy's child
    unsigned Child = *(It - 1);
    return duringChild(Threads[Child], X.Time, X.Loops);
  }
  // Different branches: compare the lifetimes of the two children of the closest
  // common ancestor.
  for (size_t I = 0; I < CA.size(); ++I) {
    auto It = llvm::find(CB, CA[I]);
    if (It == CB.end())
      continue;
    const ThreadInstance &Z = Threads[CA[I]];
    if (Z.Multiple)
      return true;
    const ThreadInstance &XA = Threads[CA[I - 1]];
    const ThreadInstance &XB = Threads[*(It - 1)];
    if (XA.SpawnTime < XB.JoinTime && XB.SpawnTime < XA.JoinTime)
      return true;
    return (!XA.JoinedInLoop || !XB.JoinedInLoop) && sharesLoop(XA.SpawnLoops, XB.SpawnLoops);
  }
  // Separate roots: a library's entry points run in parallel; two `main`s are two
  // processes.
  return !(Threads[CA.back()].IsProcess || Threads[CB.back()].IsProcess);
}

const summary::HeldLock *commonLock(const summary::LockSet &A, const summary::LockSet &B) {
  for (const summary::HeldLock &H : A)
    for (const summary::HeldLock &G : B)
      if (H.Lock == G.Lock && !(H.Shared && G.Shared))
        return &H;
  return nullptr;
}

} // namespace interlock::program
