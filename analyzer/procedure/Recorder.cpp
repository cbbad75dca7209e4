#include "procedure/Recorder.h"

#include "models/DataModels.h"
#include "models/LockModels.h"
#include "models/ThreadModels.h"
#include "procedure/DataFlows.h"
#include "procedure/FunctionAnalyzer.h"
#include "procedure/Sites.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <set>

using namespace clang;
using interlock::summary::Binding;
using interlock::summary::Path;

namespace interlock::procedure {

namespace {
/// The pointer-typed lvalues a function assigns (`e->io_stack = io->next;`).
class AssignedPointers : public RecursiveASTVisitor<AssignedPointers> {
public:
  explicit AssignedPointers(const PathBuilder &Paths) : Paths(Paths) {}
  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (BO->getOpcode() == BO_Assign && BO->getLHS()->getType()->isPointerType())
      if (auto P = Paths.lvalue(BO->getLHS()))
        Assigned.insert(*P);
    return true;
  }
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  std::set<Path> Assigned;

private:
  const PathBuilder &Paths;
};

/// Stores of a local pointer into shared memory (`g_cfg = cfg;`): publications.
class Publications : public RecursiveASTVisitor<Publications> {
public:
  Publications(ASTContext &Ctx, PathBuilder &Paths) : Ctx(Ctx), Paths(Paths) {}
  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (BO->getOpcode() != BO_Assign || !BO->getLHS()->getType()->isPointerType())
      return true;
    const auto *DRE = dyn_cast<DeclRefExpr>(BO->getRHS()->IgnoreParenCasts());
    const auto *V = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
    if (!V || !V->isLocalVarDecl() || !V->getType()->isPointerType())
      return true;
    std::optional<Path> Target = Paths.lvalue(BO->getLHS());
    // Only into memory other threads can reach: a global, or through a pointer.
    if (!Target || !(llvm::StringRef(*Target).starts_with("G:") ||
                     llvm::StringRef(*Target).contains('*')))
      return true;
    const SourceManager &SM = Ctx.getSourceManager();
    Paths.addPublication(V, SM.getFileOffset(SM.getExpansionLoc(BO->getBeginLoc())),
                         *Target + "*");
    return true;
  }
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }

private:
  ASTContext &Ctx;
  PathBuilder &Paths;
};

/// Collects what the function's local references and pointers stand for.
class AliasCollector : public RecursiveASTVisitor<AliasCollector> {
public:
  AliasCollector(PathBuilder &Paths, std::set<Path> Unlinked)
      : Paths(Paths), Unlinked(std::move(Unlinked)) {}
  bool VisitVarDecl(VarDecl *V) {
    if (!V->isLocalVarDecl() || !V->hasInit())
      return true;
    const Expr *Init = V->getInit();
    if (V->getType()->isReferenceType()) {
      if (auto P = Paths.lvalue(Init))
        Paths.addAlias(V, *P);
    } else if (V->getType()->isPointerType()) {
      // An element taken out of a list this function relinks (`io = e->io_stack;
      // e->io_stack = io->next;`) belongs to the taker: it stays this frame's own.
      if (auto L = Paths.lvalue(Init->IgnoreParenImpCasts()); L && Unlinked.count(*L))
        return true;
      if (auto P = Paths.pointee(Init))
        Paths.addPointsTo(V, *P);
      else if (auto L = Paths.pointeeAnyIndex(Init))
        Paths.addLockPointsTo(V, *L); // `job = &ctx->jobs[i]`: names job->mutex
    }
    return true;
  }
  bool VisitCXXForRangeStmt(CXXForRangeStmt *S) {
    Paths.addRangeVar(S->getLoopVariable(), S->getRangeInit());
    return true;
  }
  bool TraverseLambdaExpr(LambdaExpr *) { return true; } // analyzed on its own

private:
  PathBuilder &Paths;
  std::set<Path> Unlinked;
};

} // namespace

Recorder::Recorder(ASTContext &Ctx, const FunctionDecl *FD, summary::FunctionSummary &Out,
                   LockEffectScan *Scan)
    : Ctx(Ctx), FD(FD), Out(Out), Paths(Ctx, FD), Index(Ctx, FD), PM(FD->getBody()),
      Loops(PM), Scan(Scan) {
  IsCtorOrDtor = isa<CXXConstructorDecl>(FD) || isa<CXXDestructorDecl>(FD);
  prepare();
}

