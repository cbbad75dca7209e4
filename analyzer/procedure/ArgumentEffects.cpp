#include "procedure/ArgumentEffects.h"
#include "procedure/Constants.h"
#include "procedure/ForwardDataflow.h"

#include "clang/AST/Stmt.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"


using namespace clang;

namespace interlock::procedure {
namespace {

// Bounds: a dispatcher switching over dozens of message types is not a lock API.
constexpr unsigned MaxSwitches = 4;
constexpr unsigned MaxValuesPerSwitch = 8;

struct ParamSwitch {
  const SwitchStmt *Switch;
  unsigned Param;
  std::vector<int64_t> Values;
};

std::optional<int64_t> caseValue(const CaseStmt *CS, const ASTContext &Ctx) {
  if (CS->caseStmtIsGNURange())
    return std::nullopt;
  return integerConstant(CS->getLHS(), Ctx);
}

std::vector<ParamSwitch> paramSwitches(const CFG &G, const ASTContext &Ctx) {
  std::vector<ParamSwitch> Out;
  for (const CFGBlock *B : G) {
    const auto *SS = B ? dyn_cast_or_null<SwitchStmt>(B->getTerminatorStmt()) : nullptr;
    if (!SS || !SS->getCond() || Out.size() >= MaxSwitches)
      continue;
    const auto *Ref = dyn_cast<DeclRefExpr>(SS->getCond()->IgnoreParenImpCasts());
    const auto *P = Ref ? dyn_cast<ParmVarDecl>(Ref->getDecl()) : nullptr;
    if (!P)
      continue;
    ParamSwitch PS{SS, P->getFunctionScopeIndex(), {}};
    for (const SwitchCase *SC = SS->getSwitchCaseList(); SC; SC = SC->getNextSwitchCase())
      if (const auto *CS = dyn_cast<CaseStmt>(SC))
        if (auto V = caseValue(CS, Ctx); V && !llvm::is_contained(PS.Values, *V))
          PS.Values.push_back(*V);
    if (!PS.Values.empty() && PS.Values.size() <= MaxValuesPerSwitch)
      Out.push_back(std::move(PS));
  }
  return Out;
}

/// Whether the edge from the switch's block to successor Index is taken for Value.
bool takesEdge(const CFGBlock &B, unsigned Index, const ParamSwitch &PS, int64_t Value,
               const ASTContext &Ctx) {
  const CFGBlock *Succ = (B.succ_begin() + Index)->getReachableBlock();
  const Stmt *Label = Succ ? Succ->getLabel() : nullptr;
  if (const auto *CS = dyn_cast_or_null<CaseStmt>(Label))
    return caseValue(CS, Ctx) == Value;
  // The default label, or the way past the switch when it has none.
  return !llvm::is_contained(PS.Values, Value);
}

/// The file offsets a block's statements span, as Recorder::point numbers them.
std::optional<std::pair<unsigned, unsigned>> sourceRange(const CFGBlock &B,
                                                         const SourceManager &SM) {
  std::optional<std::pair<unsigned, unsigned>> Out;
  for (const CFGElement &E : B) {
    auto S = E.getAs<CFGStmt>();
    if (!S)
      continue;
    for (SourceLocation L : {S->getStmt()->getBeginLoc(), S->getStmt()->getEndLoc()}) {
      if (L.isInvalid())
        continue;
      unsigned Offset = SM.getFileOffset(SM.getExpansionLoc(L));
      Out = Out ? std::make_pair(std::min(Out->first, Offset), std::max(Out->second, Offset))
                : std::make_pair(Offset, Offset);
    }
  }
  return Out;
}

} // namespace

void findArgumentEffects(const ASTContext &Ctx, const CFG &G, Recorder &R,
                         summary::FunctionSummary &Out) {
  const SourceManager &SM = Ctx.getSourceManager();
  for (const ParamSwitch &PS : paramSwitches(G, Ctx))
    for (int64_t Value : PS.Values) {
      auto Feasible = [&](const CFGBlock &B, unsigned Index) {
        return B.getTerminatorStmt() != PS.Switch || takesEdge(B, Index, PS, Value, Ctx);
      };
      std::vector<std::optional<LockState>> In = solveForward(
          G, LockState{},
          [&](const CFGBlock &B, const LockState &BlockIn) {
            LockState T, F;
            R.block(B, BlockIn, false, T, F);
            return branchEdges(B, std::move(T), std::move(F));
          },
          joinByMerge(LockState::merge), Feasible);
      const std::optional<LockState> &AtExit = In[G.getExit().getBlockID()];
      if (!AtExit)
        continue; // this value never returns (an assert in the default case)
      summary::ArgumentEffect E{PS.Param, Value, AtExit->Held, {}};
      for (const CFGBlock *B : G)
        if (B && !In[B->getBlockID()])
          if (auto Range = sourceRange(*B, SM))
            E.Unreached.push_back(*Range);
      llvm::sort(E.Unreached);
      // Kept where it says more than the whole function: more locks held, or a lock
      // taken in a case this value skips (a walk of the call must not take it).
      bool HoldsMore = summary::holdsLockOutside(E.HeldAtExit, Out.HeldAtExit);
      bool SkipsLocking =
          llvm::any_of(Out.Acquisitions, [&](const auto &A) { return !E.reaches(A.At.Seq); }) ||
          llvm::any_of(Out.Calls, [&](const auto &C) { return !E.reaches(C.At.Seq); });
      if (!HoldsMore && !SkipsLocking)
        continue;
      Out.ByArgument.push_back(std::move(E));
    }
}

} // namespace interlock::procedure
