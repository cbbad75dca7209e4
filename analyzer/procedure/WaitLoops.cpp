#include "procedure/WaitLoops.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Lex/Lexer.h"

using namespace clang;

namespace interlock::procedure {
namespace {

/// Does E read anything but the function's own local values?
class SharedReadFinder : public RecursiveASTVisitor<SharedReadFinder> {
public:
  bool Found = false;
  bool VisitDeclRefExpr(DeclRefExpr *E) {
    const auto *V = dyn_cast<VarDecl>(E->getDecl());
    if (!V)
      return true;
    if (!V->hasLocalStorage() || V->getType()->isReferenceType() ||
        E->refersToEnclosingVariableOrCapture())
      Found = true;
    return true;
  }
  bool VisitMemberExpr(MemberExpr *) { return Found = true; }
  bool VisitCallExpr(CallExpr *) { return Found = true; }
  bool VisitCXXThisExpr(CXXThisExpr *) { return Found = true; }
  bool VisitUnaryOperator(UnaryOperator *U) {
    if (U->getOpcode() == UO_Deref)
      Found = true;
    return true;
  }
  bool VisitArraySubscriptExpr(ArraySubscriptExpr *) { return Found = true; }
};

bool readsShared(const Stmt *S) {
  if (!S)
    return false;
  SharedReadFinder F;
  F.TraverseStmt(const_cast<Stmt *>(S));
  return F.Found;
}

bool isConstantTrue(const Expr *Cond) {
  if (!Cond)
    return true; // for (;;)
  if (const auto *B = dyn_cast<CXXBoolLiteralExpr>(Cond->IgnoreParenImpCasts()))
    return B->getValue();
  if (const auto *I = dyn_cast<IntegerLiteral>(Cond->IgnoreParenImpCasts()))
    return I->getValue() != 0;
  return false;
}

bool leavesByReturn(const Stmt *S) {
  if (!S)
    return false;
  if (isa<ReturnStmt>(S))
    return true;
  return llvm::any_of(S->children(), [](const Stmt *C) { return leavesByReturn(C); });
}

/// Does S contain a `break` or `return` that leaves Loop (not an inner loop or switch)?
bool leaves(const Stmt *S) {
  if (!S)
    return false;
  if (isa<ReturnStmt>(S) || isa<BreakStmt>(S))
    return true;
  if (isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt, SwitchStmt, LambdaExpr>(S))
    return llvm::any_of(S->children(), [](const Stmt *C) {
      // an inner loop's return still leaves; its break does not
      return C && !isa<BreakStmt>(C) && leavesByReturn(C);
    });
  return llvm::any_of(S->children(), [](const Stmt *C) { return leaves(C); });
}

/// The body of an endless loop tests shared state on a way out.
class ExitTestFinder : public RecursiveASTVisitor<ExitTestFinder> {
public:
  bool Found = false;
  bool VisitIfStmt(IfStmt *If) {
    if (readsShared(If->getCond()) && (leaves(If->getThen()) || leaves(If->getElse())))
      Found = true;
    return true;
  }
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
};

} // namespace

bool waitIsRechecked(ASTContext &Ctx, const Expr *Wait) {
  DynTypedNodeList Parents = Ctx.getParents(*Wait);
  while (!Parents.empty()) {
    // `int r = pthread_cond_wait(...)`: the wait's parent is the variable, whose parent
    // is its DeclStmt; go through to the statement.
    if (const auto *V = Parents[0].get<VarDecl>(); V && V->isLocalVarDecl()) {
      Parents = Ctx.getParents(*V);
      continue;
    }
    const Stmt *P = Parents[0].get<Stmt>();
    if (!P)
      return false; // reached the function (or a lambda's call operator)
    if (isa<LambdaExpr>(P))
      return false;
    const Expr *Cond = nullptr;
    const Stmt *Body = nullptr;
    bool IsLoop = true;
    if (const auto *W = dyn_cast<WhileStmt>(P)) {
      Cond = W->getCond();
      Body = W->getBody();
    } else if (const auto *D = dyn_cast<DoStmt>(P)) {
      Cond = D->getCond();
      Body = D->getBody();
    } else if (const auto *F = dyn_cast<ForStmt>(P)) {
      Cond = F->getCond();
      Body = F->getBody();
    } else {
      IsLoop = false;
    }
    if (IsLoop) {
      if (!isConstantTrue(Cond) && readsShared(Cond))
        return true;
      if (isConstantTrue(Cond)) {
        ExitTestFinder F;
        F.TraverseStmt(const_cast<Stmt *>(Body));
        if (F.Found)
          return true;
      }
    }
    Parents = Ctx.getParents(*P);
  }
  return false;
}

std::string waitApi(ASTContext &Ctx, const CallExpr *Wait) {
  const FunctionDecl *Callee = Wait->getDirectCallee();
  std::string Name = Callee && Callee->getIdentifier() ? Callee->getName().str() : "wait";
  const auto *MC = dyn_cast<CXXMemberCallExpr>(Wait);
  if (!MC)
    return Name;
  const Expr *Obj = MC->getImplicitObjectArgument();
  std::string Text;
  if (Obj && !Obj->getBeginLoc().isMacroID() && !Obj->getEndLoc().isMacroID())
    Text = Lexer::getSourceText(CharSourceRange::getTokenRange(Obj->getSourceRange()),
                                Ctx.getSourceManager(), Ctx.getLangOpts())
               .str();
  if (Text.empty())
    if (const auto *ME = dyn_cast_or_null<MemberExpr>(Obj ? Obj->IgnoreImpCasts() : nullptr))
      Text = ME->getMemberDecl()->getName().str();
  const auto *ME = dyn_cast<MemberExpr>(MC->getCallee()->IgnoreParens());
  return Text.empty() ? Name : Text + (ME && ME->isArrow() ? "->" : ".") + Name;
}

} // namespace interlock::procedure
