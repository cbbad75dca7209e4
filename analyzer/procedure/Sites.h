//===- Sites.h - Source locations as users see them -----------------------===//
#ifndef INTERLOCK_PROCEDURE_SITES_H
#define INTERLOCK_PROCEDURE_SITES_H

#include "report/Finding.h"

#include "clang/AST/ASTContext.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"

namespace interlock::procedure {

/// The expansion location of Loc as an absolute, normalized path (relative names are
/// resolved against the compile command's directory), line and column.
SourceLoc siteOf(const clang::SourceManager &SM, clang::SourceLocation Loc);

inline SourceLoc siteOf(const clang::ASTContext &Ctx, clang::SourceLocation Loc) {
  return siteOf(Ctx.getSourceManager(), Loc);
}

/// Stmt::getBeginLoc of a left-deep expression walks down its left operands: linear per
/// call, so quadratic over a function's CFG elements (a 20,000-term `v + v + ...` spent
/// 93% of its time there). This remembers the begin of every operand it walks through.
class BeginLocs {
public:
  clang::SourceLocation of(const clang::Stmt *S);

private:
  llvm::DenseMap<const clang::Stmt *, clang::SourceLocation> Known;
};

} // namespace interlock::procedure

#endif
