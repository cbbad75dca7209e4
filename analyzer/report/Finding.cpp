#include "report/Finding.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/SHA1.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace interlock {

llvm::StringRef confidenceName(Confidence C) {
  switch (C) {
  case Confidence::Low:
    return "low";
  case Confidence::Medium:
    return "medium";
  case Confidence::High:
    return "high";
  }
  return "high";
}

std::optional<Confidence> parseConfidence(llvm::StringRef Name) {
  for (Confidence C : {Confidence::Low, Confidence::Medium, Confidence::High})
    if (Name == confidenceName(C))
      return C;
  return std::nullopt;
}

unsigned sarifRank(Confidence C) {
  return C == Confidence::High ? 90 : C == Confidence::Medium ? 60 : 30;
}

std::string relativePath(llvm::StringRef File, llvm::StringRef Root) {
  namespace path = llvm::sys::path;
  llvm::SmallString<256> F(File), R(Root.empty() ? llvm::StringRef(".") : Root);
  llvm::sys::fs::make_absolute(F);
  llvm::sys::fs::make_absolute(R);
  path::remove_dots(F, /*remove_dot_dot=*/true);
  path::remove_dots(R, /*remove_dot_dot=*/true);
  auto FI = path::begin(F), FE = path::end(F);
  auto RI = path::begin(R), RE = path::end(R);
  for (; FI != FE && RI != RE && *FI == *RI; ++FI, ++RI) {
  }
  llvm::SmallString<256> Out;
  for (; RI != RE; ++RI)
    path::append(Out, "..");
  for (; FI != FE; ++FI)
    path::append(Out, *FI);
  return path::convert_to_slash(Out);
}

std::string normalizeForFingerprint(llvm::StringRef Text) {
  // The race check counts the notes it leaves out; the count and the clause come and go
  // with edits elsewhere.
  static const llvm::Regex NotShown("; [0-9]+ more [a-z ]+ not shown");
  std::string In = Text.str();
  while (NotShown.match(In))
    In = NotShown.sub("", In);
  std::string Out;
  auto IsIdent = [](char C) { return llvm::isAlnum(C) || C == '_'; };
  for (size_t I = 0; I < In.size();) {
    char C = In[I];
    if (llvm::isAlpha(C) || C == '_') {
      size_t J = I;
      while (J < In.size() && IsIdent(In[J]))
        ++J;
      llvm::StringRef Word = llvm::StringRef(In).slice(I, J);
      // TSan's and Interlock's thread numbers: `T3`, `thread T12`.
      if (Word.size() > 1 && Word[0] == 'T' &&
          llvm::all_of(Word.drop_front(), llvm::isDigit))
        Out += "T#";
      else
        Out += Word;
      I = J;
    } else if (C == '0' && I + 2 < In.size() && (In[I + 1] == 'x' || In[I + 1] == 'X') &&
               llvm::isHexDigit(In[I + 2])) {
      I += 2;
      while (I < In.size() && llvm::isHexDigit(In[I]))
        ++I;
      Out += "0x#";
    } else if (llvm::isDigit(C)) {
      size_t J = I;
      while (J < In.size() && (llvm::isDigit(In[J]) || In[J] == '.'))
        ++J;
      // A constant index names a different object (`locks[0]`, `locks[1]`): kept.
      bool Index = I > 0 && In[I - 1] == '[' && J < In.size() && In[J] == ']';
      Out += Index ? llvm::StringRef(In).slice(I, J) : llvm::StringRef("#");
      I = J;
    } else {
      Out += C;
      ++I;
    }
  }
  return Out;
}

std::string Finding::fingerprint(llvm::StringRef ProjectRoot) const {
  llvm::SHA1 Hash;
  auto Add = [&](llvm::StringRef S) {
    Hash.update(S);
    Hash.update(llvm::StringRef("\0", 1));
  };
  auto File = [&](const SourceLoc &L) {
    return L.File.empty() ? std::string() : relativePath(L.File, ProjectRoot);
  };
  Add("interlock-fingerprint/v2");
  Add(CheckId);
  Add(File(Primary));
  std::string Fn = Function;
  if (Fn.empty() && !Stacks.empty() && !Stacks.front().Frames.empty())
    Fn = Stacks.front().Frames.front().Function;
  Add(Fn);
  if (Key.empty())
    Add(normalizeForFingerprint(Message));
  for (const std::string &K : Key)
    Add(K);
  // The partner: the other access, the other lock order, the first acquisition.
  if (!Related.empty()) {
    Add(File(Related.front().Loc));
    Add(normalizeForFingerprint(Related.front().Message));
  }
  auto Digest = Hash.final();
  std::string Hex;
  llvm::raw_string_ostream OS(Hex);
  for (uint8_t Byte : Digest)
    OS << llvm::format_hex_no_prefix(Byte, 2);
  return Hex.substr(0, 16);
}

void assignFingerprints(std::vector<Finding> &Findings, llvm::StringRef ProjectRoot) {
  std::vector<size_t> Order(Findings.size());
  for (size_t I = 0; I < Order.size(); ++I) {
    Order[I] = I;
    Findings[I].Fingerprint = Findings[I].fingerprint(ProjectRoot);
  }
  std::stable_sort(Order.begin(), Order.end(), [&](size_t A, size_t B) {
    return std::tie(Findings[A].Primary, Findings[A].Message) <
           std::tie(Findings[B].Primary, Findings[B].Message);
  });
  std::map<std::string, unsigned> Seen;
  for (size_t I : Order)
    if (unsigned N = ++Seen[Findings[I].Fingerprint]; N > 1)
      Findings[I].Fingerprint += "~" + std::to_string(N);
}

void normalizeFindings(std::vector<Finding> &Findings) {
  auto Key = [](const Finding &F) {
    return std::tie(F.Primary.File, F.Primary.Line, F.Primary.Column, F.CheckId,
                    F.Message);
  };
  std::stable_sort(Findings.begin(), Findings.end(),
                   [&](const Finding &A, const Finding &B) { return Key(A) < Key(B); });
  Findings.erase(std::unique(Findings.begin(), Findings.end(),
                             [&](const Finding &A, const Finding &B) {
                               return Key(A) == Key(B);
                             }),
                 Findings.end());
}

} // namespace interlock
