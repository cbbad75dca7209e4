//===- Config.h - `.interlock` files: clang-tidy's configuration habits ------===//
//
// A `.interlock` file (YAML, like `.clang-tidy`) in a source file's folder or any folder
// above it configures `interlock check` for the files below it. Files are merged from
// the root down: a child's `Checks` and `WarningsAsErrors` globs are appended to its
// parent's (the last matching glob decides, so the child wins), and its other keys
// replace the parent's. The command line comes last. docs/config.md documents it.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_DRIVER_CONFIG_H
#define INTERLOCK_DRIVER_CONFIG_H

#include "report/Finding.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <optional>
#include <string>
#include <vector>

namespace interlock::driver {

/// One `.interlock` file as written: each key optional.
struct ConfigFile {
  std::optional<std::string> Checks;
  std::optional<std::string> WarningsAsErrors;
  std::optional<std::string> HeaderFilterRegex;
  std::optional<std::string> MinConfidence;
  std::optional<std::string> Baseline; // relative to the file's folder
};

/// Parses and checks one file (unknown keys, a bad MinConfidence or regex, unknown check
/// names are errors naming Source).
llvm::Expected<ConfigFile> parseConfigFile(llvm::StringRef Yaml, llvm::StringRef Source);

/// The configuration in effect for one source file.
struct Config {
  std::string Checks = "interlock-*"; // the default, then the files' globs
  bool ChecksFromFiles = false;       // some file set Checks
  std::string WarningsAsErrors;
  std::string HeaderFilterRegex; // empty: findings in every header are shown
  Confidence MinConfidence = Confidence::Medium;
  std::string Baseline;             // absolute; empty: none
  std::vector<std::string> Sources; // the files merged, root first
  /// Who set what, in order: each file's (or command-line option's) value of a key.
  struct Origin {
    std::string Key;   // "Checks", "MinConfidence", ...
    std::string Value; // as that source wrote it
    std::string From;  // a file's path, or "--checks", ...
  };
  std::vector<Origin> Origins;

  /// The YAML of `--dump-config`.
  std::string dump() const;
  /// `--explain-config`: each value with the file or option that set it, and which
  /// source enables each check (ConfigExplain.cpp).
  std::string explain() const;
};

/// What the command line says; it overrides every file.
struct ConfigOverrides {
  std::string ConfigFile; // --config-file: this file instead of searching
  std::string Checks;     // --checks, appended to the files' globs
  std::string WarningsAsErrors;
  std::string HeaderFilterRegex;
  std::optional<Confidence> MinConfidence;
};

/// Finds and merges `.interlock` files, once per folder.
class ConfigProvider {
public:
  explicit ConfigProvider(ConfigOverrides Overrides) : Overrides(std::move(Overrides)) {}
  /// For a source file (or, for a folder, a file in it).
  llvm::Expected<Config> configFor(llvm::StringRef File);

private:
  llvm::Expected<Config> configForDir(llvm::StringRef Dir);
  ConfigOverrides Overrides;
  llvm::StringMap<Config> ByDir;
  std::optional<Config> Explicit;
};

/// `--checks` and config globs: an error when a glob without `*` names no check, or
/// (MustEnableSome) when the list as a whole enables no check. Where says whose list.
/// Known: the check ids there are (empty: the static checks; `run` and `stress` pass
/// the ids of the check catalog).
llvm::Error validateChecks(llvm::StringRef Globs, llvm::StringRef Where,
                           bool MustEnableSome, llvm::ArrayRef<std::string> Known = {});

} // namespace interlock::driver

#endif
