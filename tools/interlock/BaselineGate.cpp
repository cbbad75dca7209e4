#include "BaselineGate.h"

#include "llvm/Support/raw_ostream.h"

#include <CLI/CLI.hpp>

namespace interlock {

void addBaselineOptions(CLI::App *Command, BaselineArgs &Args) {
  Command->add_option("--baseline", Args.Read,
                      "Report (and fail on) only findings whose fingerprint is not in FILE "
                      "(see docs/baseline.md)");
  Command->add_option("--write-baseline", Args.Write,
                      "Record today's findings in FILE as the baseline; they are not reported");
}

bool BaselineGate::open(const BaselineArgs &A, llvm::StringRef Name) {
  Args = A;
  Who = Name.str();
  if (!Args.Read.empty()) {
    llvm::Expected<Baseline> B = readBaseline(Args.Read);
    if (!B) {
      llvm::errs() << Who << ": --baseline: " << llvm::toString(B.takeError()) << '\n';
      return false;
    }
    Known = std::move(*B);
  }
  if (!Args.Write.empty()) {
    if (Args.Write == "-") {
      llvm::errs() << Who << ": --write-baseline needs a file, not stdout\n";
      return false;
    }
    auto F = OutputFile::open(Args.Write);
    if (!F) {
      llvm::errs() << Who << ": --write-baseline: " << llvm::toString(F.takeError()) << '\n';
      return false;
    }
    Out = std::move(*F);
  }
  return true;
}

void BaselineGate::apply(std::vector<Finding> &Findings, llvm::StringRef ProjectRoot) {
  if (Out) {
    emitBaseline(Out->os(), Findings, ProjectRoot);
    Written = Findings.size();
    Findings.clear();
    return;
  }
  if (Known)
    Result = applyBaseline(Findings, *Known);
}

bool BaselineGate::commit(bool Quiet) {
  if (Out) {
    if (llvm::Error E = Out->commit()) {
      llvm::errs() << Who << ": " << llvm::toString(std::move(E)) << '\n';
      return false;
    }
    if (!Quiet)
      llvm::errs() << Who << ": wrote " << Written << " finding(s) to the baseline '"
                   << Args.Write << "'\n";
    return true;
  }
  if (Known && !Quiet && (Result.Known || Result.Stale)) {
    llvm::errs() << Who << ": " << Result.Known << " finding(s) in the baseline '" << Args.Read
                 << "' not shown";
    if (Result.Stale)
      llvm::errs() << "; " << Result.Stale
                   << " baseline entr" << (Result.Stale == 1 ? "y" : "ies")
                   << " no longer found (fixed? --write-baseline drops them)";
    llvm::errs() << '\n';
  }
  return true;
}

} // namespace interlock
