//===- ForwardDataflow.h - A forward dataflow fixpoint over a Clang CFG ---===//
//
// The lockset, exit-lock and joinable-thread analyses share one shape: a state at the
// entry, a transfer per block that may give each successor its own state (the two arms
// of a try-lock), and a join where paths meet. This runs that shape to a fixed point.
// Blocks that never continue (models/NoReturn.h) pass nothing on.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_ANALYZER_PROCEDURE_FORWARDDATAFLOW_H
#define INTERLOCK_ANALYZER_PROCEDURE_FORWARDDATAFLOW_H

#include "models/NoReturn.h"

#include "clang/Analysis/CFG.h"
#include "llvm/ADT/STLExtras.h"

#include <optional>
#include <vector>

namespace interlock::procedure {

/// A bound on the rounds, so a join that fails to converge cannot hang the analysis.
inline constexpr unsigned MaxDataflowRounds = 64;

/// Every edge of the CFG may be taken.
struct AllEdges {
  bool operator()(const clang::CFGBlock &, unsigned) const { return true; }
};

/// The state at each block's entry (indexed by block id; nullopt: not reached).
/// Flow(Block, In) returns a callable giving the state on the edge to the successor
/// with the given index; Join(Dst, Edge) merges Edge into Dst and says whether Dst
/// changed. Feasible(Block, SuccIndex) prunes edges known not to be taken.
template <typename State, typename FlowFn, typename JoinFn, typename FeasibleFn = AllEdges>
std::vector<std::optional<State>> solveForward(const clang::CFG &G, State Entry,
                                               FlowFn Flow, JoinFn Join,
                                               FeasibleFn Feasible = {}) {
  std::vector<std::optional<State>> In(G.getNumBlockIDs());
  In[G.getEntry().getBlockID()] = std::move(Entry);
  bool Changed = true;
  for (unsigned Round = 0; Changed && Round < MaxDataflowRounds; ++Round) {
    Changed = false;
    for (const clang::CFGBlock *B : llvm::reverse(G)) {
      if (!B || !In[B->getBlockID()])
        continue;
      // A path that calls abort(), a [[noreturn]] function or one that ends in such a
      // call goes nowhere: its state must not reach the exit (held-at-exit, leaks).
      if (models::blockNeverContinues(*B))
        continue;
      auto EdgeState = Flow(*B, *In[B->getBlockID()]);
      unsigned Index = 0;
      for (const clang::CFGBlock::AdjacentBlock &Succ : B->succs()) {
        unsigned I = Index++;
        if (!Succ.getReachableBlock() || !Feasible(*B, I))
          continue;
        std::optional<State> &Dst = In[Succ->getBlockID()];
        if (!Dst) {
          Dst = EdgeState(I);
          Changed = true;
        } else if (Join(*Dst, EdgeState(I))) {
          Changed = true;
        }
      }
    }
  }
  return In;
}

/// The edge states of a block that ends in a branch on a condition: True to the first
/// successor, False to the second; every successor of any other block gets True.
template <typename State>
auto branchEdges(const clang::CFGBlock &B, State True, State False) {
  return [True = std::move(True), False = std::move(False),
          TwoWay = B.succ_size() == 2](unsigned SuccIndex) {
    return TwoWay && SuccIndex == 1 ? False : True;
  };
}

/// A Join for solveForward from a merge of two states and equality.
template <typename MergeFn> auto joinByMerge(MergeFn Merge) {
  return [Merge](auto &Dst, const auto &Edge) {
    auto M = Merge(Dst, Edge);
    if (M == Dst)
      return false;
    Dst = std::move(M);
    return true;
  };
}

} // namespace interlock::procedure

#endif
