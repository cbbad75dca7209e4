//===- rt_sched_log.h - The scheduler's run log -----------------------------===//
//
// INTERLOCK_SCHED_LOG names a text file the scheduler appends to, one record a line,
// written with raw write(2) calls so that nothing is lost when the program aborts or is
// killed. `interlock stress` and `interlock replay` read it (tools/interlock/stress/
// SchedLog.cpp); docs/stress.md documents it:
//
//   # interlock-sched strategy=pct depth=2 steps=16 seed=42 spurious=0 watchdog_ms=100
//   D <step> <tid> <wait>                 a decision: <tid> got the turn, it waited for <wait>
//   W <tid> <state> <ms> <next>           the watchdog let <tid> go after <ms> ms in <state>
//   X <cycle|double-lock|stall>           no thread can run; then one B line per thread:
//   B <tid> <wait> <obj> <mutex> <holder> <holder-ended>
//   C <tid> <tid> ...                     the wait-for cycle, each waits for the next
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_RT_SCHED_LOG_H
#define INTERLOCK_RT_SCHED_LOG_H

#include <stddef.h>
#include <stdint.h>

namespace interlock::rt::sched {

/// A fixed buffer line builder: no allocation, no libc formatting.
class LogLine {
public:
  LogLine &str(const char *S) {
    while (S && *S && Len < sizeof(Buf) - 1)
      Buf[Len++] = *S++;
    return *this;
  }
  LogLine &ch(char C) {
    if (Len < sizeof(Buf) - 1)
      Buf[Len++] = C;
    return *this;
  }
  LogLine &num(uint64_t V) {
    char Tmp[24];
    int N = 0;
    do {
      Tmp[N++] = char('0' + V % 10);
      V /= 10;
    } while (V);
    while (N)
      ch(Tmp[--N]);
    return *this;
  }
  LogLine &hex(uint64_t V) {
    str("0x");
    char Tmp[20];
    int N = 0;
    do {
      Tmp[N++] = "0123456789abcdef"[V & 15];
      V >>= 4;
    } while (V);
    while (N)
      ch(Tmp[--N]);
    return *this;
  }
  LogLine &sp() { return ch(' '); }
  const char *data() const { return Buf; }
  size_t size() const { return Len; }

private:
  char Buf[256];
  size_t Len = 0;
};

/// Appends Line plus a newline to the log (no-op without a log).
void writeLog(LogLine &Line);

} // namespace interlock::rt::sched

#endif
