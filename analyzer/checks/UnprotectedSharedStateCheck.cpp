// Reporting policy for data races. The reasoning (which thread runs what, when, under
// which locks) is in program/; this file decides what to report and how: one finding per
// racy location, at its least protected access, with the most telling conflicting
// accesses as notes and a confidence users can gate on.
#include "checks/UnprotectedSharedStateCheck.h"

#include "procedure/Paths.h"
#include "program/Concurrency.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <set>
#include <tuple>

namespace interlock::checks {
namespace {

using program::ConcreteAccess;

/// The same access seen at more times than this adds nothing to what it races with.
constexpr unsigned MaxTimesPerSite = 4;
/// Conflicting accesses shown as notes; the message counts the rest.
constexpr size_t MaxNotes = 3;

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

/// The lock held at most places of a location (a place is a site with the locks held
/// there: one site reached from callers that lock and from callers that do not is two
/// places), with its count, and the number of places.
struct LockUse {
  std::string Lock, Name;
  size_t Count = 0, Places = 0;
};
LockUse dominantLock(const std::vector<const ConcreteAccess *> &Group) {
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
  LockUse Best;
  Best.Places = Places.size();
  for (const auto &[Lock, S] : ByLock)
    if (S.size() > Best.Count) {
      Best.Lock = Lock;
      Best.Name = Names[Lock];
      Best.Count = S.size();
    }
  return Best;
}

/// "`x` is accessed under `mu` in 3 of 4 places", when some accesses do lock.
std::string consistency(const std::vector<const ConcreteAccess *> &Group) {
  LockUse Use = dominantLock(Group);
  if (!Use.Count)
    return "";
  return llvm::formatv("; `{0}` is accessed under `{1}` in {2} of {3} places",
                       procedure::displayName(Group.front()->Loc), Use.Name, Use.Count,
                       Use.Places)
      .str();
}

/// For an object reached through pointers, which points-to names by allocation site or
/// type (many objects as one): the evidence that it is really shared is an access
/// without any lock racing with one under the lock that most places take. Two accesses
/// under different locks are more likely two objects, each with its own protection.
bool inconsistentlyLocked(const ConcreteAccess &Primary,
                          const std::vector<const ConcreteAccess *> &Conflicts,
                          const std::vector<const ConcreteAccess *> &Group) {
  if (!Primary.Held.empty())
    return false;
  LockUse Use = dominantLock(Group);
  if (2 * Use.Count <= Use.Places)
    return false;
  return llvm::any_of(Conflicts, [&](const ConcreteAccess *B) {
    return llvm::any_of(B->Held, [&](const summary::HeldLock &H) { return H.Lock == Use.Lock; });
  });
}

/// What users call the object at Loc: its last field, or for a whole heap object
/// (`free(current)`) the pointer's name the access used, as the object has none.
std::string objectName(const ConcreteAccess &A, llvm::StringRef Loc) {
  bool Heap = Loc.starts_with("H:") || Loc.starts_with("T:");
  if (!Heap || Loc.contains('.'))
    return procedure::displayName(Loc);
  llvm::StringRef Pointer(A.Name);
  bool Named = !Pointer.empty() && !(Pointer.size() > 1 && Pointer[0] == 'P' &&
                                     llvm::all_of(Pointer.drop_front(1), [](char C) { return llvm::isDigit(C); }));
  if (Named)
    return A.Name;
  if (Loc.starts_with("T:")) // any object of a type
    return "*(" + Loc.drop_front(2).str() + " *)";
  return "object allocated in " + procedure::displayName(Loc) + "()";
}

/// Which conflicting access explains a race best: a write under a lock (someone meant
/// to protect it), then an unprotected write, then reads; earlier in the file first.
auto tellingKey(const ConcreteAccess *A) {
  int Rank = A->Write ? (A->Held.empty() ? 1 : 0) : (A->Held.empty() ? 3 : 2);
  return std::make_tuple(A->FromLoop, Rank, A->Site); // a guessed callback's last
}

/// Of the accesses in a race, the one to report: the least protected write, then the
/// one with most partners, then the first in the file.
auto primaryKey(const ConcreteAccess *A, size_t Partners) {
  return std::make_tuple(A->FromLoop, !A->Write, A->Held.size(), -static_cast<long>(Partners),
                         A->Site);
}

/// An access of a whole object (memset, memcpy, free, a struct assignment) also
/// touches every part of it: it joins the group of each field and element below it.
void addWholeObjectAccesses(std::map<std::string, std::vector<const ConcreteAccess *>> &ByLoc) {
  std::vector<std::pair<std::string, const ConcreteAccess *>> Add;
  for (const auto &[Loc, Group] : ByLoc)
    for (const ConcreteAccess *A : Group) {
      if (!A->Whole)
        continue;
      for (auto It = ByLoc.upper_bound(Loc); It != ByLoc.end(); ++It) {
        llvm::StringRef Key(It->first);
        if (!Key.starts_with(Loc))
          break;
        if (llvm::StringRef(".[*").contains(Key[Loc.size()]))
          Add.push_back({It->first, A});
      }
    }
  for (const auto &[Loc, A] : Add)
    ByLoc[Loc].push_back(A);
}

/// An element with a computed index (`data[*]`) may be any element: its accesses also
/// join the group of each element named by a constant (`data[0]`).
void addAnyElementAccesses(std::map<std::string, std::vector<const ConcreteAccess *>> &ByLoc) {
  static const llvm::Regex Constant("\\[[0-9-]+\\]");
  for (auto &[Loc, Group] : ByLoc) {
    std::string Any = Loc, Prev;
    while (Prev != Any) {
      Prev = Any;
      Any = Constant.sub("[*]", Any);
    }
    if (Any == Loc)
      continue;
    if (auto It = ByLoc.find(Any); It != ByLoc.end())
      Group.insert(Group.end(), It->second.begin(), It->second.end());
  }
}

bool anyElement(const ConcreteAccess *A) { return llvm::StringRef(A->Loc).contains("[*]"); }

/// Both sides of an element race lock something, just not the same lock: the element
/// is most likely guarded by a lock we cannot relate to its index (a lock stripe,
/// `item_locks[hv & mask]` over `table[hv & bigger_mask]`; a lock array element a
/// caller took through a pointer). Not reported.
bool differentlyLockedElements(const ConcreteAccess *A, const ConcreteAccess *B) {
  return (anyElement(A) || anyElement(B)) && !A->Held.empty() && !B->Held.empty();
}

/// Each thread writing the slot its own start argument selects (`slots[id]`): distinct
/// threads of one start function are taken to get distinct arguments.
bool ownSlots(const program::Program &P, const ConcreteAccess *A, const ConcreteAccess *B) {
  return A->OwnSlot && B->OwnSlot &&
         P.threads()[A->Thread].Entry == P.threads()[B->Thread].Entry;
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
    if (N++ < MaxTimesPerSite)
      ByLoc[A.Loc].push_back(&A);
  }
  addWholeObjectAccesses(ByLoc);
  addAnyElementAccesses(ByLoc);
  // One access site reported for one name is one defect, whichever object instance
  // (a frame's copy, another thread's) the walk reached it through.
  std::set<std::pair<SourceLoc, std::string>> Reported;
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
    std::map<const ConcreteAccess *, std::vector<const ConcreteAccess *>> Partners;
    for (size_t I = 0; I < Group.size(); ++I)
      for (size_t J = I; J < Group.size(); ++J) {
        const ConcreteAccess *A = Group[I], *B = Group[J];
        if (!A->Write && !B->Write)
          continue;
        if (I == J && !(A->Write && P.threads()[A->Thread].Multiple))
          continue;
        if (!AnyLocked && (FromLibrary(A) || FromLibrary(B)))
          continue;
        if (program::commonLock(A->Held, B->Held) || ownSlots(P, A, B) ||
            differentlyLockedElements(A, B) ||
            !program::mayRunInParallel(P, *A, *B))
          continue;
        Partners[A].push_back(B);
        if (A != B)
          Partners[B].push_back(A);
      }
    if (Partners.empty())
      continue;
    const ConcreteAccess *Primary = nullptr;
    for (const auto &[A, Ps] : Partners)
      if (!Primary || primaryKey(A, Ps.size()) < primaryKey(Primary, Partners[Primary].size()))
        Primary = A;
    // A whole-object access (memset, a struct copy) is reported once, as the object,
    // not once per field it overlaps.
    std::string Name = objectName(*Primary, Primary->Whole ? Primary->Loc : Loc);
    if (!Reported.insert({Primary->Site, Name}).second)
      continue;

