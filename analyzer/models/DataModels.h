//===- DataModels.h - Which memory is data, and what container calls do --===//
//
// Atomics, locks, condition variables and thread handles are synchronization, not data;
// thread_local variables are never shared; globals of the system headers (std::cout,
// errno) are the library's business. std containers' member functions read or write the
// container object as a whole.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_MODELS_DATAMODELS_H
#define INTERLOCK_MODELS_DATAMODELS_H

#include "clang/AST/Decl.h"
#include "clang/AST/ExprCXX.h"

#include <optional>
#include <vector>

namespace interlock::models {

/// std::atomic, atomic_flag, _Atomic, mutexes, condition variables, once_flag, thread
/// handles, latches, barriers, semaphores: accesses to them are not data races.
bool isSynchronizationType(clang::QualType T);

/// True for a std container (vector, deque, list, queue, stack, map, set, unordered_*,
/// basic_string, priority_queue, ...).
bool isStdContainer(const clang::CXXRecordDecl *RD);

/// For a member call on a std container: true if it writes the container, false if it
/// only reads it; nullopt if the call is not a container member call.
std::optional<bool> containerCallWrites(const clang::CXXMemberCallExpr *C);
std::optional<bool> containerOperatorWrites(const clang::CXXOperatorCallExpr *C);

/// Free functions of the library that neither read nor write through their reference
/// arguments in a way that matters here (std::move, std::ref, std::addressof, ...).
bool isTransparentLibraryCall(const clang::FunctionDecl *FD);

/// What a C library function does to the memory its pointer arguments point to: the
/// argument index and whether it writes (memset, memcpy's destination, read()'s
/// buffer, free) or reads (memcpy's source, strlen). Empty for anything else.
struct PointeeEffect {
  unsigned Arg;
  bool Write;
};
std::vector<PointeeEffect> libraryPointeeEffects(const clang::FunctionDecl *FD);

} // namespace interlock::models

#endif
