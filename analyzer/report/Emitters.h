//===- Emitters.h - Views of the finding model: text, JSON, SARIF ---------===//
#ifndef INTERLOCK_REPORT_EMITTERS_H
#define INTERLOCK_REPORT_EMITTERS_H

#include "report/Finding.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace interlock {

enum class OutputFormat { Text, Json, Sarif };

std::optional<OutputFormat> parseOutputFormat(llvm::StringRef Name);

/// How the work behind the findings ended, for `run`, `replay`, `stress` and `check` (JSON:
/// `"program"` and `"interrupted"`; SARIF: the run's `properties` and `invocations`).
struct RunStatus {
  std::optional<int> ProgramExitStatus; // the program's own exit status
  std::string ProgramSignal;            // "SIGSEGV": the signal that ended the program
  std::string Interrupted;              // "SIGINT": interlock was; the findings are partial
  /// `check`: files that could not be analysed and why (SARIF:
  /// toolExecutionNotifications, executionSuccessful false).
  std::vector<std::pair<std::string, std::string>> Failures;
  /// "check", "run", "stress", "replay": SARIF's automationDetails.id is
  /// `interlock/COMMAND/`.
  std::string Command;
  /// SARIF's %SRCROOT%: URIs of files under it are relative to it. Empty: the current
  /// directory.
  std::string ProjectRoot;
  /// `stress`: the complete runs, the base seed, and "K/N" for one shard of a split
  /// stress (JSON: `"stress"`; SARIF: the run's properties). `interlock merge` reads them.
  std::optional<uint64_t> StressRuns;
  std::optional<uint64_t> BaseSeed;
  std::string Shard;
};

/// The project root fingerprints and SARIF URIs are relative to: Explicit
/// (`--project-root`) when given, else the directory of the compilation database, else
/// the current directory; absolute, without dots.
std::string projectRoot(llvm::StringRef Explicit, llvm::StringRef DatabaseDir);

/// Clang's diagnostic format, `file:line:col: warning: message [check-id]`, with the
/// source line and a caret, then a `note:` for each related location.
void emitText(llvm::raw_ostream &OS, llvm::ArrayRef<Finding> Findings, bool Color);

llvm::json::Value toJSON(const Finding &F);
/// `{"version": 1, "findings": [...]}`.
void emitJson(llvm::raw_ostream &OS, llvm::ArrayRef<Finding> Findings,
              const RunStatus *Status = nullptr);
/// Accepts what emitJson writes, or a bare array of findings.
llvm::Expected<std::vector<Finding>> parseFindingsJson(llvm::StringRef Text);

/// SARIF 2.1.0 with one run, rules from the check catalog (helpUri: the check's page),
/// relatedLocations, partialFingerprints and URIs relative to %SRCROOT%.
void emitSarif(llvm::raw_ostream &OS, llvm::ArrayRef<Finding> Findings,
               llvm::StringRef ToolVersion, const RunStatus *Status = nullptr);

/// Writes in the chosen format (text shows no RunStatus: the commands say it on stderr).
void emitFindings(llvm::raw_ostream &OS, OutputFormat Format,
                  llvm::ArrayRef<Finding> Findings, bool Color,
                  const RunStatus *Status = nullptr);

} // namespace interlock

#endif
