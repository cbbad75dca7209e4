#include "SummaryFiles.h"

#include "driver/Link.h"
#include "report/Emitters.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <chrono>
#include <map>

namespace interlock {
namespace {

llvm::Error error(const llvm::Twine &Msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), Msg);
}

/// The summary files Paths name, each folder's in sorted order.
llvm::Expected<std::vector<std::string>> summaryFiles(const std::vector<std::string> &Paths) {
  std::vector<std::string> Files;
  for (const std::string &P : Paths) {
    if (!llvm::sys::fs::is_directory(P)) {
      if (!llvm::sys::fs::exists(P))
        return error("--from-summaries: no such file or folder: '" + P + "'");
      Files.push_back(P);
      continue;
    }
    std::vector<std::string> Found;
    std::error_code EC;
    for (llvm::sys::fs::recursive_directory_iterator It(P, EC), End; It != End && !EC;
         It.increment(EC))
      if (llvm::sys::path::extension(It->path()) == ".json" &&
          llvm::sys::fs::is_regular_file(It->path()))
        Found.push_back(It->path());
    if (EC)
      return error("--from-summaries: cannot read the folder '" + P + "': " + EC.message());
    llvm::sort(Found);
    llvm::append_range(Files, Found);
  }
  if (Files.empty())
    return error("--from-summaries: no summary (*.json) found in the folders given");
  return Files;
}

} // namespace

llvm::Expected<driver::CheckRunResult>
linkSummaryFiles(const std::vector<std::string> &Paths, const driver::CheckRunOptions &Opts,
                 llvm::raw_ostream &Errs) {
  llvm::Expected<std::vector<std::string>> Files = summaryFiles(Paths);
  if (!Files)
    return Files.takeError();
  // By main file: the order `check` adds them in does not depend on where or when each
  // was made, and one TU summarized twice is a mistake worth an error.
  std::map<std::string, std::pair<summary::TUSummary, std::string>> ByMainFile;
  auto ReadStart = std::chrono::steady_clock::now();
  for (const std::string &F : *Files) {
    auto Text = llvm::MemoryBuffer::getFile(F);
    if (!Text)
      return error("--from-summaries: cannot read '" + F + "': " + Text.getError().message());
    llvm::Expected<summary::TUSummary> S = summary::parseTUSummary((*Text)->getBuffer());
    if (!S)
      return error("--from-summaries: '" + F + "' is not an Interlock summary: " +
                   llvm::toString(S.takeError()));
    std::string Main = S->MainFile;
    auto [It, New] = ByMainFile.try_emplace(Main, std::move(*S), F);
    if (!New)
      return error("--from-summaries: two summaries of '" + Main + "': '" + It->second.second +
                   "' and '" + F + "'");
  }
  driver::LinkInput In;
  std::string DatabaseDir;
  if (!Opts.BuildDir.empty()) {
    llvm::SmallString<256> Dir(Opts.BuildDir);
    if (llvm::sys::path::filename(Dir) == "compile_commands.json")
      Dir = llvm::sys::path::parent_path(Dir);
    DatabaseDir = std::string(Dir);
  }
  In.ProjectRoot = projectRoot(Opts.ProjectRoot, DatabaseDir);
  for (auto &[Main, Entry] : ByMainFile) {
    In.MainFiles.push_back(Main);
    In.Units.push_back(std::move(Entry.first));
  }
  if (llvm::Error E = driver::validateConfigs(In.MainFiles, Opts.Overrides))
    return std::move(E);
  double ReadSeconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - ReadStart).count();
  llvm::Expected<driver::CheckRunResult> Result =
      driver::linkSummaries(std::move(In), Opts.Overrides, Errs);
  if (Result)
    Result->Times.Summarize = ReadSeconds; // --stats: reading stands for summarizing
  return Result;
}

} // namespace interlock
