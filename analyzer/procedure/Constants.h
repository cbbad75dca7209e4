//===- Constants.h - Integer constants the analysis can key on -------------===//
//
// Case labels, constant call arguments and call signatures all need "this expression
// is the integer N" for N that fits in 64 bits; one definition keeps them agreeing.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_PROCEDURE_CONSTANTS_H
#define INTERLOCK_PROCEDURE_CONSTANTS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"

#include <cstdint>
#include <optional>

namespace interlock::procedure {

inline std::optional<int64_t> integerConstant(const clang::Expr *E,
                                              const clang::ASTContext &Ctx) {
  clang::Expr::EvalResult R;
  if (!E || E->isValueDependent() || !E->EvaluateAsInt(R, Ctx) ||
      R.Val.getInt().getActiveBits() >= 64)
    return std::nullopt;
  return R.Val.getInt().getExtValue();
}

} // namespace interlock::procedure

#endif
