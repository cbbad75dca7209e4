//===- RunCommand.cpp - `interlock run` and `interlock trace` -------------===//
//
// run: start an instrumented program in its own process group with a per-run trace
// and TSan log, wait (with an optional time limit), read the trace, run the detectors
// (RunDetectors.h), turn TSan's reports into findings (TsanBridge.h), add a finding if
// the program crashed or hung, and print everything through the shared emitters.
// trace: print a trace, or convert it to Chrome Trace Event JSON.
//
//===----------------------------------------------------------------------===//
#include "ChromeTrace.h"
#include "Commands.h"
#include "ExitCodes.h"
#include "ProcessRunner.h"
#include "RunOnce.h"
#include "RunDetectors.h"
#include "Symbolizer.h"
#include "TraceReader.h"
#include "TsanBridge.h"

#include "report/Emitters.h"

#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <memory>

namespace interlock {
namespace {

struct RunOptions {
  std::string Format = "text";
  std::string Output;
  std::string TraceOut;
  double Timeout = 0;
  bool KeepTemp = false;
  std::vector<std::string> Command;
};

struct TraceOptions {
  std::string File;
  bool Chrome = false;
  std::string Output;
};

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
  llvm::SmallString<128> Dir;
  if (std::error_code EC = llvm::sys::fs::createUniqueDirectory("interlock-run", Dir)) {
    llvm::errs() << "interlock run: cannot create a temporary directory: " << EC.message()
                 << "\n";
    return exit_code::ToolError;
  }
  auto Cleanup = llvm::make_scope_exit([&] {
    if (!O.KeepTemp)
      llvm::sys::fs::remove_directories(Dir);
  });
  RunRequest Req;
  Req.Command = O.Command;
  Req.Dir = Dir.str().str();
  Req.Timeout = O.Timeout;
  RunOutcome Out = runAndAnalyze(Req);
  if (!Out.Error.empty()) {
    llvm::errs() << "interlock run: " << Out.Error << "\n";
    return exit_code::ToolError;
  }
  if (Out.T && !O.TraceOut.empty())
    if (std::error_code EC = llvm::sys::fs::copy_file(Req.Dir + "/trace", O.TraceOut))
      llvm::errs() << "interlock run: cannot write " << O.TraceOut << ": " << EC.message()
                   << "\n";
  const ProcessResult &P = Out.Process;
  const std::optional<Trace> &T = Out.T;
  const RunAnalysis &Analysis = Out.Analysis;
  const BridgeStats &Stats = Out.Stats;
  std::vector<Finding> &Findings = Out.Findings;
  int CrashSignal = Out.CrashSignal;
  normalizeFindings(Findings);

  std::unique_ptr<llvm::raw_fd_ostream> File;
  llvm::raw_ostream *OS = &llvm::outs();
  if (!O.Output.empty()) {
    std::error_code EC;
    File = std::make_unique<llvm::raw_fd_ostream>(O.Output, EC);
    if (EC) {
      llvm::errs() << "interlock run: cannot write " << O.Output << ": " << EC.message() << "\n";
      return exit_code::ToolError;
    }
    OS = File.get();
  }
  bool Color = O.Output.empty() && !std::getenv("NO_COLOR") &&
               llvm::sys::Process::StandardOutIsDisplayed();
  emitFindings(*OS, *Format, Findings, Color);
  OS->flush();

  llvm::raw_ostream &Err = llvm::errs();
  Err << "interlock run: " << O.Command[0] << " ";
  if (P.TimedOut)
    Err << "timed out";
  else if (CrashSignal)
    Err << "died by " << signalName(CrashSignal);
  else
    Err << "exited with status " << P.ExitCode;
  Err << llvm::format(" after %.2f s", P.Seconds);
  if (T)
    Err << "; " << T->Threads.size() << " threads, " << Analysis.NumEvents << " events";
  Err << "; " << Findings.size() << " finding(s)";
  if (Stats.Reports)
    Err << "; ThreadSanitizer: " << Stats.Reports << " report(s), " << Stats.Races
        << " race(s)";
  Err << "; TSan lock-order reports dropped as unable to deadlock: " << Stats.LockOrderDropped;
  if (Stats.LockOrderConfirmed)
    Err << " (confirmed by Interlock's lock graph: " << Stats.LockOrderConfirmed << ")";
  Err << "\n";
  return Findings.empty() ? exit_code::NoFindings : exit_code::Findings;
}

int traceAction(const TraceOptions &O) {
  auto T = readTrace(O.File);
  if (!T) {
    llvm::errs() << "interlock trace: " << llvm::toString(T.takeError()) << "\n";
    return exit_code::ToolError;
  }
  std::unique_ptr<llvm::raw_fd_ostream> File;
  llvm::raw_ostream *OS = &llvm::outs();
  if (!O.Output.empty()) {
    std::error_code EC;
    File = std::make_unique<llvm::raw_fd_ostream>(O.Output, EC);
    if (EC) {
      llvm::errs() << "interlock trace: cannot write " << O.Output << ": " << EC.message()
                   << "\n";
      return exit_code::ToolError;
    }
    OS = File.get();
  }
  if (O.Chrome)
    writeChromeTrace(*OS, *T);
  else
    writeTextTrace(*OS, *T);
  return exit_code::NoFindings;
}

} // namespace

void registerRunCommand(CLI::App &Parent, CommandAction &Action) {
  auto RO = std::make_shared<RunOptions>();
  CLI::App *Run = Parent.add_subcommand(
      "run", "Run an instrumented program once and report what it did");
  Run->add_option("--format", RO->Format, "Output format: text, json or sarif")
      ->capture_default_str();
  Run->add_option("-o,--output", RO->Output, "Write findings to FILE instead of stdout");
  Run->add_option("--trace-out", RO->TraceOut, "Keep the run's trace in FILE");
  Run->add_option("--timeout", RO->Timeout,
                  "Kill the program (its whole process group) after S seconds; 0: no limit")
      ->capture_default_str();
  Run->add_flag("--keep-temp", RO->KeepTemp, "Keep the run's temporary directory");
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
  Trace->callback([&Action, TO] { Action = [TO] { return traceAction(*TO); }; });
}

} // namespace interlock
