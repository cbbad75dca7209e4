// Calls, thread starts and branches on try-lock results: the half of Recorder that
// deals with callees.
#include "procedure/Constants.h"
#include "procedure/FunctionAnalyzer.h"
#include "procedure/FunctionFlows.h"
#include "procedure/LockEffectScan.h"
#include "procedure/Recorder.h"
#include "summary/EventLoops.h"
#include "procedure/WaitLoops.h"

#include "models/DataModels.h"
#include "models/LockModels.h"
#include "models/Names.h"
#include "models/ThreadModels.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;
using interlock::summary::Binding;
using interlock::summary::Path;

namespace interlock::procedure {
namespace {

const Expr *skipWrappers(const Expr *E) {
  while (true) {
    E = E->IgnoreParenImpCasts();
    if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E))
      E = M->getSubExpr();
    else if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(E))
      E = B->getSubExpr();
    else if (const auto *F = dyn_cast<CXXFunctionalCastExpr>(E))
      E = F->getSubExpr();
    else if (const auto *C = dyn_cast<CXXConstructExpr>(E);
             C && C->getNumArgs() == 1 && C->getConstructor()->isCopyOrMoveConstructor())
      E = C->getArg(0);
    else if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_AddrOf)
      E = U->getSubExpr();
    else
      return E;
  }
}

/// An argument of std::thread / std::async as written: they take `Args&&...`, so each is
/// a materialized temporary (`&c` becomes a Counter* xvalue) around the expression.
const Expr *forwardedArg(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E))
    E = M->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(E))
    E = B->getSubExpr();
  return E;
}

/// A call that dispatches at run time (`this->run()` on a `Thread *`): the node of the
/// method's final overriders (FunctionFlows.h, dispatchNode); "" for a static call
/// (qualified `Base::run()`, an object whose class is known, a final method).
std::string virtualDispatch(const CXXMemberCallExpr *MC) {
  const CXXMethodDecl *MD = MC->getMethodDecl();
  const auto *ME = dyn_cast<MemberExpr>(MC->getCallee()->IgnoreParens());
  if (!MD || !MD->isVirtual() || !ME || ME->hasQualifier() ||
      MD->getDevirtualizedMethod(ME->getBase(), /*IsAppleKext=*/false))
    return "";
  return dispatchNode(MD);
}

/// The lambda an expression evaluates to, directly or through a local variable.
const LambdaExpr *lambdaOf(const Expr *E) {
  E = skipWrappers(E);
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()); V && V->hasInit())
      E = skipWrappers(V->getInit());
  return dyn_cast<LambdaExpr>(E);
}

const Expr *stripCondition(const Expr *E, bool &Negated) {
  while (true) {
    E = E->IgnoreParenImpCasts();
    if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_LNot) {
      Negated = !Negated;
      E = U->getSubExpr();
      continue;
    }
    if (const auto *B = dyn_cast<BinaryOperator>(E);
        B && (B->getOpcode() == BO_EQ || B->getOpcode() == BO_NE)) {
      auto IsZero = [](const Expr *X) {
        X = X->IgnoreParenImpCasts();
        if (const auto *I = dyn_cast<IntegerLiteral>(X))
          return I->getValue() == 0;
        if (const auto *L = dyn_cast<CXXBoolLiteralExpr>(X))
          return !L->getValue();
        return false;
      };
      if (IsZero(B->getRHS()) || IsZero(B->getLHS())) {
        if (B->getOpcode() == BO_EQ)
          Negated = !Negated;
        E = IsZero(B->getRHS()) ? B->getLHS() : B->getRHS();
        continue;
      }
    }
    return E;
  }
}

/// A call that stores its callable arguments rather than calling them: assigning a
/// std::function, pushing into a container of them.
bool storesCallables(const CallExpr *C) {
  const auto *MD = dyn_cast_or_null<CXXMethodDecl>(C->getDirectCallee());
  if (!MD)
    return false;
  if (isCallableWrapper(QualType(MD->getParent()->getTypeForDecl(), 0)))
    return true;
  const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(MD->getParent());
  return Spec && Spec->getTemplateArgs().size() > 0 &&
         Spec->getTemplateArgs()[0].getKind() == TemplateArgument::Type &&
         isCallableWrapper(Spec->getTemplateArgs()[0].getAsType());
}

} // namespace

