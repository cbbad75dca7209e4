#include "models/LockModels.h"
#include "models/Names.h"

#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"

using namespace clang;

namespace interlock::models {
namespace {

const std::initializer_list<llvm::StringRef> StdMutexes = {
    "mutex", "timed_mutex", "recursive_mutex", "recursive_timed_mutex", "shared_mutex",
    "shared_timed_mutex"};

bool namedLikeLock(const CXXRecordDecl *RD) {
  if (!RD || !RD->getIdentifier())
    return false;
  llvm::StringRef N = RD->getName();
  return N.contains_insensitive("mutex") || N.ends_with("Lock") || N.ends_with("lock") ||
         N.contains_insensitive("spinlock");
}

/// Does the statement do anything that could synchronize: call something, touch an
/// atomic, run inline assembly?
class SyncEffectFinder : public RecursiveASTVisitor<SyncEffectFinder> {
public:
  bool Found = false;
  bool VisitCallExpr(CallExpr *) { return !(Found = true); }
  bool VisitCXXConstructExpr(CXXConstructExpr *) { return !(Found = true); }
  bool VisitAtomicExpr(AtomicExpr *) { return !(Found = true); }
  bool VisitAsmStmt(AsmStmt *) { return !(Found = true); }
};

/// A user class whose `lock()` is defined here and does nothing that could lock (`void
/// lock() {}`, `void lock() { ++depth_; }`): a null mutex for single-threaded builds or
/// a policy template's no-op. It is not a mutex. A lock() declared but defined
/// elsewhere is taken at its word.
bool isNoOpLock(const CXXRecordDecl *RD) {
  if (!RD || !(RD = RD->getDefinition()))
    return false;
  for (const CXXMethodDecl *M : RD->methods()) {
    if (!M->getIdentifier() || !isOneOf(M->getName(), {"lock", "Lock", "Acquire"}))
      continue;
    const FunctionDecl *Def = nullptr;
    if (!M->hasBody(Def)) {
      if (const FunctionDecl *Pattern = M->getTemplateInstantiationPattern())
        Pattern->hasBody(Def);
    }
    if (!Def || !Def->getBody())
      return false;
    SyncEffectFinder F;
    F.TraverseStmt(Def->getBody());
    return !F.Found;
  }
  return false;
}

bool isTypedefNamed(QualType T, std::initializer_list<llvm::StringRef> Names) {
  T = T.getNonReferenceType();
  while (const auto *TT = T->getAs<TypedefType>()) {
    if (isOneOf(TT->getDecl()->getName(), Names))
      return true;
    T = TT->getDecl()->getUnderlyingType();
  }
  return false;
}

MutexOperand objectOf(const CXXMemberCallExpr *C) {
  const Expr *Obj = C->getImplicitObjectArgument();
  bool Arrow = false;
  if (const auto *ME = dyn_cast<MemberExpr>(C->getCallee()->IgnoreParens()))
    Arrow = ME->isArrow();
  return {Obj, Arrow};
}

std::optional<LockOp> memberLockOp(const CXXMemberCallExpr *C) {
  const CXXMethodDecl *MD = C->getMethodDecl();
  if (!MD || !MD->getIdentifier())
    return std::nullopt;
  const CXXRecordDecl *RD = MD->getParent();
  if (isGuardType(QualType(RD->getTypeForDecl(), 0)))
    return std::nullopt; // unique_lock::lock() is a guard method, see classifyGuardMethod
  llvm::StringRef N = MD->getName();
  LockOp Op;
  Op.Mutexes.push_back(objectOf(C));
  Op.Recursive = isRecursiveMutexType(QualType(RD->getTypeForDecl(), 0));
  bool Std = isStdClass(RD, StdMutexes);
  bool Annotated = RD->hasAttr<CapabilityAttr>();
  if (!Std && isNoOpLock(RD))
    return std::nullopt;
  if (Std || Annotated || namedLikeLock(RD)) {
    if (isOneOf(N, {"lock", "Lock", "Acquire", "WriterLock", "WriteLock"}))
      return Op;
    if (isOneOf(N, {"lock_shared", "ReaderLock", "ReadLock", "LockShared"}))
      return Op.Shared = true, Op;
    if (isOneOf(N, {"unlock", "Unlock", "Release", "WriterUnlock", "WriteUnlock",
                    "unlock_shared", "ReaderUnlock", "ReadUnlock", "UnlockShared"}))
      return Op.Kind = LockOpKind::Release, Op;
    if (isOneOf(N, {"try_lock", "try_lock_for", "try_lock_until", "TryLock"}))
      return Op.Kind = LockOpKind::TryAcquire, Op;
    if (isOneOf(N, {"try_lock_shared", "try_lock_shared_for", "try_lock_shared_until",
                    "ReaderTryLock"})) {
      Op.Kind = LockOpKind::TryAcquire;
      return Op.Shared = true, Op;
    }
  }
  // Thread-safety attributes on any method of any class: acquire/release `this`.
  if (const auto *A = MD->getAttr<AcquireCapabilityAttr>(); A && A->args_size() == 0)
    return Op.Shared = A->isShared(), Op;
  if (const auto *A = MD->getAttr<ReleaseCapabilityAttr>(); A && A->args_size() == 0)
    return Op.Kind = LockOpKind::Release, Op;
  if (const auto *A = MD->getAttr<TryAcquireCapabilityAttr>(); A && A->args_size() <= 1) {
    Op.Kind = LockOpKind::TryAcquire;
    return Op.Shared = A->isShared(), Op;
  }
  return std::nullopt;
}

std::optional<LockOp> freeLockOp(const CallExpr *C) {
  const FunctionDecl *FD = C->getDirectCallee();
  if (!FD || !FD->getIdentifier())
    return std::nullopt;
  llvm::StringRef N = FD->getName();
  LockOp Op;
  if (isStdFunction(FD, {"lock"})) {
    for (const Expr *Arg : C->arguments())
      Op.Mutexes.push_back({Arg, false});
    return Op;
  }
  if (C->getNumArgs() == 0 || !N.starts_with("pthread_"))
    return std::nullopt;
  if (!isCFunction(FD, {"pthread_mutex_lock", "pthread_mutex_unlock", "pthread_mutex_trylock",
                        "pthread_mutex_timedlock", "pthread_rwlock_rdlock",
                        "pthread_rwlock_wrlock", "pthread_rwlock_unlock",
                        "pthread_rwlock_tryrdlock", "pthread_rwlock_trywrlock",
                        "pthread_rwlock_timedrdlock", "pthread_rwlock_timedwrlock",
                        "pthread_spin_lock", "pthread_spin_unlock", "pthread_spin_trylock"}))
    return std::nullopt;
  Op.Mutexes.push_back({C->getArg(0), true});
  Op.SuccessIsZero = true;
  if (N.ends_with("unlock"))
    Op.Kind = LockOpKind::Release;
  else if (N.contains("try") || N.contains("timed"))
    Op.Kind = LockOpKind::TryAcquire;
  Op.Shared = N.contains("rdlock");
  return Op;
}

} // namespace

bool isRecursiveMutexType(QualType T) {
  return isStdType(T, {"recursive_mutex", "recursive_timed_mutex"});
}

bool isMutexType(QualType T) {
  if (T.isNull())
    return false;
  if (isTypedefNamed(T, {"pthread_mutex_t", "pthread_rwlock_t", "pthread_spinlock_t"}))
    return true;
  const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD)
    return false;
  if (isStdClass(RD, StdMutexes))
    return true;
  return (RD->hasAttr<CapabilityAttr>() || (namedLikeLock(RD) && !isGuardType(T))) &&
         !isNoOpLock(RD);
}

