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

std::string hex(uint64_t V) {
  std::string S;
  llvm::raw_string_ostream(S) << llvm::format_hex(V, 2);
  return S;
}

std::string signalName(int Sig) {
  if (const char *Abbrev = sigabbrev_np(Sig))
    return std::string("SIG") + Abbrev;
  return "signal " + std::to_string(Sig);
}

std::string seconds(double S) {
  char Buf[32];
  snprintf(Buf, sizeof(Buf), "%g", S);
  return Buf;
}

std::string threadName(uint32_t Tid) { return Tid == 0 ? "main thread" : "thread T" + std::to_string(Tid); }

/// Where every thread that was stuck at the end waits, and for what.
void describePending(const Trace &T, const RunAnalysis &A, Finding &F) {
  for (const PendingOp &P : A.Pending) {
    std::string What;
    switch (P.Kind) {
    case trace::EventKind::LockAttempt: {
      What = threadName(P.Tid) + " waits for mutex " + hex(P.Object);
      auto It = A.HeldAtEnd.find(P.Object);
      if (It != A.HeldAtEnd.end())
        What += It->second == P.Tid ? ", which it already holds"
                                    : " held by " + threadName(It->second);
      break;
    }
    case trace::EventKind::CondWait:
      What = threadName(P.Tid) + " waits on condition variable " + hex(P.Object);
      break;
    case trace::EventKind::JoinBefore:
      What = threadName(P.Tid) + " waits to join thread T" + std::to_string(P.Object);
      break;
    default:
      continue;
    }
    SourceLoc Loc = siteLoc(T, P.Site);
    if (!F.Primary.valid())
      F.Primary = Loc;
    F.Related.push_back({Loc, What + " here"});
  }
}

std::vector<std::pair<std::string, std::string>> runEnvironment(llvm::StringRef Dir) {
  std::string Options;
  if (const char *Old = std::getenv("INTERLOCK_OPTIONS"))
    Options = std::string(Old) + ":";
  Options += "trace_path=" + (Dir + "/trace").str() + ":tsan_log_path=" + (Dir + "/tsan").str();
  return {{"INTERLOCK_OPTIONS", Options}};
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
  ProcessResult P = runProgram(O.Command, runEnvironment(Dir), O.Timeout);
  if (!P.Started) {
    llvm::errs() << "interlock run: " << P.Error << "\n";
    return exit_code::ToolError;
  }
  std::string TracePath = (Dir + "/trace").str();
  std::vector<Finding> Findings;
  BridgeStats Stats;
  RunAnalysis Analysis;
  std::optional<Trace> T;
  if (llvm::sys::fs::exists(TracePath)) {
    auto Read = readTrace(TracePath);
    if (!Read) {
      llvm::errs() << "interlock run: " << llvm::toString(Read.takeError()) << "\n";
      return exit_code::ToolError;
    }
    T = std::move(*Read);
    if (!O.TraceOut.empty())
      if (std::error_code EC = llvm::sys::fs::copy_file(TracePath, O.TraceOut))
        llvm::errs() << "interlock run: cannot write " << O.TraceOut << ": " << EC.message()
                     << "\n";
  } else if (!P.TimedOut && P.Signal == 0) {
    llvm::errs() << "interlock run: " << O.Command[0]
                 << " wrote no trace: was it built with interlock-cc/interlock-c++?\n";
    return exit_code::ToolError;
  }

  bool Terminated = T && T->HasExit && T->Exit.Reason == uint32_t(trace::ExitReason::Terminate);
  bool Killed = P.TimedOut || (T && T->HasExit && T->Exit.Reason == uint32_t(trace::ExitReason::Signal));
  // The runtime saw the fatal signal even when a handler after it (TSan's) turned it
  // into an exit status.
  int CrashSignal = P.Signal;
  if (!CrashSignal && !P.TimedOut && T && T->HasExit &&
      T->Exit.Reason == uint32_t(trace::ExitReason::Signal))
    CrashSignal = T->Exit.Code;
  if (T) {
    DetectorOptions DO;
    DO.ThreadLifetime = !Killed;
    Analysis = analyzeTrace(*T, DO);
    Findings = Analysis.Findings;
    Symbolizer Sym(T->Maps);
    std::vector<Finding> Bridged = bridgeTsanReports(*T, Analysis, Sym, Stats);
    Findings.insert(Findings.end(), Bridged.begin(), Bridged.end());

    bool Explained = false; // a joinable std::thread explains the abort
    for (const Finding &F : Findings)
      Explained |= F.CheckId == "interlock-missing-join" &&
                   F.Message.find("std::terminate") != std::string::npos;
    if (P.TimedOut) {
      Finding F;
      F.CheckId = "interlock-program-timeout";
      F.Level = Severity::Error;
      F.Origin = "run";
      F.Message = "program still running after " + seconds(O.Timeout) +
                  " s and was killed";
      describePending(*T, Analysis, F);
      if (!F.Related.empty())
        F.Message += "; threads were blocked (possible deadlock)";
      Findings.push_back(std::move(F));
    } else if ((CrashSignal != 0 || Terminated) && !Explained) {
      Finding F;
      F.CheckId = "interlock-program-crash";
      F.Level = Severity::Error;
      F.Origin = "run";
      int Sig = CrashSignal ? CrashSignal : SIGABRT;
      F.Message = Terminated ? "program called std::terminate and died by " + signalName(Sig)
                             : "program died by " + signalName(Sig);
      if (T->HasExit && T->Exit.Pc) {
        Sym.add(T->Exit.Pc + 1); // a faulting PC, not a return address
        Sym.symbolize();
        std::vector<StackFrame> Fr = Sym.userFrames({T->Exit.Pc + 1});
        if (!Fr.empty())
          F.Primary = Fr.front().Loc;
      }
      describePending(*T, Analysis, F);
      Findings.push_back(std::move(F));
    }
  } else {
    Finding F;
    F.Level = Severity::Error;
    F.Origin = "run";
    if (P.TimedOut) {
      F.CheckId = "interlock-program-timeout";
      F.Message = "program still running after " + seconds(O.Timeout) +
                  " s and was killed (no trace was written)";
    } else {
      F.CheckId = "interlock-program-crash";
      F.Message = "program died by " + signalName(P.Signal) + " (no trace was written)";
    }
    Findings.push_back(std::move(F));
  }
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