std::optional<Path> Recorder::spawnHandle(const Expr *E, bool &Detached) const {
  // A member started in the constructor's initializer list: `Pool() : t_(work) {}`.
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(FD))
    for (const CXXCtorInitializer *I : Ctor->inits())
      if (const FieldDecl *F = I->getMember();
          F && I->getInit() && I->getInit()->IgnoreImplicit() == E->IgnoreImplicit())
        return "this." + F->getParent()->getNameAsString() + "::" + F->getNameAsString();
  DynTypedNodeList Ps = Ctx.getParents(*E);
  while (!Ps.empty()) {
    if (const auto *V = Ps[0].get<VarDecl>())
      return Paths.varRoot(V, false);
    if (const auto *Init = Ps[0].get<CXXCtorInitializer>()) {
      if (const FieldDecl *F = Init->getMember())
        return "this." + F->getParent()->getNameAsString() + "::" + F->getNameAsString();
      return std::nullopt;
    }
    const auto *P = Ps[0].get<Expr>();
    if (!P)
      return std::nullopt;
    if (isa<MaterializeTemporaryExpr, CXXBindTemporaryExpr, ImplicitCastExpr, ExprWithCleanups,
            ParenExpr, CXXFunctionalCastExpr, ConstantExpr, CXXConstructExpr>(P)) {
      Ps = Ctx.getParents(*P);
      continue;
    }
    if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(P))
      if (OC->getOperator() == OO_Equal && OC->getNumArgs() == 2)
        return Paths.handle(OC->getArg(0));
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(P))
      return Paths.handle(MC->getImplicitObjectArgument());
    if (isa<MemberExpr>(P)) {
      DynTypedNodeList Up = Ctx.getParents(*P);
      if (!Up.empty())
        if (const auto *MC = Up[0].get<CXXMemberCallExpr>())
          if (const auto *MD = MC->getMethodDecl(); MD && MD->getIdentifier() &&
                                                    MD->getName() == "detach")
            Detached = true;
    }
    return std::nullopt;
  }
  return std::nullopt;
}

