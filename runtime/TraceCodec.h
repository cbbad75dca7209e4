//===- TraceCodec.h - The compact encoding of events in an event block ----===//
//
// Shared by the runtime (encoder, on the hot path) and the trace reader (decoder). Plain
// C++ with fixed-width integers only, like TraceFormat.h. docs/run.md ("Event
// encoding") describes the same bytes for users; change both together and bump
// trace::Version.
//
// An event block decodes on its own: encoder and decoder start every block from a
// zeroed CodecState. Each event is
//
//   u8     Head   = kind (bits 0-4) | object code << 5 (bits 5-7)
//   varint Ticks  = zigzag(ticks - previous event's ticks) << 2
//                   | flags present << 1 | site present
//   [u8     flags]   if present, else the flags of the previous event of the same kind
//   [varint site ]   if present, else the site of the previous event of the same kind
//   [varint object]  if object code == ObjExplicit
//
// Object codes 0..5 name a slot of a 6-entry cache of recent objects; ObjExplicit is
// followed by the object, which then replaces the oldest slot (round robin); ObjZero
// is object 0. Varints are unsigned LEB128.
//
// A lock held with nothing recorded in between, lock-acquired then lock-released of
// the same object, is one hold:
//
//   u8     Head   = HoldCode | object code << 5
//   varint Ticks  [u8 flags] [varint site]   the acquisition's, as above
//   varint Held   = zigzag(release ticks - acquisition ticks) << 2
//                   | release flags present << 1 | release site present
//   [u8 flags] [varint site]                 the release's, as above
//   [varint object]
//
// It decodes to the same two events, leaving the same state, as the two would have. In
// a loop over a few mutexes an event is 3 bytes (head, a 2-byte tick delta) and a hold
// 5; any event or hold is at most MaxEventBytes.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_RUNTIME_TRACECODEC_H
#define INTERLOCK_RUNTIME_TRACECODEC_H

#include "TraceFormat.h"

#include <stddef.h>
#include <stdint.h>

