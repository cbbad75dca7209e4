#include "procedure/FunctionAnalyzer.h"

#include "models/NoReturn.h"
#include "procedure/ArgumentEffects.h"
#include "procedure/ExitLocks.h"
#include "procedure/ForwardDataflow.h"
#include "procedure/FunctionFlows.h"
#include "procedure/Recorder.h"
#include "procedure/Sites.h"
#include "procedure/ThreadLifetime.h"

#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/Analysis/Analyses/Dominators.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Index/USRGeneration.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <set>
#include <vector>

using namespace clang;

namespace interlock::procedure {

std::string usrOf(const Decl *D) {
  llvm::SmallString<128> Buf;
  if (index::generateUSRForDecl(D, Buf))
    return "";
  return std::string(Buf);
}

void forEachOverridden(const FunctionDecl *FD,
                       llvm::function_ref<void(const CXXMethodDecl *)> Fn) {
  const auto *M = dyn_cast<CXXMethodDecl>(FD);
  if (!M)
    return;
  std::vector<const CXXMethodDecl *> Work(M->begin_overridden_methods(),
                                          M->end_overridden_methods());
  std::set<const CXXMethodDecl *> Seen(Work.begin(), Work.end());
  while (!Work.empty()) {
    const CXXMethodDecl *Base = Work.back();
    Work.pop_back();
    Fn(Base);
    for (const CXXMethodDecl *Up : Base->overridden_methods())
      if (Seen.insert(Up).second)
        Work.push_back(Up);
  }
}

namespace {

void describe(ASTContext &Ctx, const FunctionDecl *FD, summary::FunctionSummary &S) {
  S.Usr = usrOf(FD);
  S.Name = FD->getQualifiedNameAsString();
  S.Loc = siteOf(Ctx.getSourceManager(), FD->getLocation());
  S.IsMain = FD->isMain();
  S.IsExternal = !isa<CXXMethodDecl>(FD) && FD->isExternallyVisible() && !FD->isInlined();
  S.NumParams = FD->getNumParams();
  PathBuilder Keys(Ctx, FD);
  for (const ParmVarDecl *P : FD->parameters())
    S.ParamKeys.push_back(Keys.key(P));
  for (const auto *A : FD->specific_attrs<RequiresCapabilityAttr>())
    for (const Expr *Arg : A->args()) {
      std::optional<summary::Path> L =
          Arg->getType()->isPointerType() ? Keys.pointee(Arg) : Keys.lvalue(Arg);
      if (L)
        summary::addLock(S.RequiredLocks, {*L, A->isShared()});
    }
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD)) {
    S.IsLambda = MD->getParent()->isLambda();
    if (S.IsLambda) {
      S.Name = "lambda";
    } else {
      S.Class = MD->getParent()->getQualifiedNameAsString();
      S.IsPublicMethod = MD->getAccess() == AS_public && MD->isInstance();
    }
    S.IsCtorOrDtor = isa<CXXConstructorDecl>(MD) || isa<CXXDestructorDecl>(MD);
  }
}

} // namespace

std::optional<summary::FunctionSummary>
analyzeFunction(ASTContext &Ctx, const FunctionDecl *FD, LockEffectScan *Scan) {
  Stmt *Body = FD->getBody();
  if (!Body)
    return std::nullopt;
  CFG::BuildOptions BO;
  BO.AddImplicitDtors = true;
  BO.AddTemporaryDtors = true;
  BO.AddInitializers = true;
  BO.AddCXXDefaultInitExprInCtors = true;
  BO.setAllAlwaysAdd(); // loads (implicit casts) are elements too
  std::unique_ptr<CFG> G = CFG::buildCFG(FD, Body, &Ctx, BO);
  if (!G)
    return std::nullopt;

  summary::FunctionSummary S;
  describe(Ctx, FD, S);
  Recorder R(Ctx, FD, S, Scan);
  // Built on the first barrier only: most functions have none.
  std::unique_ptr<CFGPostDomTree> PostDom;
  R.setOnEveryPath([&](const CFGBlock &B) {
    if (!PostDom)
      PostDom = std::make_unique<CFGPostDomTree>(G.get());
    return PostDom->dominates(&B, &G->getEntry());
  });

  // Forward must-analysis to a fixed point, then one recording pass. A function with
  // setjmp and longjmp is solved again with the locks its longjmps were reached with
  // (setjmp's second return), a bounded number of times.
  auto Solve = [&] {
    std::vector<std::optional<LockState>> Result = solveForward(
        *G, LockState{},
        [&](const CFGBlock &B, const LockState &BlockIn) {
          LockState T, F;
          R.block(B, BlockIn, false, T, F);
          return branchEdges(B, std::move(T), std::move(F));
        },
        joinByMerge(LockState::merge));
    // The solver does not flow through blocks that never continue (`fail()` that
    // longjmps among them); their longjmps still say what setjmp's second return holds.
    for (const CFGBlock *B : *G)
      if (B && Result[B->getBlockID()] && models::blockNeverContinues(*B)) {
        LockState T, F;
        R.block(*B, *Result[B->getBlockID()], false, T, F);
      }
    return Result;
  };
  std::vector<std::optional<LockState>> In = Solve();
  for (int Pass = 0; Pass < 2 && R.nextLongjmpPass(); ++Pass)
    In = Solve();
  for (const CFGBlock *B : *G) {
    if (!B || !In[B->getBlockID()])
      continue;
    LockState T, F;
    R.block(*B, *In[B->getBlockID()], true, T, F);
  }
  if (In[G->getExit().getBlockID()])
    S.HeldAtExit = summary::heldOnly(In[G->getExit().getBlockID()]->Held);
  // Conditional lock effects, kept only where they say more than HeldAtExit.
  if (R.heldOnZeroReturn() && R.heldOnNonzeroReturn()) {
    if (summary::holdsLockOutside(*R.heldOnZeroReturn(), S.HeldAtExit) ||
        summary::holdsLockOutside(*R.heldOnNonzeroReturn(), S.HeldAtExit)) {
      S.HeldIfZero = summary::heldOnly(*R.heldOnZeroReturn());
      S.HeldIfNonzero = summary::heldOnly(*R.heldOnNonzeroReturn());
    }
  }
  findArgumentEffects(Ctx, *G, R, S);
  findLeakedLocks(Ctx, FD, *G, R, S); // after HeldAtExit: it fills MayHoldAtExit
  findThreadLifetimeIssues(Ctx, FD, *G, S);
  collectFunctionFlows(FD, S.FunctionFlows);
  return S;
}

} // namespace interlock::procedure
