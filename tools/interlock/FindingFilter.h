//===- FindingFilter.h - --checks and NOLINT for `run` and `stress` -------===//
//
// The dynamic commands report on the same user lines as `check`, so they take the same
// `--checks` globs (over every id of the check catalog, runtime detectors included) and
// honour the same NOLINT comments on a finding's reported user line. docs/cli.md.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_TOOLS_FINDINGFILTER_H
#define INTERLOCK_TOOLS_FINDINGFILTER_H

#include "report/Finding.h"

#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace interlock {

void addChecksOption(CLI::App *Command, std::string &Checks);

/// False (said on stderr, naming Who) when Checks names an id that is no check or
/// enables none: a run that can report nothing is a mistake, as for `check`.
bool validDynamicChecks(llvm::StringRef Checks, llvm::StringRef Who);

/// Drops the findings of checks Checks disables ("" keeps all) and those silenced by
/// NOLINT on their primary line; adds an error for an unmatched NOLINTBEGIN/END.
void filterFindings(llvm::StringRef Checks, std::vector<Finding> &Findings);

} // namespace interlock

#endif
