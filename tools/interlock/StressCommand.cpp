//===- StressCommand.cpp - `interlock stress` and `interlock replay` ------===//
//
// Options only: the work is in stress/StressDriver.cpp. docs/stress.md is the page.
//
//===----------------------------------------------------------------------===//
#include "ArgChecks.h"
#include "Commands.h"
#include "stress/Confirm.h"
#include "FindingFilter.h"
#include "stress/StressDriver.h"

#include <memory>

namespace interlock {
namespace {

void addScheduleOptions(CLI::App *App, stress::ScheduleOptions &S) {
  App->add_option("--strategy", S.Strategy,
                  "portfolio (the seed picks random, PCT of depth 1-3 or PCT over access "
                  "points), random, pct (depth from the seed), pct1, pct2, pct3, "
                  "pct-access (PCT whose change points fall on shared memory accesses; "
                  "depth 2 or 3 from the seed), pct-access2, pct-access3, race (aim at the "
                  "race --race names), delay (random delays, no replay) or none (plain "
                  "repeated runs)")
      ->capture_default_str()
      ->check(args::oneOf({"portfolio", "random", "pct", "pct1", "pct2", "pct3",
                           "pct-access", "pct-access2", "pct-access3", "race", "delay",
                           "none"}));
  App->add_option("--race", S.Race,
                  "With --strategy race: the race's two sides, FILE:LINE[:COL],...|"
                  "FILE:LINE[:COL],... (a thread at one side waits for another at the "
                  "other, then the seed says which goes first)");
  App->add_option("--pct-steps", S.PctSteps,
                  "PCT's estimate of scheduling points per run")
      ->capture_default_str()
      ->check(args::wholeNumber(1, 1000000000));
  App->add_option("--access-steps", S.AccessSteps,
                  "pct-access: access points per run (default: counted by a calibration "
                  "run)")
      ->check(args::wholeNumber(1, UINT64_MAX));
  App->add_flag("--spurious", S.Spurious,
                "Condition waits may wake up spuriously (once per notify)");
  App->add_option("--watchdog-ms", S.WatchdogMs,
                  "Pass the turn on when the running thread is blocked this long in code "
                  "the scheduler cannot see")
      ->capture_default_str()
      ->check(args::wholeNumber(1, 3600000));
  App->add_option("--trace-limit", S.TraceLimit,
                  "Each run stops recording events once its trace reaches SIZE bytes "
                  "(suffixes K, M, G, T); its findings are those of the recorded part")
      ->transform(args::byteSize(64 * 1024, uint64_t(1) << 40));
}

} // namespace

void registerStressCommand(CLI::App &Parent, CommandAction &Action) {
  auto SO = std::make_shared<stress::StressOptions>();
  CLI::App *Stress = Parent.add_subcommand(
      "stress", "Run an instrumented program under many seeded schedules");
  Stress->add_option("--runs", SO->Runs, "Number of runs")
      ->capture_default_str()
      ->check(args::wholeNumber(1, UINT32_MAX));
  Stress->add_option("-j,--jobs", SO->Jobs, "Runs at a time (default: one per core)")
      ->check(args::wholeNumber(1, 1024));
  Stress->add_option("--timeout", SO->Timeout,
                     "Kill a run (its whole process group) after S seconds; it becomes an "
                     "interlock-program-timeout finding; 0: no limit")
      ->capture_default_str()
      ->check(args::seconds(args::MaxSeconds));
  Stress->add_option("--seed", SO->Seed,
                     "Base seed: run i uses seed S+i (default: from the clock)")
      ->check(args::wholeNumber(0, UINT64_MAX));
  Stress->add_option_function<std::string>(
             "--shard", [SO](const std::string &S) { SO->Part = stress::parseShard(S); },
             "K/N: run only the K-th of N disjoint parts of the --runs (needs --seed); "
             "`interlock merge` combines the parts' JSON results")
      ->check(CLI::Validator(
          [](std::string &S) -> std::string {
            return stress::parseShard(S) ? "" : "expected K/N with 1 <= K <= N, got '" + S + "'";
          },
          "K/N", "shard"));
  Stress->add_option("--format", SO->Format, "Output format: text, json or sarif")
      ->capture_default_str()
      ->check(args::oneOf({"text", "json", "sarif"}));
  Stress->add_option("-o,--output", SO->Output, "Write findings to FILE instead of stdout");
  Stress->add_option("--project-root", SO->ProjectRoot,
                     "Fingerprints and SARIF URIs are relative to DIR (default: the current "
                     "directory)");
  addBaselineOptions(Stress, SO->Baseline);
  addChecksOption(Stress, SO->Checks);
  Stress->add_option("--log-dir", SO->LogDir,
                     "Keep each run's folder (trace, TSan log, run log, output) in DIR/run-N");
  Stress->add_option("--summary", SO->Summary,
                     "Write a JSON summary (runs, runs/s, first detection) to FILE");
  Stress->add_option("--stop-on", SO->StopOn,
                     "Stop at the first finding with one of these check ids ('any')")
      ->delimiter(',')
      ->check(args::checkIdOrAny());
  Stress->add_flag("-q,--quiet", SO->Quiet, "No progress line and no table");
  CLI::Option *Confirm = Stress->add_option(
      "--confirm", SO->Confirm,
      "Aim race-directed runs at each data race of this SARIF (of interlock check or "
      "interlock run) and write it back (or to --output) with what they showed; --runs "
      "is then per race (default 20)");
  Stress->add_flag("--keep-temp", SO->KeepTemp,
                   "Keep the temporary run folders (without --log-dir) and print where");
  addScheduleOptions(Stress, SO->Sched);
  Stress->add_option("command", SO->Command, "-- PROGRAM [ARGS...]")->required();
  Stress->footer("Exit status: 0 no findings, 1 findings, 2 tool error. See docs/stress.md.");
  CLI::Option *Runs = Stress->get_option("--runs");
  Stress->callback([&Action, SO, Confirm, Runs] {
    if (Confirm->count() == 0) {
      Action = [SO] { return stress::runStress(*SO); };
      return;
    }
    if (Runs->count() == 0)
      SO->Runs = 20;
    Action = [SO] { return stress::runConfirm(*SO); };
  });

  auto MO = std::make_shared<stress::MergeOptions>();
  CLI::App *Merge = Parent.add_subcommand(
      "merge", "Combine the JSON results of `stress --shard` parts into one stress's result");
  Merge->add_option("results", MO->Inputs, "The shards' `--format json` outputs")
      ->required();
  Merge->add_option("--format", MO->Format, "Output format: text, json or sarif")
      ->capture_default_str()
      ->check(args::oneOf({"text", "json", "sarif"}));
  Merge->add_option("-o,--output", MO->Output, "Write findings to FILE instead of stdout");
  Merge->add_option("--project-root", MO->ProjectRoot,
                    "Fingerprints and SARIF URIs are relative to DIR (default: the current "
                    "directory)");
  addBaselineOptions(Merge, MO->Baseline);
  Merge->add_flag("-q,--quiet", MO->Quiet, "No summary line on stderr");
  Merge->footer("Exit status: 0 no findings, 1 findings, 2 tool error (a shard missing, "
                "given twice or from another stress). See docs/distributed.md.");
  Merge->callback([&Action, MO] { Action = [MO] { return stress::runMerge(*MO); }; });

  auto RO = std::make_shared<stress::ReplayOptions>();
  CLI::App *Replay =
      Parent.add_subcommand("replay", "Replay one stress run exactly from its seed");
  Replay->add_option("--seed", RO->Seed, "The run's seed (from the stress table)")
      ->required()
      ->check(args::wholeNumber(0, UINT64_MAX));
  Replay->add_option("--timeout", RO->Timeout, "Kill the run after S seconds; 0: no limit")
      ->capture_default_str()
      ->check(args::seconds(args::MaxSeconds));
  Replay->add_option("--format", RO->Format, "Output format: text, json or sarif")
      ->capture_default_str()
      ->check(args::oneOf({"text", "json", "sarif"}));
  Replay->add_option("-o,--output", RO->Output, "Write findings to FILE instead of stdout");
  Replay->add_option("--project-root", RO->ProjectRoot,
                     "Fingerprints and SARIF URIs are relative to DIR (default: the current "
                     "directory)");
  Replay->add_option("--log", RO->Log, "Copy the run log (every scheduling decision) to FILE");
  addScheduleOptions(Replay, RO->Sched);
  Replay->add_option("command", RO->Command, "-- PROGRAM [ARGS...]")->required();
  Replay->footer("Exit status: 0 no findings, 1 findings, 2 tool error. See docs/stress.md.");
  Replay->callback([&Action, RO] { Action = [RO] { return stress::runReplay(*RO); }; });
}

} // namespace interlock
