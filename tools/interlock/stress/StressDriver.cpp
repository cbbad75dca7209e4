//===- StressDriver.cpp - Many seeded runs on all cores, and exact replay -===//
#include "stress/StressDriver.h"
#include "ExitCodes.h"
#include "FindingFilter.h"
#include "RunOnce.h"
#include "rt_sched.h"
#include "dynamic/pass/DeadlockFinding.h"
#include "dynamic/model/SchedLog.h"
#include "lifecycle/Interrupt.h"
#include "lifecycle/OutputFile.h"

#include "report/Emitters.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <unistd.h>

namespace interlock::stress {
namespace {

using Clock = std::chrono::steady_clock;

std::vector<std::pair<std::string, std::string>> schedEnv(const ScheduleOptions &S,
                                                          uint64_t Seed,
                                                          const std::string &LogPath) {
  std::string Tsan = "symbolize=0"; // Interlock symbolizes; TSan's symbolizer would
                                    // block the running thread outside the schedule
  if (S.ProgramExitStatus)
    Tsan += ":exitcode=0";
  if (const char *Old = std::getenv("TSAN_OPTIONS"))
    Tsan = std::string(Old) + ":" + Tsan;
  return {{"INTERLOCK_SCHED", S.Strategy},
          {"INTERLOCK_SEED", std::to_string(Seed)},
          {"INTERLOCK_SCHED_LOG", LogPath},
          {"INTERLOCK_PCT_STEPS", std::to_string(S.PctSteps)},
          {"INTERLOCK_ACCESS_STEPS", std::to_string(S.AccessSteps)},
          {"INTERLOCK_SPURIOUS", S.Spurious ? "1" : "0"},
          {"INTERLOCK_WATCHDOG_MS", std::to_string(S.WatchdogMs)},
          {"INTERLOCK_RACE", S.Race},
          {"TSAN_OPTIONS", Tsan}};
}

} // namespace

RunResult runOne(const ScheduleOptions &S, const std::vector<std::string> &Command,
                 double Timeout, uint64_t Seed, const std::string &Dir) {
  RunResult Res;
  Res.Seed = Seed;
  if (std::error_code EC = llvm::sys::fs::create_directories(Dir)) {
    Res.Error = "cannot create " + Dir + ": " + EC.message();
    return Res;
  }
  std::string LogPath = Dir + "/sched.log";
  llvm::sys::fs::remove(LogPath);
  RunRequest R;
  R.Command = Command;
  R.Dir = Dir;
  R.Timeout = Timeout;
  R.OutputFile = Dir + "/output";
  R.StoppedExitCode = rt::SchedDeadlockExitCode;
  R.Env = schedEnv(S, Seed, LogPath);
  R.TraceLimit = S.TraceLimit;
  RunOutcome O = runAndAnalyze(R);
  Res.LimitReached = O.T && O.T->LimitReached;
  Res.Interrupted = O.Process.Interrupted;
  Res.Process = O.Process;
  Res.CrashSignal = O.CrashSignal;
  if (!O.Error.empty()) {
    Res.Error = O.Error;
    return Res;
  }
  Res.Log = readSchedLog(LogPath);
  Res.Findings = std::move(O.Findings);
  if (!Res.Log.DeadlockKind.empty()) {
    Finding D = deadlockFinding(Res.Log, O.T ? &*O.T : nullptr, &O.Analysis);
    // The trace's own double-lock detector may already have said the same thing.
    bool Dup = std::any_of(Res.Findings.begin(), Res.Findings.end(), [&](const Finding &F) {
      return F.CheckId == D.CheckId && F.Primary == D.Primary;
    });
    if (!Dup)
      Res.Findings.push_back(std::move(D));
  }
  for (Finding &F : Res.Findings) {
    F.Seed = Seed;
    F.Origin = "stress";
  }
  return Res;
}

static std::string locText(const SourceLoc &L) {
  return llvm::sys::path::filename(L.File).str() + ":" + std::to_string(L.Line);
}

std::string shellQuote(const std::string &S) {
  if (!S.empty() && S.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                        "0123456789-_./=:,+@%") == std::string::npos)
    return S;
  std::string Q = "'";
  for (char C : S)
    Q += C == '\'' ? std::string("'\\''") : std::string(1, C);
  return Q + "'";
}

