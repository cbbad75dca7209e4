#include "summary/Summary.h"

#include "llvm/Support/FormatVariadic.h"

#include <gtest/gtest.h>

using namespace interlock;
using namespace interlock::summary;

namespace {

TUSummary sample() {
  TUSummary TU;
  TU.MainFile = "/src/a.cpp";
  FunctionSummary F;
  F.Usr = "c:@F@worker#";
  F.Name = "worker";
  F.Loc = {"/src/a.cpp", 3, 6};
  F.Class = "Account";
  F.IsPublicMethod = true;
  F.NumParams = 1;
  F.ParamKeys = {"n@3:17"};
  F.Accesses.push_back({"this.Account::balance_", "balance_", true, false,
                        {{"this.Account::mu_", false}}, {"/src/a.cpp", 5, 3}, {42, {1}}});
  F.Acquisitions.push_back({"G:mu", "mu", true, true, false, {{"G:other", false}},
                            {"/src/a.cpp", 4, 3}, {30, {}}});
  F.Calls.push_back({"c:@F@helper#", "helper", {Binding::Lvalue, "this"},
                     {{Binding::Pointee, "G:x"}, {}}, {{"G:mu", true}},
                     {"/src/a.cpp", 6, 3}, {50, {1, 2}}});
  Spawn S;
  S.Entry = "c:@F@run#";
  S.EntryName = "run";
  S.Api = "std::thread";
  S.Args = {{Binding::Lvalue, "L:total@2:8"}};
  S.CopiedCaptures = {{"p@1:1", {Binding::Pointee, "G:y"}}};
  S.Handle = "L:t@7:15";
  S.Site = {"/src/a.cpp", 7, 15};
  F.Spawns.push_back(S);
  F.Joins.push_back({"L:t@7:15", false, true, {"/src/a.cpp", 9, 1}, {90, {}}});
  CvWait W;
  W.Cv = "this.Account::cv_";
  W.HasPredicate = true;
  W.Held = {{"this.Account::mu_", false}};
  W.Site = {"/src/a.cpp", 8, 5};
  W.At = {80, {}};
  F.Waits.push_back(W);
  F.HeldAtExit = {{"G:leaked", false}};
  TU.Functions.push_back(F);
  return TU;
}

TEST(SummaryTest, JsonRoundTrip) {
  TUSummary TU = sample();
  std::string Text = llvm::formatv("{0}", toJSON(TU)).str();
  llvm::Expected<TUSummary> Back = parseTUSummary(Text);
  ASSERT_TRUE(static_cast<bool>(Back)) << llvm::toString(Back.takeError());
  EXPECT_EQ(llvm::formatv("{0}", toJSON(*Back)).str(), Text);
  const FunctionSummary &F = Back->Functions.at(0);
  EXPECT_EQ(F.Accesses.at(0).Loc, "this.Account::balance_");
  EXPECT_TRUE(F.Accesses.at(0).Write);
  EXPECT_EQ(F.Accesses.at(0).At.Loops, std::vector<unsigned>{1});
  EXPECT_TRUE(F.Acquisitions.at(0).Try);
  EXPECT_EQ(F.Calls.at(0).Args.at(0).K, Binding::Pointee);
  EXPECT_EQ(F.Spawns.at(0).CopiedCaptures.at(0).second.Target, "G:y");
  EXPECT_TRUE(F.Joins.at(0).Implicit);
  EXPECT_TRUE(F.Waits.at(0).HasPredicate);
  EXPECT_EQ(F.ParamKeys, std::vector<std::string>{"n@3:17"});
}

TEST(SummaryTest, MalformedJsonIsAnError) {
  EXPECT_FALSE(static_cast<bool>(parseTUSummary("{")));
  llvm::Expected<TUSummary> Bad = parseTUSummary(R"({"mainFile": 3, "functions": []})");
  EXPECT_FALSE(static_cast<bool>(Bad));
  llvm::consumeError(Bad.takeError());
}

TEST(SummaryTest, LockSetOperations) {
  LockSet S;
  addLock(S, {"b", true});
  addLock(S, {"a", false});
  addLock(S, {"b", false}); // exclusive wins
  ASSERT_EQ(S.size(), 2u);
  EXPECT_EQ(S[0].Lock, "a");
  EXPECT_FALSE(S[1].Shared);
  LockSet T{{"b", true}, {"c", false}};
  LockSet I = intersect(S, T);
  ASSERT_EQ(I.size(), 1u);
  EXPECT_EQ(I[0].Lock, "b");
  EXPECT_TRUE(I[0].Shared); // shared on one path: only shared after the merge
  removeLock(S, "a");
  EXPECT_EQ(S.size(), 1u);
}

} // namespace
