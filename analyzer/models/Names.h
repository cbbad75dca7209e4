//===- Names.h - Recognizing library declarations by name -----------------===//
//
// The helpers every model uses to ask "is this std::X / pthread_X / an annotated lock?".
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_MODELS_NAMES_H
#define INTERLOCK_MODELS_NAMES_H

#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Type.h"
#include "llvm/ADT/StringRef.h"

#include <initializer_list>

namespace interlock::models {

/// The class a type names, through references, pointers, typedefs and templates.
const clang::CXXRecordDecl *recordOf(clang::QualType T);

/// True for a class declared in namespace std (inline namespaces too) named one of Names.
bool isStdClass(const clang::CXXRecordDecl *RD, std::initializer_list<llvm::StringRef> Names);
bool isStdType(clang::QualType T, std::initializer_list<llvm::StringRef> Names);

/// True for a free function in std named one of Names.
bool isStdFunction(const clang::FunctionDecl *FD, std::initializer_list<llvm::StringRef> Names);

/// True for a C function (extern "C" or global) with one of these names.
bool isCFunction(const clang::FunctionDecl *FD, std::initializer_list<llvm::StringRef> Names);

bool isOneOf(llvm::StringRef Name, std::initializer_list<llvm::StringRef> Names);

} // namespace interlock::models

#endif
