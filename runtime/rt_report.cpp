//===- rt_report.cpp - The ThreadSanitizer bridge -------------------------===//
//
// TSan calls __tsan_on_report once per printed report. Inside it we copy the report's
// structure (type, stacks, accesses, mutexes, threads, locations) through TSan's
// debugging API into our own append-only buffer: no allocation through the program's
// malloc, no lock, no thread. `interlock run` turns the copies into findings.
// __tsan_default_options gives TSan the defaults that suit recorded runs.
//
//===----------------------------------------------------------------------===//
#include "rt_flags.h"
#include "rt_internal.h"

#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

using namespace interlock;
using namespace interlock::rt;

// TSan's debugging API (compiler-rt/lib/tsan/rtl/tsan_debugging.cpp); weak, so a build
// without -fsanitize=thread links.
extern "C" {
typedef unsigned long uptr;
int __tsan_get_report_data(void *report, const char **description, int *count,
                           int *stack_count, int *mop_count, int *loc_count,
                           int *mutex_count, int *thread_count, int *unique_tid_count,
                           void **sleep_trace, uptr trace_size) __attribute__((weak));
int __tsan_get_report_stack(void *report, uptr idx, void **trace, uptr trace_size)
    __attribute__((weak));
int __tsan_get_report_mop(void *report, uptr idx, int *tid, void **addr, int *size,
                          int *write, int *atomic, void **trace, uptr trace_size)
    __attribute__((weak));
int __tsan_get_report_loc(void *report, uptr idx, const char **type, void **addr,
                          uptr *start, uptr *size, int *tid, int *fd, int *suppressable,
                          void **trace, uptr trace_size) __attribute__((weak));
int __tsan_get_report_mutex(void *report, uptr idx, uptr *mutex_id, void **addr,
                            int *destroyed, void **trace, uptr trace_size)
    __attribute__((weak));
int __tsan_get_report_thread(void *report, uptr idx, int *tid, uint64_t *os_id,
                             int *running, const char **name, int *parent_tid,
                             void **trace, uptr trace_size) __attribute__((weak));
}

