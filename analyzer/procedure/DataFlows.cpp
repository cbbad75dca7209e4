#include "procedure/DataFlows.h"

#include "procedure/FunctionAnalyzer.h"
#include "procedure/FunctionFlows.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"

using namespace clang;

namespace interlock::procedure {
namespace {

bool isDataPointer(QualType T) {
  T = T.getNonReferenceType();
  return T->isPointerType() && !T->isFunctionPointerType();
}

/// A path component for a field, as PathBuilder spells it.
std::string fieldComponent(const FieldDecl *F) {
  return "." + F->getParent()->getNameAsString() + "::" + F->getNameAsString();
}

/// Allocation functions whose result is a new object.
bool isAllocation(const FunctionDecl *F) {
  if (!F || !F->getIdentifier())
    return false;
  return llvm::is_contained({"malloc", "calloc", "realloc", "strdup", "strndup",
                             "aligned_alloc", "valloc", "memalign", "reallocarray"},
                            F->getName());
}

/// A name usable inside a path: no `.`, `*`, `[` (path syntax) in template arguments.
std::string pathSafe(std::string S) {
  for (char &C : S)
    if (C == '.' || C == '*' || C == '[' || C == ']' || C == ' ')
      C = '_';
  return S;
}

/// The node of a method's `this` (none in a lambda, whose `this` is its enclosing
/// method's, nor in a static function).
std::optional<std::string> thisNode(const FunctionDecl *FD) {
  const auto *M = dyn_cast_or_null<CXXMethodDecl>(FD);
  if (!M || M->isStatic() || M->getParent()->isLambda())
    return std::nullopt;
  return "p:" + usrOf(M->getCanonicalDecl()) + "#this";
}

/// Facts `o:<object> -> k:<Class>` for the class of an object and each of its bases:
/// points-to keeps, of several objects a pointer may hold, those whose class has the
/// field accessed (program/PointsTo.h).
void classFacts(const std::string &Object, QualType T, std::vector<summary::FunctionFlow> &Out) {
  const auto *RD = T.isNull() ? nullptr : T->getAsRecordDecl();
  if (!RD || !RD->getIdentifier())
    return;
  Out.push_back({Object, "k:" + RD->getNameAsString()});
  if (const auto *CXX = dyn_cast<CXXRecordDecl>(RD); CXX && CXX->hasDefinition())
    CXX->forallBases([&](const CXXRecordDecl *Base) {
      if (Base->getIdentifier())
        Out.push_back({Object, "k:" + Base->getNameAsString()});
      return true;
    });
}

class Flows {
public:
  Flows(ASTContext &Ctx, const FunctionDecl *FD, const PathBuilder &Paths,
        const std::set<summary::Path> *Unlinked, std::vector<summary::FunctionFlow> &Out)
      : Ctx(Ctx), FD(FD), Paths(Paths), Unlinked(Unlinked), Out(Out) {}

