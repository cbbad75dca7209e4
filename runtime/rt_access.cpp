//===- rt_access.cpp - The hooks of access points and exits ---------------===//
//
// The pass (instrument/AccessHooks.h) calls __interlock_access only when
// __interlock_sched_access is set, and __interlock_exit_point before main returns or
// the program calls exit. Both only matter to the scheduler (rt_sched.cpp): nothing is
// recorded in the trace.
//
//===----------------------------------------------------------------------===//
#include "rt_internal.h"
#include "rt_sched.h"

extern "C" {

__attribute__((visibility("default"))) uint8_t __interlock_sched_access;
__attribute__((visibility("default"))) uint8_t __interlock_sched_active;

__attribute__((visibility("default"))) void __interlock_access(const interlock::rt::Site *S) {
  interlock::rt::schedAccess(S);
}

__attribute__((visibility("default"))) void __interlock_exit_point(const interlock::rt::Site *) {
  if (interlock::rt::SchedActive)
    interlock::rt::schedExitPoint();
}

} // extern "C"
