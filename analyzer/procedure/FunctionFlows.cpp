#include "procedure/FunctionFlows.h"

#include "procedure/FunctionAnalyzer.h"

#include "models/Names.h"
#include "models/ThreadModels.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/CXXInheritance.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/STLExtras.h"

using namespace clang;

namespace interlock::procedure {
namespace {

bool holdsFunctionPointer(QualType T) {
  T = T.getNonReferenceType();
  return T->isFunctionPointerType() || T->isFunctionReferenceType() ||
         T->isMemberFunctionPointerType() || isCallableWrapper(T);
}

/// The element type of a standard container (its first template argument), or null.
QualType elementType(const CXXRecordDecl *Container) {
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(Container);
  if (!Spec || Spec->getTemplateArgs().size() == 0 ||
      Spec->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
    return QualType();
  return Spec->getTemplateArgs()[0].getAsType();
}

/// A type that may carry function pointers inside (a struct of handlers, a table).
bool mayContainFunctionPointers(QualType T) {
  T = T.getNonReferenceType();
  if (holdsFunctionPointer(T))
    return true;
  if (const ArrayType *A = T->getAsArrayTypeUnsafe())
    return mayContainFunctionPointers(A->getElementType());
  if (const RecordDecl *RD = T->getAsRecordDecl())
    if (const RecordDecl *Def = RD->getDefinition())
      return llvm::any_of(Def->fields(), [](const FieldDecl *F) {
        return mayContainFunctionPointers(F->getType());
      });
  return false;
}

/// Field-based; the members of a union are one node (libuv's `f.in = entry;
/// pthread_create(..., f.out, ...)` type pun).
std::string fieldNode(const FieldDecl *F) {
  if (F->getParent()->isUnion())
    return "f:" + usrOf(F->getParent()) + "#union";
  return "f:" + usrOf(F);
}

void addFlows(const std::vector<std::string> &Srcs, const std::string &Dst,
              std::vector<summary::FunctionFlow> &Out) {
  for (const std::string &S : Srcs)
    if (S != Dst)
      Out.push_back({S, Dst});
}

/// Flows of an initializer of type T into Dst (the variable's, or the field's node).
void initFlows(const Expr *Init, QualType T, const std::string &Dst,
               std::vector<summary::FunctionFlow> &Out) {
  if (!Init)
    return;
  const auto *ILE = dyn_cast<InitListExpr>(Init->IgnoreParenImpCasts());
  if (!ILE) {
    if (holdsFunctionPointer(T) || holdsFunctionPointer(Init->getType()))
      addFlows(functionValueNodes(Init), Dst, Out);
    return;
  }
  if (const ArrayType *A = T->getAsArrayTypeUnsafe()) {
    for (const Expr *E : ILE->inits())
      initFlows(E, A->getElementType(), Dst, Out);
    return;
  }
  const RecordDecl *RD = T->getAsRecordDecl();
  if (!RD || !RD->getDefinition())
    return;
  unsigned I = 0;
  for (const FieldDecl *F : RD->getDefinition()->fields()) {
    if (I >= ILE->getNumInits())
      break;
    const Expr *E = ILE->getInit(I++);
    if (mayContainFunctionPointers(F->getType()))
      initFlows(E, F->getType(), fieldNode(F), Out);
  }
}

/// `queue.emplace(fn, arg)` / `push_back({fn, arg})` into a standard container whose
/// elements are records: the function may land in any function pointer field of the
/// element (the container's own code is not analyzed).
void containerInsertFlows(const CXXMemberCallExpr *MC, std::vector<summary::FunctionFlow> &Out) {
  QualType ElemType = insertedElementType(MC);
  if (ElemType.isNull())
    return;
  // A queue of callables (`std::deque<std::function<void()>>`): the container's own
  // node holds what was pushed; `q.front()` reads it back (functionValueNodes).
  if (holdsFunctionPointer(ElemType)) {
    for (const std::string &Dst : functionValueNodes(MC->getImplicitObjectArgument()))
      for (const Expr *Arg : MC->arguments())
        addFlows(functionValueNodes(Arg), Dst, Out);
    return;
  }
  const RecordDecl *Elem = ElemType->getAsRecordDecl();
  if (!Elem || !Elem->getDefinition())
    return;
  for (const Expr *Arg : MC->arguments()) {
    std::vector<std::string> Srcs = functionValueNodes(Arg);
    if (Srcs.empty())
      if (const auto *ILE = dyn_cast<InitListExpr>(Arg->IgnoreParenImpCasts()))
        for (const Expr *E : ILE->inits())
          llvm::append_range(Srcs, functionValueNodes(E));
    for (const FieldDecl *F : Elem->getDefinition()->fields())
      if (holdsFunctionPointer(F->getType()))
        addFlows(Srcs, fieldNode(F), Out);
  }
}

/// An object of class RD is constructed (as a complete object, not a base): each of
/// its virtual methods dispatches to its final overrider, so the overrider's address
/// flows into the method's dispatch node (`vt:USR`, what a virtual call of it calls).
void constructionFlows(const CXXRecordDecl *RD, std::vector<summary::FunctionFlow> &Out) {
  if (!RD || !RD->hasDefinition())
    return;
  RD = RD->getDefinition();
  if (!RD->isDynamicClass() || RD->isDependentContext())
    return;
  CXXFinalOverriderMap Overriders;
  RD->getFinalOverriders(Overriders);
  for (const auto &[Method, BySubobject] : Overriders)
    for (const auto &[Subobject, Finals] : BySubobject)
      for (const UniqueVirtualMethod &Final : Finals)
        addFlows({"fn:" + usrOf(Final.Method->getCanonicalDecl())},
                 dispatchNode(Method), Out);
}

void constructionFlows(const CXXConstructExpr *C, std::vector<summary::FunctionFlow> &Out) {
  if (C->getConstructionKind() == CXXConstructionKind::Complete)
    constructionFlows(C->getConstructor()->getParent(), Out);
}

/// `std::make_unique<Worker>()` / `make_shared`: the construction is inside the
/// standard library, whose bodies are not analyzed; the template argument says what.
void factoryFlows(const CallExpr *C, std::vector<summary::FunctionFlow> &Out) {
  const FunctionDecl *Callee = C->getDirectCallee();
  if (!models::isStdFunction(Callee, {"make_unique", "make_shared", "allocate_shared"}))
    return;
  if (const TemplateArgumentList *Args = Callee->getTemplateSpecializationArgs();
      Args && Args->size() > 0 && Args->get(0).getKind() == TemplateArgument::Type)
    constructionFlows(Args->get(0).getAsType()->getAsCXXRecordDecl(), Out);
}

/// `std::thread(run_it, [] { ... })`: the thread's arguments flow into its start
/// routine's parameters (the thread library's own forwarding is not analyzed).
void spawnArgumentFlows(const Expr *E, std::vector<summary::FunctionFlow> &Out) {
  std::optional<models::SpawnCall> S = models::classifySpawn(E);
  if (!S || S->Api == "pthread_create")
    return;
  const auto *DRE = dyn_cast<DeclRefExpr>(S->Callable->IgnoreParenImpCasts());
  if (const auto *M = dyn_cast_or_null<MaterializeTemporaryExpr>(S->Callable))
    DRE = dyn_cast<DeclRefExpr>(M->getSubExpr()->IgnoreParenImpCasts());
  const auto *Entry = DRE ? dyn_cast<FunctionDecl>(DRE->getDecl()) : nullptr;
  if (!Entry || isa<CXXMethodDecl>(Entry))
    return;
  for (unsigned I = 0; I < S->Args.size() && I < Entry->getNumParams(); ++I)
    if (holdsFunctionPointer(Entry->getParamDecl(I)->getType()))
      addFlows(functionValueNodes(S->Args[I]), paramNode(Entry, I), Out);
}

class FlowCollector : public RecursiveASTVisitor<FlowCollector> {
public:
  FlowCollector(const FunctionDecl *FD, std::vector<summary::FunctionFlow> &Out)
      : FD(FD), Out(Out) {}
  bool shouldVisitLambdaBody() const { return false; } // lambdas are their own functions

  bool VisitBinaryOperator(BinaryOperator *B) {
    if (B->getOpcode() == BO_Assign && mayContainFunctionPointers(B->getLHS()->getType()))
      for (const std::string &Dst : functionValueNodes(B->getLHS()))
        initFlows(B->getRHS(), B->getLHS()->getType(), Dst, Out);
    return true;
  }
  bool VisitVarDecl(VarDecl *VD) {
    if (!isa<ParmVarDecl>(VD) && VD->getInit() && mayContainFunctionPointers(VD->getType()))
      initFlows(VD->getInit(), VD->getType(), "v:" + usrOf(VD), Out);
    return true;
  }
  bool VisitReturnStmt(ReturnStmt *RS) {
    if (RS->getRetValue() && holdsFunctionPointer(RS->getRetValue()->getType()))
      addFlows(functionValueNodes(RS->getRetValue()), "r:" + usrOf(FD->getCanonicalDecl()),
               Out);
    return true;
  }
  bool VisitCallExpr(CallExpr *C) {
    factoryFlows(C, Out);
    spawnArgumentFlows(C, Out);
    if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(C);
        OC && OC->getOperator() == OO_Equal && OC->getNumArgs() == 2 &&
        isCallableWrapper(OC->getArg(0)->getType())) // `job = [&] { ... };`
      for (const std::string &Dst : functionValueNodes(OC->getArg(0)))
        addFlows(functionValueNodes(OC->getArg(1)), Dst, Out);
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(C))
      containerInsertFlows(MC, Out);
    const FunctionDecl *Callee = C->getDirectCallee();
    if (!Callee)
      return true;
    unsigned Base = isa<CXXOperatorCallExpr>(C) && isa<CXXMethodDecl>(Callee) ? 1 : 0;
    for (unsigned I = Base; I < C->getNumArgs(); ++I) {
      unsigned Param = I - Base;
      if (Param >= Callee->getNumParams())
        break;
      if (mayContainFunctionPointers(Callee->getParamDecl(Param)->getType()) ||
          holdsFunctionPointer(C->getArg(I)->getType()))
        initFlows(C->getArg(I), Callee->getParamDecl(Param)->getType(),
                  paramNode(Callee, Param), Out);
    }
    return true;
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *C) {
    constructionFlows(C, Out);
    spawnArgumentFlows(C, Out);
    const CXXConstructorDecl *Ctor = C->getConstructor();
    for (unsigned I = 0; I < C->getNumArgs() && I < Ctor->getNumParams(); ++I)
      if (holdsFunctionPointer(Ctor->getParamDecl(I)->getType()))
        addFlows(functionValueNodes(C->getArg(I)), paramNode(Ctor, I), Out);
    return true;
  }

private:
  const FunctionDecl *FD;
  std::vector<summary::FunctionFlow> &Out;
};

} // namespace

