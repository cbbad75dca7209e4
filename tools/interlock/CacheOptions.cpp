//===- CacheOptions.cpp - The summary cache's options, for check and lsp --===//
#include "CacheOptions.h"

namespace interlock {

void addCacheOptions(CLI::App *Command, CacheArgs &Args) {
  Command->add_option("--cache-dir", Args.Dir,
                      "Keep per-TU summaries here between runs (default: .interlock-cache "
                      "beside compile_commands.json, else $XDG_CACHE_HOME/interlock)");
  Command->add_flag("--no-cache", Args.Off,
                    "Analyse every translation unit; read and write no summary cache");
}

} // namespace interlock
