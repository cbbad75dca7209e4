#include "procedure/ArrayIndex.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/Support/raw_ostream.h"

using namespace clang;

namespace interlock::procedure {
namespace {

constexpr unsigned MaxDepth = 4; // `int k = a->id;` through a few copies, no further

/// The computed indexes on the way down an lvalue (or the pointee of a pointer).
llvm::SmallVector<const Expr *, 2> computedIndexes(const Expr *E, ASTContext &Ctx) {
  llvm::SmallVector<const Expr *, 2> Out;
  while (E) {
    E = E->IgnoreParenCasts();
    if (const auto *UO = dyn_cast<UnaryOperator>(E);
        UO && (UO->getOpcode() == UO_AddrOf || UO->getOpcode() == UO_Deref)) {
      E = UO->getSubExpr();
    } else if (const auto *ME = dyn_cast<MemberExpr>(E)) {
      E = ME->getBase();
    } else if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
      const Expr *Idx = AS->getIdx();
      Expr::EvalResult R;
      if (Idx->isValueDependent() || !Idx->EvaluateAsInt(R, Ctx))
        Out.push_back(Idx);
      E = AS->getBase();
    } else {
      break;
    }
  }
  return Out;
}

class ModifiedVars : public RecursiveASTVisitor<ModifiedVars> {
public:
  llvm::DenseSet<const VarDecl *> Vars;
  void add(const Expr *E) {
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()))
      if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()))
        Vars.insert(V);
  }
  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (BO->isAssignmentOp())
      add(BO->getLHS());
    return true;
  }
  bool VisitUnaryOperator(UnaryOperator *UO) {
    if (UO->isIncrementDecrementOp() || UO->getOpcode() == UO_AddrOf)
      add(UO->getSubExpr());
    return true;
  }
};

} // namespace

std::string ArrayIndex::text(const Expr *E) const {
  std::string S;
  llvm::raw_string_ostream OS(S);
  for (const Expr *Idx : computedIndexes(E, Ctx)) {
    if (!S.empty())
      OS << ",";
    Idx->IgnoreParenImpCasts()->printPretty(OS, nullptr, Ctx.getPrintingPolicy());
  }
  return OS.str();
}

void ArrayIndex::collectModified() {
  ModifiedVars V;
  if (FD->getBody())
    V.TraverseStmt(FD->getBody());
  Modified = std::move(V.Vars);
}

bool ArrayIndex::derived(const Expr *E, unsigned Depth) {
  E = E->IgnoreParenCasts();
  if (isa<IntegerLiteral>(E))
    return true;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    const auto *V = dyn_cast<VarDecl>(DRE->getDecl());
    if (!V)
      return false;
    if (!Modified)
      collectModified();
    if (Modified->count(V))
      return false;
    if (const auto *P = dyn_cast<ParmVarDecl>(V))
      return P->getDeclContext() == FD;
    if (DRE->refersToEnclosingVariableOrCapture()) // a lambda's copy of the loop's `i`
      if (const auto *MD = dyn_cast<CXXMethodDecl>(FD); MD && MD->getParent()->isLambda())
        for (const LambdaCapture &C : MD->getParent()->captures())
          if (C.capturesVariable() && C.getCapturedVar() == V)
            return C.getCaptureKind() == LCK_ByCopy;
    return Depth < MaxDepth && V->isLocalVarDecl() && V->hasInit() &&
           derived(V->getInit(), Depth + 1);
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E)) // `a->id`, `args.id`
    return derived(ME->getBase(), Depth);
  if (const auto *UO = dyn_cast<UnaryOperator>(E); UO && UO->getOpcode() == UO_Deref)
    return derived(UO->getSubExpr(), Depth); // `*(int *)arg`
  return false;
}

bool ArrayIndex::fromParameters(const Expr *E) {
  llvm::SmallVector<const Expr *, 2> Indexes = computedIndexes(E, Ctx);
  return !Indexes.empty() &&
         llvm::all_of(Indexes, [&](const Expr *Idx) { return derived(Idx, 0); });
}

std::optional<unsigned> ArrayIndex::parameter(const Expr *E) {
  llvm::SmallVector<const Expr *, 2> Indexes = computedIndexes(E, Ctx);
  if (Indexes.size() != 1)
    return std::nullopt;
  const auto *DRE = dyn_cast<DeclRefExpr>(Indexes.front()->IgnoreParenCasts());
  const auto *P = DRE ? dyn_cast<ParmVarDecl>(DRE->getDecl()) : nullptr;
  if (!P || P->getDeclContext() != FD)
    return std::nullopt;
  if (!Modified)
    collectModified();
  if (Modified->count(P))
    return std::nullopt;
  return P->getFunctionScopeIndex();
}

} // namespace interlock::procedure