  /// The sources of the value of pointer expression E.
  std::vector<std::string> sources(const Expr *E) const {
    std::vector<std::string> S;
    if (!E)
      return S;
    E = E->IgnoreParens();
    if (const auto *CE = dyn_cast<CastExpr>(E)) {
      switch (CE->getCastKind()) {
      case CK_ArrayToPointerDecay:
        return addressOf(CE->getSubExpr());
      case CK_LValueToRValue:
        if (std::optional<std::string> C = cell(CE->getSubExpr()))
          S.push_back(*C);
        return S;
      case CK_NullToPointer:
      case CK_IntegralToPointer:
      case CK_FunctionToPointerDecay:
        return S;
      default:
        if (auto Back = containerOf(CE))
          return *Back;
        S = sources(CE->getSubExpr());
        if (const auto *Call = dyn_cast<CallExpr>(CE->getSubExpr()->IgnoreParenCasts());
            Call && isAllocation(Call->getDirectCallee())) // `(conn *)malloc(...)`
          for (const std::string &O : S)
            if (llvm::StringRef(O).starts_with("o:H:"))
              classFacts(O, CE->getType()->getPointeeType(), Out);
        return S;
      }
    }
    if (const auto *U = dyn_cast<UnaryOperator>(E)) {
      if (U->getOpcode() == UO_AddrOf)
        return addressOf(U->getSubExpr());
      if (U->isIncrementDecrementOp())
        return sources(U->getSubExpr());
      return S;
    }
    if (const auto *B = dyn_cast<BinaryOperator>(E)) {
      if (B->getOpcode() == BO_Comma || B->isAssignmentOp())
        return sources(B->getRHS());
      if (B->isAdditiveOp()) // pointer arithmetic stays inside the object
        return sources(B->getLHS()->getType()->isPointerType() ? B->getLHS() : B->getRHS());
      return S;
    }
    if (const auto *CO = dyn_cast<AbstractConditionalOperator>(E)) {
      S = sources(CO->getTrueExpr());
      llvm::append_range(S, sources(CO->getFalseExpr()));
      return S;
    }
    if (isa<CXXThisExpr>(E)) {
      if (std::optional<std::string> This = thisNode(FD))
        S.push_back(*This);
      return S;
    }
    if (const auto *New = dyn_cast<CXXNewExpr>(E)) {
      S.push_back(allocation(E));
      classFacts(S.back(), New->getAllocatedType(), Out);
      return S;
    }
    if (const auto *C = dyn_cast<CallExpr>(E))
      return callResult(C);
    if (isa<DeclRefExpr, MemberExpr, ArraySubscriptExpr>(E)) // a glvalue used directly
      if (std::optional<std::string> C = cell(E))
        S.push_back(*C);
    return S;
  }

  /// The node of the memory a pointer lvalue E lives in.
  std::optional<std::string> cell(const Expr *E) const {
    E = E->IgnoreParenImpCasts();
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
      const auto *V = dyn_cast<VarDecl>(DRE->getDecl());
      if (!V || DRE->refersToEnclosingVariableOrCapture())
        return std::nullopt;
      return varCell(V);
    }
    if (const auto *ME = dyn_cast<MemberExpr>(E)) {
      if (const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl()))
        return "m:" + fieldComponent(F);
      if (const auto *V = dyn_cast<VarDecl>(ME->getMemberDecl())) // static member
        if (std::optional<summary::Path> Root = Paths.varRoot(V, false))
          return "m:" + *Root;
      return std::nullopt;
    }
    if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
      // Every element of an array of pointers is one node: the array's.
      const Expr *Base = AS->getBase()->IgnoreParenImpCasts();
      if (Base->getType()->isArrayType())
        return cell(Base);
    }
    return std::nullopt;
  }

  /// The node of a pointer variable's memory.
  std::optional<std::string> varCell(const VarDecl *V) const {
    if (V->getType()->isReferenceType())
      return std::nullopt;
    if (V->hasGlobalStorage()) {
      std::optional<summary::Path> Root = Paths.varRoot(V, false);
      return Root ? std::optional("m:" + *Root) : std::nullopt;
    }
    if (const auto *P = dyn_cast<ParmVarDecl>(V)) {
      const auto *Owner = dyn_cast_or_null<FunctionDecl>(P->getDeclContext());
      if (!Owner)
        return std::nullopt;
      return paramNode(Owner, P->getFunctionScopeIndex());
    }
    if (!FD)
      return std::nullopt;
    return "l:" + usrOf(FD) + "#" + Paths.key(V);
  }

  void flow(const std::vector<std::string> &Srcs, const std::optional<std::string> &Dst) {
    if (!Dst)
      return;
    for (const std::string &S : Srcs)
      if (S != *Dst)
        Out.push_back({S, *Dst});
  }

  /// Flows of an initializer of type T into the memory of node Dst.
  void init(const Expr *Init, QualType T, const std::optional<std::string> &Dst) {
    if (!Init)
      return;
    const auto *ILE = dyn_cast<InitListExpr>(Init->IgnoreParenImpCasts());
    if (!ILE) {
      if (isDataPointer(T) && !unlinked(Init))
        flow(sources(Init), Dst);
      return;
    }
    if (const ArrayType *A = T->getAsArrayTypeUnsafe()) {
      for (const Expr *E : ILE->inits())
        init(E, A->getElementType(), Dst);
      return;
    }
    const RecordDecl *RD = T->getAsRecordDecl();
    if (!RD || !RD->getDefinition() || RD->isUnion())
      return;
    unsigned I = 0;
    for (const FieldDecl *F : RD->getDefinition()->fields()) {
      if (I >= ILE->getNumInits())
        break;
      const Expr *E = ILE->getInit(I++);
      init(E, F->getType(), "m:" + fieldComponent(F));
    }
  }

  /// An element taken out of a list this function relinks stays the taker's own.
  bool unlinked(const Expr *E) const {
    if (!Unlinked)
      return false;
    std::optional<summary::Path> L = Paths.lvalue(E->IgnoreParenImpCasts());
    return L && Unlinked->count(*L);
  }

  /// The sources of the address of the object a member call runs on.
  std::vector<std::string> objectAddress(const Expr *Object) const {
    return Object->getType()->isPointerType() ? sources(Object) : addressOf(Object);
  }

  const FunctionDecl *function() const { return FD; }
  std::string returnNode() const { return "r:" + usrOf(FD->getCanonicalDecl()); }

