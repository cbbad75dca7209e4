//===- ArrayIndex.h - What a computed array index is made of --------------===//
//
// Elements with a computed index are named `[*]` (any element). Two facts about the
// index keep that from hiding protection or inventing sharing:
//  - its text (`i`, `h % N`), so a lock in a lock array guards the data element with the
//    same index (`lock(&locks[i]); data[i]++`), and
//  - whether it comes from the function's parameters only (`slots[id]`, `slots[a->id]`,
//    a copy of either): in a thread's start function, that thread's own slot.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_PROCEDURE_ARRAYINDEX_H
#define INTERLOCK_PROCEDURE_ARRAYINDEX_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"

#include "llvm/ADT/DenseSet.h"

#include <optional>
#include <string>

namespace interlock::procedure {

class ArrayIndex {
public:
  ArrayIndex(clang::ASTContext &Ctx, const clang::FunctionDecl *FD) : Ctx(Ctx), FD(FD) {}

  /// The computed indexes of an lvalue or of the object a pointer points to
  /// (`data[i]`, `&locks[i]`, `t[i].x[j]`), as source text joined by `,`; "" if none.
  std::string text(const clang::Expr *E) const;
  /// Every computed index of E comes from parameters (through casts, fields of what a
  /// parameter points to, locals initialized once from those, copies captured by a
  /// lambda), and there is at least one.
  bool fromParameters(const clang::Expr *E);
  /// The parameter that is E's one computed index itself (through casts), if any.
  std::optional<unsigned> parameter(const clang::Expr *E);

private:
  bool derived(const clang::Expr *E, unsigned Depth);
  void collectModified();

  clang::ASTContext &Ctx;
  const clang::FunctionDecl *FD;
  std::optional<llvm::DenseSet<const clang::VarDecl *>> Modified; // assigned after init
};

} // namespace interlock::procedure

#endif
