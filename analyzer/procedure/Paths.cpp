#include "procedure/Paths.h"

#include "models/DataModels.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/xxhash.h"

using namespace clang;

namespace interlock::procedure {

PathBuilder::PathBuilder(ASTContext &Ctx, const FunctionDecl *Fn) : Ctx(Ctx), Fn(Fn) {
  if (const auto *MD = dyn_cast_or_null<CXXMethodDecl>(Fn))
    if (MD->getParent()->isLambda())
      Lambda = MD->getParent();
}

std::string PathBuilder::key(const ValueDecl *D) const {
  const SourceManager &SM = Ctx.getSourceManager();
  PresumedLoc P = SM.getPresumedLoc(SM.getExpansionLoc(D->getLocation()));
  std::string K = D->getName().str();
  if (P.isValid())
    K += "@" + std::to_string(P.getLine()) + ":" + std::to_string(P.getColumn());
  return K;
}

static std::string globalName(const VarDecl *V, const SourceManager &SM) {
  std::string Name;
  if (V->isStaticLocal()) {
    if (const auto *F = dyn_cast<FunctionDecl>(V->getDeclContext()->getNonClosureAncestor()))
      Name = F->getQualifiedNameAsString() + "()::";
    Name += V->getName().str();
  } else {
    Name = V->getQualifiedNameAsString();
  }
  if (!V->isExternallyVisible() || V->isStaticLocal()) {
    PresumedLoc P = SM.getPresumedLoc(SM.getExpansionLoc(V->getLocation()));
    if (P.isValid())
      Name += "@" + llvm::utohexstr(llvm::xxh3_64bits(llvm::StringRef(P.getFilename())));
  }
  return "G:" + Name;
}

bool PathBuilder::capturedByCopy(const VarDecl *V) const {
  if (!Lambda)
    return false;
  for (const LambdaCapture &C : Lambda->captures())
    if (C.capturesVariable() && C.getCapturedVar() == V)
      return C.getCaptureKind() == LCK_ByCopy;
  return false;
}

std::optional<Path> PathBuilder::varRoot(const VarDecl *V, bool RefersToCapture) const {
  if (V->getTLSKind() != VarDecl::TLS_None)
    return std::nullopt;
  if (V->hasGlobalStorage()) {
    const SourceManager &SM = Ctx.getSourceManager();
    if (SM.isInSystemHeader(SM.getExpansionLoc(V->getLocation())))
      return std::nullopt; // std::cout, errno, stdout: the library's business
    return globalName(V, SM);
  }
  if (auto It = Aliases.find(V); It != Aliases.end())
    return It->second;
  if (RefersToCapture || (Lambda && V->getDeclContext() != Fn)) {
    if (capturedByCopy(V))
      return "C:" + key(V);
    return "R:" + key(V);
  }
  if (const auto *P = dyn_cast<ParmVarDecl>(V)) {
    if (P->getType()->isReferenceType() && P->getDeclContext() == Fn)
      return "P" + std::to_string(P->getFunctionScopeIndex());
    if (P->getType()->isReferenceType())
      return std::nullopt;
    return "L:" + key(V);
  }
  if (V->getType()->isReferenceType())
    return std::nullopt; // a reference we could not follow
  return "L:" + key(V);
}

std::optional<Path> PathBuilder::lock(const Expr *E, bool IsPointer) const {
  AnyIndex = true;
  std::optional<Path> P = IsPointer ? pointee(E) : lvalue(E);
  AnyIndex = false;
  return P;
}

std::optional<Path> PathBuilder::pointeeAnyIndex(const Expr *E) const {
  AnyIndex = true;
  std::optional<Path> P = pointee(E);
  AnyIndex = false;
  return P;
}

std::optional<Path> PathBuilder::lvalueAnyIndex(const Expr *E) const {
  AnyIndex = true;
  std::optional<Path> P = lvalue(E);
  AnyIndex = false;
  return P;
}

std::optional<Path> PathBuilder::handleAnyIndex(const Expr *E) const {
  AnyIndex = true;
  std::optional<Path> P = handle(E);
  AnyIndex = false;
  return P;
}

void PathBuilder::addPublication(const VarDecl *Var, unsigned At, Path Target) {
  auto [It, New] = Published.try_emplace(Var, At, std::move(Target));
  if (!New && At < It->second.first)
    It->second = {At, std::move(Target)};
}

void PathBuilder::addLockPointsTo(const VarDecl *Var, Path Target) {
  LockPointsTo[Var] = std::move(Target);
}

std::optional<Path> PathBuilder::pointeeOfVar(const VarDecl *V, bool RefersToCapture) const {
  if (auto It = PointsTo.find(V); It != PointsTo.end())
    return It->second;
  if (AnyIndex)
    if (auto It = LockPointsTo.find(V); It != LockPointsTo.end())
      return It->second;
  if (auto It = Published.find(V); It != Published.end() && CurrentOffset > It->second.first)
    return It->second.second;
  if (const auto *P = dyn_cast<ParmVarDecl>(V); P && P->getDeclContext() == Fn &&
                                                !RefersToCapture && !Lambda)
    return "P" + std::to_string(P->getFunctionScopeIndex()) + "*";
  if (const auto *P = dyn_cast<ParmVarDecl>(V); P && P->getDeclContext() == Fn && Lambda)
    return "P" + std::to_string(P->getFunctionScopeIndex()) + "*";
  std::optional<Path> Root = varRoot(V, RefersToCapture);
  if (!Root)
    return std::nullopt;
  return *Root + "*";
}

void PathBuilder::addAlias(const VarDecl *Var, Path Target) { Aliases[Var] = std::move(Target); }
void PathBuilder::addPointsTo(const VarDecl *Var, Path Target) {
  PointsTo[Var] = std::move(Target);
}
void PathBuilder::addRangeVar(const VarDecl *Var, const Expr *Range) { RangeVars[Var] = Range; }

static const Expr *strip(const Expr *E) {
  while (true) {
    E = E->IgnoreParens();
    if (const auto *IC = dyn_cast<ImplicitCastExpr>(E)) {
      switch (IC->getCastKind()) {
      case CK_NoOp:
      case CK_DerivedToBase:
      case CK_UncheckedDerivedToBase:
      case CK_LValueToRValue:
        E = IC->getSubExpr();
        continue;
      default:
        return E;
      }
    }
    if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E))
      return M;
    return E;
  }
}

