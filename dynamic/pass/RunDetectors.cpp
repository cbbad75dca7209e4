#include "dynamic/pass/RunDetectors.h"
#include "dynamic/model/HexAddress.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <tuple>

namespace interlock {

using trace::EventKind;

SourceLoc siteLoc(const Trace &T, uint32_t Site) {
  SourceLoc L;
  if (const TraceSite *S = T.site(Site)) {
    L.File = S->File;
    L.Line = S->Line;
    L.Column = S->Column;
  }
  return L;
}

std::string runThreadName(uint32_t Tid) {
  return Tid == 0 ? "main thread" : "thread T" + std::to_string(Tid);
}

std::string describeSite(const Trace &T, uint32_t Site) {
  const TraceSite *S = T.site(Site);
  if (!S)
    return "<unknown site>";
  return S->File + ":" + std::to_string(S->Line) + ":" + std::to_string(S->Column) +
         (S->Function.empty() ? "" : " in " + S->Function);
}

namespace {


using VectorClock = std::vector<uint64_t>;

bool happensBefore(const VectorClock &A, uint32_t ATid, const VectorClock &B) {
  uint64_t Mine = ATid < A.size() ? A[ATid] : 0;
  uint64_t Seen = ATid < B.size() ? B[ATid] : 0;
  return Mine != 0 && Mine <= Seen;
}

/// One lock-order edge: Tid held From (and Held) when it blocked to acquire To.
struct Edge {
  uint64_t From, To;
  uint32_t Tid;
  std::vector<uint64_t> Held; // sorted, includes From
  uint32_t FromSite, ToSite;
  uint64_t Ticks;
  VectorClock Clock;
};

struct HeldLock {
  uint64_t Addr;
  uint32_t Count;
  uint32_t Site;
};

class Analyzer {
public:
  Analyzer(const Trace &T, const DetectorOptions &O) : T(T), Opt(O) {}

  RunAnalysis run() {
    // One pass over each thread's events, streamed from the trace: what later passes
    // need (thread structure, lock-order edges) is kept, bounded by the number of
    // threads and locks, not by the number of events.
    for (const TraceThread &Th : T.Threads)
      replayThread(Th);
    assignClocks();
    findCycles();
    threadLifetimes();
    normalizeFindings(R.Findings);
    return std::move(R);
  }

private:
  const Trace &T;
  const DetectorOptions &Opt;
  RunAnalysis R;
  std::vector<Edge> Edges;
  std::map<std::tuple<uint64_t, uint64_t, uint32_t, std::vector<uint64_t>>, size_t> EdgeIndex;
  /// The thread-structure events of every thread (create, start, end, join, detach,
  /// terminate): the vector clocks and the thread lifetimes are computed from these.
  struct Structural {
    uint32_t Tid;
    trace::Event E;
  };
  std::vector<Structural> StructuralEvents;
  /// One finding per (check, message, site): a program that double-locks in a loop
  /// gives one, and the findings do not grow with the trace.
  std::set<std::tuple<std::string, std::string, uint32_t>> Reported;

  void addOnce(llvm::StringRef Check, std::string Message, uint32_t Site) {
    if (Reported.emplace(Check.str(), Message, Site).second)
      R.Findings.push_back(make(Check, std::move(Message), Site));
  }

  Finding make(llvm::StringRef Check, std::string Message, uint32_t Site) {
    Finding F;
    F.CheckId = Check.str();
    F.Message = std::move(Message);
    F.Primary = siteLoc(T, Site);
    F.Origin = "run";
    return F;
  }

