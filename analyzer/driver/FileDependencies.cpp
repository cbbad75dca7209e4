//===- FileDependencies.cpp - The files a TU read, and their content hashes ===//
#include "driver/FileDependencies.h"

#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/BLAKE3.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <algorithm>

namespace interlock::driver {
namespace {

/// Records, when the source file ends (the AST and the SourceManager still alive), every
/// file the SourceManager holds content for: the main file, its includes, `-include`s.
/// EndSourceFile, not EndSourceFileAction: the wrapper hands the whole end to the
/// wrapped action, which calls only its own EndSourceFileAction.
class RecordingAction : public clang::WrapperFrontendAction {
public:
  RecordingAction(std::unique_ptr<clang::FrontendAction> Inner, DependencyList *Out)
      : WrapperFrontendAction(std::move(Inner)), Out(Out) {}

public:
  void EndSourceFile() override {
    clang::CompilerInstance &CI = getCompilerInstance();
    if (CI.hasSourceManager() && CI.hasFileManager()) {
      clang::SourceManager &SM = CI.getSourceManager();
      for (auto It = SM.fileinfo_begin(); It != SM.fileinfo_end(); ++It) {
        clang::FileEntryRef File = It->first;
        // The real path: the command's relative names depend on its directory, and the
        // check re-reads the file from wherever it runs.
        std::string Path(File.getFileEntry().tryGetRealPathName());
        if (Path.empty()) {
          llvm::SmallString<256> Abs(File.getName());
          CI.getFileManager().makeAbsolutePath(Abs);
          llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
          Path = std::string(Abs);
        }
        // Hashed as the compiler read it: a file edited during the parse then fails the
        // next run's comparison instead of pinning a summary of content nobody saw.
        std::string Hash;
        if (std::optional<llvm::MemoryBufferRef> Buf = It->second->getBufferIfLoaded())
          Hash = contentHash(Buf->getBuffer());
        else if (auto Disk = llvm::MemoryBuffer::getFile(Path, /*IsText=*/false,
                                                         /*RequiresNullTerminator=*/false))
          Hash = contentHash((*Disk)->getBuffer());
        Out->emplace_back(std::move(Path), std::move(Hash));
      }
      llvm::sort(*Out);
      Out->erase(std::unique(Out->begin(), Out->end()), Out->end());
    }
    WrapperFrontendAction::EndSourceFile();
  }

private:
  DependencyList *Out;
};

class RecordingFactory : public clang::tooling::FrontendActionFactory {
public:
  RecordingFactory(std::unique_ptr<clang::tooling::FrontendActionFactory> Inner,
                   DependencyList *Out)
      : Inner(std::move(Inner)), Out(Out) {}
  std::unique_ptr<clang::FrontendAction> create() override {
    return std::make_unique<RecordingAction>(Inner->create(), Out);
  }

private:
  std::unique_ptr<clang::tooling::FrontendActionFactory> Inner;
  DependencyList *Out;
};

} // namespace

std::string contentHash(llvm::StringRef Content) {
  auto Digest = llvm::BLAKE3::hash<16>(llvm::arrayRefFromStringRef(Content));
  return llvm::toHex(Digest, /*LowerCase=*/true);
}

std::unique_ptr<clang::tooling::FrontendActionFactory>
recordDependencies(std::unique_ptr<clang::tooling::FrontendActionFactory> Inner,
                   DependencyList *Out) {
  return std::make_unique<RecordingFactory>(std::move(Inner), Out);
}

std::string FileHashes::hashOf(const std::string &Path) {
  {
    std::lock_guard<std::mutex> Lock(Mu);
    if (auto It = Known.find(Path); It != Known.end())
      return It->second;
  }
  // Hashed outside the lock, so workers checking different TUs read files in parallel;
  // two workers hashing the same header at once agree on the result.
  std::string Hash;
  if (auto Buf = llvm::MemoryBuffer::getFile(Path, /*IsText=*/false,
                                             /*RequiresNullTerminator=*/false))
    Hash = contentHash((*Buf)->getBuffer());
  std::lock_guard<std::mutex> Lock(Mu);
  return Known.try_emplace(Path, std::move(Hash)).first->second;
}

bool FileHashes::unchanged(const DependencyList &Deps) {
  for (const auto &[Path, Hash] : Deps)
    if (Hash.empty() || hashOf(Path) != Hash)
      return false;
  return true;
}

} // namespace interlock::driver
