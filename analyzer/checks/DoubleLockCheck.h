//===- DoubleLockCheck.h - interlock-double-lock ---===//
//
// Finds a non-recursive mutex locked again by the thread that already holds it, directly or in
// a function called while it is held: a self-deadlock.
// User page: docs/checks/double-lock.md. Tests: tests/analyzer/checks/double-lock/.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_CHECKS_DOUBLELOCKCHECK_H
#define INTERLOCK_CHECKS_DOUBLELOCKCHECK_H

#include "checks/Check.h"

namespace interlock::checks {

class DoubleLockCheck : public Check {
public:
  llvm::StringRef id() const override { return "interlock-double-lock"; }
  void run(const program::Program &P, std::vector<Finding> &Out) override;
};

} // namespace interlock::checks

#endif