void Recorder::prepare() {
  AssignedPointers Assigned(Paths);
  Assigned.TraverseStmt(FD->getBody());
  collectDataFlows(Ctx, FD, Paths, Assigned.Assigned, Out.DataFlows);
  AliasCollector(Paths, std::move(Assigned.Assigned)).TraverseStmt(FD->getBody());
  Publications(Ctx, Paths).TraverseStmt(FD->getBody());
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD); MD && MD->getParent()->isLambda()) {
    // A lambda's by-copy captured pointers: what they point to is shared.
    for (const LambdaCapture &C : MD->getParent()->captures())
      if (C.capturesVariable())
        if (const auto *V = dyn_cast<VarDecl>(C.getCapturedVar());
            V && C.getCaptureKind() == LCK_ByCopy && V->getType()->isPointerType())
          Paths.addPointsTo(V, "C:" + Paths.key(V) + "*");
  }
}

bool Recorder::inSystemHeader(SourceLocation Loc) const {
  const SourceManager &SM = Ctx.getSourceManager();
  return Loc.isValid() && SM.isInSystemHeader(SM.getExpansionLoc(Loc));
}

SourceLoc Recorder::site(SourceLocation Loc) const {
  return siteOf(Ctx.getSourceManager(), Loc);
}

summary::Point Recorder::point(const Stmt *S, SourceLocation Loc) const {
  summary::Point Pt;
  const SourceManager &SM = Ctx.getSourceManager();
  if (Loc.isValid())
    Pt.Seq = SM.getFileOffset(SM.getExpansionLoc(Loc));
  if (S)
    Pt.Loops = Loops.around(S); // memoized: a walk per element is quadratic
  return Pt;
}

void Recorder::block(const CFGBlock &B, LockState In, bool Record, LockState &True,
                     LockState &False) {
  std::vector<PendingTry> Pending;
  CurrentBlock = &B;
  for (const CFGElement &E : B)
    element(E, In, Record, Pending);
  branch(B, In, Pending, True, False);
}

void Recorder::access(const Expr *E, std::optional<Path> P, bool Write, bool Container,
                      const LockState &St, bool Whole) {
  if (!P || inSystemHeader(E->getExprLoc()))
    return;
  if (IsCtorOrDtor && llvm::StringRef(*P).starts_with("this"))
    return; // the object is not shared while it is built or destroyed
  if (!Container && models::isSynchronizationType(E->getType()))
    return;
  summary::Access A;
  A.Loc = *P;
  A.Name = displayName(*P);
  A.Write = Write;
  A.Container = Container;
  A.Held = St.Held;
  A.Site = site(E->getExprLoc());
  A.At = point(E, E->getExprLoc());
  A.Volatile = E->getType().isVolatileQualified();
  A.Whole = Whole || (!Container && (E->getType()->isRecordType() ||
                                     E->getType()->isConstantArrayType()));
  if (llvm::StringRef(*P).contains("[*]"))
    elementAccess(E, A);
  Out.Accesses.push_back(std::move(A));
}

void Recorder::acquire(const Path &Lock, const Expr *Site, bool Shared, bool Try,
                       bool Recursive, LockState &St) {
  summary::Acquisition A;
  A.Lock = Lock;
  A.Name = displayName(Lock);
  A.Shared = Shared;
  A.Try = Try;
  A.Recursive = Recursive;
  A.HeldBefore = St.Held;
  A.Site = site(Site->getExprLoc());
  A.At = point(Site, Site->getExprLoc());
  Out.Acquisitions.push_back(std::move(A));
}

std::vector<Path> Recorder::mutexPaths(llvm::ArrayRef<const Expr *> Es,
                                       llvm::ArrayRef<bool> Pointer) {
  std::vector<Path> Out;
  for (size_t I = 0; I < Es.size(); ++I)
    if (std::optional<Path> P = Paths.lock(Es[I], Pointer[I])) {
      if (llvm::StringRef(*P).contains("[*]")) {
        // One index per lock array in this function; two different ones: unknown.
        std::string Text = Index.text(Es[I]);
        auto [It, New] = LockIndex.try_emplace(*P, Text);
        if (!New && It->second != Text)
          It->second.clear();
      }
      Out.push_back(*P);
    }
  return Out;
}

void Recorder::elementAccess(const Expr *E, summary::Access &A) {
  A.OwnSlot = Index.fromParameters(E);
  if (std::optional<unsigned> Param = Index.parameter(E))
    A.IndexParam = static_cast<int>(*Param);
  // A lock array element guards the data element with the same index
  // (`lock(&locks[i]); data[i]++`), not one with another (`data[j]`).
  std::string Text = Index.text(E);
  llvm::erase_if(A.Held, [&](const summary::HeldLock &H) {
    auto It = LockIndex.find(H.Lock);
    return It != LockIndex.end() && !It->second.empty() && !Text.empty() &&
           It->second != Text;
  });
}

