// Reporting policy for threads nobody joins. Local std::threads and detached threads
// were decided per function (procedure/ThreadLifetime.h); member threads, containers of
// threads and pthreads need the whole program: the destructor of the owning class (and
// what it calls on `this`), and every join of a pthread handle.
#include "checks/MissingJoinCheck.h"

#include "checks/LockPaths.h"
#include "procedure/Paths.h"

#include "llvm/ADT/StringMap.h"

#include <set>

namespace interlock::checks {
namespace {

using summary::FunctionSummary;

/// The handle without element indexes: `L:tids[...]` is joined as `L:tids`.
std::string handleRoot(llvm::StringRef H) { return H.take_until([](char C) { return C == '['; }).str(); }

class Index {
public:
  explicit Index(const program::Program &P) : P(P) {
    for (const summary::TUSummary &TU : P.units())
      for (const FunctionSummary &F : TU.Functions) {
        ByName.try_emplace(F.Name, &F);
        for (const summary::Join &J : F.Joins)
          if (!J.Handle.empty())
            JoinedHandles.insert(handleRoot(J.Handle));
      }
  }

  const FunctionSummary *byName(llvm::StringRef Name) const {
    auto It = ByName.find(Name);
    return It == ByName.end() ? nullptr : It->second;
  }

  /// Does F, or a method it calls on `this` (transitively), join or detach Handle?
  bool joinsOnThis(const FunctionSummary &F, llvm::StringRef Handle,
                   std::set<const FunctionSummary *> &Seen) const {
    if (!Seen.insert(&F).second)
      return false;
    for (const summary::Join &J : F.Joins)
      if (handleRoot(J.Handle) == Handle)
        return true;
    for (const summary::Call &C : F.Calls)
      if (C.This.K == summary::Binding::Lvalue && C.This.Target == "this")
        if (const FunctionSummary *Callee = P.function(C.Callee))
          if (joinsOnThis(*Callee, Handle, Seen))
            return true;
    return false;
  }

  bool joinedAnywhere(llvm::StringRef Handle) const {
    return JoinedHandles.count(handleRoot(Handle));
  }

private:
  const program::Program &P;
  llvm::StringMap<const FunctionSummary *> ByName;
  std::set<std::string> JoinedHandles;
};

std::string threadText(const summary::JoinableLeak &L) {
  std::string T = "thread `" + L.Name + "` may ";
  switch (L.How) {
  case summary::JoinableLeak::Reassign:
    return T + "be assigned a new thread while still joinable (std::terminate)";
  case summary::JoinableLeak::Return:
    return T + "be destroyed while joinable (std::terminate) when returning here";
  case summary::JoinableLeak::Jump:
    return T + "be destroyed while joinable (std::terminate) when jumping out of its "
               "scope here";
  case summary::JoinableLeak::ScopeEnd:
    break;
  }
  return T + "be destroyed while joinable (std::terminate) at the end of its scope";
}

} // namespace

void MissingJoinCheck::run(const program::Program &P, std::vector<Finding> &Out) {
  Index Idx(P);
  auto Add = [&](SourceLoc Site, std::string Message, std::vector<RelatedLocation> Notes) {
    Finding F;
    F.CheckId = std::string(id());
    F.Message = std::move(Message);
    F.Primary = std::move(Site);
    F.Related = std::move(Notes);
    Out.push_back(std::move(F));
  };

  for (const summary::TUSummary &TU : P.units())
    for (const FunctionSummary &Fn : TU.Functions) {
      for (const summary::JoinableLeak &L : Fn.JoinableLeaks)
        Add(L.Site, threadText(L), {{L.Started, "thread `" + L.Name + "` started here"}});

      for (const summary::DetachedLocal &D : Fn.DetachedLocals)
        Add(D.Spawn,
            "detached thread uses local `" + D.Var + "` of `" + shortName(Fn.Name) +
                "`, which may return before the thread is done",
            {{D.Declared, "`" + D.Var + "` declared here"}});

      for (const summary::Spawn &S : Fn.Spawns) {
        if (S.Detached || S.Handle.empty() || !S.Site.valid())
          continue;
        llvm::StringRef H = S.Handle;
        std::string Name = procedure::displayName(H);
        if (S.Api == "pthread_create") {
          if (S.HasAttributes || Idx.joinedAnywhere(H))
            continue;
          const FunctionSummary *Entry = P.function(S.Entry);
          if (Entry && llvm::any_of(Entry->Joins, [](const auto &J) { return J.Detach; }))
            continue; // the thread detaches itself
          Add(S.Site,
              "thread `" + Name + "` created by pthread_create is neither joined nor detached",
              {});
          continue;
        }
        if (S.Api != "std::thread")
          continue; // jthread and futures join themselves
        std::string Container = "threads added to `" + Name +
                                "` are never joined or detached (std::terminate when `" +
                                Name + "` is destroyed)";
        if (H.starts_with("this.") && !Fn.Class.empty()) {
          std::string Class = shortName(Fn.Class);
          const FunctionSummary *Dtor = Idx.byName(Fn.Class + "::~" + Class);
          std::set<const FunctionSummary *> Seen;
          if (Dtor && Idx.joinsOnThis(*Dtor, handleRoot(H), Seen))
            continue;
          std::vector<RelatedLocation> Notes;
          if (Dtor && !S.InContainer)
            Notes.push_back({Dtor->Loc, "destructor of `" + Class + "` defined here"});
          Add(S.Site,
              S.InContainer ? Container
                            : "thread member `" + Name +
                                  "` is not joined or detached by the destructor of `" +
                                  Class + "` (std::terminate if destroyed while running)",
              std::move(Notes));
          continue;
        }
        if (S.InContainer && H.starts_with("L:") &&
            !llvm::any_of(Fn.Joins, [&](const summary::Join &J) {
              return handleRoot(J.Handle) == handleRoot(H);
            }))
          Add(S.Site, Container, {});
      }
    }
}

} // namespace interlock::checks
