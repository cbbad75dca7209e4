//===- SummaryFiles.h - `check --from-summaries`: link summaries made apart ---===//
//
// Summaries written by `interlock summarize` (one process per TU, on any machine of a
// build farm or CI matrix) are read back and linked exactly as `interlock check` links
// the summaries it makes itself, so the findings are the same, byte for byte.
// docs/distributed.md is the user's page.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_TOOLS_SUMMARYFILES_H
#define INTERLOCK_TOOLS_SUMMARYFILES_H

#include "driver/CheckRunner.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

namespace interlock {

/// Paths: summary files, or folders searched (recursively) for `*.json` summaries.
/// Opts gives the configuration overrides and the project root (--project-root, else
/// the folder of -p's database, else the current directory). Errors: an unreadable or
/// invalid summary (named), two summaries of one TU, no summary at all.
llvm::Expected<driver::CheckRunResult>
linkSummaryFiles(const std::vector<std::string> &Paths, const driver::CheckRunOptions &Opts,
                 llvm::raw_ostream &Errs);

} // namespace interlock

#endif
