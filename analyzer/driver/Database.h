//===- Database.h - Which compile commands `interlock check` uses ---------===//
//
// clang-tidy's and clangd's habits: `-p BUILD_DIR` names the database; flags after `--`
// with no `-p` mean no database; otherwise compile_commands.json is searched for in the
// folders above the files (and their `build/` subfolders, as clangd does), then above
// the current directory, and the command says which one it uses or that it found none.
// A file or header missing from the database borrows the flags of its closest entry
// (clang's InterpolatingCompilationDatabase, as clangd and clang-tidy). docs/check.md.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_DRIVER_DATABASE_H
#define INTERLOCK_DRIVER_DATABASE_H

#include "clang/Tooling/CompilationDatabase.h"

#include "llvm/Support/Error.h"

#include <memory>
#include <string>
#include <vector>

namespace interlock::driver {

struct DatabaseRequest {
  std::string BuildDir;              // -p: a folder or a compile_commands.json
  std::vector<std::string> Files;    // the files given (searched from when no -p)
  std::vector<std::string> Flags;    // after `--`
  bool HaveFlags = false;            // `--` was given
};

struct LoadedDatabase {
  std::unique_ptr<clang::tooling::CompilationDatabase> DB;
  /// The folder of the compile_commands.json used; "" for fixed flags.
  std::string Dir;
  /// What to tell the user on stderr about the choice ("" when -p or `--` said it).
  std::string Note;
};

/// Errors: a -p folder without a database, a database that cannot be read, or neither
/// files nor -p.
llvm::Expected<LoadedDatabase> loadDatabase(const DatabaseRequest &Req);

/// For a file the database does not list: "analysed with the flags of X (...)";
/// "" for a listed file.
std::string interpolationNote(const clang::tooling::CompilationDatabase &DB,
                              llvm::StringRef File);

} // namespace interlock::driver

#endif
