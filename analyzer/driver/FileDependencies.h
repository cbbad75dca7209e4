//===- FileDependencies.h - The files a TU read, and their content hashes -===//
//
// What decides a TU's summary besides its command: the main file and every file it
// included (system headers too), as the compiler read them. The summary cache
// (SummaryCache.h) records them with each summary and reuses the summary only while
// every one of them still hashes the same: ccache's "direct mode".
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_DRIVER_FILEDEPENDENCIES_H
#define INTERLOCK_DRIVER_FILEDEPENDENCIES_H

#include "clang/Tooling/Tooling.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace interlock::driver {

/// Absolute path and content hash (hex) of each file a TU read, sorted by path.
using DependencyList = std::vector<std::pair<std::string, std::string>>;

/// The hash recorded for a file's content: BLAKE3, 128 bits, hex.
std::string contentHash(llvm::StringRef Content);

/// Wraps Inner so that each action it creates adds the files its compiler read, hashed
/// as read, to *Out (merged and sorted when the action ends).
std::unique_ptr<clang::tooling::FrontendActionFactory>
recordDependencies(std::unique_ptr<clang::tooling::FrontendActionFactory> Inner,
                   DependencyList *Out);

/// The current hash of files on disk, each read once per run however many TUs include
/// it. Safe to share between worker threads.
class FileHashes {
public:
  /// "" when the file cannot be read (deleted, renamed): matches no recorded hash.
  std::string hashOf(const std::string &Path);
  /// True when every file of Deps still has the content it had when recorded.
  bool unchanged(const DependencyList &Deps);

private:
  std::mutex Mu;
  llvm::StringMap<std::string> Known;
};

} // namespace interlock::driver

#endif
