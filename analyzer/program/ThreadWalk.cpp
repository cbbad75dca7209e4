// Program::link(): the thread walk. Each thread is walked from its root in source order,
// calls inlined (bounded depth, no recursion), so that every event gets a time on its
// thread's timeline and every symbolic path a concrete object.
#include "program/OrderingPoints.h"
#include "program/Program.h"
#include "summary/EventLoops.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <set>

namespace interlock::program {
namespace {

using summary::Binding;
using summary::FunctionSummary;
using summary::LockSet;
using summary::Path;

constexpr unsigned MaxDepth = 10;
/// A virtual call with more final overriders than this calls its static callee only.
constexpr size_t MaxDispatchTargets = 4;
constexpr size_t MaxEventsPerThread = 50000;

struct Frame {
  unsigned Id = 0;
  const FunctionSummary *Fn = nullptr;
  unsigned TU = 0;
  const Frame *Parent = nullptr; // the frame the function was called or spawned from
  unsigned Thread = 0;
  std::optional<std::string> This;
  std::map<unsigned, Binding> Params; // concrete targets
  std::map<unsigned, std::vector<std::string>> FunctionParams; // functions passed in
  std::map<std::string, std::string> Copies; // "key" -> what a copied pointer points to
  LockSet Held;                       // concrete locks held by the callers
  std::vector<uint64_t> Loops;        // loop instances around the call
  unsigned Depth = 0;
  SourceLoc CallSite;                 // where Parent called or started it
  const summary::Call *Via = nullptr; // the call that made it (not for thread roots)
  /// Inside a pthread_once / call_once routine: it runs once, before any caller goes
  /// on, so its accesses race with nothing; its thread starts and locks still count.
  bool Once = false;
  /// The thread's start function itself, not a function it calls.
  bool threadStart() const { return !Parent || Parent->Thread != Thread; }
  /// Reached through a virtual call that had several overriders to choose from.
  bool Dispatched = false;
  /// Run by an event loop, which may not run this callback at all (runLoopCallbacks).
  bool FromLoop = false;
};

const summary::Call *callById(const FunctionSummary &Fn, unsigned Id) {
  for (const summary::Call &C : Fn.Calls)
    if (C.Id == Id)
      return &C;
  return nullptr;
}

/// A path of a callee in its caller's terms, through the call's bindings: `P0*.mu`
/// of `lock(&loop->mu)` is the caller's `P1*.loop_t::mu`.
std::optional<std::string> rebase(const summary::Call &C, llvm::StringRef Path) {
  if (Path.starts_with("this")) {
    if (C.This.K == Binding::None)
      return std::nullopt;
    return C.This.Target + Path.drop_front(4).str();
  }
  if (!Path.starts_with("P"))
    return std::nullopt;
  size_t End = 1;
  while (End < Path.size() && llvm::isDigit(Path[End]))
    ++End;
  unsigned Index = 0;
  if (End == 1 || Path.substr(1, End - 1).getAsInteger(10, Index) || Index >= C.Args.size())
    return std::nullopt;
  const Binding &B = C.Args[Index];
  llvm::StringRef Rest = Path.drop_front(End);
  if (B.K == Binding::Lvalue)
    return B.Target + Rest.str();
  if (B.K == Binding::Pointee && Rest.starts_with("*"))
    return B.Target + Rest.drop_front(1).str();
  return std::nullopt;
}

struct PendingThread {
  unsigned Thread;
  const Frame *Root;
};

class Walker {
public:
  using Index =
      llvm::StringMap<std::vector<std::pair<unsigned, const FunctionSummary *>>>;
  Walker(Program &P, const Index &ByUsr) : P(P), ByUsr(ByUsr) {}

