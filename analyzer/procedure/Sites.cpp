#include "procedure/Sites.h"

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

} // namespace interlock::procedure