void Recorder::spawn(const Expr *E, LockState &St) {
  std::optional<models::SpawnCall> S = models::classifySpawn(E);
  if (!S)
    return;
  summary::Spawn Sp;
  Sp.Api = S->Api;
  const FunctionDecl *Entry = nullptr;
  if (const LambdaExpr *LE = lambdaOf(S->Callable)) {
    Entry = LE->getCallOperator();
    auto Init = LE->capture_init_begin();
    for (const LambdaCapture &C : LE->captures()) {
      const Expr *InitE = Init != LE->capture_init_end() ? *Init++ : nullptr;
      if (!C.capturesVariable() || C.getCaptureKind() != LCK_ByCopy || !InitE)
        continue;
      const auto *V = dyn_cast<VarDecl>(C.getCapturedVar());
      if (V && V->getType()->isPointerType())
        if (auto P = Paths.pointee(InitE))
          Sp.CopiedCaptures.push_back({Paths.key(V), {Binding::Pointee, *P}});
    }
  } else {
    const Expr *Cal = skipWrappers(S->Callable);
    if (const auto *DRE = dyn_cast<DeclRefExpr>(Cal))
      Entry = dyn_cast<FunctionDecl>(DRE->getDecl());
    else if (const CXXRecordDecl *RD = Cal->getType()->getAsCXXRecordDecl();
             RD && !isCallableWrapper(Cal->getType()))
      for (const CXXMethodDecl *M : RD->methods())
        if (M->getOverloadedOperator() == OO_Call)
          Entry = M;
  }
  if (!Entry) {
    // A start routine held in a variable, a parameter or a field: resolved at link time.
    std::vector<std::string> Nodes = functionValueNodes(S->Callable);
    if (Nodes.size() != 1)
      return;
    Sp.EntryNode = Nodes.front();
  } else {
    Sp.Entry = usrOf(Entry);
    Sp.EntryName = lambdaOf(S->Callable) ? "lambda" : Entry->getQualifiedNameAsString();
  }
  unsigned First = 0;
  const auto *MD = dyn_cast_or_null<CXXMethodDecl>(Entry);
  // A member function, named or held in a pointer to member: the first argument is the
  // object it runs on (`std::thread(&Counter::bump, &c)`).
  bool Member = MD ? MD->isInstance() && !MD->getParent()->isLambda() &&
                         MD->getOverloadedOperator() != OO_Call
                   : forwardedArg(S->Callable)->getType()->isMemberFunctionPointerType();
  if (Member && !S->Args.empty()) {
    const Expr *Obj = forwardedArg(S->Args[0]);
    if (const Expr *Inner = models::unwrapStdRef(Obj)) {
      if (auto P = Paths.lvalue(Inner))
        Sp.This = {Binding::Lvalue, *P};
    } else if (Obj->getType()->isPointerType()) {
      if (auto P = Paths.pointee(Obj))
        Sp.This = {Binding::Lvalue, *P};
    }
    First = 1;
  }
  for (unsigned I = First; I < S->Args.size(); ++I) {
    unsigned Param = I - First;
    QualType T = Entry && Param < Entry->getNumParams() ? Entry->getParamDecl(Param)->getType()
                                                        : S->Args[I]->getType();
    Binding B;
    if (const Expr *Inner = models::unwrapStdRef(S->Args[I])) {
      if (auto P = Paths.lvalue(Inner))
        B = {Binding::Lvalue, *P};
    } else if (T->isPointerType() || S->Args[I]->getType()->isPointerType()) {
      if (auto P = Paths.pointee(forwardedArg(S->Args[I])))
        B = {Binding::Pointee, *P};
    }
    Sp.Args.push_back(B); // by value: the thread works on its own copy
  }
  bool Detached = false;
  std::optional<Path> Handle;
  if (S->HandlePointer)
    Handle = Paths.pointeeAnyIndex(S->HandlePointer); // `&workers[i]`: the array's threads
  else if (S->Container)
    Handle = S->ContainerIsPointer ? Paths.pointee(S->Container) : Paths.lvalue(S->Container);
  else
    Handle = spawnHandle(E, Detached);
  Sp.Handle = Handle.value_or("");
  Sp.Detached = Detached;
  Sp.InContainer = S->Container != nullptr;
  if (const auto *CE = dyn_cast<CallExpr>(E); CE && S->HandlePointer && CE->getNumArgs() == 4)
    Sp.HasAttributes = !CE->getArg(1)->IgnoreParenImpCasts()->isNullPointerConstant(
        Ctx, Expr::NPC_ValueDependentIsNotNull);
  Sp.Held = St.Held;
  Sp.Site = site(E->getBeginLoc());
  Sp.At = Here;
  Out.Spawns.push_back(std::move(Sp));
}

