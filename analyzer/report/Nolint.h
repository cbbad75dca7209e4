//===- Nolint.h - clang-tidy's NOLINT comments on a finding's line --------===//
#ifndef INTERLOCK_REPORT_NOLINT_H
#define INTERLOCK_REPORT_NOLINT_H

#include "report/Finding.h"

#include "llvm/ADT/StringRef.h"

#include <vector>

namespace interlock {

/// Drops findings whose primary line carries `// NOLINT` or `// NOLINT(check,...)`
/// naming the check (globs allowed), or whose previous line carries NOLINTNEXTLINE.
void removeSuppressed(std::vector<Finding> &Findings);

/// True if the comment text of `Line` (or NOLINTNEXTLINE on `Previous`) silences Check.
bool isSuppressed(llvm::StringRef Line, llvm::StringRef Previous, llvm::StringRef Check);

} // namespace interlock

#endif