namespace {

uint64_t digest(const std::vector<std::string> &Decisions) {
  uint64_t H = 1469598103934665603ull;
  for (const std::string &D : Decisions) {
    for (char C : D)
      H = (H ^ uint8_t(C)) * 1099511628211ull;
    H = (H ^ '\n') * 1099511628211ull;
  }
  return H;
}

llvm::Error validStrategy(const std::string &S) {
  static const char *Known[] = {"portfolio",   "random", "pct",         "pct1",
                                "pct2",        "pct3",   "pct-access",  "pct-access2",
                                "pct-access3", "race",   "delay",       "none"};
  for (const char *K : Known)
    if (S == K)
      return llvm::Error::success();
  return llvm::createStringError(std::errc::invalid_argument,
                                 "unknown strategy '%s' (expected portfolio, random, pct, "
                                 "pct1, pct2, pct3, pct-access, pct-access2, pct-access3, "
                                 "race, delay or none)",
                                 S.c_str());
}

/// Opens Path before any run (OutputFile); says why not on stderr.
std::unique_ptr<OutputFile> openOutput(const std::string &Path, const char *Who) {
  auto F = OutputFile::open(Path);
  if (!F) {
    llvm::errs() << Who << ": " << llvm::toString(F.takeError()) << "\n";
    return nullptr;
  }
  return std::move(*F);
}

/// Writes the findings to Out (stdout or --output) and renames it into place.
int emitTo(OutputFile &Out, const std::string &FormatName, std::vector<Finding> &Findings,
           const char *Who, RunStatus &Status, const std::string &ProjectRoot,
           const char *Command) {
  auto Format = parseOutputFormat(FormatName);
  Status.Command = Command;
  Status.ProjectRoot = projectRoot(ProjectRoot, "");
  assignFingerprints(Findings, Status.ProjectRoot);
  bool Color = Out.isStdout() && !std::getenv("NO_COLOR") &&
               llvm::sys::Process::StandardOutIsDisplayed();
  emitFindings(Out.os(), *Format, Findings, Color, &Status);
  if (llvm::Error E = Out.commit()) {
    llvm::errs() << Who << ": " << llvm::toString(std::move(E)) << "\n";
    return exit_code::ToolError;
  }
  return exit_code::NoFindings;
}

struct Aggregate {
  Finding F;
  unsigned Hits = 0;
  unsigned FirstRun = 0;
  uint64_t FirstSeed = 0;
  std::string FirstStrategy;              // the strategy of the first run that found it
  ScheduleOptions FirstSched;             // and its options (a race-directed run's race)
  std::map<std::string, unsigned> ByStrategy; // runs that found it, per strategy
};

/// pct-access's k: the access points of one run with no change point (seed 0, so the
/// same program and arguments always calibrate alike). Returns S with AccessSteps set
/// (at least 1); the caller reports Error.
ScheduleOptions calibrate(ScheduleOptions S, const std::vector<std::string> &Command,
                          double Timeout, const std::string &Dir, std::string &Error) {
  if (!usesAccessPoints(S) || S.AccessSteps)
    return S;
  ScheduleOptions C = S;
  C.Strategy = "pct-access2";
  C.AccessSteps = 0;
  RunResult R = runOne(C, Command, Timeout, 0, Dir);
  llvm::sys::fs::remove_directories(Dir);
  if (!R.Error.empty())
    Error = R.Error;
  S.AccessSteps = std::max<uint64_t>(1, R.Log.AccessPoints.value_or(1));
  return S;
}

/// The checks stress and replay share; says what is wrong on stderr.
bool validCommonOptions(const char *Who, const ScheduleOptions &Sched,
                        const std::string &Format, const std::vector<std::string> &Command,
                        llvm::StringRef UsageOptions) {
  if (llvm::Error E = validStrategy(Sched.Strategy)) {
    llvm::errs() << Who << ": " << llvm::toString(std::move(E)) << "\n";
    return false;
  }
  // stress --strategy race without --race aims at the races its runs report.
  bool NeedsRace = Sched.Strategy == "race" && llvm::StringRef(Who).ends_with("replay");
  if ((NeedsRace && Sched.Race.empty()) || (Sched.Strategy != "race" && !Sched.Race.empty())) {
    llvm::errs() << Who << ": "
                 << (Sched.Race.empty() ? "--strategy race needs --race FILE:LINE|FILE:LINE"
                                        : "--race is for --strategy race")
                 << "\n";
    return false;
  }
  if (!parseOutputFormat(Format)) {
    llvm::errs() << Who << ": unknown format '" << Format
                 << "' (expected text, json or sarif)\n";
    return false;
  }
  if (Command.empty()) {
    llvm::errs() << Who << ": no program given; usage: " << Who << " " << UsageOptions
                 << " -- PROGRAM [ARGS...]\n";
    return false;
  }
  return true;
}

} // namespace

