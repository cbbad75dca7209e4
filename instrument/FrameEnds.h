//===- FrameEnds.h - Where locals a thread may still use go out of scope --===//
//
// A thread that is started with a pointer or reference to a local and never joined can
// outlive that local (a detached std::thread capturing by reference). ThreadSanitizer
// tracks heap lifetimes but not stack ones, so the pass marks each such death: in a
// function that starts threads (directly, or through a callee that does), every local
// whose address escapes gets a call to __interlock_frame_end where it dies (its
// lifetime.end, or every return when it has none). The runtime reports that point to
// TSan as a write of the whole local, so a later or concurrent access by a thread that
// was not joined first is a race on that write.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_INSTRUMENT_FRAMEENDS_H
#define INTERLOCK_INSTRUMENT_FRAMEENDS_H

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Instructions.h"

#include <string>

namespace interlock {

struct FrameEnd {
  llvm::Instruction *Before; // the local dies just before this instruction
  llvm::AllocaInst *Local;
  uint64_t Size;
};

/// The functions in M that start threads: a modelled thread-creating call in their
/// body, or a direct call to a function of M that has one (a std::thread constructor
/// that was not inlined).
llvm::SmallPtrSet<const llvm::Function *, 8>
threadStartingFunctions(const llvm::SmallPtrSetImpl<const llvm::Function *> &Creators);

/// The deaths of F's escaping, fixed-size locals declared in the user's code.
llvm::SmallVector<FrameEnd, 8> findFrameEnds(llvm::Function &F);

/// The local's name in the source (debug info), for INTERLOCK_PASS_VERBOSE.
std::string localName(llvm::AllocaInst *A);

/// Inserts __interlock_frame_end(Local, Size, Site) before E.Before.
void insertFrameEnd(llvm::Module &M, const FrameEnd &E, llvm::Constant *Site);

} // namespace interlock

#endif
