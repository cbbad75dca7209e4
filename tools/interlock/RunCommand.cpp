//===- RunCommand.cpp - `interlock run` and `interlock trace` -------------===//
//
// run: start an instrumented program in its own process group with a per-run trace
// and TSan log, wait (with an optional time limit), read the trace, run the detectors
// (RunDetectors.h), turn TSan's reports into findings (TsanBridge.h), add a finding if
// the program crashed or hung, and print everything through the shared emitters.
// trace: print a trace, or convert it to Chrome Trace Event JSON.
//
//===----------------------------------------------------------------------===//
#include "ArgChecks.h"
#include "BaselineGate.h"
#include "dynamic/report/ChromeTrace.h"
#include "Commands.h"
#include "ExitCodes.h"
#include "FindingFilter.h"
#include "ProcessRunner.h"
#include "RunOnce.h"
#include "dynamic/pass/RunDetectors.h"
#include "dynamic/report/Symbolizer.h"
#include "dynamic/model/TraceReader.h"
#include "dynamic/pass/TsanBridge.h"
#include "lifecycle/Interrupt.h"
#include "lifecycle/OutputFile.h"

#include "report/Emitters.h"

#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <unistd.h>
#include <cstring>
#include <memory>

namespace interlock {
namespace {

struct RunOptions {
  std::string Format = "text";
  std::string Output;
  std::string TraceOut;
  std::string ProjectRoot;
  BaselineArgs Baseline;
  std::string Checks; // --checks
  double Timeout = 0;
  uint64_t TraceLimit = 0;
  bool KeepTemp = false;
  bool FailOnExit = false;
  std::vector<std::string> Command;
};

/// ThreadSanitizer's exit status after it reported something (its `exitcode` flag).
constexpr int TsanExitCode = 66;

struct TraceOptions {
  std::string File;
  uint64_t TraceLimit = 0;
  bool Chrome = false;
  std::string Output;
};

/// Opens -o and --trace-out before the program runs; says why not on stderr.
bool openOutputs(const RunOptions &O, std::unique_ptr<OutputFile> &Findings,
                 std::unique_ptr<OutputFile> &TraceOut) {
  auto F = OutputFile::open(O.Output);
  if (!F) {
    llvm::errs() << "interlock run: " << llvm::toString(F.takeError()) << "\n";
    return false;
  }
  Findings = std::move(*F);
  if (O.TraceOut.empty())
    return true;
  auto T = OutputFile::open(O.TraceOut);
  if (!T) {
    llvm::errs() << "interlock run: " << llvm::toString(T.takeError()) << "\n";
    return false;
  }
  TraceOut = std::move(*T);
  return true;
}

/// Copies in 1 MiB pieces: a trace of many gigabytes never sits in memory.
void copyTrace(const std::string &From, OutputFile &To) {
  int Fd = -1;
  if (std::error_code EC = llvm::sys::fs::openFileForRead(From, Fd)) {
    llvm::errs() << "interlock run: cannot read " << From << ": " << EC.message() << "\n";
    return;
  }
  std::vector<char> Buf(1 << 20);
  ssize_t N;
  while ((N = ::read(Fd, Buf.data(), Buf.size())) > 0 ||
         (N < 0 && errno == EINTR))
    if (N > 0)
      To.os().write(Buf.data(), size_t(N));
  ::close(Fd);
  if (llvm::Error E = To.commit())
    llvm::errs() << "interlock run: " << llvm::toString(std::move(E)) << "\n";
}

void printDamage(const char *Who, const Trace &T) {
  for (const std::string &D : T.Damage)
    llvm::errs() << Who << ": warning: damaged trace (the rest was read and analysed): " << D
                 << "\n";
}

void printLimit(const char *Who, const Trace &T) {
  if (!T.LimitReached)
    return;
  llvm::errs() << Who << ": warning: trace limit of " << T.LimitBytes
               << " bytes reached: events after it were not recorded";
  if (T.LimitDroppedEvents)
    llvm::errs() << " (" << T.LimitDroppedEvents << " dropped)";
  llvm::errs() << "; the findings are those of the recorded part, without thread-lifetime "
                  "checks\n";
}

void printSummary(const RunOptions &O, const RunOutcome &Out) {
  const ProcessResult &P = Out.Process;
  const BridgeStats &Stats = Out.Stats;
  if (Out.T) {
    printDamage("interlock run", *Out.T);
    printLimit("interlock run", *Out.T);
  }
  llvm::raw_ostream &Err = llvm::errs();
  Err << "interlock run: " << O.Command[0] << " ";
  if (P.Interrupted)
    Err << "was stopped: interlock was interrupted by " << interrupt::signalName();
  else if (P.TimedOut)
    Err << "timed out";
  else if (Out.CrashSignal)
    Err << "died by " << signalName(Out.CrashSignal);
  else
    Err << "exited with status " << P.ExitCode;
  Err << llvm::format(" after %.2f s", P.Seconds);
  if (Out.T)
    Err << "; " << Out.T->Threads.size() << " threads, " << Out.Analysis.NumEvents
        << " events";
  if (Out.ChildProcesses)
    Err << "; " << Out.ChildProcesses << " child process(es) traced";
  Err << "; " << Out.Findings.size() << " finding(s)";
  if (Stats.Reports)
    Err << "; ThreadSanitizer: " << Stats.Reports << " report(s), " << Stats.Races
        << " race(s)";
  Err << "; TSan lock-order reports dropped as unable to deadlock: " << Stats.LockOrderDropped;
  if (Stats.LockOrderConfirmed)
    Err << " (confirmed by Interlock's lock graph: " << Stats.LockOrderConfirmed << ")";
  Err << "\n";
}

/// --fail-on-exit: the program's non-zero exit status, unless it is ThreadSanitizer's
/// after reports of its own (they are findings already) or the run did not end by
/// itself.
std::optional<Finding> exitStatusFinding(const RunOutcome &Out) {
  const ProcessResult &P = Out.Process;
  if (!P.Exited || P.ExitCode == 0 || Out.CrashSignal || P.TimedOut || P.Interrupted)
    return std::nullopt;
  if (P.ExitCode == TsanExitCode && Out.Stats.Reports)
    return std::nullopt;
  Finding F;
  F.CheckId = "interlock-program-exit";
  F.Level = Severity::Error;
  F.Origin = "run";
  F.Message = "program exited with status " + std::to_string(P.ExitCode);
  return F;
}

RunStatus runStatus(const RunOutcome &Out) {
  RunStatus S;
  if (Out.Process.Exited)
    S.ProgramExitStatus = Out.Process.ExitCode;
  if (Out.CrashSignal)
    S.ProgramSignal = signalName(Out.CrashSignal);
  else if (Out.Process.Signal)
    S.ProgramSignal = signalName(Out.Process.Signal);
  if (interrupt::requested())
    S.Interrupted = interrupt::signalName();
  return S;
}

int runAction(const RunOptions &O) {
  auto Format = parseOutputFormat(O.Format);
  if (!Format) {
    llvm::errs() << "interlock run: unknown format '" << O.Format
                 << "' (expected text, json or sarif)\n";
    return exit_code::ToolError;
  }
  if (O.Command.empty()) {
    llvm::errs() << "interlock run: no program given; usage: interlock run [options] -- "
                    "PROGRAM [ARGS...]\n";
    return exit_code::ToolError;
  }
  if (!validDynamicChecks(O.Checks, "interlock run"))
    return exit_code::ToolError;
  std::unique_ptr<OutputFile> FindingsOut, TraceOut;
  if (!openOutputs(O, FindingsOut, TraceOut))
    return exit_code::ToolError;
  BaselineGate Gate;
  if (!Gate.open(O.Baseline, "interlock run"))
    return exit_code::ToolError;
  interrupt::install();
  llvm::SmallString<128> Dir;
  if (std::error_code EC = llvm::sys::fs::createUniqueDirectory("interlock-run", Dir)) {
    llvm::errs() << "interlock run: cannot create a temporary directory: " << EC.message()
                 << "\n";
    return exit_code::ToolError;
  }
  interrupt::addTempPath(Dir.str().str());
  auto Cleanup = llvm::make_scope_exit([&] {
    if (!O.KeepTemp)
      llvm::sys::fs::remove_directories(Dir);
    else
      llvm::errs() << "interlock run: kept the run's folder " << Dir << "\n";
    interrupt::removeTempPath(Dir.str().str());
  });
  RunRequest Req;
  Req.Command = O.Command;
  Req.Dir = Dir.str().str();
  Req.Timeout = O.Timeout;
  Req.TraceLimit = O.TraceLimit;
  RunOutcome Out = runAndAnalyze(Req);
  if (!Out.Error.empty()) {
    llvm::errs() << "interlock run: " << Out.Error << "\n";
    return interrupt::requested() ? interrupt::exitStatus() : exit_code::ToolError;
  }
  if (Out.T && TraceOut)
    copyTrace(Out.TracePath, *TraceOut);
  if (O.FailOnExit)
    if (std::optional<Finding> F = exitStatusFinding(Out))
      Out.Findings.push_back(std::move(*F));
  filterFindings(O.Checks, Out.Findings);
  normalizeFindings(Out.Findings);
  RunStatus Status = runStatus(Out);
  Status.Command = "run";
  Status.ProjectRoot = projectRoot(O.ProjectRoot, "");
  assignFingerprints(Out.Findings, Status.ProjectRoot);
  Gate.apply(Out.Findings, Status.ProjectRoot);

  bool Color = FindingsOut->isStdout() && !std::getenv("NO_COLOR") &&
               llvm::sys::Process::StandardOutIsDisplayed();
  emitFindings(FindingsOut->os(), *Format, Out.Findings, Color, &Status);
  if (llvm::Error E = FindingsOut->commit()) {
    llvm::errs() << "interlock run: " << llvm::toString(std::move(E)) << "\n";
    return exit_code::ToolError;
  }
  printSummary(O, Out);
  // An interrupted run's findings are partial: no baseline is written from them.
  if (!interrupt::requested() && !Gate.commit(/*Quiet=*/false))
    return exit_code::ToolError;
  if (interrupt::requested()) {
    llvm::errs() << "interlock run: interrupted by " << interrupt::signalName()
                 << ": the findings above are those of the run so far\n";
    return interrupt::exitStatus();
  }
  return Out.Findings.empty() ? exit_code::NoFindings : exit_code::Findings;
}

int traceAction(const TraceOptions &O) {
  auto Opened = OutputFile::open(O.Output);
  if (!Opened) {
    llvm::errs() << "interlock trace: " << llvm::toString(Opened.takeError()) << "\n";
    return exit_code::ToolError;
  }
  std::unique_ptr<OutputFile> Out = std::move(*Opened);
  ReadOptions RO;
  RO.EventBytesLimit = O.TraceLimit;
  auto T = readTrace(O.File, RO);
  if (!T) {
    llvm::errs() << "interlock trace: " << llvm::toString(T.takeError()) << "\n";
    return exit_code::ToolError;
  }
  printDamage("interlock trace", *T);
  printLimit("interlock trace", *T);
  if (O.Chrome)
    writeChromeTrace(Out->os(), *T);
  else
    writeTextTrace(Out->os(), *T);
  if (llvm::Error E = Out->commit()) {
    llvm::errs() << "interlock trace: " << llvm::toString(std::move(E)) << "\n";
    return exit_code::ToolError;
  }
  return exit_code::NoFindings;
}

} // namespace

void registerRunCommand(CLI::App &Parent, CommandAction &Action) {
  auto RO = std::make_shared<RunOptions>();
  CLI::App *Run = Parent.add_subcommand(
      "run", "Run an instrumented program once and report what it did");
  Run->add_option("--format", RO->Format, "Output format: text, json or sarif")
      ->capture_default_str()
      ->check(args::oneOf({"text", "json", "sarif"}));
  Run->add_option("-o,--output", RO->Output, "Write findings to FILE instead of stdout");
  Run->add_option("--trace-out", RO->TraceOut, "Keep the run's trace in FILE");
  addBaselineOptions(Run, RO->Baseline);
  addChecksOption(Run, RO->Checks);
  Run->add_option("--project-root", RO->ProjectRoot,
                  "Fingerprints and SARIF URIs are relative to DIR (default: the current "
                  "directory)");
  Run->add_option("--timeout", RO->Timeout,
                  "Kill the program (its whole process group) after S seconds; 0: no limit")
      ->capture_default_str()
      ->check(args::seconds(args::MaxSeconds));
  Run->add_option("--trace-limit", RO->TraceLimit,
                  "Stop recording (and reading) events once the trace reaches SIZE bytes "
                  "(suffixes K, M, G, T); the findings are those of the recorded part")
      ->transform(args::byteSize(64 * 1024, uint64_t(1) << 40));
  Run->add_flag("--keep-temp", RO->KeepTemp, "Keep the run's temporary directory");
  Run->add_flag("--fail-on-exit", RO->FailOnExit,
                "A non-zero exit status of the program is a finding "
                "(interlock-program-exit)");
  Run->add_option("command", RO->Command, "-- PROGRAM [ARGS...]")->required();
  Run->footer("Exit status: 0 no findings, 1 findings (a crash or a timeout is one), 2 "
              "tool error (e.g. program not found). See docs/run.md.");
  Run->callback([&Action, RO] { Action = [RO] { return runAction(*RO); }; });

  auto TO = std::make_shared<TraceOptions>();
  CLI::App *Trace =
      Parent.add_subcommand("trace", "Print a recorded trace or convert it to Chrome JSON");
  Trace->add_option("file", TO->File, "A trace written by an instrumented program")
      ->required();
  Trace->add_flag("--chrome", TO->Chrome,
                  "Chrome Trace Event JSON (Perfetto, chrome://tracing)");
  Trace->add_option("-o,--output", TO->Output, "Write to FILE instead of stdout");
  Trace->add_option("--trace-limit", TO->TraceLimit,
                    "Read events only up to SIZE bytes of event blocks (suffixes K, M, G, T)")
      ->transform(args::byteSize(1, uint64_t(1) << 40));
  Trace->callback([&Action, TO] { Action = [TO] { return traceAction(*TO); }; });
}

} // namespace interlock
