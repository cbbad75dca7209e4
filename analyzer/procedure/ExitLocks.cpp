#include "procedure/ExitLocks.h"
#include "procedure/ForwardDataflow.h"
#include "procedure/Sites.h"

#include "models/LockModels.h"

#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"

#include <map>
#include <set>

using namespace clang;

namespace interlock::procedure {
namespace {

/// Paths meet: held if held on either (exclusive wins), a guard owns if it owns on either.
LockState mergeMay(const LockState &A, const LockState &B) {
  if (A.FailedLockPath != B.FailedLockPath) // as LockState::merge
    return A.FailedLockPath ? B : A;
  LockState Out = A;
  Out.FailedLockPath = A.FailedLockPath && B.FailedLockPath;
  for (const summary::HeldLock &H : B.Held)
    summary::addLock(Out.Held, H);
  for (const auto &[Key, G] : B.Guards) {
    auto [It, New] = Out.Guards.try_emplace(Key, G);
    if (!New)
      It->second.Owns = It->second.Owns || G.Owns;
  }
  return Out;
}

class ExitLocks {
public:
  ExitLocks(ASTContext &Ctx, const FunctionDecl *FD, const CFG &G, Recorder &R)
      : Ctx(Ctx), FD(FD), G(G), R(R), Paths(R.paths()) {}

  void run(summary::FunctionSummary &Out);

private:
  LockState transfer(const CFGBlock &B, LockState St, LockState &True, LockState &False) {
    std::vector<PendingTry> Pending;
    for (const CFGElement &E : B) {
      std::vector<summary::Path> CallersReleased = callerHeld(E, St);
      summary::LockSet Before = St.Held;
      R.element(E, St, false, Pending);
      for (const summary::HeldLock &H : Before)
        if (!summary::isCallerReleased(H.Lock) &&
            !llvm::any_of(St.Held, [&](const auto &X) { return X.Lock == H.Lock; }))
          Released.insert(H.Lock);
      // A caller's lock released here stays released until taken back (a marker in
      // the may-set, so that the exits tell which ways out leave it released).
      for (const summary::Path &L : CallersReleased)
        St.acquire(summary::callerReleased(L), false);
      for (const summary::HeldLock &H : summary::LockSet(St.Held))
        if (!summary::isCallerReleased(H.Lock))
          St.release(summary::callerReleased(H.Lock));
    }
    // A failed pthread_mutex_lock tested here holds nothing on its failing branch:
    // Recorder::branch releases it, as for the must-analysis.
    R.branch(B, St, Pending, True, False);
    return St;
  }
  /// An unlock of a lock this function does not hold: the caller holds it (LevelDB's
  /// `mutex_.Unlock(); ...; mutex_.Lock();` under REQUIRES(mutex_)), so re-locking it
  /// before returning restores the caller's state.
  std::vector<summary::Path> callerHeld(const CFGElement &E, const LockState &St) {
    std::vector<summary::Path> Out;
    auto S = E.getAs<CFGStmt>();
    const auto *C = S ? dyn_cast<CallExpr>(S->getStmt()) : nullptr;
    if (!C)
      return Out;
    std::optional<models::LockOp> Op = models::classifyLockCall(C);
    if (!Op || Op->Kind != models::LockOpKind::Release)
      return Out;
    for (const models::MutexOperand &M : Op->Mutexes)
      if (auto P = Paths.lock(M.E, M.IsPointer))
        if (!llvm::any_of(St.Held, [&](const auto &H) { return H.Lock == *P; })) {
          CallerHeld.insert(*P);
          Out.push_back(*P);
        }
    return Out;
  }
  std::set<summary::Path> CallerHeld;

