//===- MissingJoinCheck.h - interlock-missing-join ---===//
//
// Finds threads that may outlive whoever must join them: a joinable std::thread destroyed or
// move-assigned on some path, member and container threads no destructor joins, pthreads never
// joined or detached, and detached threads that use locals of a function that may return.
// User page: docs/checks/missing-join.md. Tests: tests/analyzer/checks/missing-join/.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_CHECKS_MISSINGJOINCHECK_H
#define INTERLOCK_CHECKS_MISSINGJOINCHECK_H

#include "checks/Check.h"

namespace interlock::checks {

class MissingJoinCheck : public Check {
public:
  llvm::StringRef id() const override { return "interlock-missing-join"; }
  void run(const program::Program &P, std::vector<Finding> &Out) override;
};

} // namespace interlock::checks

#endif
