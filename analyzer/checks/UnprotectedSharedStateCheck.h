//===- UnprotectedSharedStateCheck.h - interlock-unprotected-shared-state -===//
//
// Finds shared state that two threads may access in parallel, at least one writing,
// without holding a lock in common: a data race. No annotations needed.
// User page: docs/checks/unprotected-shared-state.md.
// Test: tests/analyzer/checks/unprotected-shared-state*.cpp.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_CHECKS_UNPROTECTEDSHAREDSTATECHECK_H
#define INTERLOCK_CHECKS_UNPROTECTEDSHAREDSTATECHECK_H

#include "checks/Check.h"

namespace interlock::checks {

class UnprotectedSharedStateCheck : public Check {
public:
  llvm::StringRef id() const override { return "interlock-unprotected-shared-state"; }
  void run(const program::Program &P, std::vector<Finding> &Out) override;
};

} // namespace interlock::checks

#endif
