#include "summary/Summary.h"

#include "llvm/Support/FormatVariadic.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <random>

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
  F.Calls.back().ConstArgs = {{1, -3}};
  F.ByArgument.push_back({0, 2, {{"G:paused", false}}, {{100, 140}}});
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
  EXPECT_EQ(F.Calls.at(0).ConstArgs.at(0).second, -3);
  ASSERT_EQ(F.ByArgument.size(), 1u);
  EXPECT_EQ(F.ByArgument[0].HeldAtExit.at(0).Lock, "G:paused");
  EXPECT_FALSE(F.ByArgument[0].reaches(120));
  EXPECT_TRUE(F.ByArgument[0].reaches(141));
  Call WithArg;
  WithArg.ConstArgs = {{0, 2}};
  EXPECT_EQ(argumentEffect(F, WithArg), &F.ByArgument[0]);
  WithArg.ConstArgs = {{0, 1}};
  EXPECT_EQ(argumentEffect(F, WithArg), nullptr);
}

TEST(SummaryTest, MalformedJsonIsAnError) {
  EXPECT_FALSE(static_cast<bool>(parseTUSummary("{")));
  llvm::Expected<TUSummary> Bad = parseTUSummary(R"({"mainFile": 3, "functions": []})");
  EXPECT_FALSE(static_cast<bool>(Bad));
  llvm::consumeError(Bad.takeError());
}

// Found by SummaryFuzz under UBSan: an enumerator out of range was cast to the enum
// (undefined behaviour), and a negative number read as a huge unsigned one.
TEST(SummaryTest, OutOfRangeNumbersAreErrors) {
  TUSummary TU = sample();
  std::string Text = llvm::formatv("{0}", toJSON(TU)).str();
  auto Damaged = [&](llvm::StringRef From, llvm::StringRef To) {
    std::string D = Text;
    size_t At = D.find(From.str());
    EXPECT_NE(At, std::string::npos) << From.str();
    if (At != std::string::npos)
      D.replace(At, From.size(), To.str());
    llvm::Expected<TUSummary> S = parseTUSummary(D);
    bool Rejected = !S;
    if (!S)
      llvm::consumeError(S.takeError());
    return Rejected;
  };
  EXPECT_TRUE(Damaged("[2,\"G:x\"]", "[9,\"G:x\"]"));   // Binding::Kind 9
  EXPECT_TRUE(Damaged("[2,\"G:x\"]", "[-1,\"G:x\"]"));  // negative
  EXPECT_TRUE(Damaged("\"/src/a.cpp\",5,3", "\"/src/a.cpp\",5,4294967296")); // > 32 bits
  EXPECT_FALSE(Damaged("[2,\"G:x\"]", "[1,\"G:x\"]"));  // in range
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

// ---- Fuzz: parseTUSummary on damaged summaries (the cache and the link read them). ----

/// Replaces one value somewhere in V by a value of another kind (or of extreme size),
/// or drops an object member or an array element: damage that still parses as JSON.
/// V becomes a value of another kind, or of extreme size.
void replaceValue(llvm::json::Value &V, std::mt19937_64 &Rng) {
  switch (Rng() % 9) {
  case 0: V = nullptr; break;
  case 1: V = bool(Rng() % 2); break;
  case 2: V = int64_t(Rng()); break;
  case 3: V = -1; break;
  case 4: V = 1e300; break;
  case 5: V = std::string(Rng() % 3 ? "" : "x"); break;
  case 6: V = llvm::json::Array{}; break;
  case 7: V = llvm::json::Object{}; break;
  case 8: V = llvm::json::Array{int64_t(Rng() % 1000), "s", nullptr}; break;
  }
}

/// Replaces one value somewhere in V (replaceValue), or drops an object member or an
/// array element, or repeats an element: damage that still parses as JSON.
void mutateValue(llvm::json::Value &V, std::mt19937_64 &Rng) {
  if (auto *O = V.getAsObject(); O && !O->empty() && Rng() % 4) {
    auto It = O->begin();
    std::advance(It, Rng() % O->size());
    if (Rng() % 5 == 0)
      O->erase(It->first);
    else
      mutateValue(It->second, Rng);
    return;
  }
  if (auto *A = V.getAsArray(); A && !A->empty() && Rng() % 4) {
    size_t I = Rng() % A->size();
    if (Rng() % 5 == 0) {
      llvm::json::Array Rest;
      for (size_t J = 0; J < A->size(); ++J)
        if (J != I)
          Rest.push_back(llvm::json::Value((*A)[J]));
      *A = std::move(Rest);
    } else if (Rng() % 5 == 0)
      A->push_back(llvm::json::Value((*A)[I]));
    else
      mutateValue((*A)[I], Rng);
    return;
  }
  replaceValue(V, Rng);
}

// Damaged summaries, as text (flipped bytes, cuts, copied ranges) and as JSON (values
// of the wrong kind or size, missing members, extra elements). parseTUSummary must
// return a summary or an error every time: no crash, no hang. A fixed seed keeps the
// suite deterministic; bench/run/fuzz-summary.sh runs the same for minutes.
TEST(SummaryFuzz, DamagedSummariesNeverCrash) {
  const std::string Sound = llvm::formatv("{0}", toJSON(sample())).str();
  const char *Env = std::getenv("INTERLOCK_FUZZ_ITERATIONS");
  unsigned Iterations = Env ? unsigned(std::strtoul(Env, nullptr, 10)) : 4000;
  std::mt19937_64 Rng(15);
  unsigned Parsed = 0;
  for (unsigned I = 0; I < Iterations; ++I) {
    std::string D;
    if (I % 2) {
      llvm::json::Value V = *llvm::json::parse(Sound);
      for (unsigned E = 0, N = 1 + Rng() % 4; E < N; ++E)
        mutateValue(V, Rng);
      D = llvm::formatv("{0}", V).str();
    } else {
      D = Sound;
      for (unsigned E = 0, N = 1 + Rng() % 8; E < N && !D.empty(); ++E) {
        size_t At = Rng() % D.size();
        switch (Rng() % 4) {
        case 0: D[At] = char(Rng()); break;
        case 1: D.resize(At); break;
        case 2: D[At] ^= char(1u << (Rng() % 8)); break;
        case 3: D.insert(At, D.substr(Rng() % D.size(), Rng() % 64)); break;
        }
      }
    }
    llvm::Expected<TUSummary> S = parseTUSummary(D);
    if (S) {
      ++Parsed;
      (void)toJSON(*S); // what was parsed serializes again
    } else {
      llvm::consumeError(S.takeError());
    }
  }
  EXPECT_GT(Parsed, 0u);
}

} // namespace
