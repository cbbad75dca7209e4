//===- LoopNest.h - The loops around each statement of a function ---------===//
//
// summary::Point records the loops around every item (ids unique within the function,
// innermost first). Walking the ParentMap to the root for every CFG element is
// quadratic in the depth of an expression (a 20,000-term `v + v + ...` took 34 s), so
// the answer is memoized per statement, each walk stopping at the first known one.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_PROCEDURE_LOOPNEST_H
#define INTERLOCK_PROCEDURE_LOOPNEST_H

#include "clang/AST/ParentMap.h"
#include "llvm/ADT/DenseMap.h"

#include <vector>

namespace interlock::procedure {

class LoopNest {
public:
  explicit LoopNest(const clang::ParentMap &PM) : PM(PM) {}
  /// The ids of the loops around S, innermost first. Ids are numbered in the order
  /// walks from the statements asked about meet the loops.
  const std::vector<unsigned> &around(const clang::Stmt *S);

private:
  const clang::ParentMap &PM;
  llvm::DenseMap<const clang::Stmt *, unsigned> LoopIds;
  llvm::DenseMap<const clang::Stmt *, std::vector<unsigned>> Known;
};

} // namespace interlock::procedure

#endif
