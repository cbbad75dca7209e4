//===- Check.h - What every check is: a reader of the linked program ------===//
#ifndef INTERLOCK_CHECKS_CHECK_H
#define INTERLOCK_CHECKS_CHECK_H

#include "program/Program.h"
#include "report/Finding.h"

#include "llvm/ADT/StringRef.h"

#include <vector>

namespace interlock::checks {

class Check {
public:
  virtual ~Check() = default;
  /// The check id, `interlock-...`; its metadata lives in report/CheckCatalog.
  virtual llvm::StringRef id() const = 0;
  /// Appends this check's findings about the linked program.
  virtual void run(const program::Program &P, std::vector<Finding> &Out) = 0;
};

} // namespace interlock::checks

#endif
