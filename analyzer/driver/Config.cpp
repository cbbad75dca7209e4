#include "driver/Config.h"

#include "checks/CheckRegistry.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/YAMLTraits.h"
#include "llvm/Support/raw_ostream.h"

using interlock::driver::ConfigFile;

template <> struct llvm::yaml::MappingTraits<ConfigFile> {
  static void mapping(llvm::yaml::IO &IO, ConfigFile &C) {
    IO.mapOptional("Checks", C.Checks);
    IO.mapOptional("WarningsAsErrors", C.WarningsAsErrors);
    IO.mapOptional("HeaderFilterRegex", C.HeaderFilterRegex);
    IO.mapOptional("MinConfidence", C.MinConfidence);
    IO.mapOptional("Baseline", C.Baseline);
  }
};

namespace interlock::driver {
namespace {

llvm::Error error(const llvm::Twine &Msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), Msg);
}

/// Joins glob lists: `a,b` + `c` = `a,b,c`.
std::string appendGlobs(llvm::StringRef A, llvm::StringRef B) {
  A = A.trim().rtrim(',');
  B = B.trim().ltrim(',');
  if (A.empty())
    return B.str();
  if (B.empty())
    return A.str();
  return (A + "," + B).str();
}

constexpr llvm::StringLiteral FileName = ".interlock";

} // namespace

llvm::Error validateChecks(llvm::StringRef Globs, llvm::StringRef Where,
                           bool MustEnableSome, llvm::ArrayRef<std::string> KnownIds) {
  std::vector<std::string> Known =
      KnownIds.empty() ? checks::staticCheckIds() : KnownIds.vec();
  llvm::SmallVector<llvm::StringRef, 8> Parts;
  Globs.split(Parts, ',', -1, false);
  for (llvm::StringRef P : Parts) {
    P = P.trim();
    P.consume_front("-");
    if (P.empty() || P.contains('*') || P.contains('?') || P.contains('['))
      continue;
    if (!llvm::is_contained(Known, P))
      return error(Where + ": unknown check '" + P + "' (--list-checks lists them)");
  }
  if (MustEnableSome) {
    checks::CheckFilter Filter(Globs);
    if (llvm::none_of(Known, [&](const std::string &Id) { return Filter.enabled(Id); }))
      return error(Where + ": '" + Globs + "' enables no check (--list-checks lists them)");
  }
  return llvm::Error::success();
}

llvm::Expected<ConfigFile> parseConfigFile(llvm::StringRef Yaml, llvm::StringRef Source) {
  std::string Diag;
  auto Handler = [](const llvm::SMDiagnostic &D, void *Ctx) {
    auto &Out = *static_cast<std::string *>(Ctx);
    if (Out.empty())
      Out = (llvm::Twine(D.getLineNo()) + ":" + llvm::Twine(D.getColumnNo() + 1) + ": " +
             D.getMessage())
                .str();
  };
  ConfigFile C;
  if (!Yaml.trim().empty()) {
    llvm::yaml::Input In(Yaml, nullptr, Handler, &Diag);
    In >> C;
    if (In.error())
      return error(Source + ":" + (Diag.empty() ? "invalid YAML" : Diag));
  }
  if (C.MinConfidence && !parseConfidence(*C.MinConfidence))
    return error(Source + ": MinConfidence: '" + *C.MinConfidence +
                 "' is not high, medium or low");
  if (C.HeaderFilterRegex) {
    std::string Why;
    if (!llvm::Regex(*C.HeaderFilterRegex).isValid(Why))
      return error(Source + ": HeaderFilterRegex: " + Why);
  }
  for (const auto *Globs : {&C.Checks, &C.WarningsAsErrors})
    if (*Globs)
      if (llvm::Error E = validateChecks(**Globs, Source, /*MustEnableSome=*/false))
        return std::move(E);
  return C;
}

