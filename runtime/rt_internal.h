//===- rt_internal.h - Shared state of the Interlock runtime --------------===//
//
// The runtime is compiled without ThreadSanitizer and without the C++ library: it uses
// raw system calls for memory and files, atomics for its own state, and never takes a
// lock the program can see. Hot paths (recordEvent) are allocation-free except for one
// mmap per thread for its event block buffer.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_RT_INTERNAL_H
#define INTERLOCK_RT_INTERNAL_H

#include "TraceCodec.h"
#include "TraceFormat.h"

#include <stddef.h>
#include <stdint.h>

namespace interlock::rt {

using trace::EventKind;

/// On the declarations of the runtime's globals that the hooks read. The runtime is
/// linked into the program's executable only (interlock-cc, InterlockInstrument.cmake)
/// and compiled -fPIC -fvisibility=hidden, which hides definitions but not
/// declarations: without this every read would first load the address from the GOT.
#define INTERLOCK_HIDDEN __attribute__((visibility("hidden")))
/// The same for thread-local state: one %fs-relative load instead of two.
#define INTERLOCK_TLS_EXEC __attribute__((tls_model("local-exec")))

/// One entry of a module's site table, emitted by the pass (instrument/SiteTable.cpp).
/// Layout must match the pass: { ptr, ptr, i32, i32, i32, i32 }.
struct Site {
  const char *File;
  const char *Function;
  uint32_t Line;
  uint32_t Column;
  uint32_t Flags;
  uint32_t Id; // assigned by __interlock_register_sites
};

inline uint32_t siteId(const Site *S) { return S ? __atomic_load_n(&S->Id, __ATOMIC_RELAXED) : 0; }
/// For the hooks the pass brackets calls with: they always get a site.
inline uint32_t passSiteId(const Site *S) { return __atomic_load_n(&S->Id, __ATOMIC_RELAXED); }

// glibc's pthread_mutex_t (x86-64), read by the lock wrappers and the scheduler.
/// __data.__lock (offset 0): 0 free, 1 held, 2 held with waiters.
inline int mutexLockWord(const void *M) {
  return __atomic_load_n((const int *)M, __ATOMIC_RELAXED);
}
/// __data.__kind (offset 16); PTHREAD_MUTEX_RECURSIVE_NP == 1.
inline bool mutexIsRecursive(const void *M) {
  return (*(const int *)((const char *)M + 16) & 3) == 1;
}

inline constexpr unsigned MaxHeld = 64;

/// ThreadState::LockState. LockDeferredOnly is LockDeferred when the acquisition's lock
/// is the only one the thread holds (Held is exactly it, once): its release then needs
/// no look at Held. Held changes only next to an event, which writes the slot first.
enum : uint8_t { LockIdle, LockPending, LockDeferred, LockDeferredOnly };

/// A held lock and how many times the thread holds it (recursive locks).
struct HeldLock {
  uintptr_t Addr;
  uint32_t Count;
};

/// One per thread, allocated by newThreadState(). The fields every lock event reads and
/// writes come first, together in five cache lines (rt_record.h, rt_mutex.cpp); the
/// rest is read at thread start, end and trace writes.
struct ThreadState {
  // The event block being filled (rt_trace.cpp): BlockHeaderBytes of room for the
  // section and block headers, then encoded events. Only the owner writes; BlockState
  // (sequence number << 32 | encoded bytes) is published with release after each
  // event, so the trace writer copies whole events only.
  uint8_t *Block;
  uint64_t BlockState;
  uint32_t BlockEvents; // events in the current block (owner only)
  uint32_t NumHeld;     // entries of Held
  // While uint32_t(BlockState) < RoomEnd, the buffer has room for one more event at its
  // largest (rt_record.h's hasRoom); 0 until there is a buffer.
  uint32_t RoomEnd;
  // The thread's lock slot (rt_mutex.cpp). First a lock call in progress (LockPending),
  // kept here, not in the buffer, so that an uncontended acquisition is one event; if
  // the call never returns (deadlock), the trace writer emits its attempt from here.
  // Then, if the call did not wait, the acquisition (LockDeferred): kept out of the
  // critical section and written before the thread's next event (or by the trace
  // writer), so the order of the thread's events is unchanged. One slot for both, so
  // that the acquisition only adds its time: a lock call first writes out an earlier
  // acquisition still in the slot.
  uintptr_t LockObj;
  uint64_t AttemptTicks;  // the call's start if AttemptStamped, else an earlier time
  uint64_t AcquiredTicks; // deferred only
  uint32_t LockSite;
  uint8_t LockFlags;      // the call's; the deferred acquisition adds LockNoAttempt
  uint8_t LockState;      // LockIdle, LockPending, LockDeferred(Only)
  uint8_t AttemptStamped;
  trace::CodecState Codec; // the encoder's state for the current block (owner only)
  // Held locks: the future scheduler and the unlock check read them; the trace reader
  // recomputes them from the events. The first is the hot one.
  HeldLock Held[MaxHeld];
  // Cold.
  uint32_t Tid;
  uint32_t ParentTid;
  uint64_t OsTid;
  uint64_t PthreadHandle; // pthread_t, to find the thread at join/detach
  uint32_t CreateSite;
  uint32_t Flags;
  uint32_t Flushing;   // set while the owner writes a full block and resets the buffer
  uint32_t Parked;     // waiting for another thread's trace write (frozen; rt_trace.cpp)
  uint32_t FirstBlock; // the first block of this process (a fork child's differs)
  uint32_t Limited;    // the trace size limit refused this thread's full block
  uint32_t Ended;
  uint32_t EndRounds; // destructor rounds seen at thread exit (rt_thread.cpp)
};

// rt_trace.cpp
/// The time stamp counter when the runtime started; event ticks count from it.
extern uint64_t StartTicks INTERLOCK_HIDDEN;
uint64_t monoNs();

/// Inline: the lock wrappers and hooks read the clock for nearly every lock event.
inline uint64_t rawTicks() {
#if defined(__x86_64__)
  return __builtin_ia32_rdtsc();
#else
  return monoNs();
#endif
}
inline uint64_t nowTicks() { return rawTicks() - StartTicks; }

/// Records an event stamped now (rt_record.h has the inline path the lock wrappers use).
void recordEvent(ThreadState *T, EventKind K, uint64_t Obj, uint8_t Flags, uint32_t Site);
/// Writes the trace once (later calls return at once). Async-signal-safe.
void writeTraceOnce(trace::ExitReason Reason, int Code, uint64_t Pc);
/// Zeroed pages, never freed; Populate faults them all in at once.
void *rawAlloc(size_t Bytes, bool Populate = false);
void initRuntime();

// rt_thread.cpp
/// The calling thread's state, once a hook has seen the thread.
extern __thread ThreadState *CurrentState INTERLOCK_HIDDEN INTERLOCK_TLS_EXEC;
/// A thread's first hook: the main thread, or one uninstrumented code created.
ThreadState *attachUnknownThread();
/// Inline: every wrapper and hook starts here.
inline ThreadState *currentThread() {
  if (ThreadState *T = CurrentState)
    return T;
  return attachUnknownThread();
}
/// Null for a thread that never reached a hook; never registers one (signal-safe).
inline ThreadState *currentThreadIfKnown() { return CurrentState; }
ThreadState *newThreadState(uint32_t ParentTid, uint32_t Flags, uint32_t CreateSite);
ThreadState *findThreadByHandle(uint64_t Handle);
uint32_t numThreads();
ThreadState *threadAt(uint32_t Index);

// rt_race.cpp
/// Marks the access points a race-directed run aims at (INTERLOCK_RACE).
void markRaceSites(Site *Sites, uint64_t Count);

// rt_report.cpp
/// Serialized TSan reports (see trace::TsanReportHeader); valid bytes published.
const char *tsanReportBytes(uint64_t *Size);

// rt_fatal.cpp
void installFatalHandlers();

// Raw system calls: not intercepted by TSan, safe in signal handlers.
long sysWrite(int Fd, const void *Buf, size_t N);
int sysOpen(const char *Path, int Flags, int Mode);
long sysRead(int Fd, void *Buf, size_t N);
void sysClose(int Fd);
uint64_t sysGettid();

} // namespace interlock::rt

#endif

extern "C" {
void __tsan_func_entry(void *CallPc) __attribute__((weak));
void __tsan_func_exit() __attribute__((weak));
void __tsan_init() __attribute__((weak));
}

namespace interlock::rt {
/// Pushes the user's call site onto TSan's shadow stack for the duration of a wrapper,
/// so the stacks TSan captures in its interceptors (lock sites, thread creation) show
/// the user's frame: the runtime itself is not instrumented and pushes nothing.
struct TsanFrame {
  explicit TsanFrame(void *CallerPc) {
    if (__tsan_func_entry)
      __tsan_func_entry(CallerPc);
  }
  ~TsanFrame() {
    if (__tsan_func_exit)
      __tsan_func_exit();
  }
  TsanFrame(const TsanFrame &) = delete;
  TsanFrame &operator=(const TsanFrame &) = delete;
};
} // namespace interlock::rt

#define INTERLOCK_TSAN_FRAME() ::interlock::rt::TsanFrame TsanFrame_(__builtin_return_address(0))
