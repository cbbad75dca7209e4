//===- rt_fatal.cpp - Write the trace when the program dies ---------------===//
//
// Fatal signals and std::terminate write the trace first, then let the program die the
// way it would have: the previous signal action is restored and the signal re-raised;
// the previous terminate handler is called.
//
//===----------------------------------------------------------------------===//
#include "rt_flags.h"
#include "rt_internal.h"

#include <dlfcn.h>
#include <signal.h>
#include <sys/syscall.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>

using namespace interlock;
using namespace interlock::rt;

extern "C" {
// std::set_terminate, weak so C programs link without libstdc++.
typedef void (*TerminateHandler)();
TerminateHandler _ZSt13set_terminatePFvvE(TerminateHandler) __attribute__((weak));
}

namespace {

constexpr int FatalSignals[] = {SIGSEGV, SIGBUS, SIGFPE,  SIGILL, SIGABRT,
                                SIGTERM, SIGINT, SIGQUIT, SIGALRM, SIGHUP};
struct sigaction Previous[65];
TerminateHandler PreviousTerminate;

uint64_t pcOf(void *Context) {
#if defined(__x86_64__)
  if (Context)
    return (uint64_t)((ucontext_t *)Context)->uc_mcontext.gregs[REG_RIP];
#endif
  return 0;
}

using SigactionFn = int (*)(int, const struct sigaction *, struct sigaction *);

/// libc's sigaction, not TSan's interceptor: TSan defers asynchronous signals until the
/// thread leaves its current interceptor, and a deadlocked thread never does. Our
/// handler is async-signal-safe and never calls into TSan, so it may run at once.
SigactionFn realSigaction() {
  static SigactionFn Real;
  if (!Real) {
    Real = (SigactionFn)dlsym(RTLD_NEXT, "sigaction");
    if (!Real)
      Real = sigaction;
  }
  return Real;
}

void onFatalSignal(int Sig, siginfo_t *, void *Context) {
  writeTraceOnce(trace::ExitReason::Signal, Sig, pcOf(Context));
  realSigaction()(Sig, &Previous[Sig], nullptr);
  // A fault re-executes the instruction under the previous action; others (including
  // an alarm the program never handled) are raised again.
  if (Sig != SIGSEGV && Sig != SIGBUS && Sig != SIGFPE && Sig != SIGILL)
    syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), Sig);
}

void onTerminate() {
  writeTraceOnce(trace::ExitReason::Terminate, 0, 0);
  if (PreviousTerminate)
    PreviousTerminate();
  abort();
}

} // namespace

extern "C" __attribute__((visibility("default"))) void
__interlock_assert_fail(const Site *S) {
  // Inserted before the call to __assert_fail: the abort that follows is then reported
  // at this assert, in this thread, not where other threads happen to wait.
  if (ThreadState *T = currentThread())
    recordEvent(T, EventKind::AssertFail, 0, 0, siteId(S));
}

namespace interlock::rt {

void installFatalHandlers() {
  const Flags &F = flags();
  if (F.handle_signals) {
    for (int Sig : FatalSignals) {
      struct sigaction Act;
      memset(&Act, 0, sizeof(Act));
      Act.sa_sigaction = onFatalSignal;
      Act.sa_flags = SA_SIGINFO | SA_ONSTACK;
      sigemptyset(&Act.sa_mask);
      struct sigaction Old;
      if (realSigaction()(Sig, nullptr, &Old) == 0 && Old.sa_handler == SIG_IGN)
        continue; // the program (or its parent) ignores it: keep it that way
      realSigaction()(Sig, &Act, &Previous[Sig]);
    }
  }
  if (F.handle_terminate && _ZSt13set_terminatePFvvE)
    PreviousTerminate = _ZSt13set_terminatePFvvE(onTerminate);
}

} // namespace interlock::rt
