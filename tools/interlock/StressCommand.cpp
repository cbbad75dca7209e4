#include "Commands.h"

namespace interlock {

void registerStressCommand(CLI::App &Parent, CommandAction &Action) {
  CLI::App *Stress = Parent.add_subcommand(
      "stress", "Run an instrumented program under many seeded schedules");
  Stress->allow_extras();
  Stress->callback([&Action] {
    Action = [] { return reportNotBuilt("stress", "the stress scheduler"); };
  });
  CLI::App *Replay =
      Parent.add_subcommand("replay", "Replay one stress run exactly from its seed");
  Replay->allow_extras();
  Replay->callback([&Action] {
    Action = [] { return reportNotBuilt("replay", "the stress scheduler"); };
  });
}

} // namespace interlock
