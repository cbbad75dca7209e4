#include "ProcessRunner.h"
#include "lifecycle/Interrupt.h"

#include "llvm/Support/Program.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace interlock {

namespace {

/// Waits for Pid to end, at most Seconds (0: no limit); false at the limit, or when
/// StopOnInterrupt and interlock was interrupted.
bool waitFor(pid_t Pid, int &Status, double Seconds, bool StopOnInterrupt = false) {
  auto Deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(Seconds);
  for (;;) {
    pid_t R = waitpid(Pid, &Status, WNOHANG);
    if (R == Pid)
      return true;
    if (R < 0 && errno != EINTR)
      return true;
    if (Seconds > 0 && std::chrono::steady_clock::now() >= Deadline)
      return false;
    if (StopOnInterrupt && interrupt::requested())
      return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

} // namespace

ProcessResult runProgram(const std::vector<std::string> &Argv,
                         const std::vector<std::pair<std::string, std::string>> &Env,
                         double TimeoutSeconds) {
  ProcessResult R;
  if (Argv.empty()) {
    R.Error = "no program given";
    return R;
  }
  std::string Program = Argv[0];
  if (Program.find('/') == std::string::npos) {
    auto Found = llvm::sys::findProgramByName(Program);
    if (!Found) {
      R.Error = "program not found: " + Program;
      return R;
    }
    Program = *Found;
  }
  if (access(Program.c_str(), X_OK) != 0) {
    R.Error = "cannot execute " + Program + ": " + std::strerror(errno);
    return R;
  }
  auto Start = std::chrono::steady_clock::now();
  pid_t Pid = fork();
  if (Pid < 0) {
    R.Error = std::string("fork failed: ") + std::strerror(errno);
    return R;
  }
  if (Pid == 0) {
    interrupt::resetInChild();
    setpgid(0, 0);
    dup2(2, 1); // the program's output must not mix with findings on stdout
    for (const auto &[K, V] : Env)
      setenv(K.c_str(), V.c_str(), 1);
    std::vector<char *> Args;
    for (const std::string &A : Argv)
      Args.push_back(const_cast<char *>(A.c_str()));
    Args.push_back(nullptr);
    execv(Program.c_str(), Args.data());
    _exit(127);
  }
  setpgid(Pid, Pid);
  R.Pid = int(Pid);
  interrupt::addGroup(Pid);
  R.Started = true;
  int Status = 0;
  if (!waitFor(Pid, Status, TimeoutSeconds, /*StopOnInterrupt=*/true)) {
    if (interrupt::requested())
      R.Interrupted = true;
    else
      R.TimedOut = true;
    kill(-Pid, SIGTERM);
    if (!waitFor(Pid, Status, 2.0)) {
      kill(-Pid, SIGKILL);
      waitFor(Pid, Status, 0);
    }
  }
  kill(-Pid, SIGKILL); // anything left in the group (grandchildren)
  interrupt::removeGroup(Pid);
  R.Seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - Start).count();
  if (WIFEXITED(Status)) {
    R.Exited = true;
    R.ExitCode = WEXITSTATUS(Status);
  } else if (WIFSIGNALED(Status)) {
    R.Signal = WTERMSIG(Status);
  }
  return R;
}

} // namespace interlock
