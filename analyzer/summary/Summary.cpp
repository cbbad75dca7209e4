#include "summary/Summary.h"

#include "llvm/ADT/STLExtras.h"

#include <algorithm>
#include <cstdint>

namespace interlock::summary {

namespace {
void unionInto(std::vector<unsigned> &Dst, const std::vector<unsigned> &Src) {
  for (unsigned Id : Src)
    if (!llvm::is_contained(Dst, Id))
      Dst.insert(std::upper_bound(Dst.begin(), Dst.end(), Id), Id);
}
} // namespace

std::string callEffect(unsigned CallId, char Variant) {
  std::string S = "E:" + std::to_string(CallId);
  if (Variant)
    S += Variant;
  return S;
}

bool parseCallEffect(llvm::StringRef Lock, unsigned &CallId, char &Variant) {
  if (!Lock.consume_front("E:"))
    return false;
  Variant = 0;
  if (Lock.ends_with("z") || Lock.ends_with("n")) {
    Variant = Lock.back();
    Lock = Lock.drop_back();
  }
  return !Lock.getAsInteger(10, CallId);
}

bool holdsLockOutside(const LockSet &L, const LockSet &Base) {
  return llvm::any_of(L, [&](const HeldLock &H) {
    return !llvm::any_of(Base, [&](const HeldLock &X) { return X.Lock == H.Lock; });
  });
}

const ArgumentEffect *argumentEffect(const FunctionSummary &Callee, const Call &C) {
  for (const ArgumentEffect &E : Callee.ByArgument)
    for (const auto &[Param, Value] : C.ConstArgs)
      if (E.Param == Param && E.Value == Value)
        return &E;
  return nullptr;
}

void addLock(LockSet &Set, const HeldLock &L) {
  auto It = std::lower_bound(Set.begin(), Set.end(), L.Lock,
                             [](const HeldLock &H, const Path &P) { return H.Lock < P; });
  if (It != Set.end() && It->Lock == L.Lock) {
    It->Shared = It->Shared && L.Shared;
    unionInto(It->After, L.After);
    return;
  }
  Set.insert(It, L);
}

LockSet heldOnly(LockSet Set) {
  llvm::erase_if(Set, [](const HeldLock &H) { return isCallerReleased(H.Lock); });
  return Set;
}

void removeLock(LockSet &Set, llvm::StringRef Lock) {
  llvm::erase_if(Set, [&](const HeldLock &H) { return H.Lock == Lock; });
}

LockSet intersect(const LockSet &A, const LockSet &B) {
  LockSet Out;
  for (const HeldLock &H : A)
    for (const HeldLock &G : B)
      if (H.Lock == G.Lock) {
        Out.push_back({H.Lock, H.Shared || G.Shared, H.After});
        unionInto(Out.back().After, G.After);
      }
  return Out;
}

// ---- JSON out -------------------------------------------------------------------------

namespace {
using llvm::json::Array;
using llvm::json::Object;
using llvm::json::Value;

Value loc(const SourceLoc &L) { return Array{L.File, L.Line, L.Column}; }
Value locks(const LockSet &S) {
  Array A;
  for (const HeldLock &H : S) {
    Array L{H.Lock, H.Shared};
    if (!H.After.empty()) {
      Array After;
      for (unsigned Id : H.After)
        After.push_back(Id);
      L.push_back(std::move(After));
    }
    A.push_back(std::move(L));
  }
  return A;
}
Value point(const Point &P) {
  Array Loops;
  for (unsigned L : P.Loops)
    Loops.push_back(L);
  return Array{P.Seq, std::move(Loops)};
}
Value binding(const Binding &B) { return Array{static_cast<int>(B.K), B.Target}; }
Value bindings(const std::vector<Binding> &Bs) {
  Array A;
  for (const Binding &B : Bs)
    A.push_back(binding(B));
  return A;
}
template <class T, class F> Value list(const std::vector<T> &Items, F Fn) {
  Array A;
  for (const T &I : Items)
    A.push_back(Fn(I));
  return A;
}

Value flows(const std::vector<FunctionFlow> &Flows) {
  Array A;
  for (const auto &[Src, Dst] : Flows)
    A.push_back(Array{Src, Dst});
  return A;
}

Value constArgs(const std::vector<std::pair<unsigned, int64_t>> &Args) {
  Array A;
  for (const auto &[Param, V] : Args)
    A.push_back(Array{Param, V});
  return A;
}

Value function(const FunctionSummary &F) {
  Object O{{"usr", F.Usr},          {"name", F.Name},
           {"loc", loc(F.Loc)},     {"class", F.Class},
           {"lambda", F.IsLambda},  {"public", F.IsPublicMethod},
           {"ctorDtor", F.IsCtorOrDtor}, {"main", F.IsMain},
           {"params", F.NumParams}, {"heldAtExit", locks(F.HeldAtExit)}};
  if (F.IsExternal)
    O["external"] = true;
  if (!F.MayHoldAtExit.empty())
    O["mayHoldAtExit"] = locks(F.MayHoldAtExit);
  if (F.HeldIfZero)
    O["heldIfZero"] = locks(*F.HeldIfZero);
  if (F.HeldIfNonzero)
    O["heldIfNonzero"] = locks(*F.HeldIfNonzero);
  O["requiredLocks"] = locks(F.RequiredLocks);
  O["paramKeys"] = list(F.ParamKeys, [](const std::string &K) -> Value { return K; });
  O["accesses"] = list(F.Accesses, [](const Access &A) -> Value {
    Object O{{"loc", A.Loc},       {"name", A.Name},       {"write", A.Write},
             {"container", A.Container}, {"held", locks(A.Held)},
             {"site", loc(A.Site)}, {"at", point(A.At)}};
    if (A.Volatile)
      O["volatile"] = true;
    if (A.Whole)
      O["whole"] = true;
    if (A.OwnSlot)
      O["ownSlot"] = true;
    if (A.IndexParam >= 0)
      O["indexParam"] = A.IndexParam;
    return O;
  });
  O["acquisitions"] = list(F.Acquisitions, [](const Acquisition &A) -> Value {
    return Object{{"lock", A.Lock},   {"name", A.Name},     {"shared", A.Shared},
                  {"try", A.Try},     {"recursive", A.Recursive},
                  {"heldBefore", locks(A.HeldBefore)},  {"site", loc(A.Site)},
                  {"at", point(A.At)}};
  });
  O["calls"] = list(F.Calls, [](const Call &C) -> Value {
    return Object{{"callee", C.Callee},       {"name", C.CalleeName},
                  {"this", binding(C.This)},  {"args", bindings(C.Args)},
                  {"held", locks(C.Held)},    {"site", loc(C.Site)},
                  {"at", point(C.At)},        {"rechecked", C.Rechecked},
                  {"id", C.Id},               {"constArgs", constArgs(C.ConstArgs)},
                  {"calleeNode", C.CalleeNode},  {"once", C.Once},
                  {"argFunctions", list(C.ArgFunctions, [](const std::string &N) -> Value {
                     return N;
                   })}};
  });
  O["spawns"] = list(F.Spawns, [](const Spawn &S) -> Value {
    Array Copies;
    for (const auto &[Key, B] : S.CopiedCaptures)
      Copies.push_back(Array{Key, binding(B)});
    return Object{{"entry", S.Entry},        {"name", S.EntryName},
                  {"api", S.Api},            {"this", binding(S.This)},
                  {"args", bindings(S.Args)}, {"copies", std::move(Copies)},
                  {"handle", S.Handle},      {"entryNode", S.EntryNode},
                  {"detached", S.Detached},
                  {"attributes", S.HasAttributes}, {"container", S.InContainer},
                  {"held", locks(S.Held)},   {"site", loc(S.Site)},
                  {"at", point(S.At)}};
  });
  O["joins"] = list(F.Joins, [](const Join &J) -> Value {
    return Object{{"handle", J.Handle}, {"detach", J.Detach}, {"implicit", J.Implicit},
                  {"site", loc(J.Site)}, {"at", point(J.At)}, {"held", locks(J.Held)}};
  });
  O["barriers"] = list(F.Barriers, [](const BarrierOp &B) -> Value {
    return Object{{"obj", B.Obj},       {"arrive", B.Arrive}, {"wait", B.Wait},
                  {"phased", B.Phased}, {"everyPath", B.EveryPath},
                  {"site", loc(B.Site)}, {"at", point(B.At)}};
  });
  O["ownHandles"] = list(F.OwnHandles, [](const Path &H) -> Value { return H; });
  O["waits"] = list(F.Waits, [](const CvWait &W) -> Value {
    return Object{{"cv", W.Cv},         {"api", W.Api},
                  {"predicate", W.HasPredicate},
                  {"inLoop", W.InLoop}, {"rechecked", W.Rechecked},
                  {"held", locks(W.Held)},
                  {"site", loc(W.Site)}, {"at", point(W.At)}};
  });
  O["joinableLeaks"] = list(F.JoinableLeaks, [](const JoinableLeak &L) -> Value {
    return Object{{"how", static_cast<int>(L.How)}, {"name", L.Name},
                  {"site", loc(L.Site)}, {"started", loc(L.Started)}};
  });
  O["detachedLocals"] = list(F.DetachedLocals, [](const DetachedLocal &D) -> Value {
    return Object{{"var", D.Var}, {"declared", loc(D.Declared)}, {"spawn", loc(D.Spawn)}};
  });
  O["releasedCallerLocks"] =
      list(F.ReleasedCallerLocks, [](const Path &L) -> Value { return L; });
  if (!F.ReleasedAtExit.empty())
    O["releasedAtExit"] = list(F.ReleasedAtExit, [](const Path &L) -> Value { return L; });
  if (!F.FunctionFlows.empty())
    O["functionFlows"] = flows(F.FunctionFlows);
  if (!F.DataFlows.empty())
    O["dataFlows"] = flows(F.DataFlows);
  if (!F.ByArgument.empty())
    O["byArgument"] = list(F.ByArgument, [](const ArgumentEffect &A) -> Value {
      return Object{{"param", A.Param},
                    {"value", A.Value},
                    {"heldAtExit", locks(A.HeldAtExit)},
                    {"unreached", list(A.Unreached, [](const auto &R) -> Value {
                       return Array{R.first, R.second};
                     })}};
    });
  O["lockLeaks"] = list(F.LockLeaks, [](const LockLeak &L) -> Value {
    Array Exits;
    for (const auto &[Site, IsReturn] : L.Exits)
      Exits.push_back(Array{loc(Site), IsReturn});
    return Object{{"lock", L.Lock}, {"name", L.Name}, {"acquired", loc(L.Acquired)},
                  {"exits", std::move(Exits)}};
  });
  return O;
}

// ---- JSON in --------------------------------------------------------------------------

/// Reads fields and remembers the first problem, so parsing code stays linear.
class Reader {
public:
  bool Ok = true;

