//===- rt_trace.cpp - Per-thread event blocks and the trace file ----------===//
//
// Each thread encodes its events (TraceCodec.h, about 5 bytes for a lock/unlock pair;
// rt_record.h, inline in the lock wrappers) into one fixed-size block buffer of its
// own. When the buffer is full, the owner appends it to the trace file as an
// EventBlock section at an offset reserved with an atomic fetch_add (pwrite: no lock,
// no shared file position) and reuses the buffer. At exit (or in a fatal-signal
// handler, or at std::terminate) the writer stops further block writes, waits for any
// in flight, and adds each thread's partial block, its record, sites, TSan reports, the
// exit record, maps and End; then it writes the header's clock calibration at offset 0.
// Every event recorded before the writer reached its thread is in the file; none is
// dropped while memory and disk last.
//
// The handshake with a thread writing a block: the thread sets Flushing, then checks
// Closing; the writer sets Closing, then waits until Flushing is clear (both seq_cst, so
// one of them sees the other). A thread interrupted in its own block write by a signal
// whose handler writes the trace (or parked waiting for another thread's write) is
// frozen: the writer copies its buffer as it is. That block may then be in the file
// twice (identical; the reader keeps one) or its reserved range may stay zero (reads
// as Padding), but no event is lost and none is half-written: BlockState only ever
// covers whole events.
//
//===----------------------------------------------------------------------===//
#include "rt_flags.h"
#include "rt_record.h"

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

int TraceOn;
uint32_t BlockBytes;
uint64_t StartTicks;

uint64_t monoNs() {
  struct timespec Ts;
  clock_gettime(CLOCK_MONOTONIC, &Ts);
  return uint64_t(Ts.tv_sec) * 1000000000ull + uint64_t(Ts.tv_nsec);
}

long sysWrite(int Fd, const void *Buf, size_t N) { return syscall(SYS_write, Fd, Buf, N); }
long sysPwrite(int Fd, const void *Buf, size_t N, uint64_t Off) {
  return syscall(SYS_pwrite64, Fd, Buf, N, Off);
}
long sysRead(int Fd, void *Buf, size_t N) { return syscall(SYS_read, Fd, Buf, N); }
int sysOpen(const char *Path, int Flags, int Mode) {
  return (int)syscall(SYS_openat, AT_FDCWD, Path, Flags, Mode);
}
void sysClose(int Fd) { syscall(SYS_close, Fd); }
uint64_t sysGettid() { return (uint64_t)syscall(SYS_gettid); }

void *rawAlloc(size_t Bytes, bool Populate) {
  void *P = (void *)syscall(SYS_mmap, nullptr, Bytes, PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS | (Populate ? MAP_POPULATE : 0),
                            -1, 0);
  return (long)P < 0 && (long)P > -4096 ? nullptr : P;
}

} // namespace interlock::rt

