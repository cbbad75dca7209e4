//===- ConfigExplain.cpp - `--explain-config`: who set each value ---------===//
//
// Which `.interlock` file, option or default set each key, and, like clang-tidy's
// --explain-config, which of them enables each check: for a glob list the last glob
// matching a check decides, so the source of that glob is the one to edit.
//
//===----------------------------------------------------------------------===//
#include "driver/Config.h"

#include "checks/CheckRegistry.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/raw_ostream.h"

namespace interlock::driver {
namespace {

/// Whether the last glob of List matching Id enables it (true), disables it (false), or
/// no glob matches.
std::optional<bool> decides(llvm::StringRef List, llvm::StringRef Id) {
  std::optional<bool> Verdict;
  llvm::SmallVector<llvm::StringRef, 8> Parts;
  List.split(Parts, ',', -1, false);
  for (llvm::StringRef P : Parts) {
    P = P.trim();
    bool Enable = !P.consume_front("-");
    llvm::Expected<llvm::GlobPattern> Pat = llvm::GlobPattern::create(P);
    if (!Pat) {
      llvm::consumeError(Pat.takeError());
      continue;
    }
    if (!P.empty() && Pat->match(Id))
      Verdict = Enable;
  }
  return Verdict;
}

} // namespace

std::string Config::explain() const {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  std::vector<Origin> All;
  // The default Checks is where the globs start, unless --checks replaced it.
  bool ChecksReplaced = !ChecksFromFiles && llvm::any_of(Origins, [](const Origin &O) {
    return O.Key == "Checks";
  });
  if (!ChecksReplaced)
    All.push_back({"Checks", "interlock-*", "the default"});
  llvm::append_range(All, Origins);

  auto Show = [&](llvm::StringRef Key, llvm::StringRef Value) {
    OS << Key << ": '" << Value << "'\n";
    bool Any = false;
    for (const Origin &O : All)
      if (O.Key == Key) {
        OS << "    '" << O.Value << "' from " << O.From << '\n';
        Any = true;
      }
    if (!Any)
      OS << "    the default\n";
  };
  Show("Checks", Checks);
  for (const std::string &Id : checks::staticCheckIds()) {
    const Origin *By = nullptr;
    for (const Origin &O : All)
      if (O.Key == "Checks")
        if (std::optional<bool> V = decides(O.Value, Id))
          By = *V ? &O : nullptr;
    if (By)
      OS << "    " << Id << " is enabled by " << By->From << '\n';
  }
  Show("WarningsAsErrors", WarningsAsErrors);
  Show("HeaderFilterRegex", HeaderFilterRegex);
  Show("MinConfidence", confidenceName(MinConfidence));
  Show("Baseline", Baseline);
  return Out;
}

} // namespace interlock::driver