  void run();

private:
  /// The definition of Usr, preferring the one from the caller's own TU.
  std::pair<unsigned, const FunctionSummary *> find(llvm::StringRef Usr, unsigned TU) const {
    auto It = ByUsr.find(Usr);
    if (It == ByUsr.end())
      return {0, nullptr};
    for (const auto &Def : It->second)
      if (Def.first == TU)
        return Def;
    return It->second.front();
  }
  /// Path of F's function as a concrete location, through what pointers point to;
  /// ThroughPointer (if given) says whether it is an object only points-to names (a
  /// heap object no global holds, or any object of a type).
  std::optional<std::string> resolve(const Frame &F, llvm::StringRef Path,
                                     bool *ThroughPointer = nullptr) const;
  std::optional<std::string> resolveNamed(const Frame &F, llvm::StringRef Path) const;
  /// A lock's concrete name; one we cannot resolve is named by the outermost caller
  /// that can still say which lock it is (`?<function>/<path>`), so that a lock and an
  /// unlock helper reached from one function name the same lock.
  std::string nameLock(const Frame &F, llvm::StringRef Path) const;
  /// The caller-held locks of F plus Held resolved in F (call-effect tokens expanded,
  /// locks released by a later call dropped).
  LockSet resolveLocks(const Frame &F, const LockSet &Held);
  LockSet resolveOwn(const Frame &F, const LockSet &Held);
  /// Lock effects of call `Id` made in F (see summary::callEffect): the concrete locks
  /// it returns holding, and the ones it releases.
  const LockSet &callAcquires(const Frame &F, unsigned Id, char Variant);
  const std::set<std::string> &callReleases(const Frame &F, unsigned Id);
  const Frame *effectFrame(const Frame &F, unsigned Id);
  /// A frame for Callee called by C from F, its parameters and `this` bound.
  Frame *calleeFrame(const Frame &F, const summary::Call &C, unsigned CalleeTU,
                     const FunctionSummary *Callee);
  void computeMayRelease();
  std::vector<uint64_t> loops(const Frame &F, const summary::Point &At) const {
    std::vector<uint64_t> L = F.Loops;
    for (unsigned Id : At.Loops)
      L.push_back((uint64_t(F.Id) << 20) | Id);
    return L;
  }
  Frame *newFrame() {
    Frames.push_back(std::make_unique<Frame>());
    Frames.back()->Id = Frames.size();
    return Frames.back().get();
  }
  Binding bind(const Frame &F, const Binding &B) const {
    if (B.K == Binding::None)
      return {};
    std::optional<std::string> T = resolve(F, B.Target);
    return T ? Binding{B.K, *T} : Binding{};
  }
  /// The functions a function pointer node may hold in F: a parameter as this call
  /// bound it, anything else as the whole-program flow says.
  std::vector<std::string> functionTargets(const Frame &F, const std::string &Node) const {
    llvm::StringRef N(Node);
    if (N.consume_front("p:") && N.consume_front(F.Fn->Usr) && N.consume_front("#"))
      if (unsigned I = 0; !N.getAsInteger(10, I))
        if (auto It = F.FunctionParams.find(I); It != F.FunctionParams.end())
          return It->second;
    return programTargets(Node);
  }
  /// The functions a function pointer node may hold anywhere in the program.
  std::vector<std::string> programTargets(const std::string &Node) const {
    if (llvm::StringRef(Node).starts_with("fn:")) // a named function: itself
      return {Node.substr(3)};
    return P.Targets.targets(Node);
  }
  void walk(const Frame &F, std::set<const FunctionSummary *> &Stack);
  unsigned startThread(const Frame &F, const summary::Spawn &S);
  /// Call C hands functions to a library with no body here: each that shows evidence of
  /// running concurrently becomes a thread, possibly many (docs/check.md, "Callbacks").
  void startCallbacks(const Frame &F, const summary::Call &C);
  bool concurrencyEvidence(const FunctionSummary *Fn);
  void collectGuardedGlobals();
  /// Callbacks handed to an event library (`event_set(&ev, fd, flags, handler, arg)`)
  /// run in the thread that runs that library's loop (`event_base_loop`): at such a call
  /// the walk calls each of them (docs/check.md, "Callbacks").
  void collectLoopCallbacks();
  void runLoopCallbacks(const Frame &F, const summary::Call &C,
                        std::set<const FunctionSummary *> &Stack);
  std::map<std::string, std::set<std::string>> LoopCallbacks; // library prefix -> USRs
  std::deque<summary::Call> LoopCalls; // the calls the loops make, without arguments
  std::set<std::string> GuardedGlobals;
  std::map<const FunctionSummary *, bool> Evidence;
  std::set<std::tuple<std::string, std::string, unsigned, unsigned>> CallbacksStarted;
  void joinThreads(const Frame &F, const summary::Join &J);
  int owner(llvm::StringRef Loc) const;

  Program &P;
  const Index &ByUsr;
  std::vector<std::unique_ptr<Frame>> Frames;
  std::deque<PendingThread> Queue;
  uint64_t Clock = 1;
  size_t Events = 0;
  /// Where the walk of the current thread stops: MaxEventsPerThread, or a callback's
  /// share of what is left (runLoopCallbacks).
  size_t EventLimit = MaxEventsPerThread;
  std::set<const FunctionSummary *> Reached;
  /// Of those, the ones reached other than by a virtual call with several overriders:
  /// a class counts as used by `main` only then (dispatch over-approximates).
  std::set<const FunctionSummary *> ReachedStatically;

  /// An element indexed by a parameter the call passes a constant for: that element.
  void constantIndex(const Frame &F, const summary::Access &A, std::string &Loc) const;
  /// A barrier operation of F: on its thread's timeline, or breaking the lockstep rule.
  void barrier(const Frame &F, const summary::BarrierOp &B);
  OrderingFacts Ordering;

  void addRoots(const std::vector<std::pair<unsigned, const FunctionSummary *>> &Roots);
  void addCLibraryEntries(std::vector<std::pair<unsigned, const FunctionSummary *>> &Roots);
  void drain();

