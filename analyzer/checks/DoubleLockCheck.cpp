// Reporting policy for self-deadlocks: an acquisition whose concrete lock the thread
// already holds (the walk adds the callers' locks), unless the mutex is recursive or the
// acquisition is a try-lock. One finding per acquisition site.
#include "checks/DoubleLockCheck.h"

#include "checks/LockPaths.h"

#include "llvm/ADT/STLExtras.h"

#include <set>

namespace interlock::checks {

void DoubleLockCheck::run(const program::Program &P, std::vector<Finding> &Out) {
  std::set<SourceLoc> Reported;
  const auto &Acqs = P.acquisitions();
  // Contexts with concrete objects (walked from main) explain better than a library
  // entry point's abstract `this` (`T:Class`): try them first.
  std::vector<unsigned> Order;
  for (unsigned I = 0; I < Acqs.size(); ++I)
    Order.push_back(I);
  llvm::stable_sort(Order, [&](unsigned X, unsigned Y) {
    return !llvm::StringRef(Acqs[X].Lock).starts_with("T:") &&
           llvm::StringRef(Acqs[Y].Lock).starts_with("T:");
  });
  for (unsigned I : Order) {
    const program::ConcreteAcquisition &A = Acqs[I];
    if (A.Try || A.Recursive || !A.Site.valid() || Reported.count(A.Site))
      continue;
    // An element of a lock array with a computed index (`item_locks[hv]`): two
    // acquisitions may take different elements.
    if (llvm::StringRef(A.Lock).contains("[*]"))
      continue;
    bool Held = llvm::any_of(A.HeldBefore, [&](const summary::HeldLock &H) {
      return H.Lock == A.Lock;
    });
    if (!Held)
      continue;
    Reported.insert(A.Site);
    std::string Name = lockName(A.Lock);
    Finding F;
    F.CheckId = std::string(id());
    F.Message = "`" + Name + "` is locked again by the thread that already holds it "
                "(self-deadlock)";
    F.Primary = A.Site;
    if (std::optional<unsigned> First = outerAcquisition(P, I, A.Lock)) {
      F.Related.push_back({Acqs[*First].Site, "`" + Name + "` first acquired here"});
      addCallNotes(P, Acqs[*First].Frame, A.Frame, Name, F.Related);
    }
    Out.push_back(std::move(F));
  }
}

} // namespace interlock::checks
