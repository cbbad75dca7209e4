#include "procedure/ThreadLifetime.h"
#include "procedure/ForwardDataflow.h"
#include "procedure/Sites.h"

#include "models/Names.h"
#include "models/ThreadModels.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"

#include <map>
#include <set>

using namespace clang;

namespace interlock::procedure {
namespace {

/// May-joinable std::thread locals and where the thread they hold was started.
using State = std::map<const VarDecl *, SourceLoc>;

bool isPlainThread(QualType T) {
  return !T->isReferenceType() && models::isStdType(T, {"thread"});
}

bool isStdMove(const CallExpr *C) {
  return C->getNumArgs() == 1 &&
         models::isStdFunction(C->getDirectCallee(), {"move", "forward"});
}

/// Sees through the wrappers between a thread object and its use: casts, temporaries,
/// std::move, a move construction, `&`.
const Expr *strip(const Expr *E) {
  while (E) {
    E = E->IgnoreParenImpCasts();
    if (const auto *EWC = dyn_cast<ExprWithCleanups>(E))
      E = EWC->getSubExpr();
    else if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E))
      E = M->getSubExpr();
    else if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(E))
      E = B->getSubExpr();
    else if (const auto *C = dyn_cast<CallExpr>(E); C && isStdMove(C))
      E = C->getArg(0);
    else if (const auto *CE = dyn_cast<CXXConstructExpr>(E);
             CE && CE->getNumArgs() == 1 && CE->getConstructor()->isCopyOrMoveConstructor())
      E = CE->getArg(0);
    else if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_AddrOf)
      E = U->getSubExpr();
    else
      return E;
  }
  return E;
}

class ThreadLocals {
public:
  ThreadLocals(ASTContext &Ctx, const FunctionDecl *FD, const CFG &G)
      : Ctx(Ctx), FD(FD), G(G) {}

  void run(summary::FunctionSummary &Out);

private:
  const VarDecl *tracked(const Expr *E) const {
    if (const auto *DRE = dyn_cast_or_null<DeclRefExpr>(strip(E)))
      if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()); V && Tracked.count(V))
        return V;
    return nullptr;
  }
  void started(State &S, const VarDecl *V, SourceLocation Where) {
    S[V] = siteOf(Ctx, Where);
  }
  void element(const CFGElement &E, State &S, std::vector<summary::JoinableLeak> *Leaks);
  void stmt(const Stmt *St, State &S, std::vector<summary::JoinableLeak> *Leaks);
  void declare(const VarDecl *V, State &S);
  void edge(const CFGBlock &B, unsigned SuccIndex, State &S) const;

  ASTContext &Ctx;
  const FunctionDecl *FD;
  const CFG &G;
  std::set<const VarDecl *> Tracked;
};

class LocalCollector : public RecursiveASTVisitor<LocalCollector> {
public:
  explicit LocalCollector(std::set<const VarDecl *> &Out) : Out(Out) {}
  bool VisitVarDecl(VarDecl *V) {
    if (V->isLocalVarDecl() && !V->isStaticLocal() && isPlainThread(V->getType()))
      Out.insert(V);
    return true;
  }
  bool TraverseLambdaExpr(LambdaExpr *) { return true; } // analyzed on its own

private:
  std::set<const VarDecl *> &Out;
};

void ThreadLocals::declare(const VarDecl *V, State &S) {
  const Expr *Init = V->getInit();
  if (!Init) {
    S.erase(V);
    return;
  }
  const Expr *E = Init->IgnoreImplicit();
  if (const auto *CE = dyn_cast<CXXConstructExpr>(E)) {
    if (CE->getNumArgs() == 0) {
      S.erase(V);
      return;
    }
    if (CE->getConstructor()->isCopyOrMoveConstructor()) {
      if (const VarDecl *Src = tracked(CE->getArg(0))) {
        auto It = S.find(Src);
        if (It != S.end())
          S[V] = It->second;
        else
          S.erase(V);
        S.erase(Src);
        return;
      }
    }
  }
  started(S, V, V->getLocation());
}

