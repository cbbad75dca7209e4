//===- Link.h - Linking TU summaries into reported findings ---------------===//
//
// `interlock check` summarizes each TU, then links the summaries, runs every check,
// applies NOLINT and each finding's `.interlock` configuration, sorts and fingerprints.
// That second half is here, apart, for `interlock check --from-summaries`.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_DRIVER_LINK_H
#define INTERLOCK_DRIVER_LINK_H

#include "driver/CheckRunner.h"
#include "summary/Summary.h"

#include "llvm/ADT/ArrayRef.h"

namespace interlock::driver {

struct LinkInput {
  std::vector<summary::TUSummary> Units;
  /// Every TU analysed or attempted (absolute paths): findings in other files are in
  /// headers, which HeaderFilterRegex may hide.
  std::vector<std::string> MainFiles;
  /// TUs that could not be analysed, with their first error.
  std::vector<std::pair<std::string, std::string>> Failures;
  std::string ProjectRoot; // as resolved
};

/// Reads each file's `.interlock` configuration: an error for a broken file or for a
/// Checks list (or --checks) that enables no check.
llvm::Error validateConfigs(llvm::ArrayRef<std::string> Files,
                            const ConfigOverrides &Overrides);

llvm::Expected<CheckRunResult> linkSummaries(LinkInput In, const ConfigOverrides &Overrides,
                                             llvm::raw_ostream &Errs);

} // namespace interlock::driver

#endif