uint64_t runSeed(uint64_t Base, unsigned Index) { return Base + Index; }

std::string findingSignature(const Finding &F) {
  std::vector<std::string> Parts;
  if (F.Primary.valid())
    Parts.push_back(locText(F.Primary));
  for (const RelatedLocation &R : F.Related)
    if (R.Loc.valid())
      Parts.push_back(locText(R.Loc));
  for (const Stack &S : F.Stacks)
    for (size_t I = 0; I < S.Frames.size() && I < 3; ++I)
      if (S.Frames[I].Loc.valid())
        Parts.push_back(locText(S.Frames[I].Loc));
  std::sort(Parts.begin(), Parts.end());
  Parts.erase(std::unique(Parts.begin(), Parts.end()), Parts.end());
  std::string Sig = F.CheckId;
  for (const std::string &P : Parts)
    Sig += "|" + P;
  if (Parts.empty()) // no location at all: the message is all we have
    Sig += "|" + F.Message;
  return Sig;
}

bool usesAccessPoints(const ScheduleOptions &S) {
  return S.Strategy == "portfolio" || llvm::StringRef(S.Strategy).starts_with("pct-access");
}

std::string raceSpec(const Finding &F) {
  auto Pos = [](const SourceLoc &L) {
    return L.File + ":" + std::to_string(L.Line) + (L.Column ? ":" + std::to_string(L.Column) : "");
  };
  if (!F.Primary.valid())
    return "";
  std::string Other;
  for (const RelatedLocation &R : F.Related)
    if (R.Loc.valid() && llvm::StringRef(R.Message).starts_with("conflicting"))
      Other += (Other.empty() ? "" : ",") + Pos(R.Loc);
  return Other.empty() ? "" : Pos(F.Primary) + "|" + Other;
}

std::string replayCommand(const ScheduleOptions &S, uint64_t Seed,
                          const std::vector<std::string> &Command) {
  std::string C = "interlock replay --seed " + std::to_string(Seed);
  if (S.Strategy != "portfolio")
    C += " --strategy " + S.Strategy;
  if (!S.Race.empty())
    C += " --race " + shellQuote(S.Race);
  if (S.PctSteps != 16)
    C += " --pct-steps " + std::to_string(S.PctSteps);
  if (usesAccessPoints(S) && S.AccessSteps)
    C += " --access-steps " + std::to_string(S.AccessSteps);
  if (S.Spurious)
    C += " --spurious";
  if (S.TraceLimit)
    C += " --trace-limit " + std::to_string(S.TraceLimit);
  C += " --";
  for (const std::string &A : Command)
    C += " " + shellQuote(A);
  return C;
}

