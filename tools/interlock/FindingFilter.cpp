#include "FindingFilter.h"

#include "checks/CheckRegistry.h"
#include "driver/Config.h"
#include "report/CheckCatalog.h"
#include "report/Nolint.h"

#include "llvm/Support/raw_ostream.h"

#include <CLI/CLI.hpp>

namespace interlock {

void addChecksOption(CLI::App *Command, std::string &Checks) {
  Command->add_option("--checks", Checks,
                      "Comma-separated globs of check ids to report; `-` disables; the "
                      "last matching glob decides (default: interlock-*)");
}

bool validDynamicChecks(llvm::StringRef Checks, llvm::StringRef Who) {
  if (Checks.empty())
    return true;
  std::vector<std::string> Ids;
  for (const CheckInfo &C : allChecks())
    if (C.Id != NolintCheckId)
      Ids.push_back(C.Id.str());
  if (llvm::Error E = driver::validateChecks(Checks, "--checks", /*MustEnableSome=*/true, Ids)) {
    llvm::errs() << Who << ": error: " << llvm::toString(std::move(E)) << '\n';
    return false;
  }
  return true;
}

void filterFindings(llvm::StringRef Checks, std::vector<Finding> &Findings) {
  if (!Checks.empty()) {
    checks::CheckFilter Filter(Checks);
    llvm::erase_if(Findings, [&](const Finding &F) { return !Filter.enabled(F.CheckId); });
  }
  removeSuppressed(Findings);
}

} // namespace interlock
