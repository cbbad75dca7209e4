//===- CvWaitWithoutPredicateCheck.h - interlock-cv-wait-without-predicate ---===//
//
// Finds condition-variable waits with no predicate that no loop re-checks: they miss spurious
// wake-ups and notifications sent before the wait.
// User page: docs/checks/cv-wait-without-predicate.md. Tests: tests/analyzer/checks/cv-wait-without-predicate/.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_CHECKS_CVWAITWITHOUTPREDICATECHECK_H
#define INTERLOCK_CHECKS_CVWAITWITHOUTPREDICATECHECK_H

#include "checks/Check.h"

namespace interlock::checks {

class CvWaitWithoutPredicateCheck : public Check {
public:
  llvm::StringRef id() const override { return "interlock-cv-wait-without-predicate"; }
  void run(const program::Program &P, std::vector<Finding> &Out) override;
};

} // namespace interlock::checks

#endif