void Recorder::call(const CallExpr *C, LockState &St, bool Record,
                    std::vector<PendingTry> &Pending) {
  longjmpFrom(C, St);
  if (std::optional<models::LockOp> Op = models::classifyLockCall(C)) {
    llvm::SmallVector<const Expr *, 2> Es;
    llvm::SmallVector<bool, 2> Ptr;
    for (const models::MutexOperand &M : Op->Mutexes) {
      Es.push_back(M.E);
      Ptr.push_back(M.IsPointer);
    }
    std::vector<Path> Locks = mutexPaths(Es, Ptr);
    bool Try = Op->Kind == models::LockOpKind::TryAcquire;
    if (Record && Op->Kind != models::LockOpKind::Release)
      for (const Path &L : Locks)
        acquire(L, C, Op->Shared, Try, Op->Recursive, St);
    if (Op->Kind == models::LockOpKind::Acquire) {
      for (const Path &L : Locks)
        St.acquire(L, Op->Shared);
      if (Op->SuccessIsZero) {
        PendingTry Failing{C, "", Locks, Op->Shared, true};
        Failing.FailureReleases = true;
        Pending.push_back(std::move(Failing));
      }
    } else if (Op->Kind == models::LockOpKind::Release) {
      for (const Path &L : Locks)
        St.unlocked(L);
      if (Op->SuccessIsZero) { // a failed unlock: the same kind of never-taken path
        PendingTry Failing{C, "", {}, Op->Shared, true};
        Failing.FailureReleases = true;
        Pending.push_back(std::move(Failing));
      }
    } else
      Pending.push_back({C, "", Locks, Op->Shared, Op->SuccessIsZero});
    return;
  }
  const auto *MC = dyn_cast<CXXMemberCallExpr>(C);
  if (MC) {
    models::GuardMethod GM = models::classifyGuardMethod(MC);
    if (GM != models::GuardMethod::None) {
      std::optional<Path> G = Paths.lvalue(MC->getImplicitObjectArgument());
      std::string Key = G ? *G : "";
      auto It = St.Guards.find(Key);
      if (GM == models::GuardMethod::Lock) {
        if (Record && It != St.Guards.end())
          for (const Path &L : It->second.Locks)
            acquire(L, C, It->second.Shared, false, false, St);
        St.guardLock(Key);
      } else if (GM == models::GuardMethod::Unlock) {
        St.guardUnlock(Key);
      } else if (GM == models::GuardMethod::Release) {
        St.guardForget(Key);
      } else if (GM == models::GuardMethod::TryLock && It != St.Guards.end()) {
        Pending.push_back({C, Key, It->second.Locks, It->second.Shared, false});
      }
      return;
    }
  }
  if (!Record) {
    if (!isModelledCall(C))
      if (const FunctionDecl *Callee = userFunction(C->getDirectCallee()))
        callEffects(C, Callee, St, Pending);
    return;
  }
  if (std::optional<models::WaitCall> W = models::classifyWait(C)) {
    summary::CvWait CW;
    CW.Cv = Paths.handle(W->Cv).value_or("");
    CW.HasPredicate = W->HasPredicate;
    CW.InLoop = !Here.Loops.empty();
    CW.Rechecked = waitIsRechecked(Ctx, C);
    CW.Api = waitApi(Ctx, C);
    CW.Held = St.Held;
    CW.Site = site(C->getBeginLoc());
    CW.At = Here;
    Out.Waits.push_back(std::move(CW));
    return;
  }
  if (ordering(C))
    return;
  if (std::optional<models::JoinCall> J = models::classifyJoin(C)) {
    summary::Join Jn;
    // `pthread_join(workers[i], 0)` in a loop joins the threads of `workers[*]`.
    Jn.Handle = (J->HandleIsPointer ? Paths.pointeeAnyIndex(J->Handle)
                                    : Paths.handleAnyIndex(J->Handle))
                    .value_or("");
    Jn.Detach = J->Detach;
    Jn.Site = site(C->getBeginLoc());
    Jn.At = Here;
    Jn.Held = St.Held;
    Out.Joins.push_back(std::move(Jn));
    return;
  }
  if (models::classifySpawn(C))
    return spawn(C, St);
  if (models::isCallOnce(C))
    return onceCall(C, St); // initialization runs once, before anyone reads it
  if (MC) {
    if (std::optional<bool> W = models::containerCallWrites(MC)) {
      const Expr *Obj = MC->getImplicitObjectArgument();
      bool Arrow = false;
      if (const auto *ME = dyn_cast<MemberExpr>(MC->getCallee()->IgnoreParens()))
        Arrow = ME->isArrow();
      access(Obj, Arrow ? Paths.pointee(Obj) : Paths.lvalue(Obj), *W, true, St);
      lambdaArgs(C, St);
      return;
    }
  }
  // Calling a std::function calls what was stored in it; the call also reads it.
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(C);
      OC && OC->getOperator() == OO_Call && OC->getNumArgs() >= 1 &&
      isCallableWrapper(OC->getArg(0)->getType()))
    pointerCall(C, OC->getArg(0), {OC->arg_begin() + 1, OC->arg_end()}, St);
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(C); OC && OC->getNumArgs() >= 1)
    if (std::optional<bool> W = models::containerOperatorWrites(OC)) {
      access(OC->getArg(0), Paths.lvalue(OC->getArg(0)), *W, true, St);
      return;
    }
  const FunctionDecl *Callee = C->getDirectCallee();
  if (!Callee) {
    indirectCall(C, St);
    return lambdaArgs(C, St);
  }
  if (const FunctionDecl *User = userFunction(Callee)) {
    plainCall(C, User, St);
    return callEffects(C, User, St, Pending);
  }
  opaqueCall(C, Callee, St);
}