std::string Recorder::guardKey(const Expr *Construct) const {
  for (DynTypedNodeList Ps = Ctx.getParents(*Construct); !Ps.empty();) {
    if (const auto *V = Ps[0].get<VarDecl>())
      return "L:" + Paths.key(V);
    const auto *E = Ps[0].get<Expr>();
    if (!E || !isa<MaterializeTemporaryExpr, CXXBindTemporaryExpr, ExprWithCleanups,
                   ImplicitCastExpr, ParenExpr, CXXFunctionalCastExpr>(E))
      break;
    Ps = Ctx.getParents(*E);
  }
  return "T:" + std::to_string(reinterpret_cast<uintptr_t>(Construct));
}

void Recorder::element(const CFGElement &E, LockState &St, bool Record,
                       std::vector<PendingTry> &Pending) {
  Record = Record && !St.FailedLockPath;
  if (auto S = E.getAs<CFGStmt>()) {
    SourceLocation Begin = Begins.of(S->getStmt()); // memoized: see Sites.h
    Here = point(S->getStmt(), Begin);
    Paths.setCurrentOffset(Here.Seq);
    HereSite = site(Begin);
    stmt(S->getStmt(), St, Record, Pending);
    return;
  }
  if (auto I = E.getAs<CFGInitializer>()) {
    if (const Expr *Init = I->getInitializer()->getInit())
      if (const auto *CE = dyn_cast<CXXConstructExpr>(Init->IgnoreImplicit()))
        (void)CE; // its sub-expressions were elements already
    return;
  }
  if (auto D = E.getAs<CFGAutomaticObjDtor>()) {
    const VarDecl *V = D->getVarDecl();
    const Stmt *Trigger = D->getTriggerStmt();
    SourceLocation End = Trigger ? Trigger->getEndLoc() : V->getLocation();
    if (models::isGuardType(V->getType())) {
      St.guardDestroyed("L:" + Paths.key(V));
      return;
    }
    if (!Record)
      return;
    std::optional<Path> Self = Paths.varRoot(V, false);
    if (!Self)
      return;
    if (models::isJoiningOnDestruction(V->getType())) {
      summary::Join J;
      J.Handle = *Self;
      J.Implicit = true;
      J.Site = site(End);
      J.At = point(Trigger, End);
      J.Held = St.Held;
      Out.Joins.push_back(std::move(J));
      return;
    }
    const CXXRecordDecl *RD = V->getType()->getAsCXXRecordDecl();
    if (RD && RD->getDestructor() && RD->getDestructor()->isUserProvided() &&
        !inSystemHeader(RD->getLocation())) {
      summary::Call C;
      C.Callee = usrOf(RD->getDestructor());
      C.CalleeName = RD->getDestructor()->getQualifiedNameAsString();
      C.This = {Binding::Lvalue, *Self};
      C.Held = St.Held;
      C.Site = site(End);
      C.At = point(Trigger, End);
      Out.Calls.push_back(std::move(C));
    }
    return;
  }
  if (auto T = E.getAs<CFGTemporaryDtor>()) {
    const CXXBindTemporaryExpr *B = T->getBindTemporaryExpr();
    if (const auto *CE = dyn_cast<CXXConstructExpr>(B->getSubExpr()))
      St.guardDestroyed("T:" + std::to_string(reinterpret_cast<uintptr_t>(CE)));
    return;
  }
}

void Recorder::stmt(const Stmt *S, LockState &St, bool Record, std::vector<PendingTry> &P) {
  if (const auto *CE = dyn_cast<CXXConstructExpr>(S))
    return construct(CE, St, Record, P);
  if (const auto *C = dyn_cast<CallExpr>(S))
    return call(C, St, Record, P);
  rememberResult(S, P);
  if (!Record)
    return;
  if (const auto *RS = dyn_cast<ReturnStmt>(S))
    return returned(RS, St, P);
  if (const auto *IC = dyn_cast<ImplicitCastExpr>(S)) {
    if (IC->getCastKind() == CK_LValueToRValue)
      access(IC->getSubExpr(), Paths.lvalueAnyIndex(IC->getSubExpr()), false, false, St);
    return;
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(S)) {
    if (BO->isAssignmentOp())
      access(BO->getLHS(), Paths.lvalueAnyIndex(BO->getLHS()), true, false, St);
    return;
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(S)) {
    if (UO->isIncrementDecrementOp())
      access(UO->getSubExpr(), Paths.lvalueAnyIndex(UO->getSubExpr()), true, false, St);
    return;
  }
}

