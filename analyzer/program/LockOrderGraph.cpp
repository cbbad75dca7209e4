#include "program/LockOrderGraph.h"

#include <algorithm>
#include <functional>

namespace interlock::program {

unsigned LockOrderGraph::node(const std::string &Name) {
  auto [It, New] = Ids.try_emplace(Name, Names.size());
  if (New) {
    Names.push_back(Name);
    Succ.emplace_back();
  }
  return It->second;
}

bool LockOrderGraph::addEdge(Edge E) {
  if (E.From == E.To)
    return false;
  std::sort(E.Gates.begin(), E.Gates.end());
  E.Gates.erase(std::unique(E.Gates.begin(), E.Gates.end()), E.Gates.end());
  E.Gates.erase(std::remove(E.Gates.begin(), E.Gates.end(), E.From), E.Gates.end());
  unsigned F = node(E.From), T = node(E.To);
  std::vector<unsigned> &Same = ByPair[{F, T}];
  for (unsigned I : Same) {
    const Edge &O = Edges[I];
    if (O.Thread == E.Thread && O.Repeats == E.Repeats && O.Gates == E.Gates)
      return false;
  }
  Same.push_back(Edges.size());
  Edges.push_back(std::move(E));
  auto &S = Succ[F];
  if (std::find(S.begin(), S.end(), T) == S.end()) {
    S.push_back(T);
    std::sort(S.begin(), S.end());
  }
  return true;
}

// Two edges of one cycle can be in flight at the same time: different threads (or one
// thread with several instances), and no common gate lock.
bool LockOrderGraph::compatible(const Edge &A, const Edge &B) const {
  if (A.Thread == B.Thread && !(A.Repeats && B.Repeats))
    return false;
  auto GA = A.Gates.begin(), GB = B.Gates.begin();
  while (GA != A.Gates.end() && GB != B.Gates.end()) {
    if (*GA == *GB)
      return false;
    if (*GA < *GB)
      ++GA;
    else
      ++GB;
  }
  return !Extra || Extra(A, B);
}

// Picks, for each consecutive pair of Nodes (cyclically), one edge compatible with all
// edges chosen before it. Backtracks; cycles are short, so this is cheap.
bool LockOrderGraph::chooseEdges(const std::vector<unsigned> &Nodes, unsigned Pos,
                                 std::vector<unsigned> &Chosen) const {
  if (Pos == Nodes.size())
    return true;
  unsigned F = Nodes[Pos], T = Nodes[(Pos + 1) % Nodes.size()];
  auto It = ByPair.find({F, T});
  if (It == ByPair.end())
    return false;
  for (unsigned Candidate : It->second) {
    bool Ok = true;
    for (unsigned C : Chosen)
      if (!compatible(Edges[C], Edges[Candidate])) {
        Ok = false;
        break;
      }
    if (!Ok)
      continue;
    Chosen.push_back(Candidate);
    if (chooseEdges(Nodes, Pos + 1, Chosen))
      return true;
    Chosen.pop_back();
  }
  return false;
}

std::vector<LockOrderGraph::Cycle> LockOrderGraph::findCycles(unsigned MaxLength,
                                                              unsigned MaxCycles) const {
  std::vector<Cycle> Out;
  // Nodes are visited in name order so results do not depend on insertion order; each
  // elementary cycle is found once, from its smallest node by name.
  std::vector<unsigned> Order(Names.size());
  for (unsigned I = 0; I < Order.size(); ++I)
    Order[I] = I;
  std::sort(Order.begin(), Order.end(),
            [&](unsigned A, unsigned B) { return Names[A] < Names[B]; });
  std::vector<unsigned> Rank(Names.size());
  for (unsigned I = 0; I < Order.size(); ++I)
    Rank[Order[I]] = I;

  std::vector<unsigned> Stack;
  std::vector<bool> OnStack(Names.size(), false);
  std::function<void(unsigned, unsigned)> Dfs = [&](unsigned Start, unsigned N) {
    if (Out.size() >= MaxCycles)
      return;
    std::vector<unsigned> Next = Succ[N];
    std::sort(Next.begin(), Next.end(),
              [&](unsigned A, unsigned B) { return Rank[A] < Rank[B]; });
    for (unsigned M : Next) {
      if (Rank[M] < Rank[Start])
        continue;
      if (M == Start) {
        std::vector<unsigned> Chosen;
        if (Stack.size() >= 2 && chooseEdges(Stack, 0, Chosen))
          Out.push_back({Chosen});
        if (Out.size() >= MaxCycles)
          return;
        continue;
      }
      if (OnStack[M] || Stack.size() >= MaxLength)
        continue;
      Stack.push_back(M);
      OnStack[M] = true;
      Dfs(Start, M);
      OnStack[M] = false;
      Stack.pop_back();
    }
  };
  for (unsigned S : Order) {
    Stack = {S};
    OnStack[S] = true;
    Dfs(S, S);
    OnStack[S] = false;
    if (Out.size() >= MaxCycles)
      break;
  }
  return Out;
}

} // namespace interlock::program