  ASTContext &Ctx;
  const FunctionDecl *FD;
  const CFG &G;
  Recorder &R;
  const PathBuilder &Paths;
  std::set<summary::Path> Released;
};

/// What a return statement returns, as far as a caller testing it can tell.
enum class ReturnClass { None, Zero, Nonzero, Unknown };

ReturnClass classifyReturn(ASTContext &Ctx, const ReturnStmt *RS) {
  const Expr *V = RS ? RS->getRetValue() : nullptr;
  if (!V || V->isValueDependent())
    return ReturnClass::None;
  if (V->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull))
    return ReturnClass::Zero;
  if (Expr::EvalResult R; V->EvaluateAsInt(R, Ctx))
    return R.Val.getInt() == 0 ? ReturnClass::Zero : ReturnClass::Nonzero;
  return ReturnClass::Unknown;
}

void ExitLocks::run(summary::FunctionSummary &Out) {
  // Runs even without acquisitions: an unlock of the caller's lock (`unlock_stats()`)
  // is the function's release effect (ReleasedCallerLocks).
  std::vector<std::optional<LockState>> In = solveForward(
      G, LockState{},
      [&](const CFGBlock &B, const LockState &BlockIn) {
        LockState T, F;
        transfer(B, BlockIn, T, F);
        return branchEdges(B, std::move(T), std::move(F));
      },
      joinByMerge(mergeMay));

  Out.ReleasedCallerLocks.assign(CallerHeld.begin(), CallerHeld.end());

  // Each way out: the locks it may leave held.
  struct Exit {
    SourceLoc Site;
    bool IsReturn;
    unsigned Offset;
    summary::LockSet Held;
    ReturnClass Class = ReturnClass::None;
  };
  std::vector<Exit> Exits;
  const SourceManager &SM = Ctx.getSourceManager();
  const CFGBlock &ExitBlock = G.getExit();
  for (const CFGBlock *P : ExitBlock.preds()) {
    if (!P || !In[P->getBlockID()] || models::blockNeverContinues(*P))
      continue;
    LockState T, F;
    LockState St = transfer(*P, *In[P->getBlockID()], T, F);
    Exit X{{}, false, 0, St.Held};
    for (const CFGElement &E : *P)
      if (auto S = E.getAs<CFGStmt>())
        if (const auto *RS = dyn_cast<ReturnStmt>(S->getStmt())) {
          X.Site = siteOf(Ctx, RS->getBeginLoc());
          X.IsReturn = true;
          X.Offset = SM.getFileOffset(SM.getExpansionLoc(RS->getBeginLoc()));
          X.Class = classifyReturn(Ctx, RS);
        }
    if (!X.IsReturn) {
      SourceLocation End = FD->getBody()->getEndLoc();
      X.Site = siteOf(Ctx, End);
      X.Offset = SM.getFileOffset(SM.getExpansionLoc(End));
    }
    Exits.push_back(std::move(X));
  }
  if (Exits.empty())
    return;

  std::map<summary::Path, std::vector<const Exit *>> HeldAt;
  std::set<summary::Path> ReleasedAtExit;
  for (const Exit &X : Exits)
    for (const summary::HeldLock &H : X.Held) {
      if (summary::isCallerReleased(H.Lock))
        ReleasedAtExit.insert(H.Lock.substr(1));
      else
        HeldAt[H.Lock].push_back(&X);
    }
  Out.ReleasedAtExit.assign(ReleasedAtExit.begin(), ReleasedAtExit.end());
  if (Released.empty() && CallerHeld.empty())
    for (const Exit &X : Exits)
      for (const summary::HeldLock &H : X.Held)
        if (!summary::isCallerReleased(H.Lock) &&
            !llvm::any_of(Out.HeldAtExit, [&](const auto &M) { return M.Lock == H.Lock; }))
          summary::addLock(Out.MayHoldAtExit, {H.Lock, H.Shared, H.After});
  // Held on exactly the returns that report success: a try-lock wrapper, `lock_item()`
  // returning the item locked (null when not found). Its callers test the result and
  // are checked with the matching lock effect instead. Success is a non-null pointer or
  // `true`; `return false;` holding the lock stays a leak, and so does any int result
  // (0 and -1 both mean success somewhere).
  QualType RT = FD->getReturnType();
  auto HeldByResult = [&](const std::vector<const Exit *> &Where) {
    if (!RT->isBooleanType() && !RT->isPointerType())
      return false;
    auto Failure = [&](const Exit *X) { return X->Class == ReturnClass::Zero; };
    size_t Failures = llvm::count_if(Exits, [&](const Exit &X) { return Failure(&X); });
    return Failures && llvm::none_of(Where, Failure) &&
           Where.size() == Exits.size() - Failures;
  };
  for (auto &[Lock, Where] : HeldAt) {
    if (!Released.count(Lock))
      continue; // never unlocked here: taking it is the function's purpose (a lock()
                // wrapper, or one that locks only `if (pool_active)`); callers are checked
    if (HeldByResult(Where))
      continue;
    if (CallerHeld.count(Lock))
      continue; // the caller's lock, released and taken back here
    llvm::sort(Where, [](const Exit *A, const Exit *B) { return A->Site < B->Site; });
    // The acquisition: the last one of this lock before the first leaking exit.
    const summary::Acquisition *Acq = nullptr;
    for (const summary::Acquisition &A : Out.Acquisitions)
      if (A.Lock == Lock && (!Acq || A.At.Seq < Where.front()->Offset))
        if (!Acq || A.At.Seq > Acq->At.Seq || Acq->At.Seq >= Where.front()->Offset)
          Acq = &A;
    if (!Acq)
      continue; // locked by a callee or a caller; not this function's doing
    summary::LockLeak L;
    L.Lock = Lock;
    L.Name = displayName(Lock);
    L.Acquired = Acq->Site;
    for (const Exit *X : Where)
      L.Exits.push_back({X->Site, X->IsReturn});
    Out.LockLeaks.push_back(std::move(L));
  }
}

} // namespace

void findLeakedLocks(ASTContext &Ctx, const FunctionDecl *FD, const CFG &G, Recorder &R,
                     summary::FunctionSummary &Out) {
  ExitLocks(Ctx, FD, G, R).run(Out);
}

} // namespace interlock::procedure