int runStress(const StressOptions &O) {
  const char *Who = "interlock stress";
  if (!validCommonOptions(Who, O.Sched, O.Format, O.Command, "[options]") ||
      !validDynamicChecks(O.Checks, Who))
    return exit_code::ToolError;
  if (O.Part && !O.Seed) {
    llvm::errs() << Who << ": --shard needs --seed: every shard must run from the same "
                    "base seed for `interlock merge` to give what one machine gives\n";
    return exit_code::ToolError;
  }
  const RunRange Range = shardRuns(O.Runs, O.Part.value_or(Shard{}));
  const unsigned ShardRunCount = Range.End - Range.First;
  std::unique_ptr<OutputFile> FindingsOut = openOutput(O.Output, Who);
  std::unique_ptr<OutputFile> SummaryOut;
  if (FindingsOut && !O.Summary.empty())
    SummaryOut = openOutput(O.Summary, Who);
  if (!FindingsOut || (!O.Summary.empty() && !SummaryOut))
    return exit_code::ToolError;
  BaselineGate Gate;
  if (!Gate.open(O.Baseline, Who))
    return exit_code::ToolError;
  interrupt::install();
  unsigned Jobs = O.Jobs ? O.Jobs : std::max(1u, std::thread::hardware_concurrency());
  Jobs = std::min(Jobs, std::max(1u, ShardRunCount));
  uint64_t Base = O.Seed ? *O.Seed
                         : uint64_t(std::chrono::system_clock::now().time_since_epoch().count() /
                                    1000) % 1000000000ull;

  llvm::SmallString<128> Root;
  bool KeepLogs = !O.LogDir.empty();
  if (KeepLogs) {
    Root = O.LogDir;
    if (std::error_code EC = llvm::sys::fs::create_directories(Root)) {
      llvm::errs() << Who << ": cannot create " << Root << ": " << EC.message() << "\n";
      return exit_code::ToolError;
    }
  } else if (std::error_code EC = llvm::sys::fs::createUniqueDirectory("interlock-stress", Root)) {
    llvm::errs() << Who << ": cannot create a temporary directory: " << EC.message() << "\n";
    return exit_code::ToolError;
  } else {
    interrupt::addTempPath(Root.str().str());
  }
  bool RemoveRoot = !KeepLogs && !O.KeepTemp;
  std::string CalibrationError;
  const ScheduleOptions Sched =
      calibrate(O.Sched, O.Command, O.Timeout, (Root + "/calibrate").str(), CalibrationError);
  if (!CalibrationError.empty()) {
    if (RemoveRoot)
      llvm::sys::fs::remove_directories(Root);
    interrupt::removeTempPath(Root.str().str());
    llvm::errs() << Who << ": " << CalibrationError << "\n";
    return interrupt::requested() ? interrupt::exitStatus() : exit_code::ToolError;
  }

  std::mutex M; // guards everything below
  std::map<std::string, Aggregate> Found;
  // Races ThreadSanitizer reported so far: under the portfolio, half of the later runs
  // aim at one of them (race-directed), the seed picks which; under --strategy race
  // (without --race) every run does, a random walk until a race is known. A run's race
  // is part of its replay command, so the order in which parallel runs found them does
  // not matter.
  std::vector<std::string> Races;
  std::set<std::string> KnownRaces;
  auto ScheduleFor = [&](uint64_t Seed) {
    ScheduleOptions S = Sched;
    std::lock_guard<std::mutex> Lock(M);
    uint64_t Pick = Seed * 0x9e3779b97f4a7c15ull;
    Pick ^= Pick >> 29;
    bool Learning = Sched.Strategy == "race" && Sched.Race.empty();
    if (Learning && Races.empty())
      S.Strategy = "random";
    else if ((Learning || Sched.Strategy == "portfolio") && !Races.empty() &&
             (Learning || (Pick >> 7) % 2 == 0)) {
      S.Strategy = "race";
      S.Race = Races[(Pick >> 17) % Races.size()];
    }
    return S;
  };
  unsigned Done = 0, WatchdogRuns = 0, DeadlockRuns = 0, CutShort = 0, LimitRuns = 0;
  std::optional<unsigned> FirstDetection;
  std::string Error;
  std::atomic<unsigned> Next{0};
  std::atomic<bool> Stop{false};
  bool Progress = !O.Quiet && isatty(2);
  auto Start = Clock::now();
  auto Elapsed = [&] { return std::chrono::duration<double>(Clock::now() - Start).count(); };
  auto Stops = [&](const Finding &F) {
    for (const std::string &C : O.StopOn)
      if (C == "any" || C == F.CheckId)
        return true;
    return false;
  };

  auto Worker = [&] {
    for (;;) {
      unsigned I = Range.First + Next.fetch_add(1);
      if (I >= Range.End || Stop.load() || interrupt::requested())
        return;
      uint64_t Seed = runSeed(Base, I);
      std::string Dir = (Root + "/run-" + std::to_string(I)).str();
      ScheduleOptions RunSched = ScheduleFor(Seed);
      RunResult R = runOne(RunSched, O.Command, O.Timeout, Seed, Dir);
      R.Index = I;
      if (RemoveRoot)
        llvm::sys::fs::remove_directories(Dir);
      std::lock_guard<std::mutex> Lock(M);
      if (R.Interrupted) { // stopped half-way by Ctrl-C: neither a run nor an error
        ++CutShort;
        return;
      }
      if (!R.Error.empty()) {
        if (Error.empty())
          Error = R.Error;
        Stop = true;
        return;
      }
      ++Done;
      WatchdogRuns += !R.Log.Watchdog.empty();
      DeadlockRuns += !R.Log.DeadlockKind.empty();
      LimitRuns += R.LimitReached;
      std::set<std::string> SeenThisRun; // hits count runs, not reports
      for (Finding &F : R.Findings) {
        if (F.CheckId == "interlock-tsan-data-race") {
          std::string Spec = raceSpec(F);
          if (!Spec.empty() && KnownRaces.insert(Spec).second)
            Races.push_back(Spec);
        }
        if (Stops(F)) {
          Stop = true;
          if (!FirstDetection || I < *FirstDetection)
            FirstDetection = I;
        }
        std::string Sig = findingSignature(F);
        if (!SeenThisRun.insert(Sig).second)
          continue;
        Aggregate &A = Found[Sig];
        std::string By = strategyName(R.Log);
        if (A.Hits == 0 || I < A.FirstRun) {
          A.F = F;
          A.FirstRun = I;
          A.FirstSeed = Seed;
          A.FirstStrategy = By;
          A.FirstSched = RunSched;
        }
        ++A.Hits;
        ++A.ByStrategy[By];
      }
      if (Progress) {
        double T = Elapsed();
        llvm::errs() << llvm::format("\r\033[K%s: %u/%u runs  %.1f runs/s  %zu distinct finding(s)",
                                     Who, Done, ShardRunCount, T > 0 ? Done / T : 0.0, Found.size());
      }
    }
  };
  std::vector<std::thread> Pool;
  for (unsigned J = 0; J < Jobs; ++J)
    Pool.emplace_back(Worker);
  for (std::thread &T : Pool)
    T.join();
  double Seconds = Elapsed();
  if (Progress)
    llvm::errs() << "\r\033[K";
  if (RemoveRoot)
    llvm::sys::fs::remove_directories(Root);
  else if (!KeepLogs)
    llvm::errs() << Who << ": kept the run folders in " << Root << "\n";
  interrupt::removeTempPath(Root.str().str());
  bool Interrupted = interrupt::requested();
  if (!Error.empty() && !Interrupted) {
    llvm::errs() << Who << ": " << Error << "\n";
    return exit_code::ToolError;
  }

  std::vector<Aggregate> All;
  for (auto &[Sig, A] : Found)
    All.push_back(A);
  std::sort(All.begin(), All.end(), [](const Aggregate &A, const Aggregate &B) {
    return A.FirstRun != B.FirstRun ? A.FirstRun < B.FirstRun : A.F.CheckId < B.F.CheckId;
  });
  std::vector<Tally> Tallies;
  for (auto &[Sig, A] : Found) {
    Finding F = A.F;
    // A race-directed run's seed replays only with its race: say how, in every format.
    if (A.FirstSched.Strategy == "race")
      F.Stacks.push_back({"race-directed run, replayed by",
                          {{replayCommand(A.FirstSched, A.FirstSeed, O.Command), {}}}});
    Tallies.push_back({std::move(F), A.Hits, A.FirstRun});
  }
  std::vector<Finding> Findings = reportedFindings(std::move(Tallies), Done);
  filterFindings(O.Checks, Findings);
  RunStatus Status;
  Status.StressRuns = Done;
  Status.BaseSeed = Base;
  if (O.Part)
    Status.Shard = O.Part->text();
  if (Interrupted)
    Status.Interrupted = interrupt::signalName();
  std::string ProjectRoot = projectRoot(O.ProjectRoot, "");
  assignFingerprints(Findings, ProjectRoot);
  Gate.apply(Findings, ProjectRoot);
  if (int Rc = emitTo(*FindingsOut, O.Format, Findings, Who, Status, O.ProjectRoot, "stress"))
    return Rc;
  // An interrupted stress's findings are partial: no baseline is written from them.
  if (!Interrupted && !Gate.commit(O.Quiet))
    return exit_code::ToolError;

  if (Interrupted) // not hidden by -q: it explains the exit status
    llvm::errs() << Who << ": interrupted by " << interrupt::signalName() << " after " << Done
                 << " complete run(s) of " << ShardRunCount << " (" << CutShort
                 << " cut short and not counted); the findings are those of the complete "
                    "runs\n";
  if (!O.Quiet) {
    llvm::raw_ostream &E = llvm::errs();
    E << llvm::format("%s: %u runs in %.2f s (%.1f runs/s, %u jobs), strategy %s, base seed %llu",
                      Who, Done, Seconds, Seconds > 0 ? Done / Seconds : 0.0, Jobs,
                      O.Sched.Strategy.c_str(), (unsigned long long)Base);
    if (usesAccessPoints(Sched))
      E << ", " << Sched.AccessSteps << " access points";
    E << "; " << All.size() << " distinct finding(s)";
    if (DeadlockRuns)
      E << "; " << DeadlockRuns << " run(s) deadlocked";
    E << "\n";
    if (LimitRuns)
      E << Who << ": warning: " << LimitRuns << " run(s) reached the trace limit of "
        << O.Sched.TraceLimit
        << " bytes: their events after it were not recorded; their findings are those of "
           "the recorded part, without thread-lifetime checks\n";
    if (WatchdogRuns)
      E << Who << ": note: in " << WatchdogRuns
        << " run(s) the watchdog passed the turn on (code the scheduler cannot see "
           "blocked the running thread); those runs may not replay exactly\n";
    if (!All.empty()) {
      E << llvm::format("%-52s %10s %12s %-12s %s\n", (const char *)"finding",
                        (const char *)"hits/runs", (const char *)"first seed",
                        (const char *)"found by", (const char *)"replay");
      for (const Aggregate &A : All) {
        std::string Name = A.F.CheckId;
        if (A.F.Primary.valid())
          Name += " " + locText(A.F.Primary);
        E << llvm::format("%-52s %10s %12llu %-12s %s\n", Name.c_str(),
                          (std::to_string(A.Hits) + "/" + std::to_string(Done)).c_str(),
                          (unsigned long long)A.FirstSeed, A.FirstStrategy.c_str(),
                          replayCommand(A.FirstSched, A.FirstSeed, O.Command).c_str());
      }
      if (O.Sched.Strategy == "portfolio") {
        E << Who << ": runs that found each, by strategy:\n";
        for (const Aggregate &A : All) {
          std::string Name = A.F.CheckId;
          if (A.F.Primary.valid())
            Name += " " + locText(A.F.Primary);
          E << "  " << Name << ":";
          for (const auto &[By, N] : A.ByStrategy)
            E << " " << By << " " << N;
          E << "\n";
        }
      }
    }
    if (KeepLogs)
      E << Who << ": per-run logs in " << Root << "/run-N/\n";
  }

  if (!O.Summary.empty()) {
    llvm::json::Array Items;
    for (const Aggregate &A : All) {
      llvm::json::Object By;
      for (const auto &[Name, N] : A.ByStrategy)
        By[Name] = int64_t(N);
      Items.push_back(llvm::json::Object{{"check", A.F.CheckId},
                                         {"file", A.F.Primary.File},
                                         {"line", int64_t(A.F.Primary.Line)},
                                         {"hits", int64_t(A.Hits)},
                                         {"first_run", int64_t(A.FirstRun)},
                                         {"first_seed", A.FirstSeed},
                                         {"first_strategy", A.FirstStrategy},
                                         {"replay", replayCommand(A.FirstSched, A.FirstSeed,
                                                                  O.Command)},
                                         {"by_strategy", std::move(By)}});
    }
    llvm::json::Object S{{"runs", int64_t(Done)},
                         {"jobs", int64_t(Jobs)},
                         {"seconds", Seconds},
                         {"runs_per_second", Seconds > 0 ? Done / Seconds : 0.0},
                         {"strategy", O.Sched.Strategy},
                         {"access_steps", int64_t(Sched.AccessSteps)},
                         {"base_seed", Base},
                         {"watchdog_runs", int64_t(WatchdogRuns)},
                         {"deadlock_runs", int64_t(DeadlockRuns)},
                         {"findings", std::move(Items)}};
    if (FirstDetection)
      S["first_detection_run"] = int64_t(*FirstDetection);
    else
      S["first_detection_run"] = nullptr;
    S["interrupted"] = Interrupted;
    SummaryOut->os() << llvm::json::Value(std::move(S)) << "\n";
    if (llvm::Error E = SummaryOut->commit()) {
      llvm::errs() << Who << ": " << llvm::toString(std::move(E)) << "\n";
      return exit_code::ToolError;
    }
  }
  if (Interrupted)
    return interrupt::exitStatus();
  return Findings.empty() ? exit_code::NoFindings : exit_code::Findings;
}

