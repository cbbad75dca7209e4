//===- FunctionTargets.h - Which functions a function pointer may call ----===//
//
// The link half of the function-pointer analysis: an inclusion-based (Andersen-style)
// propagation of function addresses over the flow graph of summary::FunctionFlow, run
// once over all TUs. Context-insensitive and field-based (one node per struct field, not
// per object), so `w->work` is every function ever stored into any `work` field; sets
// are bounded so that a callback table read everywhere cannot blow up the walk. See
// docs/check.md, "Function pointers", for why this design and what it misses.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_PROGRAM_FUNCTIONTARGETS_H
#define INTERLOCK_PROGRAM_FUNCTIONTARGETS_H

#include "summary/Summary.h"

#include "llvm/ADT/StringMap.h"

#include <string>
#include <vector>

namespace interlock::program {

class FunctionTargets {
public:
  /// A node holding more functions than this is given up on (its targets are unknown).
  static constexpr size_t MaxTargets = 16;

  void addFlow(const summary::FunctionFlow &F);
  /// Propagates to the fixed point; cycles (`a = b; b = a;`) terminate since sets
  /// only grow and are bounded.
  void solve();
  /// The functions (USRs, sorted) that Node may hold; empty when unknown or given up.
  const std::vector<std::string> &targets(llvm::StringRef Node) const;
  /// Whether Node was given up on for holding too many functions.
  bool gaveUp(llvm::StringRef Node) const;

private:
  struct NodeInfo {
    std::vector<std::string> Functions; // sorted
    std::vector<unsigned> Succs;
    bool Overflow = false;
  };
  unsigned node(llvm::StringRef Name);

  llvm::StringMap<unsigned> Ids;
  std::vector<NodeInfo> Nodes;
};

} // namespace interlock::program

#endif
