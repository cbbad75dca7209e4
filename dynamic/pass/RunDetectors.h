//===- RunDetectors.h - Findings computed from a recorded trace -----------===//
//
// Detectors over the events of one run (docs/runtime/detectors.md):
//  - lock-order cycles, Goodlock-style: a cycle counts only if its edges come from
//    different threads, their held sets are disjoint (no gate lock, they can coexist),
//    and no edge happens before another through thread creation and join;
//  - threads never joined or detached, and std::terminate from a joinable std::thread;
//  - unlocking a mutex the thread does not hold; locking a held non-recursive mutex;
//    a thread that ends holding a lock.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_DYNAMIC_PASS_RUNDETECTORS_H
#define INTERLOCK_DYNAMIC_PASS_RUNDETECTORS_H

#include "dynamic/model/TraceReader.h"
#include "report/Finding.h"

#include <map>
#include <optional>
#include <set>
#include <vector>

namespace interlock {

/// An operation a thread had started and not finished when the trace was written.
struct PendingOp {
  uint32_t Tid;
  trace::EventKind Kind; // LockAttempt, CondWait, JoinBefore, BarrierWait
  uint8_t Flags;         // the event's flags
  uint64_t Object;
  uint32_t Site;
};

struct RunAnalysis {
  std::vector<Finding> Findings;
  /// Locks the trace saw, and the lock sets of the cycles reported (for the TSan bridge).
  std::set<uint64_t> KnownLocks;
  std::vector<std::set<uint64_t>> Cycles;
  std::vector<PendingOp> Pending;
  /// Who held each lock when the trace was written.
  std::map<uint64_t, uint32_t> HeldAtEnd;
  /// Frame-end hooks seen: return address -> site (for the TSan bridge's dead locals).
  std::map<uint64_t, uint32_t> FrameEndSites;
  /// The first failed assert() (by time), if any: the crash that follows is its.
  struct Assertion {
    uint32_t Tid = 0, Site = 0;
    uint64_t Ticks = 0;
  };
  std::optional<Assertion> FailedAssert;
  uint64_t NumEvents = 0;
};

struct DetectorOptions {
  /// Report never-joined threads (off when the program was killed mid-run).
  bool ThreadLifetime = true;
};

RunAnalysis analyzeTrace(const Trace &T, const DetectorOptions &Options);

/// The site as a location (invalid if unknown).
SourceLoc siteLoc(const Trace &T, uint32_t Site);
std::string describeSite(const Trace &T, uint32_t Site);
/// "main thread" or "thread T3", as every finding of a run names threads.
std::string runThreadName(uint32_t Tid);

} // namespace interlock

#endif
