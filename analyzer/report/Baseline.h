//===- Baseline.h - Findings accepted today, so that only new ones fail ---===//
//
// A baseline is the fingerprints of the findings a codebase has when it adopts Interlock
// (`--write-baseline=FILE`); `--baseline=FILE` then reports, and fails on, only findings
// whose fingerprint is not in it. docs/baseline.md documents the file and the workflow.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_REPORT_BASELINE_H
#define INTERLOCK_REPORT_BASELINE_H

#include "report/Finding.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <set>
#include <string>
#include <vector>

namespace interlock {

struct Baseline {
  std::set<std::string> Fingerprints;
};

/// `{"version": 1, "findings": [{"fingerprint", "check", "file", "message"}, ...]}`,
/// sorted by file, check and fingerprint so that a change reads well in a diff. The file
/// is relative to ProjectRoot; it and the message are for people, only the fingerprint
/// is compared.
void emitBaseline(llvm::raw_ostream &OS, llvm::ArrayRef<Finding> Findings,
                  llvm::StringRef ProjectRoot);

/// Reads what emitBaseline writes, and also Interlock's findings JSON (`--format=json`)
/// or SARIF (`partialFingerprints.interlockFingerprint/v2`), so that a saved report can
/// serve as a baseline.
llvm::Expected<Baseline> parseBaseline(llvm::StringRef Text);
llvm::Expected<Baseline> readBaseline(llvm::StringRef Path);

struct BaselineResult {
  unsigned Known = 0; // findings left out: their fingerprint is in the baseline
  unsigned Stale = 0; // baseline entries no finding matched (fixed, or moved files)
};

/// Removes the findings whose Fingerprint (assignFingerprints) is in B.
BaselineResult applyBaseline(std::vector<Finding> &Findings, const Baseline &B);

} // namespace interlock

#endif
