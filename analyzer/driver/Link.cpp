//===- Link.cpp - From TU summaries to the findings `interlock check` reports ----===//
//
// The second half of `interlock check`, shared by a single run and by
// `--from-summaries` (summaries made by separate `interlock summarize` processes), so that
// both give the same findings byte for byte.
//
//===----------------------------------------------------------------------===//
#include "driver/Link.h"

#include "checks/CheckRegistry.h"
#include "program/Program.h"
#include "report/Emitters.h"
#include "report/Nolint.h"

#include "llvm/Support/Regex.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <tuple>

namespace interlock::driver {
namespace {

/// Names each finding's function: the summary function that recorded the event at its
/// primary location. Part of the fingerprint, so it must not depend on lines.
void nameFunctions(const program::Program &P, std::vector<Finding> &Findings) {
  std::map<SourceLoc, const std::string *> Where;
  for (const summary::TUSummary &TU : P.units())
    for (const summary::FunctionSummary &Fn : TU.Functions) {
      auto Note = [&](const SourceLoc &L) { Where.try_emplace(L, &Fn.Name); };
      Note(Fn.Loc);
      for (const auto &A : Fn.Accesses)
        Note(A.Site);
      for (const auto &A : Fn.Acquisitions)
        Note(A.Site);
      for (const auto &C : Fn.Calls)
        Note(C.Site);
      for (const auto &S : Fn.Spawns)
        Note(S.Site);
      for (const auto &J : Fn.Joins)
        Note(J.Site);
      for (const auto &W : Fn.Waits)
        Note(W.Site);
      for (const auto &L : Fn.JoinableLeaks)
        Note(L.Site);
      for (const auto &D : Fn.DetachedLocals)
        Note(D.Spawn);
      for (const auto &L : Fn.LockLeaks)
        Note(L.Acquired);
    }
  for (Finding &F : Findings)
    if (auto It = Where.find(F.Primary); It != Where.end() && F.Function.empty())
      F.Function = *It->second;
}

} // namespace

llvm::Error validateConfigs(llvm::ArrayRef<std::string> Files,
                            const ConfigOverrides &Overrides) {
  ConfigProvider Configs(Overrides);
  for (const std::string &F : Files) {
    llvm::Expected<Config> C = Configs.configFor(F);
    if (!C)
      return C.takeError();
    llvm::StringRef Where = !Overrides.Checks.empty() ? llvm::StringRef("--checks")
                            : C->Sources.empty()           ? llvm::StringRef("Checks")
                                                           : llvm::StringRef(C->Sources.back());
    if (llvm::Error E = validateChecks(C->Checks, Where, /*MustEnableSome=*/true))
      return std::move(E);
  }
  return llvm::Error::success();
}

llvm::Expected<CheckRunResult> linkSummaries(LinkInput In, const ConfigOverrides &Overrides,
                                             llvm::raw_ostream &Errs) {
  CheckRunResult Result;
  Result.TranslationUnits = In.Units.size() + In.Failures.size();
  Result.Failed = In.Failures.size();
  Result.Failures = std::move(In.Failures);
  Result.ProjectRoot = In.ProjectRoot;
  ConfigProvider Configs(Overrides);
  // Linked in the order of their main files, whichever process or machine made them and
  // in whatever order the database lists them: a single run and --from-summaries agree.
  llvm::stable_sort(In.Units, [](const summary::TUSummary &A, const summary::TUSummary &B) {
    return A.MainFile < B.MainFile;
  });
  program::Program P;
  for (summary::TUSummary &S : In.Units)
    P.add(std::move(S));
  P.link();
  auto ChecksStart = std::chrono::steady_clock::now();
  for (const std::string &N : P.Notes)
    Errs << "interlock check: note: " << N << '\n';
  // Every check runs (they only read the linked program); each finding is then judged by
  // the configuration of its own file.
  for (auto &C : checks::createChecks(checks::CheckFilter("interlock-*")))
    C->run(P, Result.Findings);
  removeSuppressed(Result.Findings);
  std::set<std::string> MainFiles;
  for (const std::string &F : In.MainFiles)
    MainFiles.insert(relativePath(F, "/"));
  std::map<std::string, Config> ByFile;
  for (const Finding &F : Result.Findings) {
    if (ByFile.count(F.Primary.File))
      continue;
    llvm::Expected<Config> C = Configs.configFor(F.Primary.File);
    if (!C)
      return C.takeError();
    ByFile[F.Primary.File] = std::move(*C);
  }
  nameFunctions(P, Result.Findings);
  llvm::erase_if(Result.Findings, [&](Finding &F) {
    const Config &C = ByFile[F.Primary.File];
    if (F.CheckId == NolintCheckId) // not a check: Checks cannot silence it
      return false;
    if (!checks::CheckFilter(C.Checks).enabled(F.CheckId))
      return true;
    if (!C.HeaderFilterRegex.empty() && !MainFiles.count(relativePath(F.Primary.File, "/"))) {
      std::string Rel = relativePath(F.Primary.File, Result.ProjectRoot);
      if (llvm::StringRef(Rel).starts_with("../"))
        Rel = relativePath(F.Primary.File, "/").insert(0, "/");
      if (!llvm::Regex(C.HeaderFilterRegex).match(Rel)) {
        ++Result.OutsideHeaderFilter;
        return true;
      }
    }
    if (F.Conf < C.MinConfidence) {
      ++Result.BelowConfidence;
      return true;
    }
    if (checks::CheckFilter(C.WarningsAsErrors).enabled(F.CheckId))
      F.Level = Severity::Error;
    return false;
  });
  // Deterministic order; findings that differ only in their notes are distinct races.
  auto Key = [](const Finding &F) {
    std::vector<SourceLoc> Notes;
    for (const RelatedLocation &R : F.Related)
      Notes.push_back(R.Loc);
    return std::make_tuple(F.Primary, F.CheckId, Notes, F.Message);
  };
  llvm::stable_sort(Result.Findings,
                    [&](const Finding &A, const Finding &B) { return Key(A) < Key(B); });
  Result.Findings.erase(std::unique(Result.Findings.begin(), Result.Findings.end(),
                                    [&](const Finding &A, const Finding &B) {
                                      return Key(A) == Key(B);
                                    }),
                        Result.Findings.end());
  assignFingerprints(Result.Findings, Result.ProjectRoot);
  Result.Times.Link = P.LinkSeconds;
  Result.Times.PointsTo = P.PointsToSeconds;
  Result.Times.PointsToNodes = P.Objects.nodeCount();
  Result.Times.WalkAndChecks =
      P.WalkSeconds +
      std::chrono::duration<double>(std::chrono::steady_clock::now() - ChecksStart).count();
  return Result;
}

} // namespace interlock::driver
