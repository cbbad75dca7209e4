#include "procedure/Sites.h"

#include "clang/AST/ExprCXX.h"
#include "clang/Basic/FileManager.h"
#include "llvm/Support/Path.h"

namespace interlock::procedure {

SourceLoc siteOf(const clang::SourceManager &SM, clang::SourceLocation Loc) {
  clang::PresumedLoc P = SM.getPresumedLoc(SM.getExpansionLoc(Loc));
  if (P.isInvalid())
    return {};
  llvm::SmallString<256> File(P.getFilename());
  SM.getFileManager().makeAbsolutePath(File);
  llvm::sys::path::remove_dots(File, /*remove_dot_dot=*/true);
  return {std::string(File), P.getLine(), P.getColumn()};
}

/// The operand whose begin is S's begin, for the expressions Clang computes that way.
static const clang::Stmt *leftOperand(const clang::Stmt *S) {
  using namespace clang;
  if (const auto *BO = dyn_cast<BinaryOperator>(S))
    return BO->getLHS();
  if (const auto *CO = dyn_cast<ConditionalOperator>(S))
    return CO->getCond();
  if (const auto *BC = dyn_cast<BinaryConditionalOperator>(S))
    return BC->getCommon();
  if (const auto *IC = dyn_cast<ImplicitCastExpr>(S))
    return IC->getSubExpr();
  if (const auto *UO = dyn_cast<UnaryOperator>(S); UO && UO->isPostfix())
    return UO->getSubExpr();
  if (const auto *AS = dyn_cast<ArraySubscriptExpr>(S))
    return AS->getLHS();
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(S)) {
    OverloadedOperatorKind K = OC->getOperator();
    bool Prefix = OC->getNumArgs() == 1 && K != OO_Arrow && K != OO_Call && K != OO_Subscript;
    if (!Prefix && OC->getNumArgs() >= 1)
      return OC->getArg(0);
  }
  return nullptr;
}

clang::SourceLocation BeginLocs::of(const clang::Stmt *S) {
  llvm::SmallVector<const clang::Stmt *, 16> Chain;
  clang::SourceLocation Loc;
  while (true) {
    if (auto It = Known.find(S); It != Known.end()) {
      Loc = It->second;
      break;
    }
    const clang::Stmt *Next = leftOperand(S);
    if (!Next) {
      Loc = S->getBeginLoc();
      Known[S] = Loc;
      break;
    }
    Chain.push_back(S);
    S = Next;
  }
  for (const clang::Stmt *C : Chain)
    Known[C] = Loc;
  return Loc;
}

} // namespace interlock::procedure
