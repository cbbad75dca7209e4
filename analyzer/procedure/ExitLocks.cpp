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
  LockState Out = A;
  for (const summary::HeldLock &H : B.Held)
    summary::addLock(Out.Held, H);
  for (const auto &[Key, G] : B.Guards) {
    auto [It, New] = Out.Guards.try_emplace(Key, G);
    if (!New)
      It->second.Owns = It->second.Owns || G.Owns;
  }
  return Out;
}

/// `pthread_mutex_lock(&m) != 0`, `if (pthread_mutex_lock(&m))`, `== 0`, `!`: the call
/// tested, and whether the condition is true when the call returned zero.
const CallExpr *testedCall(const Expr *E, bool &TrueOnZero) {
  TrueOnZero = false;
  while (E) {
    E = E->IgnoreParenImpCasts();
    if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_LNot) {
      TrueOnZero = !TrueOnZero;
      E = U->getSubExpr();
      continue;
    }
    if (const auto *B = dyn_cast<BinaryOperator>(E);
        B && (B->getOpcode() == BO_EQ || B->getOpcode() == BO_NE)) {
      const auto *Z = dyn_cast<IntegerLiteral>(B->getRHS()->IgnoreParenImpCasts());
      if (!Z || Z->getValue() != 0)
        return nullptr;
      if (B->getOpcode() == BO_EQ)
        TrueOnZero = !TrueOnZero;
      E = B->getLHS();
      continue;
    }
    return dyn_cast<CallExpr>(E);
  }
  return nullptr;
}

class ExitLocks {
public:
  ExitLocks(ASTContext &Ctx, const FunctionDecl *FD, const CFG &G, Recorder &R)
      : Ctx(Ctx), FD(FD), G(G), R(R), Paths(Ctx, FD) {}

  void run(summary::FunctionSummary &Out);

private:
  LockState transfer(const CFGBlock &B, LockState St, LockState &True, LockState &False) {
    std::vector<PendingTry> Pending;
    for (const CFGElement &E : B) {
      callerHeld(E, St);
      summary::LockSet Before = St.Held;
      R.element(E, St, false, Pending);
      for (const summary::HeldLock &H : Before)
        if (!llvm::any_of(St.Held, [&](const auto &X) { return X.Lock == H.Lock; }))
          Released.insert(H.Lock);
    }
    R.branch(B, St, Pending, True, False);
    failedPthreadLock(B, True, False);
    return St;
  }
  void failedPthreadLock(const CFGBlock &B, LockState &True, LockState &False);
  /// An unlock of a lock this function does not hold: the caller holds it (LevelDB's
  /// `mutex_.Unlock(); ...; mutex_.Lock();` under REQUIRES(mutex_)), so re-locking it
  /// before returning restores the caller's state.
  void callerHeld(const CFGElement &E, const LockState &St) {
    auto S = E.getAs<CFGStmt>();
    const auto *C = S ? dyn_cast<CallExpr>(S->getStmt()) : nullptr;
    if (!C)
      return;
    std::optional<models::LockOp> Op = models::classifyLockCall(C);
    if (!Op || Op->Kind != models::LockOpKind::Release)
      return;
    for (const models::MutexOperand &M : Op->Mutexes)
      if (auto P = M.IsPointer ? Paths.pointee(M.E) : Paths.lvalue(M.E))
        if (!llvm::any_of(St.Held, [&](const auto &H) { return H.Lock == *P; }))
          CallerHeld.insert(*P);
  }
  std::set<summary::Path> CallerHeld;

  ASTContext &Ctx;
  const FunctionDecl *FD;
  const CFG &G;
  Recorder &R;
  PathBuilder Paths;
  std::set<summary::Path> Released;
};

void ExitLocks::failedPthreadLock(const CFGBlock &B, LockState &True, LockState &False) {
  const auto *Cond = dyn_cast_or_null<Expr>(B.getTerminatorCondition());
  if (!Cond || B.succ_size() != 2)
    return;
  bool TrueOnZero = false;
  const CallExpr *C = testedCall(Cond, TrueOnZero);
  if (!C)
    return;
  std::optional<models::LockOp> Op = models::classifyLockCall(C);
  if (!Op || Op->Kind != models::LockOpKind::Acquire || !Op->SuccessIsZero)
    return;
  LockState &Failed = TrueOnZero ? False : True;
  for (const models::MutexOperand &M : Op->Mutexes)
    if (auto P = M.IsPointer ? Paths.pointee(M.E) : Paths.lvalue(M.E))
      Failed.release(*P);
}

void ExitLocks::run(summary::FunctionSummary &Out) {
  if (Out.Acquisitions.empty())
    return;
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
  for (const Exit &X : Exits)
    for (const summary::HeldLock &H : X.Held)
      HeldAt[H.Lock].push_back(&X);
  for (auto &[Lock, Where] : HeldAt) {
    if (Where.size() == Exits.size() && !Released.count(Lock))
      continue; // returns holding it on every path: the function's contract
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