void Recorder::rememberResult(const Stmt *S, std::vector<PendingTry> &Pending) {
  const VarDecl *V = nullptr;
  const Expr *Init = nullptr;
  if (const auto *DS = dyn_cast<DeclStmt>(S); DS && DS->isSingleDecl()) {
    V = dyn_cast<VarDecl>(DS->getSingleDecl());
    Init = V ? V->getInit() : nullptr;
  } else if (const auto *BO = dyn_cast<BinaryOperator>(S); BO && BO->getOpcode() == BO_Assign) {
    if (const auto *DRE = dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParenImpCasts()))
      V = dyn_cast<VarDecl>(DRE->getDecl());
    Init = BO->getRHS();
  }
  if (!V || !Init || !V->isLocalVarDecl())
    return;
  const Expr *Call = Init->IgnoreParenCasts();
  for (PendingTry &P : Pending)
    if (P.Call == Call)
      P.Var = V;
}

void Recorder::construct(const CXXConstructExpr *CE, LockState &St, bool Record,
                         std::vector<PendingTry> &Pending) {
  if (std::optional<models::GuardCtor> G = models::classifyGuardConstruct(CE)) {
    llvm::SmallVector<const Expr *, 2> Es;
    llvm::SmallVector<bool, 2> Ptr;
    for (const models::MutexOperand &M : G->Mutexes) {
      Es.push_back(M.E);
      Ptr.push_back(M.IsPointer);
    }
    GuardState GS;
    GS.Locks = mutexPaths(Es, Ptr);
    GS.Shared = G->Shared;
    std::string Key = guardKey(CE);
    if (G->Mutexes.empty()) // default-constructed or moved-from guard: nothing we know
      return St.guardCreated(Key, GS);
    if (G->Tag == models::GuardTag::TryTo) {
      St.guardCreated(Key, GS);
      Pending.push_back({nullptr, Key, GS.Locks, GS.Shared, false});
      return;
    }
    GS.Owns = G->Tag != models::GuardTag::Defer;
    if (Record && G->Tag == models::GuardTag::None)
      for (size_t I = 0; I < GS.Locks.size(); ++I)
        acquire(GS.Locks[I], CE, GS.Shared, false,
                models::isRecursiveMutexType(Es[I]->getType()), St);
    St.guardCreated(Key, GS, G->Tag == models::GuardTag::Adopt);
    return;
  }
  if (!Record)
    return;
  if (models::classifySpawn(CE))
    return spawn(CE, St);
  const CXXConstructorDecl *Ctor = CE->getConstructor();
  if (Ctor->isCopyOrMoveConstructor() && CE->getNumArgs() >= 1) {
    const Expr *Arg = CE->getArg(0);
    access(Arg, Paths.lvalue(Arg), false, false, St);
    return;
  }
  if (Ctor->isUserProvided() && !inSystemHeader(Ctor->getLocation())) {
    summary::Call C;
    C.Callee = usrOf(Ctor);
    C.CalleeName = Ctor->getQualifiedNameAsString();
    bool Detached = false;
    if (std::optional<Path> Self = spawnHandle(CE, Detached))
      C.This = {Binding::Lvalue, *Self};
    for (unsigned I = 0; I < CE->getNumArgs() && I < Ctor->getNumParams(); ++I)
      C.Args.push_back(bindArg(Ctor->getParamDecl(I)->getType(), CE->getArg(I)));
    C.Held = St.Held;
    C.Site = site(CE->getBeginLoc());
    C.At = Here;
    Out.Calls.push_back(std::move(C));
  }
}

Binding Recorder::bindArg(QualType ParamType, const Expr *Arg) const {
  if (const Expr *Inner = models::unwrapStdRef(Arg))
    if (auto P = Paths.lvalue(Inner))
      return {Binding::Lvalue, *P};
  if (ParamType->isReferenceType()) {
    if (isa<MaterializeTemporaryExpr>(Arg->IgnoreParenImpCasts()))
      return {};
    if (auto P = Paths.lvalue(Arg))
      return {Binding::Lvalue, *P};
    return {};
  }
  if (ParamType->isPointerType() || Arg->getType()->isPointerType())
    if (auto P = Paths.pointee(Arg))
      return {Binding::Pointee, *P};
  return {};
}

} // namespace interlock::procedure
