//===- ArgumentEffects.h - Lock effects selected by a constant argument ----===//
//
// `pause_threads(PAUSE_ALL_THREADS)` returns holding a set of locks and
// `pause_threads(RESUME_ALL_THREADS)` releases them: one function, a switch on its
// parameter, opposite effects. Its HeldAtExit (every path) is empty, so callers would
// see no lock at all. For each case value of a switch on a parameter, this reruns the
// must-analysis with only that case's edges and keeps the result where it holds more.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_PROCEDURE_ARGUMENTEFFECTS_H
#define INTERLOCK_PROCEDURE_ARGUMENTEFFECTS_H

#include "procedure/Recorder.h"
#include "summary/Summary.h"

#include "clang/Analysis/CFG.h"

namespace interlock::procedure {

/// Appends to Out.ByArgument; reads Out.HeldAtExit (computed already).
void findArgumentEffects(const clang::ASTContext &Ctx, const clang::CFG &G, Recorder &R,
                         summary::FunctionSummary &Out);

} // namespace interlock::procedure

#endif
