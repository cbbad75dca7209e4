//===- RunOnce.h - Run an instrumented program once and read what it did ---===//
//
// The machinery behind `interlock run`, shared with `interlock stress` and `interlock
// replay`: start the program in its own process group with a per-run trace and TSan
// log in Dir, wait (killing the group at the time limit), read the trace, run the
// detectors, bridge TSan's reports, and add a finding if the program crashed or hung.
// Every process of the run writes its own trace and TSan log, named by its pid
// (Dir/trace.PID, Dir/tsan.PID; a fork child's trace is Dir/trace.PARENT.child.PID):
// the program's is the one with its pid, the others are its children's, whose races
// and lock findings are reported too.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_TOOLS_RUNONCE_H
#define INTERLOCK_TOOLS_RUNONCE_H

#include "ProcessRunner.h"
#include "dynamic/pass/RunDetectors.h"
#include "dynamic/model/TraceReader.h"
#include "dynamic/pass/TsanBridge.h"

#include "report/Finding.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace interlock {

struct RunRequest {
  std::vector<std::string> Command;
  std::vector<std::pair<std::string, std::string>> Env; // besides INTERLOCK_OPTIONS
  std::string Dir;        // the run's folder: trace, TSan log (must exist)
  double Timeout = 0;     // seconds; 0: none
  std::string OutputFile; // the program's stdout+stderr; empty: our stderr
  /// An exit status meaning "stopped on purpose mid-run" (the scheduler's deadlock
  /// exit): no thread-lifetime findings, no crash finding.
  int StoppedExitCode = -1;
  /// Bytes of trace after which the program records no more events (--trace-limit,
  /// the runtime's trace_limit_kib); 0: none.
  uint64_t TraceLimit = 0;
};

struct RunOutcome {
  ProcessResult Process;
  std::optional<Trace> T;
  std::string TracePath; // the program's own trace, if it wrote one
  /// Processes the program started that wrote a trace or a TSan log of their own
  /// (fork children, programs it exec'd): their findings are in Findings too.
  unsigned ChildProcesses = 0;
  RunAnalysis Analysis;
  BridgeStats Stats;
  std::vector<Finding> Findings;
  /// Non-empty: the tool failed (program not found, unreadable trace...).
  std::string Error;
  bool NoTrace = false; // the program wrote no trace (not instrumented?)
  /// The fatal signal, also when a handler after the runtime's turned it into an exit
  /// status; 0 if none.
  int CrashSignal = 0;
};

RunOutcome runAndAnalyze(const RunRequest &R);

/// "SIGABRT", or "signal N".
std::string signalName(int Sig);

} // namespace interlock

#endif
