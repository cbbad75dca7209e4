#include "driver/Database.h"

#include "clang/Tooling/JSONCompilationDatabase.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

namespace interlock::driver {
namespace {

llvm::Error error(const llvm::Twine &Msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), Msg);
}

/// Reads Json, validating it first: the YAML-based loader accepts some broken files and
/// prints its complaints itself. Files it does not list get interpolated commands.
llvm::Expected<std::unique_ptr<clang::tooling::CompilationDatabase>>
readJsonDatabase(llvm::StringRef Json) {
  auto Text = llvm::MemoryBuffer::getFile(Json);
  if (!Text)
    return error("cannot read compilation database '" + Json +
                 "': " + Text.getError().message());
  if (llvm::Expected<llvm::json::Value> V = llvm::json::parse((*Text)->getBuffer()); !V)
    return error("cannot read compilation database '" + Json +
                 "': invalid JSON: " + llvm::toString(V.takeError()));
  else if (!V->getAsArray())
    return error("cannot read compilation database '" + Json +
                 "': expected a JSON array of compile commands");
  std::string Err;
  auto DB = clang::tooling::JSONCompilationDatabase::loadFromFile(
      Json, Err, clang::tooling::JSONCommandLineSyntax::AutoDetect);
  if (!DB)
    return error("cannot read compilation database '" + Json + "': " + Err);
  return clang::tooling::inferMissingCompileCommands(std::move(DB));
}

/// INTERLOCK_CEILING_DIRECTORIES (colon-separated, like git's GIT_CEILING_DIRECTORIES):
/// the search enters none of these folders, so it never goes above them.
std::vector<std::string> ceilings() {
  std::vector<std::string> Out;
  if (const char *Env = getenv("INTERLOCK_CEILING_DIRECTORIES")) {
    llvm::SmallVector<llvm::StringRef, 4> Parts;
    llvm::StringRef(Env).split(Parts, ':', -1, false);
    for (llvm::StringRef P : Parts) {
      llvm::SmallString<256> Abs(P);
      llvm::sys::fs::make_absolute(Abs);
      llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
      Out.push_back(std::string(Abs));
    }
  }
  return Out;
}

/// The first compile_commands.json in Dir or a folder above it, also looking into each
/// one's `build/` (clangd's habit); "" if none.
std::string searchUpward(llvm::StringRef Start) {
  llvm::SmallString<256> Dir(Start);
  llvm::sys::fs::make_absolute(Dir);
  llvm::sys::path::remove_dots(Dir, /*remove_dot_dot=*/true);
  std::vector<std::string> Stop = ceilings();
  for (llvm::StringRef D = Dir; !D.empty() && !llvm::is_contained(Stop, D);
       D = llvm::sys::path::parent_path(D)) {
    for (llvm::StringRef Sub : {"", "build"}) {
      llvm::SmallString<256> Json(D);
      llvm::sys::path::append(Json, Sub, "compile_commands.json");
      if (llvm::sys::fs::is_regular_file(Json))
        return std::string(Json);
    }
  }
  return "";
}

} // namespace

llvm::Expected<LoadedDatabase> loadDatabase(const DatabaseRequest &Req) {
  LoadedDatabase Out;
  if (!Req.BuildDir.empty()) {
    llvm::SmallString<256> Path(Req.BuildDir);
    if (!llvm::sys::fs::is_directory(Path) &&
        llvm::sys::path::filename(Path) == "compile_commands.json")
      Path = llvm::sys::path::parent_path(Path);
    llvm::SmallString<256> Json(Path);
    llvm::sys::path::append(Json, "compile_commands.json");
    if (!llvm::sys::fs::exists(Json))
      return error("no compile_commands.json in '" + Req.BuildDir +
                   "' (configure with -DCMAKE_EXPORT_COMPILE_COMMANDS=ON)");
    auto DB = readJsonDatabase(Json);
    if (!DB)
      return DB.takeError();
    Out.DB = std::move(*DB);
    Out.Dir = std::string(Path);
    return Out;
  }
  if (Req.Files.empty())
    return error("nothing to analyze: give source files, or -p BUILD_DIR with a "
                 "compile_commands.json");
  if (!Req.HaveFlags) {
    std::string Json, Above;
    for (const std::string &F : Req.Files)
      if (Json.empty()) {
        Json = searchUpward(llvm::sys::path::parent_path(F));
        Above = F;
      }
    bool FromCwd = Json.empty();
    if (FromCwd)
      Json = searchUpward(".");
    if (!Json.empty()) {
      auto DB = readJsonDatabase(Json);
      if (!DB)
        return DB.takeError();
      Out.DB = std::move(*DB);
      Out.Dir = std::string(llvm::sys::path::parent_path(Json));
      Out.Note = "using the compilation database '" + Json + "' (found above " +
                 (FromCwd ? std::string("the current directory") : "'" + Above + "'") +
                 "; -p BUILD_DIR chooses another)";
      return Out;
    }
    Out.Note = "no compile_commands.json found above the files or the current directory: "
               "analysing with no compiler flags (give -p BUILD_DIR, or the flags after "
               "`--`)";
  }
  Out.DB = std::make_unique<clang::tooling::FixedCompilationDatabase>(".", Req.Flags);
  return Out;
}

std::string interpolationNote(const clang::tooling::CompilationDatabase &DB,
                              llvm::StringRef File) {
  std::vector<clang::tooling::CompileCommand> Cmds = DB.getCompileCommands(File);
  if (Cmds.empty() || Cmds.front().Heuristic.empty())
    return "";
  return "not in the compilation database; analysed with the flags of its closest entry (" +
         Cmds.front().Heuristic + ")";
}

} // namespace interlock::driver