  std::string str(const Object &O, llvm::StringRef K) {
    if (auto S = O.getString(K))
      return S->str();
    return fail();
  }
  bool flag(const Object &O, llvm::StringRef K) { return O.getBoolean(K).value_or(false); }
  unsigned num(const Value *V) {
    if (V)
      if (auto N = V->getAsInteger(); N && *N >= 0 && *N <= UINT32_MAX)
        return static_cast<unsigned>(*N);
    Ok = false;
    return 0;
  }
  /// An enumerator from 0 to Last: a value outside is an error, never cast to E.
  template <class E> E enumerator(const Value *V, E Last) {
    unsigned N = num(V);
    if (N > static_cast<unsigned>(Last))
      return Ok = false, E{};
    return static_cast<E>(N);
  }
  unsigned num(const Object &O, llvm::StringRef K) { return num(O.get(K)); }
  const Array &arr(const Value *V) {
    static const Array Empty;
    if (V)
      if (const Array *A = V->getAsArray())
        return *A;
    Ok = false;
    return Empty;
  }
  const Array &arr(const Object &O, llvm::StringRef K) { return arr(O.get(K)); }
  const Object &obj(const Value &V) {
    static const Object Empty;
    if (const Object *O = V.getAsObject())
      return *O;
    Ok = false;
    return Empty;
  }
  std::string str(const Value &V) {
    if (auto S = V.getAsString())
      return S->str();
    return fail();
  }

