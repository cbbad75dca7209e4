// Reporting policy for locks left held: the procedure analysis (procedure/ExitLocks.h)
// found the ways out; this reports each leaking acquisition once, with every exit that
// leaves it held as a note.
#include "checks/LockLeakCheck.h"

#include "checks/LockPaths.h"

namespace interlock::checks {

void LockLeakCheck::run(const program::Program &P, std::vector<Finding> &Out) {
  for (const summary::TUSummary &TU : P.units())
    for (const summary::FunctionSummary &Fn : TU.Functions)
      for (const summary::LockLeak &L : Fn.LockLeaks) {
        std::string Name = shortName(Fn.Name);
        Finding F;
        F.CheckId = std::string(id());
        F.Message = "`" + L.Name + "` locked here may still be held when `" + Name +
                    "` returns";
        F.Primary = L.Acquired;
        // `locks[i]` locked and `locks[i]` unlocked may be different elements (the
        // index changed), or unlocked under a condition correlated with the locking.
        if (llvm::StringRef(L.Lock).contains("[*]"))
          F.Conf = Confidence::Low;
        for (const auto &[Site, IsReturn] : L.Exits)
          F.Related.push_back({Site, IsReturn ? "returning here with `" + L.Name + "` held"
                                              : "reaching the end of `" + Name + "` with `" +
                                                    L.Name + "` held"});
        Out.push_back(std::move(F));
      }
}

} // namespace interlock::checks
