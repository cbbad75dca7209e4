#include "models/Names.h"

#include "clang/AST/DeclTemplate.h"

using namespace clang;

namespace interlock::models {

bool isOneOf(llvm::StringRef Name, std::initializer_list<llvm::StringRef> Names) {
  for (llvm::StringRef N : Names)
    if (Name == N)
      return true;
  return false;
}

const CXXRecordDecl *recordOf(QualType T) {
  if (T.isNull())
    return nullptr;
  T = T.getNonReferenceType();
  if (const auto *PT = T->getAs<PointerType>())
    T = PT->getPointeeType();
  return T->getAsCXXRecordDecl();
}

static bool inStd(const DeclContext *DC) {
  while (DC) {
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC)) {
      if (NS->isInline()) {
        DC = DC->getParent();
        continue;
      }
      return NS->getName() == "std" && NS->getParent()->isTranslationUnit();
    }
    return false;
  }
  return false;
}

bool isStdClass(const CXXRecordDecl *RD, std::initializer_list<llvm::StringRef> Names) {
  if (!RD || !RD->getIdentifier())
    return false;
  return isOneOf(RD->getName(), Names) && inStd(RD->getDeclContext());
}

bool isStdType(QualType T, std::initializer_list<llvm::StringRef> Names) {
  if (T.isNull())
    return false;
  return isStdClass(T.getNonReferenceType()->getAsCXXRecordDecl(), Names);
}

bool isStdFunction(const FunctionDecl *FD, std::initializer_list<llvm::StringRef> Names) {
  if (!FD || !FD->getIdentifier())
    return false;
  return isOneOf(FD->getName(), Names) && inStd(FD->getDeclContext());
}

bool isCFunction(const FunctionDecl *FD, std::initializer_list<llvm::StringRef> Names) {
  if (!FD || !FD->getIdentifier())
    return false;
  const DeclContext *DC = FD->getDeclContext()->getRedeclContext();
  if (!DC->isTranslationUnit() && !DC->isExternCContext())
    return false;
  return isOneOf(FD->getName(), Names);
}

} // namespace interlock::models
