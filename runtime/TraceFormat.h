//===- TraceFormat.h - The binary trace an instrumented program writes ----===//
//
// Shared by the runtime (writer) and `interlock run`/`interlock trace` (readers). Plain
// C++ with fixed-width integers only: the runtime must not depend on the program's C++
// library. docs/run.md ("Trace file format") describes the same layout for users; change
// both together and bump Version.
//
// File = Header, then Sections until a section of type End. All integers little-endian.
// Events are not stored inline: each thread streams EventBlock sections (its events in
// the compact encoding of TraceCodec.h) into the file while it runs, and the writer at
// exit adds each thread's last partial block, its ThreadRecord (naming the blocks that
// make up the thread's events), sites, TSan reports, the exit record, maps and End. The
// blocks of different threads interleave in the file in the order they filled up; a
// block may appear twice (identical copies: a signal hit a thread while it wrote it), and
// 16-byte runs of zeros (a block reserved but never written) read as Padding sections.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_RUNTIME_TRACEFORMAT_H
#define INTERLOCK_RUNTIME_TRACEFORMAT_H

#include <stdint.h>

namespace interlock::trace {

inline constexpr char Magic[8] = {'I', 'L', 'T', 'R', 'A', 'C', 'E', '\0'};
inline constexpr uint32_t Version = 3;
/// Readers also accept version 2: the same format without holds (TraceCodec.h).
inline constexpr uint32_t OldestReadableVersion = 2;

struct Header {
  char Magic[8];
  uint32_t Version;
  uint32_t Pid;
  uint64_t TicksPerSecond; // event timestamps are ticks since the run started; 0 until
                           // the writer at exit calibrates it (a killed run keeps 0)
  uint64_t StartRealtimeNs;
};

enum class SectionType : uint32_t {
  Padding = 0,     // skipped (a zeroed SectionHeader is an empty Padding section)
  Sites = 1,       // SiteRecord + file + function bytes, repeated
  Thread = 2,      // ThreadRecord; the events are in the thread's EventBlocks
  TsanReports = 3, // the TSan bridge's serialized reports (see TsanReport* below)
  Exit = 4,        // ExitRecord
  Maps = 5,        // /proc/self/maps text at exit, for symbolizing raw PCs
  EventBlock = 6,  // EventBlockHeader, then Bytes of encoded events, zero-padded to 16
  Limit = 7,       // LimitRecord: trace_limit_kib stopped the events (readers that do
                   // not know it skip it, as any unknown section)
  End = 0xFFFFFFFF,
};

struct SectionHeader {
  uint32_t Type;
  uint32_t Reserved;
  uint64_t Size; // bytes of payload after this header
};

/// Flags of a site (set by the pass).
enum SiteFlags : uint32_t {
  SiteUserCode = 1,       // the location is in the user's code, not a library header
  SiteLibraryThread = 2,  // thread created by library code (std::async): it joins itself
  SiteRaceA = 4,          // (runtime only) an access of side A of the race a run aims at
  SiteRaceB = 8,          // (runtime only) side B (runtime/rt_race.cpp)
};

struct SiteRecord {
  uint32_t Id;
  uint32_t Line;
  uint32_t Column;
  uint32_t Flags;
  uint32_t FileLen;
  uint32_t FunctionLen;
};

enum ThreadFlags : uint32_t {
  ThreadMain = 1,
  ThreadStd = 2,      // std::thread
  ThreadPosix = 4,    // pthread_create
  ThreadExternal = 8, // created by uninstrumented code; first seen at a hook
  ThreadLibrary = 16, // created by library code that joins it itself
};

struct ThreadRecord {
  uint32_t Tid;       // Interlock's thread number; main is 0
  uint32_t ParentTid; // ~0u if unknown
  uint64_t OsTid;     // gettid(), to match TSan's os_id
  uint32_t CreateSite;
  uint32_t Flags;
  uint32_t FirstBlock; // the thread's events are its EventBlocks with sequence numbers
  uint32_t NumBlocks;  // FirstBlock .. FirstBlock + NumBlocks - 1, decoded in that order
};

/// Block sizes and offsets are multiples of 16, so a block's file range, if it was
/// reserved but never written (a signal hit its writer), reads as Padding sections.
inline constexpr uint32_t BlockAlign = 16;

/// One block of a thread's events. Every block starts the codec afresh (TraceCodec.h),
/// so blocks decode independently; the thread's events are its blocks in Seq order.
struct EventBlockHeader {
  uint32_t Tid;
  uint32_t Seq;   // 0, 1, 2, ... per thread (a fork child's threads continue the count)
  uint32_t Bytes; // encoded bytes that follow; the section pads them to BlockAlign
  uint32_t Reserved;
};

/// What an event is. "obj" below is the packed Event::object().
enum class EventKind : uint8_t {
  None = 0,
  ThreadCreate = 1, // obj: the child's tid; recorded in the parent before it starts
  ThreadStart = 2,  // obj: the parent's tid; first event of a thread
  ThreadEnd = 3,    // last event of a thread
  JoinBefore = 4,   // obj: the joined tid
  JoinAfter = 5,    // obj: the joined tid
  Detach = 6,       // obj: the detached tid
  LockAttempt = 7,  // obj: mutex/rwlock address; flags: LockFlags
  LockAcquired = 8,
  LockTryFailed = 9, // a try-lock (or timed lock) that did not acquire
  LockReleased = 10,
  CondWait = 11,    // obj: the condition variable; the mutex release follows
  CondWake = 12,    // obj: the condition variable; the mutex reacquisition follows
  CondNotify = 13,  // obj: cv; flags: 1 = notify_all/broadcast
  TerminateJoinable = 14, // std::thread destroyed (or assigned) while joinable
  Sleep = 15,
  Yield = 16,
  UnlockNotHeld = 17, // the runtime saw an unlock of a mutex this thread does not hold
  FrameEnd = 18, // obj: the return address of a frame-end hook; a thread-starting function
                 // returned and its escaped locals died (TSan saw a write to them there)
  AssertFail = 19, // an assertion failed in this thread (the abort follows); site: the assert
  BarrierWait = 20, // obj: a pthread barrier, or (flags: BarrierFutex) a futex word
  BarrierDone = 21, // obj: as BarrierWait; the wait returned
  Last = BarrierDone,
};

enum BarrierFlags : uint8_t {
  BarrierFutex = 1, // a futex wait (atomic wait, semaphore, latch, std::barrier)
};

enum LockFlags : uint8_t {
  LockShared = 1,    // rdlock
  LockTry = 2,       // try-lock: never waits, adds no lock-order edge
  LockTimed = 4,     // timed lock: gives up
  LockRecursive = 8, // recursive mutex
  LockFromCond = 16, // reacquired by a condition-variable wait
  LockNoAttempt = 32, // acquired at once: no lock-attempt event precedes it
};

/// The decoded form of an event (readers use it in memory; the file stores the compact
/// encoding of TraceCodec.h). Timestamps are ticks since the start; a site id of 0
/// means "unknown".
struct Event {
  uint64_t Word0; // object (48 bits) | kind << 48 | flags << 56
  uint64_t Word1; // ticks (44 bits) | site << 44 (20 bits)

