//===- Symbolizer.h - Return addresses to user source locations -----------===//
//
// Maps raw PCs through the program's /proc/self/maps (saved in the trace) to a module
// and offset, and asks llvm-symbolizer (one batch per run) for every inlined frame.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_DYNAMIC_REPORT_SYMBOLIZER_H
#define INTERLOCK_DYNAMIC_REPORT_SYMBOLIZER_H

#include "report/Finding.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace interlock {

struct SymbolizedFrame {
  std::string Function;
  std::string File;
  std::string Module;
  unsigned Line = 0, Column = 0;
};

class Symbolizer {
public:
  explicit Symbolizer(llvm::StringRef Maps);
  /// Queue a return address; symbolize() resolves them all at once.
  void add(uint64_t Pc) { Pending.push_back(Pc); }
  void symbolize();
  /// Frames for one return address, innermost first (empty if unknown).
  const std::vector<SymbolizedFrame> &frames(uint64_t Pc) const;
  /// The user's frames for a stack of return addresses: system headers, system
  /// libraries, the Interlock runtime and the sanitizer runtime are dropped.
  std::vector<StackFrame> userFrames(const std::vector<uint64_t> &Pcs) const;

private:
  struct Mapping {
    uint64_t Start, End, Offset;
    std::string Path;
  };
  std::vector<Mapping> Mappings;
  llvm::DenseMap<uint64_t, std::vector<SymbolizedFrame>> Cache;
  std::vector<uint64_t> Pending;
};

bool isUserFrame(const SymbolizedFrame &F);

} // namespace interlock

#endif
