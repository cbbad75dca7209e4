//===- rt_record.h - Recording an event: the inline hot path --------------===//
//
// The lock wrappers (rt_mutex.cpp) record two events for nearly every lock/unlock pair
// the program runs, and under ThreadSanitizer every nanosecond they add counts against
// TSan's own cost. So recording is inline in the wrapper: one check for room, the
// encoding (TraceCodec.h) straight into the thread's block, and one published
// BlockState for the release together with the acquisition deferred before it, the
// two encoded as one hold when they are of the same lock.
// rt_trace.cpp owns the buffers and the file; makeRoom() is its slow path.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_RT_RECORD_H
#define INTERLOCK_RT_RECORD_H

#include "rt_internal.h"

namespace interlock::rt {

/// 0 not yet known, 1 recording, 2 no trace (empty trace_path).
extern int TraceOn INTERLOCK_HIDDEN;
/// Size of each thread's block buffer: headers, then encoded events.
extern uint32_t BlockBytes INTERLOCK_HIDDEN;
/// Room for the section and block headers at the start of every buffer.
inline constexpr uint32_t BlockHeaderBytes =
    sizeof(trace::SectionHeader) + sizeof(trace::EventBlockHeader);
static_assert(BlockHeaderBytes % trace::BlockAlign == 0);

/// The thread's first event, or a full buffer (written to the file and reset). False
/// if the event cannot be stored (counted as dropped unless the trace is closing).
bool makeRoom(ThreadState *T);

inline bool tracing() {
  int On = __atomic_load_n(&TraceOn, __ATOMIC_ACQUIRE);
  if (__builtin_expect(On == 0, 0)) {
    initRuntime();
    On = __atomic_load_n(&TraceOn, __ATOMIC_ACQUIRE);
  }
  return On == 1;
}

/// ThreadState::RoomEnd for a buffer of BlockBytes.
inline uint32_t roomEnd() {
  return BlockBytes - BlockHeaderBytes - trace::MaxEventBytes - trace::BlockAlign + 1;
}

/// Whether the thread's buffer has room for Events more events, each at its largest.
/// A buffer exists only once tracing() said so: the hooks' fast paths need not ask.
__attribute__((always_inline)) inline bool hasRoom(const ThreadState *T, unsigned Events) {
  return uint32_t(T->BlockState) + (Events - 1) * trace::MaxEventBytes < T->RoomEnd;
}

/// Where the thread's next Events events go (room for each at its largest), or null.
__attribute__((always_inline)) inline uint8_t *eventRoom(ThreadState *T, unsigned Events) {
  if (__builtin_expect(!hasRoom(T, Events), 0))
    if (!makeRoom(T))
      return nullptr;
  return T->Block + BlockHeaderBytes + uint32_t(T->BlockState);
}

/// Makes Bytes more bytes, Events whole events, visible to the trace writer.
__attribute__((always_inline)) inline void publishEvents(ThreadState *T, size_t Bytes,
                                                         unsigned Events) {
  T->BlockEvents += Events;
  __atomic_store_n(&T->BlockState, T->BlockState + Bytes, __ATOMIC_RELEASE);
}

/// Whether the thread's lock slot holds an acquisition not yet written (rt_mutex.cpp).
inline bool acquisitionDeferred(const ThreadState *T) { return T->LockState >= LockDeferred; }

/// The thread's acquisition kept out of its critical section (rt_mutex.cpp), as an event.
inline trace::Event deferredAcquisition(const ThreadState *T) {
  return trace::Event::make(EventKind::LockAcquired, T->LockObj,
                            T->LockFlags | trace::LockNoAttempt, T->AcquiredTicks,
                            T->LockSite);
}

/// The thread's lock call in progress (rt_mutex.cpp), as its attempt event.
inline trace::Event pendingAttempt(const ThreadState *T) {
  return trace::Event::make(EventKind::LockAttempt, T->LockObj, T->LockFlags,
                            T->AttemptTicks, T->LockSite);
}

__attribute__((always_inline)) inline size_t encodeDeferred(ThreadState *T, uint8_t *Out) {
  return trace::encodeEvent(T->Codec, Out, deferredAcquisition(T));
}

/// Cleared only once the event is published: the trace writer may run in between (a
/// signal) and must not lose it; at worst it writes it twice.
inline void clearLockSlot(ThreadState *T) {
  __atomic_store_n(&T->LockState, LockIdle, __ATOMIC_RELEASE);
}

/// Writes the thread's deferred acquisition (rt_mutex.cpp), if any.
__attribute__((always_inline)) inline void flushDeferred(ThreadState *T) {
  if (__builtin_expect(acquisitionDeferred(T), 0)) {
    if (tracing())
      if (uint8_t *Out = eventRoom(T, 1))
        publishEvents(T, encodeDeferred(T, Out), 1);
    clearLockSlot(T);
  }
}

/// Records an event stamped Ticks, after the thread's deferred acquisition if any.
__attribute__((always_inline)) inline void recordEventAt(ThreadState *T, EventKind K,
                                                         uint64_t Obj, uint8_t Flags,
                                                         uint32_t Site, uint64_t Ticks) {
  bool Deferred = acquisitionDeferred(T);
  if (__builtin_expect(tracing(), 1))
    if (uint8_t *Out = eventRoom(T, 2)) {
      size_t N;
      if (Deferred && K == EventKind::LockReleased && T->LockObj == Obj) {
        N = trace::encodeHold(T->Codec, Out, Obj, T->LockFlags | trace::LockNoAttempt,
                              T->LockSite, T->AcquiredTicks, Flags, Site, Ticks);
      } else {
        N = Deferred ? encodeDeferred(T, Out) : 0;
        N += trace::encodeEvent(T->Codec, Out + N,
                                trace::Event::make(K, Obj, Flags, Ticks, Site));
      }
      publishEvents(T, N, Deferred ? 2 : 1);
    }
  if (Deferred)
    clearLockSlot(T);
}

} // namespace interlock::rt

#endif
