#include "program/FunctionTargets.h"

#include <gtest/gtest.h>

using namespace interlock::program;

namespace {

using Fns = std::vector<std::string>;

TEST(FunctionTargetsTest, FollowsParametersFieldsAndReturns) {
  FunctionTargets T;
  T.addFlow({"fn:worker", "p:create_worker#0"});
  T.addFlow({"p:create_worker#0", "p:pthread_create#2"});
  T.addFlow({"fn:job", "p:submit#0"});
  T.addFlow({"p:submit#0", "f:job.work"});
  T.addFlow({"f:job.work", "v:local"});
  T.addFlow({"fn:pick", "r:choose"});
  T.solve();
  EXPECT_EQ(T.targets("p:pthread_create#2"), Fns{"worker"});
  EXPECT_EQ(T.targets("v:local"), Fns{"job"});
  EXPECT_EQ(T.targets("r:choose"), Fns{"pick"});
  EXPECT_TRUE(T.targets("f:unknown").empty());
}

TEST(FunctionTargetsTest, CyclesAndRecursionTerminate) {
  FunctionTargets T;
  // a = b; b = a; plus a recursive wrapper passing its parameter to itself.
  T.addFlow({"v:a", "v:b"});
  T.addFlow({"v:b", "v:a"});
  T.addFlow({"fn:f", "v:a"});
  T.addFlow({"fn:g", "v:b"});
  T.addFlow({"p:rec#0", "p:rec#0"});
  T.addFlow({"v:b", "p:rec#0"});
  T.solve();
  EXPECT_EQ(T.targets("v:a"), (Fns{"f", "g"}));
  EXPECT_EQ(T.targets("v:b"), (Fns{"f", "g"}));
  EXPECT_EQ(T.targets("p:rec#0"), (Fns{"f", "g"}));
}

TEST(FunctionTargetsTest, GivesUpOnNodesHoldingTooManyFunctions) {
  FunctionTargets T;
  for (size_t I = 0; I <= FunctionTargets::MaxTargets; ++I)
    T.addFlow({"fn:h" + std::to_string(I), "f:callback"});
  T.addFlow({"f:callback", "v:copy"});
  T.addFlow({"fn:only", "v:other"});
  T.solve();
  EXPECT_TRUE(T.targets("f:callback").empty());
  EXPECT_TRUE(T.gaveUp("f:callback"));
  EXPECT_TRUE(T.gaveUp("v:copy")); // what it flows into is unknown too
  EXPECT_EQ(T.targets("v:other"), Fns{"only"});
  EXPECT_FALSE(T.gaveUp("v:other"));
}

} // namespace
