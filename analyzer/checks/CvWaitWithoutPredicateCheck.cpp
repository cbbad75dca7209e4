// Reporting policy for unchecked waits: the procedure analysis recorded whether each wait
// has a predicate and whether a loop re-checks shared state around it
// (procedure/WaitLoops.h); a wait with neither is reported where it is called.
#include "checks/CvWaitWithoutPredicateCheck.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringRef.h"

#include <map>

namespace interlock::checks {

void CvWaitWithoutPredicateCheck::run(const program::Program &P, std::vector<Finding> &Out) {
  // A wait wrapper (a function that does nothing but wait, like LevelDB's
  // port::CondVar::Wait) is fine when every call of it sits in a re-checking loop.
  std::map<std::string, std::pair<unsigned, unsigned>> Callers; // usr -> (calls, rechecked)
  for (const summary::TUSummary &TU : P.units())
    for (const summary::FunctionSummary &Fn : TU.Functions)
      for (const summary::Call &C : Fn.Calls) {
        auto &[Calls, Rechecked] = Callers[C.Callee];
        ++Calls;
        Rechecked += C.Rechecked;
      }
  for (const summary::TUSummary &TU : P.units())
    for (const summary::FunctionSummary &Fn : TU.Functions)
      for (const summary::CvWait &W : Fn.Waits) {
        if (W.HasPredicate || W.Rechecked || !W.Site.valid())
          continue;
        auto It = Callers.find(Fn.Usr);
        // A wrapper waits outside any loop of its own: once, or in a function named like
        // a wait (`cond_wait_ms` waiting untimed or timed); its callers loop.
        llvm::StringRef Short(Fn.Name);
        if (size_t Colons = Short.rfind("::"); Colons != llvm::StringRef::npos)
          Short = Short.drop_front(Colons + 2);
        bool Wrapper = llvm::none_of(Fn.Waits, [](const auto &X) { return X.InLoop; }) &&
                       (Fn.Waits.size() == 1 || Short.contains_insensitive("wait"));
        // A wrapper of the primitive (waiting on a condition variable it is given) that
        // nothing here calls, like a library's `uv_cond_timedwait`, is judged at its
        // callers, which are not in this program.
        bool OnParameter = llvm::StringRef(W.Cv).starts_with("P");
        if (Wrapper && ((It == Callers.end() && OnParameter) ||
                        (It != Callers.end() && It->second.first == It->second.second)))
          continue;
        Finding F;
        F.CheckId = std::string(id());
        std::string Api = W.Api.empty() ? "wait" : W.Api;
        F.Message = "`" + Api + "` " +
                    (llvm::StringRef(Api).starts_with("pthread_") ? "" : "has no predicate and ") +
                    "is not in a loop that re-checks the condition: spurious wake-ups and "
                    "notifications sent before the wait are missed";
        F.Primary = W.Site;
        Out.push_back(std::move(F));
      }
}

} // namespace interlock::checks