std::string paramNode(const FunctionDecl *FD, unsigned Index) {
  return "p:" + usrOf(FD->getCanonicalDecl()) + "#" + std::to_string(Index);
}

QualType insertedElementType(const CXXMemberCallExpr *MC) {
  const CXXMethodDecl *M = MC->getMethodDecl();
  if (!M || !M->getIdentifier())
    return QualType();
  llvm::StringRef Name = M->getName();
  if (!Name.starts_with("emplace") && !Name.starts_with("push") && Name != "insert")
    return QualType();
  return elementType(M->getParent());
}

bool isCallableWrapper(QualType T) {
  return models::isStdType(T, {"function", "move_only_function", "copyable_function"});
}

std::string dispatchNode(const CXXMethodDecl *M) {
  return "vt:" + usrOf(M->getCanonicalDecl());
}

std::vector<std::string> functionValueNodes(const Expr *E) {
  std::vector<std::string> Out;
  if (!E)
    return Out;
  E = E->IgnoreParenCasts();
  if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E))
    return functionValueNodes(M->getSubExpr());
  if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(E))
    return functionValueNodes(B->getSubExpr());
  if (const auto *EC = dyn_cast<ExprWithCleanups>(E))
    return functionValueNodes(EC->getSubExpr());
  if (const auto *L = dyn_cast<LambdaExpr>(E)) // a lambda made into a std::function
    return {"fn:" + usrOf(L->getCallOperator()->getCanonicalDecl())};
  if (const auto *C = dyn_cast<CXXConstructExpr>(E)) {
    // std::function built from a callable, or copied / moved.
    if (C->getNumArgs() >= 1 && isCallableWrapper(C->getType()))
      return functionValueNodes(C->getArg(0));
    return Out;
  }
  if (const auto *C = dyn_cast<CallExpr>(E);
      C && models::isStdFunction(C->getDirectCallee(), {"move", "forward"}) &&
      C->getNumArgs() == 1)
    return functionValueNodes(C->getArg(0));
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
    // An element of a queue of callables: `q.front()`, `q.back()`, `v[i]`.
    const CXXMethodDecl *M = MC->getMethodDecl();
    if (M && M->getIdentifier() && models::isOneOf(M->getName(), {"front", "back", "top", "at"}) &&
        holdsFunctionPointer(elementType(M->getParent())))
      return functionValueNodes(MC->getImplicitObjectArgument());
  }
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E);
      OC && OC->getOperator() == OO_Subscript && OC->getNumArgs() == 2)
    if (const auto *M = dyn_cast_or_null<CXXMethodDecl>(OC->getDirectCallee());
        M && holdsFunctionPointer(elementType(M->getParent())))
      return functionValueNodes(OC->getArg(0));
  if (const auto *U = dyn_cast<UnaryOperator>(E)) {
    if (U->getOpcode() == UO_AddrOf || U->getOpcode() == UO_Deref)
      return functionValueNodes(U->getSubExpr());
    return Out;
  }
  if (const auto *CO = dyn_cast<AbstractConditionalOperator>(E)) {
    Out = functionValueNodes(CO->getTrueExpr());
    llvm::append_range(Out, functionValueNodes(CO->getFalseExpr()));
    return Out;
  }
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    const ValueDecl *D = DRE->getDecl();
    if (const auto *F = dyn_cast<FunctionDecl>(D)) {
      Out.push_back("fn:" + usrOf(F->getCanonicalDecl()));
    } else if (const auto *P = dyn_cast<ParmVarDecl>(D)) {
      if (const auto *Owner = dyn_cast_or_null<FunctionDecl>(P->getDeclContext()))
        Out.push_back(paramNode(Owner, P->getFunctionScopeIndex()));
    } else if (const auto *V = dyn_cast<VarDecl>(D)) {
      Out.push_back("v:" + usrOf(V->getCanonicalDecl()));
    }
    return Out;
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    if (const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl()))
      Out.push_back(fieldNode(F));
    else if (const auto *M = dyn_cast<CXXMethodDecl>(ME->getMemberDecl()); M && M->isStatic())
      Out.push_back("fn:" + usrOf(M->getCanonicalDecl()));
    return Out;
  }
  if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E))
    return functionValueNodes(AS->getBase());
  if (const auto *C = dyn_cast<CallExpr>(E)) {
    if (const FunctionDecl *Callee = C->getDirectCallee())
      if (holdsFunctionPointer(Callee->getReturnType()))
        Out.push_back("r:" + usrOf(Callee->getCanonicalDecl()));
    return Out;
  }
  return Out;
}