namespace interlock::trace {

/// The largest event or hold: 1 + 2 * (10 + 1 + 3) + 7, rounded up.
inline constexpr unsigned MaxEventBytes = 40;
inline constexpr unsigned CodecKinds = 32; // kinds fit in 5 bits
/// The kind code of a hold (lock-acquired + lock-released); not an EventKind.
inline constexpr unsigned HoldCode = CodecKinds - 1;
/// A hold decodes to two events.
inline constexpr unsigned MaxDecodedEvents = 2;
inline constexpr unsigned CacheSlots = 6;
inline constexpr uint8_t ObjExplicit = 6;
inline constexpr uint8_t ObjZero = 7;
static_assert(uint8_t(EventKind::Last) < HoldCode, "event kinds must fit in 5 bits");

/// The state encoder and decoder share; zero it at every block start.
struct CodecState {
  uint64_t PrevTicks;
  uint64_t Cache[CacheSlots];
  uint32_t CacheNext;
  uint32_t KindSite[CodecKinds];
  uint8_t KindFlags[CodecKinds];
};

inline void resetCodec(CodecState &S) {
  uint8_t *P = (uint8_t *)&S;
  for (size_t I = 0; I < sizeof(S); ++I)
    P[I] = 0;
}

/// The first three bytes unrolled: a lock event's tick delta takes two or three.
__attribute__((always_inline)) inline uint8_t *putVarint(uint8_t *Out, uint64_t V) {
  if (__builtin_expect(V < 0x80, 0)) {
    Out[0] = uint8_t(V);
    return Out + 1;
  }
  Out[0] = uint8_t(V) | 0x80;
  if (V < 0x4000) {
    Out[1] = uint8_t(V >> 7);
    return Out + 2;
  }
  Out[1] = uint8_t(V >> 7) | 0x80;
  V >>= 14;
  Out += 2;
  while (V >= 0x80) {
    *Out++ = uint8_t(V) | 0x80;
    V >>= 7;
  }
  *Out++ = uint8_t(V);
  return Out;
}

__attribute__((always_inline)) inline uint64_t zigzag(uint64_t From, uint64_t To) {
  int64_t Delta = int64_t(To - From);
  return (uint64_t(Delta) << 1) ^ uint64_t(Delta >> 63);
}

/// The head byte for Kind and Obj. Code is Obj's cache slot, ObjZero, or ObjExplicit:
/// then putObject writes Obj and caches it.
__attribute__((always_inline)) inline uint8_t *putHead(CodecState &S, uint8_t *P,
                                                     unsigned Kind, uint64_t Obj,
                                                     uint8_t &Code) {
  // Unrolled: a search loop's counter and exit tests cost more than the compares.
  static_assert(CacheSlots == 6);
  Code = !Obj                ? ObjZero
         : S.Cache[0] == Obj ? 0
         : S.Cache[1] == Obj ? 1
         : S.Cache[2] == Obj ? 2
         : S.Cache[3] == Obj ? 3
         : S.Cache[4] == Obj ? 4
         : S.Cache[5] == Obj ? 5
                             : ObjExplicit;
  *P++ = uint8_t(Kind | (unsigned(Code) << 5));
  return P;
}

/// A tick field (Zig << 2 | flags present << 1 | site present), then the flags and site
/// that differ from the previous ones of Kind.
__attribute__((always_inline)) inline uint8_t *putTicksFlagsSite(CodecState &S, uint8_t *P,
                                                                unsigned Kind, uint64_t Zig,
                                                                uint8_t Flags, uint32_t Site) {
  bool FlagsNew = Flags != S.KindFlags[Kind], SiteNew = Site != S.KindSite[Kind];
  if (__builtin_expect(!FlagsNew && !SiteNew, 1)) // a lock's site and flags, as last time
    return putVarint(P, Zig << 2);
  P = putVarint(P, (Zig << 2) | (uint64_t(FlagsNew) << 1) | uint64_t(SiteNew));
  if (FlagsNew) {
    *P++ = Flags;
    S.KindFlags[Kind] = Flags;
  }
  if (SiteNew) {
    P = putVarint(P, Site);
    S.KindSite[Kind] = Site;
  }
  return P;
}

__attribute__((always_inline)) inline uint8_t *putObject(CodecState &S, uint8_t *P,
                                                       uint8_t Code, uint64_t Obj) {
  if (Code == ObjExplicit) {
    P = putVarint(P, Obj);
    S.Cache[S.CacheNext] = Obj;
    S.CacheNext = S.CacheNext + 1 == CacheSlots ? 0 : S.CacheNext + 1;
  }
  return P;
}

/// Encodes E at Out (at least MaxEventBytes free); returns the bytes written.
/// Kinds at or above HoldCode are not representable (static_assert above).
__attribute__((always_inline)) inline size_t encodeEvent(CodecState &S, uint8_t *Out,
                                                       const Event &E) {
  unsigned Kind = unsigned(E.kind()) & (CodecKinds - 1);
  uint8_t Code;
  uint8_t *P = putHead(S, Out, Kind, E.object(), Code);
  uint64_t Zig = zigzag(S.PrevTicks, E.ticks());
  S.PrevTicks = E.ticks();
  P = putTicksFlagsSite(S, P, Kind, Zig, E.flags(), E.site());
  return size_t(putObject(S, P, Code, E.object()) - Out);
}

/// Encodes lock-acquired then lock-released of Obj as one hold (at least MaxEventBytes
/// free at Out); returns the bytes written.
__attribute__((always_inline)) inline size_t
encodeHold(CodecState &S, uint8_t *Out, uint64_t Obj, uint8_t AcquiredFlags,
           uint32_t AcquiredSite, uint64_t AcquiredTicks, uint8_t ReleasedFlags,
           uint32_t ReleasedSite, uint64_t ReleasedTicks) {
  uint8_t Code;
  uint8_t *P = putHead(S, Out, HoldCode, Obj, Code);
  P = putTicksFlagsSite(S, P, unsigned(EventKind::LockAcquired),
                        zigzag(S.PrevTicks, AcquiredTicks), AcquiredFlags, AcquiredSite);
  P = putTicksFlagsSite(S, P, unsigned(EventKind::LockReleased),
                        zigzag(AcquiredTicks, ReleasedTicks), ReleasedFlags, ReleasedSite);
  S.PrevTicks = ReleasedTicks;
  return size_t(putObject(S, P, Code, Obj) - Out);
}

/// Whether a hold's acquisition and release carry the flags and sites of the previous
/// ones: the common case, a lock taken and released at the same lines as last time.
__attribute__((always_inline)) inline bool usualHold(const CodecState &S, uint8_t AcquiredFlags,
                                                     uint32_t AcquiredSite,
                                                     uint8_t ReleasedFlags,
                                                     uint32_t ReleasedSite) {
  const unsigned Acq = unsigned(EventKind::LockAcquired), Rel = unsigned(EventKind::LockReleased);
  return AcquiredFlags == S.KindFlags[Acq] && AcquiredSite == S.KindSite[Acq] &&
         ReleasedFlags == S.KindFlags[Rel] && ReleasedSite == S.KindSite[Rel];
}

/// encodeHold for a usual hold (usualHold): the same bytes and state, from fewer inputs,
/// for the lock hooks' fast path.
__attribute__((always_inline)) inline size_t encodeUsualHold(CodecState &S, uint8_t *Out,
                                                             uint64_t Obj,
                                                             uint64_t AcquiredTicks,
                                                             uint64_t ReleasedTicks) {
  uint8_t Code;
  uint8_t *P = putHead(S, Out, HoldCode, Obj, Code);
  P = putVarint(P, zigzag(S.PrevTicks, AcquiredTicks) << 2);
  P = putVarint(P, zigzag(AcquiredTicks, ReleasedTicks) << 2);
  S.PrevTicks = ReleasedTicks;
  return size_t(putObject(S, P, Code, Obj) - Out);
}

inline bool getVarint(const uint8_t *&P, const uint8_t *End, uint64_t &V) {
  V = 0;
  for (unsigned Shift = 0; Shift < 64; Shift += 7) {
    if (P == End)
      return false;
    uint8_t B = *P++;
    V |= uint64_t(B & 0x7F) << Shift;
    if (!(B & 0x80))
      return true;
  }
  return false;
}

/// Reads a tick field and the flags and site of Kind that follow it; Ticks is Base
/// plus the field's delta.
inline bool getTicksFlagsSite(CodecState &S, const uint8_t *&P, const uint8_t *End,
                              unsigned Kind, uint64_t Base, uint64_t &Ticks) {
  uint64_t TickField;
  if (!getVarint(P, End, TickField))
    return false;
  uint64_t Zig = TickField >> 2;
  int64_t Delta = int64_t(Zig >> 1) ^ -int64_t(Zig & 1);
  Ticks = (Base + uint64_t(Delta)) & Event::TickMask;
  if (TickField & 2) {
    if (P == End)
      return false;
    S.KindFlags[Kind] = *P++;
  }
  if (TickField & 1) {
    uint64_t Site;
    if (!getVarint(P, End, Site) || Site >= (uint64_t(1) << 20))
      return false;
    S.KindSite[Kind] = uint32_t(Site);
  }
  return true;
}

/// Decodes one event or hold at P (advancing it) into Out; returns the number of
/// events (1, or 2 for a hold), 0 if the bytes are malformed or end inside the event.
inline unsigned decodeEvents(CodecState &S, const uint8_t *&P, const uint8_t *End,
                             Event Out[MaxDecodedEvents]) {
  if (P == End)
    return 0;
  uint8_t Head = *P++;
  unsigned Kind = Head & (CodecKinds - 1);
  uint8_t Code = Head >> 5;
  bool Hold = Kind == HoldCode;
  unsigned First = Hold ? unsigned(EventKind::LockAcquired) : Kind;
  uint64_t Ticks, Released = 0;
  if (!getTicksFlagsSite(S, P, End, First, S.PrevTicks, Ticks))
    return 0;
  S.PrevTicks = Ticks;
  if (Hold) {
    if (!getTicksFlagsSite(S, P, End, unsigned(EventKind::LockReleased), Ticks, Released))
      return 0;
    S.PrevTicks = Released;
  }
  uint64_t Obj = 0;
  if (Code == ObjExplicit) {
    if (!getVarint(P, End, Obj) || Obj > Event::ObjMask)
      return 0;
    S.Cache[S.CacheNext] = Obj;
    S.CacheNext = S.CacheNext + 1 == CacheSlots ? 0 : S.CacheNext + 1;
  } else if (Code < CacheSlots) {
    Obj = S.Cache[Code];
  }
  Out[0] = Event::make(EventKind(First), Obj, S.KindFlags[First], Ticks, S.KindSite[First]);
  if (!Hold)
    return 1;
  const unsigned Rel = unsigned(EventKind::LockReleased);
  Out[1] = Event::make(EventKind::LockReleased, Obj, S.KindFlags[Rel], Released,
                       S.KindSite[Rel]);
  return 2;
}

} // namespace interlock::trace

#endif
