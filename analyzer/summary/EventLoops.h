//===- EventLoops.h - Library functions that run registered callbacks ----===//
//
// Callbacks handed to an event library (`event_set(&ev, fd, flags, handler, arg)`) run
// inside the thread that runs that library's loop (`event_base_loop`). The recorder
// keeps calls to such loops in the summary, and the walk calls the library's callbacks
// there (docs/check.md, "Callbacks"). The library is told by the functions' common name
// prefix (`event_`).
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_SUMMARY_EVENTLOOPS_H
#define INTERLOCK_SUMMARY_EVENTLOOPS_H

#include "llvm/ADT/StringRef.h"

#include <string>

namespace interlock::summary {

/// The library a C function belongs to by its name's prefix (`event_` of `event_set`),
/// or "" for a name without one.
inline llvm::StringRef libraryPrefix(llvm::StringRef Name) {
  size_t Underscore = Name.find('_');
  if (Underscore == llvm::StringRef::npos || Underscore < 2)
    return "";
  return Name.take_front(Underscore + 1);
}

/// A library function that runs its callbacks until stopped (`event_base_loop`,
/// `event_base_dispatch`, `ev_run`), not one that stops it (`event_base_loopexit`).
inline bool runsEventLoop(llvm::StringRef Name) {
  std::string Lower = Name.lower();
  llvm::StringRef L(Lower);
  if (libraryPrefix(L).empty() || L.contains("exit") || L.contains("break") ||
      L.contains("stop"))
    return false;
  return L.contains("loop") || L.contains("dispatch") || L.ends_with("_run");
}

} // namespace interlock::summary

#endif