void ThreadLocals::stmt(const Stmt *St, State &S,
                        std::vector<summary::JoinableLeak> *Leaks) {
  if (const auto *DS = dyn_cast<DeclStmt>(St)) {
    for (const Decl *D : DS->decls())
      if (const auto *V = dyn_cast<VarDecl>(D); V && Tracked.count(V))
        declare(V, S);
    return;
  }
  if (const auto *RS = dyn_cast<ReturnStmt>(St)) {
    if (const VarDecl *V = tracked(RS->getRetValue()))
      S.erase(V); // moved out to the caller
    return;
  }
  if (const auto *L = dyn_cast<LambdaExpr>(St)) {
    for (const LambdaCapture &C : L->captures())
      if (C.capturesVariable())
        if (const auto *V = dyn_cast<VarDecl>(C.getCapturedVar());
            V && Tracked.count(V) && C.getCaptureKind() == LCK_ByRef)
          S.erase(V);
    return;
  }
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(St);
      OC && OC->getOperator() == OO_Equal && OC->getNumArgs() == 2) {
    if (const VarDecl *V = tracked(OC->getArg(0))) {
      auto It = S.find(V);
      if (Leaks && It != S.end())
        Leaks->push_back({summary::JoinableLeak::Reassign, V->getName().str(),
                          siteOf(Ctx, OC->getBeginLoc()), It->second});
      const Expr *Rhs = OC->getArg(1);
      if (const VarDecl *Src = tracked(Rhs)) {
        auto SI = S.find(Src);
        if (SI != S.end())
          S[V] = SI->second;
        else
          S.erase(V);
        S.erase(Src);
        return;
      }
      const Expr *Inner = Rhs->IgnoreImplicit();
      while (const auto *CE = dyn_cast<CXXConstructExpr>(Inner)) {
        if (CE->getNumArgs() == 1 && CE->getConstructor()->isCopyOrMoveConstructor()) {
          Inner = CE->getArg(0)->IgnoreImplicit();
          continue;
        }
        if (CE->getNumArgs() == 0) {
          S.erase(V);
          return;
        }
        break;
      }
      started(S, V, Inner->getBeginLoc());
      return;
    }
  }
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(St)) {
    if (const VarDecl *V = tracked(MC->getImplicitObjectArgument())) {
      const CXXMethodDecl *MD = MC->getMethodDecl();
      llvm::StringRef Name = MD && MD->getIdentifier() ? MD->getName() : "";
      if (Name == "join" || Name == "detach" || Name == "swap") {
        S.erase(V);
        if (Name == "swap" && MC->getNumArgs() == 1)
          if (const VarDecl *W = tracked(MC->getArg(0)))
            S.erase(W);
      }
      return;
    }
  }
  if (const auto *C = dyn_cast<CallExpr>(St)) {
    if (isStdMove(C))
      return;
    for (const Expr *Arg : C->arguments())
      if (const VarDecl *V = tracked(Arg))
        S.erase(V); // handed over: the callee is responsible now
    return;
  }
  if (const auto *CE = dyn_cast<CXXConstructExpr>(St)) {
    if (isPlainThread(CE->getType()) && CE->getConstructor()->isCopyOrMoveConstructor())
      return; // the consumer (declaration, assignment, call) decides
    for (const Expr *Arg : CE->arguments())
      if (const VarDecl *V = tracked(Arg))
        S.erase(V); // e.g. a guard object that joins in its destructor
    return;
  }
}

void ThreadLocals::element(const CFGElement &E, State &S,
                           std::vector<summary::JoinableLeak> *Leaks) {
  if (auto CS = E.getAs<CFGStmt>())
    return stmt(CS->getStmt(), S, Leaks);
  if (auto D = E.getAs<CFGAutomaticObjDtor>()) {
    const VarDecl *V = D->getVarDecl();
    auto It = S.find(V);
    if (It == S.end())
      return;
    if (Leaks) {
      summary::JoinableLeak L;
      L.Name = V->getName().str();
      L.Started = It->second;
      const Stmt *T = D->getTriggerStmt();
      SourceLocation Where = T ? T->getEndLoc() : V->getLocation();
      L.How = summary::JoinableLeak::ScopeEnd;
      if (isa_and_nonnull<ReturnStmt>(T)) {
        L.How = summary::JoinableLeak::Return;
        Where = T->getBeginLoc();
      } else if (isa_and_nonnull<BreakStmt, ContinueStmt, GotoStmt>(T)) {
        L.How = summary::JoinableLeak::Jump;
        Where = T->getBeginLoc();
      } else if (const auto *CS = dyn_cast_or_null<CompoundStmt>(T)) {
        Where = CS->getRBracLoc();
      }
      L.Site = siteOf(Ctx, Where);
      Leaks->push_back(std::move(L));
    }
    S.erase(It);
  }
}

/// On the edge where `t.joinable()` is false, `t` is not joinable.
void ThreadLocals::edge(const CFGBlock &B, unsigned SuccIndex, State &S) const {
  if (B.succ_size() != 2)
    return;
  const Expr *Cond = dyn_cast_or_null<Expr>(B.getTerminatorCondition());
  if (!Cond)
    return;
  bool Negated = false;
  while (true) {
    Cond = Cond->IgnoreParenImpCasts();
    const auto *U = dyn_cast<UnaryOperator>(Cond);
    if (!U || U->getOpcode() != UO_LNot)
      break;
    Negated = !Negated;
    Cond = U->getSubExpr();
  }
  const auto *MC = dyn_cast<CXXMemberCallExpr>(Cond);
  if (!MC || !MC->getMethodDecl() || !MC->getMethodDecl()->getIdentifier() ||
      MC->getMethodDecl()->getName() != "joinable")
    return;
  const VarDecl *V = tracked(MC->getImplicitObjectArgument());
  if (V && SuccIndex == (Negated ? 0u : 1u))
    S.erase(V);
}

