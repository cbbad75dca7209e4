//===- StressDriver.h - Many seeded runs on all cores, and exact replay ---===//
//
// `interlock stress` runs an instrumented program N times, --jobs at a time, each run
// in its own process group under the runtime's scheduler with its own seed (derived
// from the base seed), its own folder (trace, TSan log, run log, output) and a time
// limit. Findings of all runs are deduplicated by check id plus a signature of their
// user locations; each keeps its hit count and the first seed that produced it, which
// `interlock replay --seed` reproduces exactly. docs/stress.md is the user's page.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_TOOLS_STRESS_STRESSDRIVER_H
#define INTERLOCK_TOOLS_STRESS_STRESSDRIVER_H

#include "BaselineGate.h"
#include "ProcessRunner.h"
#include "dynamic/model/SchedLog.h"
#include "stress/Shards.h"
#include "report/Finding.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace interlock::stress {

/// What the scheduler runs with; the same values make `replay` reproduce a run.
struct ScheduleOptions {
  std::string Strategy = "portfolio"; // portfolio, random, pct, pct1..3, pct-access,
                                      // pct-access2..3, race, delay, none
  /// race: the race's two sides, "FILE:LINE[:COL],...|FILE:LINE[:COL],..."
  /// (runtime/rt_race.cpp); set per run by the portfolio once a run reported a race.
  std::string Race;
  uint32_t PctSteps = 16;
  uint64_t AccessSteps = 0; // pct-access's k; 0: counted by a calibration run
  bool Spurious = false;
  uint32_t WatchdogMs = 100;
  /// Bytes of trace after which a run records no more events (--trace-limit); 0: none.
  uint64_t TraceLimit = 0;
  /// ThreadSanitizer's reports leave the program's exit status alone (exitcode=0), so
  /// a non-zero status is the program's own (--confirm judges runs by it).
  bool ProgramExitStatus = false;
};

struct StressOptions {
  ScheduleOptions Sched;
  unsigned Runs = 100;
  unsigned Jobs = 0; // 0: one per core
  double Timeout = 10;
  std::optional<uint64_t> Seed; // base seed; default: from the clock
  std::optional<Shard> Part;    // --shard K/N: only this part of the runs (Shards.h)
  std::string Format = "text";
  std::string Output;
  std::string ProjectRoot; // fingerprints and SARIF URIs are relative to it; "": cwd
  BaselineArgs Baseline;
  std::string Checks; // --checks: ids reported ("": all)
  std::string LogDir; // keep every run's folder here
  std::string Summary; // JSON summary (runs, rate, first detection) for the bench
  std::vector<std::string> StopOn; // check ids ("any"): stop at the first such finding
  bool Quiet = false;
  bool KeepTemp = false; // keep the temporary run folders (without --log-dir)
  std::vector<std::string> Command;
  /// --confirm: the SARIF of `interlock check` or `interlock run` whose races to aim at
  /// (stress/Confirm.h); Runs is then per race.
  std::string Confirm;
};

struct ReplayOptions {
  ScheduleOptions Sched;
  uint64_t Seed = 0;
  double Timeout = 10;
  std::string Format = "text";
  std::string Output;
  std::string ProjectRoot;
  std::string Log; // copy the run log (decisions) here
  std::vector<std::string> Command;
};

/// The seed of run Index (0-based) under base seed Base.
uint64_t runSeed(uint64_t Base, unsigned Index);
/// Check id plus the sorted user locations of a finding: equal for the same bug seen
/// in two runs, whatever the addresses, thread numbers or order of the two sides.
std::string findingSignature(const Finding &F);
/// Whether runs under S may use access points (pct-access, portfolio).
bool usesAccessPoints(const ScheduleOptions &S);
/// The race a data-race finding names, as ScheduleOptions::Race: its access, then the
/// conflicting ones (notes that say "conflicting"); empty if it names no other access.
std::string raceSpec(const Finding &F);
/// The command line that replays a seed.
std::string replayCommand(const ScheduleOptions &S, uint64_t Seed,
                          const std::vector<std::string> &Command);

/// One run of the program under S, analysed as `interlock run` does, in folder Dir.
struct RunResult {
  unsigned Index = 0;
  uint64_t Seed = 0;
  std::vector<Finding> Findings;
  SchedLog Log;
  std::string Error;
  bool Interrupted = false; // stopped by our own interrupt: not a complete run
  ProcessResult Process;
  int CrashSignal = 0;
  bool LimitReached = false; // the trace size limit stopped the run's events
};
RunResult runOne(const ScheduleOptions &S, const std::vector<std::string> &Command,
                 double Timeout, uint64_t Seed, const std::string &Dir);
std::string shellQuote(const std::string &S);

int runStress(const StressOptions &O);
int runReplay(const ReplayOptions &O);

} // namespace interlock::stress

#endif
