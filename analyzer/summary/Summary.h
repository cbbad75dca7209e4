//===- Summary.h - The per-function summary: the unit of static analysis --===//
//
// One function's behaviour as far as concurrency is concerned, computed from one TU and
// linked with the others in program/. Everything is symbolic: memory and locks are
// *paths* relative to the function (see Path below), resolved to concrete objects only
// when the program walk binds parameters, `this` and captures. Summaries serialize to
// JSON so TUs can be analyzed apart and cached.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_SUMMARY_SUMMARY_H
#define INTERLOCK_SUMMARY_SUMMARY_H

#include "report/Finding.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

#include <optional>
#include <string>
#include <vector>

namespace interlock::summary {

/// A symbolic memory location (an lvalue), as a string of components:
///   root   `G:<usr>`   a global, static member or static local
///          `L:<key>`   a local variable or parameter of some function (key is unique
///                      per declaration; a lambda's by-reference capture uses the
///                      captured variable's key, resolved through the frame that made it)
///          `P<i>`      parameter i of this function (reference params: the referent)
///          `this`      the object `this` points to
///   then   `.<Class>::<field>`  a member;  `*`  the pointee;  `[<n>]`  a constant index.
/// Example: `this.Account::balance_`, `P0*`, `L:c:@F@main#v`.
using Path = std::string;

/// A lock held at some point, with its mode.
///
/// Besides real locks, `Lock` may be a *call effect* token (see callEffect()): "whatever
/// call N of this function returned holding", resolved at link time, so that a helper
/// such as `lock_stats()` counts as taking its lock in every caller, across TUs.
struct HeldLock {
  Path Lock;
  bool Shared = false;
  /// Ids of the calls made since the lock was taken (on some path) whose callees may
  /// release it (`unlock_stats()`); the link drops the lock where one of them does.
  std::vector<unsigned> After;
  friend bool operator==(const HeldLock &, const HeldLock &) = default;
  friend auto operator<=>(const HeldLock &, const HeldLock &) = default;
};
/// Sorted by Lock, one entry per lock.
using LockSet = std::vector<HeldLock>;

/// The token for the locks call `CallId` returned holding: Variant 0 on every return,
/// 'z' when its result is tested zero (false, null), 'n' when tested non-zero.
std::string callEffect(unsigned CallId, char Variant = 0);
/// Splits a call-effect token; false for a real lock path.
bool parseCallEffect(llvm::StringRef Lock, unsigned &CallId, char &Variant);

/// Where in its function an item happens: source order (`Seq`) for the timeline of the
/// program walk, and the loops around it (ids unique within the function).
struct Point {
  unsigned Seq = 0;
  std::vector<unsigned> Loops;
};

struct Access {
  Path Loc;
  std::string Name; // what users call it: `balance_`, `counter`, `q`
  bool Write = false;
  bool Container = false; // a std container's member function, not a plain load/store
  LockSet Held;
  SourceLoc Site;
  Point At;
  bool Volatile = false; // through a volatile lvalue: a deliberate, if unportable, idiom
  /// Touches the whole object, so every part of it: a struct assignment, memset,
  /// memcpy, free.
  bool Whole = false;
  /// An element whose index comes from the function's own parameters only (`slots[id]`,
  /// `slots[a->id]`): in a thread entry, that thread's own slot (program/Concurrency.h).
  bool OwnSlot = false;
  /// The one computed index is this parameter itself (`perThread_[who]`): a call with a
  /// constant there (`hit(0)`) accesses that element (`[0]`). -1: none.
  int IndexParam = -1;
};

/// A lock being acquired (lock(), a guard's constructor, std::lock, a try-lock that
/// succeeded), with the locks already held: the lock-order graph and double-lock read it.
struct Acquisition {
  Path Lock;
  std::string Name;
  bool Shared = false;
  bool Try = false;
  bool Recursive = false;
  LockSet HeldBefore;
  SourceLoc Site;
  Point At;
};

/// How an argument reaches a callee or thread entry.
struct Binding {
  enum Kind { None, Lvalue, Pointee } K = None;
  Path Target; // Lvalue: the object a reference binds to; Pointee: what a pointer points to
};

struct Call {
  std::string Callee; // USR
  std::string CalleeName;
  Binding This;
  std::vector<Binding> Args;
  LockSet Held;
  SourceLoc Site;
  Point At;
  bool Rechecked = false; // a call of a wait wrapper inside a re-checking loop
  unsigned Id = 0;        // named by call-effect tokens (callEffect()); unique per function
  /// Integer arguments known at the call (parameter index, value): they select the
  /// callee's ArgumentEffect, if it has one (`pause_threads(PAUSE_ALL_THREADS)`).
  std::vector<std::pair<unsigned, int64_t>> ConstArgs;
  /// A call through a function pointer (Callee empty): the value node it calls
  /// (see FunctionFlow), resolved to functions at link time.
  std::string CalleeNode;
  /// Per argument, the function pointer value node it passes ("" for none), so a walk
  /// resolves `create_worker(worker_libevent, ...)` for this call only.
  std::vector<std::string> ArgFunctions;
  bool Once = false; // the routine of pthread_once / std::call_once
};

/// Function pointer values flow from Src to Dst. Nodes: `fn:USR` (the address of a
/// function), `p:USR#i` (parameter i), `r:USR` (what a function returns), `v:USR` (a
/// variable), `f:USR` (a struct field: field-based, one node for all objects).
using FunctionFlow = std::pair<std::string, std::string>;

/// The lock effect of a call whose parameter has a given value, where the function
/// switches on that parameter and takes locks in some cases only
/// (`switch (type) { case PAUSE_ALL: lock(...); break; case RESUME_ALL: unlock(...); }`).
struct ArgumentEffect {
  unsigned Param = 0;
  int64_t Value = 0;
  LockSet HeldAtExit; // as FunctionSummary::HeldAtExit, for this value
  /// The code this value cannot reach, as ranges [first, last] of Point::Seq: the
  /// cases not taken. A walk of the call skips the items there.
  std::vector<std::pair<unsigned, unsigned>> Unreached;

