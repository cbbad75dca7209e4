//===- OutputFile.h - An output opened before the work, renamed when done --===//
//
// Every file a command writes (`-o`, `--summary`, `--trace-out`, `--log`) is opened
// before any analysis or run starts, as a temporary sibling `.NAME.tmp-XXXXXX` in the
// destination's folder, so an unwritable place is an error at once and not after
// minutes of work. commit() renames it over the destination: readers never see half a
// file, and an interrupted command (interrupt::) leaves none behind.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_TOOLS_LIFECYCLE_OUTPUTFILE_H
#define INTERLOCK_TOOLS_LIFECYCLE_OUTPUTFILE_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <memory>
#include <string>

namespace interlock {

class OutputFile {
public:
  /// Path empty or "-": stdout. Otherwise creates the temporary sibling now; the error
  /// names Path and why it cannot be written.
  static llvm::Expected<std::unique_ptr<OutputFile>> open(llvm::StringRef Path);
  ~OutputFile(); // removes the temporary file unless committed

  llvm::raw_ostream &os() { return File ? *File : llvm::outs(); }
  bool isStdout() const { return !File; }
  const std::string &path() const { return Path; }
  /// Flushes and renames the temporary file to the destination (stdout: flushes).
  llvm::Error commit();

private:
  OutputFile() = default;
  std::string Path, TempPath;
  std::unique_ptr<llvm::raw_fd_ostream> File;
};

} // namespace interlock

#endif
