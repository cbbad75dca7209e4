#include "procedure/LockEffectScan.h"

#include "models/LockModels.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;

namespace interlock::procedure {
namespace {

class BodyScan : public RecursiveASTVisitor<BodyScan> {
public:
  explicit BodyScan(LockEffectScan &Scan) : Scan(Scan) {}
  bool Found = false;

  bool VisitCallExpr(CallExpr *C) {
    if (models::classifyLockCall(C)) {
      Found = true;
      return false;
    }
    if (const FunctionDecl *Callee = C->getDirectCallee(); Callee && Scan.mayAffectLocks(Callee)) {
      Found = true;
      return false;
    }
    return true;
  }
  bool TraverseLambdaExpr(LambdaExpr *) { return true; } // runs when called, not here

private:
  LockEffectScan &Scan;
};

} // namespace

bool LockEffectScan::mayAffectLocks(const FunctionDecl *FD) {
  if (!FD)
    return false;
  const FunctionDecl *Def = FD->getDefinition();
  const SourceManager &SM = FD->getASTContext().getSourceManager();
  const FunctionDecl *Where = Def ? Def : FD;
  if (SM.isInSystemHeader(SM.getExpansionLoc(Where->getLocation())))
    return false; // the library's calls are modelled (models/), not followed
  if (!Def || !Def->getBody())
    return true; // defined in another TU
  auto [It, New] = Memo.try_emplace(Def, InProgress);
  if (!New)
    return It->second == Yes; // recursion: the cycle adds nothing by itself
  BodyScan Scan(*this);
  Scan.TraverseStmt(Def->getBody());
  Memo[Def] = Scan.Found ? Yes : No;
  return Scan.Found;
}

} // namespace interlock::procedure
