//===- Confirm.cpp - `interlock stress --confirm FINDINGS.sarif` -----------===//
//
// Reading the SARIF keeps every part of it as it was (llvm::json round trip): only
// each race result's "properties" gains an "interlockConfirmation" object.
//
//===----------------------------------------------------------------------===//
#include "stress/Confirm.h"
#include "ExitCodes.h"
#include "RunOnce.h"
#include "lifecycle/Interrupt.h"
#include "lifecycle/OutputFile.h"
#include "rt_sched.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <thread>

namespace interlock::stress {
namespace {

/// Results whose two accesses race: dynamic (TSan, through `interlock run`) and static.
bool isRaceRule(llvm::StringRef Rule) {
  return Rule == "interlock-tsan-data-race" || Rule == "interlock-unprotected-shared-state";
}

/// A file URI's path ("file:///a%20b/c.cpp" -> "/a b/c.cpp"); other text unchanged.
std::string uriPath(llvm::StringRef Uri) {
  Uri.consume_front("file://");
  std::string Path;
  for (size_t I = 0; I < Uri.size(); ++I) {
    unsigned Byte;
    if (Uri[I] == '%' && I + 2 < Uri.size() && !Uri.substr(I + 1, 2).getAsInteger(16, Byte)) {
      Path += char(Byte);
      I += 2;
    } else {
      Path += Uri[I];
    }
  }
  return Path;
}

/// The run's uriBaseIds (%SRCROOT% -> its folder), to resolve relative URIs.
using BaseIds = std::map<std::string, std::string>;

BaseIds baseIds(const llvm::json::Object &Run) {
  BaseIds B;
  if (const llvm::json::Object *Ids = Run.getObject("originalUriBaseIds"))
    for (const auto &[Name, V] : *Ids)
      if (const llvm::json::Object *O = V.getAsObject())
        if (std::optional<llvm::StringRef> Uri = O->getString("uri"))
          B[Name.str()] = uriPath(*Uri);
  return B;
}

/// "FILE:LINE[:COL]" of a SARIF location; empty if it has no line.
std::string position(const llvm::json::Object *Location, const BaseIds &Bases) {
  const llvm::json::Object *Phys = Location ? Location->getObject("physicalLocation") : nullptr;
  const llvm::json::Object *Art = Phys ? Phys->getObject("artifactLocation") : nullptr;
  const llvm::json::Object *Region = Phys ? Phys->getObject("region") : nullptr;
  std::optional<llvm::StringRef> Uri = Art ? Art->getString("uri") : std::nullopt;
  std::optional<int64_t> Line = Region ? Region->getInteger("startLine") : std::nullopt;
  if (!Uri || !Line)
    return "";
  std::string File = uriPath(*Uri);
  if (std::optional<llvm::StringRef> Base = Art->getString("uriBaseId"))
    if (auto It = Bases.find(Base->str()); It != Bases.end() && !llvm::StringRef(File).starts_with("/"))
      File = It->second + File;
  std::string P = File + ":" + std::to_string(*Line);
  if (std::optional<int64_t> Col = Region->getInteger("startColumn"))
    P += ":" + std::to_string(*Col);
  return P;
}

std::string messageText(const llvm::json::Object *O) {
  const llvm::json::Object *M = O ? O->getObject("message") : nullptr;
  std::optional<llvm::StringRef> T = M ? M->getString("text") : std::nullopt;
  return T ? T->str() : "";
}

/// The race of a result, as ScheduleOptions::Race: its location, then the related
/// locations that are conflicting accesses (both tools say "conflicting ...").
std::string raceOf(const llvm::json::Object &Result, const BaseIds &Bases) {
  const llvm::json::Array *Locs = Result.getArray("locations");
  std::string Primary =
      Locs && !Locs->empty() ? position(Locs->front().getAsObject(), Bases) : std::string();
  std::string Others;
  if (const llvm::json::Array *Rel = Result.getArray("relatedLocations"))
    for (const llvm::json::Value &V : *Rel) {
      const llvm::json::Object *R = V.getAsObject();
      if (!llvm::StringRef(messageText(R)).lower().starts_with("conflicting"))
        continue;
      std::string P = position(R, Bases);
      if (!P.empty() && ("," + Others + ",").find("," + P + ",") == std::string::npos)
        Others += (Others.empty() ? "" : ",") + P;
    }
  return Primary.empty() || Others.empty() ? "" : Primary + "|" + Others;
}

/// Why a run failed ("" if it did not): the program's own failure, not a race report.
std::string failureOf(const RunResult &R) {
  for (const Finding &F : R.Findings)
    if (F.CheckId == "interlock-program-crash" || F.CheckId == "interlock-program-timeout" ||
        F.CheckId == "interlock-deadlock" || F.CheckId == "interlock-double-lock")
      return F.CheckId + ": " + F.Message;
  if (R.Process.Exited && R.Process.ExitCode != 0 &&
      R.Process.ExitCode != rt::SchedDeadlockExitCode)
    return "the program exited with status " + std::to_string(R.Process.ExitCode);
  return "";
}

struct Verdict {
  std::string Race;
  unsigned Runs = 0, MetRuns = 0;
  bool FirstThenOther = false, OtherThenFirst = false; // the orders seen
  std::optional<uint64_t> FailingSeed;
  std::string Failure, Replay;

