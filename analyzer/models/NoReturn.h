//===- NoReturn.h - Calls that never come back ----------------------------===//
//
// A call to `abort`, `exit`, a `[[noreturn]]` function, or a function of the program
// that itself ends in such a call (`void die(const char *m) { log(m); abort(); }`, not
// declared noreturn) does not return: no path continues after it, so nothing is held or
// leaked "at the return" through it. Clang's CFG already ends blocks at calls declared
// noreturn; the inferred ones are found here.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_MODELS_NORETURN_H
#define INTERLOCK_MODELS_NORETURN_H

#include "clang/AST/Decl.h"
#include "clang/Analysis/CFG.h"

namespace interlock::models {

/// FD is declared noreturn, or its body (visible in this TU) has no `return` and ends in
/// a call that never returns, or in a `throw`. Virtual methods count only when declared.
bool neverReturns(const clang::FunctionDecl *FD);

/// No path goes on after B: it holds a call that never returns.
bool blockNeverContinues(const clang::CFGBlock &B);

} // namespace interlock::models

#endif
