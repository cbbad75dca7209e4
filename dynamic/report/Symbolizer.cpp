#include "dynamic/report/Symbolizer.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <fstream>
#include <map>
#include <set>

namespace interlock {

static bool isSystemFile(llvm::StringRef Path) {
  return Path.starts_with("/usr/include/") || Path.starts_with("/usr/lib/") ||
         Path.starts_with("/usr/local/include/") || Path.starts_with("/lib/") ||
         Path.contains("/include/c++/") || !Path.starts_with("/");
}

bool isUserFrame(const SymbolizedFrame &F) {
  if (F.File.empty() || isSystemFile(F.File))
    return false;
  llvm::StringRef Fn(F.Function);
  if (Fn.starts_with("__interlock_") || Fn.starts_with("__tsan") ||
      Fn.starts_with("__interceptor") || Fn.contains("interlock::rt::"))
    return false;
  llvm::StringRef File(F.File);
  if (File.contains("compiler-rt/") || File.ends_with("/runtime/rt_thread.cpp") ||
      File.ends_with("/runtime/rt_mutex.cpp") || File.contains("/runtime/rt_"))
    return false;
  llvm::StringRef Mod(F.Module);
  return !(Mod.starts_with("/lib/") || Mod.starts_with("/usr/lib/"));
}

Symbolizer::Symbolizer(llvm::StringRef Maps) {
  llvm::SmallVector<llvm::StringRef, 64> Lines;
  Maps.split(Lines, '\n', -1, false);
  for (llvm::StringRef Line : Lines) {
    // start-end perms offset dev inode path
    llvm::SmallVector<llvm::StringRef, 6> F;
    Line.split(F, ' ', 5, false);
    if (F.size() < 6)
      continue;
    llvm::StringRef Path = F[5].trim();
    if (!Path.starts_with("/"))
      continue;
    auto [S, E] = F[0].split('-');
    Mapping M;
    if (S.getAsInteger(16, M.Start) || E.getAsInteger(16, M.End) ||
        F[2].getAsInteger(16, M.Offset))
      continue;
    M.Path = Path.str();
    Mappings.push_back(std::move(M));
  }
}

void Symbolizer::symbolize() {
  // Module base: executables of type ET_EXEC are not relocated; PIE and shared
  // objects are linked at 0, so the address is the PC minus the first mapping.
  std::map<std::string, uint64_t> Base;
  for (const Mapping &M : Mappings) {
    if (Base.count(M.Path))
      continue;
    uint64_t B = M.Start - M.Offset;
    std::ifstream In(M.Path, std::ios::binary);
    char Ehdr[18] = {};
    if (In.read(Ehdr, sizeof(Ehdr)) && Ehdr[16] == 2 /*ET_EXEC*/)
      B = 0;
    Base[M.Path] = B;
  }
  std::string Input;
  std::vector<uint64_t> Order;
  std::set<uint64_t> Seen;
  for (uint64_t Pc : Pending) {
    if (Cache.count(Pc) || !Seen.insert(Pc).second)
      continue;
    const Mapping *Found = nullptr;
    for (const Mapping &M : Mappings)
      if (Pc >= M.Start && Pc < M.End) {
        Found = &M;
        break;
      }
    if (!Found) {
      Cache[Pc] = {};
      continue;
    }
    // A return address: the call is the instruction before it.
    uint64_t Addr = Pc - 1 - Base[Found->Path];
    Input += "CODE \"" + Found->Path + "\" " + llvm::utohexstr(Addr, false, 0).insert(0, "0x") + "\n";
    Order.push_back(Pc);
  }
  Pending.clear();
  if (Order.empty())
    return;
  llvm::SmallString<128> InPath, OutPath;
  llvm::sys::fs::createTemporaryFile("interlock-sym", "in", InPath);
  llvm::sys::fs::createTemporaryFile("interlock-sym", "out", OutPath);
  {
    std::error_code EC;
    llvm::raw_fd_ostream OS(InPath, EC);
    OS << Input;
  }
  llvm::StringRef Tool = INTERLOCK_LLVM_SYMBOLIZER;
  llvm::StringRef Args[] = {Tool, "--output-style=JSON", "--inlining", "--demangle"};
  std::optional<llvm::StringRef> Redirects[] = {llvm::StringRef(InPath),
                                                llvm::StringRef(OutPath), llvm::StringRef("")};
  llvm::sys::ExecuteAndWait(Tool, Args, std::nullopt, Redirects, 120);
  auto Out = llvm::MemoryBuffer::getFile(OutPath);
  llvm::sys::fs::remove(InPath);
  llvm::sys::fs::remove(OutPath);
  if (!Out)
    return;
  llvm::SmallVector<llvm::StringRef, 64> Lines;
  (*Out)->getBuffer().split(Lines, '\n', -1, false);
  for (size_t I = 0; I < Lines.size() && I < Order.size(); ++I) {
    std::vector<SymbolizedFrame> Frames;
    auto V = llvm::json::parse(Lines[I]);
    if (!V) {
      llvm::consumeError(V.takeError());
      Cache[Order[I]] = {};
      continue;
    }
    const llvm::json::Object *Obj = V->getAsObject();
    std::string Module = Obj ? Obj->getString("ModuleName").value_or("").str() : "";
    if (const llvm::json::Array *Syms = Obj ? Obj->getArray("Symbol") : nullptr)
      for (const llvm::json::Value &S : *Syms) {
        const llvm::json::Object *SO = S.getAsObject();
        if (!SO)
          continue;
        SymbolizedFrame F;
        F.Function = SO->getString("FunctionName").value_or("").str();
        F.File = SO->getString("FileName").value_or("").str();
        F.Line = unsigned(SO->getInteger("Line").value_or(0));
        F.Column = unsigned(SO->getInteger("Column").value_or(0));
        F.Module = Module;
        Frames.push_back(std::move(F));
      }
    Cache[Order[I]] = std::move(Frames);
  }
}

const std::vector<SymbolizedFrame> &Symbolizer::frames(uint64_t Pc) const {
  static const std::vector<SymbolizedFrame> None;
  auto It = Cache.find(Pc);
  return It == Cache.end() ? None : It->second;
}

std::vector<StackFrame> Symbolizer::userFrames(const std::vector<uint64_t> &Pcs) const {
  std::vector<StackFrame> Out;
  for (uint64_t Pc : Pcs)
    for (const SymbolizedFrame &F : frames(Pc))
      if (isUserFrame(F))
        Out.push_back({F.Function, SourceLoc{F.File, F.Line, F.Column}});
  return Out;
}

} // namespace interlock