private:
  /// Source B with the address of field Component taken (`&b->f`); nullopt where B
  /// already goes back to a container.
  static std::optional<std::string> withField(const std::string &B,
                                              const std::string &Component) {
    size_t Bar = B.find('|');
    if (Bar != std::string::npos && B.compare(Bar, 2, "|-") == 0)
      return std::nullopt;
    if (llvm::StringRef(B).starts_with("o:")) // an object: its field is an object
      return Bar == std::string::npos ? B + Component
                                      : B.substr(0, Bar) + Component + B.substr(Bar);
    return Bar == std::string::npos ? B + "|" + Component : B + Component;
  }

  std::vector<std::string> addressOf(const Expr *L) const {
    std::vector<std::string> S;
    L = L->IgnoreParens();
    if (const auto *DRE = dyn_cast<DeclRefExpr>(L)) {
      if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()); V && V->hasGlobalStorage())
        if (std::optional<summary::Path> Root = Paths.varRoot(V, false))
          S.push_back("o:" + *Root);
      return S; // a local's address: the frame's own object, as before points-to
    }
    if (const auto *ME = dyn_cast<MemberExpr>(L)) {
      const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl());
      if (!F)
        return addressOfStatic(ME);
      std::vector<std::string> Base =
          ME->isArrow() ? sources(ME->getBase()) : addressOf(ME->getBase());
      for (const std::string &B : Base)
        if (std::optional<std::string> Field = withField(B, fieldComponent(F)))
          S.push_back(*Field);
      return S;
    }
    if (const auto *AS = dyn_cast<ArraySubscriptExpr>(L)) {
      const Expr *Base = AS->getBase()->IgnoreParenImpCasts();
      return Base->getType()->isArrayType() ? addressOf(Base) : sources(AS->getBase());
    }
    if (const auto *U = dyn_cast<UnaryOperator>(L); U && U->getOpcode() == UO_Deref)
      return sources(U->getSubExpr());
    return S;
  }

  std::vector<std::string> addressOfStatic(const MemberExpr *ME) const {
    std::vector<std::string> S;
    if (const auto *V = dyn_cast<VarDecl>(ME->getMemberDecl()))
      if (std::optional<summary::Path> Root = Paths.varRoot(V, false))
        S.push_back("o:" + *Root);
    return S;
  }

  /// `(T *)((char *)p - offsetof(T, f))`: back from field f to the T containing it.
  std::optional<std::vector<std::string>> containerOf(const CastExpr *CE) const {
    const auto *Sub = dyn_cast<BinaryOperator>(CE->getSubExpr()->IgnoreParenCasts());
    if (!Sub || Sub->getOpcode() != BO_Sub || !Sub->getLHS()->getType()->isPointerType())
      return std::nullopt;
    const auto *Off = dyn_cast<OffsetOfExpr>(Sub->getRHS()->IgnoreParenCasts());
    if (!Off || Off->getNumComponents() == 0)
      return std::nullopt;
    const OffsetOfNode &Last = Off->getComponent(Off->getNumComponents() - 1);
    if (Last.getKind() != OffsetOfNode::Field)
      return std::nullopt;
    std::vector<std::string> S;
    for (const std::string &B : sources(Sub->getLHS()))
      if (B.find('|') == std::string::npos)
        S.push_back(B + "|-" + fieldComponent(Last.getField()));
    return S;
  }

  std::string allocation(const Expr *E) const {
    const SourceManager &SM = Ctx.getSourceManager();
    PresumedLoc P = SM.getPresumedLoc(SM.getExpansionLoc(E->getBeginLoc()));
    std::string Where = FD ? pathSafe(FD->getNameAsString()) : "global";
    if (P.isValid())
      Where += "@" + std::to_string(P.getLine()) + ":" + std::to_string(P.getColumn());
    return "o:H:" + Where;
  }

  std::vector<std::string> callResult(const CallExpr *C) const {
    std::vector<std::string> S;
    const FunctionDecl *Callee = C->getDirectCallee();
    if (!Callee)
      return S;
    if (isAllocation(Callee)) {
      S.push_back(allocation(C));
      if (Callee->getName() == "realloc" && C->getNumArgs() > 0)
        llvm::append_range(S, sources(C->getArg(0)));
      return S;
    }
    std::string Usr = usrOf(Callee->getCanonicalDecl());
    S.push_back("r:" + Usr);
    // Without a body in the program, the result may be any object of its type.
    if (const RecordDecl *RD = C->getType()->getPointeeType()->getAsRecordDecl())
      if (RD->getIdentifier())
        S.push_back("o:T:" + RD->getNameAsString() + "|?" + Usr);
    return S;
  }

  ASTContext &Ctx;
  const FunctionDecl *FD;
  const PathBuilder &Paths;
  const std::set<summary::Path> *Unlinked;
  std::vector<summary::FunctionFlow> &Out;
};

