//===- rt_frame.cpp - Locals dying while a thread may still use them ------===//
//
// The pass calls __interlock_frame_end where an escaped local of a thread-starting
// function goes out of scope (instrument/FrameEnds.h). TSan knows nothing of stack
// lifetimes, so the death is reported to it as a write of the whole local, at the
// user's code location: an access by a thread that was not joined before that point
// is then a data race TSan reports, and the trace's frame-end event (keyed by the same
// return address) lets `interlock run` name it as a thread outliving the local.
//
//===----------------------------------------------------------------------===//
#include "rt_internal.h"

extern "C" void __tsan_write_range_pc(void *Addr, unsigned long Size, void *Pc)
    __attribute__((weak));

using namespace interlock;
using namespace interlock::rt;

extern "C" __attribute__((visibility("default"))) void
__interlock_frame_end(void *Local, uint64_t Size, const Site *S) {
  void *Pc = __builtin_return_address(0);
  if (__tsan_write_range_pc)
    __tsan_write_range_pc(Local, Size, Pc);
  if (ThreadState *T = currentThread())
    recordEvent(T, EventKind::FrameEnd, (uintptr_t)Pc, 0, siteId(S));
}
