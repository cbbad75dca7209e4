#include "procedure/TUAnalyzer.h"

#include "procedure/FunctionAnalyzer.h"
#include "procedure/DataFlows.h"
#include "procedure/FunctionFlows.h"
#include "procedure/LockEffectScan.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"

#include "llvm/ADT/DenseSet.h"

using namespace clang;

namespace interlock::procedure {
namespace {

class FunctionCollector : public RecursiveASTVisitor<FunctionCollector> {
public:
  FunctionCollector(ASTContext &Ctx, summary::TUSummary &Out) : Ctx(Ctx), Out(Out) {}
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitLambdaBody() const { return true; }

  bool VisitFunctionDecl(FunctionDecl *FD) {
    consider(FD);
    return true;
  }
  bool VisitLambdaExpr(LambdaExpr *LE) {
    consider(LE->getCallOperator());
    return true;
  }
  bool VisitVarDecl(VarDecl *VD) {
    // A global struct without initializer still tells points-to its type.
    if (VD->hasGlobalStorage() && !VD->isStaticLocal() &&
        (VD->getInit() || (VD->getType()->isRecordType() &&
                           VD->isThisDeclarationADefinition() == VarDecl::Definition)) &&
        !VD->isTemplated() &&
        !Ctx.getSourceManager().isInSystemHeader(
            Ctx.getSourceManager().getExpansionLoc(VD->getLocation())))
    {
      collectGlobalFunctionFlows(VD, Out.GlobalFunctionFlows);
      collectGlobalDataFlows(Ctx, VD, Out.GlobalDataFlows);
    }
    return true;
  }

private:
  void consider(const FunctionDecl *FD) {
    if (!FD || !FD->doesThisDeclarationHaveABody() || FD->isDependentContext() ||
        FD->isTemplated() || !FD->getBody())
      return;
    const SourceManager &SM = Ctx.getSourceManager();
    SourceLocation Loc = SM.getExpansionLoc(FD->getLocation());
    if (Loc.isInvalid() || SM.isInSystemHeader(Loc))
      return;
    if (!Seen.insert(FD).second)
      return;
    if (std::optional<summary::FunctionSummary> S = analyzeFunction(Ctx, FD, &Scan))
      Out.Functions.push_back(std::move(*S));
  }

  ASTContext &Ctx;
  summary::TUSummary &Out;
  llvm::DenseSet<const FunctionDecl *> Seen;
  LockEffectScan Scan;
};

class SummaryConsumer : public ASTConsumer {
public:
  SummaryConsumer(SourceManager &SM, summary::TUSummary &Out) : SM(SM), Out(Out) {}
  bool shouldSkipFunctionBody(Decl *D) override {
    return SM.isInSystemHeader(SM.getExpansionLoc(D->getLocation()));
  }
  void HandleTranslationUnit(ASTContext &Ctx) override {
    // Warnings clang makes errors by default leave a whole AST (the driver says so).
    if (Ctx.getDiagnostics().hasUnrecoverableErrorOccurred())
      return;
    summarizeAST(Ctx, Out);
  }

private:
  SourceManager &SM;
  summary::TUSummary &Out;
};

class SummaryAction : public ASTFrontendAction {
public:
  explicit SummaryAction(summary::TUSummary *Out) : Out(Out) {}
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 llvm::StringRef File) override {
    Out->MainFile = File.str();
    return std::make_unique<SummaryConsumer>(CI.getSourceManager(), *Out);
  }
  bool BeginInvocation(CompilerInstance &CI) override {
    CI.getFrontendOpts().SkipFunctionBodies = true;
    return true;
  }

private:
  summary::TUSummary *Out;
};

class Factory : public tooling::FrontendActionFactory {
public:
  explicit Factory(summary::TUSummary *Out) : Out(Out) {}
  std::unique_ptr<FrontendAction> create() override {
    return std::make_unique<SummaryAction>(Out);
  }

private:
  summary::TUSummary *Out;
};

} // namespace

void summarizeAST(ASTContext &Ctx, summary::TUSummary &Out) {
  FunctionCollector(Ctx, Out).TraverseAST(Ctx);
  dedupeFunctionFlows(Out.GlobalFunctionFlows); // once, not per global
  dedupeFunctionFlows(Out.GlobalDataFlows);
}

std::unique_ptr<tooling::FrontendActionFactory>
newSummaryActionFactory(summary::TUSummary *Out) {
  return std::make_unique<Factory>(Out);
}

} // namespace interlock::procedure
