//===- CacheOptions.h - The summary cache's options, for check and lsp ----===//
//
// `--cache-dir` and `--no-cache` mean the same to `interlock check` and `interlock lsp`
// (analyzer/driver/SummaryCache.h; docs/check.md#incremental-analysis).
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_TOOLS_CACHEOPTIONS_H
#define INTERLOCK_TOOLS_CACHEOPTIONS_H

#include <CLI/CLI.hpp>

#include <string>

namespace interlock {

struct CacheArgs {
  std::string Dir; // empty: the default folder
  bool Off = false;
};

void addCacheOptions(CLI::App *Command, CacheArgs &Args);

} // namespace interlock

#endif
