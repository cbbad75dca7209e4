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
                                      // pct-access2..3, delay, none
  uint32_t PctSteps = 16;
  uint64_t AccessSteps = 0; // pct-access's k; 0: counted by a calibration run
  bool Spurious = false;
  uint32_t WatchdogMs = 100;
  /// Bytes of trace after which a run records no more events (--trace-limit); 0: none.
  uint64_t TraceLimit = 0;
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
/// The command line that replays a seed.
std::string replayCommand(const ScheduleOptions &S, uint64_t Seed,
                          const std::vector<std::string> &Command);

int runStress(const StressOptions &O);
int runReplay(const ReplayOptions &O);

} // namespace interlock::stress

#endif
