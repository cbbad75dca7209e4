//===- SiteTable.h - Source sites of instrumented calls -------------------===//
//
// Every hook passes a pointer to its entry in the module's site table, so the runtime
// can name file:line:col and function without debug info. The location is the user's:
// the inlinedAt chain is walked out of library headers to the first frame in user code.
// The table is registered with the runtime by a constructor of priority 1.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_INSTRUMENT_SITETABLE_H
#define INTERLOCK_INSTRUMENT_SITETABLE_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/Module.h"

#include <string>

namespace interlock {

struct SiteInfo {
  std::string File;
  std::string Function;
  unsigned Line = 0;
  unsigned Column = 0;
  unsigned Flags = 0; // trace::SiteFlags
};

/// Where a call to a modelled function is, in the user's terms.
SiteInfo describeSite(const llvm::Instruction &I, bool CreatesThread);

/// True if Path is a system or library header (/usr/include, /usr/lib, ...).
bool isSystemPath(llvm::StringRef Path);

class SiteTable {
public:
  explicit SiteTable(llvm::Module &M) : M(M) {}
  unsigned add(SiteInfo Info);
  /// Like add(), but an equal site added this way before is reused (access points:
  /// one entry per source position, however many loads and stores it compiles to).
  unsigned addShared(SiteInfo Info);
  bool empty() const { return Sites.empty(); }
  /// Creates the table and its constructor; returns the table global.
  llvm::GlobalVariable *emit();
  /// A pointer to entry Index of the emitted table.
  llvm::Constant *entry(unsigned Index) const;

private:
  llvm::Module &M;
  llvm::SmallVector<SiteInfo, 32> Sites;
  llvm::StringMap<unsigned> Shared;
  llvm::GlobalVariable *Table = nullptr;
  llvm::StructType *EntryTy = nullptr;
};

} // namespace interlock

#endif