namespace {

llvm::Expected<ConfigFile> readConfigFile(llvm::StringRef Path) {
  auto Text = llvm::MemoryBuffer::getFile(Path);
  if (!Text)
    return error("cannot read config file '" + Path + "': " + Text.getError().message());
  return parseConfigFile((*Text)->getBuffer(), Path);
}

void merge(Config &Into, const ConfigFile &F, llvm::StringRef Path) {
  auto Note = [&](llvm::StringRef Key, const std::optional<std::string> &V) {
    if (V)
      Into.Origins.push_back({Key.str(), *V, Path.str()});
  };
  Note("Checks", F.Checks);
  Note("WarningsAsErrors", F.WarningsAsErrors);
  Note("HeaderFilterRegex", F.HeaderFilterRegex);
  Note("MinConfidence", F.MinConfidence);
  Note("Baseline", F.Baseline);
  if (F.Checks) {
    Into.Checks = appendGlobs(Into.Checks, *F.Checks);
    Into.ChecksFromFiles = true;
  }
  if (F.WarningsAsErrors)
    Into.WarningsAsErrors = appendGlobs(Into.WarningsAsErrors, *F.WarningsAsErrors);
  if (F.HeaderFilterRegex)
    Into.HeaderFilterRegex = *F.HeaderFilterRegex;
  if (F.MinConfidence)
    Into.MinConfidence = *parseConfidence(*F.MinConfidence);
  if (F.Baseline) {
    llvm::SmallString<256> B(*F.Baseline);
    if (!F.Baseline->empty() && !llvm::sys::path::is_absolute(B)) {
      B = llvm::sys::path::parent_path(Path);
      llvm::sys::path::append(B, *F.Baseline);
    }
    Into.Baseline = std::string(B);
  }
  Into.Sources.push_back(Path.str());
}

} // namespace

llvm::Expected<Config> ConfigProvider::configForDir(llvm::StringRef Dir) {
  if (auto It = ByDir.find(Dir); It != ByDir.end())
    return It->second;
  Config C;
  llvm::StringRef Parent = llvm::sys::path::parent_path(Dir);
  if (!Parent.empty() && Parent != Dir) {
    llvm::Expected<Config> P = configForDir(Parent);
    if (!P)
      return P.takeError();
    C = *P;
  }
  llvm::SmallString<256> Path(Dir);
  llvm::sys::path::append(Path, FileName);
  if (llvm::sys::fs::is_regular_file(Path)) {
    llvm::Expected<ConfigFile> F = readConfigFile(Path);
    if (!F)
      return F.takeError();
    merge(C, *F, Path);
  }
  ByDir[Dir] = C;
  return C;
}

llvm::Expected<Config> ConfigProvider::configFor(llvm::StringRef File) {
  Config C;
  if (!Overrides.ConfigFile.empty()) {
    if (!Explicit) {
      llvm::Expected<ConfigFile> F = readConfigFile(Overrides.ConfigFile);
      if (!F)
        return F.takeError();
      Explicit.emplace();
      llvm::SmallString<256> Abs(Overrides.ConfigFile);
      llvm::sys::fs::make_absolute(Abs);
      merge(*Explicit, *F, Abs);
    }
    C = *Explicit;
  } else {
    llvm::SmallString<256> Abs(File);
    llvm::sys::fs::make_absolute(Abs);
    llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
    llvm::StringRef Dir = llvm::sys::fs::is_directory(Abs)
                              ? llvm::StringRef(Abs)
                              : llvm::sys::path::parent_path(Abs);
    llvm::Expected<Config> Found = configForDir(Dir);
    if (!Found)
      return Found.takeError();
    C = std::move(*Found);
  }
  // Without a file that sets Checks, --checks replaces the default (`--checks=x` runs x
  // only); with one, it comes after the files' globs, as in clang-tidy.
  if (!Overrides.Checks.empty()) {
    C.Checks = C.ChecksFromFiles ? appendGlobs(C.Checks, Overrides.Checks) : Overrides.Checks;
    C.Origins.push_back({"Checks", Overrides.Checks, "--checks"});
  }
  if (!Overrides.WarningsAsErrors.empty()) {
    C.WarningsAsErrors = appendGlobs(C.WarningsAsErrors, Overrides.WarningsAsErrors);
    C.Origins.push_back({"WarningsAsErrors", Overrides.WarningsAsErrors, "--warnings-as-errors"});
  }
  if (!Overrides.HeaderFilterRegex.empty()) {
    C.HeaderFilterRegex = Overrides.HeaderFilterRegex;
    C.Origins.push_back({"HeaderFilterRegex", Overrides.HeaderFilterRegex, "--header-filter"});
  }
  if (Overrides.MinConfidence) {
    C.MinConfidence = *Overrides.MinConfidence;
    C.Origins.push_back(
        {"MinConfidence", confidenceName(*Overrides.MinConfidence).str(), "--min-confidence"});
  }
  return C;
}

std::string Config::dump() const {
  ConfigFile F;
  F.Checks = Checks;
  F.WarningsAsErrors = WarningsAsErrors;
  F.HeaderFilterRegex = HeaderFilterRegex;
  F.MinConfidence = confidenceName(MinConfidence).str();
  F.Baseline = Baseline;
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  for (const std::string &S : Sources)
    OS << "# from " << S << "\n";
  llvm::yaml::Output Y(OS);
  Y << F;
  return Out;
}

} // namespace interlock::driver