  void replayThread(const TraceThread &Th) {
    std::vector<HeldLock> Held;
    std::optional<trace::Event> Pending;
    auto find = [&](uint64_t A) {
      return std::find_if(Held.begin(), Held.end(),
                          [A](const HeldLock &H) { return H.Addr == A; });
    };
    T.forEachEvent(Th, [&](const trace::Event &E) {
      ++R.NumEvents;
      uint64_t Obj = E.object();
      switch (E.kind()) {
      case EventKind::ThreadCreate:
      case EventKind::ThreadStart:
      case EventKind::JoinAfter:
      case EventKind::Detach:
      case EventKind::TerminateJoinable:
        StructuralEvents.push_back({Th.Tid, E});
        if (E.kind() == EventKind::JoinAfter)
          Pending.reset();
        break;
      case EventKind::FrameEnd:
        R.FrameEndSites[Obj] = E.site();
        break;
      case EventKind::AssertFail:
        if (!R.FailedAssert || E.ticks() < R.FailedAssert->Ticks)
          R.FailedAssert = RunAnalysis::Assertion{Th.Tid, E.site(), E.ticks()};
        break;
      case EventKind::LockAttempt:
        R.KnownLocks.insert(Obj);
        Pending = E;
        // The thread may wait here while holding what it holds: the lock-order edges
        // start at the attempt (an attempt that never returns is the deadlock itself).
        if (!(E.flags() & trace::LockTry) && find(Obj) == Held.end())
          addEdges(Held, Obj, Th.Tid, E);
        if (!(E.flags() & (trace::LockRecursive | trace::LockTry | trace::LockShared)) &&
            find(Obj) != Held.end())
          addOnce("interlock-double-lock",
                  "mutex " + hexAddress(Obj) + " locked again by " + runThreadName(Th.Tid) +
                      ", which already holds it; it can never be acquired",
                  E.site());
        break;
      case EventKind::LockAcquired: {
        R.KnownLocks.insert(Obj);
        Pending.reset();
        auto It = find(Obj);
        if (It != Held.end()) {
          ++It->Count;
          break;
        }
        // No attempt event before: reacquired after a condition wait, or taken at once
        // (events-only builds).
        if ((E.flags() & (trace::LockFromCond | trace::LockNoAttempt)) &&
            !(E.flags() & trace::LockTry))
          addEdges(Held, Obj, Th.Tid, E);
        Held.push_back({Obj, 1, E.site()});
        break;
      }
      case EventKind::LockTryFailed:
        Pending.reset();
        break;
      case EventKind::LockReleased: {
        auto It = find(Obj);
        if (It != Held.end() && --It->Count == 0)
          Held.erase(It);
        break;
      }
      case EventKind::UnlockNotHeld:
        addOnce("interlock-unlock-not-held",
                "mutex " + hexAddress(Obj) + " unlocked by " + runThreadName(Th.Tid) +
                    ", which does not hold it",
                E.site());
        break;
      case EventKind::JoinBefore:
        StructuralEvents.push_back({Th.Tid, E});
        Pending = E;
        break;
      case EventKind::CondWait:
        Pending = E;
        break;
      case EventKind::CondWake:
      case EventKind::BarrierDone:
        Pending.reset();
        break;
      case EventKind::BarrierWait:
        Pending = E;
        break;
      case EventKind::ThreadEnd:
        StructuralEvents.push_back({Th.Tid, E});
        for (const HeldLock &H : Held)
          addOnce("interlock-lock-leak",
                  "mutex " + hexAddress(H.Addr) + " is still held when " +
                      runThreadName(Th.Tid) + " ends",
                  H.Site);
        break;
      default:
        break;
      }
    });
    for (const HeldLock &H : Held)
      R.HeldAtEnd[H.Addr] = Th.Tid;
    if (Pending)
      R.Pending.push_back(
          {Th.Tid, Pending->kind(), Pending->flags(), Pending->object(), Pending->site()});
  }

  void addEdges(const std::vector<HeldLock> &Held, uint64_t Obj, uint32_t Tid,
                const trace::Event &E) {
    if (Held.empty())
      return;
    std::vector<uint64_t> HeldSet;
    for (const HeldLock &H : Held)
      HeldSet.push_back(H.Addr);
    std::sort(HeldSet.begin(), HeldSet.end());
    for (const HeldLock &H : Held)
      addEdge(H.Addr, Obj, Tid, HeldSet, H.Site, E.site(), E.ticks());
  }

  void addEdge(uint64_t From, uint64_t To, uint32_t Tid, const std::vector<uint64_t> &Held,
               uint32_t FromSite, uint32_t ToSite, uint64_t Ticks) {
    auto Key = std::make_tuple(From, To, Tid, Held);
    if (EdgeIndex.count(Key))
      return;
    EdgeIndex[Key] = Edges.size();
    Edges.push_back({From, To, Tid, Held, FromSite, ToSite, Ticks, {}});
  }