std::optional<LockOp> classifyLockCall(const CallExpr *C) {
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(C))
    return memberLockOp(MC);
  if (isa<CXXOperatorCallExpr>(C))
    return std::nullopt;
  return freeLockOp(C);
}

bool isGuardType(QualType T) {
  const CXXRecordDecl *RD = T.isNull() ? nullptr : T.getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD)
    return false;
  return isStdClass(RD, {"lock_guard", "unique_lock", "scoped_lock", "shared_lock"}) ||
         RD->hasAttr<ScopedLockableAttr>();
}

std::optional<GuardCtor> classifyGuardConstruct(const CXXConstructExpr *E) {
  QualType T = E->getType();
  if (!isGuardType(T))
    return std::nullopt;
  const CXXConstructorDecl *Ctor = E->getConstructor();
  if (Ctor->isCopyOrMoveConstructor() || Ctor->isDefaultConstructor())
    return GuardCtor{}; // takes over another guard, or holds nothing
  GuardCtor G;
  G.Shared = isStdType(T, {"shared_lock"});
  if (const auto *A = Ctor->getAttr<AcquireCapabilityAttr>())
    G.Shared = A->isShared();
  for (const Expr *Arg : E->arguments()) {
    QualType AT = Arg->getType();
    if (isStdType(AT, {"defer_lock_t"})) {
      G.Tag = GuardTag::Defer;
      continue;
    }
    if (isStdType(AT, {"adopt_lock_t"})) {
      G.Tag = GuardTag::Adopt;
      continue;
    }
    if (isStdType(AT, {"try_to_lock_t"})) {
      G.Tag = GuardTag::TryTo;
      continue;
    }
    if (isNoOpLock(AT.getNonReferenceType()->getPointeeCXXRecordDecl()) ||
        isNoOpLock(AT.getNonReferenceType()->getAsCXXRecordDecl()))
      continue; // std::lock_guard<NullMutex>: guards nothing
    if (AT->isPointerType())
      G.Mutexes.push_back({Arg, true});
    else if (isMutexType(AT) || !AT->isIntegralOrEnumerationType())
      G.Mutexes.push_back({Arg, false});
  }
  return G;
}

GuardMethod classifyGuardMethod(const CXXMemberCallExpr *C) {
  const CXXMethodDecl *MD = C->getMethodDecl();
  if (!MD || !isGuardType(QualType(MD->getParent()->getTypeForDecl(), 0)))
    return GuardMethod::None;
  if (isa<CXXConversionDecl>(MD))
    return GuardMethod::OwnsLock;
  if (!MD->getIdentifier())
    return GuardMethod::None;
  llvm::StringRef N = MD->getName();
  if (isOneOf(N, {"lock", "Lock"}))
    return GuardMethod::Lock;
  if (isOneOf(N, {"unlock", "Unlock"}))
    return GuardMethod::Unlock;
  if (N.starts_with("try_lock"))
    return GuardMethod::TryLock;
  if (N == "release")
    return GuardMethod::Release;
  if (N == "owns_lock")
    return GuardMethod::OwnsLock;
  return GuardMethod::None;
}

} // namespace interlock::models
