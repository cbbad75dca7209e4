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

} // namespace

bool mayRunInParallel(const Program &P, const ConcreteAccess &A, const ConcreteAccess &B) {
  const auto &Threads = P.threads();
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
