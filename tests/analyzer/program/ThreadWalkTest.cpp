// Linking summaries: thread roots, bindings through calls and spawns, and
// may-happen-in-parallel, on hand-built summaries.
#include "program/Concurrency.h"
#include "program/Program.h"

#include <gtest/gtest.h>

using namespace interlock;
using namespace interlock::summary;
using namespace interlock::program;

namespace {

Access access(Path Loc, bool Write, unsigned Seq, LockSet Held = {}) {
  Access A;
  A.Loc = std::move(Loc);
  A.Write = Write;
  A.Held = std::move(Held);
  A.Site = {"/t.cpp", Seq, 1};
  A.At = {Seq, {}};
  return A;
}

FunctionSummary fn(std::string Usr) {
  FunctionSummary F;
  F.Usr = Usr;
  F.Name = Usr;
  return F;
}

Spawn spawn(std::string Entry, Path Handle, unsigned Seq, std::vector<Binding> Args = {},
            std::vector<unsigned> Loops = {}) {
  Spawn S;
  S.Entry = S.EntryName = std::move(Entry);
  S.Handle = std::move(Handle);
  S.Args = std::move(Args);
  S.At = {Seq, std::move(Loops)};
  return S;
}

Join join(Path Handle, unsigned Seq) {
  Join J;
  J.Handle = std::move(Handle);
  J.At = {Seq, {}};
  return J;
}

const ConcreteAccess *find(const Program &P, unsigned Line) {
  for (const ConcreteAccess &A : P.accesses())
    if (A.Site.Line == Line)
      return &A;
  return nullptr;
}

TEST(ThreadWalkTest, BeforeSpawnAndAfterJoinDoNotOverlap) {
  FunctionSummary Main = fn("main");
  Main.IsMain = true;
  Main.Accesses = {access("G:x", true, 10), access("G:x", true, 30), access("G:x", true, 50)};
  Main.Spawns = {spawn("worker", "L:t", 20)};
  Main.Joins = {join("L:t", 40)};
  FunctionSummary Worker = fn("worker");
  Worker.Accesses = {access("G:x", false, 100)};
  Program P;
  P.add({"/t.cpp", {Main, Worker}});
  P.link();
  ASSERT_EQ(P.threads().size(), 2u);
  const ConcreteAccess *InWorker = find(P, 100);
  ASSERT_TRUE(InWorker);
  EXPECT_FALSE(mayRunInParallel(P, *find(P, 10), *InWorker));
  EXPECT_TRUE(mayRunInParallel(P, *find(P, 30), *InWorker));
  EXPECT_FALSE(mayRunInParallel(P, *find(P, 50), *InWorker));
}

TEST(ThreadWalkTest, ReferenceArgumentsBindToTheSpawnersLocal) {
  FunctionSummary Main = fn("main");
  Main.IsMain = true;
  Main.Accesses = {access("L:total", true, 30)};
  Main.Spawns = {spawn("worker", "L:t", 20, {{Binding::Lvalue, "L:total"}})};
  FunctionSummary Worker = fn("worker");
  Worker.Calls.push_back({"helper", "helper", {}, {{Binding::Lvalue, "P0"}},
                          {{"G:mu", false}}, {"/t.cpp", 101, 1}, {101, {}}});
  FunctionSummary Helper = fn("helper");
  Helper.Accesses = {access("P0", true, 200)};
  Program P;
  P.add({"/t.cpp", {Main, Worker, Helper}});
  P.link();
  const ConcreteAccess *InHelper = find(P, 200);
  ASSERT_TRUE(InHelper);
  EXPECT_EQ(InHelper->Loc, find(P, 30)->Loc);       // the same object
  ASSERT_EQ(InHelper->Held.size(), 1u);              // the caller's lock
  EXPECT_EQ(InHelper->Held[0].Lock, "G:mu");
  EXPECT_TRUE(mayRunInParallel(P, *find(P, 30), *InHelper));
  EXPECT_FALSE(commonLock(find(P, 30)->Held, InHelper->Held));
}

TEST(ThreadWalkTest, ThreadsStartedInALoopRaceWithThemselves) {
  FunctionSummary Main = fn("main");
  Main.IsMain = true;
  Main.Spawns = {spawn("worker", "L:pool", 20, {}, {1})};
  Main.Joins = {join("L:pool", 40)};
  FunctionSummary Worker = fn("worker");
  Worker.Accesses = {access("G:jobs", true, 100), access("L:mine", true, 101)};
  Program P;
  P.add({"/t.cpp", {Main, Worker}});
  P.link();
  const ConcreteAccess *Jobs = find(P, 100), *Mine = find(P, 101);
  ASSERT_TRUE(Jobs && Mine);
  EXPECT_TRUE(P.threads()[Jobs->Thread].Multiple);
  EXPECT_TRUE(mayRunInParallel(P, *Jobs, *Jobs));
  EXPECT_FALSE(mayRunInParallel(P, *Mine, *Mine)); // a local of each instance
}

TEST(ThreadWalkTest, SharedLocksDoNotExcludeEachOther) {
  LockSet Shared{{"G:rw", true}}, Exclusive{{"G:rw", false}};
  EXPECT_FALSE(commonLock(Shared, Shared));
  EXPECT_TRUE(commonLock(Shared, Exclusive));
  EXPECT_TRUE(commonLock(Exclusive, Exclusive));
}

TEST(ThreadWalkTest, TwoMainsAreTwoProcesses) {
  FunctionSummary A = fn("main"), B = fn("main");
  A.IsMain = B.IsMain = true;
  A.Accesses = {access("G:g", true, 1)};
  B.Accesses = {access("G:g", true, 2)};
  Program P;
  P.add({"/a.cpp", {A}});
  P.add({"/b.cpp", {B}});
  P.link();
  ASSERT_EQ(P.threads().size(), 2u);
  EXPECT_FALSE(mayRunInParallel(P, *find(P, 1), *find(P, 2)));
}

} // namespace

namespace {

Call libraryCall(std::string Name, unsigned Seq, std::vector<std::string> ArgFunctions = {}) {
  Call C;
  C.Callee = "c:@F@" + Name;
  C.CalleeName = std::move(Name);
  C.ArgFunctions = std::move(ArgFunctions);
  C.Site = {"/t.cpp", Seq, 1};
  C.At = {Seq, {}};
  return C;
}

} // namespace

// Callbacks registered with an event library run where its loop runs, each with a share
// of the thread's events: a huge handler walked first must not leave none for the next
// (memcached's event_handler and thread_libevent_process).
TEST(ThreadWalkTest, EventLoopCallbacksShareTheThreadsEvents) {
  FunctionSummary Main = fn("main");
  Main.IsMain = true;
  Main.Calls = {libraryCall("event_set", 10, {"", "fn:big"}),
                libraryCall("event_set", 11, {"", "fn:small"}),
                libraryCall("event_base_loop", 12)};
  FunctionSummary Big = fn("big");
  for (unsigned I = 0; I < 60000; ++I)
    Big.Accesses.push_back(access("G:a", true, 100 + I));
  FunctionSummary Small = fn("small");
  Small.Accesses = {access("G:b", true, 7)};
  Program P;
  P.add({"/t.cpp", {Main, Big, Small}});
  P.link();
  ASSERT_TRUE(find(P, 7));   // the second callback still runs
  EXPECT_TRUE(find(P, 100)); // and the first one did
  EXPECT_FALSE(find(P, 100 + 59999)); // within its share only
}
