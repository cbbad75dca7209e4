//===- LockEffectScan.h - Which callees may take or release a lock --------===//
//
// Call-effect tokens (summary::callEffect) cost a little in every lock set after the
// call, so the procedure analysis adds them only for callees that may change the locks
// held: ones defined in another TU (we cannot see them yet), and ones here whose body
// locks, unlocks, or calls such a callee. One scan per TU, memoized per declaration.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_PROCEDURE_LOCKEFFECTSCAN_H
#define INTERLOCK_PROCEDURE_LOCKEFFECTSCAN_H

#include "clang/AST/Decl.h"

#include "llvm/ADT/DenseMap.h"

namespace interlock::procedure {

class LockEffectScan {
public:
  /// Whether a call of FD may return with other locks held than at its entry.
  bool mayAffectLocks(const clang::FunctionDecl *FD);

private:
  enum State : char { InProgress, No, Yes };
  llvm::DenseMap<const clang::FunctionDecl *, State> Memo;
};

} // namespace interlock::procedure

#endif
