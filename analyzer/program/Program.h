//===- Program.h - Summaries of all TUs linked into one program -----------===//
//
// Links function summaries by USR, finds the thread roots (main, or in a library without
// main the public methods of classes that lock their own mutexes), and walks each thread
// from its root through calls and spawns. The walk binds `this`, parameters and captures
// to concrete objects, adds the locks callers hold to their callees' accesses, and
// timestamps every event so that may-happen-in-parallel can be decided (see
// Concurrency.h).
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_PROGRAM_PROGRAM_H
#define INTERLOCK_PROGRAM_PROGRAM_H

#include "program/FunctionTargets.h"
#include "program/PointsTo.h"
#include "summary/Summary.h"

#include "llvm/ADT/StringMap.h"

#include <cstdint>
#include <limits>
#include <set>
#include <string>
#include <vector>

namespace interlock::program {

inline constexpr uint64_t Never = std::numeric_limits<uint64_t>::max();

/// One thread of the program (or a set of identical ones, when Multiple).
struct ThreadInstance {
  unsigned Id = 0;
  int Parent = -1;             // the thread that started it; -1 for roots
  bool IsProcess = false;      // a `main`: roots of different processes never overlap
  std::string Entry;           // its function's name, for messages
  SourceLoc SpawnSite;
  uint64_t SpawnTime = 0;      // on the parent's timeline
  uint64_t JoinTime = Never;
  bool Multiple = false;       // started more than once: it races with itself
  std::vector<uint64_t> SpawnLoops; // loop instances around the start
  bool JoinedInLoop = false;   // joined in the same loop iteration that started it
  std::string Handle;
  /// Its barrier and latch operations on its own timeline (summary::BarrierOp).
  struct BarrierEvent {
    std::string Obj;
    uint64_t Time = 0;
    bool Arrive = false, Wait = false;
    bool Phased = false;
  };
  std::vector<BarrierEvent> Barriers;
  /// Locks the parent held from before this thread's start until after its join, each
  /// with the time the parent took it: the whole thread runs inside that critical section.
  std::vector<std::pair<summary::HeldLock, uint64_t>> ParentSection;
  /// Threads that joined this one through its own handle (`pthread_join(main_thread)`),
  /// and when, on their timelines.
  std::vector<std::pair<unsigned, uint64_t>> JoinedBy;
};

/// An access with every path resolved: which object, in which thread, at which time,
/// under which (concrete) locks.
struct ConcreteAccess {
  std::string Loc;
  std::string Name;
  bool Write = false;
  bool Container = false;
  summary::LockSet Held;
  SourceLoc Site;
  unsigned Thread = 0;
  uint64_t Time = 0;
  std::vector<uint64_t> Loops;
  int Owner = -1; // thread whose stack frame holds the object; -1 for shared storage
  bool Volatile = false;
  bool Whole = false; // overlaps every part of Loc (summary::Access::Whole)
  /// An element indexed by its thread's own start argument (summary::Access::OwnSlot,
  /// in the thread's start function itself).
  bool OwnSlot = false;
  /// Reached through a pointer held in a local or a field, by points-to: the evidence
  /// is weaker than for a global's name (see UnprotectedSharedStateCheck).
  bool ThroughPointer = false;
  /// In a callback an event loop runs: which loops run which callbacks is a guess (every
  /// callback of the library in every loop of it), so such a race is reported as low.
  bool FromLoop = false;
};

struct ConcreteAcquisition {
  std::string Lock;
  std::string Name;
  bool Shared = false;
  bool Try = false;
  summary::LockSet HeldBefore;
  SourceLoc Site;
  unsigned Thread = 0;
  // For lock-order and double-lock reports:
  bool Recursive = false;
  uint64_t Time = 0;
  std::vector<uint64_t> Loops;
  unsigned Frame = 0; // index into Program::Frames: the call path that led here
};

/// A function instance the walk entered, to explain a finding's call path.
struct CallFrame {
  int Parent = -1;      // the caller's frame; -1 for a root
  bool Spawned = false; // the first frame of a thread started by Parent
  std::string Callee;
  SourceLoc CallSite;   // where Parent called (or started) it
};

class Program {
public:
  /// Adds a TU's functions; a function already known by USR keeps its first summary.
  void add(summary::TUSummary TU);
  const summary::FunctionSummary *function(llvm::StringRef Usr) const;
  const std::vector<summary::TUSummary> &units() const { return Units; }

  /// Walks the threads; call once after adding every TU.
  void link();

  bool libraryMode() const { return LibraryMode; }
  const std::vector<ThreadInstance> &threads() const { return Threads; }
  const std::vector<ConcreteAccess> &accesses() const { return Accesses; }
  const std::vector<ConcreteAcquisition> &acquisitions() const { return Acquisitions; }

  // Filled by the walk (ThreadWalk.cpp).
  std::vector<ThreadInstance> Threads;
  std::vector<ConcreteAccess> Accesses;
  std::vector<ConcreteAcquisition> Acquisitions;
  std::vector<CallFrame> Frames;
  bool LibraryMode = false;
  /// Barriers used outside the lockstep rule (conditionally, in a loop, from a helper,
  /// a different number of times by different threads): they order nothing.
  std::set<std::string> UnorderedBarriers;
  FunctionTargets Targets; // where function pointers lead (solved by link())
  PointsTo Objects;        // what data pointers point to (solved by link())
  double PointsToSeconds = 0; // building and solving Objects, for --stats
  double LinkSeconds = 0;     // everything before the walk, points-to included
  double WalkSeconds = 0;
  /// Bounds the model hit, said to the user (the driver prints them).
  std::vector<std::string> Notes;

private:
  std::vector<summary::TUSummary> Units;
  /// Every definition of a USR with the TU it came from: programs built from one
  /// database may define the same name differently (each test's `main`, `worker`).
  llvm::StringMap<std::vector<std::pair<unsigned, const summary::FunctionSummary *>>> ByUsr;
};

} // namespace interlock::program

#endif
