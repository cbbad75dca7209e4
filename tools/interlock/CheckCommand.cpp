#include "Commands.h"

namespace interlock {

void registerCheckCommand(CLI::App &Parent, CommandAction &Action) {
  CLI::App *Check = Parent.add_subcommand(
      "check", "Analyze sources statically through compile_commands.json");
  Check->allow_extras();
  Check->callback([&Action] {
    Action = [] { return reportNotBuilt("check", "the static analyzer"); };
  });
}

} // namespace interlock