    // The conflicting accesses, one per site, most telling first.
    std::vector<const ConcreteAccess *> Conflicts = Partners[Primary];
    llvm::sort(Conflicts, [](const ConcreteAccess *A, const ConcreteAccess *B) {
      return tellingKey(A) < tellingKey(B);
    });
    std::set<std::pair<SourceLoc, bool>> SitesShown;
    llvm::erase_if(Conflicts, [&](const ConcreteAccess *A) {
      return !SitesShown.insert({A->Site, A->Write}).second;
    });
    // Other racy accesses of this location (racing, but not with the primary itself):
    // the same defect, shown as notes after the conflicts.
    std::map<SourceLoc, const ConcreteAccess *> Others;
    for (const auto &[A, Ps] : Partners)
      Others.try_emplace(A->Site, A);
    Others.erase(Primary->Site);
    for (const ConcreteAccess *C : Conflicts)
      Others.erase(C->Site);

    const ConcreteAccess *Best = Conflicts.front();
    bool Self = Best->Thread == Primary->Thread;
    bool Volatile = Primary->Volatile || Best->Volatile;
    Finding F;
    F.CheckId = id().str();
    F.Primary = Primary->Site;
    F.Message = llvm::formatv(
        "data race on `{0}`: {1} {2} conflicts with a {3} {4} in {5}{6}", Name,
        Primary->Write ? "write" : "read", heldText(Primary->Held),
        Best->Write ? "write" : "read", heldText(Best->Held),
        Self ? "another instance of the same thread" : "another thread",
        consistency(Group));
    F.Key = {Name, Primary->Write ? "write" : "read"}; // the message counts things
    size_t Hidden = Conflicts.size() > MaxNotes ? Conflicts.size() - MaxNotes : 0;
    Hidden += Others.size() > MaxNotes ? Others.size() - MaxNotes : 0;
    if (Hidden)
      F.Message += llvm::formatv("; {0} more racy access{1} not shown", Hidden,
                                 Hidden == 1 ? "" : "es");
    // `data[i]` against `data[j]`: the same element only if the indices meet.
    bool Elements = anyElement(Primary) || anyElement(Best);
    if (Elements)
      F.Message += "; the element indices are computed and may differ";
    if (llvm::StringRef(Loc).starts_with("T:") && Primary->ThroughPointer)
      F.Message += llvm::formatv("; `{0}` may be in any `{1}`: the pointer comes from a "
                                 "function the program does not define",
                                 Name, llvm::StringRef(Loc).drop_front(2).take_until(
                                           [](char C) { return C == '.'; }));
    if (Volatile)
      F.Message += llvm::formatv("; `{0}` is volatile, which orders nothing between "
                                 "threads (use an atomic)",
                                 Name);
    for (size_t I = 0; I < Conflicts.size() && I < MaxNotes; ++I) {
      const ConcreteAccess *B = Conflicts[I];
      std::string Held = B->Held.empty() ? "" : " " + heldText(B->Held);
      F.Related.push_back({B->Site, llvm::formatv("conflicting {0} of `{1}`{2} in {3}",
                                                  B->Write ? "write" : "read", Name, Held,
                                                  threadText(P, B->Thread))});
    }
    size_t Shown = 0;
    for (const auto &[Site, A] : Others) {
      if (Shown++ == MaxNotes)
        break;
      F.Related.push_back({Site, llvm::formatv("`{0}` is also {1} {2} here, in {3}", Name,
                                               A->Write ? "written" : "read",
                                               heldText(A->Held), threadText(P, A->Thread))});
    }
    // Confidence: locked elsewhere is evidence of intent (RacerD's criterion), and two
    // writers lose updates whatever the memory model; a volatile flag is a deliberate
    // (if unportable) idiom.
    bool BothWrite = Primary->Write && llvm::any_of(Conflicts, [](const ConcreteAccess *A) {
                       return A->Write;
                     });
    // Reached only through pointers held in locals or fields, an object may still be
    // owned by one thread at a time (a connection, a request), or be many objects with
    // a lock each, in ways points-to cannot see: that is the likelier reading unless the
    // locking is inconsistent.
    bool ThroughPointer = Primary->ThroughPointer || Best->ThroughPointer;
    // Sorted last, a callback an event loop was guessed to run is Best only when every
    // conflict is one.
    bool Weak = (ThroughPointer && !inconsistentlyLocked(*Primary, Conflicts, Group)) ||
                Primary->FromLoop || Best->FromLoop;
    F.Conf = Volatile || Weak                       ? Confidence::Low
             : (AnyLocked || BothWrite) && !Elements ? Confidence::High
                                                     : Confidence::Medium;
    Out.push_back(std::move(F));
  }
}

} // namespace interlock::checks
