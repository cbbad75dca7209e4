//===- ThreadModels.h - Thread start, join, detach, cv waits, call_once ---===//
//
// std::thread, std::jthread, std::async, pthread_create (and emplace_back into a container
// of threads) start threads; join(), pthread_join, future::get/wait and the destructors of
// jthread and futures join them; condition variables wait; std::call_once runs once.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_MODELS_THREADMODELS_H
#define INTERLOCK_MODELS_THREADMODELS_H

#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>
#include <string>

namespace interlock::models {

struct SpawnCall {
  std::string Api;
  const clang::Expr *Callable = nullptr;
  /// Arguments passed to the callable (for pthread_create: the one void* argument).
  llvm::SmallVector<const clang::Expr *, 4> Args;
  /// The container a thread is emplaced into (`threads.emplace_back(f)`), if any.
  const clang::Expr *Container = nullptr;
  bool ContainerIsPointer = false;
  /// pthread_create's first argument: a pointer to the pthread_t handle.
  const clang::Expr *HandlePointer = nullptr;
};

/// A thread start: a CXXConstructExpr of std::thread/jthread, a call of std::async with a
/// policy that may run asynchronously, pthread_create, or emplace_back into a vector of
/// threads.
std::optional<SpawnCall> classifySpawn(const clang::Expr *E);

struct JoinCall {
  const clang::Expr *Handle = nullptr;
  bool HandleIsPointer = false;
  bool Detach = false;
};
std::optional<JoinCall> classifyJoin(const clang::CallExpr *C);

/// Types whose destructor joins: std::jthread and std::future (from std::async).
bool isJoiningOnDestruction(clang::QualType T);
/// Thread handles: std::thread, std::jthread, futures, pthread_t.
bool isThreadHandleType(clang::QualType T);

struct WaitCall {
  const clang::Expr *Cv = nullptr;
  bool HasPredicate = false;
};
std::optional<WaitCall> classifyWait(const clang::CallExpr *C);

/// std::call_once / pthread_once: the callable runs once, as initialization.
bool isCallOnce(const clang::CallExpr *C);

/// std::ref / std::cref: the argument is shared, not copied.
const clang::Expr *unwrapStdRef(const clang::Expr *E);

} // namespace interlock::models

#endif
