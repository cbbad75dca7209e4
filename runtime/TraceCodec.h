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
// is object 0. Varints are unsigned LEB128. A lock/unlock event of a loop over a few
// mutexes is 3 bytes (head, a 2-byte tick delta), at most MaxEventBytes.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_RUNTIME_TRACECODEC_H
#define INTERLOCK_RUNTIME_TRACECODEC_H

#include "TraceFormat.h"

#include <stddef.h>
#include <stdint.h>

namespace interlock::trace {

inline constexpr unsigned MaxEventBytes = 24; // 1 + 10 + 1 + 3 + 7, rounded up
inline constexpr unsigned CodecKinds = 32;    // kinds fit in 5 bits
inline constexpr unsigned CacheSlots = 6;
inline constexpr uint8_t ObjExplicit = 6;
inline constexpr uint8_t ObjZero = 7;
static_assert(uint8_t(EventKind::FrameEnd) < CodecKinds, "event kinds must fit in 5 bits");

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

__attribute__((always_inline)) inline uint8_t *putVarint(uint8_t *Out, uint64_t V) {
  while (V >= 0x80) {
    *Out++ = uint8_t(V) | 0x80;
    V >>= 7;
  }
  *Out++ = uint8_t(V);
  return Out;
}

/// Encodes E at Out (at least MaxEventBytes free); returns the bytes written.
/// Kinds at or above CodecKinds are not representable (static_assert above).
__attribute__((always_inline)) inline size_t encodeEvent(CodecState &S, uint8_t *Out,
                                                       const Event &E) {
  uint8_t *P = Out;
  unsigned Kind = unsigned(E.kind()) & (CodecKinds - 1);
  uint64_t Obj = E.object();
  uint8_t Code = ObjZero;
  if (Obj) {
    Code = ObjExplicit;
    for (unsigned I = 0; I < CacheSlots; ++I)
      if (S.Cache[I] == Obj) {
        Code = uint8_t(I);
        break;
      }
  }
  *P++ = uint8_t(Kind | (unsigned(Code) << 5));
  uint64_t Ticks = E.ticks();
  int64_t Delta = int64_t(Ticks - S.PrevTicks);
  S.PrevTicks = Ticks;
  uint64_t Zig = (uint64_t(Delta) << 1) ^ uint64_t(Delta >> 63);
  uint8_t Flags = E.flags();
  uint32_t Site = E.site();
  bool FlagsNew = Flags != S.KindFlags[Kind], SiteNew = Site != S.KindSite[Kind];
  P = putVarint(P, (Zig << 2) | (uint64_t(FlagsNew) << 1) | uint64_t(SiteNew));
  if (FlagsNew) {
    *P++ = Flags;
    S.KindFlags[Kind] = Flags;
  }
  if (SiteNew) {
    P = putVarint(P, Site);
    S.KindSite[Kind] = Site;
  }
  if (Code == ObjExplicit) {
    P = putVarint(P, Obj);
    S.Cache[S.CacheNext] = Obj;
    S.CacheNext = S.CacheNext + 1 == CacheSlots ? 0 : S.CacheNext + 1;
  }
  return size_t(P - Out);
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

/// Decodes one event at P (advancing it); false if the bytes are malformed or end
/// inside the event.
inline bool decodeEvent(CodecState &S, const uint8_t *&P, const uint8_t *End, Event &E) {
  if (P == End)
    return false;
  uint8_t Head = *P++;
  unsigned Kind = Head & (CodecKinds - 1);
  uint8_t Code = Head >> 5;
  uint64_t TickField;
  if (!getVarint(P, End, TickField))
    return false;
  uint64_t Zig = TickField >> 2;
  int64_t Delta = int64_t(Zig >> 1) ^ -int64_t(Zig & 1);
  uint64_t Ticks = (S.PrevTicks + uint64_t(Delta)) & Event::TickMask;
  S.PrevTicks = Ticks;
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
  uint64_t Obj = 0;
  if (Code == ObjExplicit) {
    if (!getVarint(P, End, Obj) || Obj > Event::ObjMask)
      return false;
    S.Cache[S.CacheNext] = Obj;
    S.CacheNext = S.CacheNext + 1 == CacheSlots ? 0 : S.CacheNext + 1;
  } else if (Code < CacheSlots) {
    Obj = S.Cache[Code];
  }
  E = Event::make(EventKind(Kind), Obj, S.KindFlags[Kind], Ticks, S.KindSite[Kind]);
  return true;
}

} // namespace interlock::trace

#endif
