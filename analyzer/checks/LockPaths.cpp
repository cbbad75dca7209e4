#include "checks/LockPaths.h"

#include "llvm/ADT/STLExtras.h"

namespace interlock::checks {

std::string shortName(llvm::StringRef Name) {
  if (size_t Colons = Name.rfind("::"); Colons != llvm::StringRef::npos)
    Name = Name.drop_front(Colons + 2);
  return Name.str();
}

std::string lockName(llvm::StringRef P) {
  if (P.starts_with("?")) { // not resolved: `?<usr>/<function-relative path>`
    P = P.drop_front(P.find('/') + 1);
  } else if (P.starts_with("F")) {
    if (size_t Slash = P.find('/'); Slash != llvm::StringRef::npos)
      P = P.drop_front(Slash + 1);
  }
  // Split off the root: up to the first `.`, `*` or `[` after the root's own text.
  bool TypeRoot = P.starts_with("T:");
  if (P.size() > 2 && P[1] == ':')
    P = P.drop_front(2);
  else if (P.starts_with("this"))
    P = P.drop_front(4);
  size_t End = P.find_first_of(".*[");
  // A global's qualified name has `::` but no `.`; a key has `@line:col`.
  std::string Root = P.take_front(End).str();
  llvm::StringRef Rest = End == llvm::StringRef::npos ? "" : P.drop_front(End);
  if (size_t At = Root.find('@'); At != std::string::npos)
    Root = Root.substr(0, At);
  if (TypeRoot)
    Root = shortName(Root);
  std::string Out = Root;
  while (!Rest.empty()) {
    if (Rest.consume_front("*"))
      continue;
    if (Rest.starts_with("[")) {
      size_t Close = Rest.find(']');
      Out += Rest.take_front(Close + 1).str();
      Rest = Rest.drop_front(std::min(Rest.size(), Close + 1));
      continue;
    }
    if (!Rest.consume_front("."))
      break;
    size_t Next = Rest.find_first_of(".*[");
    llvm::StringRef Field = Rest.take_front(Next);
    Rest = Next == llvm::StringRef::npos ? "" : Rest.drop_front(Next);
    std::string F = shortName(Field);
    if (Out.empty())
      Out = F;
    else
      Out += (TypeRoot && Out == Root ? "::" : ".") + F;
  }
  return Out;
}

static bool isAncestorOrSelf(const program::Program &P, unsigned Ancestor, unsigned Frame) {
  for (int F = static_cast<int>(Frame); F >= 0; F = P.Frames[F].Parent) {
    if (static_cast<unsigned>(F) == Ancestor)
      return true;
    if (P.Frames[F].Spawned)
      return false;
  }
  return false;
}

std::optional<unsigned> outerAcquisition(const program::Program &P, unsigned Index,
                                         llvm::StringRef Lock) {
  const program::ConcreteAcquisition &A = P.acquisitions()[Index];
  for (unsigned J = Index; J-- > 0;) {
    const program::ConcreteAcquisition &B = P.acquisitions()[J];
    if (B.Thread == A.Thread && B.Lock == Lock && B.Frame < P.Frames.size() &&
        A.Frame < P.Frames.size() && isAncestorOrSelf(P, B.Frame, A.Frame))
      return J;
  }
  return std::nullopt;
}

void addCallNotes(const program::Program &P, unsigned From, unsigned To,
                  llvm::StringRef HeldName, std::vector<RelatedLocation> &Out) {
  std::vector<unsigned> Chain;
  for (int F = static_cast<int>(To); F >= 0 && static_cast<unsigned>(F) != From;
       F = P.Frames[F].Parent) {
    if (P.Frames[F].Spawned)
      return; // not on one thread's stack: no call path to show
    Chain.push_back(static_cast<unsigned>(F));
  }
  for (unsigned F : llvm::reverse(Chain)) {
    std::string Callee = shortName(P.Frames[F].Callee);
    Callee = Callee == "lambda" ? "lambda" : "`" + Callee + "`";
    Out.push_back({P.Frames[F].CallSite,
                   Callee + " called here while `" + HeldName.str() + "` is held"});
  }
}

} // namespace interlock::checks