std::optional<Path> PathBuilder::lvalue(const Expr *E) const {
  E = strip(E);
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()))
      return varRoot(V, DRE->refersToEnclosingVariableOrCapture());
    return std::nullopt;
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    const ValueDecl *Member = ME->getMemberDecl();
    if (const auto *V = dyn_cast<VarDecl>(Member))
      return varRoot(V, false); // static data member
    const auto *FD = dyn_cast<FieldDecl>(Member);
    if (!FD)
      return std::nullopt;
    std::optional<Path> Base = ME->isArrow() ? pointee(ME->getBase()) : lvalue(ME->getBase());
    if (!Base)
      return std::nullopt;
    std::string Field = "." + FD->getParent()->getNameAsString() + "::" + FD->getNameAsString();
    if (FD->getType()->isReferenceType())
      Field += "*";
    return *Base + Field;
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
    if (UO->getOpcode() == UO_Deref)
      return pointee(UO->getSubExpr());
    return std::nullopt;
  }
  if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
    Expr::EvalResult R;
    const Expr *Idx = AS->getIdx();
    bool Constant = !Idx->isValueDependent() && Idx->EvaluateAsInt(R, Ctx);
    if (!Constant && !AnyIndex)
      return std::nullopt; // a computed index: elements may differ, say nothing
    std::optional<Path> Base = pointee(AS->getBase());
    if (!Base)
      return std::nullopt;
    if (!Constant)
      return *Base + "[*]";
    return *Base + "[" + std::to_string(R.Val.getInt().getExtValue()) + "]";
  }
  return std::nullopt;
}

std::optional<Path> PathBuilder::pointee(const Expr *E) const {
  E = E->IgnoreParens();
  while (true) {
    E = E->IgnoreParens();
    if (const auto *CE = dyn_cast<CastExpr>(E)) {
      CastKind K = CE->getCastKind();
      if (K == CK_ArrayToPointerDecay)
        return lvalue(CE->getSubExpr());
      if (K == CK_LValueToRValue) {
        const Expr *Sub = strip(CE->getSubExpr());
        if (const auto *DRE = dyn_cast<DeclRefExpr>(Sub))
          if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()))
            return pointeeOfVar(V, DRE->refersToEnclosingVariableOrCapture());
        std::optional<Path> L = lvalue(Sub);
        if (!L)
          return std::nullopt;
        return *L + "*";
      }
      if (K == CK_NoOp || K == CK_BitCast || K == CK_DerivedToBase ||
          K == CK_UncheckedDerivedToBase || K == CK_BaseToDerived ||
          K == CK_Dependent || K == CK_FunctionToPointerDecay) {
        E = CE->getSubExpr();
        continue;
      }
      return std::nullopt;
    }
    break;
  }
  if (isa<CXXThisExpr>(E))
    return Path("this");
  if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
    if (UO->getOpcode() == UO_AddrOf)
      return lvalue(UO->getSubExpr());
    return std::nullopt;
  }
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) // a pointer lvalue used as an operand
    if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()))
      return pointeeOfVar(V, DRE->refersToEnclosingVariableOrCapture());
  return std::nullopt;
}

std::optional<Path> PathBuilder::handle(const Expr *E) const {
  E = strip(E);
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()))
      if (auto It = RangeVars.find(V); It != RangeVars.end())
        return handle(It->second);
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E))
    if (OC->getOperator() == OO_Subscript && OC->getNumArgs() >= 1)
      return handle(OC->getArg(0));
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E))
    if (const auto *MD = MC->getMethodDecl(); MD && models::isStdContainer(MD->getParent()))
      return handle(MC->getImplicitObjectArgument());
  if (E->getType()->isPointerType())
    return pointee(E);
  return lvalue(E);
}

std::string displayName(llvm::StringRef P) {
  while (P.ends_with("*") || P.ends_with("]")) {
    if (P.ends_with("*"))
      P = P.drop_back();
    else if (size_t Open = P.rfind('['); Open != llvm::StringRef::npos)
      P = P.take_front(Open);
    else // a `]` that opens no index (in a name): no element to strip
      break;
  }
  if (size_t Dot = P.rfind('.'); Dot != llvm::StringRef::npos)
    P = P.drop_front(Dot + 1);
  if (size_t Slash = P.rfind('/'); Slash != llvm::StringRef::npos)
    P = P.drop_front(Slash + 1);
  if (P.size() > 2 && P[1] == ':')
    P = P.drop_front(2);
  P = P.take_front(P.find('@'));
  if (size_t Colons = P.rfind("::"); Colons != llvm::StringRef::npos)
    P = P.drop_front(Colons + 2);
  return P.str();
}

} // namespace interlock::procedure
