//===- TsanBridge.h - ThreadSanitizer reports as Interlock findings -------===//
//
// The runtime copies each TSan report inside __tsan_on_report (runtime/rt_report.cpp);
// here each copy becomes a finding: stacks symbolized and trimmed to user frames,
// threads named like the rest of Interlock's output, creation sites as notes. TSan's
// lock-order reports are checked against Interlock's own lock log: a cycle the log
// shows cannot deadlock (a gate lock, one thread, threads that never coexist) is
// dropped and counted. See docs/runtime/tsan-bridge.md.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_DYNAMIC_PASS_TSANBRIDGE_H
#define INTERLOCK_DYNAMIC_PASS_TSANBRIDGE_H

#include "dynamic/pass/RunDetectors.h"
#include "dynamic/report/Symbolizer.h"
#include "dynamic/model/TraceReader.h"

namespace interlock {

struct BridgeStats {
  unsigned Reports = 0;
  unsigned Races = 0;
  unsigned LockOrderConfirmed = 0; // also found by Interlock's detector: not repeated
  unsigned LockOrderDropped = 0;   // Interlock's log shows they cannot deadlock
  unsigned ThreadLeaks = 0;        // reported as interlock-missing-join instead
};

std::vector<Finding> bridgeTsanReports(const Trace &T, const RunAnalysis &A,
                                       Symbolizer &Sym, BridgeStats &Stats);

} // namespace interlock

#endif
