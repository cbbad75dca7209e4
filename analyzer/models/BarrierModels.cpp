#include "models/BarrierModels.h"
#include "models/Names.h"

#include "clang/AST/ExprCXX.h"

using namespace clang;

namespace interlock::models {

std::optional<BarrierCall> classifyBarrier(const CallExpr *C) {
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(C)) {
    const CXXMethodDecl *MD = MC->getMethodDecl();
    if (!MD || !MD->getIdentifier())
      return std::nullopt;
    bool Barrier = isStdClass(MD->getParent(), {"barrier"});
    bool Latch = isStdClass(MD->getParent(), {"latch"});
    if (!Barrier && !Latch)
      return std::nullopt;
    BarrierCall B;
    B.Obj = MC->getImplicitObjectArgument();
    if (const auto *ME = dyn_cast<MemberExpr>(MC->getCallee()->IgnoreParens()))
      B.ObjIsPointer = ME->isArrow();
    B.Phased = Barrier;
    llvm::StringRef Name = MD->getName();
    B.Arrive = isOneOf(Name, {"arrive_and_wait", "arrive", "arrive_and_drop", "count_down"});
    B.Wait = isOneOf(Name, {"arrive_and_wait", "wait"});
    // arrive_and_drop changes the number of participants; arrive/wait split a phase.
    // Both are recorded (they break the lockstep rule), the rest (try_wait) ignored.
    if (!B.Arrive && !B.Wait)
      return std::nullopt;
    return B;
  }
  if (isCFunction(C->getDirectCallee(), {"pthread_barrier_wait"}) && C->getNumArgs() == 1)
    return BarrierCall{C->getArg(0), true, true, true, true};
  return std::nullopt;
}

} // namespace interlock::models