  bool reaches(unsigned Seq) const {
    for (const auto &[First, Last] : Unreached)
      if (First <= Seq && Seq <= Last)
        return false;
    return true;
  }
};

/// A thread started here: std::thread, std::jthread, std::async, pthread_create.
struct Spawn {
  std::string Entry; // USR of the thread function (a lambda's operator())
  std::string EntryName;
  std::string Api;   // "std::thread", "pthread_create", ...
  Binding This;
  std::vector<Binding> Args;
  /// Captures by copy of a lambda: the captured variable's key and what the copy points to.
  std::vector<std::pair<std::string, Binding>> CopiedCaptures;
  /// A start routine given as a function pointer value (Entry empty): its node.
  std::string EntryNode;
  Path Handle; // the std::thread / pthread_t / future object, or the container it went into
  bool Detached = false;
  bool HasAttributes = false; // pthread_create with attributes: may start detached
  bool InContainer = false;   // emplace_back into a container of threads (Handle)
  LockSet Held;
  SourceLoc Site;
  Point At;
};

/// join(), pthread_join, future::get/wait, and destructors that join (jthread, futures).
struct Join {
  Path Handle;
  bool Detach = false;
  bool Implicit = false; // a destructor
  SourceLoc Site;
  Point At;
  LockSet Held; // a child joined while still holding the locks it was started under
};

/// A barrier or latch operation: an ordering point between the threads that take part
/// (see program/Concurrency.h for the rule).
struct BarrierOp {
  Path Obj;
  bool Arrive = false; // counts this thread in: barrier waits, arrive_and_wait, count_down
  bool Wait = false;   // blocks until every participant has arrived
  bool Phased = false; // a reusable barrier (pthread_barrier_t, std::barrier), not a latch
  /// On every way through the function and outside loops: passed exactly once per call.
  bool EveryPath = false;
  SourceLoc Site;
  Point At;
};

struct CvWait {
  Path Cv;
  std::string Api;           // "cv_.wait", "pthread_cond_wait": what users see
  bool HasPredicate = false; // wait(lock, pred)
  bool InLoop = false;       // inside a loop of the same function
  bool Rechecked = false;    // inside a loop that re-tests shared state (WaitLoops.h)
  LockSet Held;
  SourceLoc Site;
  Point At;
};

/// A std::thread local that may be destroyed or move-assigned while joinable
/// (procedure/ThreadLifetime.h).
struct JoinableLeak {
  enum Kind { Return, ScopeEnd, Jump, Reassign } How = ScopeEnd;
  std::string Name;
  SourceLoc Site;    // the return, closing brace, jump or assignment
  SourceLoc Started; // where the thread it still holds was started
};

/// A thread detached here that uses a local of this function by reference or pointer.
struct DetachedLocal {
  std::string Var;
  SourceLoc Declared;
  SourceLoc Spawn;
};

/// A lock held on some way out of the function though not by contract
/// (procedure/ExitLocks.h).
struct LockLeak {
  Path Lock;
  std::string Name;
  SourceLoc Acquired;
  std::vector<std::pair<SourceLoc, bool>> Exits; // where, and whether a `return`
};

struct FunctionSummary {
  std::string Usr;
  std::string Name;
  SourceLoc Loc;
  std::string Class;        // for methods: the qualified class name
  bool IsLambda = false;
  bool IsPublicMethod = false;
  bool IsCtorOrDtor = false;
  bool IsMain = false;
  bool IsExternal = false; // a free function visible outside its TU: a C library's API
  unsigned NumParams = 0;
  /// Keys (`name@line:col`) of the parameters, so lambdas can find captured ones.
  std::vector<std::string> ParamKeys;
  std::vector<Access> Accesses;
  std::vector<Acquisition> Acquisitions;
  std::vector<Call> Calls;
  std::vector<Spawn> Spawns;
  std::vector<Join> Joins;
  std::vector<CvWait> Waits;
  std::vector<BarrierOp> Barriers;
  /// Where the function stores its own thread's handle (`main_thread = pthread_self()`):
  /// another thread joining it waits for this one to end.
  std::vector<Path> OwnHandles;
  LockSet HeldAtExit; // locks held on every path to the return
  /// Locks held on every return of a zero (false, null) / non-zero result, where that
  /// differs from HeldAtExit: a try-lock wrapper, `lock_item()` returning the item locked.
  std::optional<LockSet> HeldIfZero, HeldIfNonzero;
  /// Locks held on some ways out, in a function that releases nothing: it takes them
  /// only when needed (`if (pool_active) lock(&pool_mu);`), and callers count them as
  /// taken, since the paths that skip them are the ones without threads to exclude.
  LockSet MayHoldAtExit;
  /// Locks its callers must hold (Clang's `requires_capability` / EXCLUSIVE_LOCKS_REQUIRED).
  LockSet RequiredLocks;
  std::vector<JoinableLeak> JoinableLeaks;
  std::vector<DetachedLocal> DetachedLocals;
  std::vector<LockLeak> LockLeaks;
  /// Locks unlocked here without being locked here: the caller's, released for a while
  /// (`mu.Unlock(); slow(); mu.Lock();` under REQUIRES(mu)); see ExitLocks.h.
  std::vector<Path> ReleasedCallerLocks;
  /// Of those, the ones still released on some way out (not taken back on it): the
  /// function's release effect on its callers (`unlock_stats()`).
  std::vector<Path> ReleasedAtExit;
  std::vector<ArgumentEffect> ByArgument;
  std::vector<FunctionFlow> FunctionFlows; // assignments of function pointers in its body
  /// Moves of data pointers in its body (procedure/DataFlows.h has the node syntax).
  std::vector<FunctionFlow> DataFlows;
};

/// Whether L holds a lock that Base does not.
bool holdsLockOutside(const LockSet &L, const LockSet &Base);

/// The callee's effect selected by the call's constant arguments, if any.
const ArgumentEffect *argumentEffect(const FunctionSummary &Callee, const Call &C);

struct TUSummary {
  std::string MainFile;
  std::vector<FunctionSummary> Functions;
  /// Function pointers stored by initializers of globals (tables of handlers).
  std::vector<FunctionFlow> GlobalFunctionFlows;
  /// Data pointers stored by initializers of globals (`node *head = &sentinel;`).
  std::vector<FunctionFlow> GlobalDataFlows;
};

llvm::json::Value toJSON(const TUSummary &S);
llvm::Expected<TUSummary> parseTUSummary(llvm::StringRef Json);

/// Adds `L` to `Set` keeping it sorted; an exclusive hold wins over a shared one.
void addLock(LockSet &Set, const HeldLock &L);
void removeLock(LockSet &Set, llvm::StringRef Lock);
/// A held-lock entry `!L` says the function unlocked its caller's L (one it did not take
/// itself) before this point on every path (LevelDB's `mutex_.Unlock(); work;
/// mutex_.Lock();` in a function called with mutex_ held): the walk drops L from what
/// the caller holds; the function's own later hold of L, if any, counts as usual.
inline std::string callerReleased(llvm::StringRef Lock) { return "!" + Lock.str(); }
inline bool isCallerReleased(llvm::StringRef Lock) { return Lock.starts_with("!"); }
/// Set without its `!L` entries: what a function holds (at its exit, say).
LockSet heldOnly(LockSet Set);
/// Locks held in both, shared if shared in either.
LockSet intersect(const LockSet &A, const LockSet &B);

} // namespace interlock::summary

#endif
