//===- LockOrderInversionCheck.h - interlock-lock-order-inversion ---===//
//
// Finds cycles in the lock-order graph whose acquisitions can run in different threads at once
// and share no gate lock: potential deadlocks, across functions and translation units.
// User page: docs/checks/lock-order-inversion.md. Tests: tests/analyzer/checks/lock-order-inversion/.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_CHECKS_LOCKORDERINVERSIONCHECK_H
#define INTERLOCK_CHECKS_LOCKORDERINVERSIONCHECK_H

#include "checks/Check.h"

namespace interlock::checks {

class LockOrderInversionCheck : public Check {
public:
  llvm::StringRef id() const override { return "interlock-lock-order-inversion"; }
  void run(const program::Program &P, std::vector<Finding> &Out) override;
};

} // namespace interlock::checks

#endif
