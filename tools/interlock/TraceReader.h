//===- TraceReader.h - Read the trace an instrumented program wrote -------===//
//
// The file format is runtime/TraceFormat.h (documented in docs/run.md). The reader
// returns the run as plain data: sites, threads with their events (decoded from the
// thread's event blocks, runtime/TraceCodec.h), TSan reports, how the program ended and
// its memory map.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_TOOLS_TRACEREADER_H
#define INTERLOCK_TOOLS_TRACEREADER_H

#include "TraceFormat.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <map>
#include <string>
#include <vector>

namespace interlock {

struct TraceSite {
  std::string File;
  std::string Function;
  unsigned Line = 0;
  unsigned Column = 0;
  uint32_t Flags = 0;
};

struct TraceThread {
  uint32_t Tid = 0;
  uint32_t ParentTid = ~0u;
  uint64_t OsTid = 0;
  uint32_t CreateSite = 0;
  uint32_t Flags = 0;
  std::vector<trace::Event> Events;
};

struct TsanPart {
  trace::TsanPartKind Kind;
  int64_t Tid = 0;
  uint64_t Addr = 0;
  uint64_t Extra = 0;
  uint64_t Extra2 = 0;
  std::string Name;
  std::vector<uint64_t> Pcs;
};

struct TsanReport {
  std::string Type;
  std::vector<TsanPart> Parts;
};

struct Trace {
  trace::Header Head{};
  std::map<uint32_t, TraceSite> Sites;
  std::vector<TraceThread> Threads; // sorted by Tid
  std::vector<TsanReport> Reports;
  bool HasExit = false;
  trace::ExitRecord Exit{};
  std::string Maps;
  /// What was damaged (a truncated or malformed section, a missing block) and what it
  /// cost; the rest of the trace was read. Empty for a sound trace.
  std::vector<std::string> Damage;

  const TraceSite *site(uint32_t Id) const {
    auto It = Sites.find(Id);
    return It == Sites.end() ? nullptr : &It->second;
  }
  const TraceThread *thread(uint32_t Tid) const;
  const TraceThread *threadByOsTid(uint64_t OsTid) const;
  double seconds(uint64_t Ticks) const {
    return Head.TicksPerSecond ? double(Ticks) / double(Head.TicksPerSecond) : 0;
  }
};

/// Fails only when the file cannot be read or is not a trace (magic, version); a
/// damaged section loses what it holds and is listed in Trace::Damage.
llvm::Expected<Trace> readTrace(llvm::StringRef Path);

/// Appends the events of one event block's encoded bytes (runtime/TraceCodec.h) to Out;
/// false if the bytes are malformed.
bool decodeEventBlock(llvm::StringRef Bytes, std::vector<trace::Event> &Out);

const char *eventKindName(trace::EventKind K);

} // namespace interlock

#endif