void collectFunctionFlows(const FunctionDecl *FD, std::vector<summary::FunctionFlow> &Out) {
  FlowCollector V(FD, Out);
  // A virtual call binds its arguments to the parameters of the method it names; the
  // overrider that runs receives them (`env->Schedule(&BGWork, this)`).
  forEachOverridden(FD, [&](const CXXMethodDecl *Base) {
    for (unsigned I = 0; I < FD->getNumParams() && I < Base->getNumParams(); ++I)
      if (mayContainFunctionPointers(FD->getParamDecl(I)->getType()))
        addFlows({paramNode(Base, I)}, paramNode(FD, I), Out);
  });
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(FD))
    for (const CXXCtorInitializer *I : Ctor->inits())
      if (const FieldDecl *F = I->getMember(); F && mayContainFunctionPointers(F->getType()))
        initFlows(I->getInit(), F->getType(), fieldNode(F), Out);
  V.TraverseStmt(FD->getBody());
  dedupeFunctionFlows(Out);
}

void collectGlobalFunctionFlows(const VarDecl *VD, std::vector<summary::FunctionFlow> &Out) {
  if (VD->getInit() && mayContainFunctionPointers(VD->getType()))
    initFlows(VD->getInit(), VD->getType(), "v:" + usrOf(VD->getCanonicalDecl()), Out);
  if (const auto *C = dyn_cast_or_null<CXXConstructExpr>(
          VD->getInit() ? VD->getInit()->IgnoreImplicit() : nullptr))
    constructionFlows(C, Out); // `static Server server;`
}

void dedupeFunctionFlows(std::vector<summary::FunctionFlow> &Flows) {
  llvm::sort(Flows);
  Flows.erase(std::unique(Flows.begin(), Flows.end()), Flows.end());
}

} // namespace interlock::procedure
