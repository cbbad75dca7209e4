//===- LockOrderGraph.h - Lock-order graph and Goodlock-style cycle search ===//
//
// Nodes are locks (program-level names); an edge A -> B says "B was acquired while A was
// held", tagged with the thread that did it and the other locks held at the time (its
// gates). A cycle is a potential deadlock only when its edges can run in different
// threads at once and no gate lock is common to two of its edges (Havelund's Goodlock,
// generalized by Bensalem and Havelund): a gate held around both orders serializes them.
//
// The graph knows nothing about Clang or summaries; program/ builds it from linked
// acquisitions and checks/LockOrderInversionCheck reads the cycles. Tests:
// tests/analyzer/program/LockOrderGraphTest.cpp.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_PROGRAM_LOCKORDERGRAPH_H
#define INTERLOCK_PROGRAM_LOCKORDERGRAPH_H

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace interlock::program {

class LockOrderGraph {
public:
  struct Edge {
    std::string From; // held
    std::string To;   // acquired while From was held
    /// The thread (root) that takes this order. Edges of one thread cannot deadlock each
    /// other unless the thread has several instances (Repeats): a thread started in a loop,
    /// twice, or a library entry point any caller thread may run.
    unsigned Thread = 0;
    bool Repeats = false;
    /// The other locks held exclusively at the acquisition (From excluded). A lock shared
    /// by the gates of two edges of a cycle orders them: no deadlock.
    std::vector<std::string> Gates;
    /// The caller's handle (e.g. an index into its own table of acquisition paths).
    unsigned Tag = 0;
  };

  /// One potential deadlock: edges E0..En-1 with Ei.To == E(i+1 mod n).From, as indices
  /// into edges(). Rotated so the edge whose From is the smallest lock comes first.
  struct Cycle {
    std::vector<unsigned> Edges;
  };

  /// Adds an edge; a self edge (From == To) is ignored (re-acquisition is double-lock's
  /// business). An edge equal to an earlier one in From, To, Thread, Repeats and Gates is
  /// dropped, so the first site of each order is the one reported. Returns whether added.
  bool addEdge(Edge E);

  const std::vector<Edge> &edges() const { return Edges; }

  /// An extra condition two edges of one cycle must meet (e.g. may-happen-in-parallel
  /// of the two acquisitions), on top of the thread and gate conditions.
  void setCompatible(std::function<bool(const Edge &, const Edge &)> F) {
    Extra = std::move(F);
  }

  /// Every elementary cycle of at most MaxLength locks that has an edge choice satisfying
  /// the thread and gate conditions; one choice (the first found) per cycle of locks.
  /// Stops after MaxCycles cycles.
  std::vector<Cycle> findCycles(unsigned MaxLength = 4, unsigned MaxCycles = 1000) const;

private:
  unsigned node(const std::string &Name);
  bool compatible(const Edge &A, const Edge &B) const;
  bool chooseEdges(const std::vector<unsigned> &Nodes, unsigned Pos,
                   std::vector<unsigned> &Chosen) const;

  std::vector<Edge> Edges;
  std::function<bool(const Edge &, const Edge &)> Extra;
  std::vector<std::string> Names;
  std::map<std::string, unsigned> Ids;
  /// Edge indices by (from node, to node).
  std::map<std::pair<unsigned, unsigned>, std::vector<unsigned>> ByPair;
  /// Successor nodes of each node, sorted and unique.
  std::vector<std::vector<unsigned>> Succ;
};

} // namespace interlock::program

#endif
