//===- Paths.h - Expressions to symbolic memory paths ---------------------===//
//
// Turns the lvalue an expression designates (or the object a pointer points to) into a
// summary::Path relative to the function being analyzed: globals by qualified name,
// locals by declaration key, `this`, parameters, and captures. Local references and
// pointers initialized once are followed (`int *c = (int *)arg;` makes `*c` be `P0*`).
// No points-to analysis beyond that: what cannot be named is std::nullopt, and is
// therefore not reported.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_PROCEDURE_PATHS_H
#define INTERLOCK_PROCEDURE_PATHS_H

#include "summary/Summary.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"

#include "llvm/ADT/DenseMap.h"

#include <optional>

namespace interlock::procedure {

using summary::Path;

class PathBuilder {
public:
  PathBuilder(clang::ASTContext &Ctx, const clang::FunctionDecl *Fn);

  /// The object E designates.
  std::optional<Path> lvalue(const clang::Expr *E) const;
  /// The object the pointer E points to.
  std::optional<Path> pointee(const clang::Expr *E) const;
  /// The object a thread handle expression designates, seeing through container element
  /// access (`threads[i]`) and range-for variables (`for (auto &t : threads)`).
  std::optional<Path> handle(const clang::Expr *E) const;

  /// The key of a variable: `name@line:col`, unique per declaration.
  std::string key(const clang::ValueDecl *D) const;
  /// The root for a variable seen from this function (a global, a local, a parameter,
  /// a capture); nullopt for thread_local variables.
  std::optional<Path> varRoot(const clang::VarDecl *V, bool RefersToCapture) const;

  /// Records `Var` as another name for `Target` (references) or as pointing to `Target`.
  void addAlias(const clang::VarDecl *Var, Path Target);
  void addPointsTo(const clang::VarDecl *Var, Path Target);
  void addRangeVar(const clang::VarDecl *Var, const clang::Expr *Range);

  /// Whether a lambda (this function, if it is a call operator) captures V by copy.
  bool capturedByCopy(const clang::VarDecl *V) const;

  /// The lock a mutex expression designates. Unlike data, a lock in an array element
  /// with a computed index is named (`jobs[*].mutex`): `ctx->jobs[i].mutex` and
  /// `job->mutex` after `job = &ctx->jobs[i]` are one lock. (Data stays unnamed there:
  /// the accesses say which index they use: see ArrayIndex.h.)
  std::optional<Path> lock(const clang::Expr *E, bool IsPointer) const;
  /// A fresh local object (`p = malloc(...)`) stored into shared memory at source
  /// offset `At` (`g_cfg = p;`): from then on `*p` is that shared object, before it the
  /// frame's own (filling it in is not a race).
  void addPublication(const clang::VarDecl *Var, unsigned At, Path Target);
  /// The source offset of the element being analyzed, for addPublication.
  void setCurrentOffset(unsigned Offset) { CurrentOffset = Offset; }
  /// Records what a pointer points to when an element index is ignored (for lock()).
  void addLockPointsTo(const clang::VarDecl *Var, Path Target);
  /// handle() with computed indexes read as `[*]` (a pthread_t array joined in a loop).
  std::optional<Path> handleAnyIndex(const clang::Expr *E) const;
  /// The pointee of E with computed indexes read as `[*]`.
  std::optional<Path> pointeeAnyIndex(const clang::Expr *E) const;
  /// The object an accessed lvalue designates, an element with a computed index read as
  /// any element (`data[*]`): `data[i]` and `data[j]` may be the same element.
  std::optional<Path> lvalueAnyIndex(const clang::Expr *E) const;

private:
  std::optional<Path> pointeeOfVar(const clang::VarDecl *V, bool RefersToCapture) const;

  clang::ASTContext &Ctx;
  const clang::FunctionDecl *Fn;
  const clang::CXXRecordDecl *Lambda = nullptr;
  llvm::DenseMap<const clang::VarDecl *, Path> Aliases;
  llvm::DenseMap<const clang::VarDecl *, Path> PointsTo;
  llvm::DenseMap<const clang::VarDecl *, Path> LockPointsTo;
  mutable bool AnyIndex = false; // while naming a lock
  llvm::DenseMap<const clang::VarDecl *, std::pair<unsigned, Path>> Published;
  unsigned CurrentOffset = 0;
  llvm::DenseMap<const clang::VarDecl *, const clang::Expr *> RangeVars;
};

/// A readable name for a path's last component: `balance_`, `counter`, `q`.
std::string displayName(llvm::StringRef P);

} // namespace interlock::procedure

#endif
