//===- Confirm.h - `interlock stress --confirm FINDINGS.sarif` -------------===//
//
// Aims race-directed runs (docs/stress.md, "Race-directed scheduling") at every data
// race of a SARIF file that `interlock check` or `interlock run` wrote, and writes the
// same SARIF back with what the runs showed, per race: a failure (crash, assertion,
// deadlock, timeout, non-zero exit) in a run where the two accesses met, with the seed
// and the command that replay it; the two accesses met in both orders and nothing
// failed; they met in one order only; or they never met (unconfirmed, kept). The text
// on stdout lists confirmed failures first. docs/stress.md, "Confirming races".
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_TOOLS_STRESS_CONFIRM_H
#define INTERLOCK_TOOLS_STRESS_CONFIRM_H

#include "stress/StressDriver.h"

namespace interlock::stress {

/// O.Confirm is the SARIF to read; O.Output where to write it back (default: in place);
/// O.Runs the runs per race. Exit status: 0 nothing confirmed, 1 at least one confirmed
/// failure, 2 tool error (unreadable or invalid SARIF, program not instrumented...).
int runConfirm(const StressOptions &O);

} // namespace interlock::stress

#endif
