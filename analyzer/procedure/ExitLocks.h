//===- ExitLocks.h - Locks that may still be held when a function returns -===//
//
// A forward may-analysis of held locks (the union of paths, where FunctionAnalyzer's is
// the intersection), run with the same Recorder transfer functions. A lock held at some
// exit but not at all of them, or released somewhere in the function, is a LockLeak; one
// held at every exit and never released is the function's contract (a lock() wrapper).
// A failed pthread_mutex_lock tested in a condition does not hold the mutex, and paths
// that end in a noreturn call never reach the exit.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_PROCEDURE_EXITLOCKS_H
#define INTERLOCK_PROCEDURE_EXITLOCKS_H

#include "procedure/Recorder.h"
#include "summary/Summary.h"

#include "clang/AST/ASTContext.h"
#include "clang/Analysis/CFG.h"

namespace interlock::procedure {

/// Appends LockLeaks to Out; reads Out.Acquisitions (recorded already) for their sites.
void findLeakedLocks(clang::ASTContext &Ctx, const clang::FunctionDecl *FD,
                     const clang::CFG &G, Recorder &R, summary::FunctionSummary &Out);

} // namespace interlock::procedure

#endif
