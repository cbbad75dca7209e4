#include "program/PointsTo.h"

#include <gtest/gtest.h>

using namespace interlock::program;

namespace {

using Objs = std::vector<std::string>;

auto AllDefined = [](llvm::StringRef) { return true; };
auto NoneDefined = [](llvm::StringRef) { return false; };

/// Frame 1 runs `worker`, frame 2 `main`: the walk's `F<N>/L:` locals.
std::string frameFunction(unsigned Id) {
  return Id == 1 ? "c:@F@worker" : Id == 2 ? "c:@F@main" : "";
}

std::string rewrite(const PointsTo &PT, llvm::StringRef Path, bool &AnyOfType) {
  AnyOfType = false;
  return throughPointers(PT, Path, frameFunction, AnyOfType);
}

TEST(PointsToTest, FollowsParametersReturnsGlobalsAndFields) {
  PointsTo PT;
  // conn *c = malloc(..); start(c);  start(p) { g_conn = p; }
  PT.addFlow({"o:H:main@5:13", "l:c:@F@main#c@5:9"});
  PT.addFlow({"l:c:@F@main#c@5:9", "p:c:@F@start#0"});
  PT.addFlow({"p:c:@F@start#0", "m:G:g_conn"});
  // worker() { conn *w = g_conn; q->next = w; return q->next; }
  PT.addFlow({"m:G:g_conn", "l:c:@F@worker#w@9:9"});
  PT.addFlow({"l:c:@F@worker#w@9:9", "m:.queue::next"});
  PT.addFlow({"m:.queue::next", "r:c:@F@worker"});
  PT.addFlow({"o:G:table", "m:G:g_table"});
  PT.solve(AllDefined);
  EXPECT_EQ(PT.objects("p:c:@F@start#0"), Objs{"H:main@5:13"});
  EXPECT_EQ(PT.objects("m:G:g_conn"), Objs{"H:main@5:13"});
  EXPECT_EQ(PT.objects("m:.queue::next"), Objs{"H:main@5:13"});
  EXPECT_EQ(PT.objects("r:c:@F@worker"), Objs{"H:main@5:13"});
  EXPECT_EQ(PT.objects("m:G:g_table"), Objs{"G:table"});
  EXPECT_TRUE(PT.objects("m:G:unknown").empty());
  EXPECT_FALSE(PT.gaveUp("m:G:unknown"));
}

TEST(PointsToTest, FieldAddressAndContainerOf) {
  PointsTo PT;
  // mutex *m = &c->lock;  conn *back = container_of(m, conn, lock);
  PT.addFlow({"o:H:conn_new@12:9", "l:c:@F@f#c"});
  PT.addFlow({"o:G:listener", "l:c:@F@f#c"});
  PT.addFlow({"l:c:@F@f#c|.conn::lock", "l:c:@F@f#m"});
  PT.addFlow({"l:c:@F@f#m|-.conn::lock", "l:c:@F@f#back"});
  // A pointer that already points at the container stays there.
  PT.addFlow({"o:G:other", "l:c:@F@f#whole"});
  PT.addFlow({"l:c:@F@f#whole|-.conn::lock", "l:c:@F@f#same"});
  PT.solve(AllDefined);
  EXPECT_EQ(PT.objects("l:c:@F@f#m"),
            (Objs{"G:listener.conn::lock", "H:conn_new@12:9.conn::lock"}));
  EXPECT_EQ(PT.objects("l:c:@F@f#back"), (Objs{"G:listener", "H:conn_new@12:9"}));
  EXPECT_EQ(PT.objects("l:c:@F@f#same"), Objs{"G:other"});
}

TEST(PointsToTest, TransformsOfObjectPaths) {
  EXPECT_EQ(transformObject("H:a@1:1", ""), "H:a@1:1");
  EXPECT_EQ(transformObject("H:a@1:1", ".S::f"), "H:a@1:1.S::f");
  EXPECT_EQ(transformObject("H:a@1:1.S::f", "-.S::f"), "H:a@1:1");
  EXPECT_EQ(transformObject("H:a@1:1.S::g", "-.S::f"), "H:a@1:1.S::g");
  // MaxComponents fields deep is the limit; one more is not built.
  EXPECT_EQ(transformObject("G:x.A::a.B::b.C::c", ".D::d"), "G:x.A::a.B::b.C::c.D::d");
  EXPECT_EQ(transformObject("G:x.A::a.B::b.C::c.D::d", ".E::e"), std::nullopt);
}

TEST(PointsToTest, CycleOfCopiesTerminates) {
  PointsTo PT;
  // a = b; b = a; with one object entering at each end.
  PT.addFlow({"l:c:@F@f#a", "l:c:@F@f#b"});
  PT.addFlow({"l:c:@F@f#b", "l:c:@F@f#a"});
  PT.addFlow({"o:G:x", "l:c:@F@f#a"});
  PT.addFlow({"o:G:y", "l:c:@F@f#b"});
  PT.solve(AllDefined);
  EXPECT_EQ(PT.objects("l:c:@F@f#a"), (Objs{"G:x", "G:y"}));
  EXPECT_EQ(PT.objects("l:c:@F@f#b"), (Objs{"G:x", "G:y"}));
}

TEST(PointsToTest, CycleThroughFieldAddressesIsBounded) {
  PointsTo PT;
  // p = &p->inner, over and over: each turn is one component deeper, so p may point
  // deeper than objects are built; it ends at the bound, given up. (Two objects: the
  // solver once read p's set while adding to it, a use after free under ASan.)
  PT.addFlow({"o:G:head", "l:c:@F@f#p"});
  PT.addFlow({"o:G:tail", "l:c:@F@f#p"});
  PT.addFlow({"l:c:@F@f#p|.node::inner", "l:c:@F@f#p"});
  PT.addFlow({"o:G:head", "l:c:@F@f#q"});
  PT.solve(AllDefined);
  EXPECT_TRUE(PT.gaveUp("l:c:@F@f#p"));
  EXPECT_EQ(PT.objects("l:c:@F@f#q"), Objs{"G:head"});
}

TEST(PointsToTest, RecursionTerminates) {
  PointsTo PT;
  // node *walk(node *n) { ... return walk(n); }  plus walk(n) called on its own result.
  PT.addFlow({"p:c:@F@walk#0", "p:c:@F@walk#0"});
  PT.addFlow({"r:c:@F@walk", "r:c:@F@walk"});
  PT.addFlow({"r:c:@F@walk", "p:c:@F@walk#0"});
  PT.addFlow({"p:c:@F@walk#0", "r:c:@F@walk"});
  PT.addFlow({"o:G:root", "p:c:@F@walk#0"});
  PT.addFlow({"r:c:@F@walk", "l:c:@F@main#n"});
  PT.solve(AllDefined);
  EXPECT_EQ(PT.objects("p:c:@F@walk#0"), Objs{"G:root"});
  EXPECT_EQ(PT.objects("r:c:@F@walk"), Objs{"G:root"});
  EXPECT_EQ(PT.objects("l:c:@F@main#n"), Objs{"G:root"});
}

TEST(PointsToTest, GivesUpOnNodesHoldingTooManyObjects) {
  PointsTo PT;
  for (size_t I = 0; I <= PointsTo::MaxObjects; ++I)
    PT.addFlow({"o:H:pool_init@" + std::to_string(I) + ":1", "m:.job::arg"});
  PT.addFlow({"m:.job::arg", "l:c:@F@run#a"});        // a copy
  PT.addFlow({"m:.job::arg|.conn::lock", "l:c:@F@run#m"}); // a field's address
  PT.addFlow({"o:G:only", "l:c:@F@run#a"});           // a known object as well
  PT.addFlow({"o:G:only", "l:c:@F@run#other"});
  PT.solve(AllDefined);
  EXPECT_TRUE(PT.gaveUp("m:.job::arg"));
  EXPECT_TRUE(PT.objects("m:.job::arg").empty());
  // Downstream nodes do not claim a precise set that misses the lost objects.
  EXPECT_TRUE(PT.gaveUp("l:c:@F@run#a"));
  EXPECT_TRUE(PT.objects("l:c:@F@run#a").empty());
  EXPECT_TRUE(PT.gaveUp("l:c:@F@run#m"));
  EXPECT_FALSE(PT.gaveUp("l:c:@F@run#other"));
  EXPECT_EQ(PT.objects("l:c:@F@run#other"), Objs{"G:only"});
}

TEST(PointsToTest, GivingUpOnExternalObjectsReachesDownstream) {
  PointsTo PT;
  // More distinct results of functions without a body than a node may hold, and no
  // other source: the node is given up before propagation starts.
  for (size_t I = 0; I <= PointsTo::MaxObjects; ++I)
    PT.addFlow({"o:T:rec" + std::to_string(I) + "|?c:@F@ext" + std::to_string(I),
                "l:c:@F@f#p"});
  PT.addFlow({"l:c:@F@f#p", "l:c:@F@f#q"});
  PT.addFlow({"o:G:x", "l:c:@F@f#q"});
  PT.solve(NoneDefined);
  EXPECT_TRUE(PT.gaveUp("l:c:@F@f#p"));
  EXPECT_TRUE(PT.gaveUp("l:c:@F@f#q"));
  EXPECT_TRUE(PT.objects("l:c:@F@f#q").empty());
}

TEST(PointsToTest, FieldTooDeepGivesUpRatherThanDropping) {
  PointsTo PT;
  // q = &p->e where p's object is already MaxComponents fields deep: that object is not
  // built, so q cannot claim {G:y} alone.
  PT.addFlow({"o:G:x.A::a.B::b.C::c.D::d", "l:c:@F@f#p"});
  PT.addFlow({"l:c:@F@f#p|.E::e", "l:c:@F@f#q"});
  PT.addFlow({"o:G:y", "l:c:@F@f#q"});
  PT.solve(AllDefined);
  EXPECT_TRUE(PT.objects("l:c:@F@f#q").empty());
  EXPECT_TRUE(PT.gaveUp("l:c:@F@f#q"));
}

TEST(PointsToTest, FreshWhenFedOnlyByAllocations) {
  PointsTo PT;
  PT.addFlow({"o:H:f@3:11", "l:c:@F@f#a"});
  PT.addFlow({"o:H:f@4:11", "l:c:@F@f#a"});
  PT.addFlow({"o:H:f@5:11", "l:c:@F@f#b"});
  PT.addFlow({"m:G:g", "l:c:@F@f#b"});
  PT.addFlow({"o:G:x", "m:G:g"});
  // A function returning only new allocations, and its caller's local.
  PT.addFlow({"o:H:mk@9:10", "r:c:@F@mk"});
  PT.addFlow({"r:c:@F@mk", "l:c:@F@caller#n"});
  // A parameter is its caller's, never fresh; a field address is not a new object.
  PT.addFlow({"o:H:f@6:11", "p:c:@F@g#0"});
  PT.addFlow({"l:c:@F@f#a|.S::f", "l:c:@F@f#field"});
  PT.solve(AllDefined);
  EXPECT_TRUE(PT.fresh("l:c:@F@f#a"));
  EXPECT_FALSE(PT.fresh("l:c:@F@f#b"));
  EXPECT_TRUE(PT.fresh("r:c:@F@mk"));
  EXPECT_TRUE(PT.fresh("l:c:@F@caller#n"));
  EXPECT_FALSE(PT.fresh("p:c:@F@g#0"));
  EXPECT_FALSE(PT.fresh("l:c:@F@f#field"));
  EXPECT_FALSE(PT.fresh("l:c:@F@f#none"));
}

TEST(PointsToTest, FreshnessIsLostAroundACycleWithAGlobal) {
  PointsTo PT;
  // a = malloc(); b = a; a = b; b = g;  both may hold what g holds.
  PT.addFlow({"o:H:f@3:11", "l:c:@F@f#a"});
  PT.addFlow({"l:c:@F@f#a", "l:c:@F@f#b"});
  PT.addFlow({"l:c:@F@f#b", "l:c:@F@f#a"});
  PT.addFlow({"m:G:g", "l:c:@F@f#b"});
  PT.solve(AllDefined);
  EXPECT_FALSE(PT.fresh("l:c:@F@f#a"));
  EXPECT_FALSE(PT.fresh("l:c:@F@f#b"));
}

TEST(PointsToTest, AnyObjectOfTypeOnlyForFunctionsWithoutBody) {
  auto Build = [](PointsTo &PT) {
    // item *it = item_get(key);
    PT.addFlow({"r:c:@F@item_get", "l:c:@F@f#it"});
    PT.addFlow({"o:T:item|?c:@F@item_get", "l:c:@F@f#it"});
    PT.addFlow({"o:H:item_alloc@7:3", "r:c:@F@item_get"});
  };
  PointsTo External;
  Build(External);
  External.solve([](llvm::StringRef Usr) { return Usr != "c:@F@item_get"; });
  EXPECT_EQ(External.objects("l:c:@F@f#it"), (Objs{"H:item_alloc@7:3", "T:item"}));
  EXPECT_FALSE(External.fresh("l:c:@F@f#it"));

  PointsTo Defined;
  Build(Defined);
  Defined.solve(AllDefined);
  EXPECT_EQ(Defined.objects("l:c:@F@f#it"), Objs{"H:item_alloc@7:3"});
}

TEST(PointsToTest, HeapObjectOfOneGlobalIsNamedAfterIt) {
  PointsTo PT;
  PT.addFlow({"o:H:init@20:14", "m:G:item_locks"});
  PT.addFlow({"m:G:item_locks", "l:c:@F@f#l"});
  PT.solve(AllDefined);
  EXPECT_EQ(PT.canonical("H:init@20:14"), "G:item_locks*");
  EXPECT_EQ(PT.canonical("H:init@20:14.lock::owner"), "G:item_locks*.lock::owner");
  EXPECT_EQ(PT.canonical("H:other@1:1"), "H:other@1:1");
}

TEST(PointsToTest, HeapObjectOfTwoGlobalsKeepsItsSite) {
  PointsTo PT;
  // g_a = malloc(); g_b = g_a;  naming it after either would misname the other's uses.
  PT.addFlow({"o:H:init@20:14", "m:G:g_a"});
  PT.addFlow({"m:G:g_a", "m:G:g_b"});
  PT.solve(AllDefined);
  EXPECT_EQ(PT.canonical("H:init@20:14"), "H:init@20:14");
}

TEST(PointsToTest, HeapObjectOfAGlobalThatMayHoldOthersKeepsItsSite) {
  PointsTo PT;
  PT.addFlow({"o:H:init@20:14", "m:G:g"});
  PT.addFlow({"o:H:init@21:14", "m:G:g"});
  PT.solve(AllDefined);
  EXPECT_EQ(PT.canonical("H:init@20:14"), "H:init@20:14");
}

TEST(PointsToTest, ThroughPointersNamesTheObject) {
  PointsTo PT;
  PT.addFlow({"o:H:do_item_alloc@88:10", "l:c:@F@worker#it@12:9"});
  PT.addFlow({"m:G:table", "l:c:@F@worker#it@12:9"}); // not fresh
  PT.addFlow({"o:H:init@3:7", "m:G:head"});
  PT.addFlow({"o:H:add@30:5", "m:.node::next"});
  PT.addFlow({"o:H:main@4:9", "l:c:@F@main#own"}); // fresh: the frame's own
  PT.addFlow({"o:G:a", "m:.conn::peer"});
  PT.addFlow({"o:G:b", "m:.conn::peer"});
  PT.solve(AllDefined);
  bool Any = true;
  EXPECT_EQ(rewrite(PT, "F1/L:it@12:9*.item::refcount", Any),
            "H:do_item_alloc@88:10.item::refcount");
  EXPECT_FALSE(Any);
  // Two pointers in a row: each is replaced, the first by its global anchor.
  EXPECT_EQ(rewrite(PT, "G:head*.node::next*.node::val", Any),
            "H:add@30:5.node::val");
  EXPECT_EQ(rewrite(PT, "G:head*.node::val", Any), "G:head*.node::val");
  EXPECT_FALSE(Any);
  // Several objects: any object of the type the next field names.
  EXPECT_EQ(rewrite(PT, "G:c*.conn::peer*.conn::fd", Any), "T:conn.conn::fd");
  EXPECT_TRUE(Any);
  // Left alone: a fresh local, a pointee as a whole, a pointer points-to knows nothing of.
  EXPECT_EQ(rewrite(PT, "F2/L:own*.conn::fd", Any), "F2/L:own*.conn::fd");
  EXPECT_EQ(rewrite(PT, "F1/L:it@12:9*", Any), "F1/L:it@12:9*");
  EXPECT_EQ(rewrite(PT, "G:nothing*.conn::fd", Any), "G:nothing*.conn::fd");
  EXPECT_FALSE(Any);
}

TEST(PointsToTest, ThroughPointersOfAGivenUpNodeIsAnyOfType) {
  PointsTo PT;
  for (size_t I = 0; I <= PointsTo::MaxObjects; ++I)
    PT.addFlow({"o:H:accept@" + std::to_string(I) + ":1", "m:G:conns"});
  PT.solve(AllDefined);
  bool Any = false;
  EXPECT_EQ(rewrite(PT, "G:conns*.conn::fd", Any), "T:conn.conn::fd");
  EXPECT_TRUE(Any);
}

} // namespace