  /// Vector clocks over thread creation and join only: enough to tell that two edges
  /// cannot run at the same time because one thread ended (and was joined) before the
  /// other was created.
  void assignClocks() {
    if (Edges.empty())
      return;
    struct Point {
      uint64_t Ticks;
      uint32_t Tid;
      int Order; // tie-break: structural events before edges at the same tick
      EventKind Kind;
      uint64_t Obj;
      size_t EdgeIdx;
    };
    std::vector<Point> Points;
    for (const Structural &S : StructuralEvents) {
      EventKind K = S.E.kind();
      if (K == EventKind::ThreadCreate || K == EventKind::ThreadStart ||
          K == EventKind::ThreadEnd || K == EventKind::JoinAfter)
        Points.push_back({S.E.ticks(), S.Tid, 0, K, S.E.object(), 0});
    }
    for (size_t I = 0; I < Edges.size(); ++I)
      Points.push_back({Edges[I].Ticks, Edges[I].Tid, 1, EventKind::None, 0, I});
    std::stable_sort(Points.begin(), Points.end(), [](const Point &A, const Point &B) {
      return A.Ticks != B.Ticks ? A.Ticks < B.Ticks : A.Order < B.Order;
    });
    uint32_t MaxTid = 0;
    for (const TraceThread &Th : T.Threads)
      MaxTid = std::max(MaxTid, Th.Tid);
    std::vector<VectorClock> Clock(MaxTid + 1, VectorClock(MaxTid + 1, 0));
    std::vector<VectorClock> AtCreate(MaxTid + 1), AtEnd(MaxTid + 1);
    for (uint32_t I = 0; I <= MaxTid; ++I)
      Clock[I][I] = 1;
    auto merge = [](VectorClock &Into, const VectorClock &From) {
      for (size_t I = 0; I < Into.size() && I < From.size(); ++I)
        Into[I] = std::max(Into[I], From[I]);
    };
    for (const Point &P : Points) {
      VectorClock &C = Clock[P.Tid];
      switch (P.Kind) {
      case EventKind::ThreadCreate:
        if (P.Obj <= MaxTid)
          AtCreate[P.Obj] = C;
        ++C[P.Tid];
        break;
      case EventKind::ThreadStart:
        if (!AtCreate[P.Tid].empty())
          merge(C, AtCreate[P.Tid]);
        break;
      case EventKind::ThreadEnd:
        AtEnd[P.Tid] = C;
        break;
      case EventKind::JoinAfter:
        if (P.Obj <= MaxTid && !AtEnd[P.Obj].empty())
          merge(C, AtEnd[P.Obj]);
        ++C[P.Tid];
        break;
      default:
        Edges[P.EdgeIdx].Clock = C;
        break;
      }
    }
  }

  bool compatible(const Edge &A, const Edge &B) const {
    if (A.Tid == B.Tid)
      return false; // one thread cannot wait for itself (google/sanitizers#488)
    for (uint64_t L : A.Held) // a common lock (gate) or a lock both would hold
      if (std::binary_search(B.Held.begin(), B.Held.end(), L))
        return false;
    if (happensBefore(A.Clock, A.Tid, B.Clock) || happensBefore(B.Clock, B.Tid, A.Clock))
      return false; // they cannot coexist
    return true;
  }

  void findCycles() {
    std::map<uint64_t, std::vector<size_t>> Out;
    for (size_t I = 0; I < Edges.size(); ++I)
      Out[Edges[I].From].push_back(I);
    std::set<std::set<uint64_t>> Seen;
    std::vector<size_t> Path;
    // Every edge of a cycle is in its own thread, so a cycle is as long as the threads
    // that wait in it: dining philosophers with N forks is an N-edge cycle. MaxLength
    // bounds the search, Budget its cost on dense lock graphs.
    constexpr size_t MaxLength = 8;
    size_t Budget = 200000;
    std::function<void(uint64_t, uint64_t)> Dfs = [&](uint64_t Start, uint64_t Node) {
      if (Seen.size() > 1000)
        return;
      for (size_t EI : Out[Node]) {
        if (Budget == 0)
          return;
        --Budget;
        const Edge &E = Edges[EI];
        if (E.To < Start)
          continue; // each cycle is found from its smallest lock
        bool Ok = true;
        for (size_t P : Path)
          Ok &= compatible(Edges[P], E) && (E.To == Start || Edges[P].From != E.To);
        if (!Ok)
          continue;
        Path.push_back(EI);
        if (E.To == Start && Path.size() >= 2) {
          std::set<uint64_t> Locks;
          for (size_t P : Path)
            Locks.insert(Edges[P].From);
          if (Seen.insert(Locks).second)
            report(Path, Locks);
        } else if (E.To != Start && Path.size() < MaxLength) {
          Dfs(Start, E.To);
        }
        Path.pop_back();
      }
    };
    for (auto &[Lock, _] : Out)
      Dfs(Lock, Lock);
  }