class FlowCollector : public RecursiveASTVisitor<FlowCollector> {
public:
  explicit FlowCollector(Flows &F) : F(F) {}
  bool shouldVisitLambdaBody() const { return false; } // lambdas are their own functions

  bool VisitBinaryOperator(BinaryOperator *B) {
    if (B->getOpcode() == BO_Assign && isDataPointer(B->getLHS()->getType()) &&
        !F.unlinked(B->getRHS()))
      F.flow(F.sources(B->getRHS()), F.cell(B->getLHS()));
    return true;
  }
  bool VisitVarDecl(VarDecl *VD) {
    if (!isa<ParmVarDecl>(VD) && VD->getInit() && !VD->getType()->isReferenceType())
      F.init(VD->getInit(), VD->getType(), local(VD));
    return true;
  }
  bool VisitReturnStmt(ReturnStmt *RS) {
    if (RS->getRetValue() && isDataPointer(RS->getRetValue()->getType()))
      F.flow(F.sources(RS->getRetValue()), F.returnNode());
    return true;
  }
  bool VisitCallExpr(CallExpr *C) {
    const FunctionDecl *Callee = C->getDirectCallee();
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(C))
      memberCall(MC);
    if (!Callee || isSystem(Callee))
      return true;
    unsigned Base = isa<CXXOperatorCallExpr>(C) && isa<CXXMethodDecl>(Callee) ? 1 : 0;
    for (unsigned I = Base; I < C->getNumArgs(); ++I)
      if (unsigned Param = I - Base; Param < Callee->getNumParams() &&
                                     isDataPointer(Callee->getParamDecl(Param)->getType()))
        F.flow(F.sources(C->getArg(I)), paramNode(Callee, Param));
    return true;
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *C) {
    const CXXConstructorDecl *Ctor = C->getConstructor();
    if (isSystem(Ctor))
      return true;
    for (unsigned I = 0; I < C->getNumArgs() && I < Ctor->getNumParams(); ++I)
      if (isDataPointer(Ctor->getParamDecl(I)->getType()))
        F.flow(F.sources(C->getArg(I)), paramNode(Ctor, I));
    return true;
  }

