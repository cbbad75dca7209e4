//===- SummaryCache.cpp - Per-TU summaries kept on disk between runs ------===//
#include "driver/SummaryCache.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/BLAKE3.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>
#include <elf.h>
#include <link.h>

namespace interlock::driver {
namespace {

/// The first line of every entry: the entry format, then the payload's hash.
constexpr llvm::StringLiteral Magic = "interlock-summary-cache 1 ";

llvm::Error error(const llvm::Twine &Msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), Msg);
}

/// The GNU build id of the running executable, read from its loaded notes (no file I/O):
/// the linker hashes the whole output into it, so any other build has another one.
std::string buildId() {
  std::string Id;
  dl_iterate_phdr(
      [](dl_phdr_info *Info, size_t, void *Data) {
        auto &Id = *static_cast<std::string *>(Data);
        for (unsigned I = 0; I < Info->dlpi_phnum; ++I) {
          const ElfW(Phdr) &Ph = Info->dlpi_phdr[I];
          if (Ph.p_type != PT_NOTE)
            continue;
          const char *P = reinterpret_cast<const char *>(Info->dlpi_addr + Ph.p_vaddr);
          const char *End = P + Ph.p_memsz;
          while (P + sizeof(ElfW(Nhdr)) <= End) {
            auto *N = reinterpret_cast<const ElfW(Nhdr) *>(P);
            const char *Name = P + sizeof(ElfW(Nhdr));
            const char *Desc = Name + ((N->n_namesz + 3) & ~3u);
            if (N->n_type == NT_GNU_BUILD_ID && N->n_namesz == 4 &&
                std::memcmp(Name, "GNU", 4) == 0 && Desc + N->n_descsz <= End) {
              Id = llvm::toHex(llvm::ArrayRef<uint8_t>(
                                   reinterpret_cast<const uint8_t *>(Desc), N->n_descsz),
                               /*LowerCase=*/true);
              return 1;
            }
            P = Desc + ((N->n_descsz + 3) & ~3u);
          }
        }
        return 1; // the first object is the executable: stop there
      },
      &Id);
  return Id;
}

/// Without a build id: the executable's size and modification time, which a rebuild
/// changes (a copy preserving times keeps them, and is the same program).
std::string executableStamp() {
  std::string Exe = llvm::sys::fs::getMainExecutable(nullptr, nullptr);
  llvm::sys::fs::file_status St;
  if (Exe.empty() || llvm::sys::fs::status(Exe, St))
    return "unknown";
  return Exe + ":" + std::to_string(St.getSize()) + ":" +
         std::to_string(St.getLastModificationTime().time_since_epoch().count());
}

/// Length-prefixed, so that ("ab","c") and ("a","bc") hash differently.
void feed(llvm::BLAKE3 &H, llvm::StringRef S) {
  H.update(std::to_string(S.size()) + ":");
  H.update(S);
}

/// An entry is three parts: the magic line with the hash of the rest; a line of JSON
/// with the files read and the notes printed; the summary in its own JSON (the format
/// --summaries writes), parsed only once the files are known to be unchanged.
std::string entryText(const DependencyList &Deps, const CachedTU &TU) {
  llvm::json::Array D, N;
  for (const auto &[Path, Hash] : Deps)
    D.push_back(llvm::json::Array{Path, Hash});
  for (const std::string &Note : TU.Notes)
    N.push_back(Note);
  std::string Payload;
  llvm::raw_string_ostream OS(Payload);
  OS << llvm::json::Value(llvm::json::Object{{"deps", std::move(D)}, {"notes", std::move(N)}})
     << '\n'
     << summary::toJSON(TU.Summary);
  OS.flush();
  return (Magic + contentHash(Payload) + "\n" + Payload).str();
}

/// Splits an entry into its header line and summary text. Errors say what is wrong.
llvm::Expected<std::pair<DependencyList, std::vector<std::string>>>
parseEntryHeader(llvm::StringRef Text, llvm::StringRef &SummaryText) {
  if (!Text.consume_front(Magic))
    return error("not a summary cache entry of this format");
  auto [Checksum, Payload] = Text.split('\n');
  if (Checksum != contentHash(Payload))
    return error("checksum mismatch (truncated or damaged)");
  auto [Header, Summary] = Payload.split('\n');
  SummaryText = Summary;
  llvm::Expected<llvm::json::Value> Doc = llvm::json::parse(Header);
  if (!Doc)
    return Doc.takeError();
  const llvm::json::Object *Top = Doc->getAsObject();
  const llvm::json::Array *Deps = Top ? Top->getArray("deps") : nullptr;
  const llvm::json::Array *Notes = Top ? Top->getArray("notes") : nullptr;
  if (!Deps || !Notes)
    return error("missing deps or notes");
  std::pair<DependencyList, std::vector<std::string>> Out;
  for (const llvm::json::Value &D : *Deps) {
    const llvm::json::Array *Pair = D.getAsArray();
    if (!Pair || Pair->size() != 2 || !(*Pair)[0].getAsString() || !(*Pair)[1].getAsString())
      return error("malformed dependency");
    Out.first.emplace_back(std::string(*(*Pair)[0].getAsString()),
                           std::string(*(*Pair)[1].getAsString()));
  }
  for (const llvm::json::Value &N : *Notes)
    if (std::optional<llvm::StringRef> S = N.getAsString())
      Out.second.push_back(std::string(*S));
  return Out;
}

} // namespace