namespace {

uint64_t StartMonoNs, StartRealNs;
uint32_t Dropped;
uint64_t LimitBytes;   // trace_limit_kib in bytes; 0: none
uint32_t LimitReached; // a block was refused for the limit
uint64_t LimitDropped; // events not recorded because of it
int Initialized; // 0 no, 1 in progress, 2 yes

struct SiteTable {
  Site *Sites;
  uint64_t Count;
};
constexpr unsigned MaxTables = 4096;
SiteTable Tables[MaxTables];
uint32_t NumTables;
uint32_t NextSiteId = 1;

// ---- The trace file: opened at the first block write (or at exit). ----

int FileState;     // 0 closed, 1 opening, 2 open, 3 failed
int TraceFd = -1;
uint64_t NextOffset;  // the next free file offset (fetch_add reserves a block's range)
int Closing;          // the writer at exit has started: no more block writes
int ForkedChild;      // this process is a fork() of the one that started the trace
/// The file offset no block reservation reaches once the writer at exit has taken the
/// tail: a late reservation then fails to write (EFBIG) instead of corrupting the tail.
constexpr uint64_t ClosedOffset = uint64_t(1) << 62;

uint64_t sinceMs(uint64_t StartNs) { return (monoNs() - StartNs) / 1000000; }

void pauseBriefly() {
  struct timespec Ts{0, 100000};
  syscall(SYS_nanosleep, &Ts, nullptr);
}

void expandPath(const char *Pattern, char *Out, size_t OutSize);

/// The trace's path: trace_path with %p expanded; a fork child's gets .child.PID.
void tracePath(char *Path, size_t Size) {
  expandPath(flags().trace_path, Path, Size);
  if (ForkedChild) {
    // A forked child must not overwrite its parent's trace: it writes PATH.child.PID.
    size_t Len = strlen(Path);
    if (Len + 32 < Size) {
      memcpy(Path + Len, ".child.%p", 10);
      char Tmp[4096];
      expandPath(Path, Tmp, sizeof(Tmp));
      memcpy(Path, Tmp, Size);
    }
  }
}

bool pwriteAll(const void *Data, size_t N, uint64_t Off) {
  const char *P = (const char *)Data;
  while (N) {
    long W = sysPwrite(TraceFd, P, N, Off);
    if (W <= 0)
      return false;
    P += W;
    N -= size_t(W);
    Off += uint64_t(W);
  }
  return true;
}

/// Opens (creates, truncates) the trace file once and writes a provisional header.
/// Async-signal-safe; a caller that finds another opener stuck (a signal interrupted
/// it on this thread) gives up after a second and opens the file itself.
bool ensureOpen() {
  int S = __atomic_load_n(&FileState, __ATOMIC_ACQUIRE);
  if (S == 2)
    return true;
  if (S == 3)
    return false;
  int Expected = 0;
  if (!__atomic_compare_exchange_n(&FileState, &Expected, 1, false, __ATOMIC_ACQ_REL,
                                   __ATOMIC_ACQUIRE)) {
    uint64_t Start = monoNs();
    while ((S = __atomic_load_n(&FileState, __ATOMIC_ACQUIRE)) == 1 && sinceMs(Start) < 1000)
      pauseBriefly();
    if (S != 1)
      return S == 2;
  }
  char Path[4096];
  tracePath(Path, sizeof(Path));
  int Fd = sysOpen(Path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (Fd < 0) {
    __atomic_store_n(&FileState, 3, __ATOMIC_RELEASE);
    return false;
  }
  TraceFd = Fd;
  trace::Header H;
  memset(&H, 0, sizeof(H));
  memcpy(H.Magic, trace::Magic, sizeof(H.Magic));
  H.Version = trace::Version;
  H.Pid = (uint32_t)getpid();
  H.StartRealtimeNs = StartRealNs;
  pwriteAll(&H, sizeof(H), 0);
  __atomic_store_n(&NextOffset, sizeof(H), __ATOMIC_RELEASE);
  __atomic_store_n(&FileState, 2, __ATOMIC_RELEASE);
  return true;
}

uint32_t alignBlock(uint32_t N) { return (N + trace::BlockAlign - 1) & ~(trace::BlockAlign - 1); }

/// Writes the owner's full buffer as the next block and resets it. False if the block
/// could not be written (the writer at exit has started, or the file failed).
bool flushBlock(ThreadState *T) {
  if (!ensureOpen())
    return false;
  __atomic_store_n(&T->Flushing, 1, __ATOMIC_SEQ_CST);
  if (__atomic_load_n(&Closing, __ATOMIC_SEQ_CST)) {
    __atomic_store_n(&T->Flushing, 0, __ATOMIC_RELEASE);
    return false;
  }
  uint64_t State = T->BlockState;
  uint32_t Seq = uint32_t(State >> 32), Used = uint32_t(State);
  uint32_t Padded = alignBlock(Used);
  memset(T->Block + BlockHeaderBytes + Used, 0, Padded - Used);
  trace::SectionHeader SH{uint32_t(trace::SectionType::EventBlock), 0,
                          sizeof(trace::EventBlockHeader) + Padded};
  trace::EventBlockHeader BH{T->Tid, Seq, Used, 0};
  memcpy(T->Block, &SH, sizeof(SH));
  memcpy(T->Block + sizeof(SH), &BH, sizeof(BH));
  uint64_t Len = BlockHeaderBytes + Padded;
  // The size limit: the full buffer stays as it is (the writer at exit adds it) and the
  // thread records nothing more, so its events in the file are a prefix of what it did.
  if (LimitBytes && (T->Limited || __atomic_load_n(&NextOffset, __ATOMIC_RELAXED) + Len >
                                       LimitBytes)) {
    T->Limited = 1;
    __atomic_store_n(&LimitReached, 1, __ATOMIC_RELAXED);
    __atomic_store_n(&T->Flushing, 0, __ATOMIC_RELEASE);
    return false;
  }
  uint64_t Off = __atomic_fetch_add(&NextOffset, Len, __ATOMIC_RELAXED);
  bool Ok = pwriteAll(T->Block, Len, Off);
  if (!Ok)
    __atomic_fetch_add(&Dropped, T->BlockEvents, __ATOMIC_RELAXED);
  trace::resetCodec(T->Codec);
  T->BlockEvents = 0;
  // The next block, empty, in one store: the writer never sees the new sequence
  // number with the old bytes. Flushing stays set until then.
  __atomic_store_n(&T->BlockState, uint64_t(Seq + 1) << 32, __ATOMIC_RELEASE);
  __atomic_store_n(&T->Flushing, 0, __ATOMIC_RELEASE);
  return true;
}

// ---- The writer at exit: a small buffer over pwrite(2) from the file's tail. ----

struct Writer {
  uint64_t Off = 0;
  char Buf[1 << 16];
  size_t Len = 0;

  void flush() {
    if (Len && pwriteAll(Buf, Len, Off))
      Off += Len;
    Len = 0;
  }
  void put(const void *Data, size_t N) {
    const char *P = (const char *)Data;
    if (N > sizeof(Buf)) {
      flush();
      if (pwriteAll(P, N, Off))
        Off += N;
      return;
    }
    if (Len + N > sizeof(Buf))
      flush();
    memcpy(Buf + Len, P, N);
    Len += N;
  }
  void zeros(size_t N) {
    static const char Zero[trace::BlockAlign] = {};
    put(Zero, N);
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

void writeBlock(Writer &W, uint32_t Tid, uint32_t Seq, const uint8_t *Bytes, uint32_t N) {
  uint32_t Padded = alignBlock(N);
  W.section(trace::SectionType::EventBlock, sizeof(trace::EventBlockHeader) + Padded);
  trace::EventBlockHeader BH{Tid, Seq, N, 0};
  W.put(&BH, sizeof(BH));
  W.put(Bytes, N);
  W.zeros(Padded - N);
}

/// Waits until T is not writing a block (or is frozen: it is this thread, or parked).
void waitForBlockWrite(ThreadState *T, ThreadState *Self) {
  if (T == Self)
    return;
  uint64_t Start = monoNs();
  while (__atomic_load_n(&T->Flushing, __ATOMIC_SEQ_CST) &&
         !__atomic_load_n(&T->Parked, __ATOMIC_ACQUIRE) && sinceMs(Start) < 2000)
    pauseBriefly();
}

void writeThread(Writer &W, ThreadState *T, ThreadState *Self) {
  waitForBlockWrite(T, Self);
  // Whole events only: BlockState is stored after each event is complete.
  uint64_t State = __atomic_load_n(&T->BlockState, __ATOMIC_ACQUIRE);
  uint32_t Seq = uint32_t(State >> 32), Used = uint32_t(State);
  uint8_t *Block = __atomic_load_n(&T->Block, __ATOMIC_ACQUIRE);
  writeBlock(W, T->Tid, Seq, Block ? Block + BlockHeaderBytes : nullptr, Block ? Used : 0);
  uint32_t NumBlocks = Seq + 1 - T->FirstBlock;
  // An acquisition not written yet, or a lock call still in progress (a thread blocked
  // now) as its attempt event: one more block, encoded here.
  // (Not after the size limit stopped the thread: they would follow a gap.)
  uint8_t Slot = T->Limited ? LockIdle : __atomic_load_n(&T->LockState, __ATOMIC_ACQUIRE);
  if (Slot != LockIdle) {
    trace::CodecState Codec;
    trace::resetCodec(Codec);
    uint8_t Extra[trace::MaxEventBytes];
    size_t N = trace::encodeEvent(
        Codec, Extra, Slot >= LockDeferred ? deferredAcquisition(T) : pendingAttempt(T));
    writeBlock(W, T->Tid, Seq + 1, Extra, uint32_t(N));
    ++NumBlocks;
  }
  trace::ThreadRecord R{T->Tid,   T->ParentTid,  T->OsTid, T->CreateSite,
                        T->Flags, T->FirstBlock, NumBlocks};
  W.section(trace::SectionType::Thread, sizeof(R));
  W.put(&R, sizeof(R));
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

/// The child writes its own trace (PATH.child.PID, opened at its first block write).
/// Its threads' blocks already in the parent's file stay there: its trace starts with
/// each thread's current block. Threads other than this one do not exist in the child.
void onForkChild() {
  ForkedChild = 1;
  if (__atomic_load_n(&FileState, __ATOMIC_ACQUIRE) == 2)
    sysClose(TraceFd);
  TraceFd = -1;
  __atomic_store_n(&FileState, 0, __ATOMIC_RELEASE);
  for (uint32_t I = 0, N = numThreads(); I < N; ++I)
    if (ThreadState *T = threadAt(I)) {
      T->FirstBlock = uint32_t(__atomic_load_n(&T->BlockState, __ATOMIC_ACQUIRE) >> 32);
      __atomic_store_n(&T->Flushing, 0, __ATOMIC_RELEASE);
    }
}

} // namespace

namespace interlock::rt {

bool makeRoom(ThreadState *T) {
  if (!T->Block) {
    // Populated at once, as the chunks before it were: with the block's pages faulted
    // in one by one as a new thread records its first events, ThreadSanitizer missed
    // the race in tests/runtime/race.cpp in about 6 of 1000 runs under load (0 of
    // 1000 populated; the mechanism inside TSan is not understood).
    auto *Block = (uint8_t *)rawAlloc(BlockBytes, /*Populate=*/true);
    if (!Block) {
      __atomic_fetch_add(&Dropped, 1, __ATOMIC_RELAXED);
      return false;
    }
    trace::resetCodec(T->Codec);
    __atomic_store_n(&T->Block, Block, __ATOMIC_RELEASE);
    T->RoomEnd = roomEnd();
    return true;
  }
  if (flushBlock(T))
    return true;
  if (T->Limited) {
    __atomic_fetch_add(&LimitDropped, 1, __ATOMIC_RELAXED);
    return false;
  }
  // After the writer at exit started, events past its snapshot are not written (as
  // before); a failed write of the file is counted.
  if (!__atomic_load_n(&Closing, __ATOMIC_ACQUIRE))
    __atomic_fetch_add(&Dropped, 1, __ATOMIC_RELAXED);
  return false;
}

void recordEvent(ThreadState *T, EventKind K, uint64_t Obj, uint8_t Flags, uint32_t Site) {
  recordEventAt(T, K, Obj, Flags, Site, nowTicks());
}

void writeTraceOnce(trace::ExitReason Reason, int Code, uint64_t Pc) {
  int Expected = 0;
  if (!__atomic_compare_exchange_n(&WriteState, &Expected, 1, false, __ATOMIC_ACQ_REL,
                                   __ATOMIC_ACQUIRE)) {
    // Another thread is writing (two threads crashed at once): let it finish. It does
    // not wait for this thread's block write (if a signal interrupted one) meanwhile.
    if (ThreadState *Self = currentThreadIfKnown())
      __atomic_store_n(&Self->Parked, 1, __ATOMIC_RELEASE);
    while (__atomic_load_n(&WriteState, __ATOMIC_ACQUIRE) == 1) {
      struct timespec Ts{0, 1000000};
      syscall(SYS_nanosleep, &Ts, nullptr);
    }
    return;
  }
  const Flags &F = flags();
  if (__atomic_load_n(&TraceOn, __ATOMIC_ACQUIRE) != 1) {
    __atomic_store_n(&WriteState, 2, __ATOMIC_RELEASE);
    return;
  }
  // No block write starts from here on; those under way are waited for per thread.
  __atomic_store_n(&Closing, 1, __ATOMIC_SEQ_CST);
  if (!ensureOpen()) {
    __atomic_store_n(&WriteState, 2, __ATOMIC_RELEASE);
    return;
  }
  Writer &W = TheWriter;
  // The rest of the file is ours; a reservation made after this point cannot be
  // written (see ClosedOffset).
  W.Off = __atomic_exchange_n(&NextOffset, ClosedOffset, __ATOMIC_ACQ_REL);
  uint64_t EndTicks = nowTicks();
  uint64_t Elapsed = monoNs() - StartMonoNs;
  trace::Header H;
  memset(&H, 0, sizeof(H));
  memcpy(H.Magic, trace::Magic, sizeof(H.Magic));
  H.Version = trace::Version;
  H.Pid = (uint32_t)getpid();
  H.TicksPerSecond = Elapsed ? (uint64_t)((double)EndTicks * 1e9 / (double)Elapsed) : 1000000000ull;
  if (H.TicksPerSecond == 0)
    H.TicksPerSecond = 1000000000ull;
  H.StartRealtimeNs = StartRealNs;
  writeSites(W);
  ThreadState *Self = currentThreadIfKnown();
  for (uint32_t I = 0, N = numThreads(); I < N; ++I)
    if (ThreadState *T = threadAt(I))
      writeThread(W, T, Self);
  uint64_t ReportSize = 0;
  const char *Reports = tsanReportBytes(&ReportSize);
  W.section(trace::SectionType::TsanReports, ReportSize);
  W.put(Reports, ReportSize);
  trace::ExitRecord E{uint32_t(Reason), Code, Pc, EndTicks, Self ? Self->Tid : ~0u,
                      __atomic_load_n(&Dropped, __ATOMIC_RELAXED)};
  W.section(trace::SectionType::Exit, sizeof(E));
  W.put(&E, sizeof(E));
  if (__atomic_load_n(&LimitReached, __ATOMIC_RELAXED)) {
    trace::LimitRecord L{LimitBytes, __atomic_load_n(&LimitDropped, __ATOMIC_RELAXED)};
    W.section(trace::SectionType::Limit, sizeof(L));
    W.put(&L, sizeof(L));
  }
  writeMaps(W);
  W.section(trace::SectionType::End, 0);
  W.flush();
  // Last, the header with the clock calibration: a file with a calibrated header is
  // complete.
  pwriteAll(&H, sizeof(H), 0);
  sysClose(TraceFd);
  if (F.verbosity > 0) {
    char Path[4096];
    tracePath(Path, sizeof(Path));
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
  StartTicks = rawTicks();
  StartMonoNs = monoNs();
  struct timespec Ts;
  clock_gettime(CLOCK_REALTIME, &Ts);
  StartRealNs = uint64_t(Ts.tv_sec) * 1000000000ull + uint64_t(Ts.tv_nsec);
  const Flags &F = flags();
  int Kib = F.block_kib < 4 ? 4 : F.block_kib > 4096 ? 4096 : F.block_kib;
  BlockBytes = uint32_t(Kib) * 1024;
  LimitBytes = F.trace_limit_kib > 0 ? uint64_t(F.trace_limit_kib) * 1024 : 0;
  __atomic_store_n(&TraceOn, F.trace_path && *F.trace_path ? 1 : 2, __ATOMIC_RELEASE);
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
  markRaceSites(Sites, Count);
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
