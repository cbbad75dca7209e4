//===- RunOnce.cpp - Run an instrumented program once and read what it did -===//
#include "RunOnce.h"
#include "dynamic/model/HexAddress.h"
#include "dynamic/report/Symbolizer.h"
#include "dynamic/model/TsanLog.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>

namespace interlock {
namespace {

std::string seconds(double S) {
  char Buf[32];
  snprintf(Buf, sizeof(Buf), "%g", S);
  return Buf;
}

} // namespace

std::string signalName(int Sig) {
  if (const char *Abbrev = sigabbrev_np(Sig))
    return std::string("SIG") + Abbrev;
  return "signal " + std::to_string(Sig);
}

namespace {

/// Where every thread that was stuck at the end waits, and for what.
void describePending(const Trace &T, const RunAnalysis &A, Finding &F) {
  for (const PendingOp &P : A.Pending) {
    std::string What;
    switch (P.Kind) {
    case trace::EventKind::LockAttempt: {
      What = runThreadName(P.Tid) + " waits for mutex " + hexAddress(P.Object);
      auto It = A.HeldAtEnd.find(P.Object);
      if (It != A.HeldAtEnd.end())
        What += It->second == P.Tid ? ", which it already holds"
                                    : " held by " + runThreadName(It->second);
      break;
    }
    case trace::EventKind::CondWait:
      What = runThreadName(P.Tid) + " waits on condition variable " + hexAddress(P.Object);
      break;
    case trace::EventKind::JoinBefore:
      What = runThreadName(P.Tid) + " waits to join thread T" + std::to_string(P.Object);
      break;
    case trace::EventKind::BarrierWait:
      What = runThreadName(P.Tid) + ((P.Flags & trace::BarrierFutex)
                                         ? " waits on futex word " + hexAddress(P.Object)
                                         : " waits at barrier " + hexAddress(P.Object));
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

std::vector<std::pair<std::string, std::string>> runEnvironment(const RunRequest &R) {
  std::string Options;
  if (const char *Old = std::getenv("INTERLOCK_OPTIONS"))
    Options = std::string(Old) + ":";
  Options += "trace_path=" + R.Dir + "/trace.%p:tsan_log_path=" + R.Dir + "/tsan";
  if (R.TraceLimit)
    Options += ":trace_limit_kib=" + std::to_string((R.TraceLimit + 1023) / 1024);
  std::vector<std::pair<std::string, std::string>> Env = {{"INTERLOCK_OPTIONS", Options}};
  Env.insert(Env.end(), R.Env.begin(), R.Env.end());
  return Env;
}

/// The pid a run file is named by: trace.PID, trace.PARENT.child.PID, tsan.PID.
int filePid(llvm::StringRef Name) {
  size_t Dot = Name.rfind('.');
  int Pid = 0;
  if (Dot == llvm::StringRef::npos || Name.substr(Dot + 1).getAsInteger(10, Pid))
    return 0;
  return Pid;
}

/// The run's trace and TSan log files by pid.
struct ProcessFiles {
  std::string Trace, TsanLog;
};
std::map<int, ProcessFiles> runFiles(const std::string &Dir) {
  std::map<int, ProcessFiles> Files;
  std::error_code EC;
  for (llvm::sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC;
       It.increment(EC)) {
    llvm::StringRef Name = llvm::sys::path::filename(It->path());
    int Pid = filePid(Name);
    if (!Pid)
      continue;
    if (Name.starts_with("trace."))
      Files[Pid].Trace = It->path();
    else if (Name.starts_with("tsan."))
      Files[Pid].TsanLog = It->path();
  }
  return Files;
}

TsanLog readOneTsanLog(const std::string &Path) {
  if (Path.empty())
    return {};
  auto Buf = llvm::MemoryBuffer::getFile(Path);
  return Buf ? parseTsanLog((*Buf)->getBuffer()) : TsanLog{};
}

/// A child process's findings: its trace's detectors and TSan reports, or its TSan log
/// when it wrote no trace (or was killed before writing its reports there).
std::vector<Finding> childFindings(int Pid, const ProcessFiles &Files, const RunRequest &R,
                                   RunOutcome &O) {
  std::vector<Finding> Out;
  std::optional<Trace> T;
  if (!Files.Trace.empty()) {
    // The size limit is the runtime's (it stops recording); the reader reads it all.
    if (auto Read = readTrace(Files.Trace))
      T = std::move(*Read);
    else
      llvm::consumeError(Read.takeError());
  }
  if (T) {
    DetectorOptions DO;
    DO.ThreadLifetime = T->HasExit &&
                        T->Exit.Reason == uint32_t(trace::ExitReason::Exit) &&
                        !T->LimitReached;
    RunAnalysis A = analyzeTrace(*T, DO);
    Out = A.Findings;
    Symbolizer Sym(T->Maps);
    BridgeStats Stats;
    std::vector<Finding> Bridged = bridgeTsanReports(*T, A, Sym, Stats);
    Out.insert(Out.end(), Bridged.begin(), Bridged.end());
    O.Stats.Reports += Stats.Reports;
    O.Stats.Races += Stats.Races;
  }
  if (!T || (T->Reports.empty() && !T->HasExit)) {
    TsanLog Log = readOneTsanLog(Files.TsanLog);
    Out.insert(Out.end(), Log.Reports.begin(), Log.Reports.end());
  }
  for (Finding &F : Out)
    F.Message += " (in child process " + std::to_string(Pid) + ")";
  return Out;
}

} // namespace

RunOutcome runAndAnalyze(const RunRequest &R) {
  RunOutcome O;
  std::vector<std::string> Argv = R.Command;
  if (!R.OutputFile.empty() && !Argv.empty()) {
    // The program's own output goes to the run's log: exec through sh so the process
    // group and the exit status stay the program's.
    std::string Program = Argv[0];
    if (Program.find('/') == std::string::npos) {
      auto Found = llvm::sys::findProgramByName(Program);
      if (!Found) {
        O.Error = "program not found: " + Program;
        return O;
      }
      Program = *Found;
    }
    Argv = {"/bin/sh", "-c", "exec \"$0\" \"$@\" >\"$INTERLOCK_RUN_OUTPUT\" 2>&1", Program};
    Argv.insert(Argv.end(), R.Command.begin() + 1, R.Command.end());
  }
  auto Env = runEnvironment(R);
  if (!R.OutputFile.empty())
    Env.push_back({"INTERLOCK_RUN_OUTPUT", R.OutputFile});
  for (const auto &[Pid, Old] : runFiles(R.Dir)) { // a reused folder's last run
    llvm::sys::fs::remove(Old.Trace);
    llvm::sys::fs::remove(Old.TsanLog);
  }
  O.Process = runProgram(Argv, Env, R.Timeout);
  const ProcessResult &P = O.Process;
  if (!P.Started) {
    O.Error = P.Error;
    return O;
  }
  if (!R.OutputFile.empty() && P.Exited && P.ExitCode == 127 &&
      !llvm::sys::fs::can_execute(R.Command[0])) {
    O.Error = "cannot execute " + R.Command[0];
    return O;
  }
  bool Stopped = P.Exited && R.StoppedExitCode >= 0 && P.ExitCode == R.StoppedExitCode;
  // TSan's own log: its reports when the trace lacks them, and whether its runtime
  // aborted the program (then no trace is not a sign of a missing instrumentation).
  std::map<int, ProcessFiles> Files = runFiles(R.Dir);
  ProcessFiles Mine = Files[P.Pid];
  Files.erase(P.Pid);
  TsanLog Log = readOneTsanLog(Mine.TsanLog);
  bool TsanAborted = !Log.Abort.empty();
  std::string TracePath = Mine.Trace;
  if (!TracePath.empty()) {
    O.TracePath = TracePath;
    auto Read = readTrace(TracePath);
    if (!Read) {
      O.Error = llvm::toString(Read.takeError());
      return O;
    }
    O.T = std::move(*Read);
  } else if (!P.TimedOut && !P.Interrupted && P.Signal == 0 && !TsanAborted) {
    O.NoTrace = true;
    O.Error = R.Command[0] + " wrote no trace: was it built with interlock-cc/interlock-c++?";
    return O;
  }

  std::vector<Finding> &Findings = O.Findings;
  const std::optional<Trace> &T = O.T;
  bool Terminated =
      T && T->HasExit && T->Exit.Reason == uint32_t(trace::ExitReason::Terminate);
  bool Killed = P.TimedOut || P.Interrupted ||
                (T && T->HasExit && T->Exit.Reason == uint32_t(trace::ExitReason::Signal));
  // The runtime saw the fatal signal even when a handler after it (TSan's) turned it
  // into an exit status.
  O.CrashSignal = P.Interrupted ? 0 : P.Signal; // an interrupted run's signal is ours
  if (!O.CrashSignal && !P.TimedOut && !P.Interrupted && T && T->HasExit &&
      T->Exit.Reason == uint32_t(trace::ExitReason::Signal))
    O.CrashSignal = T->Exit.Code;
  int CrashSignal = O.CrashSignal;
  if (T) {
    DetectorOptions DO;
    // After the size limit each thread's events stop somewhere: its join is not seen.
    DO.ThreadLifetime = !Killed && !Stopped && !T->LimitReached;
    O.Analysis = analyzeTrace(*T, DO);
    Findings = O.Analysis.Findings;
    Symbolizer Sym(T->Maps);
    std::vector<Finding> Bridged = bridgeTsanReports(*T, O.Analysis, Sym, O.Stats);
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
      F.Message = "program still running after " + seconds(R.Timeout) +
                  " s and was killed";
      describePending(*T, O.Analysis, F);
      if (!F.Related.empty())
        F.Message += "; threads were blocked (possible deadlock)";
      Findings.push_back(std::move(F));
    } else if ((CrashSignal != 0 || Terminated) && !Explained && !TsanAborted) {
      Finding F;
      F.CheckId = "interlock-program-crash";
      F.Level = Severity::Error;
      F.Origin = "run";
      int Sig = CrashSignal ? CrashSignal : SIGABRT;
      F.Message = Terminated ? "program called std::terminate and died by " + signalName(Sig)
                             : "program died by " + signalName(Sig);
      if (const auto &A = O.Analysis.FailedAssert) {
        // The abort is the assert's: report it there, once, whatever other threads
        // were doing (where they wait differs from run to run).
        F.Message = "assertion failed in " + runThreadName(A->Tid) + "; " + F.Message;
        F.Primary = siteLoc(*T, A->Site);
      } else {
        if (T->HasExit && T->Exit.Pc) {
          Sym.add(T->Exit.Pc + 1); // a faulting PC, not a return address
          Sym.symbolize();
          std::vector<StackFrame> Fr = Sym.userFrames({T->Exit.Pc + 1});
          if (!Fr.empty())
            F.Primary = Fr.front().Loc;
        }
        describePending(*T, O.Analysis, F);
      }
      Findings.push_back(std::move(F));
    }
  } else if (!P.Interrupted && !TsanAborted) {
    Finding F;
    F.Level = Severity::Error;
    F.Origin = "run";
    if (P.TimedOut) {
      F.CheckId = "interlock-program-timeout";
      F.Message = "program still running after " + seconds(R.Timeout) +
                  " s and was killed (no trace was written)";
    } else {
      F.CheckId = "interlock-program-crash";
      F.Message = "program died by " + signalName(P.Signal) +
                  "; location unknown: it wrote no trace (was it built with "
                  "interlock-cc/interlock-c++?)";
    }
    Findings.push_back(std::move(F));
  }
  if (TsanAborted) {
    Finding F;
    F.CheckId = "interlock-program-crash";
    F.Level = Severity::Error;
    F.Origin = "run";
    F.Message = "ThreadSanitizer's runtime aborted the program: " + Log.Abort +
                " (the program is instrumented; the reports TSan logged before are kept)";
    F.Primary = Log.AbortLoc;
    Findings.push_back(std::move(F));
  }
  // Reports TSan logged but the trace does not hold (killed, or aborted, before the
  // runtime wrote them): from the log.
  if (!T || (T->Reports.empty() && !T->HasExit))
    Findings.insert(Findings.end(), Log.Reports.begin(), Log.Reports.end());
  for (const auto &[Pid, ChildFiles] : Files) {
    std::vector<Finding> Child = childFindings(Pid, ChildFiles, R, O);
    Findings.insert(Findings.end(), Child.begin(), Child.end());
    ++O.ChildProcesses;
  }
  return O;
}

} // namespace interlock