  const char *status() const {
    if (FailingSeed)
      return "confirmed";
    if (FirstThenOther && OtherThenFirst)
      return "harmless-in-both-orders";
    if (MetRuns)
      return "met-in-one-order";
    return "never-met";
  }
  std::string summary() const {
    if (FailingSeed)
      return "confirmed failure: " + Failure;
    if (FirstThenOther && OtherThenFirst)
      return "met in both orders in " + std::to_string(Runs) + " runs, no failure";
    if (MetRuns)
      return "met in one order only in " + std::to_string(Runs) +
             " runs, no failure (unconfirmed)";
    if (Race.empty())
      return "no conflicting access named: not run (unconfirmed)";
    return "never met in " + std::to_string(Runs) + " runs (unconfirmed)";
  }
};

/// Runs the race-directed runs of one race, Jobs at a time; stops at the first run
/// that met and failed.
Verdict confirmOne(const StressOptions &O, const std::string &Race, uint64_t Base,
                   unsigned Jobs, const std::string &Root) {
  Verdict V;
  V.Race = Race;
  ScheduleOptions S = O.Sched;
  S.Strategy = "race";
  S.Race = Race;
  S.ProgramExitStatus = true;
  std::mutex M;
  std::atomic<unsigned> Next{0};
  std::atomic<bool> Stop{false};
  std::optional<unsigned> FailingRun;
  std::string Error;
  auto Worker = [&] {
    for (;;) {
      unsigned I = Next.fetch_add(1);
      if (I >= O.Runs || Stop.load() || interrupt::requested())
        return;
      uint64_t Seed = runSeed(Base, I);
      std::string Dir = Root + "/run-" + std::to_string(I);
      RunResult R = runOne(S, O.Command, O.Timeout, Seed, Dir);
      llvm::sys::fs::remove_directories(Dir);
      std::lock_guard<std::mutex> Lock(M);
      if (R.Interrupted)
        return;
      if (!R.Error.empty()) {
        Error = R.Error;
        Stop = true;
        return;
      }
      ++V.Runs;
      bool Met = !R.Log.Meetings.empty();
      V.MetRuns += Met;
      for (const SchedLog::Meeting &Mt : R.Log.Meetings) {
        V.FirstThenOther |= (Mt.FirstSides & 1) && (Mt.SecondSides & 2);
        V.OtherThenFirst |= (Mt.FirstSides & 2) && (Mt.SecondSides & 1);
      }
      std::string Failure = failureOf(R);
      if (Met && !Failure.empty() && (!FailingRun || I < *FailingRun)) {
        FailingRun = I;
        V.FailingSeed = Seed;
        V.Failure = Failure;
        V.Replay = replayCommand(S, Seed, O.Command);
        Stop = true;
      }
    }
  };
  std::vector<std::thread> Pool;
  for (unsigned J = 0; J < Jobs; ++J)
    Pool.emplace_back(Worker);
  for (std::thread &T : Pool)
    T.join();
  if (!Error.empty())
    V.Failure = "error: " + Error;
  return V;
}

llvm::json::Object verdictJson(const Verdict &V) {
  llvm::json::Object J{{"status", V.status()},
                       {"summary", V.summary()},
                       {"runs", int64_t(V.Runs)},
                       {"runsWhereTheAccessesMet", int64_t(V.MetRuns)},
                       {"metPrimaryFirst", V.FirstThenOther},
                       {"metConflictingFirst", V.OtherThenFirst}};
  if (!V.Race.empty())
    J["race"] = V.Race;
  if (V.FailingSeed) {
    J["seed"] = *V.FailingSeed;
    J["failure"] = V.Failure;
    J["replay"] = V.Replay;
  }
  return J;
}

} // namespace

int runConfirm(const StressOptions &O) {
  const char *Who = "interlock stress --confirm";
  auto Buf = llvm::MemoryBuffer::getFile(O.Confirm);
  if (!Buf) {
    llvm::errs() << Who << ": cannot read " << O.Confirm << ": " << Buf.getError().message()
                 << "\n";
    return exit_code::ToolError;
  }
  llvm::Expected<llvm::json::Value> Sarif = llvm::json::parse((*Buf)->getBuffer());
  if (!Sarif) {
    llvm::errs() << Who << ": " << O.Confirm
                 << " is not JSON: " << llvm::toString(Sarif.takeError()) << "\n";
    return exit_code::ToolError;
  }
  llvm::json::Object *Top = Sarif->getAsObject();
  llvm::json::Array *Runs = Top ? Top->getArray("runs") : nullptr;
  if (!Runs) {
    llvm::errs() << Who << ": " << O.Confirm
                 << " is not SARIF (no \"runs\"): give the output of interlock check "
                    "--format=sarif or interlock run --format=sarif\n";
    return exit_code::ToolError;
  }
  std::unique_ptr<OutputFile> Out;
  {
    auto F = OutputFile::open(O.Output.empty() ? O.Confirm : O.Output);
    if (!F) {
      llvm::errs() << Who << ": " << llvm::toString(F.takeError()) << "\n";
      return exit_code::ToolError;
    }
    Out = std::move(*F);
  }
  interrupt::install();
  llvm::SmallString<128> Root;
  if (std::error_code EC = llvm::sys::fs::createUniqueDirectory("interlock-confirm", Root)) {
    llvm::errs() << Who << ": cannot create a temporary directory: " << EC.message() << "\n";
    return exit_code::ToolError;
  }
  interrupt::addTempPath(Root.str().str());
  unsigned Jobs = O.Jobs ? O.Jobs : std::max(1u, std::thread::hardware_concurrency());
  uint64_t Base = O.Seed ? *O.Seed
                         : uint64_t(std::chrono::system_clock::now().time_since_epoch().count() /
                                    1000) % 1000000000ull;

  struct Line {
    Verdict V;
    std::string Where, Rule, Message;
  };
  std::vector<Line> Lines;
  bool Failed = false;
  for (llvm::json::Value &RunV : *Runs) {
    llvm::json::Object *Run = RunV.getAsObject();
    llvm::json::Array *Results = Run ? Run->getArray("results") : nullptr;
    if (!Results)
      continue;
    BaseIds Bases = baseIds(*Run);
    for (llvm::json::Value &ResV : *Results) {
      llvm::json::Object *Res = ResV.getAsObject();
      std::optional<llvm::StringRef> Rule = Res ? Res->getString("ruleId") : std::nullopt;
      if (!Rule || !isRaceRule(*Rule) || interrupt::requested())
        continue;
      std::string Race = raceOf(*Res, Bases);
      Verdict V;
      if (!Race.empty())
        V = confirmOne(O, Race, Base, Jobs, Root.str().str());
      if (llvm::StringRef(V.Failure).starts_with("error: ")) {
        llvm::errs() << Who << ": " << V.Failure.substr(7) << "\n";
        Failed = true;
        break;
      }
      if (!Res->getObject("properties"))
        (*Res)["properties"] = llvm::json::Object{};
      (*Res->getObject("properties"))["interlockConfirmation"] = verdictJson(V);
      const llvm::json::Array *Locs = Res->getArray("locations");
      std::string Where =
          Locs && !Locs->empty() ? position(Locs->front().getAsObject(), Bases) : std::string("?");
      Lines.push_back({V, Where, Rule->str(), messageText(Res)});
    }
    if (Failed)
      break;
  }
  llvm::sys::fs::remove_directories(Root);
  interrupt::removeTempPath(Root.str().str());
  if (Failed)
    return exit_code::ToolError;
  if (interrupt::requested()) {
    llvm::errs() << Who << ": interrupted by " << interrupt::signalName()
                 << "; nothing written\n";
    return interrupt::exitStatus();
  }
  Out->os() << llvm::formatv("{0:2}", llvm::json::Value(std::move(*Sarif))) << "\n";
  if (llvm::Error E = Out->commit()) {
    llvm::errs() << Who << ": " << llvm::toString(std::move(E)) << "\n";
    return exit_code::ToolError;
  }
  // Confirmed failures first, then harmless, one order, never met; stable otherwise.
  auto Rank = [](const Verdict &V) {
    llvm::StringRef S = V.status();
    return S == "confirmed" ? 0 : S == "harmless-in-both-orders" ? 1 : S == "met-in-one-order" ? 2 : 3;
  };
  std::stable_sort(Lines.begin(), Lines.end(),
                   [&](const Line &A, const Line &B) { return Rank(A.V) < Rank(B.V); });
  unsigned Confirmed = 0;
  llvm::raw_ostream &OS = llvm::outs();
  for (const Line &L : Lines) {
    Confirmed += L.V.FailingSeed.has_value();
    OS << L.Where << ": " << L.V.summary() << " [" << L.Rule << "]\n";
    OS << "  " << L.Message << "\n";
    if (L.V.FailingSeed)
      OS << "  replay: " << L.V.Replay << "\n";
  }
  llvm::errs() << Who << ": " << Lines.size() << " race(s), up to " << O.Runs
               << " race-directed runs each, base seed " << Base << ": " << Confirmed
               << " confirmed; results in " << (O.Output.empty() ? O.Confirm : O.Output)
               << "\n";
  return Confirmed ? exit_code::Findings : exit_code::NoFindings;
}

} // namespace interlock::stress
