//===- DeadlockFinding.h - The scheduler's deadlock report as a finding ---===//
//
// When no thread can run, the runtime's scheduler writes the wait-for graph to the run
// log and the trace, then exits. This turns both into one finding: interlock-double-lock
// when a thread waits for a mutex it holds, interlock-deadlock otherwise (a cycle, or a
// stall: waits for notifications nobody can send, locks leaked by ended threads). Each
// blocked thread gets a stack: where it took the locks it holds, then where it waits.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_DYNAMIC_PASS_DEADLOCKFINDING_H
#define INTERLOCK_DYNAMIC_PASS_DEADLOCKFINDING_H

#include "dynamic/pass/RunDetectors.h"
#include "dynamic/model/TraceReader.h"
#include "dynamic/model/SchedLog.h"

#include "report/Finding.h"

namespace interlock::stress {

/// Null Trace: the finding names threads and objects but has no locations.
Finding deadlockFinding(const SchedLog &Log, const Trace *T, const RunAnalysis *A);

} // namespace interlock::stress

#endif
