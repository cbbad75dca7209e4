//===- LockModels.h - What lock, unlock, try-lock and guard calls mean ----===//
//
// The standard mutex family and RAII guards, pthread mutexes and rwlocks, std::lock,
// classes annotated with Clang's thread-safety attributes (capability, scoped_lockable,
// acquire/release), and by name: a class called *Mutex*/*Lock* with Lock()/Unlock().
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_MODELS_LOCKMODELS_H
#define INTERLOCK_MODELS_LOCKMODELS_H

#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/SmallVector.h"

namespace interlock::models {

/// How a call designates its mutex: the object itself (`m.lock()`) or a pointer to it
/// (`pthread_mutex_lock(&m)`).
struct MutexOperand {
  const clang::Expr *E = nullptr;
  bool IsPointer = false;
};

enum class LockOpKind { Acquire, Release, TryAcquire };

/// A direct operation on a mutex: `m.lock()`, `pthread_mutex_trylock(&m)`, `std::lock(a, b)`.
struct LockOp {
  LockOpKind Kind = LockOpKind::Acquire;
  bool Shared = false;
  /// True when success is a zero result (pthread); false when it is `true` (C++).
  bool SuccessIsZero = false;
  bool Recursive = false;
  llvm::SmallVector<MutexOperand, 2> Mutexes;
};

/// Null when the call is not a mutex operation.
std::optional<LockOp> classifyLockCall(const clang::CallExpr *C);

/// True for a type that is a lock: std mutexes, pthread_mutex_t/rwlock_t, annotated
/// capabilities, user classes named like locks. Such objects are not data.
bool isMutexType(clang::QualType T);
bool isRecursiveMutexType(clang::QualType T);

enum class GuardTag { None, Defer, Adopt, TryTo };

/// A guard's construction: lock_guard, unique_lock, scoped_lock, shared_lock, or a
/// scoped_lockable class.
struct GuardCtor {
  llvm::SmallVector<MutexOperand, 2> Mutexes;
  bool Shared = false;
  GuardTag Tag = GuardTag::None;
};
std::optional<GuardCtor> classifyGuardConstruct(const clang::CXXConstructExpr *E);
bool isGuardType(clang::QualType T);

/// unique_lock / shared_lock members that change what the guard holds.
enum class GuardMethod { None, Lock, Unlock, TryLock, Release, OwnsLock };
GuardMethod classifyGuardMethod(const clang::CXXMemberCallExpr *C);

} // namespace interlock::models

#endif
