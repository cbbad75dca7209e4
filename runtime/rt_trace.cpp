//===- rt_trace.cpp - Per-thread event buffers and the trace file ---------===//
//
// Each thread appends 16-byte events to its own chain of mmap'd chunks: only the owner
// writes, the count is published with a release store, so the writer at exit (or in a
// signal handler) reads every published event without a lock. Chunks are never reused,
// so no event is ever overwritten or dropped while memory lasts.
//
//===----------------------------------------------------------------------===//
#include "rt_flags.h"
#include "rt_internal.h"

#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

using namespace interlock;
using namespace interlock::rt;

namespace interlock::rt {

long sysWrite(int Fd, const void *Buf, size_t N) { return syscall(SYS_write, Fd, Buf, N); }
long sysRead(int Fd, void *Buf, size_t N) { return syscall(SYS_read, Fd, Buf, N); }
int sysOpen(const char *Path, int Flags, int Mode) {
  return (int)syscall(SYS_openat, AT_FDCWD, Path, Flags, Mode);
}
void sysClose(int Fd) { syscall(SYS_close, Fd); }
uint64_t sysGettid() { return (uint64_t)syscall(SYS_gettid); }

void *rawAlloc(size_t Bytes) {
  void *P = (void *)syscall(SYS_mmap, nullptr, Bytes, PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  return (long)P < 0 && (long)P > -4096 ? nullptr : P;
}

} // namespace interlock::rt

namespace {

uint64_t StartTsc, StartMonoNs, StartRealNs;
uint32_t Dropped;
int Initialized; // 0 no, 1 in progress, 2 yes

uint64_t monoNs() {
  struct timespec Ts;
  clock_gettime(CLOCK_MONOTONIC, &Ts);
  return uint64_t(Ts.tv_sec) * 1000000000ull + uint64_t(Ts.tv_nsec);
}

inline uint64_t rawTicks() {
#if defined(__x86_64__)
  return __builtin_ia32_rdtsc();
#else
  return monoNs();
#endif
}

struct SiteTable {
  Site *Sites;
  uint64_t Count;
};
constexpr unsigned MaxTables = 4096;
SiteTable Tables[MaxTables];
uint32_t NumTables;
uint32_t NextSiteId = 1;

Chunk *newChunk() {
  uint32_t Capacity = (uint32_t)flags().chunk_events;
  if (Capacity < 64)
    Capacity = 64;
  // Populated at once: one system call instead of a page fault per 4 KiB later.
  size_t Bytes = sizeof(Chunk) + sizeof(trace::Event) * Capacity;
  void *P = (void *)syscall(SYS_mmap, nullptr, Bytes, PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
  auto *C = (long)P < 0 && (long)P > -4096 ? nullptr : (Chunk *)P;
  if (C)
    C->Capacity = Capacity;
  return C;
}

// ---- The writer: a small buffer over raw write(2). ----

struct Writer {
  int Fd = -1;
  char Buf[1 << 16];
  size_t Len = 0;

  void flush() {
    size_t Off = 0;
    while (Off < Len) {
      long N = sysWrite(Fd, Buf + Off, Len - Off);
      if (N <= 0)
        break;
      Off += size_t(N);
    }
    Len = 0;
  }
  void put(const void *Data, size_t N) {
    const char *P = (const char *)Data;
    if (N > sizeof(Buf)) {
      flush();
      while (N) {
        long W = sysWrite(Fd, P, N);
        if (W <= 0)
          return;
        P += W;
        N -= size_t(W);
      }
      return;
    }
    if (Len + N > sizeof(Buf))
      flush();
    memcpy(Buf + Len, P, N);
    Len += N;
  }
  void section(trace::SectionType T, uint64_t Size) {
    trace::SectionHeader H{uint32_t(T), 0, Size};
    put(&H, sizeof(H));
  }
};
Writer TheWriter;

void expandPath(const char *Pattern, char *Out, size_t OutSize) {
  size_t J = 0;
  for (size_t I = 0; Pattern[I] && J + 24 < OutSize; ++I) {
    if (Pattern[I] == '%' && Pattern[I + 1] == 'p') {
      char Digits[24];
      int N = 0;
      unsigned long Pid = (unsigned long)getpid();
      do {
        Digits[N++] = char('0' + Pid % 10);
        Pid /= 10;
      } while (Pid);
      while (N)
        Out[J++] = Digits[--N];
      ++I;
    } else {
      Out[J++] = Pattern[I];
    }
  }
  Out[J] = '\0';
}

void writeSites(Writer &W) {
  uint64_t Size = 0;
  uint32_t N = __atomic_load_n(&NumTables, __ATOMIC_ACQUIRE);
  for (uint32_t T = 0; T < N; ++T)
    for (uint64_t I = 0; I < Tables[T].Count; ++I) {
      const Site &S = Tables[T].Sites[I];
      Size += sizeof(trace::SiteRecord) + strlen(S.File ? S.File : "") +
              strlen(S.Function ? S.Function : "");
    }
  W.section(trace::SectionType::Sites, Size);
  for (uint32_t T = 0; T < N; ++T)
    for (uint64_t I = 0; I < Tables[T].Count; ++I) {
      const Site &S = Tables[T].Sites[I];
      const char *File = S.File ? S.File : "", *Func = S.Function ? S.Function : "";
      trace::SiteRecord R{S.Id, S.Line, S.Column, S.Flags, (uint32_t)strlen(File),
                          (uint32_t)strlen(Func)};
      W.put(&R, sizeof(R));
      W.put(File, R.FileLen);
      W.put(Func, R.FunctionLen);
    }
}

void writeThread(Writer &W, ThreadState *T) {
  // Snapshot the published counts first so the header and the payload agree.
  uint64_t Total = 0;
  for (Chunk *C = __atomic_load_n(&T->Head, __ATOMIC_ACQUIRE); C;
       C = __atomic_load_n(&C->Next, __ATOMIC_ACQUIRE))
    Total += __atomic_load_n(&C->Count, __ATOMIC_ACQUIRE);
  // An acquisition not written yet, and a lock call still in progress (a thread
  // blocked now) as its attempt event.
  bool Deferred = __atomic_load_n(&T->DeferredActive, __ATOMIC_ACQUIRE);
  trace::Event DeferredEvent = trace::Event::make(EventKind::LockAcquired, T->DeferredObj,
                                                  T->DeferredFlags, T->DeferredTicks,
                                                  T->DeferredSite);
  bool Pending = __atomic_load_n(&T->PendingActive, __ATOMIC_ACQUIRE);
  trace::Event PendingEvent = trace::Event::make(EventKind::LockAttempt, T->PendingObj,
                                                 T->PendingFlags, T->PendingTicks,
                                                 T->PendingSite);
  trace::ThreadRecord R{T->Tid, T->ParentTid, T->OsTid, T->CreateSite, T->Flags,
                        Total + (Deferred ? 1 : 0) + (Pending ? 1 : 0)};
  W.section(trace::SectionType::Thread, sizeof(R) + R.NumEvents * sizeof(trace::Event));
  W.put(&R, sizeof(R));
  uint64_t Left = Total;
  for (Chunk *C = __atomic_load_n(&T->Head, __ATOMIC_ACQUIRE); C && Left;
       C = __atomic_load_n(&C->Next, __ATOMIC_ACQUIRE)) {
    uint64_t N = __atomic_load_n(&C->Count, __ATOMIC_ACQUIRE);
    if (N > Left)
      N = Left;
    W.put(C->Events, N * sizeof(trace::Event));
    Left -= N;
  }
  if (Deferred)
    W.put(&DeferredEvent, sizeof(DeferredEvent));
  if (Pending)
    W.put(&PendingEvent, sizeof(PendingEvent));
  // Pad if a chunk grew between the two passes shrank (cannot happen: counts only grow).
}

void writeMaps(Writer &W) {
  static char Maps[1 << 18];
  size_t Len = 0;
  int Fd = sysOpen("/proc/self/maps", O_RDONLY, 0);
  if (Fd >= 0) {
    long N;
    while (Len < sizeof(Maps) && (N = sysRead(Fd, Maps + Len, sizeof(Maps) - Len)) > 0)
      Len += size_t(N);
    sysClose(Fd);
  }
  W.section(trace::SectionType::Maps, Len);
  W.put(Maps, Len);
}

int WriteState; // 0 not yet, 1 writing, 2 written
int ForkedChild; // this process is a fork() of the one that started the trace

void onForkChild() { ForkedChild = 1; }

} // namespace

namespace interlock::rt {

uint64_t nowTicks() { return rawTicks() - StartTsc; }

void recordEvent(ThreadState *T, EventKind K, uint64_t Obj, uint8_t Flags, uint32_t Site) {
  recordEventAt(T, K, Obj, Flags, Site, nowTicks());
}

void recordEventAt(ThreadState *T, EventKind K, uint64_t Obj, uint8_t Flags, uint32_t Site,
                   uint64_t Ticks) {
  flushDeferred(T);
  appendEvent(T, trace::Event::make(K, Obj, Flags, Ticks, Site));
}

void flushDeferred(ThreadState *T) {
  if (!T->DeferredActive)
    return;
  // Append first, then clear: the trace writer may run in between (a signal) and
  // must not lose the event; at worst it writes it twice.
  appendEvent(T, trace::Event::make(EventKind::LockAcquired, T->DeferredObj,
                                    T->DeferredFlags, T->DeferredTicks, T->DeferredSite));
  __atomic_store_n(&T->DeferredActive, 0, __ATOMIC_RELEASE);
}

void appendEvent(ThreadState *T, trace::Event E) {
  Chunk *C = T->Current;
  uint32_t N = C ? C->Count : 0;
  if (!C || N == C->Capacity) {
    Chunk *Fresh = newChunk();
    if (!Fresh) {
      __atomic_fetch_add(&Dropped, 1, __ATOMIC_RELAXED);
      return;
    }
    if (C)
      __atomic_store_n(&C->Next, Fresh, __ATOMIC_RELEASE);
    else
      __atomic_store_n(&T->Head, Fresh, __ATOMIC_RELEASE);
    T->Current = C = Fresh;
    N = 0;
  }
  C->Events[N] = E;
  __atomic_store_n(&C->Count, N + 1, __ATOMIC_RELEASE);
}

void writeTraceOnce(trace::ExitReason Reason, int Code, uint64_t Pc) {
  int Expected = 0;
  if (!__atomic_compare_exchange_n(&WriteState, &Expected, 1, false, __ATOMIC_ACQ_REL,
                                   __ATOMIC_ACQUIRE)) {
    // Another thread is writing (two threads crashed at once): let it finish.
    while (__atomic_load_n(&WriteState, __ATOMIC_ACQUIRE) == 1) {
      struct timespec Ts{0, 1000000};
      syscall(SYS_nanosleep, &Ts, nullptr);
    }
    return;
  }
  const Flags &F = flags();
  if (!F.trace_path || !*F.trace_path) {
    __atomic_store_n(&WriteState, 2, __ATOMIC_RELEASE);
    return;
  }
  char Path[4096];
  expandPath(F.trace_path, Path, sizeof(Path));
  if (ForkedChild) {
    // A forked child must not overwrite its parent's trace: it writes PATH.child.PID.
    size_t Len = strlen(Path);
    if (Len + 32 < sizeof(Path)) {
      memcpy(Path + Len, ".child.%p", 10);
      char Tmp[4096];
      expandPath(Path, Tmp, sizeof(Tmp));
      memcpy(Path, Tmp, sizeof(Path));
    }
  }
  Writer &W = TheWriter;
  W.Fd = sysOpen(Path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (W.Fd < 0) {
    __atomic_store_n(&WriteState, 2, __ATOMIC_RELEASE);
    return;
  }
  uint64_t EndTicks = nowTicks();
  uint64_t Elapsed = monoNs() - StartMonoNs;
  trace::Header H;
  memcpy(H.Magic, trace::Magic, sizeof(H.Magic));
  H.Version = trace::Version;
  H.Pid = (uint32_t)getpid();
  H.TicksPerSecond = Elapsed ? (uint64_t)((double)EndTicks * 1e9 / (double)Elapsed) : 1000000000ull;
  if (H.TicksPerSecond == 0)
    H.TicksPerSecond = 1000000000ull;
  H.StartRealtimeNs = StartRealNs;
  W.put(&H, sizeof(H));
  writeSites(W);
  for (uint32_t I = 0, N = numThreads(); I < N; ++I)
    if (ThreadState *T = threadAt(I))
      writeThread(W, T);
  uint64_t ReportSize = 0;
  const char *Reports = tsanReportBytes(&ReportSize);
  W.section(trace::SectionType::TsanReports, ReportSize);
  W.put(Reports, ReportSize);
  ThreadState *Self = currentThreadIfKnown();
  trace::ExitRecord E{uint32_t(Reason), Code, Pc, EndTicks, Self ? Self->Tid : ~0u,
                      __atomic_load_n(&Dropped, __ATOMIC_RELAXED)};
  W.section(trace::SectionType::Exit, sizeof(E));
  W.put(&E, sizeof(E));
  writeMaps(W);
  W.section(trace::SectionType::End, 0);
  W.flush();
  sysClose(W.Fd);
  if (F.verbosity > 0) {
    static const char Msg[] = "interlock: trace written to ";
    sysWrite(2, Msg, sizeof(Msg) - 1);
    sysWrite(2, Path, strlen(Path));
    sysWrite(2, "\n", 1);
  }
  __atomic_store_n(&WriteState, 2, __ATOMIC_RELEASE);
}

static void writeAtExit() { writeTraceOnce(trace::ExitReason::Exit, 0, 0); }

void initRuntime() {
  int Expected = 0;
  if (!__atomic_compare_exchange_n(&Initialized, &Expected, 1, false, __ATOMIC_ACQ_REL,
                                   __ATOMIC_ACQUIRE)) {
    while (__atomic_load_n(&Initialized, __ATOMIC_ACQUIRE) != 2)
      ;
    return;
  }
  StartTsc = rawTicks();
  StartMonoNs = monoNs();
  struct timespec Ts;
  clock_gettime(CLOCK_REALTIME, &Ts);
  StartRealNs = uint64_t(Ts.tv_sec) * 1000000000ull + uint64_t(Ts.tv_nsec);
  (void)flags();
  // Registered early, so it runs late: after the program's own static destructors.
  atexit(writeAtExit);
  pthread_atfork(nullptr, nullptr, onForkChild);
  installFatalHandlers();
  __atomic_store_n(&Initialized, 2, __ATOMIC_RELEASE);
}

} // namespace interlock::rt

extern "C" {

/// Called by each instrumented module's constructor (priority 1) with its site table.
__attribute__((visibility("default"))) void __interlock_register_sites(Site *Sites,
                                                                        uint64_t Count) {
  initRuntime();
  uint32_t Base = __atomic_fetch_add(&NextSiteId, (uint32_t)Count, __ATOMIC_RELAXED);
  for (uint64_t I = 0; I < Count; ++I)
    __atomic_store_n(&Sites[I].Id, Base + (uint32_t)I, __ATOMIC_RELAXED);
  uint32_t Slot = __atomic_fetch_add(&NumTables, 1, __ATOMIC_ACQ_REL);
  if (Slot < MaxTables) {
    Tables[Slot] = SiteTable{Sites, Count};
  }
}

/// Lets a program (or a test) write the trace now, e.g. before _exit().
__attribute__((visibility("default"))) void __interlock_write_trace() {
  writeTraceOnce(trace::ExitReason::Exit, 0, 0);
}

#pragma GCC diagnostic ignored "-Wprio-ctor-dtor"
__attribute__((constructor(1))) static void interlockInit() { initRuntime(); }
}
