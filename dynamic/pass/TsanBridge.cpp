#include "dynamic/pass/TsanBridge.h"
#include "dynamic/model/HexAddress.h"

#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <map>

namespace interlock {

using trace::TsanPartKind;

namespace {

// A memory-access part's Extra: size | write << 32 | atomic << 33 (TraceFormat.h).
bool isWrite(const TsanPart &P) { return (P.Extra >> 32) & 1; }
bool isAtomic(const TsanPart &P) { return (P.Extra >> 33) & 1; }

/// "read of size 4", "atomic write of size 8".
std::string accessText(const TsanPart &P) {
  return std::string(isAtomic(P) ? "atomic " : "") + (isWrite(P) ? "write" : "read") +
         " of size " + std::to_string(uint32_t(P.Extra));
}

class Bridge {
public:
  Bridge(const Trace &T, const RunAnalysis &A, Symbolizer &Sym, BridgeStats &Stats)
      : T(T), A(A), Sym(Sym), Stats(Stats) {}

  std::vector<Finding> run() {
    FrameEndSites = A.FrameEndSites;
    for (const TsanReport &R : T.Reports)
      for (const TsanPart &P : R.Parts)
        for (uint64_t Pc : P.Pcs)
          Sym.add(Pc);
    Sym.symbolize();
    std::vector<Finding> Out;
    for (const TsanReport &R : T.Reports) {
      ++Stats.Reports;
      if (R.Type == "data-race" || R.Type == "data-race-vptr" ||
          R.Type == "heap-use-after-free") {
        ++Stats.Races;
        if (auto F = deadLocal(R))
          Out.push_back(std::move(*F));
        else
          Out.push_back(race(R));
      } else if (R.Type == "lock-order-inversion") {
        if (auto F = lockOrder(R))
          Out.push_back(std::move(*F));
      } else if (R.Type == "thread-leak") {
        ++Stats.ThreadLeaks;
      } else {
        Out.push_back(other(R));
      }
    }
    return Out;
  }

private:
  const Trace &T;
  const RunAnalysis &A;
  Symbolizer &Sym;
  BridgeStats &Stats;
  /// Return address of each frame-end hook -> its site (where the locals died).
  std::map<uint64_t, uint32_t> FrameEndSites;

  /// TSan's thread id -> Interlock's name for the thread (matched by OS thread id).
  std::string threadName(const TsanReport &R, int64_t TsanTid) const {
    for (const TsanPart &P : R.Parts)
      if (P.Kind == TsanPartKind::Thread && P.Tid == TsanTid)
        if (const TraceThread *Th = T.threadByOsTid(P.Addr))
          return Th->Tid == 0 ? "main thread" : "thread T" + std::to_string(Th->Tid);
    return TsanTid == 0 ? "main thread" : "TSan thread T" + std::to_string(TsanTid);
  }

  std::vector<StackFrame> frames(const TsanPart &P) const { return Sym.userFrames(P.Pcs); }

  /// Notes and stacks for the threads a report mentions: where each was created.
  void addThreads(const TsanReport &R, Finding &F) {
    for (const TsanPart &P : R.Parts) {
      if (P.Kind != TsanPartKind::Thread || P.Tid == 0)
        continue;
      std::string Name = threadName(R, P.Tid);
      std::vector<StackFrame> Fr = frames(P);
      SourceLoc Where;
      if (!Fr.empty())
        Where = Fr.front().Loc;
      else if (const TraceThread *Th = T.threadByOsTid(P.Addr))
        Where = siteLoc(T, Th->CreateSite);
      if (Where.valid())
        F.Related.push_back({Where, Name + " created here"});
      F.Stacks.push_back({Name + " created at", std::move(Fr)});
    }
  }

  Finding race(const TsanReport &R) {
    Finding F;
    F.CheckId = "interlock-tsan-data-race";
    F.Origin = "run";
    std::vector<const TsanPart *> Mops;
    for (const TsanPart &P : R.Parts)
      if (P.Kind == TsanPartKind::Mop)
        Mops.push_back(&P);
    auto access = [&](const TsanPart &P) {
      return accessText(P) + " by " + threadName(R, P.Tid);
    };
    // TSan names the access that detected the race first; which one that is depends
    // on timing. Order the accesses by source location so output is stable.
    std::vector<std::vector<StackFrame>> Frames;
    for (const TsanPart *P : Mops)
      Frames.push_back(frames(*P));
    std::vector<size_t> Order;
    for (size_t I = 0; I < Mops.size(); ++I)
      Order.push_back(I);
    std::stable_sort(Order.begin(), Order.end(), [&](size_t A, size_t B) {
      if (Frames[A].empty() != Frames[B].empty())
        return !Frames[A].empty();
      return !Frames[A].empty() && Frames[A].front().Loc < Frames[B].front().Loc;
    });
    std::string Msg = "data race";
    for (size_t K = 0; K < Order.size(); ++K) {
      const TsanPart &P = *Mops[Order[K]];
      std::vector<StackFrame> &Fr = Frames[Order[K]];
      if (K == 0) {
        Msg += ": " + access(P) + " at " + hexAddress(P.Addr);
        if (!Fr.empty())
          F.Primary = Fr.front().Loc;
      } else {
        if (K == 1)
          Msg += ", and " + access(P);
        if (!Fr.empty())
          F.Related.push_back({Fr.front().Loc, "conflicting " + access(P)});
      }
      F.Stacks.push_back({access(P), std::move(Fr)});
    }
    for (const TsanPart &P : R.Parts)
      if (P.Kind == TsanPartKind::Location && !P.Name.empty()) {
        Msg += " (" + P.Name + " memory)";
        break;
      }
    F.Message = Msg + " [ThreadSanitizer]";
    if (!F.Primary.valid() && !F.Related.empty())
      F.Primary = F.Related.front().Loc;
    addThreads(R, F);
    return F;
  }

