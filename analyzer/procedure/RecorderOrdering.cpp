// Ordering points that are neither locks nor thread starts/joins: barriers and latches
// (summary::BarrierOp), a thread storing its own handle (`main_thread =
// pthread_self()`) for another thread to join, and setjmp's second return, from a
// longjmp, with the locks held there.
#include "procedure/Recorder.h"

#include "models/BarrierModels.h"
#include "models/Names.h"

#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"

using namespace clang;

namespace interlock::procedure {
namespace {

bool isLongjmp(const FunctionDecl *FD) {
  return models::isCFunction(FD, {"longjmp", "_longjmp", "siglongjmp", "__longjmp_chk"});
}

class LongjmpFinder : public RecursiveASTVisitor<LongjmpFinder> {
public:
  bool Found = false;
  bool VisitCallExpr(CallExpr *C) { return !(Found = isLongjmp(C->getDirectCallee())); }
};

} // namespace

bool Recorder::longjmps(const FunctionDecl *Callee) {
  if (!Callee)
    return false;
  if (isLongjmp(Callee))
    return true;
  const FunctionDecl *Def = Callee->getDefinition();
  if (!Def || !Def->getBody() || inSystemHeader(Def->getLocation()))
    return false;
  auto [It, New] = LongjmpCallees.try_emplace(Def, false);
  if (New) { // one level: `fail()` calling longjmp, the usual error helper
    LongjmpFinder F;
    F.TraverseStmt(Def->getBody());
    LongjmpCallees[Def] = F.Found;
  }
  return LongjmpCallees[Def];
}

void Recorder::longjmpFrom(const CallExpr *C, const LockState &St) {
  if (!longjmps(C->getDirectCallee()))
    return;
  LongjmpNow = LongjmpNow ? LockState::merge(*LongjmpNow, St) : St;
}

bool Recorder::nextLongjmpPass() {
  bool Changed = LongjmpNow != LongjmpSeen;
  LongjmpSeen = std::move(LongjmpNow);
  LongjmpNow.reset();
  return Changed;
}

bool Recorder::setjmpBranch(const Expr *Tested, bool Negated, LockState &True,
                            LockState &False) const {
  const auto *C = dyn_cast<CallExpr>(Tested);
  if (!C || !LongjmpSeen ||
      !models::isCFunction(C->getDirectCallee(),
                           {"setjmp", "_setjmp", "sigsetjmp", "__sigsetjmp"}))
    return false;
  (Negated ? False : True) = *LongjmpSeen;
  return true;
}

bool Recorder::ordering(const CallExpr *C) {
  if (std::optional<models::BarrierCall> B = models::classifyBarrier(C)) {
    summary::BarrierOp Op;
    Op.Obj = (B->ObjIsPointer ? Paths.pointee(B->Obj) : Paths.lvalue(B->Obj)).value_or("");
    Op.Arrive = B->Arrive;
    Op.Wait = B->Wait;
    Op.Phased = B->Phased;
    Op.EveryPath = Here.Loops.empty() && CurrentBlock && OnEveryPath &&
                   OnEveryPath(*CurrentBlock);
    Op.Site = site(C->getBeginLoc());
    Op.At = Here;
    if (!Op.Obj.empty())
      Out.Barriers.push_back(std::move(Op));
    return true;
  }
  if (!models::isCFunction(C->getDirectCallee(), {"pthread_self"}))
    return false;
  // The handle is whatever the result is stored into: `h = pthread_self()` or
  // `pthread_t h = pthread_self()`.
  for (DynTypedNodeList Ps = Ctx.getParents(*C); !Ps.empty();) {
    if (const auto *V = Ps[0].get<VarDecl>()) {
      if (std::optional<summary::Path> H = Paths.varRoot(V, false))
        Out.OwnHandles.push_back(*H);
      break;
    }
    const auto *E = Ps[0].get<Expr>();
    if (!E)
      break;
    if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
      if (BO->getOpcode() == BO_Assign)
        if (std::optional<summary::Path> H = Paths.lvalue(BO->getLHS()))
          Out.OwnHandles.push_back(*H);
      break;
    }
    if (!isa<ImplicitCastExpr, ParenExpr>(E))
      break;
    Ps = Ctx.getParents(*E);
  }
  return true;
}

} // namespace interlock::procedure
