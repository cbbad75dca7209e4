//===- CheckCommand.cpp - `interlock check`: the static analyzer's CLI ----===//
//
// Options mirror clang-tidy: files, -p BUILD_DIR, --checks globs, and compiler flags
// after `--` when there is no compilation database. docs/check.md documents them.
//
//===----------------------------------------------------------------------===//
#include "ArgChecks.h"
#include "BaselineGate.h"
#include "CacheOptions.h"
#include "Commands.h"
#include "SummaryFiles.h"
#include "ExitCodes.h"
#include "lifecycle/Interrupt.h"
#include "lifecycle/OutputFile.h"

#include "checks/CheckRegistry.h"
#include "driver/CheckRunner.h"
#include "report/Emitters.h"
#include "report/LineFilter.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

#include <memory>

namespace interlock {
namespace {

struct CheckArgs {
  std::vector<std::string> Positionals;
  std::string BuildDir;
  std::string Checks;
  std::string Format = "text";
  std::string Output;
  unsigned Jobs = 0;
  bool Quiet = false;
  std::string SummaryDir;
  std::vector<std::string> FromSummaries;
  std::string MinConfidence;
  std::string ConfigFile;
  std::string WarningsAsErrors;
  std::string HeaderFilter;
  std::string LineFilterJson;
  std::vector<std::string> ExtraArgsBefore, ExtraArgsAfter;
  bool DumpConfig = false;
  bool ExplainConfig = false;
  bool ListChecks = false;
  std::string ProjectRoot;
  BaselineArgs Baseline;
  CacheArgs Cache;
  bool CacheStats = false;
  bool Stats = false;
};

/// --stats: one line, also under -q (a benchmark asks for it and wants nothing else).
void printPhaseTimes(const driver::PhaseTimes &T, llvm::raw_ostream &Errs) {
  Errs << llvm::format("interlock check: stats: summarize %.3f s, link %.3f s (points-to "
                       "%.3f s, %zu nodes), walk and checks %.3f s\n",
                       T.Summarize, T.Link, T.PointsTo, T.PointsToNodes, T.WalkAndChecks);
}

int runCheckCommand(const CheckArgs &Args, const SeparatedArgs &Separated) {
  std::optional<OutputFormat> Format = parseOutputFormat(Args.Format);
  if (!Format) {
    llvm::errs() << "interlock check: unknown --format '" << Args.Format
                 << "' (expected text, json or sarif)\n";
    return exit_code::ToolError;
  }
  driver::CheckRunOptions Opts;
  if (!Args.MinConfidence.empty()) {
    Opts.Overrides.MinConfidence = parseConfidence(Args.MinConfidence);
    if (!Opts.Overrides.MinConfidence) {
      llvm::errs() << "interlock check: unknown --min-confidence '" << Args.MinConfidence
                   << "' (expected high, medium or low)\n";
      return exit_code::ToolError;
    }
  }
  Opts.Overrides.ConfigFile = Args.ConfigFile;
  Opts.Overrides.Checks = Args.Checks;
  Opts.Overrides.WarningsAsErrors = Args.WarningsAsErrors;
  Opts.Overrides.HeaderFilterRegex = Args.HeaderFilter;
  if (llvm::Error E = driver::validateChecks(Args.Checks, "--checks", false)) {
    llvm::errs() << "interlock check: error: " << llvm::toString(std::move(E)) << '\n';
    return exit_code::ToolError;
  }
  LineFilter Lines;
  if (!Args.LineFilterJson.empty()) {
    llvm::Expected<LineFilter> Parsed = LineFilter::parse(Args.LineFilterJson);
    if (!Parsed) {
      llvm::errs() << "interlock check: error: --line-filter: "
                   << llvm::toString(Parsed.takeError()) << '\n';
      return exit_code::ToolError;
    }
    Lines = std::move(*Parsed);
  }
  splitPositionals(Args.Positionals, Separated, Opts.Files, Opts.ExtraArgs);
  Opts.HaveExtraArgs = Separated.Present;
  Opts.BuildDir = Args.BuildDir;
  Opts.Jobs = Args.Jobs;
  Opts.SummaryDir = Args.SummaryDir;
  Opts.ProjectRoot = Args.ProjectRoot;
  Opts.CacheDir = Args.Cache.Dir;
  Opts.NoCache = Args.Cache.Off;
  Opts.CacheStats = Args.CacheStats;
  Opts.ExtraArgsBefore = Args.ExtraArgsBefore;
  Opts.ExtraArgsAfter = Args.ExtraArgsAfter;
  Opts.Quiet = Args.Quiet;
  Opts.Progress = !Args.Quiet && llvm::sys::Process::StandardErrIsDisplayed();
  // --dump-config, --list-checks and the configured Baseline: the configuration of the
  // first file, or of the current folder.
  driver::ConfigProvider Configs(Opts.Overrides);
  llvm::Expected<driver::Config> Here =
      Configs.configFor(Opts.Files.empty() ? std::string(".") : Opts.Files.front());
  if (!Here) {
    llvm::errs() << "interlock check: error: " << llvm::toString(Here.takeError()) << '\n';
    return exit_code::ToolError;
  }
  if (Args.DumpConfig) {
    llvm::outs() << Here->dump();
    return exit_code::NoFindings;
  }
  if (Args.ExplainConfig) {
    llvm::outs() << Here->explain();
    return exit_code::NoFindings;
  }
  if (Args.ListChecks) {
    llvm::outs() << "Enabled checks:\n";
    checks::CheckFilter Filter(Here->Checks);
    for (const std::string &Id : checks::staticCheckIds())
      if (Filter.enabled(Id))
        llvm::outs() << "    " << Id << '\n';
    return exit_code::NoFindings;
  }
  BaselineArgs Baseline = Args.Baseline;
  if (Baseline.Read.empty() && Baseline.Write.empty())
    Baseline.Read = Here->Baseline;
  if (!Args.FromSummaries.empty() && !Opts.Files.empty()) {
    llvm::errs() << "interlock check: --from-summaries links summaries made by `interlock "
                    "summarize`: give no source files with it\n";
    return exit_code::ToolError;
  }
  if (Opts.Files.empty() && Opts.BuildDir.empty() && Args.FromSummaries.empty()) {
    llvm::errs() << "interlock check: nothing to analyze: give source files (flags after "
                    "`--`), or -p BUILD_DIR with a compile_commands.json\n";
    return exit_code::ToolError;
  }

  // Opened before the analysis, so an unwritable -o fails now, not after the work.
  auto Out = OutputFile::open(Args.Output);
  if (!Out) {
    llvm::errs() << "interlock check: " << llvm::toString(Out.takeError()) << '\n';
    return exit_code::ToolError;
  }
  BaselineGate Gate;
  if (!Gate.open(Baseline, "interlock check"))
    return exit_code::ToolError;
  // A signal stops the analysis at once: the temporary output is removed, nothing is
  // written (there is no partial result worth keeping: the checks run after the link).
  interrupt::installStopAtOnce("interlock check");
  llvm::Expected<driver::CheckRunResult> Result =
      Args.FromSummaries.empty() ? driver::runCheck(Opts, llvm::errs())
                                 : linkSummaryFiles(Args.FromSummaries, Opts, llvm::errs());
  if (!Result) {
    llvm::errs() << "interlock check: error: " << llvm::toString(Result.takeError()) << '\n';
    return exit_code::ToolError;
  }

  if (Args.Stats)
    printPhaseTimes(Result->Times, llvm::errs());
  bool Color = (*Out)->isStdout() && llvm::outs().has_colors() && !getenv("NO_COLOR");
  unsigned OutsideLines = Lines.apply(Result->Findings);
  Gate.apply(Result->Findings, Result->ProjectRoot);
  RunStatus Status;
  Status.Command = "check";
  Status.ProjectRoot = Result->ProjectRoot;
  Status.Failures = Result->Failures;
  emitFindings((*Out)->os(), *Format, Result->Findings, Color, &Status);
  if (llvm::Error E = (*Out)->commit()) {
    llvm::errs() << "interlock check: " << llvm::toString(std::move(E)) << '\n';
    return exit_code::ToolError;
  }
  if (!Gate.commit(Args.Quiet))
    return exit_code::ToolError;
  if (!Args.Quiet && Result->BelowConfidence)
    llvm::errs() << "interlock check: " << Result->BelowConfidence
                 << " finding(s) below "
                 << (Args.MinConfidence.empty() ? std::string("MinConfidence")
                                                : "--min-confidence=" + Args.MinConfidence)
                 << " not shown\n";
  if (!Args.Quiet && Result->OutsideHeaderFilter)
    llvm::errs() << "interlock check: " << Result->OutsideHeaderFilter
                 << " finding(s) in headers outside the header filter not shown\n";
  if (!Args.Quiet && OutsideLines)
    llvm::errs() << "interlock check: " << OutsideLines
                 << " finding(s) outside the --line-filter not shown\n";
  if (!Args.Quiet && Result->Failed)
    llvm::errs() << "interlock check: " << Result->Failed << " of "
                 << Result->TranslationUnits << " translation units could not be analyzed\n";
  if (Result->Failed)
    return exit_code::ToolError;
  return Result->Findings.empty() ? exit_code::NoFindings : exit_code::Findings;
}

} // namespace

void addExtraArgOptions(CLI::App *Command, std::vector<std::string> &Before,
                        std::vector<std::string> &After) {
  Command->add_option("--extra-arg", After,
                      "Additional argument to append to the compiler command line")
      ->allow_extra_args(false);
  Command->add_option("--extra-arg-before", Before,
                      "Additional argument to prepend to the compiler command line")
      ->allow_extra_args(false);
}

void registerCheckCommand(CLI::App &Parent, CommandAction &Action,
                          const SeparatedArgs &Separated) {
  auto Args = std::make_shared<CheckArgs>();
  CLI::App *Check = Parent.add_subcommand(
      "check", "Analyze sources statically through compile_commands.json");
  Check->add_option("files", Args->Positionals,
                    "Source files to analyze (default: every file in the database); "
                    "compiler flags follow `--` when there is no database")
      // A huge minimum keeps CLI11 from handing the words after `--` to the parent.
      ->expected(1 << 20, 1 << 30)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  Check->add_option("-p,--build-path", Args->BuildDir,
                    "Build directory containing compile_commands.json");
  Check->add_option("--checks", Args->Checks,
                    "Comma-separated globs of checks to run; `-` disables; appended to the "
                    "Checks of .interlock files (default: interlock-*)");
  Check->add_option("--config-file", Args->ConfigFile,
                    "Use this configuration file instead of searching for .interlock files");
  Check->add_flag("--dump-config", Args->DumpConfig,
                  "Print the configuration in effect (YAML) and exit");
  Check->add_flag("--explain-config", Args->ExplainConfig,
                  "Print which .interlock file or option set each value and enables each "
                  "check, and exit");
  Check->add_flag("--list-checks", Args->ListChecks, "Print the enabled checks and exit");
  Check->add_option("--warnings-as-errors", Args->WarningsAsErrors,
                    "Globs of checks whose findings are errors; appended to WarningsAsErrors");
  Check->add_option("--header-filter", Args->HeaderFilter,
                    "Show findings in headers only if the path matches this regex");
  Check->add_option("--line-filter", Args->LineFilterJson,
                    "Report only findings on these lines, clang-tidy's JSON: "
                    "[{\"name\":\"file.cpp\",\"lines\":[[1,3],[5,7]]},{\"name\":\"file.h\"}]");
  addExtraArgOptions(Check, Args->ExtraArgsBefore, Args->ExtraArgsAfter);
  // Checked in runCheckCommand, before any work (tests/analyzer/driver/errors.test).
  Check->add_option("--format", Args->Format, "Output format: text, json or sarif");
  Check->add_option("-o,--output", Args->Output, "Write findings to this file");
  Check->add_option("-j,--jobs", Args->Jobs, "Translation units analyzed in parallel "
                                             "(default: all cores)")
      ->check(args::wholeNumber(1, 1024));
  Check->add_flag("-q,--quiet", Args->Quiet, "No progress or summary on stderr");
  Check->add_option("--min-confidence", Args->MinConfidence,
                    "Report findings of at least this confidence: high, medium or low "
                    "(default: medium). See docs/check.md");
  Check->add_option("--project-root", Args->ProjectRoot,
                    "Fingerprints and SARIF URIs are relative to this directory "
                    "(default: the directory of compile_commands.json, else the current "
                    "directory)");
  addBaselineOptions(Check, Args->Baseline);
  Check->add_option("--summaries", Args->SummaryDir,
                    "Write each translation unit's summary (JSON) into this directory");
  addCacheOptions(Check, Args->Cache);
  Check->add_flag("--cache-stats", Args->CacheStats,
                  "Say which translation units were analysed and which came from the cache");
  Check->add_flag("--stats", Args->Stats,
                  "Print on stderr the time of each phase (summarize, link, points-to, walk "
                  "and checks) and the number of points-to nodes");
  Check->add_option("--from-summaries", Args->FromSummaries,
                    "Link the summaries `interlock summarize` wrote (files, or folders of "
                    "*.json) instead of analysing sources; -p only sets the project root")
      ->expected(1, 1 << 20);
  Check->footer("Exit status: 0 no findings, 1 findings, 2 something could not be "
                "analyzed. See docs/check.md.");
  Check->callback([&Action, Args, &Separated] {
    Action = [Args, &Separated] { return runCheckCommand(*Args, Separated); };
  });
}

} // namespace interlock