bool Recorder::isModelledCall(const CallExpr *C) const {
  if (models::classifyWait(C) || models::classifyJoin(C) || models::classifySpawn(C) ||
      models::isCallOnce(C))
    return true;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(C); MC && models::containerCallWrites(MC))
    return true;
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(C); OC && OC->getNumArgs() >= 1)
    return models::containerOperatorWrites(OC).has_value();
  return false;
}

/// The definition (or declaration) of a callee written by the user, not the library.
const FunctionDecl *Recorder::userFunction(const FunctionDecl *Callee) const {
  if (!Callee)
    return nullptr;
  const FunctionDecl *Def = Callee->getDefinition();
  const FunctionDecl *Where = Def ? Def : Callee;
  return inSystemHeader(Where->getLocation()) ? nullptr : Where;
}

unsigned Recorder::callId(const Stmt *S) {
  auto It = CallIds.find(S);
  if (It != CallIds.end())
    return It->second;
  // Calls of one function on the same objects share an id, so their call-effect tokens
  // are one lock: `uv_mutex_lock(&mutex)` before a loop and again at the end of its body
  // still hold `mutex` where the paths meet at the loop's head.
  unsigned Id = 0;
  if (std::string Signature = callSignature(S); !Signature.empty())
    Id = CallSignatures.try_emplace(Signature, NextCallId).first->second;
  if (!Id || Id == NextCallId)
    Id = NextCallId++;
  return CallIds[S] = Id;
}

std::string Recorder::callSignature(const Stmt *S) const {
  const auto *C = dyn_cast<CallExpr>(S);
  const FunctionDecl *Callee = C ? userFunction(C->getDirectCallee()) : nullptr;
  if (!Callee)
    return "";
  std::string Sig = usrOf(Callee);
  unsigned Base = 0;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(C)) {
    const Expr *Obj = MC->getImplicitObjectArgument();
    std::optional<Path> P = Obj ? Paths.lvalue(Obj) : std::nullopt;
    if (!P)
      return "";
    Sig += "|this=" + *P;
  } else if (isa<CXXOperatorCallExpr>(C) && isa<CXXMethodDecl>(Callee)) {
    Base = 1;
  }
  for (unsigned I = Base; I < C->getNumArgs(); ++I) {
    unsigned Param = I - Base;
    if (Param >= Callee->getNumParams())
      break;
    const Expr *Arg = C->getArg(I);
    summary::Binding B = bindArg(Callee->getParamDecl(Param)->getType(), Arg);
    if (B.K != summary::Binding::None)
      Sig += "|" + std::to_string(B.K) + B.Target;
    else if (std::optional<int64_t> V = integerConstant(Arg, Ctx))
      Sig += "|#" + std::to_string(*V);
    else
      return ""; // an argument we cannot name: a call of its own
  }
  return Sig;
}

void Recorder::callEffects(const CallExpr *C, const FunctionDecl *Callee, LockState &St,
                           std::vector<PendingTry> &Pending) {
  if (Scan && !Scan->mayAffectLocks(Callee))
    return;
  // Bounded, so a lock held across hundreds of calls does not grow every summary; a
  // release by a call past the bound is missed (the lock is taken as still held).
  constexpr size_t MaxCallsAfter = 16;
  unsigned Id = callId(C);
  for (summary::HeldLock &H : St.Held)
    if (H.After.size() < MaxCallsAfter && !llvm::is_contained(H.After, Id))
      H.After.push_back(Id);
  // A new call: what earlier calls with the same id were followed by is not this one's.
  St.release(summary::callEffect(Id));
  St.acquire(summary::callEffect(Id), false);
  QualType R = Callee->getReturnType();
  if (R->isIntegralOrEnumerationType() || R->isPointerType() || R->isBooleanType())
    Pending.push_back({C, "", {summary::callEffect(Id, 'n')}, false, false,
                       {summary::callEffect(Id, 'z')}});
}

