//===- CheckRunner.h - `interlock check` end to end -----------------------===//
//
// Finds the TUs (a compilation database, or files with fixed flags), summarizes each TU
// in a worker thread with its own CompilerInstance under crash recovery, links the
// summaries, runs the enabled checks and filters NOLINT.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_DRIVER_CHECKRUNNER_H
#define INTERLOCK_DRIVER_CHECKRUNNER_H

#include "report/Finding.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

namespace interlock::driver {

struct CheckRunOptions {
  std::vector<std::string> Files;
  std::string BuildDir;
  std::string Checks = "interlock-*";
  std::vector<std::string> ExtraArgs;
  bool HaveExtraArgs = false; // `--` was given
  unsigned Jobs = 0;          // 0: all cores
  bool Progress = false;
  std::string ResourceDir;
  std::string SummaryDir; // when set, each TU's summary JSON is written there
  Confidence MinConfidence = Confidence::Medium; // findings below it are not reported
};

/// A TU that could not be analyzed, and the first error it gave.
struct FailedTU {
  std::string File;
  std::string Error;
};

struct CheckRunResult {
  std::vector<Finding> Findings;
  unsigned TranslationUnits = 0;
  unsigned Failed = 0;  // TUs that did not parse or crashed
  std::vector<FailedTU> FailedTUs; // which, in input order
  unsigned Skipped = 0; // entries that are not C or C++ (assembly, ...), with a note
  unsigned BelowConfidence = 0; // findings left out by MinConfidence
};

/// Errors are setup problems (no database, unreadable database, unknown file): nothing
/// was analyzed. TU problems are printed to Errs and counted in Failed.
llvm::Expected<CheckRunResult> runCheck(const CheckRunOptions &Opts, llvm::raw_ostream &Errs);

} // namespace interlock::driver

#endif
