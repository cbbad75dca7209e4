// The lock-set domain and the CFG pass on small functions.
#include "procedure/FunctionAnalyzer.h"
#include "procedure/LockState.h"
#include "procedure/TUAnalyzer.h"

#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"

#include <gtest/gtest.h>

using namespace interlock;
using namespace interlock::procedure;

namespace {

TEST(LockStateTest, GuardsReleaseWhatTheyOwn) {
  LockState S;
  S.guardCreated("g", {{"m"}, false, true});
  ASSERT_EQ(S.Held.size(), 1u);
  S.guardUnlock("g");
  EXPECT_TRUE(S.Held.empty());
  S.guardLock("g");
  EXPECT_EQ(S.Held.size(), 1u);
  S.guardDestroyed("g");
  EXPECT_TRUE(S.Held.empty());
  S.guardCreated("d", {{"m"}, false, false}); // defer_lock
  EXPECT_TRUE(S.Held.empty());
}

TEST(LockStateTest, MergeIsIntersection) {
  LockState A, B;
  A.acquire("m", false);
  A.acquire("n", false);
  B.acquire("n", true);
  LockState M = LockState::merge(A, B);
  ASSERT_EQ(M.Held.size(), 1u);
  EXPECT_EQ(M.Held[0].Lock, "n");
  EXPECT_TRUE(M.Held[0].Shared);
  EXPECT_TRUE(LockState::merge(A, A) == A);
}

/// Summarizes Code and returns the summary of the function named Name.
summary::FunctionSummary summarize(const std::string &Code, const std::string &Name) {
  std::unique_ptr<clang::ASTUnit> AST = clang::tooling::buildASTFromCodeWithArgs(
      Code, {"-std=c++20", "-resource-dir", INTERLOCK_CLANG_RESOURCE_DIR}, "input.cpp");
  EXPECT_TRUE(AST);
  summary::TUSummary TU;
  summarizeAST(AST->getASTContext(), TU);
  for (summary::FunctionSummary &F : TU.Functions)
    if (F.Name == Name)
      return F;
  ADD_FAILURE() << "no function " << Name;
  return {};
}

const summary::Access *accessAtLine(const summary::FunctionSummary &F, unsigned Line,
                                    bool Write) {
  for (const summary::Access &A : F.Accesses)
    if (A.Site.Line == Line && A.Write == Write)
      return &A;
  return nullptr;
}

TEST(FunctionAnalyzerTest, UniqueLockUnlockAndScopes) {
  summary::FunctionSummary F = summarize(R"(#include <mutex>
std::mutex mu; int a, b, c;
void f() {
  { std::unique_lock<std::mutex> lk(mu);
    a = 1;
    lk.unlock();
    b = 1;
    lk.lock();
    c = 1; }
  a = 2;
})", "f");
  ASSERT_TRUE(accessAtLine(F, 5, true));
  EXPECT_EQ(accessAtLine(F, 5, true)->Held.size(), 1u);
  EXPECT_TRUE(accessAtLine(F, 7, true)->Held.empty());
  EXPECT_EQ(accessAtLine(F, 9, true)->Held.size(), 1u);
  EXPECT_TRUE(accessAtLine(F, 10, true)->Held.empty());
  EXPECT_TRUE(F.HeldAtExit.empty());
  EXPECT_EQ(F.Acquisitions.size(), 2u);
}

TEST(FunctionAnalyzerTest, TryLockBranches) {
  summary::FunctionSummary F = summarize(R"(#include <mutex>
#include <pthread.h>
std::mutex mu; pthread_mutex_t pm; int a, b, c;
void f() {
  if (mu.try_lock()) { a = 1; mu.unlock(); } else { b = 1; }
  if (pthread_mutex_trylock(&pm) == 0) { c = 1; pthread_mutex_unlock(&pm); }
  std::unique_lock<std::mutex> lk(mu, std::try_to_lock);
  if (!lk) return;
  a = 3;
})", "f");
  const summary::Access *A5 = nullptr, *B = nullptr;
  for (const summary::Access &A : F.Accesses) {
    if (A.Name == "a" && A.Site.Line == 5)
      A5 = &A;
    if (A.Name == "b")
      B = &A;
  }
  ASSERT_TRUE(A5);
  ASSERT_EQ(A5->Held.size(), 1u);
  EXPECT_TRUE(A5->Held[0].Lock.find("mu") != std::string::npos);
  ASSERT_TRUE(B);
  EXPECT_TRUE(B->Held.empty());
  EXPECT_EQ(accessAtLine(F, 6, true)->Held.size(), 1u);
  EXPECT_EQ(accessAtLine(F, 9, true)->Held.size(), 1u);
}

TEST(FunctionAnalyzerTest, SpawnsJoinsWaitsAndCalls) {
  summary::FunctionSummary F = summarize(R"(#include <thread>
#include <mutex>
#include <condition_variable>
#include <functional>
std::mutex mu; std::condition_variable cv; bool ready;
void work(int &n) { n++; }
void f() {
  int total = 0;
  std::thread t(work, std::ref(total));
  { std::unique_lock<std::mutex> lk(mu); cv.wait(lk); while (!ready) cv.wait(lk);
    cv.wait(lk, [] { return ready; }); work(total); }
  t.join();
})", "f");
  ASSERT_EQ(F.Spawns.size(), 1u);
  EXPECT_EQ(F.Spawns[0].EntryName, "work");
  EXPECT_EQ(F.Spawns[0].Args.at(0).K, summary::Binding::Lvalue);
  EXPECT_EQ(F.Spawns[0].Args.at(0).Target, F.Spawns[0].Handle.substr(0, 0) + "L:total@8:7");
  EXPECT_EQ(F.Spawns[0].Handle, "L:t@9:15");
  ASSERT_EQ(F.Joins.size(), 1u);
  EXPECT_EQ(F.Joins[0].Handle, "L:t@9:15");
  ASSERT_EQ(F.Waits.size(), 3u);
  unsigned WithPredicate = 0, InLoop = 0;
  for (const summary::CvWait &W : F.Waits) {
    WithPredicate += W.HasPredicate;
    InLoop += W.InLoop;
    EXPECT_EQ(W.Held.size(), 1u);
  }
  EXPECT_EQ(WithPredicate, 1u);
  EXPECT_EQ(InLoop, 1u);
  bool CalledWorkLocked = false;
  for (const summary::Call &C : F.Calls)
    if (C.CalleeName == "work" && C.Held.size() == 1)
      CalledWorkLocked = true;
  EXPECT_TRUE(CalledWorkLocked);
}

} // namespace