private:
  /// `obj->method()` binds `this`; `queue.emplace(fn, arg)` stores the pointers into the
  /// element, any of its pointer fields (the container's own code is not read).
  void memberCall(const CXXMemberCallExpr *MC) {
    const CXXMethodDecl *M = MC->getMethodDecl();
    if (!M)
      return;
    if (!isSystem(M)) {
      if (std::optional<std::string> This = thisNode(M))
        F.flow(F.objectAddress(MC->getImplicitObjectArgument()), This);
      return;
    }
    QualType ElemType = insertedElementType(MC);
    const RecordDecl *Elem = ElemType.isNull() ? nullptr : ElemType->getAsRecordDecl();
    if (!Elem || !Elem->getDefinition())
      return;
    for (const Expr *Arg : MC->arguments())
      if (isDataPointer(Arg->getType()))
        for (const FieldDecl *Field : Elem->getDefinition()->fields())
          if (isDataPointer(Field->getType()))
            F.flow(F.sources(Arg), "m:" + fieldComponent(Field));
  }
  std::optional<std::string> local(const VarDecl *VD) const { return F.varCell(VD); }
  static bool isSystem(const FunctionDecl *Callee) {
    const SourceManager &SM = Callee->getASTContext().getSourceManager();
    return SM.isInSystemHeader(SM.getExpansionLoc(Callee->getLocation()));
  }

  Flows &F;
};

void dedupe(std::vector<summary::FunctionFlow> &Out) {
  llvm::sort(Out);
  Out.erase(std::unique(Out.begin(), Out.end()), Out.end());
}

} // namespace

void collectDataFlows(ASTContext &Ctx, const FunctionDecl *FD, const PathBuilder &Paths,
                      const std::set<summary::Path> &Unlinked,
                      std::vector<summary::FunctionFlow> &Out) {
  Flows F(Ctx, FD, Paths, &Unlinked, Out);
  // A virtual call binds the parameters of the method it names; the overrider runs.
  forEachOverridden(FD, [&](const CXXMethodDecl *Base) {
    for (unsigned I = 0; I < FD->getNumParams() && I < Base->getNumParams(); ++I)
      if (isDataPointer(FD->getParamDecl(I)->getType()))
        F.flow({paramNode(Base, I)}, paramNode(FD, I));
    F.flow({*thisNode(Base)}, thisNode(FD));
  });
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(FD))
    for (const CXXCtorInitializer *I : Ctor->inits())
      if (const FieldDecl *Field = I->getMember())
        F.init(I->getInit(), Field->getType(), "m:" + fieldComponent(Field));
  FlowCollector(F).TraverseStmt(FD->getBody());
  dedupe(Out);
}

void collectGlobalDataFlows(ASTContext &Ctx, const VarDecl *VD,
                            std::vector<summary::FunctionFlow> &Out) {
  PathBuilder Paths(Ctx, nullptr);
  std::optional<summary::Path> Root = Paths.varRoot(VD, false);
  if (Root)
    classFacts("o:" + *Root, VD->getType(), Out);
  if (!VD->getInit())
    return;
  Flows F(Ctx, nullptr, Paths, nullptr, Out);
  if (Root)
    F.init(VD->getInit(), VD->getType(), "m:" + *Root);
}

} // namespace interlock::procedure
