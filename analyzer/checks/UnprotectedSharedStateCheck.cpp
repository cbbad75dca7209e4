// Reporting policy for data races. The reasoning (which thread runs what, when, under
// which locks) is in program/; this file decides which pairs to report and how.
#include "checks/UnprotectedSharedStateCheck.h"

#include "procedure/Paths.h"
#include "program/Concurrency.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <set>
#include <tuple>

namespace interlock::checks {
namespace {

using program::ConcreteAccess;

constexpr size_t MaxAccessesPerLocation = 400;
constexpr unsigned MaxTimesPerSite = 4;

std::string lockName(const summary::HeldLock &L) {
  return procedure::displayName(L.Lock);
}

std::string heldText(const summary::LockSet &Held) {
  if (Held.empty())
    return "without a lock";
  std::string S = "under `" + lockName(Held.front()) + "`";
  if (Held.front().Shared)
    S += " (shared)";
  return S;
}

std::string threadText(const program::Program &P, unsigned T) {
  const program::ThreadInstance &Th = P.threads()[T];
  if (Th.Entry == "main")
    return "the main thread";
  if (Th.Entry == "lambda")
    return "a thread started at line " + std::to_string(Th.SpawnSite.Line);
  return "a thread running `" + Th.Entry + "`";
}

/// "`x` is accessed under `mu` in 3 of 4 places", when some accesses do lock.
std::string consistency(const std::vector<const ConcreteAccess *> &Group) {
  // A place is a site with the locks held there (one site reached from callers that
  // lock and from callers that do not is two places).
  std::set<std::pair<SourceLoc, summary::LockSet>> Places;
  std::map<std::string, std::set<std::pair<SourceLoc, summary::LockSet>>> ByLock;
  std::map<std::string, std::string> Names;
  for (const ConcreteAccess *A : Group) {
    Places.insert({A->Site, A->Held});
    for (const summary::HeldLock &H : A->Held) {
      ByLock[H.Lock].insert({A->Site, A->Held});
      Names[H.Lock] = lockName(H);
    }
  }
  std::string Best;
  size_t Count = 0;
  for (const auto &[Lock, S] : ByLock)
    if (S.size() > Count) {
      Best = Lock;
      Count = S.size();
    }
  if (!Count)
    return "";
  return llvm::formatv("; `{0}` is accessed under `{1}` in {2} of {3} places",
                       procedure::displayName(Group.front()->Loc), Names[Best], Count,
                       Places.size())
      .str();
}

} // namespace

void UnprotectedSharedStateCheck::run(const program::Program &P, std::vector<Finding> &Out) {
  if (getenv("INTERLOCK_DEBUG_ACCESSES")) {
    for (const program::ThreadInstance &T : P.threads())
      llvm::errs() << "thread " << T.Id << " parent " << T.Parent << " " << T.Entry
                   << " spawn " << T.SpawnTime << " join " << T.JoinTime << " multiple "
                   << T.Multiple << " handle " << T.Handle << "\n";
    for (const ConcreteAccess &A : P.accesses())
      llvm::errs() << A.Loc << (A.Write ? " W " : " R ") << A.Site.Line << ":"
                   << A.Site.Column << " t" << A.Thread << " @" << A.Time << " held "
                   << A.Held.size() << "\n";
  }
  // Group by object; keep a few timeline positions per distinct access.
  std::map<std::string, std::vector<const ConcreteAccess *>> ByLoc;
  std::map<std::tuple<std::string, SourceLoc, bool, unsigned, summary::LockSet>, unsigned>
      Seen;
  for (const ConcreteAccess &A : P.accesses()) {
    unsigned &N = Seen[{A.Loc, A.Site, A.Write, A.Thread, A.Held}];
    if (N++ >= MaxTimesPerSite)
      continue;
    std::vector<const ConcreteAccess *> &G = ByLoc[A.Loc];
    if (G.size() < MaxAccessesPerLocation)
      G.push_back(&A);
  }
  std::set<std::tuple<SourceLoc, SourceLoc, std::string>> Reported;
  for (const auto &[Loc, Group] : ByLoc) {
    if (llvm::none_of(Group, [](const ConcreteAccess *A) { return A->Write; }))
      continue;
    // From library entry points (not `main`), report only state that is locked
    // somewhere: its authors meant it to be shared.
    bool AnyLocked =
        llvm::any_of(Group, [](const ConcreteAccess *A) { return !A->Held.empty(); });
    auto FromLibrary = [&](const ConcreteAccess *A) {
      int T = static_cast<int>(A->Thread);
      while (P.threads()[T].Parent >= 0)
        T = P.threads()[T].Parent;
      return !P.threads()[T].IsProcess;
    };
    std::string Suffix = consistency(Group);
    for (size_t I = 0; I < Group.size(); ++I)
      for (size_t J = I; J < Group.size(); ++J) {
        const ConcreteAccess *A = Group[I], *B = Group[J];
        if (!A->Write && !B->Write)
          continue;
        if (I == J && !(A->Write && P.threads()[A->Thread].Multiple))
          continue;
        if (!AnyLocked && (FromLibrary(A) || FromLibrary(B)))
          continue;
        if (program::commonLock(A->Held, B->Held) || !program::mayRunInParallel(P, *A, *B))
          continue;
        // Primary: a write; of two writes the less protected, then the first in the file.
        if (!A->Write ||
            (B->Write && std::make_pair(B->Held.size(), B->Site) <
                             std::make_pair(A->Held.size(), A->Site)))
          std::swap(A, B);
        auto Key = std::make_tuple(std::min(A->Site, B->Site), std::max(A->Site, B->Site),
                                   procedure::displayName(Loc));
        if (!Reported.insert(Key).second)
          continue;
        bool Self = A->Thread == B->Thread;
        std::string Name = procedure::displayName(Loc);
        Finding F;
        F.CheckId = id().str();
        F.Primary = A->Site;
        F.Message = llvm::formatv(
            "data race on `{0}`: write {1} conflicts with a {2} {3} in {4}{5}", Name,
            heldText(A->Held), B->Write ? "write" : "read", heldText(B->Held),
            Self ? "another instance of the same thread" : "another thread", Suffix);
        F.Related.push_back(
            {B->Site, llvm::formatv("conflicting {0} of `{1}` in {2}",
                                    B->Write ? "write" : "read", Name,
                                    threadText(P, B->Thread))});
        Out.push_back(std::move(F));
      }
  }
}

} // namespace interlock::checks
