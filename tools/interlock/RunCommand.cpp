#include "Commands.h"

namespace interlock {

void registerRunCommand(CLI::App &Parent, CommandAction &Action) {
  CLI::App *Run = Parent.add_subcommand(
      "run", "Run an instrumented program once and report what it did");
  Run->allow_extras();
  Run->callback([&Action] {
    Action = [] { return reportNotBuilt("run", "instrumented runs"); };
  });
  CLI::App *Trace =
      Parent.add_subcommand("trace", "Convert a recorded trace (e.g. to Chrome JSON)");
  Trace->allow_extras();
  Trace->callback([&Action] {
    Action = [] { return reportNotBuilt("trace", "instrumented runs"); };
  });
}

} // namespace interlock
