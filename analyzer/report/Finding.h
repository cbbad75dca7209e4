//===- Finding.h - The one finding model shared by every Interlock mode ---===//
//
// Static checks, instrumented runs and the stress scheduler all report through this
// model; text, JSON and SARIF output are views of it.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_REPORT_FINDING_H
#define INTERLOCK_REPORT_FINDING_H

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace interlock {

enum class Severity { Warning, Error };

/// How sure the check is that the finding is a real problem; users gate on it
/// (`--min-confidence`). docs/check.md says what each level means, with examples.
enum class Confidence { Low, Medium, High };

llvm::StringRef confidenceName(Confidence C);
std::optional<Confidence> parseConfidence(llvm::StringRef Name);
/// SARIF's `rank` (0-100): high 90, medium 60, low 30.
unsigned sarifRank(Confidence C);

struct SourceLoc {
  std::string File;
  unsigned Line = 0;
  unsigned Column = 0;

  bool valid() const { return !File.empty() && Line != 0; }
  friend bool operator==(const SourceLoc &, const SourceLoc &) = default;
  friend auto operator<=>(const SourceLoc &, const SourceLoc &) = default;
};

/// Another place that explains the finding: the other access, the other lock order,
/// the spawn site. Printed as a `note:`.
struct RelatedLocation {
  SourceLoc Loc;
  std::string Message;
};

struct StackFrame {
  std::string Function;
  SourceLoc Loc;
};

/// A stack captured at run time (dynamic findings only), user frames first.
struct Stack {
  std::string Title;
  std::vector<StackFrame> Frames;
};

struct Finding {
  std::string CheckId; // "interlock-unprotected-shared-state", ...
  Severity Level = Severity::Warning;
  std::string Message;
  SourceLoc Primary;
  std::vector<RelatedLocation> Related;
  std::vector<Stack> Stacks;
  std::optional<uint64_t> Seed; // the stress run that produced it
  std::string Origin = "static"; // "static", "run" or "stress"
  Confidence Conf = Confidence::High;

  /// Stable across runs and unrelated edits elsewhere in the file: check id, file,
  /// message and the related locations' messages, but no line numbers.
  std::string fingerprint() const;
};

/// Sorts by file, line, column, check id and drops exact duplicates, so that output
/// does not depend on the order threads finished.
void normalizeFindings(std::vector<Finding> &Findings);

} // namespace interlock

#endif