int runReplay(const ReplayOptions &O) {
  const char *Who = "interlock replay";
  if (!validCommonOptions(Who, O.Sched, O.Format, O.Command, "--seed S"))
    return exit_code::ToolError;
  if (O.Sched.Strategy == "delay" || O.Sched.Strategy == "none") {
    llvm::errs() << Who << ": strategy '" << O.Sched.Strategy
                 << "' runs threads in parallel and cannot be replayed\n";
    return exit_code::ToolError;
  }
  std::unique_ptr<OutputFile> FindingsOut = openOutput(O.Output, Who);
  std::unique_ptr<OutputFile> LogOut;
  if (FindingsOut && !O.Log.empty())
    LogOut = openOutput(O.Log, Who);
  if (!FindingsOut || (!O.Log.empty() && !LogOut))
    return exit_code::ToolError;
  interrupt::install();
  llvm::SmallString<128> Dir;
  if (std::error_code EC = llvm::sys::fs::createUniqueDirectory("interlock-replay", Dir)) {
    llvm::errs() << Who << ": cannot create a temporary directory: " << EC.message() << "\n";
    return exit_code::ToolError;
  }
  interrupt::addTempPath(Dir.str().str());
  std::string CalibrationError;
  ScheduleOptions Sched =
      calibrate(O.Sched, O.Command, O.Timeout, (Dir + "/calibrate").str(), CalibrationError);
  RunResult R;
  if (!CalibrationError.empty())
    R.Error = CalibrationError;
  else
    R = runOne(Sched, O.Command, O.Timeout, O.Seed, Dir.str().str());
  if (LogOut) {
    if (auto Buf = llvm::MemoryBuffer::getFile(Dir + "/sched.log"))
      LogOut->os() << (*Buf)->getBuffer();
    if (llvm::Error E = LogOut->commit())
      llvm::errs() << Who << ": " << llvm::toString(std::move(E)) << "\n";
  }
  llvm::sys::fs::remove_directories(Dir);
  interrupt::removeTempPath(Dir.str().str());
  if (!R.Error.empty()) {
    llvm::errs() << Who << ": " << R.Error << "\n";
    return interrupt::requested() ? interrupt::exitStatus() : exit_code::ToolError;
  }
  normalizeFindings(R.Findings);
  RunStatus Status;
  if (R.Process.Exited)
    Status.ProgramExitStatus = R.Process.ExitCode;
  if (R.CrashSignal || R.Process.Signal)
    Status.ProgramSignal = signalName(R.CrashSignal ? R.CrashSignal : R.Process.Signal);
  if (interrupt::requested())
    Status.Interrupted = interrupt::signalName();
  if (int Rc = emitTo(*FindingsOut, O.Format, R.Findings, Who, Status, O.ProjectRoot, "replay"))
    return Rc;
  if (interrupt::requested()) {
    llvm::errs() << Who << ": interrupted by " << interrupt::signalName()
                 << ": the run was stopped; the findings above are those of the run so far\n";
    return interrupt::exitStatus();
  }
  llvm::raw_ostream &E = llvm::errs();
  E << Who << ": seed " << O.Seed << " (" << R.Log.Header << "): " << R.Log.Decisions.size()
    << " decisions, digest " << llvm::format_hex_no_prefix(digest(R.Log.Decisions), 16);
  if (!R.Log.DeadlockKind.empty())
    E << ", stopped by a deadlock (" << R.Log.DeadlockKind << ")";
  E << "; " << R.Findings.size() << " finding(s)\n";
  if (R.LimitReached)
    E << Who << ": warning: the run reached the trace limit of " << O.Sched.TraceLimit
      << " bytes: its events after it were not recorded; the findings are those of the "
         "recorded part, without thread-lifetime checks\n";
  if (!R.Log.Watchdog.empty())
    E << Who << ": note: the watchdog passed the turn on " << R.Log.Watchdog.size()
      << " time(s) (code the scheduler cannot see blocked the running thread); this run "
         "may not replay exactly\n";
  return R.Findings.empty() ? exit_code::NoFindings : exit_code::Findings;
}

} // namespace interlock::stress