  SourceLoc loc(const Object &O, llvm::StringRef K) {
    const Array &A = arr(O, K);
    if (A.size() != 3)
      return Ok = false, SourceLoc{};
    return {str(A[0]), num(&A[1]), num(&A[2])};
  }
  LockSet locks(const Object &O, llvm::StringRef K) {
    LockSet S;
    for (const Value &V : arr(O, K)) {
      const Array &P = arr(&V);
      if (P.size() != 2 && P.size() != 3) {
        Ok = false;
        continue;
      }
      S.push_back({str(P[0]), P[1].getAsBoolean().value_or(false)});
      if (P.size() == 3)
        for (const Value &Id : arr(&P[2]))
          S.back().After.push_back(num(&Id));
    }
    return S;
  }
  Point point(const Object &O) {
    const Array &A = arr(O, "at");
    Point P;
    if (A.size() != 2)
      return Ok = false, P;
    P.Seq = num(&A[0]);
    for (const Value &L : arr(&A[1]))
      P.Loops.push_back(num(&L));
    return P;
  }
  Binding binding(const Value *V) {
    const Array &A = arr(V);
    if (A.size() != 2)
      return Ok = false, Binding{};
    return {enumerator(&A[0], Binding::Pointee), str(A[1])};
  }
  int64_t int64(const Value *V) {
    if (V)
      if (auto N = V->getAsInteger())
        return *N;
    Ok = false;
    return 0;
  }
  std::string optStr(const Object &O, llvm::StringRef K) {
    return O.get(K) ? str(O, K) : std::string();
  }
  std::vector<FunctionFlow> flows(const Value *V) {
    std::vector<FunctionFlow> Out;
    if (!V)
      return Out;
    for (const Value &E : arr(V)) {
      const Array &P = arr(&E);
      if (P.size() != 2)
        return Ok = false, Out;
      Out.push_back({str(P[0]), str(P[1])});
    }
    return Out;
  }
  std::vector<std::pair<unsigned, int64_t>> constArgs(const Value *V) {
    std::vector<std::pair<unsigned, int64_t>> Out;
    if (!V)
      return Out; // optional: written only by newer versions
    for (const Value &E : arr(V)) {
      const Array &P = arr(&E);
      if (P.size() != 2)
        return Ok = false, Out;
      Out.push_back({num(&P[0]), int64(&P[1])});
    }
    return Out;
  }
  std::vector<Binding> bindings(const Object &O, llvm::StringRef K) {
    std::vector<Binding> Out;
    for (const Value &V : arr(O, K))
      Out.push_back(binding(&V));
    return Out;
  }

private:
  std::string fail() {
    Ok = false;
    return {};
  }
};

FunctionSummary readFunction(Reader &R, const Object &O) {
  FunctionSummary F;
  F.Usr = R.str(O, "usr");
  F.Name = R.str(O, "name");
  F.Loc = R.loc(O, "loc");
  F.Class = R.str(O, "class");
  F.IsLambda = R.flag(O, "lambda");
  F.IsPublicMethod = R.flag(O, "public");
  F.IsCtorOrDtor = R.flag(O, "ctorDtor");
  F.IsMain = R.flag(O, "main");
  F.NumParams = R.num(O, "params");
  F.HeldAtExit = R.locks(O, "heldAtExit");
  F.IsExternal = R.flag(O, "external");
  if (O.get("mayHoldAtExit"))
    F.MayHoldAtExit = R.locks(O, "mayHoldAtExit");
  if (O.get("heldIfZero"))
    F.HeldIfZero = R.locks(O, "heldIfZero");
  if (O.get("heldIfNonzero"))
    F.HeldIfNonzero = R.locks(O, "heldIfNonzero");
  if (O.get("requiredLocks"))
    F.RequiredLocks = R.locks(O, "requiredLocks");
  for (const Value &K : R.arr(O, "paramKeys"))
    F.ParamKeys.push_back(R.str(K));
  for (const Value &V : R.arr(O, "accesses")) {
    const Object &A = R.obj(V);
    F.Accesses.push_back({R.str(A, "loc"), R.str(A, "name"), R.flag(A, "write"),
                          R.flag(A, "container"), R.locks(A, "held"), R.loc(A, "site"),
                          R.point(A), R.flag(A, "volatile"), R.flag(A, "whole"),
                          R.flag(A, "ownSlot"),
                          static_cast<int>(A.getInteger("indexParam").value_or(-1))});
  }
  for (const Value &V : R.arr(O, "acquisitions")) {
    const Object &A = R.obj(V);
    F.Acquisitions.push_back({R.str(A, "lock"), R.str(A, "name"), R.flag(A, "shared"),
                              R.flag(A, "try"), R.flag(A, "recursive"),
                              R.locks(A, "heldBefore"), R.loc(A, "site"), R.point(A)});
  }
  for (const Value &V : R.arr(O, "calls")) {
    const Object &C = R.obj(V);
    F.Calls.push_back({R.str(C, "callee"), R.str(C, "name"), R.binding(C.get("this")),
                       R.bindings(C, "args"), R.locks(C, "held"), R.loc(C, "site"),
                       R.point(C), R.flag(C, "rechecked"), R.num(C, "id"),
                       R.constArgs(C.get("constArgs")), R.optStr(C, "calleeNode")});
    F.Calls.back().Once = R.flag(C, "once");
    if (C.get("argFunctions"))
      for (const Value &N : R.arr(C, "argFunctions"))
        F.Calls.back().ArgFunctions.push_back(R.str(N));
  }
  for (const Value &V : R.arr(O, "spawns")) {
    const Object &S = R.obj(V);
    Spawn Sp;
    Sp.Entry = R.str(S, "entry");
    Sp.EntryName = R.str(S, "name");
    Sp.Api = R.str(S, "api");
    Sp.This = R.binding(S.get("this"));
    Sp.Args = R.bindings(S, "args");
    for (const Value &C : R.arr(S, "copies")) {
      const Array &P = R.arr(&C);
      if (P.size() == 2)
        Sp.CopiedCaptures.push_back({R.str(P[0]), R.binding(&P[1])});
      else
        R.Ok = false;
    }
    Sp.Handle = R.str(S, "handle");
    Sp.EntryNode = R.optStr(S, "entryNode");
    Sp.Detached = R.flag(S, "detached");
    Sp.HasAttributes = R.flag(S, "attributes");
    Sp.InContainer = R.flag(S, "container");
    Sp.Held = R.locks(S, "held");
    Sp.Site = R.loc(S, "site");
    Sp.At = R.point(S);
    F.Spawns.push_back(std::move(Sp));
  }
  for (const Value &V : R.arr(O, "joins")) {
    const Object &J = R.obj(V);
    F.Joins.push_back({R.str(J, "handle"), R.flag(J, "detach"), R.flag(J, "implicit"),
                       R.loc(J, "site"), R.point(J), R.locks(J, "held")});
  }
  for (const Value &V : R.arr(O, "barriers")) {
    const Object &B = R.obj(V);
    F.Barriers.push_back({R.str(B, "obj"), R.flag(B, "arrive"), R.flag(B, "wait"),
                          R.flag(B, "phased"), R.flag(B, "everyPath"), R.loc(B, "site"),
                          R.point(B)});
  }
  for (const Value &V : R.arr(O, "ownHandles"))
    F.OwnHandles.push_back(R.str(V));
  for (const Value &V : R.arr(O, "waits")) {
    const Object &W = R.obj(V);
    CvWait CW;
    CW.Cv = R.str(W, "cv");
    CW.Api = R.str(W, "api");
    CW.HasPredicate = R.flag(W, "predicate");
    CW.InLoop = R.flag(W, "inLoop");
    CW.Rechecked = R.flag(W, "rechecked");
    CW.Held = R.locks(W, "held");
    CW.Site = R.loc(W, "site");
    CW.At = R.point(W);
    F.Waits.push_back(std::move(CW));
  }
  for (const Value &V : R.arr(O, "joinableLeaks")) {
    const Object &L = R.obj(V);
    F.JoinableLeaks.push_back({R.enumerator(L.get("how"), JoinableLeak::Reassign),
                               R.str(L, "name"), R.loc(L, "site"), R.loc(L, "started")});
  }
  for (const Value &V : R.arr(O, "detachedLocals")) {
    const Object &D = R.obj(V);
    F.DetachedLocals.push_back({R.str(D, "var"), R.loc(D, "declared"), R.loc(D, "spawn")});
  }
  for (const Value &V : R.arr(O, "releasedCallerLocks"))
    F.ReleasedCallerLocks.push_back(R.str(V));
  if (O.get("releasedAtExit"))
    for (const Value &V : R.arr(O, "releasedAtExit"))
      F.ReleasedAtExit.push_back(R.str(V));
  F.FunctionFlows = R.flows(O.get("functionFlows"));
  F.DataFlows = R.flows(O.get("dataFlows"));
  if (O.get("byArgument"))
    for (const Value &V : R.arr(O, "byArgument")) {
      const Object &A = R.obj(V);
      ArgumentEffect E;
      E.Param = R.num(A, "param");
      E.Value = R.int64(A.get("value"));
      E.HeldAtExit = R.locks(A, "heldAtExit");
      for (const Value &Range : R.arr(A, "unreached")) {
        const Array &P = R.arr(&Range);
        if (P.size() != 2) {
          R.Ok = false;
          continue;
        }
        E.Unreached.push_back({R.num(&P[0]), R.num(&P[1])});
      }
      F.ByArgument.push_back(std::move(E));
    }
  for (const Value &V : R.arr(O, "lockLeaks")) {
    const Object &L = R.obj(V);
    LockLeak LL{R.str(L, "lock"), R.str(L, "name"), R.loc(L, "acquired"), {}};
    for (const Value &X : R.arr(L, "exits")) {
      const Array &P = R.arr(&X);
      if (P.size() != 2) {
        R.Ok = false;
        continue;
      }
      const Array &Site = R.arr(&P[0]);
      SourceLoc SL;
      if (Site.size() == 3)
        SL = {R.str(Site[0]), R.num(&Site[1]), R.num(&Site[2])};
      LL.Exits.push_back({SL, P[1].getAsBoolean().value_or(false)});
    }
    F.LockLeaks.push_back(std::move(LL));
  }
  return F;
}

} // namespace

llvm::json::Value toJSON(const TUSummary &S) {
  return Object{{"version", 2},
                {"mainFile", S.MainFile},
                {"functions", list(S.Functions, function)},
                {"globalFunctionFlows", flows(S.GlobalFunctionFlows)},
                {"globalDataFlows", flows(S.GlobalDataFlows)}};
}

llvm::Expected<TUSummary> parseTUSummary(llvm::StringRef Json) {
  llvm::Expected<Value> Doc = llvm::json::parse(Json);
  if (!Doc)
    return Doc.takeError();
  Reader R;
  const Object &Top = R.obj(*Doc);
  TUSummary S;
  S.MainFile = R.str(Top, "mainFile");
  for (const Value &V : R.arr(Top, "functions"))
    S.Functions.push_back(readFunction(R, R.obj(V)));
  S.GlobalFunctionFlows = R.flows(Top.get("globalFunctionFlows"));
  S.GlobalDataFlows = R.flows(Top.get("globalDataFlows"));
  if (!R.Ok)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "malformed summary JSON");
  return S;
}

} // namespace interlock::summary