  static constexpr uint64_t ObjMask = (uint64_t(1) << 48) - 1;
  static constexpr uint64_t TickMask = (uint64_t(1) << 44) - 1;

  static Event make(EventKind K, uint64_t Obj, uint8_t Flags, uint64_t Ticks,
                    uint32_t Site) {
    return Event{(Obj & ObjMask) | (uint64_t(K) << 48) | (uint64_t(Flags) << 56),
                 (Ticks & TickMask) | (uint64_t(Site) << 44)};
  }
  uint64_t object() const { return Word0 & ObjMask; }
  EventKind kind() const { return EventKind((Word0 >> 48) & 0xFF); }
  uint8_t flags() const { return uint8_t(Word0 >> 56); }
  uint64_t ticks() const { return Word1 & TickMask; }
  uint32_t site() const { return uint32_t(Word1 >> 44); }
};
static_assert(sizeof(Event) == 16);

enum class ExitReason : uint32_t {
  Exit = 0,      // exit() / return from main
  Signal = 1,    // a fatal signal: Code is the signal number, Pc where it hit
  Terminate = 2, // std::terminate
};

struct ExitRecord {
  uint32_t Reason;
  int32_t Code;
  uint64_t Pc;
  uint64_t Ticks;
  uint32_t Tid; // the thread that triggered the write
  uint32_t DroppedEvents; // events that could not be stored (out of memory, write failed)
};

/// Written at exit when the trace size limit refused a block: from then on each thread
/// that filled its buffer recorded nothing more, so every thread's events are a prefix.
struct LimitRecord {
  uint64_t LimitBytes;
  uint64_t DroppedEvents;
};

/// TSan reports, as the bridge copied them inside __tsan_on_report. Each report is a
/// TsanReportHeader followed by its parts; every part starts with a TsanPartHeader and
/// ends with NumPcs uint64_t return addresses (innermost first, duplicates from inlined
/// frames removed).
struct TsanReportHeader {
  uint32_t Size; // bytes including this header
  uint32_t NumParts;
  char Type[32]; // TSan's description: "data-race", "lock-order-inversion", ...
};

enum class TsanPartKind : uint32_t { Stack = 1, Mop = 2, Mutex = 3, Thread = 4, Location = 5 };

struct TsanPartHeader {
  uint32_t Kind;
  uint32_t NumPcs;
  int64_t Tid;      // Mop, Thread, Location: TSan's thread id
  uint64_t Addr;    // Mop, Mutex, Location: address; Thread: os tid
  uint64_t Extra;   // Mop: size | write << 32 | atomic << 33; Mutex: id; Thread: parent
                    // tid | running << 32; Location: start
  uint64_t Extra2;  // Location: size
  char Name[16];    // Location: "global", "heap", "stack"...
};

} // namespace interlock::trace

#endif
