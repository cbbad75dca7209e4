#include "report/Baseline.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

#include <tuple>

namespace interlock {
namespace {

llvm::Error malformed(const llvm::Twine &What) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 "not an Interlock baseline: " + What);
}

} // namespace

void emitBaseline(llvm::raw_ostream &OS, llvm::ArrayRef<Finding> Findings,
                  llvm::StringRef ProjectRoot) {
  struct Entry {
    std::string File, Check, Fingerprint, Message;
  };
  std::vector<Entry> Entries;
  for (const Finding &F : Findings)
    Entries.push_back({F.Primary.File.empty() ? "" : relativePath(F.Primary.File, ProjectRoot),
                       F.CheckId, F.Fingerprint.empty() ? F.fingerprint(ProjectRoot) : F.Fingerprint,
                       F.Message});
  llvm::sort(Entries, [](const Entry &A, const Entry &B) {
    return std::tie(A.File, A.Check, A.Fingerprint) < std::tie(B.File, B.Check, B.Fingerprint);
  });
  llvm::json::Array Array;
  for (Entry &E : Entries)
    Array.push_back(llvm::json::Object{{"fingerprint", std::move(E.Fingerprint)},
                                       {"check", std::move(E.Check)},
                                       {"file", std::move(E.File)},
                                       {"message", std::move(E.Message)}});
  llvm::json::Value Doc = llvm::json::Object{{"version", 1},
                                             {"kind", "interlock-baseline"},
                                             {"findings", std::move(Array)}};
  OS << llvm::formatv("{0:2}", Doc) << '\n';
}

llvm::Expected<Baseline> parseBaseline(llvm::StringRef Text) {
  llvm::Expected<llvm::json::Value> Doc = llvm::json::parse(Text);
  if (!Doc)
    return malformed("invalid JSON: " + llvm::toString(Doc.takeError()));
  const llvm::json::Object *Obj = Doc->getAsObject();
  if (!Obj)
    return malformed("expected a JSON object");
  Baseline B;
  if (const llvm::json::Array *Runs = Obj->getArray("runs")) { // SARIF
    for (const llvm::json::Value &Run : *Runs) {
      const llvm::json::Object *RunObj = Run.getAsObject();
      const llvm::json::Array *Results = RunObj ? RunObj->getArray("results") : nullptr;
      if (!Results)
        continue;
      for (const llvm::json::Value &R : *Results) {
        const llvm::json::Object *RObj = R.getAsObject();
        const llvm::json::Object *PF = RObj ? RObj->getObject("partialFingerprints") : nullptr;
        auto FP = PF ? PF->getString("interlockFingerprint/v2") : std::nullopt;
        if (!FP)
          return malformed("a SARIF result has no interlockFingerprint/v2");
        B.Fingerprints.insert(FP->str());
      }
    }
    return B;
  }
  const llvm::json::Array *Findings = Obj->getArray("findings");
  if (!Findings)
    return malformed("expected {\"findings\": [...]} or SARIF");
  for (const llvm::json::Value &V : *Findings) {
    const llvm::json::Object *F = V.getAsObject();
    auto FP = F ? F->getString("fingerprint") : std::nullopt;
    if (!FP)
      return malformed("an entry has no \"fingerprint\"");
    B.Fingerprints.insert(FP->str());
  }
  return B;
}

llvm::Expected<Baseline> readBaseline(llvm::StringRef Path) {
  auto Text = llvm::MemoryBuffer::getFile(Path);
  if (!Text)
    return llvm::createStringError(Text.getError(), "cannot read baseline '" + Path +
                                                         "': " + Text.getError().message());
  llvm::Expected<Baseline> B = parseBaseline((*Text)->getBuffer());
  if (!B)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "'" + Path + "': " + llvm::toString(B.takeError()));
  return B;
}

BaselineResult applyBaseline(std::vector<Finding> &Findings, const Baseline &B) {
  BaselineResult R;
  std::set<std::string> Matched;
  llvm::erase_if(Findings, [&](const Finding &F) {
    const std::string &FP = F.Fingerprint.empty() ? F.fingerprint() : F.Fingerprint;
    if (!B.Fingerprints.count(FP))
      return false;
    Matched.insert(FP);
    ++R.Known;
    return true;
  });
  R.Stale = B.Fingerprints.size() - Matched.size();
  return R;
}

} // namespace interlock
