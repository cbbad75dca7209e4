//===- Commands.h - The subcommands of `interlock` ------------------------===//
//
// Each subcommand registers its options on the parent CLI11 app and sets the action
// that runs once parsing succeeded. main() is the only place that knows them all.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_TOOLS_COMMANDS_H
#define INTERLOCK_TOOLS_COMMANDS_H

#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <vector>

namespace interlock {

/// What runs after parsing; returns the process exit status (see ExitCodes.h).
using CommandAction = std::function<int()>;

/// The words after the first `--` of the command line. CLI11 folds them into a
/// subcommand's positionals; `check` needs them apart (they are compiler flags).
struct SeparatedArgs {
  bool Present = false;
  std::vector<std::string> After;
};

SeparatedArgs splitAtSeparator(int Argc, char **Argv);

/// CLI11 appends the words after `--` to the positionals: splits them off again into
/// the source files and the compiler flags.
void splitPositionals(const std::vector<std::string> &Positionals,
                      const SeparatedArgs &Separated, std::vector<std::string> &Files,
                      std::vector<std::string> &Flags);

void registerCheckCommand(CLI::App &Parent, CommandAction &Action,
                          const SeparatedArgs &Separated);
/// clang-tidy's --extra-arg and --extra-arg-before, for `check` and `summarize`.
void addExtraArgOptions(CLI::App *Command, std::vector<std::string> &Before,
                        std::vector<std::string> &After);

void registerSummarizeCommand(CLI::App &Parent, CommandAction &Action,
                              const SeparatedArgs &Separated);
void registerRunCommand(CLI::App &Parent, CommandAction &Action);
void registerStressCommand(CLI::App &Parent, CommandAction &Action);
void registerLspCommand(CLI::App &Parent, CommandAction &Action);

} // namespace interlock

#endif
