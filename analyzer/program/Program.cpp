#include "program/Program.h"

namespace interlock::program {

void Program::add(summary::TUSummary TU) { Units.push_back(std::move(TU)); }

const summary::FunctionSummary *Program::function(llvm::StringRef Usr) const {
  auto It = ByUsr.find(Usr);
  return It == ByUsr.end() ? nullptr : It->second.front().second;
}

} // namespace interlock::program
