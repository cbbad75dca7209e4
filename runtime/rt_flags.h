//===- rt_flags.h - Runtime options (see rt_flags.inc) --------------------===//
#ifndef INTERLOCK_RT_FLAGS_H
#define INTERLOCK_RT_FLAGS_H

namespace interlock::rt {

struct Flags {
#define INTERLOCK_FLAG(Type, Name, Default, Help) Type Name = Default;
#include "rt_flags.inc"
#undef INTERLOCK_FLAG
};

/// Parsed from INTERLOCK_OPTIONS on first use; safe to call from any thread.
const Flags &flags();

} // namespace interlock::rt

#endif
