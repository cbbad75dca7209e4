//===- Nolint.h - clang-tidy's NOLINT comments on a finding's line --------===//
//
// `NOLINT`, `NOLINTNEXTLINE` and `NOLINTBEGIN` ... `NOLINTEND` blocks, each optionally
// followed by `(check-globs)`, with clang-tidy's semantics: a block's END must carry the
// same check list as its BEGIN, blocks nest (the innermost closes first), and a BEGIN or
// END left unmatched suppresses nothing and is itself reported, as clang-tidy reports
// `clang-tidy-nolint`. docs/check.md#nolint documents them.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_REPORT_NOLINT_H
#define INTERLOCK_REPORT_NOLINT_H

#include "report/Finding.h"

#include "llvm/ADT/StringRef.h"

#include <vector>

namespace interlock {

/// The check id of the error reported for an unmatched NOLINTBEGIN or NOLINTEND. It is
/// not a check: `--checks` cannot turn it off (as clang-tidy's `clang-tidy-nolint`).
inline constexpr llvm::StringLiteral NolintCheckId = "interlock-nolint";

/// Drops findings silenced by NOLINT comments in their primary file, and adds one
/// `interlock-nolint` error for each unmatched NOLINTBEGIN/NOLINTEND in the files read
/// (the files that have findings, as clang-tidy only looks where it has a diagnostic).
void removeSuppressed(std::vector<Finding> &Findings);

/// True if the comment text of `Line` (or NOLINTNEXTLINE on `Previous`) silences Check.
bool isSuppressed(llvm::StringRef Line, llvm::StringRef Previous, llvm::StringRef Check);

} // namespace interlock

#endif
