//===- SummaryCache.h - Per-TU summaries kept on disk between runs --------===//
//
// `interlock check` summarizes each TU, then links all summaries. A TU whose command and
// files have not changed since the last run has the same summary, so the run reads it
// back instead of parsing the TU again, and only the link is redone. docs/check.md
// ("Incremental analysis") is the user's view.
//
// An entry is found by a key over everything outside the TU's files that decides its
// summary: this build of Interlock (version and ELF build id: any change to the analysis
// or to the summary's format is a new binary), the TU's compile commands after
// Interlock's own adjustments (-resource-dir, `--` flags, -w), and the analysis options
// (the worker's stack size). The entry then lists every file the TU read with its
// content hash; it is used only while all of them hash the same.
//
// Entries are written to a temporary file and renamed into place, so concurrent runs
// never see half an entry; each carries a checksum, so a damaged one is noticed, ignored
// with a note, and rebuilt. The cache never changes findings, only how fast they come.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_DRIVER_SUMMARYCACHE_H
#define INTERLOCK_DRIVER_SUMMARYCACHE_H

#include "driver/FileDependencies.h"
#include "summary/Summary.h"

#include "clang/Tooling/CompilationDatabase.h"

#include "llvm/ADT/StringRef.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace interlock::driver {

/// What a cached TU gives back: its summary and the notes its analysis printed.
struct CachedTU {
  summary::TUSummary Summary;
  std::vector<std::string> Notes;
};

class SummaryCache {
public:
  /// The default folder: `.interlock-cache` beside the compilation database, else
  /// `$XDG_CACHE_HOME/interlock` (`~/.cache/interlock`); "" when there is none.
  static std::string defaultDir(llvm::StringRef DatabaseDir);

  /// Creates Dir (with a CACHEDIR.TAG and a .gitignore); an error says why it cannot.
  static llvm::Expected<SummaryCache> open(llvm::StringRef Dir);

  /// The key of a TU: Commands are the TU's commands as the analysis runs them, Options
  /// anything else that changes the summary.
  std::string keyFor(const std::vector<clang::tooling::CompileCommand> &Commands,
                     llvm::StringRef Options) const;

  /// The entry for Key if there is one and its files are unchanged. A damaged entry
  /// is ignored, with Note set to say so.
  std::optional<CachedTU> lookup(const std::string &Key, std::string &Note);

  /// Records a summary (best effort: a cache that cannot be written is no error).
  void store(const std::string &Key, const DependencyList &Deps, const CachedTU &TU);

  const std::string &dir() const { return Dir; }

private:
  explicit SummaryCache(std::string Dir) : Dir(std::move(Dir)) {}
  std::string entryPath(const std::string &Key) const;

  std::string Dir;
  std::shared_ptr<FileHashes> Hashes = std::make_shared<FileHashes>();
};

/// This build's identity in cache keys: version, LLVM version and ELF build id (or,
/// without one, the executable's size and modification time).
const std::string &toolIdentity();

} // namespace interlock::driver

#endif
