//===- AccessHooks.h - Scheduling points at shared memory accesses --------===//
//
// `interlock stress` can only open a window between two instructions where the program
// stops for the scheduler. Synchronisation calls are such points (Models.h); this file
// adds the others: every load and store that may touch memory another thread can see,
// every atomic operation and fence, the returns of `main` and the calls to `exit`.
//
// Outside stress the hooks must cost next to nothing, and must not change how
// ThreadSanitizer instruments the code: TSan instruments a read followed by a write of
// the same address in one basic block as the write only, and any call or branch
// between them would double its work. So a block with access points is versioned:
// from its first access point to its end it is cloned; the original stays untouched
// (the fast path) and the clone calls __interlock_access(&site) before each access
// (the slow path). One load of a byte the runtime sets once, before the program's
// constructors, and one branch the processor always predicts choose between them:
//
//   if (__builtin_expect(__interlock_sched_access, 0)) goto slow; // else: as compiled
//
// (the load carries !nosanitize, so TSan does not instrument it). Returns
// from main and calls to exit are rare and call __interlock_exit_point(&site) directly.
// Not hooked: accesses to locals whose address never escapes, to constants and to
// thread_local variables; instructions with !nosanitize. INTERLOCK_ACCESS_HOOKS=0 in
// the compiler's environment leaves them all out (the benchmark's "without hooks").
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_INSTRUMENT_ACCESSHOOKS_H
#define INTERLOCK_INSTRUMENT_ACCESSHOOKS_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Module.h"

namespace interlock {

enum class AccessPointKind { Access, Exit };

struct AccessPoint {
  llvm::Instruction *Before; // the hook goes just before this instruction
  AccessPointKind Kind;
};

/// Whether the pass adds access hooks (INTERLOCK_ACCESS_HOOKS is not "0").
bool accessHooksEnabled();

/// F's shared accesses, atomics, fences, and (in main) returns and calls to exit.
llvm::SmallVector<AccessPoint, 32> findAccessPoints(llvm::Function &F);

/// Inserts __interlock_exit_point(Site) before exits and versions the blocks of the
/// access points (each access's hook call in the slow copy carries its Site).
void insertAccessPoints(llvm::Module &M,
                        llvm::ArrayRef<std::pair<AccessPoint, llvm::Constant *>> Points);

} // namespace interlock

#endif
