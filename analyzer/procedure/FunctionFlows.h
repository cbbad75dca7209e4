//===- FunctionFlows.h - Where function pointer values go ------------------===//
//
// The procedure half of the function-pointer analysis (docs/check.md, "Function
// pointers"): every assignment, initializer, argument and return that moves a
// function's address is a flow between value nodes (summary::FunctionFlow). The link
// step solves them (program/FunctionTargets.h), so a start routine passed through
// `create_worker(fn, arg)`, stored in `w->work` or queued in a pool's item is known where
// it is finally called or given to pthread_create.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_PROCEDURE_FUNCTIONFLOWS_H
#define INTERLOCK_PROCEDURE_FUNCTIONFLOWS_H

#include "summary/Summary.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"

#include <string>
#include <vector>

namespace interlock::procedure {

/// std::function and its kin: a callable value the analysis follows like a function
/// pointer (docs/check.md, "std::function").
bool isCallableWrapper(clang::QualType T);

/// The node of FD's parameter Index (`p:USR#i`), for function and data pointers alike.
std::string paramNode(const clang::FunctionDecl *FD, unsigned Index);

/// The element type when MC puts an element into a standard container (`emplace`,
/// `push_back`, `insert`...), whose own code the analysis does not read; else null.
clang::QualType insertedElementType(const clang::CXXMemberCallExpr *MC);

/// The node a virtual call of M calls: every final overrider of M in a class the program
/// constructs flows into it (docs/check.md, "Virtual calls").
std::string dispatchNode(const clang::CXXMethodDecl *M);

/// The value nodes an expression of function pointer type may evaluate to.
std::vector<std::string> functionValueNodes(const clang::Expr *E);

/// The flows in a function's body (and, for a constructor, its member initializers).
void collectFunctionFlows(const clang::FunctionDecl *FD,
                          std::vector<summary::FunctionFlow> &Out);

/// The flows of a global's initializer (`static handler table[] = {on_read, ...}`),
/// appended; dedupe the TU's list once after the last global.
void collectGlobalFunctionFlows(const clang::VarDecl *VD,
                                std::vector<summary::FunctionFlow> &Out);

/// Sorts Flows and drops repeats.
void dedupeFunctionFlows(std::vector<summary::FunctionFlow> &Flows);

} // namespace interlock::procedure

#endif
