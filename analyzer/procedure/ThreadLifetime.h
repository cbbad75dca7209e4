//===- ThreadLifetime.h - std::thread locals and detached threads ---------===//
//
// Two facts interlock-missing-join needs from one function:
//  - a forward may-analysis over the CFG of which std::thread locals may be joinable,
//    reporting each destruction (return, end of scope, jump) or move-assignment that may
//    happen while joinable; join(), detach(), a failed `joinable()` test, a move out, or
//    handing the thread to any call by reference ends tracking;
//  - threads detached right here that receive a local of this function by reference
//    (lambda capture, std::ref, address-of).
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_PROCEDURE_THREADLIFETIME_H
#define INTERLOCK_PROCEDURE_THREADLIFETIME_H

#include "summary/Summary.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/Analysis/CFG.h"

namespace interlock::procedure {

/// Appends JoinableLeaks and DetachedLocals to Out.
void findThreadLifetimeIssues(clang::ASTContext &Ctx, const clang::FunctionDecl *FD,
                              const clang::CFG &G, summary::FunctionSummary &Out);

} // namespace interlock::procedure

#endif