namespace {

constexpr size_t BufferSize = size_t(256) << 20; // reserved, touched as used
constexpr unsigned MaxPcs = 64;
char *Buffer;
uint64_t Published; // bytes of complete reports

bool reserve() {
  if (Buffer)
    return true;
  void *P = (void *)syscall(SYS_mmap, nullptr, BufferSize, PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if ((long)P < 0 && (long)P > -4096)
    return false;
  Buffer = (char *)P;
  return true;
}

struct Builder {
  uint64_t Start, Pos;
  uint32_t Parts = 0;
  bool Overflow = false;

  void *take(size_t N) {
    if (Pos + N > BufferSize) {
      Overflow = true;
      return nullptr;
    }
    void *P = Buffer + Pos;
    Pos += N;
    return P;
  }

  /// One part: header then the de-duplicated PCs (inlined frames repeat an address).
  void part(trace::TsanPartHeader H, void **Pcs, unsigned N) {
    auto *Out = (trace::TsanPartHeader *)take(sizeof(H));
    if (!Out)
      return;
    uint32_t Kept = 0;
    for (unsigned I = 0; I < N; ++I) {
      if (!Pcs[I])
        break;
      if (Kept && Pcs[I] == Pcs[I - 1])
        continue;
      auto *Slot = (uint64_t *)take(sizeof(uint64_t));
      if (!Slot)
        break;
      *Slot = (uint64_t)Pcs[I];
      ++Kept;
    }
    H.NumPcs = Kept;
    *Out = H;
    ++Parts;
  }
};

void copyName(char *Dst, size_t N, const char *Src) {
  if (!Src)
    Src = "";
  size_t I = 0;
  for (; I + 1 < N && Src[I]; ++I)
    Dst[I] = Src[I];
  Dst[I] = '\0';
}

} // namespace

namespace interlock::rt {
const char *tsanReportBytes(uint64_t *Size) {
  *Size = __atomic_load_n(&Published, __ATOMIC_ACQUIRE);
  return Buffer;
}
} // namespace interlock::rt

extern "C" {

/// TSan holds its report lock while calling this, so calls never overlap.
__attribute__((visibility("default"))) void __tsan_on_report(void *Report) {
  if (!__tsan_get_report_data || !reserve())
    return;
  const char *Type = nullptr;
  int Count, NStacks, NMops, NLocs, NMutexes, NThreads, NUnique;
  void *Sleep[1] = {nullptr};
  __tsan_get_report_data(Report, &Type, &Count, &NStacks, &NMops, &NLocs, &NMutexes,
                         &NThreads, &NUnique, Sleep, 1);
  Builder B;
  B.Start = B.Pos = __atomic_load_n(&Published, __ATOMIC_RELAXED);
  auto *Head = (trace::TsanReportHeader *)B.take(sizeof(trace::TsanReportHeader));
  if (!Head)
    return;
  void *Pcs[MaxPcs];
  for (int I = 0; I < NMops; ++I) {
    memset(Pcs, 0, sizeof(Pcs));
    int Tid = 0, Size = 0, Write = 0, Atomic = 0;
    void *Addr = nullptr;
    __tsan_get_report_mop(Report, I, &Tid, &Addr, &Size, &Write, &Atomic, Pcs, MaxPcs);
    trace::TsanPartHeader H{};
    H.Kind = uint32_t(trace::TsanPartKind::Mop);
    H.Tid = Tid;
    H.Addr = (uint64_t)Addr;
    H.Extra = uint64_t(uint32_t(Size)) | (uint64_t(Write != 0) << 32) |
              (uint64_t(Atomic != 0) << 33);
    B.part(H, Pcs, MaxPcs);
  }
  for (int I = 0; I < NStacks; ++I) {
    memset(Pcs, 0, sizeof(Pcs));
    __tsan_get_report_stack(Report, I, Pcs, MaxPcs);
    trace::TsanPartHeader H{};
    H.Kind = uint32_t(trace::TsanPartKind::Stack);
    B.part(H, Pcs, MaxPcs);
  }
  for (int I = 0; I < NMutexes; ++I) {
    memset(Pcs, 0, sizeof(Pcs));
    uptr Id = 0;
    void *Addr = nullptr;
    int Destroyed = 0;
    __tsan_get_report_mutex(Report, I, &Id, &Addr, &Destroyed, Pcs, MaxPcs);
    trace::TsanPartHeader H{};
    H.Kind = uint32_t(trace::TsanPartKind::Mutex);
    H.Addr = (uint64_t)Addr;
    H.Extra = Id;
    B.part(H, Pcs, MaxPcs);
  }
  for (int I = 0; I < NThreads; ++I) {
    memset(Pcs, 0, sizeof(Pcs));
    int Tid = 0, Running = 0, Parent = 0;
    uint64_t OsId = 0;
    const char *Name = nullptr;
    __tsan_get_report_thread(Report, I, &Tid, &OsId, &Running, &Name, &Parent, Pcs,
                             MaxPcs);
    trace::TsanPartHeader H{};
    H.Kind = uint32_t(trace::TsanPartKind::Thread);
    H.Tid = Tid;
    H.Addr = OsId;
    H.Extra = uint64_t(uint32_t(Parent)) | (uint64_t(Running != 0) << 32);
    copyName(H.Name, sizeof(H.Name), Name);
    B.part(H, Pcs, MaxPcs);
  }
  for (int I = 0; I < NLocs; ++I) {
    memset(Pcs, 0, sizeof(Pcs));
    const char *LocType = nullptr;
    void *Addr = nullptr;
    uptr Start = 0, Size = 0;
    int Tid = 0, Fd = 0, Suppressable = 0;
    __tsan_get_report_loc(Report, I, &LocType, &Addr, &Start, &Size, &Tid, &Fd,
                          &Suppressable, Pcs, MaxPcs);
    trace::TsanPartHeader H{};
    H.Kind = uint32_t(trace::TsanPartKind::Location);
    H.Tid = Tid;
    H.Addr = (uint64_t)Addr;
    H.Extra = Start;
    H.Extra2 = Size;
    copyName(H.Name, sizeof(H.Name), LocType);
    B.part(H, Pcs, MaxPcs);
  }
  if (B.Overflow)
    return; // not published: the buffer is full
  Head->Size = uint32_t(B.Pos - B.Start);
  Head->NumParts = B.Parts;
  copyName(Head->Type, sizeof(Head->Type), Type);
  __atomic_store_n(&Published, B.Pos, __ATOMIC_RELEASE);
}

/// Defaults for recorded runs; TSAN_OPTIONS still overrides each of them.
__attribute__((visibility("default"))) const char *__tsan_default_options() {
  // Called before TSan's interceptors work: no libc string functions.
  static char Options[4096];
  size_t Len = 0;
  auto append = [&](const char *S) {
    while (*S && Len + 1 < sizeof(Options))
      Options[Len++] = *S++;
    Options[Len] = '\0';
  };
  append("atexit_sleep_ms=0:second_deadlock_stack=1:halt_on_error=0:"
         "suppress_equal_addresses=0");
  const char *Log = flags().tsan_log_path;
  if (Log && *Log) {
    append(":log_path=");
    append(Log);
  }
  return Options;
}
}
