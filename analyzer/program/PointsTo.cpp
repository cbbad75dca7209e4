#include "program/PointsTo.h"

#include "llvm/ADT/STLExtras.h"

#include <deque>

namespace interlock::program {

std::optional<std::string> transformObject(llvm::StringRef Object, llvm::StringRef Transform) {
  if (Transform.empty())
    return Object.str();
  if (Transform.consume_front("-")) { // container_of: drop the field if it is there
    if (Object.ends_with(Transform))
      return Object.drop_back(Transform.size()).str();
    return Object.str(); // the pointer was already at the container (or any of its type)
  }
  if (static_cast<size_t>(llvm::count(Object, '.') + llvm::count(Transform, '.')) >
      PointsTo::MaxComponents)
    return std::nullopt;
  return (Object + Transform).str();
}

unsigned PointsTo::node(llvm::StringRef Name) {
  auto [It, New] = Ids.try_emplace(Name, Nodes.size());
  if (New) {
    Nodes.emplace_back();
    if (Name.starts_with("o:"))
      Nodes.back().Objects.push_back(Name.drop_front(2).str());
  }
  return It->second;
}

void PointsTo::addFlow(const summary::FunctionFlow &F) {
  if (llvm::StringRef(F.second).starts_with("k:")) { // a class of an object
    Classes[llvm::StringRef(F.first).drop_front(2)].insert(F.second.substr(2));
    return;
  }
  auto [Src, Transform] = llvm::StringRef(F.first).split('|');
  if (Transform.consume_front("?")) { // decided in solve(), once bodies are known
    IfExternal.push_back({Src.str(), Transform.str(), node(F.second)});
    return;
  }
  unsigned S = node(Src), D = node(F.second);
  if (S == D && Transform.empty())
    return;
  if (Transform.empty())
    Copies.push_back({S, D});
  for (const Edge &E : Nodes[S].Succs)
    if (E.To == D && E.Transform == Transform)
      return;
  Nodes[S].Succs.push_back({D, Transform.str()});
}

bool PointsTo::add(NodeInfo &To, const std::string &Object) {
  if (To.Overflow)
    return false;
  auto It = std::lower_bound(To.Objects.begin(), To.Objects.end(), Object);
  if (It != To.Objects.end() && *It == Object)
    return false;
  To.Objects.insert(It, Object);
  if (To.Objects.size() > MaxObjects)
    giveUp(To);
  return true;
}

bool PointsTo::giveUp(NodeInfo &To) {
  if (To.Overflow)
    return false;
  To.Overflow = true;
  To.Objects.clear();
  return true;
}

void PointsTo::solve(llvm::function_ref<bool(llvm::StringRef)> Defined) {
  std::vector<bool> HasOther(Nodes.size(), false); // a source that is not a plain copy
  for (const auto &[Object, Usr, Dst] : IfExternal)
    if (!Defined(Usr)) {
      add(Nodes[Dst], llvm::StringRef(Object).drop_front(2).str());
      HasOther[Dst] = true;
    }
  std::deque<unsigned> Work;
  std::vector<bool> Queued(Nodes.size(), false);
  for (unsigned N = 0; N < Nodes.size(); ++N) // given up already: by `|?USR` objects
    if (!Nodes[N].Objects.empty() || Nodes[N].Overflow) {
      Work.push_back(N);
      Queued[N] = true;
    }
  while (!Work.empty()) {
    unsigned N = Work.front();
    Work.pop_front();
    Queued[N] = false;
    for (const Edge &E : Nodes[N].Succs) {
      NodeInfo &To = Nodes[E.To];
      bool Changed = Nodes[N].Overflow && giveUp(To);
      // `p = &p->f` adds to the set it reads: read a copy.
      std::vector<std::string> Own;
      if (E.To == N)
        Own = Nodes[N].Objects;
      for (const std::string &O : E.To == N ? Own : Nodes[N].Objects) {
        // An object too deep to build is still pointed to: a set without it is wrong.
        std::optional<std::string> T = transformObject(O, E.Transform);
        Changed |= T ? add(To, *T) : giveUp(To);
      }
      if (Changed && !Queued[E.To]) {
        Work.push_back(E.To);
        Queued[E.To] = true;
      }
    }
  }

  std::vector<llvm::StringRef> Names(Nodes.size());
  for (const auto &Entry : Ids)
    Names[Entry.second] = Entry.first();
  // A heap object is named after a global only when no other global may hold it: named
  // after g_a, the code that reaches it through g_b would read as g_a's.
  llvm::StringMap<unsigned> Holders;
  for (unsigned N = 0; N < Nodes.size(); ++N)
    if (Names[N].starts_with("m:G:"))
      for (const std::string &O : Nodes[N].Objects)
        ++Holders[O];
  for (unsigned N = 0; N < Nodes.size(); ++N)
    if (Names[N].starts_with("m:G:") && Nodes[N].Objects.size() == 1) {
      llvm::StringRef Object = Nodes[N].Objects.front();
      if (Object.starts_with("H:") && !Object.contains('.') && Holders[Object] == 1)
        Anchors[Object] = Names[N].drop_front(2).str() + "*";
    }

  // Freshness, a greatest fixed point: start from every local and return that receives
  // something, drop those with a source other than an allocation or a fresh node.
  std::vector<std::vector<unsigned>> Preds(Nodes.size());
  for (const auto &[S, D] : Copies)
    Preds[D].push_back(S);
  for (unsigned N = 0; N < Nodes.size(); ++N)
    for (const Edge &E : Nodes[N].Succs)
      if (!E.Transform.empty())
        HasOther[E.To] = true;
  for (unsigned N = 0; N < Nodes.size(); ++N)
    Nodes[N].Fresh = (Names[N].starts_with("l:") || Names[N].starts_with("r:")) &&
                     !Preds[N].empty() && !HasOther[N];
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (unsigned N = 0; N < Nodes.size(); ++N) {
      if (!Nodes[N].Fresh)
        continue;
      bool Fresh = llvm::all_of(Preds[N], [&](unsigned S) {
        return Names[S].starts_with("o:H:") || Nodes[S].Fresh;
      });
      if (!Fresh) {
        Nodes[N].Fresh = false;
        Changed = true;
      }
    }
  }
}

