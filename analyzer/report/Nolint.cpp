//===- Nolint.cpp - NOLINT comments, read the way clang-tidy reads them ----===//
//
// The tokenizer and the block matching follow clang-tidy's NoLintDirectiveHandler: the
// raw text is searched for NOLINT (comments are not parsed, as there), a check list is
// the text up to the first `)` on the same line, and an END closes the innermost open
// BEGIN only if both carry the same list.
//
//===----------------------------------------------------------------------===//
#include "report/Nolint.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/MemoryBuffer.h"

#include <map>
#include <optional>

namespace interlock {
namespace {

enum class NolintKind { Line, NextLine, Begin, End };

struct NolintToken {
  NolintKind Kind;
  unsigned Line;
  unsigned Column;
  std::optional<std::string> Checks; // none: every check
};

/// Does the list (none: every check) name Check? Globs are clang-tidy's `*` patterns.
bool names(const std::optional<std::string> &Checks, llvm::StringRef Check) {
  if (!Checks)
    return true;
  llvm::SmallVector<llvm::StringRef, 4> Globs;
  llvm::StringRef(*Checks).split(Globs, ',');
  for (llvm::StringRef G : Globs) {
    auto Pat = llvm::GlobPattern::create(G.trim());
    if (!Pat) {
      llvm::consumeError(Pat.takeError());
      continue;
    }
    if (Pat->match(Check))
      return true;
  }
  return false;
}

/// Every NOLINT token of Text, in order; Line is 1-based, FirstLine the line of Text[0].
std::vector<NolintToken> tokenize(llvm::StringRef Text, unsigned FirstLine = 1) {
  std::vector<NolintToken> Tokens;
  unsigned Line = FirstLine;
  size_t LineStart = 0, Counted = 0;
  for (size_t Pos = Text.find("NOLINT"); Pos != llvm::StringRef::npos;
       Pos = Text.find("NOLINT", Pos)) {
    for (; Counted < Pos; ++Counted)
      if (Text[Counted] == '\n') {
        ++Line;
        LineStart = Counted + 1;
      }
    NolintToken T{NolintKind::Line, Line, unsigned(Pos - LineStart + 1), std::nullopt};
    Pos += 6;
    llvm::StringRef Rest = Text.drop_front(Pos);
    for (auto [Suffix, Kind] : {std::pair{"NEXTLINE", NolintKind::NextLine},
                                {"BEGIN", NolintKind::Begin},
                                {"END", NolintKind::End}})
      if (Rest.starts_with(Suffix)) {
        T.Kind = Kind;
        Pos += llvm::StringRef(Suffix).size();
        break;
      }
    if (Pos < Text.size() && Text[Pos] == '(') {
      size_t Close = Text.find_first_of("\n)", Pos + 1);
      if (Close != llvm::StringRef::npos && Text[Close] == ')') {
        T.Checks = Text.slice(Pos + 1, Close).str();
        Pos = Close + 1;
      }
    }
    Tokens.push_back(std::move(T));
  }
  return Tokens;
}

/// What one file's NOLINT comments say.
struct FileNolints {
  std::map<unsigned, std::vector<NolintToken>> ByLine; // NOLINT and NOLINTNEXTLINE
  struct Block {
    NolintToken Begin;
    unsigned EndLine;
  };
  std::vector<Block> Blocks;
  std::vector<NolintToken> Unmatched; // BEGINs never closed, ENDs closing nothing
  bool Reported = false;              // its unmatched tokens are findings already

  explicit FileNolints(llvm::StringRef Text) {
    std::vector<NolintToken> Open;
    for (NolintToken &T : tokenize(Text)) {
      switch (T.Kind) {
      case NolintKind::Line:
      case NolintKind::NextLine:
        ByLine[T.Line].push_back(std::move(T));
        break;
      case NolintKind::Begin:
        Open.push_back(std::move(T));
        break;
      case NolintKind::End:
        if (!Open.empty() && Open.back().Checks == T.Checks) {
          Blocks.push_back({std::move(Open.back()), T.Line});
          Open.pop_back();
        } else {
          Unmatched.push_back(std::move(T));
        }
        break;
      }
    }
    for (NolintToken &T : Open)
      Unmatched.push_back(std::move(T));
    llvm::sort(Unmatched, [](const NolintToken &A, const NolintToken &B) {
      return std::tie(A.Line, A.Column) < std::tie(B.Line, B.Column);
    });
  }

  bool silences(unsigned Line, llvm::StringRef Check) const {
    auto On = [&](unsigned L, NolintKind Kind) {
      auto It = ByLine.find(L);
      if (It == ByLine.end())
        return false;
      for (const NolintToken &T : It->second)
        if (T.Kind == Kind && names(T.Checks, Check))
          return true;
      return false;
    };
    if (On(Line, NolintKind::Line) || (Line > 1 && On(Line - 1, NolintKind::NextLine)))
      return true;
    for (const Block &B : Blocks)
      if (B.Begin.Line <= Line && Line <= B.EndLine && names(B.Begin.Checks, Check))
        return true;
    return false;
  }
};

Finding unmatchedFinding(const std::string &File, const NolintToken &T,
                         llvm::StringRef Origin) {
  Finding F;
  F.CheckId = NolintCheckId.str();
  F.Level = Severity::Error;
  F.Message = T.Kind == NolintKind::Begin
                  ? "unmatched 'NOLINTBEGIN' comment without a subsequent 'NOLINTEND' "
                    "comment"
                  : "unmatched 'NOLINTEND' comment without a previous 'NOLINTBEGIN' "
                    "comment";
  F.Primary = {File, T.Line, T.Column};
  F.Origin = Origin.str();
  F.Conf = Confidence::High;
  // The check list names it across edits that move the comment.
  F.Key = {T.Kind == NolintKind::Begin ? "NOLINTBEGIN" : "NOLINTEND",
           T.Checks.value_or("")};
  return F;
}

} // namespace

bool isSuppressed(llvm::StringRef Line, llvm::StringRef Previous, llvm::StringRef Check) {
  for (const NolintToken &T : tokenize(Line))
    if (T.Kind == NolintKind::Line && names(T.Checks, Check))
      return true;
  for (const NolintToken &T : tokenize(Previous))
    if (T.Kind == NolintKind::NextLine && names(T.Checks, Check))
      return true;
  return false;
}

void removeSuppressed(std::vector<Finding> &Findings) {
  llvm::StringMap<std::optional<FileNolints>> Files;
  auto NolintsOf = [&](const std::string &File) -> FileNolints * {
    auto [It, New] = Files.try_emplace(File);
    if (New)
      if (auto Buf = llvm::MemoryBuffer::getFile(File, /*IsText=*/true))
        It->second.emplace((*Buf)->getBuffer());
    return It->second ? &*It->second : nullptr;
  };
  std::vector<Finding> Unmatched;
  llvm::erase_if(Findings, [&](const Finding &F) {
    if (!F.Primary.valid())
      return false;
    FileNolints *N = NolintsOf(F.Primary.File);
    if (!N)
      return false;
    if (!N->Reported) {
      N->Reported = true;
      for (const NolintToken &T : N->Unmatched)
        Unmatched.push_back(unmatchedFinding(F.Primary.File, T, F.Origin));
    }
    return N->silences(F.Primary.Line, F.CheckId);
  });
  for (Finding &F : Unmatched)
    Findings.push_back(std::move(F));
}

} // namespace interlock