  // Lock effects: frames binding a call's callee (by caller frame id and call id), the
  // results per frame, and the callees that may release a caller's lock.
  std::map<std::pair<unsigned, unsigned>, const Frame *> EffectFrames;
  std::map<std::tuple<unsigned, unsigned, char>, LockSet> AcquireCache;
  std::map<std::pair<unsigned, unsigned>, std::set<std::string>> ReleaseCache;
  std::set<const FunctionSummary *> MayRelease;
  std::set<const FunctionSummary *> EffectsInProgress;
  bool BoundNoted = false;
  bool EventsNoted = false;
};

constexpr unsigned MaxEffectDepth = 8;
constexpr size_t MaxThreads = 2000;

std::optional<std::string> Walker::resolve(const Frame &F, llvm::StringRef Path,
                                           bool *ThroughPointer) const {
  std::optional<std::string> Named = resolveNamed(F, Path);
  if (!Named)
    return std::nullopt;
  bool AnyOfType = false;
  std::string Loc = throughPointers(
      P.Objects, *Named,
      [&](unsigned Id) {
        return Id && Id <= Frames.size() && Frames[Id - 1]->Fn ? Frames[Id - 1]->Fn->Usr
                                                              : std::string();
      },
      AnyOfType);
  if (ThroughPointer)
    *ThroughPointer = AnyOfType || llvm::StringRef(Loc).starts_with("H:");
  return Loc;
}

/// Path as a concrete location by its names: parameters bound, locals of their frame.
std::optional<std::string> Walker::resolveNamed(const Frame &F, llvm::StringRef Path) const {
  if (Path.starts_with("G:") || Path.starts_with("T:"))
    return Path.str();
  if (Path.starts_with("this")) {
    for (const Frame *G = &F; G; G = G->Parent) {
      if (G->This)
        return *G->This + Path.drop_front(4).str();
      if (!G->Fn->IsLambda)
        return std::nullopt;
    }
    return std::nullopt;
  }
  if (Path.starts_with("P")) {
    size_t End = 1;
    while (End < Path.size() && llvm::isDigit(Path[End]))
      ++End;
    unsigned Index = 0;
    if (End == 1 || Path.substr(1, End - 1).getAsInteger(10, Index))
      return std::nullopt;
    auto It = F.Params.find(Index);
    if (It == F.Params.end())
      return std::nullopt;
    llvm::StringRef Rest = Path.drop_front(End);
    if (It->second.K == Binding::Lvalue)
      return It->second.Target + Rest.str();
    if (It->second.K == Binding::Pointee && Rest.starts_with("*"))
      return It->second.Target + Rest.drop_front(1).str();
    return std::nullopt;
  }
  llvm::StringRef Key = Path.drop_front(2);
  llvm::StringRef Rest;
  if (size_t End = Key.find_first_of(".*["); End != llvm::StringRef::npos) {
    Rest = Key.drop_front(End);
    Key = Key.take_front(End);
  }
  if (Path.starts_with("L:"))
    return "F" + std::to_string(F.Id) + "/" + Path.str();
  if (Path.starts_with("C:")) {
    auto It = F.Copies.find(Key.str());
    if (It != F.Copies.end() && Rest.starts_with("*"))
      return It->second + Rest.drop_front(1).str();
    return "F" + std::to_string(F.Id) + "/" + Path.str(); // the thread's own copy
  }
  if (Path.starts_with("R:")) {
    for (const Frame *G = F.Parent; G; G = G->Parent) {
      for (unsigned I = 0; I < G->Fn->ParamKeys.size(); ++I)
        if (G->Fn->ParamKeys[I] == Key) {
          if (G->Params.count(I))
            return resolve(*G, "P" + std::to_string(I) + Rest.str());
          return "F" + std::to_string(G->Id) + "/L:" + Key.str() + Rest.str();
        }
      if (G->Fn->IsLambda)
        continue;
      return "F" + std::to_string(G->Id) + "/L:" + Key.str() + Rest.str();
    }
  }
  return std::nullopt;
}

std::string Walker::nameLock(const Frame &F, llvm::StringRef Path) const {
  if (std::optional<std::string> L = resolve(F, Path))
    return *L;
  const Frame *At = &F;
  std::string Current = Path.str();
  while (At->Via && At->Parent)
    if (std::optional<std::string> Up = rebase(*At->Via, Current)) {
      At = At->Parent;
      Current = *Up;
      if (std::optional<std::string> L = resolve(*At, Current))
        return *L;
    } else {
      break;
    }
  return "?" + At->Fn->Usr + "/" + Current;
}

LockSet Walker::resolveLocks(const Frame &F, const LockSet &Held) {
  LockSet Out = F.Held;
  for (const summary::HeldLock &H : Held)
    if (summary::isCallerReleased(H.Lock))
      summary::removeLock(Out, nameLock(F, llvm::StringRef(H.Lock).drop_front(1)));
  for (const summary::HeldLock &H : resolveOwn(F, Held))
    summary::addLock(Out, H);
  return Out;
}

LockSet Walker::resolveOwn(const Frame &F, const LockSet &Held) {
  LockSet Out;
  for (const summary::HeldLock &H : Held) {
    if (summary::isCallerReleased(H.Lock))
      continue; // resolveLocks takes it out of the caller's locks
    LockSet Concrete;
    unsigned Id = 0;
    char Variant = 0;
    if (summary::parseCallEffect(H.Lock, Id, Variant)) {
      Concrete = callAcquires(F, Id, Variant);
    } else {
      Concrete.push_back({nameLock(F, H.Lock), H.Shared});
    }
    for (const summary::HeldLock &C : Concrete) {
      bool Released = llvm::any_of(H.After, [&](unsigned Call) {
        return callReleases(F, Call).count(C.Lock) != 0;
      });
      if (!Released)
        summary::addLock(Out, {C.Lock, C.Shared});
    }
  }
  return Out;
}

const Frame *Walker::effectFrame(const Frame &F, unsigned Id) {
  auto [It, New] = EffectFrames.try_emplace({F.Id, Id}, nullptr);
  if (!New)
    return It->second;
  if (F.Depth >= MaxDepth + MaxEffectDepth)
    return nullptr;
  const summary::Call *C = callById(*F.Fn, Id);
  if (!C)
    return nullptr;
  auto [CalleeTU, Callee] = find(C->Callee, F.TU);
  if (!Callee)
    return nullptr;
  It->second = calleeFrame(F, *C, CalleeTU, Callee);
  return It->second;
}

Frame *Walker::calleeFrame(const Frame &F, const summary::Call &C, unsigned CalleeTU,
                           const FunctionSummary *Callee) {
  Frame *G = newFrame();
  G->Fn = Callee;
  G->TU = CalleeTU;
  G->Parent = &F;
  G->Thread = F.Thread;
  G->Once = F.Once || C.Once;
  G->Dispatched = F.Dispatched;
  G->FromLoop = F.FromLoop;
  G->Depth = F.Depth + 1;
  if (C.This.K != Binding::None)
    G->This = resolve(F, C.This.Target);
  for (unsigned A = 0; A < C.Args.size(); ++A)
    if (Binding B = bind(F, C.Args[A]); B.K != Binding::None)
      G->Params[A] = B;
  for (unsigned A = 0; A < C.ArgFunctions.size(); ++A)
    if (!C.ArgFunctions[A].empty())
      G->FunctionParams[A] = functionTargets(F, C.ArgFunctions[A]);
  G->CallSite = C.Site;
  G->Via = &C;
  return G;
}

const LockSet &Walker::callAcquires(const Frame &F, unsigned Id, char Variant) {
  auto Key = std::make_tuple(F.Id, Id, Variant);
  if (auto It = AcquireCache.find(Key); It != AcquireCache.end())
    return It->second;
  LockSet Out;
  const Frame *G = effectFrame(F, Id);
  if (G && EffectsInProgress.insert(G->Fn).second) { // recursion adds nothing
    const FunctionSummary &Fn = *G->Fn;
    if (const summary::ArgumentEffect *A = summary::argumentEffect(Fn, *G->Via)) {
      Out = resolveOwn(*G, A->HeldAtExit);
    } else {
      const LockSet *S = &Fn.HeldAtExit;
      if (Variant == 'z' && Fn.HeldIfZero)
        S = &*Fn.HeldIfZero;
      else if (Variant == 'n' && Fn.HeldIfNonzero)
        S = &*Fn.HeldIfNonzero;
      Out = resolveOwn(*G, *S);
      for (const summary::HeldLock &H : resolveOwn(*G, Fn.MayHoldAtExit))
        summary::addLock(Out, H);
    }
    EffectsInProgress.erase(G->Fn);
  }
  return AcquireCache[Key] = Out;
}

const std::set<std::string> &Walker::callReleases(const Frame &F, unsigned Id) {
  auto Key = std::make_pair(F.Id, Id);
  if (auto It = ReleaseCache.find(Key); It != ReleaseCache.end())
    return It->second;
  std::set<std::string> Out;
  const summary::Call *C = callById(*F.Fn, Id);
  auto [CalleeTU, Callee] = C ? find(C->Callee, F.TU) : std::make_pair(0u, nullptr);
  const Frame *G = Callee && MayRelease.count(Callee) ? effectFrame(F, Id) : nullptr;
  if (G && EffectsInProgress.insert(G->Fn).second) {
    const FunctionSummary &Fn = *G->Fn;
    for (const summary::Path &L : Fn.ReleasedAtExit)
      Out.insert(nameLock(*G, L));
    const summary::ArgumentEffect *A = summary::argumentEffect(Fn, *C);
    for (const summary::Call &Inner : Fn.Calls)
      if (!A || A->reaches(Inner.At.Seq))
        for (const std::string &L : callReleases(*G, Inner.Id))
          Out.insert(L);
    // Taken back before returning (`mu.Unlock(); slow(); mu.Lock();`): no effect.
    for (const summary::HeldLock &H : resolveOwn(*G, Fn.HeldAtExit))
      Out.erase(H.Lock);
    EffectsInProgress.erase(G->Fn);
  }
  return ReleaseCache[Key] = Out;
}

/// Which functions may release a lock their caller holds, directly or through calls.
void Walker::computeMayRelease() {
  std::vector<const FunctionSummary *> All;
  for (const auto &Entry : ByUsr)
    for (const auto &Def : Entry.second) {
      All.push_back(Def.second);
      if (!Def.second->ReleasedAtExit.empty())
        MayRelease.insert(Def.second);
    }
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (const FunctionSummary *F : All) {
      if (MayRelease.count(F))
        continue;
      for (const summary::Call &C : F->Calls) {
        auto It = ByUsr.find(C.Callee);
        if (It != ByUsr.end() &&
            llvm::any_of(It->second, [&](const auto &D) { return MayRelease.count(D.second); })) {
          MayRelease.insert(F);
          Changed = true;
          break;
        }
      }
    }
  }
}

int Walker::owner(llvm::StringRef Loc) const {
  if (!Loc.starts_with("F"))
    return -1;
  unsigned Id = 0;
  if (Loc.drop_front(1).take_until([](char C) { return C == '/'; }).getAsInteger(10, Id) ||
      Id == 0 || Id > Frames.size())
    return -1;
  return static_cast<int>(Frames[Id - 1]->Thread);
}

unsigned Walker::startThread(const Frame &F, const summary::Spawn &S) {
  auto [EntryTU, Entry] = find(S.Entry, F.TU);
  // Threads that start each other in a cycle (a worker that restarts its own kind): the
  // ancestor running the same entry stands for all later copies.
  for (int A = static_cast<int>(F.Thread); A >= 0; A = P.Threads[A].Parent)
    if (!P.Threads[A].Entry.empty() && P.Threads[A].Entry == S.EntryName &&
        P.Threads[A].SpawnSite == S.Site) {
      // It and every thread below it now run in any number of copies.
      for (ThreadInstance &T : P.Threads)
        for (int D = static_cast<int>(T.Id); D >= 0; D = P.Threads[D].Parent)
          if (D == A) {
            T.Multiple = true;
            break;
          }
      return static_cast<unsigned>(A);
    }
  if (P.Threads.size() >= MaxThreads) {
    if (!BoundNoted)
      P.Notes.push_back("the thread model was cut at " + std::to_string(MaxThreads) +
                        " threads; threads started after that are not analyzed");
    BoundNoted = true;
    return F.Thread;
  }
  ThreadInstance T;
  T.Id = P.Threads.size();
  T.Parent = static_cast<int>(F.Thread);
  T.Entry = S.EntryName;
  T.SpawnSite = S.Site;
  T.SpawnTime = Clock++;
  T.SpawnLoops = loops(F, S.At);
  T.Multiple = P.Threads[F.Thread].Multiple || !T.SpawnLoops.empty();
  T.Handle = resolve(F, S.Handle).value_or("");
  if (S.Handle.empty() && !S.Detached)
    T.Handle = "?spawn" + std::to_string(T.Id);
  Ordering.HeldAtSpawn[T.Id] = resolveLocks(F, S.Held);
  P.Threads.push_back(T);
  if (!Entry)
    return T.Id;
  Frame *Root = newFrame();
  Root->Fn = Entry;
  Root->TU = EntryTU;
  Root->Parent = &F;
  Root->Thread = T.Id;
  Root->CallSite = S.Site;
  if (S.This.K != Binding::None)
    if (auto This = resolve(F, S.This.Target))
      Root->This = *This;
  for (unsigned I = 0; I < S.Args.size(); ++I)
    if (Binding B = bind(F, S.Args[I]); B.K != Binding::None)
      Root->Params[I] = B;
  for (const auto &[Key, B] : S.CopiedCaptures)
    if (auto T2 = resolve(F, B.Target))
      Root->Copies[Key] = *T2;
  Queue.push_back({T.Id, Root});
  return T.Id;
}

void Walker::joinThreads(const Frame &F, const summary::Join &J) {
  std::optional<std::string> H = resolve(F, J.Handle);
  if (!H)
    return;
  std::vector<uint64_t> JoinLoops = loops(F, J.At);
  if (!J.Detach) // maybe another thread's own handle (`pthread_join(main_thread, 0)`)
    Ordering.Joins.push_back({F.Thread, *H, Clock});
  for (ThreadInstance &T : P.Threads) {
    if (T.Parent != static_cast<int>(F.Thread) || T.Handle != *H || T.JoinTime != Never)
      continue;
    if (J.Detach) {
      T.Handle.clear();
      continue;
    }
    T.JoinTime = Clock;
    Ordering.HeldAtJoin[T.Id] = resolveLocks(F, J.Held);
    if (!T.SpawnLoops.empty() && llvm::is_contained(JoinLoops, T.SpawnLoops.back())) {
      T.JoinedInLoop = true;
      T.Multiple = P.Threads[F.Thread].Multiple;
    } else if (!T.SpawnLoops.empty() && !JoinLoops.empty() &&
               llvm::all_of(JoinLoops, [&](uint64_t L) {
                 return llvm::is_contained(T.SpawnLoops, L);
               })) {
      // Started in an inner loop and joined after it, in the same iteration of every
      // loop around the join (a pool per input file): the copies overlap each other,
      // but none outlives the iteration that started it.
      T.JoinedInLoop = true;
    }
  }
}

void Walker::walk(const Frame &F, std::set<const FunctionSummary *> &Stack) {
  const FunctionSummary &Fn = *F.Fn;
  enum Kind { Access, Call, Spawn, Join, Acquire, Barrier };
  std::vector<std::tuple<unsigned, Kind, size_t>> Items;
  for (size_t I = 0; I < Fn.Accesses.size(); ++I)
    Items.push_back({Fn.Accesses[I].At.Seq, Access, I});
  for (size_t I = 0; I < Fn.Calls.size(); ++I)
    Items.push_back({Fn.Calls[I].At.Seq, Call, I});
  for (size_t I = 0; I < Fn.Spawns.size(); ++I)
    Items.push_back({Fn.Spawns[I].At.Seq, Spawn, I});
  for (size_t I = 0; I < Fn.Joins.size(); ++I)
    Items.push_back({Fn.Joins[I].At.Seq, Join, I});
  for (size_t I = 0; I < Fn.Acquisitions.size(); ++I)
    Items.push_back({Fn.Acquisitions[I].At.Seq, Acquire, I});
  for (size_t I = 0; I < Fn.Barriers.size(); ++I)
    Items.push_back({Fn.Barriers[I].At.Seq, Barrier, I});
  for (const Path &H : Fn.OwnHandles)
    if (std::optional<std::string> Handle = resolve(F, H))
      Ordering.OwnHandles.push_back({F.Thread, *Handle});
  llvm::stable_sort(Items, [](const auto &A, const auto &B) {
    return std::get<0>(A) < std::get<0>(B);
  });
  // A call selecting one case of a switch on its argument walks that case only.
  const summary::ArgumentEffect *Case = F.Via ? summary::argumentEffect(Fn, *F.Via) : nullptr;
  Stack.insert(F.Fn);
  Reached.insert(F.Fn);
  if (!F.Dispatched)
    ReachedStatically.insert(F.Fn);
  for (const auto &[Seq, K, I] : Items) {
    if (Case && !Case->reaches(Seq))
      continue;
    if (++Events > EventLimit) {
      if (!EventsNoted)
        P.Notes.push_back("a thread's walk was cut at " + std::to_string(MaxEventsPerThread) +
                          " events (first in a thread running `" +
                          P.Threads[F.Thread].Entry +
                          "`); later accesses of such threads are not analyzed");
      EventsNoted = true;
      break;
    }
    switch (K) {
    case Access: {
      const summary::Access &A = Fn.Accesses[I];
      bool ThroughPointer = false;
      std::optional<std::string> Loc = resolve(F, A.Loc, &ThroughPointer);
      if (!Loc || F.Once)
        break;
      constantIndex(F, A, *Loc);
      ConcreteAccess C{*Loc,  A.Name, A.Write,         A.Container, resolveLocks(F, A.Held),
                       A.Site, F.Thread, Clock++, loops(F, A.At), owner(*Loc),
                       A.Volatile, A.Whole};
      C.OwnSlot = A.OwnSlot && F.threadStart();
      C.ThroughPointer = ThroughPointer;
      C.FromLoop = F.FromLoop;
      P.Accesses.push_back(std::move(C));
      break;
    }
    case Acquire: {
      const summary::Acquisition &A = Fn.Acquisitions[I];
      std::optional<std::string> L = resolve(F, A.Lock);
      P.Acquisitions.push_back({L ? *L : nameLock(F, A.Lock), A.Name, A.Shared,
                                A.Try, resolveLocks(F, A.HeldBefore), A.Site, F.Thread});
      // A caller's lock this function released (and now takes back) is not held here.
      if (L && llvm::is_contained(Fn.ReleasedCallerLocks, A.Lock) &&
          !llvm::any_of(A.HeldBefore, [&](const auto &H) { return H.Lock == A.Lock; }))
        summary::removeLock(P.Acquisitions.back().HeldBefore, *L);
      P.Acquisitions.back().Recursive = A.Recursive;
      P.Acquisitions.back().Time = Clock++;
      P.Acquisitions.back().Loops = loops(F, A.At);
      P.Acquisitions.back().Frame = F.Id - 1;
      break;
    }
    case Call: {
      const summary::Call &C = Fn.Calls[I];
      auto Enter = [&](unsigned CalleeTU, const FunctionSummary *Callee,
                       bool Dispatched = false) {
        if (!Callee || Stack.count(Callee) || F.Depth >= MaxDepth)
          return;
        Frame *G = calleeFrame(F, C, CalleeTU, Callee);
        G->Dispatched = G->Dispatched || Dispatched;
        G->Held = resolveLocks(F, C.Held);
        for (const summary::HeldLock &H : Callee->RequiredLocks) // callers must hold these
          if (std::optional<std::string> L = resolve(*G, H.Lock))
            summary::addLock(G->Held, {*L, H.Shared});
        G->Loops = loops(F, C.At);
        walk(*G, Stack);
      };
      // Through a function pointer or a virtual call: every possible target. A virtual
      // call none of whose overriders is known, or with more than a few (an interface
      // like an iterator: inlining each at every call multiplies the walk), calls its
      // static callee.
      std::vector<std::string> Targets;
      if (!C.CalleeNode.empty())
        Targets = functionTargets(F, C.CalleeNode);
      if (!C.Callee.empty() && Targets.size() > MaxDispatchTargets)
        Targets.clear();
      if (!C.CalleeNode.empty() && (C.Callee.empty() || !Targets.empty())) {
        for (const std::string &Target : Targets) {
          auto [CalleeTU, Callee] = find(Target, F.TU);
          Enter(CalleeTU, Callee, !C.Callee.empty() && Targets.size() > 1);
        }
        break;
      }
      auto [CalleeTU, Callee] = find(C.Callee, F.TU);
      if (!Callee && !C.ArgFunctions.empty())
        startCallbacks(F, C);
      if (!Callee)
        runLoopCallbacks(F, C, Stack);
      Enter(CalleeTU, Callee);
      break;
    }
    case Spawn: {
      const summary::Spawn &S = Fn.Spawns[I];
      if (S.EntryNode.empty()) {
        startThread(F, S);
        break;
      }
      for (const std::string &Target : functionTargets(F, S.EntryNode)) {
        auto [EntryTU, Entry] = find(Target, F.TU);
        if (!Entry)
          continue;
        summary::Spawn Resolved = S;
        Resolved.Entry = Target;
        Resolved.EntryName = Entry->Name;
        startThread(F, Resolved);
      }
      break;
    }
    case Join:
      joinThreads(F, Fn.Joins[I]);
      ++Clock;
      break;
    case Barrier:
      barrier(F, Fn.Barriers[I]);
      break;
    }
  }
  Stack.erase(F.Fn);
}

void Walker::constantIndex(const Frame &F, const summary::Access &A, std::string &Loc) const {
  if (A.IndexParam < 0 || !F.Via)
    return;
  size_t Star = Loc.rfind("[*]");
  for (const auto &[Param, Value] : F.Via->ConstArgs)
    if (Param == static_cast<unsigned>(A.IndexParam) && Star != std::string::npos)
      Loc.replace(Star, 3, "[" + std::to_string(Value) + "]");
}

void Walker::barrier(const Frame &F, const summary::BarrierOp &B) {
  std::optional<std::string> Obj = resolve(F, B.Obj);
  if (!Obj || F.Once)
    return;
  // Only a thread's own entry function passes a barrier in a way we can count: in a
  // helper, the number of passes depends on how often it is called.
  if (!B.EveryPath || !F.threadStart() || (B.Phased && !(B.Arrive && B.Wait)))
    P.UnorderedBarriers.insert(*Obj);
  P.Threads[F.Thread].Barriers.push_back({*Obj, Clock++, B.Arrive, B.Wait, B.Phased});
}

/// The global variable an access path is rooted in (`G:stats.conns` -> `G:stats`).
llvm::StringRef globalRoot(llvm::StringRef Loc) {
  if (!Loc.starts_with("G:"))
    return "";
  return Loc.take_until([](char C) { return C == '.' || C == '[' || C == '*'; });
}

bool holdsRealLock(const LockSet &Held) {
  unsigned Id = 0;
  char Variant = 0;
  return llvm::any_of(Held, [&](const summary::HeldLock &H) {
    return !summary::parseCallEffect(H.Lock, Id, Variant) &&
           !summary::isCallerReleased(H.Lock);
  });
}

void Walker::collectGuardedGlobals() {
  for (const auto &Entry : ByUsr)
    for (const auto &Def : Entry.second)
      for (const summary::Access &A : Def.second->Accesses)
        if (holdsRealLock(A.Held) && !globalRoot(A.Loc).empty())
          GuardedGlobals.insert(globalRoot(A.Loc).str());
}

/// Evidence that a callback may run concurrently with the program: it, or a function it
/// calls, takes a lock, or touches a global that some code accesses under a lock.
bool Walker::concurrencyEvidence(const FunctionSummary *Root) {
  if (auto It = Evidence.find(Root); It != Evidence.end())
    return It->second;
  std::set<const FunctionSummary *> Seen{Root};
  std::vector<std::pair<const FunctionSummary *, unsigned>> Work{{Root, 0}};
  bool Found = false;
  while (!Work.empty() && !Found) {
    auto [Fn, Depth] = Work.back();
    Work.pop_back();
    Found = !Fn->Acquisitions.empty() ||
            llvm::any_of(Fn->Accesses, [&](const summary::Access &A) {
              return GuardedGlobals.count(globalRoot(A.Loc).str()) != 0;
            });
    if (Depth < MaxDepth)
      for (const summary::Call &C : Fn->Calls)
        if (const FunctionSummary *Callee = find(C.Callee, 0).second;
            Callee && Seen.insert(Callee).second)
          Work.push_back({Callee, Depth + 1});
  }
  return Evidence[Root] = Found;
}

/// A library function whose name says it runs the work it is given elsewhere
/// (`uv_queue_work`, `thread_pool_submit`): event loops (`event_set`), signals and exit
/// handlers call back in the thread that runs the loop or is interrupted, and measured on
/// memcached they only produced false races between a worker and its own callbacks.
bool runsWorkElsewhere(llvm::StringRef Api) {
  std::string Name = Api.lower();
  return llvm::any_of(std::initializer_list<llvm::StringRef>{"queue", "work", "thread",
                                                             "pool", "async", "schedule",
                                                             "submit", "spawn", "task"},
                      [&](llvm::StringRef W) { return llvm::StringRef(Name).contains(W); });
}

void Walker::collectLoopCallbacks() {
  for (const auto &Entry : ByUsr)
    for (const auto &Def : Entry.second)
      for (const summary::Call &C : Def.second->Calls) {
        llvm::StringRef Prefix = summary::libraryPrefix(C.CalleeName);
        if (C.ArgFunctions.empty() || !C.CalleeNode.empty() || Prefix.empty() ||
            runsWorkElsewhere(C.CalleeName) || find(C.Callee, Def.first).second)
          continue;
        for (const std::string &Node : C.ArgFunctions) {
          if (Node.empty())
            continue;
          std::vector<std::string> Targets = programTargets(Node);
          LoopCallbacks[Prefix.str()].insert(Targets.begin(), Targets.end());
        }
      }
}

void Walker::runLoopCallbacks(const Frame &F, const summary::Call &C,
                              std::set<const FunctionSummary *> &Stack) {
  auto It = LoopCallbacks.find(summary::libraryPrefix(C.CalleeName).str());
  if (It == LoopCallbacks.end() || !summary::runsEventLoop(C.CalleeName) ||
      F.Depth >= MaxDepth)
    return;
  // The loop calls each callback with arguments of its own: none is bound here.
  summary::Call &Loop = LoopCalls.emplace_back();
  Loop.Callee = C.Callee;
  Loop.CalleeName = C.CalleeName;
  Loop.Held = C.Held;
  Loop.Site = C.Site;
  Loop.At = C.At;
  // Each callback gets an equal share of the thread's remaining events: one large
  // handler (memcached's event_handler) would otherwise leave none for the others.
  const size_t Limit = EventLimit;
  size_t Left = It->second.size();
  for (const std::string &Target : It->second) {
    auto [CalleeTU, Callback] = find(Target, F.TU);
    size_t Share = Events < Limit ? (Limit - Events) / Left : 0;
    --Left;
    if (!Callback || Stack.count(Callback))
      continue;
    EventLimit = Events + Share;
    Frame *G = calleeFrame(F, Loop, CalleeTU, Callback);
    G->FromLoop = true;
    G->Held = resolveLocks(F, C.Held);
    G->Loops = loops(F, C.At);
    walk(*G, Stack);
    EventLimit = Limit;
  }
}

void Walker::startCallbacks(const Frame &F, const summary::Call &C) {
  if (!runsWorkElsewhere(C.CalleeName))
    return;
  for (const std::string &Node : C.ArgFunctions) {
    if (Node.empty())
      continue;
    for (const std::string &Target : functionTargets(F, Node)) {
      const FunctionSummary *Callback = find(Target, F.TU).second;
      // One thread per callback and registration site stands for all: it already runs
      // in any number of copies (conn_new registers event_handler from many callers).
      if (!Callback || !concurrencyEvidence(Callback) ||
          !CallbacksStarted.insert({Target, C.Site.File, C.Site.Line, C.Site.Column}).second)
        continue;
      summary::Spawn S;
      S.Entry = Target;
      S.EntryName = Callback->Name;
      S.Api = C.CalleeName;
      S.Detached = true;
      S.Site = C.Site;
      S.At = C.At;
      unsigned Id = startThread(F, S);
      if (Id != F.Thread)
        P.Threads[Id].Multiple = true; // the library may call it from several threads
    }
  }
}

bool locksItsOwnMutex(const FunctionSummary &F) {
  return llvm::any_of(F.Acquisitions, [](const summary::Acquisition &A) {
    return llvm::StringRef(A.Lock).starts_with("this");
  });
}

/// A C library (no `main`) that locks or starts threads is called from its users'
/// threads: its externally visible functions that nothing inside it calls are its API,
/// and each may run concurrently with the others (and with itself).
void Walker::addCLibraryEntries(
    std::vector<std::pair<unsigned, const FunctionSummary *>> &Roots) {
  bool Concurrent = false;
  std::set<std::string> Called;
  for (const auto &Entry : ByUsr)
    for (const auto &Def : Entry.second) {
      Concurrent = Concurrent || !Def.second->Acquisitions.empty() || !Def.second->Spawns.empty();
      for (const summary::Call &C : Def.second->Calls)
        Called.insert(C.Callee);
      for (const summary::Spawn &S : Def.second->Spawns)
        Called.insert(S.Entry);
    }
  if (!Concurrent)
    return;
  for (const auto &Entry : ByUsr) {
    const auto &Def = Entry.second.front();
    if (Def.second->IsExternal && !Def.second->IsMain && !Called.count(Def.second->Usr) &&
        !Reached.count(Def.second))
      Roots.push_back(Def);
  }
}

void Walker::addRoots(
    const std::vector<std::pair<unsigned, const FunctionSummary *>> &Roots) {
  for (const auto &[TU, R] : Roots) {
    ThreadInstance T;
    T.Id = P.Threads.size();
    T.Entry = R->IsMain ? "main" : R->Name;
    T.SpawnSite = R->Loc;
    T.Multiple = !R->IsMain;
    T.IsProcess = R->IsMain;
    P.Threads.push_back(T);
    Frame *F = newFrame();
    F->Fn = R;
    F->TU = TU;
    F->Thread = T.Id;
    if (!R->IsMain)
      F->This = "T:" + R->Class;
    Queue.push_back({T.Id, F});
  }
}

void Walker::drain() {
  while (!Queue.empty()) {
    PendingThread Next = Queue.front();
    Queue.pop_front();
    Events = 0;
    std::set<const FunctionSummary *> Stack;
    walk(*Next.Root, Stack);
  }
}

void Walker::run() {
  std::vector<std::pair<unsigned, const FunctionSummary *>> Mains;
  for (const auto &Entry : ByUsr)
    for (const auto &Def : Entry.second)
      if (Def.second->IsMain)
        Mains.push_back(Def);
  auto ByLocation = [](const auto &A, const auto &B) {
    return std::make_pair(A.second->Loc, A.second->Usr) <
           std::make_pair(B.second->Loc, B.second->Usr);
  };
  llvm::sort(Mains, ByLocation);
  P.LibraryMode = Mains.empty();
  computeMayRelease();
  collectGuardedGlobals();
  collectLoopCallbacks();
  addRoots(Mains);
  drain();

  // Library code no `main` reaches: the public methods of classes that lock their own
  // mutexes are meant to be called from several threads at once (a database's tools have
  // a `main`; its library classes are still shared by its users' threads).
  std::set<std::string> Locking, ReachedClasses;
  for (const FunctionSummary *F : ReachedStatically)
    if (!F->Class.empty())
      ReachedClasses.insert(F->Class);
  for (const auto &Entry : ByUsr)
    for (const auto &Def : Entry.second)
      if (!Def.second->Class.empty() && locksItsOwnMutex(*Def.second) &&
          !ReachedClasses.count(Def.second->Class))
        Locking.insert(Def.second->Class);
  std::vector<std::pair<unsigned, const FunctionSummary *>> Library;
  for (const auto &Entry : ByUsr) {
    const auto &Def = Entry.second.front();
    const FunctionSummary *F = Def.second;
    if (F->IsPublicMethod && !F->IsCtorOrDtor && F->RequiredLocks.empty() &&
        Locking.count(F->Class))
      Library.push_back(Def);
  }
  if (P.LibraryMode)
    addCLibraryEntries(Library);
  llvm::sort(Library, ByLocation);
  addRoots(Library);
  drain();
  finishOrdering(P, Ordering);
  P.Frames.clear();
  for (const auto &F : Frames)
    P.Frames.push_back({F->Parent ? static_cast<int>(F->Parent->Id) - 1 : -1,
                        F->Parent && F->Parent->Thread != F->Thread,
                        F->Fn ? F->Fn->Name : "", F->CallSite});
}

} // namespace

