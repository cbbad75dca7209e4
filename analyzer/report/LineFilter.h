//===- LineFilter.h - clang-tidy's --line-filter ---------------------------===//
//
// `[{"name":"file1.cpp","lines":[[1,3],[5,7]]},{"name":"file2.h"}]`: a finding is kept
// only if its file's path ends with a name listed and, when that entry has `lines`, its
// line is in one of the ranges; findings in files not listed are dropped. The first entry
// whose name matches decides, as in clang-tidy. docs/check.md documents it.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_REPORT_LINEFILTER_H
#define INTERLOCK_REPORT_LINEFILTER_H

#include "report/Finding.h"

#include "llvm/Support/Error.h"

#include <string>
#include <utility>
#include <vector>

namespace interlock {

class LineFilter {
public:
  /// Errors name what is wrong in the JSON.
  static llvm::Expected<LineFilter> parse(llvm::StringRef Json);
  bool passes(const SourceLoc &Loc) const;
  /// Drops the findings that do not pass; returns how many.
  unsigned apply(std::vector<Finding> &Findings) const;

private:
  struct Entry {
    std::string Name;
    std::vector<std::pair<unsigned, unsigned>> Lines; // empty: every line
  };
  std::vector<Entry> Entries;
};

} // namespace interlock

#endif
