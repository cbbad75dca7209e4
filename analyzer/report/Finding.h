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
  /// The function the primary location is in (`Account::deposit`, `lambda`): filled by
  /// the driver for static findings; dynamic ones use their first stack's top frame.
  std::string Function;
  /// What names this finding besides its check, file and function, when the message
  /// holds more (counts such as "in 3 of 4 places" that change with edits elsewhere):
  /// the normalised accessed expression, lock names. Empty: the message is used.
  std::vector<std::string> Key;
  /// Set by assignFingerprints(); emitters and baselines use it.
  std::string Fingerprint;

  /// Stable across machines, checkouts, reruns and edits that move lines: check id,
  /// file relative to ProjectRoot, function, Key (or the message with addresses,
  /// thread numbers and counts normalised), and the first related location's file and
  /// message alike. No line numbers, absolute paths, addresses or counts.
  std::string fingerprint(llvm::StringRef ProjectRoot = "") const;
};

/// Sets every finding's Fingerprint: fingerprint(ProjectRoot), and findings that share
/// one get an occurrence suffix (`~2`, `~3`) in order of their location, so two races
/// on one variable in one function stay distinct and keep their identity when lines move.
void assignFingerprints(std::vector<Finding> &Findings, llvm::StringRef ProjectRoot);

/// File as seen from Root (both made absolute, dots removed), with `/` separators; a
/// file outside Root is reached through `..`. Empty Root: the current directory.
std::string relativePath(llvm::StringRef File, llvm::StringRef Root);

/// The text a fingerprint hashes: hexadecimal addresses, thread numbers (`T3`) and
/// numbers standing alone become `#`; the race check's "; N more racy accesses not
/// shown" is dropped.
std::string normalizeForFingerprint(llvm::StringRef Text);

/// Sorts by file, line, column, check id and drops exact duplicates, so that output
/// does not depend on the order threads finished.
void normalizeFindings(std::vector<Finding> &Findings);

} // namespace interlock

#endif
