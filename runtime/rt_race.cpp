//===- rt_race.cpp - Which access points are a race's two sides -----------===//
//
// Race-directed runs (docs/stress.md, "Race-directed scheduling") aim at one race:
// INTERLOCK_RACE="FILE:LINE[:COL][,...]|FILE:LINE[:COL][,...]" names the
// accesses of side A before the bar and of side B after it (the two accesses of a
// ThreadSanitizer report, or a static finding and its conflicting accesses). Each
// module's site table is matched once, when it registers: an access point whose
// source position is one of them gets SiteRaceA or SiteRaceB in its flags, which the
// scheduler reads at the access (rt_sched_core.h, accessPoint()). Positions match by
// file name (the last path component, so a path relative to another folder than the
// compiler's still matches), line and, when given, column; a column that no access
// point of the module has (a static finding names the variable, the access point the
// operator) falls back to every access point of that line.
//
//===----------------------------------------------------------------------===//
#include "rt_internal.h"

#include <stdlib.h>
#include <string.h>

namespace interlock::rt {
namespace {

struct Target {
  char File[256]; // the last path component
  uint32_t Line;
  uint32_t Column; // 0: any
  uint32_t Flag;   // SiteRaceA or SiteRaceB
};

constexpr uint32_t MaxTargets = 32;
Target Targets[MaxTargets];
uint32_t NumTargets;
int Parsed; // 0 not yet, 1 done (registration runs in constructors, one at a time)

const char *baseName(const char *Path) {
  const char *Slash = strrchr(Path, '/');
  return Slash ? Slash + 1 : Path;
}

bool allDigits(const char *S, const char *End) {
  if (S == End)
    return false;
  for (; S < End; ++S)
    if (*S < '0' || *S > '9')
      return false;
  return true;
}

/// One "FILE:LINE[:COL]" of length Len at S.
void addTarget(const char *S, size_t Len, uint32_t Flag) {
  const char *End = S + Len, *Colon = nullptr, *Second = nullptr;
  for (const char *P = S; P < End; ++P)
    if (*P == ':') {
      Second = Colon;
      Colon = P;
    }
  uint32_t Column = 0;
  // FILE:LINE:COL when the last two fields are numbers, else FILE:LINE.
  if (Second && allDigits(Second + 1, Colon) && allDigits(Colon + 1, End)) {
    Column = uint32_t(strtoul(Colon + 1, nullptr, 10));
    Colon = Second;
  }
  if (!Colon || NumTargets == MaxTargets)
    return;
  Target &T = Targets[NumTargets];
  const char *Start = S;
  for (const char *P = S; P < Colon; ++P)
    if (*P == '/')
      Start = P + 1;
  size_t N = size_t(Colon - Start);
  if (N == 0 || N >= sizeof(T.File))
    return;
  memcpy(T.File, Start, N);
  T.File[N] = '\0';
  T.Line = uint32_t(strtoul(Colon + 1, nullptr, 10));
  T.Column = Column;
  T.Flag = Flag;
  if (T.Line)
    ++NumTargets;
}

void parseTargets() {
  Parsed = 1;
  const char *Spec = getenv("INTERLOCK_RACE");
  if (!Spec)
    return;
  uint32_t Flag = trace::SiteRaceA;
  const char *Item = Spec;
  for (const char *P = Spec;; ++P) {
    if (*P == ',' || *P == '|' || *P == '\0') {
      addTarget(Item, size_t(P - Item), Flag);
      Item = P + 1;
      if (*P == '|')
        Flag = trace::SiteRaceB;
      if (*P == '\0')
        break;
    }
  }
}

} // namespace

void markRaceSites(Site *Sites, uint64_t Count) {
  if (!Parsed)
    parseTargets();
  if (!NumTargets)
    return;
  for (uint32_t J = 0; J < NumTargets; ++J) {
    const Target &T = Targets[J];
    auto Matches = [&](const Site &S, bool ByColumn) {
      return S.File && S.Line == T.Line && (!ByColumn || S.Column == T.Column) &&
             !strcmp(T.File, baseName(S.File));
    };
    bool Exact = false;
    for (uint64_t I = 0; I < Count && T.Column && !Exact; ++I)
      Exact = Matches(Sites[I], true);
    for (uint64_t I = 0; I < Count; ++I)
      if (Matches(Sites[I], Exact))
        Sites[I].Flags |= T.Flag;
  }
}

} // namespace interlock::rt
