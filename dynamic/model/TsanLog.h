//===- TsanLog.h - What ThreadSanitizer's text log says when the trace cannot -===//
//
// The TSan bridge copies each report into the trace, which the runtime writes at exit.
// A program killed with SIGKILL, or stopped by TSan's own runtime aborting (a CHECK
// failure such as pthread_join of a joined thread, a FATAL error), writes no such
// section: its reports survive only in TSan's log (`log_path`, one file per process,
// `tsan.PID`; RunOnce.cpp reads each process's own). This parses such a log: each
// WARNING block becomes a finding at its first user frame, and an abort of the runtime
// is said as such.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_DYNAMIC_MODEL_TSANLOG_H
#define INTERLOCK_DYNAMIC_MODEL_TSANLOG_H

#include "report/Finding.h"

#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace interlock {

struct TsanLog {
  std::vector<Finding> Reports; // one per "WARNING: ThreadSanitizer: ..." block
  std::string Abort;            // "CHECK failed: ..." or "FATAL: ..."; empty if none
  SourceLoc AbortLoc;           // the first user frame of the abort's stack
};

/// Parses one log's text.
TsanLog parseTsanLog(llvm::StringRef Text);

} // namespace interlock

#endif