const std::vector<std::string> &PointsTo::objects(llvm::StringRef Node) const {
  static const std::vector<std::string> None;
  auto It = Ids.find(Node);
  return It == Ids.end() ? None : Nodes[It->second].Objects;
}

std::string PointsTo::canonical(llvm::StringRef Object) const {
  llvm::StringRef Root = Object.take_until([](char C) { return C == '.'; });
  auto It = Anchors.find(Root);
  if (It == Anchors.end())
    return Object.str();
  return It->second + Object.drop_front(Root.size()).str();
}

bool PointsTo::gaveUp(llvm::StringRef Node) const {
  auto It = Ids.find(Node);
  return It != Ids.end() && Nodes[It->second].Overflow;
}

bool PointsTo::mayBe(llvm::StringRef Object, llvm::StringRef Class) const {
  auto It = Classes.find(Object);
  return It == Classes.end() || It->second.count(Class.str());
}

bool PointsTo::fresh(llvm::StringRef Node) const {
  auto It = Ids.find(Node);
  return It != Ids.end() && Nodes[It->second].Fresh;
}

namespace {

/// The node of the pointer stored at concrete location Cell, or "" for none.
std::string cellNode(llvm::StringRef Cell,
                     llvm::function_ref<std::string(unsigned)> FrameFunction) {
  if (Cell.starts_with("F")) { // F<frame>/L:<key>, a local of that frame
    auto [Frame, Local] = Cell.drop_front(1).split('/');
    unsigned Id = 0;
    if (!Local.consume_front("L:") || Frame.getAsInteger(10, Id) ||
        Local.find_first_of(".*[") != llvm::StringRef::npos)
      return "";
    return "l:" + FrameFunction(Id) + "#" + Local.str();
  }
  llvm::StringRef Element = Cell.take_until([](char C) { return C == '['; });
  if (Cell.starts_with("G:") && Element.find_first_of(".*") == llvm::StringRef::npos)
    return "m:" + Element.str(); // a global, or any element of a global array
  size_t Dot = Element.rfind('.');
  if (Dot == llvm::StringRef::npos || Element.find('*', Dot) != llvm::StringRef::npos)
    return "";
  return "m:" + Element.drop_front(Dot).str(); // a field, of whatever object
}

} // namespace

std::string throughPointers(const PointsTo &PT, llvm::StringRef Path,
                            llvm::function_ref<std::string(unsigned)> FrameFunction,
                            bool &AnyOfType) {
  std::string Out = Path.str();
  for (size_t Star = Out.find('*'); Star != std::string::npos; Star = Out.find('*', Star + 1)) {
    if (Star > 0 && Out[Star - 1] == '[') // `[*]`: any element, not a dereference
      continue;
    std::string Node = cellNode(llvm::StringRef(Out).take_front(Star), FrameFunction);
    if (Node.empty() || PT.fresh(Node))
      continue;
    const std::vector<std::string> &Objects = PT.objects(Node);
    llvm::StringRef Rest = llvm::StringRef(Out).drop_front(Star + 1);
    if (Rest.empty()) // the pointee as a whole (a lock a pointer holds): keep its name
      continue;
    std::string Object;
    // Of several objects, the ones whose class has the field accessed (`.Db::count`).
    llvm::StringRef Class = Rest.starts_with(".") ? Rest.drop_front(1) : "";
    Class = Class.take_front(Class.find("::"));
    std::vector<std::string> Fitting;
    for (const std::string &O : Objects)
      if (Class.empty() || PT.mayBe(O, Class))
        Fitting.push_back(O);
    if (Fitting.size() == 1) {
      Object = PT.canonical(Fitting.front());
    } else if ((Objects.size() > 1 || PT.gaveUp(Node)) && Rest.starts_with(".")) {
      llvm::StringRef Type = Rest.drop_front(1);
      Object = "T:" + Type.take_front(Type.find("::")).str();
    } else {
      continue;
    }
    AnyOfType = AnyOfType || llvm::StringRef(Object).starts_with("T:");
    Out = Object + Rest.str();
    Star = Object.size() - 1; // the next pointer is after the object
  }
  return Out;
}

} // namespace interlock::program