void ThreadLocals::run(summary::FunctionSummary &Out) {
  LocalCollector(Tracked).TraverseStmt(FD->getBody());
  if (Tracked.empty())
    return;
  std::vector<std::optional<State>> In = solveForward(
      G, State{},
      [&](const CFGBlock &B, const State &BlockIn) {
        State S = BlockIn;
        for (const CFGElement &E : B)
          element(E, S, nullptr);
        return [this, &B, S = std::move(S)](unsigned SuccIndex) {
          State Edge = S;
          edge(B, SuccIndex, Edge);
          return Edge;
        };
      },
      [](State &Dst, const State &Edge) {
        bool Changed = false;
        for (const auto &[V, Site] : Edge)
          Changed |= Dst.emplace(V, Site).second;
        return Changed;
      });
  std::vector<summary::JoinableLeak> Leaks;
  for (const CFGBlock *B : G) {
    if (!B || !In[B->getBlockID()])
      continue;
    State S = *In[B->getBlockID()];
    for (const CFGElement &E : *B)
      element(E, S, &Leaks);
  }
  std::set<std::tuple<SourceLoc, std::string, int>> Seen;
  for (summary::JoinableLeak &L : Leaks)
    if (L.Site.valid() && Seen.insert({L.Site, L.Name, int(L.How)}).second)
      Out.JoinableLeaks.push_back(std::move(L));
  llvm::sort(Out.JoinableLeaks, [](const auto &A, const auto &B) { return A.Site < B.Site; });
}

// ---- Detached threads that use this function's locals ---------------------------------

bool isAutomaticLocal(const ValueDecl *D) {
  const auto *V = dyn_cast_or_null<VarDecl>(D);
  return V && V->hasLocalStorage() && !V->getType()->isReferenceType();
}

const VarDecl *localByReference(const Expr *Arg) {
  if (const Expr *Inner = models::unwrapStdRef(Arg))
    if (const auto *DRE = dyn_cast<DeclRefExpr>(Inner->IgnoreParenImpCasts()))
      if (isAutomaticLocal(DRE->getDecl()))
        return cast<VarDecl>(DRE->getDecl());
  const Expr *E = Arg->IgnoreParenImpCasts();
  if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E))
    E = M->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_AddrOf)
    if (const auto *DRE = dyn_cast<DeclRefExpr>(U->getSubExpr()->IgnoreParenImpCasts()))
      if (isAutomaticLocal(DRE->getDecl()))
        return cast<VarDecl>(DRE->getDecl());
  return nullptr;
}

class DetachFinder : public RecursiveASTVisitor<DetachFinder> {
public:
  DetachFinder(ASTContext &Ctx, const FunctionDecl *FD, summary::FunctionSummary &Out)
      : Ctx(Ctx), FD(FD), Out(Out) {}

  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *MC) {
    const CXXMethodDecl *MD = MC->getMethodDecl();
    if (!MD || !MD->getIdentifier() || MD->getName() != "detach" ||
        !models::isStdType(MD->getThisType()->getPointeeType(), {"thread"}))
      return true;
    const Expr *Obj = MC->getImplicitObjectArgument()->IgnoreImplicit();
    while (const auto *FC = dyn_cast<CXXFunctionalCastExpr>(Obj))
      Obj = FC->getSubExpr()->IgnoreImplicit();
    const CXXConstructExpr *Spawn = nullptr;
    if (const auto *CE = dyn_cast<CXXConstructExpr>(Obj))
      Spawn = CE;
    else if (const auto *DRE = dyn_cast<DeclRefExpr>(Obj->IgnoreParenImpCasts()))
      if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()); V && V->hasInit())
        Spawn = dyn_cast<CXXConstructExpr>(V->getInit()->IgnoreImplicit());
    if (!Spawn || !Reported.insert(Spawn).second)
      return true;
    std::optional<models::SpawnCall> S = models::classifySpawn(Spawn);
    if (!S)
      return true;
    const VarDecl *Local = nullptr;
    if (const auto *L = dyn_cast<LambdaExpr>(strip(S->Callable))) {
      for (const LambdaCapture &C : L->captures())
        if (C.capturesVariable() && C.getCaptureKind() == LCK_ByRef &&
            isAutomaticLocal(C.getCapturedVar())) {
          Local = cast<VarDecl>(C.getCapturedVar());
          break;
        }
    }
    for (const Expr *Arg : S->Args)
      if (!Local)
        Local = localByReference(Arg);
    if (!Local)
      return true;
    summary::DetachedLocal D;
    D.Var = Local->getName().str();
    D.Declared = siteOf(Ctx, Local->getLocation());
    D.Spawn = siteOf(Ctx, Spawn->getBeginLoc());
    Out.DetachedLocals.push_back(std::move(D));
    return true;
  }
  bool TraverseLambdaExpr(LambdaExpr *) { return true; } // analyzed on its own

private:
  ASTContext &Ctx;
  const FunctionDecl *FD;
  summary::FunctionSummary &Out;
  std::set<const CXXConstructExpr *> Reported;
};

} // namespace

void findThreadLifetimeIssues(ASTContext &Ctx, const FunctionDecl *FD, const CFG &G,
                              summary::FunctionSummary &Out) {
  ThreadLocals(Ctx, FD, G).run(Out);
  if (!FD->isMain())
    DetachFinder(Ctx, FD, Out).TraverseStmt(FD->getBody());
}

} // namespace interlock::procedure
