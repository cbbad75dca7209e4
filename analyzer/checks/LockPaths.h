//===- LockPaths.h - Explaining locks and call paths in findings ----------===//
//
// Shared by the lock checks: what users call a concrete lock (`a.mu`, `bank.m1`,
// `DBImpl::mutex_`), where a held lock was acquired, and the calls that lead from there
// to a later acquisition, as notes.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_CHECKS_LOCKPATHS_H
#define INTERLOCK_CHECKS_LOCKPATHS_H

#include "program/Program.h"
#include "report/Finding.h"

#include <optional>
#include <string>

namespace interlock::checks {

/// `a.mu` for a member of a local `a`, `m` for a global, `Class::field` for a member of
/// an object the analysis could not name.
std::string lockName(llvm::StringRef ConcretePath);

/// A function's name without its qualification: `withdraw`, `lambda`.
std::string shortName(llvm::StringRef QualifiedName);

/// The latest acquisition of Lock before acquisition Index, in the same thread and in
/// the frame of Index or one of its callers.
std::optional<unsigned> outerAcquisition(const program::Program &P, unsigned Index,
                                         llvm::StringRef Lock);

/// Notes "`f` called here while `L` is held" for each call from frame From (exclusive)
/// down to frame To (inclusive).
void addCallNotes(const program::Program &P, unsigned From, unsigned To,
                  llvm::StringRef HeldName, std::vector<RelatedLocation> &Out);

} // namespace interlock::checks

#endif
