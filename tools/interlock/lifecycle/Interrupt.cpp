//===- Interrupt.cpp - SIGINT, SIGTERM, SIGHUP, SIGPIPE for run and stress -===//
#include "lifecycle/Interrupt.h"

#include "llvm/Support/FileSystem.h"

#include <atomic>
#include <csignal>
#include <cstring>
#include <mutex>
#include <set>
#include <thread>
#include <unistd.h>

namespace interlock::interrupt {
namespace {

std::atomic<int> First{0};
std::once_flag Installed;
std::mutex M; // guards the two sets
std::set<pid_t> Groups;
std::set<std::string> TempPaths;
std::string StopAtOnceWho; // set: the first signal stops at once (installStopAtOnce)

sigset_t handledSignals() {
  sigset_t S;
  sigemptyset(&S);
  for (int Sig : {SIGINT, SIGTERM, SIGHUP, SIGPIPE})
    sigaddset(&S, Sig);
  return S;
}

void say(const char *Text) { (void)!::write(2, Text, strlen(Text)); }

void removeTemps() {
  for (const std::string &P : TempPaths)
    if (llvm::sys::fs::is_directory(P))
      llvm::sys::fs::remove_directories(P);
    else
      llvm::sys::fs::remove(P);
}

[[noreturn]] void exitAtOnce(int Sig) {
  std::lock_guard<std::mutex> Lock(M);
  for (pid_t G : Groups)
    ::kill(-G, SIGKILL);
  removeTemps();
  say("interlock: interrupted again: stopped at once, nothing written\n");
  _exit(128 + Sig);
}

void watch(sigset_t Set) {
  for (;;) {
    int Sig = 0;
    if (sigwait(&Set, &Sig) != 0)
      continue;
    int Expected = 0;
    if (!First.compare_exchange_strong(Expected, Sig))
      exitAtOnce(Sig);
    if (!StopAtOnceWho.empty()) {
      std::lock_guard<std::mutex> Lock(M);
      removeTemps();
      std::string Line = "\n" + StopAtOnceWho + ": interrupted by " + signalName() +
                         ": stopped, nothing written\n";
      say(Line.c_str());
      _exit(128 + Sig);
    }
    std::string Line = "\ninterlock: " + signalName() +
                       ": stopping, then writing the findings so far (again: stop at once)\n";
    say(Line.c_str());
  }
}

} // namespace

void install() {
  std::call_once(Installed, [] {
    sigset_t Set = handledSignals();
    pthread_sigmask(SIG_BLOCK, &Set, nullptr);
    std::thread(watch, Set).detach();
  });
}

void installStopAtOnce(const std::string &Who) {
  StopAtOnceWho = Who; // before the watcher starts: it only reads it
  install();
}

int signal() { return First.load(); }

int exitStatus() { return 128 + signal(); }

std::string signalName() {
  const char *Abbrev = sigabbrev_np(signal());
  return Abbrev ? std::string("SIG") + Abbrev : "signal " + std::to_string(signal());
}

void addGroup(pid_t Pgid) {
  std::lock_guard<std::mutex> Lock(M);
  Groups.insert(Pgid);
}

void removeGroup(pid_t Pgid) {
  std::lock_guard<std::mutex> Lock(M);
  Groups.erase(Pgid);
}

void addTempPath(const std::string &Path) {
  std::lock_guard<std::mutex> Lock(M);
  TempPaths.insert(Path);
}

void removeTempPath(const std::string &Path) {
  std::lock_guard<std::mutex> Lock(M);
  TempPaths.erase(Path);
}

void resetInChild() {
  sigset_t Set = handledSignals();
  pthread_sigmask(SIG_UNBLOCK, &Set, nullptr);
}

} // namespace interlock::interrupt
