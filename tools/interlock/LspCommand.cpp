//===- LspCommand.cpp - `interlock lsp`: a language server over stdio -----===//
//
// Parses the options and serves (lsp/Server.h); docs/editors.md sets it up in VS Code,
// Neovim and Emacs.
//
//===----------------------------------------------------------------------===//
#include "ArgChecks.h"
#include "CacheOptions.h"
#include "Commands.h"
#include "ExitCodes.h"

#include "lsp/Server.h"
#include "lsp/Transport.h"

#include <csignal>
#include <memory>
#include <unistd.h>

namespace interlock {
namespace {

struct LspArgs {
  std::string BuildDir;
  CacheArgs Cache;
  unsigned Jobs = 0;
};

int runLspCommand(const LspArgs &Args) {
  // The protocol owns stdout: it moves to a descriptor of its own, and anything else
  // that would print to stdout (a library's stray output) lands on stderr, the log.
  int ProtocolOut = dup(STDOUT_FILENO);
  if (ProtocolOut < 0 || dup2(STDERR_FILENO, STDOUT_FILENO) < 0) {
    perror("interlock lsp: cannot set up stdout");
    return exit_code::ToolError;
  }
  // A client that goes away is the end of input, not a signal that kills the server.
  signal(SIGPIPE, SIG_IGN);
  lsp::ServerOptions Opts;
  Opts.Check.BuildDir = Args.BuildDir;
  Opts.Check.CacheDir = Args.Cache.Dir;
  Opts.Check.NoCache = Args.Cache.Off;
  Opts.Check.Jobs = Args.Jobs;
  Opts.Version = INTERLOCK_VERSION_STRING;
  lsp::Transport T(STDIN_FILENO, ProtocolOut);
  return lsp::Server(T, std::move(Opts)).run();
}

} // namespace

void registerLspCommand(CLI::App &Parent, CommandAction &Action) {
  auto Args = std::make_shared<LspArgs>();
  CLI::App *Lsp = Parent.add_subcommand(
      "lsp", "Language server (stdio): check's findings as diagnostics of open files");
  Lsp->add_option("-p,--build-path", Args->BuildDir,
                  "Build directory containing compile_commands.json (default: found "
                  "upward from each file, also in a build/ folder)");
  addCacheOptions(Lsp, Args->Cache);
  Lsp->add_option("-j,--jobs", Args->Jobs, "Translation units analysed in parallel "
                                           "(default: all cores)")
      ->check(args::wholeNumber(1, 1024));
  Lsp->footer("Speaks LSP on stdin/stdout; logs on stderr. Exit status: 0 after the "
              "client's shutdown and exit, 1 when the input ends without them. See "
              "docs/editors.md.");
  Lsp->callback([&Action, Args] { Action = [Args] { return runLspCommand(*Args); }; });
}

} // namespace interlock
