//===- LockLeakCheck.h - interlock-lock-leak ---===//
//
// Finds a mutex locked by hand that may still be held on some way out of the function (but
// not on all of them, which is a lock wrapper's contract).
// User page: docs/checks/lock-leak.md. Tests: tests/analyzer/checks/lock-leak/.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_CHECKS_LOCKLEAKCHECK_H
#define INTERLOCK_CHECKS_LOCKLEAKCHECK_H

#include "checks/Check.h"

namespace interlock::checks {

class LockLeakCheck : public Check {
public:
  llvm::StringRef id() const override { return "interlock-lock-leak"; }
  void run(const program::Program &P, std::vector<Finding> &Out) override;
};

} // namespace interlock::checks

#endif
