//===- Interrupt.h - SIGINT, SIGTERM, SIGHUP, SIGPIPE for run and stress ---===//
//
// `interlock run`, `stress` and `replay` stop cleanly on a signal: install() blocks the
// four signals in the calling thread (so in every thread started after it) and starts
// a thread that sigwait()s for them. The first one only raises a flag: the process
// runner sees it, stops the program's whole process group as at a time limit, and the
// command writes what it found so far, says it was interrupted and exits with
// 128 + signal. A second one kills every registered process group, removes every
// registered temporary file and folder, and exits at once. `check` has nothing partial
// to write: there the first signal already stops at once. docs/cli.md documents it.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_TOOLS_LIFECYCLE_INTERRUPT_H
#define INTERLOCK_TOOLS_LIFECYCLE_INTERRUPT_H

#include <string>
#include <sys/types.h>

namespace interlock::interrupt {

/// Call before starting any thread. Idempotent.
void install();
/// For commands with no partial result to write (`check`): install(), but the first
/// signal already stops at once: temporary files are removed, "WHO: interrupted by
/// SIGINT: stopped, nothing written" is said, and the exit status is 128 + signal.
void installStopAtOnce(const std::string &Who);
/// The first signal received; 0 if none (or install() was not called).
int signal();
inline bool requested() { return signal() != 0; }
/// 128 + signal(): the exit status of an interrupted command.
int exitStatus();
/// "SIGINT".
std::string signalName();

/// A process group that a second signal kills with SIGKILL.
void addGroup(pid_t Pgid);
void removeGroup(pid_t Pgid);
/// A temporary file or folder that a second signal removes (folders recursively).
void addTempPath(const std::string &Path);
void removeTempPath(const std::string &Path);

/// In a child between fork and exec: unblock the signals install() blocked, so the
/// program under test gets them normally.
void resetInChild();

} // namespace interlock::interrupt

#endif
