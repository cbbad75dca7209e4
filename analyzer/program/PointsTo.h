//===- PointsTo.h - Which objects a data pointer may point to -------------===//
//
// The link half of the points-to analysis (docs/check.md, "Points-to"): an
// inclusion-based (Andersen-style) propagation of objects over the flow graph of
// procedure/DataFlows.h, run once over all TUs. Context-insensitive, field-based for
// pointers stored in fields (one node per field, not per object) and field-sensitive
// for the objects themselves (`&c->lock` is object `H:conn_new@12:9.conn::lock`).
// Sets are bounded: a node that may hold more than MaxObjects objects is given up on,
// and the walk falls back to "any object of the pointee's type".
//
// Freshness: a local or a return value that only ever holds new allocations (made in
// the function, or returned by a function that only returns new allocations) points to
// an object its frame still owns; the walk keeps such objects private to the frame, as
// it did before points-to (filling in a new object is not a race).
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_PROGRAM_POINTSTO_H
#define INTERLOCK_PROGRAM_POINTSTO_H

#include "summary/Summary.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringMap.h"

#include <set>
#include <string>
#include <vector>

namespace interlock::program {

class PointsTo {
public:
  static constexpr size_t MaxObjects = 16;
  /// Objects longer than this many field components are not built (`&a->b.c.d.e`): a
  /// pointer to one is given up on.
  static constexpr size_t MaxComponents = 4;

  void addFlow(const summary::FunctionFlow &F);
  /// Propagates to the fixed point. `Defined` tells whether a function USR has a body
  /// in the program (a `|?USR` object applies only when it has not).
  void solve(llvm::function_ref<bool(llvm::StringRef)> Defined);

  /// The objects (paths, sorted) Node may point to; empty when unknown or given up.
  const std::vector<std::string> &objects(llvm::StringRef Node) const;
  bool gaveUp(llvm::StringRef Node) const;
  /// Whether Object may be of Class (or derive from it): false only when its class is
  /// known (a global, a `new T`, a `(T *)malloc(...)`) and is not Class.
  bool mayBe(llvm::StringRef Object, llvm::StringRef Class) const;
  /// Whether Node only ever holds objects new in its own function (see above).
  bool fresh(llvm::StringRef Node) const;
  size_t nodeCount() const { return Nodes.size(); }
  /// The name users know an object by: a heap object that one global pointer holds (no
  /// other global may, and it holds nothing else) is `G:<pointer>*` (`G:item_locks*`,
  /// not `H:memcached_thread_init@..`), the same name the code reaching it through that
  /// global already gets.
  std::string canonical(llvm::StringRef Object) const;

private:
  struct Edge {
    unsigned To;
    std::string Transform; // "", ".S::f" (append), "-.S::f" (back to the container)
  };
  struct NodeInfo {
    std::vector<std::string> Objects; // sorted
    std::vector<Edge> Succs;
    bool Overflow = false;
    bool Fresh = false;
  };
  unsigned node(llvm::StringRef Name);
  bool add(NodeInfo &To, const std::string &Object);
  bool giveUp(NodeInfo &To); // whether it changed To

  llvm::StringMap<unsigned> Ids;
  std::vector<NodeInfo> Nodes;
  /// Flows from objects that only hold when a function has no body: `|?USR`.
  std::vector<std::tuple<std::string, std::string, unsigned>> IfExternal;
  std::vector<std::pair<unsigned, unsigned>> Copies; // plain Src -> Dst, for freshness
  llvm::StringMap<std::string> Anchors;              // heap object -> `G:<pointer>*`
  llvm::StringMap<std::set<std::string>> Classes;    // object -> its class and bases
};

/// A concrete path of the walk with every pointer it goes through (`X*`) replaced by
/// the object X points to, where points-to knows it: `F3/L:it@12:9*.item::refcount`
/// becomes `H:do_item_alloc@88:10.item::refcount`. `FrameFunction` gives the USR of
/// the function of frame N (for `F<N>/L:` locals). Several objects are summarized as
/// any object of the type the next field names (`T:item`); AnyOfType is set then. A
/// fresh local is left to its frame, and a pointee as a whole (`F3/L:m*`, a lock a
/// pointer holds) keeps its name.
std::string throughPointers(const PointsTo &PT, llvm::StringRef Path,
                            llvm::function_ref<std::string(unsigned)> FrameFunction,
                            bool &AnyOfType);

/// Applies an edge transform to an object path; nullopt when it does not apply.
std::optional<std::string> transformObject(llvm::StringRef Object, llvm::StringRef Transform);

} // namespace interlock::program

#endif
