//===- SchedLog.h - Read the scheduler's run log --------------------------===//
//
// The runtime's scheduler appends one record a line to the run log (format in
// runtime/rt_sched_log.h and docs/stress.md): its configuration, every decision, every
// watchdog intervention, and the wait-for graph when no thread could run.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_DYNAMIC_MODEL_SCHEDLOG_H
#define INTERLOCK_DYNAMIC_MODEL_SCHEDLOG_H

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace interlock::stress {

struct BlockedRecord {
  uint32_t Tid = 0;
  std::string Wait; // lock, rdlock, wrlock, cond, join
  uint64_t Obj = 0;
  uint64_t Mutex = 0;
  std::optional<uint32_t> Holder;
  bool HolderEnded = false;
};

struct SchedLog {
  std::string Header;                // "strategy=pct depth=2 ..."
  std::string Strategy;              // random, pct, pct-access, delay ("" without a header)
  std::string Depth;                 // pct, pct-access: the depth ("" otherwise)
  std::optional<uint64_t> AccessPoints; // pct-access: access points counted ("A" line)
  std::vector<std::string> Decisions; // "tid wait", in order (step numbers dropped)
  std::vector<std::string> Watchdog;  // one line per intervention
  std::string DeadlockKind;           // cycle, double-lock, stall; empty if none
  std::vector<BlockedRecord> Blocked;
  std::vector<uint32_t> Cycle;
  /// Race-directed: the race's sides met ("M" lines); the first access ran first.
  /// Sides: 1 = A, 2 = B, 3 = both.
  struct Meeting {
    uint32_t FirstSides = 0, SecondSides = 0;
  };
  std::vector<Meeting> Meetings;
};

SchedLog parseSchedLog(llvm::StringRef Text);
/// "random", "pct2", "pct-access3": the strategy a run used, as the table names it.
std::string strategyName(const SchedLog &L);
/// Empty log if the file is missing.
SchedLog readSchedLog(const std::string &Path);

} // namespace interlock::stress

#endif