void Recorder::returned(const ReturnStmt *RS, const LockState &St,
                        const std::vector<PendingTry> &Pending) {
  const Expr *V = RS->getRetValue();
  if (!V)
    return;
  // Locks of local guards are released by their destructors after the return.
  summary::LockSet Held = St.Held;
  for (const auto &[Key, G] : St.Guards)
    if (G.Owns && llvm::StringRef(Key).starts_with("L:"))
      for (const Path &L : G.Locks)
        summary::removeLock(Held, L);
  summary::LockSet OnZero = Held, OnNonzero = Held;
  bool Negated = false;
  const Expr *E = stripCondition(V, Negated);
  bool Zero = false, Nonzero = false;
  if (E->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull)) {
    Zero = true;
  } else if (Expr::EvalResult R; !E->isValueDependent() && E->EvaluateAsInt(R, Ctx)) {
    (R.Val.getInt() == 0 ? Zero : Nonzero) = true;
  } else {
    for (const PendingTry &P : Pending) {
      if (P.Call != E || !P.GuardKey.empty())
        continue;
      if (P.FailureReleases) {
        for (const Path &L : P.Locks)
          summary::removeLock(OnNonzero, L);
        continue;
      }
      bool WinOnZero = P.SuccessIsZero;
      for (const Path &L : P.Locks)
        summary::addLock(WinOnZero ? OnZero : OnNonzero, {L, P.Shared});
      for (const Path &L : P.OnFailure)
        summary::addLock(WinOnZero ? OnNonzero : OnZero, {L, P.Shared});
    }
  }
  if (Negated)
    std::swap(Zero, Nonzero), std::swap(OnZero, OnNonzero);
  auto Meet = [](std::optional<summary::LockSet> &Into, const summary::LockSet &S) {
    Into = Into ? summary::intersect(*Into, S) : S;
  };
  if (!Nonzero)
    Meet(RetZero, OnZero);
  if (!Zero)
    Meet(RetNonzero, OnNonzero);
}

void Recorder::plainCall(const CallExpr *C, const FunctionDecl *Callee, LockState &St) {
  summary::Call Cl;
  Cl.Callee = usrOf(Callee);
  Cl.CalleeName = Callee->getQualifiedNameAsString();
  unsigned ArgBase = 0;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(C)) {
    const Expr *Obj = MC->getImplicitObjectArgument();
    bool Arrow = false;
    if (const auto *ME = dyn_cast<MemberExpr>(MC->getCallee()->IgnoreParens()))
      Arrow = ME->isArrow();
    if (Obj)
      if (auto P = Arrow ? Paths.pointee(Obj) : Paths.lvalue(Obj))
        Cl.This = {Binding::Lvalue, *P};
    Cl.CalleeNode = virtualDispatch(MC);
  } else if (isa<CXXOperatorCallExpr>(C) && isa<CXXMethodDecl>(Callee) &&
             C->getNumArgs() >= 1) {
    if (auto P = Paths.lvalue(C->getArg(0)))
      Cl.This = {Binding::Lvalue, *P};
    ArgBase = 1;
  }
  for (unsigned I = ArgBase; I < C->getNumArgs(); ++I) {
    unsigned Param = I - ArgBase;
    if (Param >= Callee->getNumParams())
      break;
    QualType T = Callee->getParamDecl(Param)->getType();
    const Expr *Arg = C->getArg(I);
    Cl.Args.push_back(bindArg(T, Arg));
    std::vector<std::string> Fns = functionValueNodes(Arg);
    if (Fns.size() == 1 && (T->isFunctionPointerType() || Arg->getType()->isFunctionPointerType())) {
      Cl.ArgFunctions.resize(Param + 1);
      Cl.ArgFunctions[Param] = Fns.front();
    }
    if (std::optional<int64_t> V = integerConstant(Arg, Ctx);
        V && T->isIntegralOrEnumerationType())
      Cl.ConstArgs.push_back({Param, *V});
  }
  // A wait wrapper (`cv.Wait()` around a condition variable) is judged at its callers.
  if (Callee->getIdentifier() && Callee->getName().contains_insensitive("wait"))
    Cl.Rechecked = waitIsRechecked(Ctx, C);
  record(std::move(Cl), C, St);
}

