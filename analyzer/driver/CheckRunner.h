//===- CheckRunner.h - `interlock check` end to end -----------------------===//
//
// Finds the TUs (a compilation database, or files with fixed flags), summarizes each TU
// in a worker thread with its own CompilerInstance under crash recovery, links the
// summaries, runs the enabled checks and filters NOLINT.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_DRIVER_CHECKRUNNER_H
#define INTERLOCK_DRIVER_CHECKRUNNER_H

#include "driver/Config.h"
#include "report/Finding.h"
#include "summary/Summary.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <utility>
#include <vector>

namespace interlock::driver {

struct CheckRunOptions {
  std::vector<std::string> Files;
  std::string BuildDir;
  /// --config-file, --checks, --warnings-as-errors, --header-filter, --min-confidence:
  /// applied over the `.interlock` files found from each finding's file (Config.h).
  ConfigOverrides Overrides;
  std::vector<std::string> ExtraArgs;
  bool HaveExtraArgs = false; // `--` was given
  unsigned Jobs = 0;          // 0: all cores
  bool Progress = false;
  bool Quiet = false; // -q: not even which compilation database is used
  std::vector<std::string> ExtraArgsBefore; // --extra-arg-before, clang-tidy's
  std::vector<std::string> ExtraArgsAfter;  // --extra-arg
  std::string ResourceDir;
  std::string SummaryDir; // when set, each TU's summary JSON is written there
  /// The summary cache (SummaryCache.h): empty, its default folder; NoCache: none.
  std::string CacheDir;
  bool NoCache = false;
  bool CacheStats = false; // print which TUs were analysed and which reused
  /// Fingerprints and SARIF URIs are relative to it; empty: the directory of
  /// compile_commands.json, or the current directory without one.
  std::string ProjectRoot;
};

/// --stats: where a run's time went, in seconds.
struct PhaseTimes {
  double Summarize = 0; // every TU's summary (wall clock), or reading --from-summaries
  double Link = 0;      // joining summaries, function pointers and points-to
  double PointsTo = 0;  // the points-to part of Link
  double WalkAndChecks = 0;
  size_t PointsToNodes = 0;
};

struct CheckRunResult {
  std::vector<Finding> Findings;
  unsigned TranslationUnits = 0;
  unsigned Failed = 0;  // TUs that did not parse or crashed
  unsigned Skipped = 0; // entries that are not C or C++ (assembly, ...), with a note
  /// TUs analysed in this run, and those whose summary came from the cache.
  std::vector<std::string> Analysed, Reused;
  unsigned BelowConfidence = 0; // findings left out by MinConfidence
  unsigned OutsideHeaderFilter = 0; // findings in headers HeaderFilterRegex leaves out
  std::string ProjectRoot;      // as resolved; the findings' fingerprints use it
  /// Each TU that could not be analysed, with its first error.
  std::vector<std::pair<std::string, std::string>> Failures;
  PhaseTimes Times;
};

/// One translation unit's summary, or why there is none.
struct TUResult {
  summary::TUSummary Summary;
  bool Ok = false;
  std::vector<std::string> Errors; // as printed: `file:line:col: error: ...`
  std::vector<std::string> Notes;
  bool FromCache = false;
};

/// `interlock summarize`: Opts.Files' one file summarized exactly as runCheck summarizes
/// each TU (same database search, flags, adjusters and crash isolation), its errors and
/// notes printed to Errs. Errors: setup problems, as for runCheck.
llvm::Expected<TUResult> summarizeFile(const CheckRunOptions &Opts, llvm::raw_ostream &Errs);

/// Errors are setup problems (no database, unreadable database, unknown file): nothing
/// was analyzed. TU problems are printed to Errs and counted in Failed.
llvm::Expected<CheckRunResult> runCheck(const CheckRunOptions &Opts, llvm::raw_ostream &Errs);

} // namespace interlock::driver

#endif
