#include "program/LockOrderGraph.h"

#include <gtest/gtest.h>

using interlock::program::LockOrderGraph;

namespace {

LockOrderGraph::Edge edge(const char *From, const char *To, unsigned Thread,
                          std::vector<std::string> Gates = {}, bool Repeats = false,
                          unsigned Tag = 0) {
  LockOrderGraph::Edge E;
  E.From = From;
  E.To = To;
  E.Thread = Thread;
  E.Gates = std::move(Gates);
  E.Repeats = Repeats;
  E.Tag = Tag;
  return E;
}

std::vector<std::string> locksOf(const LockOrderGraph &G, const LockOrderGraph::Cycle &C) {
  std::vector<std::string> Out;
  for (unsigned E : C.Edges)
    Out.push_back(G.edges()[E].From);
  return Out;
}

TEST(LockOrderGraphTest, EmptyGraphHasNoCycle) {
  LockOrderGraph G;
  EXPECT_TRUE(G.findCycles().empty());
}

TEST(LockOrderGraphTest, OneOrderIsNoCycle) {
  LockOrderGraph G;
  G.addEdge(edge("a", "b", 1));
  G.addEdge(edge("a", "b", 2));
  G.addEdge(edge("b", "c", 2));
  EXPECT_TRUE(G.findCycles().empty());
}

TEST(LockOrderGraphTest, TwoThreadsOppositeOrders) {
  LockOrderGraph G;
  G.addEdge(edge("b", "a", 2, {}, false, 20));
  G.addEdge(edge("a", "b", 1, {}, false, 10));
  auto Cycles = G.findCycles();
  ASSERT_EQ(Cycles.size(), 1u);
  EXPECT_EQ(locksOf(G, Cycles[0]), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(G.edges()[Cycles[0].Edges[0]].Tag, 10u);
  EXPECT_EQ(G.edges()[Cycles[0].Edges[1]].Tag, 20u);
}

TEST(LockOrderGraphTest, SameThreadBothOrdersIsNoDeadlock) {
  LockOrderGraph G;
  G.addEdge(edge("a", "b", 1));
  G.addEdge(edge("b", "a", 1));
  EXPECT_TRUE(G.findCycles().empty());
}

TEST(LockOrderGraphTest, RepeatedThreadBothOrdersIsADeadlock) {
  LockOrderGraph G;
  G.addEdge(edge("a", "b", 1, {}, true));
  G.addEdge(edge("b", "a", 1, {}, true));
  EXPECT_EQ(G.findCycles().size(), 1u);
}

TEST(LockOrderGraphTest, OneRepeatingEdgeIsNotEnoughForOneThread) {
  LockOrderGraph G;
  G.addEdge(edge("a", "b", 1, {}, true));
  G.addEdge(edge("b", "a", 1, {}, false));
  EXPECT_TRUE(G.findCycles().empty());
}

TEST(LockOrderGraphTest, CommonGateLockPreventsDeadlock) {
  LockOrderGraph G;
  G.addEdge(edge("a", "b", 1, {"gate"}));
  G.addEdge(edge("b", "a", 2, {"gate"}));
  EXPECT_TRUE(G.findCycles().empty());
}

TEST(LockOrderGraphTest, DifferentGatesDoNotProtect) {
  LockOrderGraph G;
  G.addEdge(edge("a", "b", 1, {"g1"}));
  G.addEdge(edge("b", "a", 2, {"g2"}));
  EXPECT_EQ(G.findCycles().size(), 1u);
}

TEST(LockOrderGraphTest, GateOnOneSideOnlyDoesNotProtect) {
  LockOrderGraph G;
  G.addEdge(edge("a", "b", 1, {"gate"}));
  G.addEdge(edge("b", "a", 2));
  EXPECT_EQ(G.findCycles().size(), 1u);
}

TEST(LockOrderGraphTest, GatedEdgeSkippedWhenAnUngatedAlternativeExists) {
  LockOrderGraph G;
  G.addEdge(edge("a", "b", 1, {"gate"}, false, 1));
  G.addEdge(edge("b", "a", 2, {"gate"}, false, 2));
  G.addEdge(edge("b", "a", 3, {}, false, 3));
  auto Cycles = G.findCycles();
  ASSERT_EQ(Cycles.size(), 1u);
  EXPECT_EQ(G.edges()[Cycles[0].Edges[1]].Tag, 3u);
}

TEST(LockOrderGraphTest, ThreeLockCycle) {
  LockOrderGraph G;
  G.addEdge(edge("a", "b", 1));
  G.addEdge(edge("b", "c", 2));
  G.addEdge(edge("c", "a", 3));
  auto Cycles = G.findCycles();
  ASSERT_EQ(Cycles.size(), 1u);
  EXPECT_EQ(locksOf(G, Cycles[0]), (std::vector<std::string>{"a", "b", "c"}));
}

TEST(LockOrderGraphTest, ThreeLockCycleInTwoThreadsIsNoDeadlock) {
  // Thread 1 takes a->b and b->c; thread 2 takes c->a: two edges of one thread.
  LockOrderGraph G;
  G.addEdge(edge("a", "b", 1));
  G.addEdge(edge("b", "c", 1));
  G.addEdge(edge("c", "a", 2));
  EXPECT_TRUE(G.findCycles().empty());
}

TEST(LockOrderGraphTest, MaxLengthBoundsTheSearch) {
  LockOrderGraph G;
  G.addEdge(edge("a", "b", 1));
  G.addEdge(edge("b", "c", 2));
  G.addEdge(edge("c", "d", 3));
  G.addEdge(edge("d", "a", 4));
  EXPECT_TRUE(G.findCycles(3).empty());
  EXPECT_EQ(G.findCycles(4).size(), 1u);
}

TEST(LockOrderGraphTest, SelfEdgesAreIgnored) {
  LockOrderGraph G;
  EXPECT_FALSE(G.addEdge(edge("a", "a", 1)));
  EXPECT_TRUE(G.edges().empty());
}

TEST(LockOrderGraphTest, DuplicateEdgesAreDroppedFirstKept) {
  LockOrderGraph G;
  EXPECT_TRUE(G.addEdge(edge("a", "b", 1, {"g", "g"}, false, 1)));
  EXPECT_FALSE(G.addEdge(edge("a", "b", 1, {"g"}, false, 2)));
  EXPECT_TRUE(G.addEdge(edge("a", "b", 2, {"g"}, false, 3)));
  ASSERT_EQ(G.edges().size(), 2u);
  EXPECT_EQ(G.edges()[0].Tag, 1u);
  EXPECT_EQ(G.edges()[0].Gates, std::vector<std::string>{"g"});
}

TEST(LockOrderGraphTest, FromLockIsNotItsOwnGate) {
  LockOrderGraph G;
  G.addEdge(edge("a", "b", 1, {"a"}));
  G.addEdge(edge("b", "a", 2, {"b"}));
  EXPECT_EQ(G.findCycles().size(), 1u);
}

TEST(LockOrderGraphTest, TwoIndependentCyclesAreBothFound) {
  LockOrderGraph G;
  G.addEdge(edge("a", "b", 1));
  G.addEdge(edge("b", "a", 2));
  G.addEdge(edge("x", "y", 1));
  G.addEdge(edge("y", "x", 2));
  auto Cycles = G.findCycles();
  ASSERT_EQ(Cycles.size(), 2u);
  EXPECT_EQ(locksOf(G, Cycles[0])[0], "a");
  EXPECT_EQ(locksOf(G, Cycles[1])[0], "x");
}

TEST(LockOrderGraphTest, ResultIndependentOfInsertionOrder) {
  LockOrderGraph G1, G2;
  G1.addEdge(edge("m", "n", 1));
  G1.addEdge(edge("n", "m", 2));
  G2.addEdge(edge("n", "m", 2));
  G2.addEdge(edge("m", "n", 1));
  auto C1 = G1.findCycles(), C2 = G2.findCycles();
  ASSERT_EQ(C1.size(), 1u);
  ASSERT_EQ(C2.size(), 1u);
  EXPECT_EQ(locksOf(G1, C1[0]), locksOf(G2, C2[0]));
}

TEST(LockOrderGraphTest, MaxCyclesCapsTheOutput) {
  LockOrderGraph G;
  for (char C = 'b'; C <= 'f'; ++C) {
    G.addEdge(edge("a", std::string(1, C).c_str(), 1));
    G.addEdge(edge(std::string(1, C).c_str(), "a", 2));
  }
  EXPECT_EQ(G.findCycles(4, 1000).size(), 5u);
  EXPECT_EQ(G.findCycles(4, 2).size(), 2u);
}

TEST(LockOrderGraphTest, DenseGraphTerminatesQuickly) {
  LockOrderGraph G;
  for (int I = 0; I < 30; ++I)
    for (int J = 0; J < 30; ++J)
      if (I != J)
        G.addEdge(edge(("l" + std::to_string(I)).c_str(), ("l" + std::to_string(J)).c_str(),
                       static_cast<unsigned>(I)));
  EXPECT_EQ(G.findCycles(4, 50).size(), 50u);
}

} // namespace
