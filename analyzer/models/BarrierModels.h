//===- BarrierModels.h - Barriers and latches: ordering points ------------===//
//
// pthread_barrier_wait and std::barrier::arrive_and_wait (arrive, then wait for the
// phase to complete); std::latch::count_down (arrive), wait (wait) and arrive_and_wait
// (both). What they order is decided in program/Concurrency.cpp.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_MODELS_BARRIERMODELS_H
#define INTERLOCK_MODELS_BARRIERMODELS_H

#include "clang/AST/Expr.h"

#include <optional>

namespace interlock::models {

struct BarrierCall {
  const clang::Expr *Obj = nullptr;
  bool ObjIsPointer = false;
  bool Arrive = false;
  bool Wait = false;
  bool Phased = false; // reusable (a barrier), not single-use (a latch)
};

std::optional<BarrierCall> classifyBarrier(const clang::CallExpr *C);

} // namespace interlock::models

#endif
