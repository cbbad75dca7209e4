//===- main.cpp - The `interlock` command line ----------------------------===//
#include "Commands.h"
#include "ExitCodes.h"

#include <algorithm>

namespace interlock {
SeparatedArgs splitAtSeparator(int Argc, char **Argv) {
  SeparatedArgs Out;
  for (int I = 1; I < Argc; ++I)
    if (std::string(Argv[I]) == "--") {
      Out.Present = true;
      Out.After.assign(Argv + I + 1, Argv + Argc);
      break;
    }
  return Out;
}

void splitPositionals(const std::vector<std::string> &Positionals,
                      const SeparatedArgs &Separated, std::vector<std::string> &Files,
                      std::vector<std::string> &Flags) {
  size_t Extra = std::min(Separated.After.size(), Positionals.size());
  Files.assign(Positionals.begin(), Positionals.end() - Extra);
  Flags.assign(Positionals.end() - Extra, Positionals.end());
}
} // namespace interlock

int main(int argc, char **argv) {
  CLI::App App{"Interlock finds concurrency bugs in C and C++ programs: statically "
               "(check), by recording runs (run) and by stress-testing schedules "
               "(stress, replay).",
               "interlock"};
  App.set_version_flag("--version", std::string("interlock ") + INTERLOCK_VERSION_STRING +
                                        " (LLVM " + INTERLOCK_LLVM_VERSION_STRING + ")");
  App.require_subcommand(1);
  App.footer("Exit status: 0 no findings, 1 findings, 2 tool error (something could not "
             "be analyzed). See docs/cli.md.");

  interlock::CommandAction Action;
  interlock::SeparatedArgs Separated = interlock::splitAtSeparator(argc, argv);
  interlock::registerCheckCommand(App, Action, Separated);
  interlock::registerSummarizeCommand(App, Action, Separated);
  interlock::registerRunCommand(App, Action);
  interlock::registerStressCommand(App, Action);
  interlock::registerLspCommand(App, Action);

  try {
    App.parse(argc, argv);
  } catch (const CLI::CallForHelp &E) {
    return App.exit(E);
  } catch (const CLI::CallForAllHelp &E) {
    return App.exit(E);
  } catch (const CLI::CallForVersion &E) {
    return App.exit(E);
  } catch (const CLI::ParseError &E) {
    App.exit(E);
    return interlock::exit_code::ToolError;
  }
  if (!Action)
    return interlock::exit_code::ToolError;
  return Action();
}
