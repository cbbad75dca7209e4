#include "models/NoReturn.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"

using namespace clang;

namespace interlock::models {
namespace {

constexpr unsigned MaxDepth = 8; // die() -> fatal() -> abort(): a chain, never a cycle

bool neverReturns(const FunctionDecl *FD, unsigned Depth);

class ReturnFinder : public RecursiveASTVisitor<ReturnFinder> {
public:
  bool Found = false;
  bool VisitReturnStmt(ReturnStmt *) { return !(Found = true); }
  bool TraverseLambdaExpr(LambdaExpr *) { return true; } // its returns are its own
  bool TraverseBlockExpr(BlockExpr *) { return true; }
};

/// The statement is a call that never returns, or a throw.
bool endsTheFunction(const Stmt *S, unsigned Depth) {
  const auto *E = dyn_cast_or_null<Expr>(S);
  if (!E)
    return false;
  E = E->IgnoreImplicit()->IgnoreParenCasts();
  if (isa<CXXThrowExpr>(E))
    return true;
  const auto *C = dyn_cast<CallExpr>(E);
  return C && neverReturns(C->getDirectCallee(), Depth + 1);
}

bool neverReturns(const FunctionDecl *FD, unsigned Depth) {
  if (!FD)
    return false;
  if (FD->isNoReturn())
    return true;
  if (Depth > MaxDepth)
    return false;
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD); MD && MD->isVirtual())
    return false; // an override may return
  const FunctionDecl *Def = nullptr;
  if (!FD->hasBody(Def) || !Def)
    return false;
  const auto *Body = dyn_cast_or_null<CompoundStmt>(Def->getBody());
  if (!Body || Body->body_empty() || !endsTheFunction(Body->body_back(), Depth))
    return false;
  ReturnFinder F;
  F.TraverseStmt(const_cast<CompoundStmt *>(Body));
  return !F.Found;
}

} // namespace

bool neverReturns(const FunctionDecl *FD) { return neverReturns(FD, 0); }

bool blockNeverContinues(const CFGBlock &B) {
  if (B.hasNoReturnElement())
    return true;
  for (const CFGElement &E : B)
    if (auto S = E.getAs<CFGStmt>())
      if (const auto *C = dyn_cast<CallExpr>(S->getStmt()))
        if (neverReturns(C->getDirectCallee()))
          return true;
  return false;
}

} // namespace interlock::models
