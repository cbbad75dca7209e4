#include "procedure/LoopNest.h"

#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"

using namespace clang;

namespace interlock::procedure {

static bool isLoop(const Stmt *S) {
  return S && isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(S);
}

const std::vector<unsigned> &LoopNest::around(const Stmt *S) {
  if (auto It = Known.find(S); It != Known.end())
    return It->second;
  static const std::vector<unsigned> None;
  // The statements from S up to the first one already known (or the root).
  llvm::SmallVector<const Stmt *, 16> Chain{S};
  const std::vector<unsigned> *Base = &None;
  for (const Stmt *P = PM.getParent(S); P; P = PM.getParent(P)) {
    if (auto It = Known.find(P); It != Known.end()) {
      Base = &It->second;
      break;
    }
    Chain.push_back(P);
  }
  // Ids in the order a walk up from S meets the loops, innermost first.
  for (const Stmt *C : Chain)
    if (const Stmt *P = PM.getParent(C); isLoop(P))
      LoopIds.try_emplace(P, LoopIds.size() + 1);
  std::vector<unsigned> Loops = *Base;
  for (const Stmt *C : llvm::reverse(Chain)) {
    if (const Stmt *P = PM.getParent(C); isLoop(P))
      Loops.insert(Loops.begin(), LoopIds.lookup(P));
    Known[C] = Loops;
  }
  return Known.find(S)->second;
}

} // namespace interlock::procedure