summary::Call &Recorder::record(summary::Call Cl, const CallExpr *C, const LockState &St) {
  Cl.Held = St.Held;
  Cl.Site = site(C->getBeginLoc());
  Cl.At = Here;
  Cl.Id = callId(C);
  Out.Calls.push_back(std::move(Cl));
  return Out.Calls.back();
}

void Recorder::indirectCall(const CallExpr *C, LockState &St) {
  if (!isa<CXXMemberCallExpr>(C))
    pointerCall(C, C->getCallee(), C->arguments(), St);
}

void Recorder::onceCall(const CallExpr *C, LockState &St) {
  if (C->getNumArgs() >= 2)
    if (summary::Call *Cl = pointerCall(C, C->getArg(1), {C->arg_end(), C->arg_end()}, St))
      Cl->Once = true;
}

summary::Call *Recorder::pointerCall(const CallExpr *C, const Expr *Callee,
                                     llvm::iterator_range<CallExpr::const_arg_iterator> Args,
                                     LockState &St) {
  std::vector<std::string> Nodes = functionValueNodes(Callee);
  if (Nodes.size() != 1)
    return nullptr;
  summary::Call Cl;
  Cl.CalleeNode = Nodes.front();
  Cl.CalleeName = "(function pointer)";
  for (const Expr *Arg : Args)
    Cl.Args.push_back(bindArg(Arg->getType(), Arg));
  return &record(std::move(Cl), C, St);
}

/// `event_set(&ev, fd, EV_READ, on_read, arg)`: a function handed to the library, which
/// may call it from another thread. Recorded as a call of the library function with its
/// function arguments; the walk decides whether the callback becomes a thread
/// (docs/check.md, "Callbacks handed to a library").
void Recorder::libraryCallbacks(const CallExpr *C, const FunctionDecl *Callee,
                                const LockState &St) {
  // Called before these return, in the calling thread.
  if (models::isCFunction(Callee, {"qsort", "qsort_r", "bsearch", "lfind", "lsearch",
                                   "tsearch", "tfind", "twalk", "pthread_atfork"}))
    return;
  summary::Call Cl;
  for (unsigned I = 0; I < C->getNumArgs(); ++I) {
    const Expr *Arg = C->getArg(I);
    std::vector<std::string> Fns = functionValueNodes(Arg);
    if (Fns.size() != 1 || !Arg->getType()->isFunctionPointerType())
      continue;
    Cl.ArgFunctions.resize(I + 1);
    Cl.ArgFunctions[I] = Fns.front();
  }
  // An event loop (`event_base_loop`) calls the callbacks registered with its library.
  if (Cl.ArgFunctions.empty() &&
      !(Callee->getIdentifier() && summary::runsEventLoop(Callee->getName())))
    return;
  Cl.Callee = usrOf(Callee);
  Cl.CalleeName = Callee->getQualifiedNameAsString();
  record(std::move(Cl), C, St);
}

void Recorder::libraryMemoryEffects(const CallExpr *C, const FunctionDecl *Callee,
                                    const LockState &St) {
  for (const models::PointeeEffect &E : models::libraryPointeeEffects(Callee)) {
    if (E.Arg >= C->getNumArgs())
      continue;
    const Expr *Arg = C->getArg(E.Arg);
    access(Arg, Paths.pointee(Arg), E.Write, false, St, /*Whole=*/true);
  }
}