  /// A race with the write runtime/rt_frame.cpp reports where an escaped local of a
  /// thread-starting function dies: the other thread outlived the local. Reported as
  /// the missing join it is, at the creation of the thread that used the local.
  std::optional<Finding> deadLocal(const TsanReport &R) {
    const TsanPart *Death = nullptr, *Use = nullptr;
    for (const TsanPart &P : R.Parts) {
      if (P.Kind != TsanPartKind::Mop)
        continue;
      if (!Death && isWrite(P) && !isAtomic(P) && !P.Pcs.empty() &&
          FrameEndSites.count(P.Pcs.front()))
        Death = &P;
      else if (!Use)
        Use = &P;
    }
    if (!Death || !Use)
      return std::nullopt;
    const TraceThread *User = nullptr;
    for (const TsanPart &P : R.Parts)
      if (P.Kind == TsanPartKind::Thread && P.Tid == Use->Tid)
        User = T.threadByOsTid(P.Addr);
    if (!User || User->Tid == 0)
      return std::nullopt;
    const TraceSite *DeathSite = T.site(FrameEndSites[Death->Pcs.front()]);
    std::string Scope = DeathSite && !DeathSite->Function.empty()
                            ? " in '" + DeathSite->Function + "'"
                            : "";
    std::string Access = accessText(*Use);
    std::string Name = threadName(R, Use->Tid);
    Finding F;
    F.CheckId = "interlock-missing-join";
    F.Origin = "run";
    // The stack slot may have held several locals over time (stack coloring, sibling
    // calls): TSan names the last death before the access, which is the one reported.
    F.Message = Name + " uses stack memory of " + threadName(R, Death->Tid) +
                " after a local there went out of scope" + Scope +
                ": the thread was started here and not joined before then (" + Access +
                " at " + hexAddress(Use->Addr) + ") [ThreadSanitizer]";
    F.Primary = siteLoc(T, User->CreateSite);
    std::vector<StackFrame> UseFrames = frames(*Use), DeathFrames = frames(*Death);
    if (!UseFrames.empty())
      F.Related.push_back({UseFrames.front().Loc, Access + " by " + Name + " here"});
    if (!DeathFrames.empty())
      F.Related.push_back({DeathFrames.front().Loc, "the local goes out of scope here"});
    F.Stacks.push_back({Access + " by " + Name, std::move(UseFrames)});
    F.Stacks.push_back({"the local dies", std::move(DeathFrames)});
    if (!F.Primary.valid() && !F.Related.empty())
      F.Primary = F.Related.front().Loc;
    return F;
  }

  std::optional<Finding> lockOrder(const TsanReport &R) {
    std::set<uint64_t> Locks;
    for (const TsanPart &P : R.Parts)
      if (P.Kind == TsanPartKind::Mutex)
        Locks.insert(P.Addr);
    bool AllKnown = !Locks.empty() &&
                    std::all_of(Locks.begin(), Locks.end(),
                                [&](uint64_t L) { return A.KnownLocks.count(L) != 0; });
    if (AllKnown) {
      bool Confirmed = std::any_of(A.Cycles.begin(), A.Cycles.end(),
                                   [&](const std::set<uint64_t> &C) {
                                     return std::includes(Locks.begin(), Locks.end(),
                                                          C.begin(), C.end()) ||
                                            std::includes(C.begin(), C.end(),
                                                          Locks.begin(), Locks.end());
                                   });
      if (Confirmed)
        ++Stats.LockOrderConfirmed;
      else
        ++Stats.LockOrderDropped;
      return std::nullopt;
    }
    // Locks Interlock did not see (taken in uninstrumented code): keep TSan's word.
    Finding F;
    F.CheckId = "interlock-lock-order-inversion";
    F.Origin = "run";
    F.Message = "lock-order inversion (potential deadlock) among";
    for (uint64_t L : Locks)
      F.Message += " " + hexAddress(L);
    F.Message += " [ThreadSanitizer]";
    for (const TsanPart &P : R.Parts)
      if (P.Kind == TsanPartKind::Stack) {
        std::vector<StackFrame> Fr = frames(P);
        if (!Fr.empty()) {
          if (!F.Primary.valid())
            F.Primary = Fr.front().Loc;
          else
            F.Related.push_back({Fr.front().Loc, "lock acquired here"});
        }
        F.Stacks.push_back({"lock acquisition", std::move(Fr)});
      }
    addThreads(R, F);
    return F;
  }

  Finding other(const TsanReport &R) {
    Finding F;
    F.CheckId = "interlock-tsan-report";
    F.Origin = "run";
    F.Message = "ThreadSanitizer: " + R.Type;
    for (const TsanPart &P : R.Parts)
      if (P.Kind == TsanPartKind::Stack || P.Kind == TsanPartKind::Mop) {
        std::vector<StackFrame> Fr = frames(P);
        if (!Fr.empty() && !F.Primary.valid())
          F.Primary = Fr.front().Loc;
        F.Stacks.push_back({R.Type, std::move(Fr)});
      }
    addThreads(R, F);
    return F;
  }
};

} // namespace

std::vector<Finding> bridgeTsanReports(const Trace &T, const RunAnalysis &A,
                                       Symbolizer &Sym, BridgeStats &Stats) {
  return Bridge(T, A, Sym, Stats).run();
}

} // namespace interlock
