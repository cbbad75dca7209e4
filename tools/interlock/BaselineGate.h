//===- BaselineGate.h - --baseline and --write-baseline for check/run/stress ---===//
//
// The three commands that report findings share these options: the baseline is read and
// the file to write opened before any work (like every output), the findings are
// filtered (or recorded) just before they are written, and the counts are said on stderr.
// docs/baseline.md documents them.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_TOOLS_BASELINEGATE_H
#define INTERLOCK_TOOLS_BASELINEGATE_H

#include "lifecycle/OutputFile.h"
#include "report/Baseline.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace interlock {

struct BaselineArgs {
  std::string Read;  // --baseline
  std::string Write; // --write-baseline
};

void addBaselineOptions(CLI::App *Command, BaselineArgs &Args);

class BaselineGate {
public:
  /// Reads --baseline and opens --write-baseline; false (said on stderr) if either fails.
  bool open(const BaselineArgs &Args, llvm::StringRef Who);
  /// Records the findings (--write-baseline) and then removes those of the baseline:
  /// with --write-baseline that is all of them. Findings need their fingerprints.
  void apply(std::vector<Finding> &Findings, llvm::StringRef ProjectRoot);
  /// Renames the written baseline into place and says what was left out; false on error.
  bool commit(bool Quiet);

private:
  std::string Who;
  BaselineArgs Args;
  std::optional<Baseline> Known;
  std::unique_ptr<OutputFile> Out;
  BaselineResult Result;
  size_t Written = 0;
};

} // namespace interlock

#endif