  void report(const std::vector<size_t> &Path, const std::set<uint64_t> &Locks) {
    R.Cycles.push_back(Locks);
    // Primary: the acquisition (inner lock) that sorts first, so output is stable.
    std::vector<size_t> Order = Path;
    std::sort(Order.begin(), Order.end(), [&](size_t A, size_t B) {
      return siteLoc(T, Edges[A].ToSite) < siteLoc(T, Edges[B].ToSite);
    });
    const Edge &First = Edges[Order.front()];
    std::string Msg = "lock-order inversion (potential deadlock): ";
    for (size_t I = 0; I < Path.size(); ++I) {
      const Edge &E = Edges[Path[I]];
      Msg += (I ? ", " : "") + runThreadName(E.Tid) + " acquires " + hexAddress(E.To) +
             " while holding " + hexAddress(E.From);
    }
    Finding F = make("interlock-lock-order-inversion", Msg, First.ToSite);
    for (size_t EI : Order) {
      const Edge &E = Edges[EI];
      F.Related.push_back({siteLoc(T, E.ToSite), runThreadName(E.Tid) + " acquires " +
                                                      hexAddress(E.To) + " here"});
      F.Related.push_back({siteLoc(T, E.FromSite), "while holding " + hexAddress(E.From) +
                                                        ", acquired here"});
      Stack S;
      S.Title = runThreadName(E.Tid) + ": " + hexAddress(E.From) + " then " + hexAddress(E.To);
      const TraceSite *To = T.site(E.ToSite), *From = T.site(E.FromSite);
      S.Frames.push_back({To ? To->Function : "", siteLoc(T, E.ToSite)});
      S.Frames.push_back({From ? From->Function : "", siteLoc(T, E.FromSite)});
      F.Stacks.push_back(std::move(S));
    }
    R.Findings.push_back(std::move(F));
  }

  void threadLifetimes() {
    struct Life {
      uint32_t Parent = ~0u;
      uint32_t Site = 0;
      uint64_t CreatedAt = 0;
      bool Joined = false, Detached = false;
    };
    std::map<uint32_t, Life> Lives;
    const trace::Event *Terminate = nullptr;
    uint32_t TerminateTid = 0;
    for (const Structural &S : StructuralEvents) {
      const trace::Event &E = S.E;
      uint32_t Child = uint32_t(E.object());
      switch (E.kind()) {
      case EventKind::ThreadCreate:
        Lives[Child].Parent = S.Tid;
        Lives[Child].Site = E.site();
        Lives[Child].CreatedAt = E.ticks();
        break;
      case EventKind::JoinBefore:
      case EventKind::JoinAfter:
        Lives[Child].Joined = true;
        break;
      case EventKind::Detach:
        Lives[Child].Detached = true;
        break;
      case EventKind::TerminateJoinable:
        Terminate = &E;
        TerminateTid = S.Tid;
        break;
      default:
        break;
      }
    }
    // The std::thread whose destructor called std::terminate: the newest joinable
    // std::thread its thread created before (destructors run in reverse order).
    uint32_t Culprit = ~0u;
    if (Terminate) {
      uint64_t Best = 0;
      for (auto &[Tid, L] : Lives) {
        const TraceThread *Th = T.thread(Tid);
        if (!Th || !(Th->Flags & trace::ThreadStd) || L.Parent != TerminateTid ||
            L.Joined || L.Detached || L.CreatedAt > Terminate->ticks())
          continue;
        if (Culprit == ~0u || L.CreatedAt >= Best) {
          Culprit = Tid;
          Best = L.CreatedAt;
        }
      }
    }
    if (!Opt.ThreadLifetime && !Terminate)
      return;
    for (auto &[Tid, L] : Lives) {
      const TraceThread *Th = T.thread(Tid);
      if (!Th || L.Joined || L.Detached || (Th->Flags & trace::ThreadLibrary))
        continue;
      if (!Opt.ThreadLifetime && Tid != Culprit)
        continue;
      if (Tid == Culprit) {
        Finding F = make("interlock-missing-join",
                         "std::thread T" + std::to_string(Tid) +
                             " was destroyed while still joinable: std::terminate() "
                             "aborted the program; join or detach it on every path",
                         L.Site);
        F.Related.push_back({siteLoc(T, Terminate->site()),
                             "the joinable std::thread is destroyed here"});
        R.Findings.push_back(std::move(F));
        continue;
      }
      const char *What = (Th->Flags & trace::ThreadStd) ? "std::thread" : "thread";
      R.Findings.push_back(make("interlock-missing-join",
                                std::string(What) + " T" + std::to_string(Tid) +
                                    " created here is never joined or detached",
                                L.Site));
    }
  }
};

} // namespace

RunAnalysis analyzeTrace(const Trace &T, const DetectorOptions &Options) {
  return Analyzer(T, Options).run();
}

} // namespace interlock