void Recorder::opaqueCall(const CallExpr *C, const FunctionDecl *Callee, LockState &St) {
  lambdaArgs(C, St);
  libraryCallbacks(C, Callee, St);
  if (models::isTransparentLibraryCall(Callee))
    return;
  libraryMemoryEffects(C, Callee, St);
  unsigned ArgBase = 0;
  const auto *MD = dyn_cast<CXXMethodDecl>(Callee);
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(C); MC && MD && MD->isInstance()) {
    const Expr *Obj = MC->getImplicitObjectArgument();
    bool Arrow = false;
    if (const auto *ME = dyn_cast<MemberExpr>(MC->getCallee()->IgnoreParens()))
      Arrow = ME->isArrow();
    if (Obj && !models::isSynchronizationType(Obj->getType()) && !Arrow)
      access(Obj, Paths.lvalue(Obj), !MD->isConst(), true, St);
  } else if (isa<CXXOperatorCallExpr>(C) && MD && MD->isInstance() && C->getNumArgs() >= 1) {
    const Expr *Obj = C->getArg(0);
    if (!models::isSynchronizationType(Obj->getType()))
      access(Obj, Paths.lvalue(Obj), !MD->isConst(), true, St);
    ArgBase = 1;
  }
  for (unsigned I = ArgBase; I < C->getNumArgs(); ++I) {
    unsigned Param = I - ArgBase;
    if (Param >= Callee->getNumParams())
      break;
    QualType T = Callee->getParamDecl(Param)->getType();
    if (!T->isLValueReferenceType())
      continue;
    const Expr *Arg = C->getArg(I);
    if (models::isSynchronizationType(Arg->getType()))
      continue;
    bool Write = !T->getPointeeType().isConstQualified();
    access(Arg, Paths.lvalue(Arg), Write, true, St);
  }
}

void Recorder::lambdaArgs(const CallExpr *C, LockState &St) {
  if (storesCallables(C))
    return; // called later, where the stored callable is called
  for (const Expr *Arg : C->arguments()) {
    const LambdaExpr *LE = lambdaOf(Arg);
    if (!LE || !LE->getCallOperator()->hasBody())
      continue;
    summary::Call Cl;
    Cl.Callee = usrOf(LE->getCallOperator());
    Cl.CalleeName = "lambda";
    Cl.Held = St.Held;
    Cl.Site = site(C->getBeginLoc());
    Cl.At = Here;
    Out.Calls.push_back(std::move(Cl));
  }
}

void Recorder::branch(const CFGBlock &B, const LockState &State,
                      const std::vector<PendingTry> &Pending, LockState &True,
                      LockState &False) {
  True = False = State;
  const Stmt *CondS = B.getTerminatorCondition();
  const auto *Cond = dyn_cast_or_null<Expr>(CondS);
  if (!Cond)
    return;
  bool Negated = false;
  const Expr *E = stripCondition(Cond, Negated);
  if (setjmpBranch(E, Negated, True, False))
    return;
  // if (lk) / if (lk.owns_lock()): the guard owns its mutex on the true branch.
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E))
    if (models::classifyGuardMethod(MC) == models::GuardMethod::OwnsLock)
      if (auto G = Paths.lvalue(MC->getImplicitObjectArgument());
          G && State.Guards.count(*G)) {
        (Negated ? False : True).guardLock(*G);
        (Negated ? True : False).guardUnlock(*G);
        return;
      }
  const auto *TestedVar = dyn_cast<DeclRefExpr>(E);
  for (const PendingTry &P : Pending) {
    if (P.Call != E && !(P.Var && TestedVar && TestedVar->getDecl() == P.Var))
      continue;
    bool SuccessOnTrue = Negated == P.SuccessIsZero;
    LockState &Win = SuccessOnTrue ? True : False;
    LockState &Lose = SuccessOnTrue ? False : True;
    if (P.FailureReleases) {
      for (const Path &L : P.Locks)
        Lose.release(L);
      Lose.FailedLockPath = true;
      continue;
    }
    if (!P.GuardKey.empty())
      Win.guardLock(P.GuardKey);
    else
      for (const Path &L : P.Locks)
        Win.acquire(L, P.Shared);
    for (const Path &L : P.OnFailure)
      Lose.acquire(L, P.Shared);
  }
}

} // namespace interlock::procedure
