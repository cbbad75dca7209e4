//===- TsanLog.cpp - What ThreadSanitizer's text log says when the trace cannot -===//
#include "dynamic/model/TsanLog.h"

#include "llvm/ADT/SmallVector.h"

namespace interlock {
namespace {

/// "    #5 main /src/a.c:9:3 (a.out+0x1)": the location, unless the frame is the
/// sanitizer's or Interlock's own (function starting with "__") or has no file.
bool userFrame(llvm::StringRef Line, SourceLoc &Loc) {
  Line = Line.trim();
  if (!Line.consume_front("#"))
    return false;
  llvm::SmallVector<llvm::StringRef, 4> Words;
  Line.split(Words, ' ', /*MaxSplit=*/3, /*KeepEmpty=*/false);
  if (Words.size() < 3 || Words[1].starts_with("__"))
    return false;
  // FILE:LINE:COL, or FILE:LINE.
  llvm::StringRef Where = Words[2];
  auto [Rest, Last] = Where.rsplit(':');
  unsigned A = 0, B = 0;
  if (Last.getAsInteger(10, B))
    return false;
  auto [File, Mid] = Rest.rsplit(':');
  if (!Mid.empty() && !Mid.getAsInteger(10, A) && !File.empty()) {
    Loc.File = File.str();
    Loc.Line = A;
    Loc.Column = B;
  } else {
    Loc.File = Rest.str();
    Loc.Line = B;
  }
  return !Loc.File.empty() && Loc.File != "<null>" && Loc.Line;
}

} // namespace

TsanLog parseTsanLog(llvm::StringRef Text) {
  TsanLog Log;
  Finding *Open = nullptr; // the report whose first user frame is still wanted
  bool AbortOpen = false;
  while (!Text.empty()) {
    auto [Line, Rest] = Text.split('\n');
    Text = Rest;
    llvm::StringRef T = Line.trim();
    if (T.consume_front("WARNING: ThreadSanitizer: ")) {
      Finding F;
      F.Origin = "run";
      bool Race = T.starts_with("data race");
      F.CheckId = Race ? "interlock-tsan-data-race" : "interlock-tsan-report";
      F.Level = Severity::Warning;
      size_t Pid = T.find(" (pid=");
      F.Message = T.substr(0, Pid).str() +
                  " [ThreadSanitizer; from its log: the program did not finish its trace]";
      Log.Reports.push_back(std::move(F));
      Open = &Log.Reports.back();
      AbortOpen = false;
      continue;
    }
    if (T.starts_with("ThreadSanitizer: CHECK failed:") || T.starts_with("FATAL: ThreadSanitizer")) {
      if (Log.Abort.empty())
        Log.Abort = T.drop_front(T.starts_with("FATAL: ") ? 0 : 17).str();
      AbortOpen = Log.AbortLoc.File.empty();
      Open = nullptr;
      continue;
    }
    SourceLoc Loc;
    if (!userFrame(T, Loc))
      continue;
    if (Open && !Open->Primary.valid()) {
      Open->Primary = Loc;
      Open = nullptr;
    } else if (AbortOpen) {
      Log.AbortLoc = Loc;
      AbortOpen = false;
    }
  }
  return Log;
}

} // namespace interlock
