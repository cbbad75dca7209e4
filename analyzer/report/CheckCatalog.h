//===- CheckCatalog.h - What every check id means, for users and SARIF ----===//
//
// The one list of check ids with their descriptions. Static checks, runtime detectors and
// the stress scheduler look their metadata up here; SARIF's `rules` come from it.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_REPORT_CHECKCATALOG_H
#define INTERLOCK_REPORT_CHECKCATALOG_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

namespace interlock {

struct CheckInfo {
  llvm::StringRef Id;
  llvm::StringRef ShortDescription;
  llvm::StringRef FullDescription;
  llvm::StringRef DocPage; // relative to the repository's docs/ folder
};

llvm::ArrayRef<CheckInfo> allChecks();

/// Null for an id the catalog does not know.
const CheckInfo *findCheck(llvm::StringRef Id);

} // namespace interlock

#endif
