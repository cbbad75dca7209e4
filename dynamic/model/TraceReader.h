//===- TraceReader.h - Read the trace an instrumented program wrote -------===//
//
// The file format is runtime/TraceFormat.h (documented in docs/run.md). The reader
// returns the run as plain data: sites, threads, TSan reports, how the program ended and
// its memory map. Events are not held in memory: readTrace indexes and checks each
// thread's event blocks (runtime/TraceCodec.h), and Trace::forEachEvent streams a
// thread's events from the file one block at a time, so reading a trace of any length
// takes memory for its threads, sites and reports, plus 16 bytes per block in the index.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_DYNAMIC_MODEL_TRACEREADER_H
#define INTERLOCK_DYNAMIC_MODEL_TRACEREADER_H

#include "TraceFormat.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <map>
#include <memory>
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
  /// Where the thread's events are in the file, in order (offset and length of each
  /// block's encoded bytes); only blocks that decode are listed.
  struct BlockRef {
    uint64_t Offset;
    uint64_t Bytes;
  };
  std::vector<BlockRef> Blocks;
  uint64_t NumEvents = 0;
  /// Events held in memory instead (traces built by tests); used when Blocks is empty.
  std::vector<trace::Event> Events;
};

/// The open trace file the blocks are read from (shared by copies of a Trace).
class TraceSource;

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
  /// The size limit stopped the events (the runtime's trace_limit_kib, or the reader's
  /// EventBytesLimit): each thread's events are a prefix of what it did.
  bool LimitReached = false;
  uint64_t LimitBytes = 0;
  uint64_t LimitDroppedEvents = 0; // counted by the runtime, when it stopped them
  std::shared_ptr<TraceSource> Source;

  /// Calls Fn on each of Th's events in order. From the file, one block at a time
  /// (memory: one block); from Th.Events for traces built in memory.
  void forEachEvent(const TraceThread &Th,
                    llvm::function_ref<void(const trace::Event &)> Fn) const;
  /// All of Th's events at once (tests, small traces).
  std::vector<trace::Event> events(const TraceThread &Th) const;
  uint64_t numEvents() const;

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

struct ReadOptions {
  /// Stop reading event blocks once their bytes would pass this many (0: no limit);
  /// Trace::LimitReached says so.
  uint64_t EventBytesLimit = 0;
};

/// Fails only when the file cannot be read or is not a trace (magic, version); a
/// damaged section loses what it holds and is listed in Trace::Damage. The file stays
/// open while the Trace (or a copy) lives, for forEachEvent.
llvm::Expected<Trace> readTrace(llvm::StringRef Path, const ReadOptions &Options = {});

/// Appends the events of one event block's encoded bytes (runtime/TraceCodec.h) to Out;
/// false if the bytes are malformed.
bool decodeEventBlock(llvm::StringRef Bytes, std::vector<trace::Event> &Out);

const char *eventKindName(trace::EventKind K);

} // namespace interlock

#endif
