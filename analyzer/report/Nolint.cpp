#include "report/Nolint.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/MemoryBuffer.h"

namespace interlock {
namespace {

/// Does `Text` contain Marker, optionally followed by a check list naming Check?
bool matches(llvm::StringRef Text, llvm::StringRef Marker, llvm::StringRef Check) {
  for (size_t Pos = Text.find(Marker); Pos != llvm::StringRef::npos;
       Pos = Text.find(Marker, Pos + 1)) {
    llvm::StringRef Rest = Text.drop_front(Pos + Marker.size());
    if (Marker == "NOLINT" && Rest.starts_with("NEXTLINE"))
      continue;
    if (!Rest.starts_with("("))
      return true;
    llvm::StringRef List = Rest.drop_front(1).take_until([](char C) { return C == ')'; });
    llvm::SmallVector<llvm::StringRef, 4> Globs;
    List.split(Globs, ',');
    for (llvm::StringRef G : Globs) {
      auto Pat = llvm::GlobPattern::create(G.trim());
      if (Pat && Pat->match(Check))
        return true;
      if (!Pat)
        llvm::consumeError(Pat.takeError());
    }
  }
  return false;
}

} // namespace

bool isSuppressed(llvm::StringRef Line, llvm::StringRef Previous, llvm::StringRef Check) {
  return matches(Line, "NOLINT", Check) || matches(Previous, "NOLINTNEXTLINE", Check);
}

void removeSuppressed(std::vector<Finding> &Findings) {
  llvm::StringMap<std::vector<llvm::StringRef>> Lines;
  std::vector<std::unique_ptr<llvm::MemoryBuffer>> Buffers;
  auto LinesOf = [&](const std::string &File) -> const std::vector<llvm::StringRef> & {
    auto It = Lines.find(File);
    if (It != Lines.end())
      return It->second;
    std::vector<llvm::StringRef> &L = Lines[File];
    if (auto Buf = llvm::MemoryBuffer::getFile(File, /*IsText=*/true)) {
      llvm::SmallVector<llvm::StringRef, 0> Split;
      (*Buf)->getBuffer().split(Split, '\n');
      L.assign(Split.begin(), Split.end());
      Buffers.push_back(std::move(*Buf));
    }
    return L;
  };
  llvm::erase_if(Findings, [&](const Finding &F) {
    if (!F.Primary.valid())
      return false;
    const std::vector<llvm::StringRef> &L = LinesOf(F.Primary.File);
    unsigned N = F.Primary.Line;
    if (N == 0 || N > L.size())
      return false;
    return isSuppressed(L[N - 1], N >= 2 ? L[N - 2] : "", F.CheckId);
  });
}

} // namespace interlock
