#include "models/ThreadModels.h"
#include "models/Names.h"

#include "clang/AST/DeclCXX.h"

using namespace clang;

namespace interlock::models {
namespace {

bool isStdThread(QualType T) { return isStdType(T, {"thread", "jthread"}); }

bool isPthreadT(QualType T) {
  T = T.getNonReferenceType();
  while (const auto *TT = T->getAs<TypedefType>()) {
    if (TT->getDecl()->getName() == "pthread_t")
      return true;
    T = TT->getDecl()->getUnderlyingType();
  }
  return false;
}

/// std::launch::deferred alone means "run in the caller's thread at get()".
bool isDeferredOnly(const Expr *Policy) {
  if (const auto *DRE = dyn_cast<DeclRefExpr>(Policy->IgnoreParenImpCasts()))
    if (const auto *EC = dyn_cast<EnumConstantDecl>(DRE->getDecl()))
      return EC->getName() == "deferred";
  return false;
}

} // namespace

const Expr *unwrapStdRef(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E))
    E = M->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(E))
    E = B->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *C = dyn_cast<CallExpr>(E))
    if (isStdFunction(C->getDirectCallee(), {"ref", "cref"}) && C->getNumArgs() == 1)
      return C->getArg(0);
  return nullptr;
}

std::optional<SpawnCall> classifySpawn(const Expr *E) {
  if (const auto *CE = dyn_cast<CXXConstructExpr>(E)) {
    if (!isStdThread(CE->getType()) || CE->getNumArgs() == 0 ||
        CE->getConstructor()->isCopyOrMoveConstructor())
      return std::nullopt;
    SpawnCall S;
    S.Api = isStdType(CE->getType(), {"jthread"}) ? "std::jthread" : "std::thread";
    S.Callable = CE->getArg(0);
    for (unsigned I = 1; I < CE->getNumArgs(); ++I)
      S.Args.push_back(CE->getArg(I));
    return S;
  }
  const auto *C = dyn_cast<CallExpr>(E);
  if (!C)
    return std::nullopt;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(C)) {
    const CXXMethodDecl *MD = MC->getMethodDecl();
    if (!MD || !MD->getIdentifier() ||
        !isOneOf(MD->getName(), {"emplace_back", "emplace", "emplace_front"}) ||
        MC->getNumArgs() == 0)
      return std::nullopt;
    const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(MD->getParent());
    if (!Spec || Spec->getTemplateArgs().size() == 0 ||
        Spec->getTemplateArgs()[0].getKind() != TemplateArgument::Type ||
        !isStdThread(Spec->getTemplateArgs()[0].getAsType()))
      return std::nullopt;
    if (MC->getNumArgs() == 1 && isStdThread(MC->getArg(0)->getType()))
      return std::nullopt; // emplace_back(std::thread(...)): the construct is the spawn
    SpawnCall S;
    S.Api = isStdType(Spec->getTemplateArgs()[0].getAsType(), {"jthread"}) ? "std::jthread"
                                                                            : "std::thread";
    S.Callable = MC->getArg(0);
    for (unsigned I = 1; I < MC->getNumArgs(); ++I)
      S.Args.push_back(MC->getArg(I));
    S.Container = MC->getImplicitObjectArgument();
    if (const auto *ME = dyn_cast<MemberExpr>(MC->getCallee()->IgnoreParens()))
      S.ContainerIsPointer = ME->isArrow();
    return S;
  }
  const FunctionDecl *FD = C->getDirectCallee();
  if (isStdFunction(FD, {"async"}) && C->getNumArgs() > 0) {
    SpawnCall S;
    S.Api = "std::async";
    unsigned First = 0;
    if (isStdType(C->getArg(0)->getType(), {"launch"}) ||
        C->getArg(0)->getType()->isEnumeralType()) {
      if (isDeferredOnly(C->getArg(0)))
        return std::nullopt;
      First = 1;
    }
    if (First >= C->getNumArgs())
      return std::nullopt;
    S.Callable = C->getArg(First);
    for (unsigned I = First + 1; I < C->getNumArgs(); ++I)
      S.Args.push_back(C->getArg(I));
    return S;
  }
  if (isCFunction(FD, {"pthread_create"}) && C->getNumArgs() == 4) {
    SpawnCall S;
    S.Api = "pthread_create";
    S.Callable = C->getArg(2);
    S.Args.push_back(C->getArg(3));
    S.HandlePointer = C->getArg(0);
    return S;
  }
  return std::nullopt;
}

std::optional<JoinCall> classifyJoin(const CallExpr *C) {
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(C)) {
    const CXXMethodDecl *MD = MC->getMethodDecl();
    if (!MD || !MD->getIdentifier())
      return std::nullopt;
    QualType T(MD->getParent()->getTypeForDecl(), 0);
    JoinCall J;
    J.Handle = MC->getImplicitObjectArgument();
    if (const auto *ME = dyn_cast<MemberExpr>(MC->getCallee()->IgnoreParens()))
      J.HandleIsPointer = ME->isArrow();
    if (isStdThread(T) && isOneOf(MD->getName(), {"join", "detach"})) {
      J.Detach = MD->getName() == "detach";
      return J;
    }
    if (isStdType(T, {"future", "shared_future"}) && isOneOf(MD->getName(), {"get", "wait"}))
      return J;
    return std::nullopt;
  }
  const FunctionDecl *FD = C->getDirectCallee();
  if (isCFunction(FD, {"pthread_join", "pthread_detach"}) && C->getNumArgs() >= 1) {
    JoinCall J;
    J.Handle = C->getArg(0);
    J.Detach = FD->getName() == "pthread_detach";
    return J;
  }
  return std::nullopt;
}

bool isJoiningOnDestruction(QualType T) {
  return isStdType(T, {"jthread", "future"});
}

bool isThreadHandleType(QualType T) {
  return isStdType(T, {"thread", "jthread", "future", "shared_future"}) || isPthreadT(T);
}

std::optional<WaitCall> classifyWait(const CallExpr *C) {
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(C)) {
    const CXXMethodDecl *MD = MC->getMethodDecl();
    if (!MD || !MD->getIdentifier() ||
        !isStdClass(MD->getParent(), {"condition_variable", "condition_variable_any"}))
      return std::nullopt;
    llvm::StringRef N = MD->getName();
    if (N == "wait")
      return WaitCall{MC->getImplicitObjectArgument(), MC->getNumArgs() >= 2};
    if (N == "wait_for" || N == "wait_until")
      return WaitCall{MC->getImplicitObjectArgument(), MC->getNumArgs() >= 3};
    return std::nullopt;
  }
  const FunctionDecl *FD = C->getDirectCallee();
  if (isCFunction(FD, {"pthread_cond_wait", "pthread_cond_timedwait"}) && C->getNumArgs() >= 2)
    return WaitCall{C->getArg(0), false};
  return std::nullopt;
}

bool isCallOnce(const CallExpr *C) {
  const FunctionDecl *FD = C->getDirectCallee();
  return isStdFunction(FD, {"call_once"}) || isCFunction(FD, {"pthread_once"});
}

} // namespace interlock::models
