//===- DeadlockFinding.cpp - The scheduler's deadlock report as a finding -===//
#include "dynamic/pass/DeadlockFinding.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>

namespace interlock::stress {
namespace {

std::string hex(uint64_t V) {
  std::string S;
  llvm::raw_string_ostream(S) << llvm::format_hex(V, 2);
  return S;
}

std::string waitText(const BlockedRecord &B) {
  std::string Holder;
  if (B.Holder)
    Holder = *B.Holder == B.Tid ? ", which it already holds"
                                : " held by " + runThreadName(*B.Holder) +
                                      (B.HolderEnded ? " (which has ended)" : "");
  if (B.Wait == "lock")
    return "waits for mutex " + hex(B.Obj) + Holder;
  if (B.Wait == "rdlock" || B.Wait == "wrlock")
    return "waits for reader-writer lock " + hex(B.Obj) +
           (B.Wait == "rdlock" ? " (shared)" : " (exclusive)") + Holder;
  if (B.Wait == "cond")
    return B.Holder ? "was notified on condition variable " + hex(B.Obj) +
                          " and waits for mutex " + hex(B.Mutex) + Holder
                    : "waits on condition variable " + hex(B.Obj) +
                          " that no running thread can notify";
  if (B.Wait == "join")
    return "waits to join " + runThreadName(uint32_t(B.Obj));
  if (B.Wait == "barrier")
    return "waits at barrier " + hex(B.Obj) + " that too few threads can reach";
  if (B.Wait == "futex")
    return "waits on futex word " + hex(B.Obj) +
           " (an atomic wait, semaphore, latch or barrier) that no running thread can wake";
  return "waits (" + B.Wait + ")";
}

const TraceThread *threadOf(const Trace &T, uint32_t Tid) {
  for (const TraceThread &Th : T.Threads)
    if (Th.Tid == Tid)
      return &Th;
  return nullptr;
}

/// Where Tid last acquired Lock (site id), 0 if unknown.
uint32_t acquireSite(const Trace &T, uint32_t Tid, uint64_t Lock) {
  const TraceThread *Th = threadOf(T, Tid);
  if (!Th)
    return 0;
  uint32_t Site = 0;
  T.forEachEvent(*Th, [&](const trace::Event &E) {
    if (E.kind() == trace::EventKind::LockAcquired &&
        E.object() == (Lock & trace::Event::ObjMask))
      Site = E.site();
  });
  return Site;
}

} // namespace

Finding deadlockFinding(const SchedLog &Log, const Trace *T, const RunAnalysis *A) {
  Finding F;
  F.Level = Severity::Error;
  F.Origin = "stress";
  bool Double = Log.DeadlockKind == "double-lock";
  F.CheckId = Double ? "interlock-double-lock" : "interlock-deadlock";

  // The threads to show: the cycle first (in order), then every other blocked thread.
  std::vector<const BlockedRecord *> Shown;
  for (uint32_t Tid : Log.Cycle)
    for (const BlockedRecord &B : Log.Blocked)
      if (B.Tid == Tid)
        Shown.push_back(&B);
  for (const BlockedRecord &B : Log.Blocked)
    if (std::find(Shown.begin(), Shown.end(), &B) == Shown.end())
      Shown.push_back(&B);

  std::string Msg = Double ? "double lock: " : Log.DeadlockKind == "cycle" ? "deadlock: " : "deadlock (no thread can run): ";
  for (size_t I = 0; I < Shown.size(); ++I)
    Msg += (I ? "; " : "") + runThreadName(Shown[I]->Tid) + " " + waitText(*Shown[I]);
  F.Message = Msg;

  for (const BlockedRecord *B : Shown) {
    Stack S;
    S.Title = runThreadName(B->Tid) + " (blocked)";
    if (T && A) {
      // Locks it holds, in the order it took them, then where it waits.
      for (const auto &[Lock, Holder] : A->HeldAtEnd)
        if (Holder == B->Tid)
          if (uint32_t Site = acquireSite(*T, B->Tid, Lock))
            S.Frames.push_back({"acquired " + hex(Lock), siteLoc(*T, Site)});
      for (const PendingOp &P : A->Pending)
        if (P.Tid == B->Tid) {
          SourceLoc Loc = siteLoc(*T, P.Site);
          S.Frames.push_back({waitText(*B), Loc});
          if (!F.Primary.valid())
            F.Primary = Loc;
          F.Related.push_back({Loc, runThreadName(B->Tid) + " " + waitText(*B) + " here"});
        }
    }
    F.Stacks.push_back(std::move(S));
  }
  return F;
}

} // namespace interlock::stress
