//===- SummarizeCommand.cpp - `interlock summarize`: one TU's summary -------===//
//
// The first half of `interlock check` as a command of its own, so any build system's
// distributed execution (a CI matrix, Bazel, CMake + Ninja under distcc or icecream)
// summarizes TUs in parallel; `interlock check --from-summaries` links them.
// docs/distributed.md is the page.
//
//===----------------------------------------------------------------------===//
#include "Commands.h"
#include "ExitCodes.h"
#include "lifecycle/OutputFile.h"

#include "driver/CheckRunner.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <memory>

namespace interlock {
namespace {

struct SummarizeArgs {
  std::vector<std::string> Positionals;
  std::string BuildDir;
  std::string Output;
  std::string ConfigFile;
  std::vector<std::string> ExtraArgsBefore, ExtraArgsAfter;
  bool Quiet = false;
};

int runSummarize(const SummarizeArgs &Args, const SeparatedArgs &Separated) {
  driver::CheckRunOptions Opts;
  splitPositionals(Args.Positionals, Separated, Opts.Files, Opts.ExtraArgs);
  Opts.HaveExtraArgs = Separated.Present;
  Opts.BuildDir = Args.BuildDir;
  Opts.ExtraArgsBefore = Args.ExtraArgsBefore;
  Opts.ExtraArgsAfter = Args.ExtraArgsAfter;
  Opts.Overrides.ConfigFile = Args.ConfigFile;
  Opts.Quiet = Args.Quiet;
  if (Opts.Files.size() != 1) {
    llvm::errs() << "interlock summarize: give exactly one source file (got "
                 << Opts.Files.size() << ")\n";
    return exit_code::ToolError;
  }
  // A build rule names an output in a folder of its own, which may not exist yet.
  if (llvm::StringRef Dir = llvm::sys::path::parent_path(Args.Output); !Dir.empty())
    llvm::sys::fs::create_directories(Dir);
  auto Out = OutputFile::open(Args.Output);
  if (!Out) {
    llvm::errs() << "interlock summarize: " << llvm::toString(Out.takeError()) << '\n';
    return exit_code::ToolError;
  }
  llvm::Expected<driver::TUResult> R = driver::summarizeFile(Opts, llvm::errs());
  if (!R) {
    llvm::errs() << "interlock summarize: error: " << llvm::toString(R.takeError()) << '\n';
    return exit_code::ToolError;
  }
  if (!R->Ok) // its errors are printed; no summary is written, as a compiler writes no .o
    return exit_code::ToolError;
  // The serialization `check --summaries` writes and `check --from-summaries` reads.
  (*Out)->os() << llvm::formatv("{0:2}", summary::toJSON(R->Summary)) << '\n';
  if (llvm::Error E = (*Out)->commit()) {
    llvm::errs() << "interlock summarize: " << llvm::toString(std::move(E)) << '\n';
    return exit_code::ToolError;
  }
  return exit_code::NoFindings;
}

} // namespace

void registerSummarizeCommand(CLI::App &Parent, CommandAction &Action,
                              const SeparatedArgs &Separated) {
  auto Args = std::make_shared<SummarizeArgs>();
  CLI::App *Cmd = Parent.add_subcommand(
      "summarize", "Write one translation unit's summary, for check --from-summaries");
  Cmd->add_option("file", Args->Positionals,
                  "The source file; compiler flags follow `--` when there is no database")
      ->expected(1 << 20, 1 << 30)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  Cmd->add_option("-p,--build-path", Args->BuildDir,
                  "Build directory containing compile_commands.json (default: searched "
                  "for above the file)");
  Cmd->add_option("-o,--output", Args->Output, "Write the summary (JSON) to this file")
      ->required();
  Cmd->add_option("--config-file", Args->ConfigFile,
                  "Check this configuration file instead of the .interlock files found");
  addExtraArgOptions(Cmd, Args->ExtraArgsBefore, Args->ExtraArgsAfter);
  Cmd->add_flag("-q,--quiet", Args->Quiet, "Say nothing about the compilation database");
  Cmd->footer("Exit status: 0 summary written, 2 the file could not be analysed (nothing "
              "written). See docs/distributed.md.");
  Cmd->callback([&Action, Args, &Separated] {
    Action = [Args, &Separated] { return runSummarize(*Args, Separated); };
  });
}

} // namespace interlock
