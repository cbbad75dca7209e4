//===- TUAnalyzer.h - One translation unit to one TUSummary ---------------===//
//
// A FrontendAction that parses a TU (skipping the bodies of functions in system headers:
// the models say what the library does) and summarizes every function defined outside
// system headers, including lambdas and template instantiations.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_PROCEDURE_TUANALYZER_H
#define INTERLOCK_PROCEDURE_TUANALYZER_H

#include "summary/Summary.h"

#include "clang/Frontend/FrontendAction.h"
#include "clang/Tooling/Tooling.h"

#include <memory>

namespace interlock::procedure {

/// Creates actions whose summaries land in *Out (one TU per action).
std::unique_ptr<clang::tooling::FrontendActionFactory>
newSummaryActionFactory(summary::TUSummary *Out);

/// Summarizes every function of an already-parsed AST.
void summarizeAST(clang::ASTContext &Ctx, summary::TUSummary &Out);

} // namespace interlock::procedure

#endif