const std::string &toolIdentity() {
  static const std::string Id = [] {
    std::string Build = buildId();
    return std::string("interlock ") + INTERLOCK_VERSION_STRING + "; LLVM " +
           LLVM_VERSION_STRING + "; " +
           (Build.empty() ? "exe " + executableStamp() : "build-id " + Build);
  }();
  return Id;
}

std::string SummaryCache::defaultDir(llvm::StringRef DatabaseDir) {
  llvm::SmallString<256> Dir;
  if (!DatabaseDir.empty()) {
    Dir = DatabaseDir;
    llvm::sys::fs::make_absolute(Dir);
    llvm::sys::path::append(Dir, ".interlock-cache");
    return std::string(Dir);
  }
  if (std::optional<std::string> Xdg = llvm::sys::Process::GetEnv("XDG_CACHE_HOME");
      Xdg && llvm::sys::path::is_absolute(*Xdg))
    Dir = *Xdg;
  else if (std::optional<std::string> Home = llvm::sys::Process::GetEnv("HOME");
           Home && !Home->empty())
    llvm::sys::path::append(Dir, *Home, ".cache");
  else
    return "";
  llvm::sys::path::append(Dir, "interlock");
  return std::string(Dir);
}

llvm::Expected<SummaryCache> SummaryCache::open(llvm::StringRef Dir) {
  llvm::SmallString<256> Abs(Dir);
  llvm::sys::fs::make_absolute(Abs);
  if (std::error_code EC = llvm::sys::fs::create_directories(Abs))
    return error("cannot create '" + Abs + "': " + EC.message());
  // Tells backup tools (CACHEDIR.TAG) and git (.gitignore) to leave the folder alone.
  auto WriteOnce = [&](llvm::StringRef Name, llvm::StringRef Text) {
    llvm::SmallString<256> Path(Abs);
    llvm::sys::path::append(Path, Name);
    if (llvm::sys::fs::exists(Path))
      return;
    std::error_code EC;
    llvm::raw_fd_ostream OS(Path, EC);
    if (!EC)
      OS << Text;
  };
  WriteOnce("CACHEDIR.TAG", "Signature: 8a477f597d28d172789f06886806bc55\n"
                            "# Interlock's summary cache; see docs/check.md.\n");
  WriteOnce(".gitignore", "*\n");
  if (!llvm::sys::fs::can_write(Abs))
    return error("cannot write to '" + Abs + "'");
  return SummaryCache(std::string(Abs));
}

std::string SummaryCache::keyFor(const std::vector<clang::tooling::CompileCommand> &Commands,
                                 llvm::StringRef Options) const {
  llvm::BLAKE3 H;
  feed(H, toolIdentity());
  feed(H, Options);
  for (const clang::tooling::CompileCommand &C : Commands) {
    feed(H, C.Directory);
    feed(H, C.Filename);
    H.update(std::to_string(C.CommandLine.size()) + ":");
    for (const std::string &Arg : C.CommandLine)
      feed(H, Arg);
  }
  return llvm::toHex(H.final<16>(), /*LowerCase=*/true);
}

std::string SummaryCache::entryPath(const std::string &Key) const {
  llvm::SmallString<256> Path(Dir);
  llvm::sys::path::append(Path, "summaries", Key.substr(0, 2), Key + ".json");
  return std::string(Path);
}

std::optional<CachedTU> SummaryCache::lookup(const std::string &Key, std::string &Note) {
  std::string Path = entryPath(Key);
  auto Buf = llvm::MemoryBuffer::getFile(Path, /*IsText=*/false,
                                         /*RequiresNullTerminator=*/false);
  if (!Buf)
    return std::nullopt; // never analysed with this command: a plain miss
  llvm::StringRef SummaryText;
  auto Header = parseEntryHeader((*Buf)->getBuffer(), SummaryText);
  auto Damaged = [&](llvm::Error E) {
    Note = "ignoring damaged summary cache entry '" + Path + "': " + llvm::toString(std::move(E)) +
           "; the file is analysed again";
    return std::nullopt;
  };
  if (!Header)
    return Damaged(Header.takeError());
  if (!Hashes->unchanged(Header->first))
    return std::nullopt;
  // The summary's own reader, the one for --summaries output.
  llvm::Expected<summary::TUSummary> S = summary::parseTUSummary(SummaryText);
  if (!S)
    return Damaged(S.takeError());
  return CachedTU{std::move(*S), std::move(Header->second)};
}

void SummaryCache::store(const std::string &Key, const DependencyList &Deps,
                         const CachedTU &TU) {
  std::string Path = entryPath(Key);
  if (llvm::sys::fs::create_directories(llvm::sys::path::parent_path(Path)))
    return;
  // Another run writing the same entry at once renames its own temporary: each reader
  // sees one whole entry or the other, both valid.
  llvm::SmallString<256> Temp;
  int FD;
  if (llvm::sys::fs::createUniqueFile(Path + ".tmp-%%%%%%%%", FD, Temp))
    return;
  {
    llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << entryText(Deps, TU);
    OS.close();
    if (OS.has_error()) {
      OS.clear_error();
      llvm::sys::fs::remove(Temp);
      return;
    }
  }
  if (llvm::sys::fs::rename(Temp, Path))
    llvm::sys::fs::remove(Temp);
}

} // namespace interlock::driver
