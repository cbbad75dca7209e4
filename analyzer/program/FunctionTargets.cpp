#include "program/FunctionTargets.h"

#include "llvm/ADT/STLExtras.h"

#include <deque>

namespace interlock::program {

unsigned FunctionTargets::node(llvm::StringRef Name) {
  auto [It, New] = Ids.try_emplace(Name, Nodes.size());
  if (New) {
    Nodes.emplace_back();
    if (Name.starts_with("fn:"))
      Nodes.back().Functions.push_back(Name.drop_front(3).str());
  }
  return It->second;
}

void FunctionTargets::addFlow(const summary::FunctionFlow &F) {
  unsigned Src = node(F.first), Dst = node(F.second);
  if (Src != Dst && !llvm::is_contained(Nodes[Src].Succs, Dst))
    Nodes[Src].Succs.push_back(Dst);
}

void FunctionTargets::solve() {
  std::deque<unsigned> Work;
  std::vector<bool> Queued(Nodes.size(), false);
  for (unsigned N = 0; N < Nodes.size(); ++N)
    if (!Nodes[N].Functions.empty()) {
      Work.push_back(N);
      Queued[N] = true;
    }
  while (!Work.empty()) {
    unsigned N = Work.front();
    Work.pop_front();
    Queued[N] = false;
    for (unsigned S : Nodes[N].Succs) {
      NodeInfo &To = Nodes[S];
      bool Changed = false;
      if (Nodes[N].Overflow && !To.Overflow) {
        To.Overflow = Changed = true;
      }
      for (const std::string &Fn : Nodes[N].Functions) {
        if (To.Overflow)
          break;
        auto It = std::lower_bound(To.Functions.begin(), To.Functions.end(), Fn);
        if (It != To.Functions.end() && *It == Fn)
          continue;
        To.Functions.insert(It, Fn);
        Changed = true;
        if (To.Functions.size() > MaxTargets)
          To.Overflow = true;
      }
      if (To.Overflow)
        To.Functions.clear();
      if (Changed && !Queued[S]) {
        Work.push_back(S);
        Queued[S] = true;
      }
    }
  }
}

const std::vector<std::string> &FunctionTargets::targets(llvm::StringRef Node) const {
  static const std::vector<std::string> None;
  auto It = Ids.find(Node);
  return It == Ids.end() ? None : Nodes[It->second].Functions;
}

bool FunctionTargets::gaveUp(llvm::StringRef Node) const {
  auto It = Ids.find(Node);
  return It != Ids.end() && Nodes[It->second].Overflow;
}

} // namespace interlock::program