void Program::link() {
  auto LinkStart = std::chrono::steady_clock::now();
  ByUsr.clear();
  for (unsigned TU = 0; TU < Units.size(); ++TU)
    for (const summary::FunctionSummary &F : Units[TU].Functions)
      ByUsr[F.Usr].push_back({TU, &F});
  // The richest definition first: a body over an empty duplicate.
  for (auto &Entry : ByUsr)
    llvm::stable_sort(Entry.second, [](const auto &A, const auto &B) {
      return A.second->Accesses.size() + A.second->Calls.size() >
             B.second->Accesses.size() + B.second->Calls.size();
    });
  Targets = FunctionTargets();
  for (const summary::TUSummary &TU : Units) {
    for (const summary::FunctionFlow &F : TU.GlobalFunctionFlows)
      Targets.addFlow(F);
    for (const summary::FunctionSummary &Fn : TU.Functions)
      for (const summary::FunctionFlow &F : Fn.FunctionFlows)
        Targets.addFlow(F);
  }
  Targets.solve();
  auto Start = std::chrono::steady_clock::now();
  Objects = PointsTo();
  for (const summary::TUSummary &TU : Units) {
    for (const summary::FunctionFlow &F : TU.GlobalDataFlows)
      Objects.addFlow(F);
    for (const summary::FunctionSummary &Fn : TU.Functions)
      for (const summary::FunctionFlow &F : Fn.DataFlows)
        Objects.addFlow(F);
  }
  Objects.solve([&](llvm::StringRef Usr) { return ByUsr.count(Usr) != 0; });
  auto WalkStart = std::chrono::steady_clock::now();
  PointsToSeconds = std::chrono::duration<double>(WalkStart - Start).count();
  LinkSeconds = std::chrono::duration<double>(WalkStart - LinkStart).count();
  Threads.clear();
  Accesses.clear();
  Acquisitions.clear();
  Walker(*this, ByUsr).run();
  WalkSeconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - WalkStart).count();
}

} // namespace interlock::program
