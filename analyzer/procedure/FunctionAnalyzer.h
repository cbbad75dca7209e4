//===- FunctionAnalyzer.h - One function's CFG to one FunctionSummary -----===//
//
// A forward must-analysis of held locks over Clang's CFG (built with implicit and
// temporary destructors, so RAII guards release where their scope ends), with try-lock
// results split on the branch that tests them. A second pass over the fixed point records
// every access, acquisition, call, spawn, join and condition-variable wait with the locks
// held there.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_PROCEDURE_FUNCTIONANALYZER_H
#define INTERLOCK_PROCEDURE_FUNCTIONANALYZER_H

#include "summary/Summary.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "llvm/ADT/STLFunctionalExtras.h"

#include <optional>

namespace interlock::procedure {

class LockEffectScan;

/// Summarizes FD, which must have a body; nullopt if no CFG could be built. Scan (one
/// per TU) limits call-effect tokens to callees that may change the locks held.
std::optional<summary::FunctionSummary>
analyzeFunction(clang::ASTContext &Ctx, const clang::FunctionDecl *FD,
                LockEffectScan *Scan = nullptr);

/// The USR linking declarations of one function across TUs.
std::string usrOf(const clang::Decl *D);

/// Calls Fn with every method FD overrides, directly or through intermediate classes
/// (nothing when FD is not a method).
void forEachOverridden(const clang::FunctionDecl *FD,
                       llvm::function_ref<void(const clang::CXXMethodDecl *)> Fn);

} // namespace interlock::procedure

#endif
