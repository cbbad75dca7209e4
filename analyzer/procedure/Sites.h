//===- Sites.h - Source locations as users see them -----------------------===//
#ifndef INTERLOCK_PROCEDURE_SITES_H
#define INTERLOCK_PROCEDURE_SITES_H

#include "report/Finding.h"

#include "clang/AST/ASTContext.h"
#include "clang/Basic/SourceManager.h"

namespace interlock::procedure {

/// The expansion location of Loc as an absolute, normalized path (relative names are
/// resolved against the compile command's directory), line and column.
SourceLoc siteOf(const clang::SourceManager &SM, clang::SourceLocation Loc);

inline SourceLoc siteOf(const clang::ASTContext &Ctx, clang::SourceLocation Loc) {
  return siteOf(Ctx.getSourceManager(), Loc);
}

} // namespace interlock::procedure

#endif
