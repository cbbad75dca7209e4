#include "checks/CheckRegistry.h"

#include "checks/CvWaitWithoutPredicateCheck.h"
#include "checks/DoubleLockCheck.h"
#include "checks/LockLeakCheck.h"
#include "checks/LockOrderInversionCheck.h"
#include "checks/MissingJoinCheck.h"
#include "checks/UnprotectedSharedStateCheck.h"

#include "llvm/Support/GlobPattern.h"

#include <functional>

namespace interlock::checks {
namespace {

struct Registration {
  const char *Id;
  std::function<std::unique_ptr<Check>()> Create;
};

const std::vector<Registration> &registry() {
  static const std::vector<Registration> R = {
      {"interlock-unprotected-shared-state",
       [] { return std::make_unique<UnprotectedSharedStateCheck>(); }},
      {"interlock-missing-join", [] { return std::make_unique<MissingJoinCheck>(); }},
      {"interlock-lock-order-inversion",
       [] { return std::make_unique<LockOrderInversionCheck>(); }},
      {"interlock-double-lock", [] { return std::make_unique<DoubleLockCheck>(); }},
      {"interlock-lock-leak", [] { return std::make_unique<LockLeakCheck>(); }},
      {"interlock-cv-wait-without-predicate",
       [] { return std::make_unique<CvWaitWithoutPredicateCheck>(); }},
  };
  return R;
}

} // namespace

CheckFilter::CheckFilter(llvm::StringRef List) {
  llvm::SmallVector<llvm::StringRef, 8> Parts;
  List.split(Parts, ',', -1, false);
  for (llvm::StringRef P : Parts) {
    P = P.trim();
    bool Enable = !P.consume_front("-");
    if (!P.empty())
      Globs.push_back({P.str(), Enable});
  }
}

bool CheckFilter::enabled(llvm::StringRef Id) const {
  bool On = false;
  for (const auto &[Glob, Enable] : Globs) {
    llvm::Expected<llvm::GlobPattern> Pat = llvm::GlobPattern::create(Glob);
    if (!Pat) {
      llvm::consumeError(Pat.takeError());
      continue;
    }
    if (Pat->match(Id))
      On = Enable;
  }
  return On;
}

std::vector<std::string> staticCheckIds() {
  std::vector<std::string> Ids;
  for (const Registration &R : registry())
    Ids.push_back(R.Id);
  return Ids;
}

std::vector<std::unique_ptr<Check>> createChecks(const CheckFilter &Filter) {
  std::vector<std::unique_ptr<Check>> Out;
  for (const Registration &R : registry())
    if (Filter.enabled(R.Id))
      Out.push_back(R.Create());
  return Out;
}

} // namespace interlock::checks
