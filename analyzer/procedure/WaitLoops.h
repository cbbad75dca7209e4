//===- WaitLoops.h - Is a condition-variable wait inside a re-checking loop? ===//
//
// A wait re-checks its condition when an enclosing loop of the same function tests
// shared state: its condition reads something other than the function's own local
// values (a member, a global, a pointee, a reference, a function call), or, for an
// endless loop, an `if` in its body that leaves the loop (`break`, `return`) tests such
// state. A counting loop (`for (int i = 0; i < n; ++i)`) does not re-check.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_PROCEDURE_WAITLOOPS_H
#define INTERLOCK_PROCEDURE_WAITLOOPS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"

#include <string>

namespace interlock::procedure {

bool waitIsRechecked(clang::ASTContext &Ctx, const clang::Expr *Wait);

/// The wait as the user wrote it: `cv_.wait`, `state->cv.wait_for`, `pthread_cond_wait`.
std::string waitApi(clang::ASTContext &Ctx, const clang::CallExpr *Wait);

} // namespace interlock::procedure

#endif
