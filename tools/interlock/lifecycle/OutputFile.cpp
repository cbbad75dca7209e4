//===- OutputFile.cpp - An output opened before the work, renamed when done -===//
#include "lifecycle/OutputFile.h"
#include "lifecycle/Interrupt.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

namespace interlock {

llvm::Expected<std::unique_ptr<OutputFile>> OutputFile::open(llvm::StringRef Path) {
  std::unique_ptr<OutputFile> Out(new OutputFile());
  if (Path.empty() || Path == "-")
    return std::move(Out);
  auto Fail = [&](const std::string &Why) {
    return llvm::createStringError(std::make_error_code(std::errc::io_error),
                                   "cannot write " + Path.str() + ": " + Why);
  };
  if (llvm::sys::fs::is_directory(Path))
    return Fail("it is a folder");
  llvm::SmallString<256> Model(llvm::sys::path::parent_path(Path));
  llvm::sys::path::append(Model, "." + llvm::sys::path::filename(Path) + ".tmp-%%%%%%");
  int FD = -1;
  llvm::SmallString<256> Temp;
  if (std::error_code EC = llvm::sys::fs::createUniqueFile(Model, FD, Temp))
    return Fail(EC.message());
  Out->Path = Path.str();
  Out->TempPath = Temp.str().str();
  interrupt::addTempPath(Out->TempPath);
  Out->File = std::make_unique<llvm::raw_fd_ostream>(FD, /*shouldClose=*/true);
  return std::move(Out);
}

OutputFile::~OutputFile() {
  if (File) {
    File->clear_error();
    File.reset();
  }
  if (!TempPath.empty()) {
    llvm::sys::fs::remove(TempPath);
    interrupt::removeTempPath(TempPath);
  }
}

llvm::Error OutputFile::commit() {
  if (!File) {
    llvm::outs().flush();
    return llvm::Error::success();
  }
  File->close();
  if (File->has_error()) {
    std::error_code EC = File->error();
    File->clear_error();
    return llvm::createStringError(EC, llvm::Twine("cannot write ") + Path + ": " +
                                           EC.message());
  }
  File.reset();
  if (std::error_code EC = llvm::sys::fs::rename(TempPath, Path))
    return llvm::createStringError(EC, llvm::Twine("cannot write ") + Path + ": " +
                                           EC.message());
  interrupt::removeTempPath(TempPath);
  TempPath.clear();
  return llvm::Error::success();
}

} // namespace interlock
