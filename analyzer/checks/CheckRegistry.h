//===- CheckRegistry.h - The one list of static checks, and --checks globs -===//
#ifndef INTERLOCK_CHECKS_CHECKREGISTRY_H
#define INTERLOCK_CHECKS_CHECKREGISTRY_H

#include "checks/Check.h"

#include <memory>
#include <string>
#include <vector>

namespace interlock::checks {

/// clang-tidy's glob list: comma-separated globs with `*`, a leading `-` disables; the
/// last glob that matches an id decides.
class CheckFilter {
public:
  explicit CheckFilter(llvm::StringRef Globs = "interlock-*");
  bool enabled(llvm::StringRef Id) const;

private:
  std::vector<std::pair<std::string, bool>> Globs;
};

/// Ids of every static check, in registration order.
std::vector<std::string> staticCheckIds();

/// Instances of the enabled checks.
std::vector<std::unique_ptr<Check>> createChecks(const CheckFilter &Filter);

} // namespace interlock::checks

#endif
