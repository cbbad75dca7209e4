//===- OrderingPoints.h - Synchronisation beyond spawn, join and locks -----===//
//
// What the thread walk gathers about barriers, critical sections around a child's
// whole life, and joins of a thread's own handle, and how it becomes ThreadInstance
// facts once every thread has been walked (Concurrency.cpp reads them).
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_PROGRAM_ORDERINGPOINTS_H
#define INTERLOCK_PROGRAM_ORDERINGPOINTS_H

#include "program/Program.h"

#include <map>

namespace interlock::program {

struct OrderingFacts {
  /// The concrete locks the parent held where it started / joined each thread.
  std::map<unsigned, summary::LockSet> HeldAtSpawn, HeldAtJoin;
  /// Every join (thread, handle, time): it may name another thread's own handle.
  struct JoinEvent {
    unsigned Thread = 0;
    std::string Handle;
    uint64_t Time = 0;
  };
  std::vector<JoinEvent> Joins;
  /// (thread, handle) for each `h = pthread_self()`.
  std::vector<std::pair<unsigned, std::string>> OwnHandles;
};

/// Fills ThreadInstance::ParentSection and JoinedBy, and Program::UnorderedBarriers for
/// barriers passed a different number of times by different threads.
void finishOrdering(Program &P, const OrderingFacts &F);

} // namespace interlock::program

#endif
