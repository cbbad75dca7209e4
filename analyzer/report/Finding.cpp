#include "report/Finding.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/SHA1.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
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

std::string Finding::fingerprint() const {
  llvm::SHA1 Hash;
  auto Add = [&](llvm::StringRef S) {
    Hash.update(S);
    Hash.update(llvm::StringRef("\0", 1));
  };
  Add(CheckId);
  Add(Primary.File);
  Add(Message);
  for (const RelatedLocation &R : Related) {
    Add(R.Loc.File);
    Add(R.Message);
  }
  auto Digest = Hash.final();
  std::string Hex;
  llvm::raw_string_ostream OS(Hex);
  for (uint8_t Byte : Digest)
    OS << llvm::format_hex_no_prefix(Byte, 2);
  return Hex.substr(0, 16);
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
