//===- ProcessRunner.h - Run the program under test in its own group ------===//
#ifndef INTERLOCK_TOOLS_PROCESSRUNNER_H
#define INTERLOCK_TOOLS_PROCESSRUNNER_H

#include <string>
#include <utility>
#include <vector>

namespace interlock {

struct ProcessResult {
  bool Started = false;
  int Pid = 0; // the program's process id (its trace and TSan log carry it)
  std::string Error; // why it could not start
  bool TimedOut = false;
  bool Interrupted = false; // we got SIGINT/SIGTERM/... (interrupt::) and stopped it
  bool Exited = false;
  int ExitCode = 0;
  int Signal = 0; // the signal that ended it (after a timeout: ours)
  double Seconds = 0;
};

/// Runs Argv[0] (searched in PATH) in a new process group with extra environment
/// variables, its stdout sent to our stderr. TimeoutSeconds > 0: at the limit the whole
/// group gets SIGTERM (the runtime writes its trace), then SIGKILL two seconds later;
/// the same when interlock itself is interrupted (lifecycle/Interrupt.h).
ProcessResult runProgram(const std::vector<std::string> &Argv,
                         const std::vector<std::pair<std::string, std::string>> &Env,
                         double TimeoutSeconds);

} // namespace interlock

#endif
