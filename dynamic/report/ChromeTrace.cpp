#include "dynamic/report/ChromeTrace.h"
#include "dynamic/model/HexAddress.h"
#include "dynamic/pass/RunDetectors.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/JSON.h"

#include <vector>

namespace interlock {

using trace::EventKind;

namespace {

std::string threadLabel(const Trace &T, const TraceThread &Th) {
  if (Th.Tid == 0 || (Th.Flags & trace::ThreadMain))
    return "main thread";
  std::string L = "T" + std::to_string(Th.Tid);
  if (const TraceSite *S = T.site(Th.CreateSite))
    L += " (" + S->Function + " @ " + S->File.substr(S->File.rfind('/') + 1) + ":" +
         std::to_string(S->Line) + ")";
  return L;
}

} // namespace

void writeChromeTrace(llvm::raw_ostream &OS, const Trace &T) {
  llvm::json::Array Events;
  auto us = [&](uint64_t Ticks) { return T.seconds(Ticks) * 1e6; };
  auto siteArgs = [&](uint32_t Site) {
    llvm::json::Object Args;
    if (const TraceSite *S = T.site(Site)) {
      Args["site"] = S->File + ":" + std::to_string(S->Line) + ":" + std::to_string(S->Column);
      Args["function"] = S->Function;
    }
    return Args;
  };
  int Pid = int(T.Head.Pid);
  Events.push_back(llvm::json::Object{{"name", "process_name"}, {"ph", "M"}, {"pid", Pid},
                                      {"args", llvm::json::Object{{"name", "interlock run"}}}});
  for (const TraceThread &Th : T.Threads) {
    int Tid = int(Th.Tid);
    Events.push_back(llvm::json::Object{
        {"name", "thread_name"}, {"ph", "M"}, {"pid", Pid}, {"tid", Tid},
        {"args", llvm::json::Object{{"name", threadLabel(T, Th)}}}});
    Events.push_back(llvm::json::Object{{"name", "thread_sort_index"}, {"ph", "M"},
                                        {"pid", Pid}, {"tid", Tid},
                                        {"args", llvm::json::Object{{"sort_index", Tid}}}});
    struct Open {
      uint64_t Obj;
      uint64_t Start;
      uint32_t Site;
      std::string Name;
    };
    std::vector<Open> Holds;        // lock holds, may overlap in any order
    std::vector<Open> Waits;        // at most one at a time
    uint64_t Last = 0;
    auto slice = [&](const std::string &Name, const char *Cat, uint64_t Start,
                     uint64_t End, uint32_t Site) {
      llvm::json::Object Args = siteArgs(Site);
      Events.push_back(llvm::json::Object{{"name", Name}, {"cat", Cat}, {"ph", "X"},
                                          {"pid", Pid}, {"tid", Tid}, {"ts", us(Start)},
                                          {"dur", us(End) - us(Start)},
                                          {"args", std::move(Args)}});
    };
    auto instant = [&](const std::string &Name, uint64_t At, uint32_t Site) {
      Events.push_back(llvm::json::Object{{"name", Name}, {"cat", "thread"}, {"ph", "i"},
                                          {"s", "t"}, {"pid", Pid}, {"tid", Tid},
                                          {"ts", us(At)}, {"args", siteArgs(Site)}});
    };
    // The JSON document is built whole anyway; one thread's events at a time.
    for (const trace::Event &E : T.events(Th)) {
      uint64_t At = E.ticks(), Obj = E.object();
      Last = std::max(Last, At);
      switch (E.kind()) {
      case EventKind::LockAttempt:
        if (!(E.flags() & trace::LockTry))
          Waits.push_back({Obj, At, E.site(), "wait " + hexAddress(Obj)});
        break;
      case EventKind::LockAcquired:
      case EventKind::LockTryFailed: {
        for (size_t I = Waits.size(); I-- > 0;)
          if (Waits[I].Obj == Obj) {
            slice(Waits[I].Name, "wait", Waits[I].Start, At, Waits[I].Site);
            Waits.erase(Waits.begin() + I);
            break;
          }
        if (E.kind() == EventKind::LockAcquired) {
          bool Reentry = false;
          for (const Open &H : Holds)
            Reentry |= H.Obj == Obj;
          if (!Reentry)
            Holds.push_back({Obj, At, E.site(),
                             std::string(E.flags() & trace::LockShared ? "read " : "hold ") +
                                 hexAddress(Obj)});
        }
        break;
      }
      case EventKind::LockReleased:
        for (size_t I = Holds.size(); I-- > 0;)
          if (Holds[I].Obj == Obj) {
            slice(Holds[I].Name, "lock", Holds[I].Start, At, Holds[I].Site);
            Holds.erase(Holds.begin() + I);
            break;
          }
        break;
      case EventKind::CondWait:
        Waits.push_back({Obj, At, E.site(), "cond wait " + hexAddress(Obj)});
        break;
      case EventKind::CondWake:
      case EventKind::JoinAfter:
        for (size_t I = Waits.size(); I-- > 0;)
          if (Waits[I].Obj == Obj) {
            slice(Waits[I].Name, "wait", Waits[I].Start, At, Waits[I].Site);
            Waits.erase(Waits.begin() + I);
            break;
          }
        break;
      case EventKind::JoinBefore:
        Waits.push_back({Obj, At, E.site(), "join T" + std::to_string(Obj)});
        break;
      case EventKind::ThreadCreate:
        instant("create T" + std::to_string(Obj), At, E.site());
        break;
      case EventKind::Detach:
        instant("detach T" + std::to_string(Obj), At, E.site());
        break;
      case EventKind::CondNotify:
        instant(std::string(E.flags() ? "notify_all " : "notify_one ") + hexAddress(Obj), At,
                E.site());
        break;
      case EventKind::UnlockNotHeld:
        instant("unlock not held " + hexAddress(Obj), At, E.site());
        break;
      case EventKind::TerminateJoinable:
        instant("std::terminate (joinable std::thread)", At, E.site());
        break;
      default:
        break;
      }
    }
    // Still open at the end of the trace: draw them up to the end.
    uint64_t End = T.HasExit ? std::max(Last, T.Exit.Ticks) : Last;
    for (const Open &H : Holds)
      slice(H.Name + " (still held)", "lock", H.Start, End, H.Site);
    for (const Open &W : Waits)
      slice(W.Name + " (never returned)", "wait", W.Start, End, W.Site);
  }
  llvm::json::Object Doc{{"traceEvents", std::move(Events)}, {"displayTimeUnit", "ns"}};
  OS << llvm::json::Value(std::move(Doc)) << '\n';
}

void writeTextTrace(llvm::raw_ostream &OS, const Trace &T) {
  OS << "interlock trace: pid " << T.Head.Pid << ", " << T.Threads.size() << " threads, "
     << T.Sites.size() << " sites, " << T.Reports.size() << " TSan reports\n";
  if (T.HasExit) {
    const char *Why = T.Exit.Reason == uint32_t(trace::ExitReason::Signal)      ? "signal"
                      : T.Exit.Reason == uint32_t(trace::ExitReason::Terminate) ? "terminate"
                                                                                 : "exit";
    OS << "end: " << Why;
    if (T.Exit.Reason == uint32_t(trace::ExitReason::Signal))
      OS << " " << T.Exit.Code;
    OS << "\n";
  }
  for (const TraceThread &Th : T.Threads) {
    OS << "thread T" << Th.Tid;
    if (Th.Tid == 0 || (Th.Flags & trace::ThreadMain))
      OS << " (main thread)";
    else if (Th.CreateSite)
      OS << " created at " << describeSite(T, Th.CreateSite);
    if (Th.ParentTid != ~0u)
      OS << " parent T" << Th.ParentTid;
    OS << ", " << (Th.Blocks.empty() ? Th.Events.size() : Th.NumEvents) << " events\n";
    std::vector<uint64_t> Held;
    T.forEachEvent(Th, [&](const trace::Event &E) {
      OS << llvm::format("  %12.3f us  ", T.seconds(E.ticks()) * 1e6)
         << eventKindName(E.kind());
      EventKind K = E.kind();
      if (K == EventKind::ThreadCreate || K == EventKind::JoinBefore ||
          K == EventKind::JoinAfter || K == EventKind::Detach)
        OS << " T" << E.object();
      else if (K == EventKind::ThreadStart)
        OS << (E.object() == 0xFFFFFFFFull ? "" : " parent T" + std::to_string(E.object()));
      else if (E.object())
        OS << " " << hexAddress(E.object());
      if (K == EventKind::LockAcquired)
        Held.push_back(E.object());
      else if (K == EventKind::LockReleased)
        for (size_t I = Held.size(); I-- > 0;)
          if (Held[I] == E.object()) {
            Held.erase(Held.begin() + I);
            break;
          }
      if (K == EventKind::LockAcquired || K == EventKind::LockReleased) {
        OS << " held={";
        for (size_t I = 0; I < Held.size(); ++I)
          OS << (I ? "," : "") << hexAddress(Held[I]);
        OS << "}";
      }
      if (E.site())
        OS << "  @ " << describeSite(T, E.site());
      OS << "\n";
    });
  }
}

} // namespace interlock
