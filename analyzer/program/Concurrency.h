//===- Concurrency.h - May two accesses run in parallel, unprotected? -----===//
//
// May-happen-in-parallel over the thread tree the walk built: an access of a parent runs
// in parallel with a child thread only between the child's start and its join (or in a
// loop that starts children without joining them in the same iteration); two threads
// run in parallel when their lifetimes in their common ancestor overlap; a thread
// started several times runs in parallel with itself. Ordering points beyond that
// (OrderingPoints.h): barriers passed in lockstep, a child that runs entirely inside its
// parent's critical section, a join of another thread's own handle. Lock protection: a
// common lock held exclusively by at least one side.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_PROGRAM_CONCURRENCY_H
#define INTERLOCK_PROGRAM_CONCURRENCY_H

#include "program/Program.h"

namespace interlock::program {

bool mayRunInParallel(const Program &P, const ConcreteAccess &A, const ConcreteAccess &B);

/// A lock both hold, not both in shared mode; nullptr if none.
const summary::HeldLock *commonLock(const summary::LockSet &A, const summary::LockSet &B);

} // namespace interlock::program

#endif
