#include "dynamic/model/TraceReader.h"

#include "TraceCodec.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace interlock {

using namespace trace;

const TraceThread *Trace::thread(uint32_t Tid) const {
  auto It = std::lower_bound(Threads.begin(), Threads.end(), Tid,
                             [](const TraceThread &T, uint32_t V) { return T.Tid < V; });
  return It != Threads.end() && It->Tid == Tid ? &*It : nullptr;
}

const TraceThread *Trace::threadByOsTid(uint64_t OsTid) const {
  for (const TraceThread &T : Threads)
    if (T.OsTid == OsTid)
      return &T;
  return nullptr;
}

const char *eventKindName(EventKind K) {
  switch (K) {
  case EventKind::None: return "none";
  case EventKind::ThreadCreate: return "thread-create";
  case EventKind::ThreadStart: return "thread-start";
  case EventKind::ThreadEnd: return "thread-end";
  case EventKind::JoinBefore: return "join-before";
  case EventKind::JoinAfter: return "join-after";
  case EventKind::Detach: return "detach";
  case EventKind::LockAttempt: return "lock-attempt";
  case EventKind::LockAcquired: return "lock-acquired";
  case EventKind::LockTryFailed: return "lock-try-failed";
  case EventKind::LockReleased: return "lock-released";
  case EventKind::CondWait: return "cond-wait";
  case EventKind::CondWake: return "cond-wake";
  case EventKind::CondNotify: return "cond-notify";
  case EventKind::TerminateJoinable: return "terminate-joinable";
  case EventKind::Sleep: return "sleep";
  case EventKind::Yield: return "yield";
  case EventKind::UnlockNotHeld: return "unlock-not-held";
  case EventKind::FrameEnd: return "frame-end";
  case EventKind::AssertFail: return "assert-fail";
  case EventKind::BarrierWait: return "barrier-wait";
  case EventKind::BarrierDone: return "barrier-done";
  }
  return "unknown";
}

namespace {

llvm::Error bad(llvm::StringRef Path, const llvm::Twine &What) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 Path + ": not a valid Interlock trace: " + What);
}

struct Cursor {
  const char *P, *End;
  template <typename T> bool read(T &Out) {
    if (size_t(End - P) < sizeof(T))
      return false;
    std::memcpy(&Out, P, sizeof(T));
    P += sizeof(T);
    return true;
  }
  bool bytes(std::string &Out, size_t N) {
    if (size_t(End - P) < N)
      return false;
    Out.assign(P, N);
    P += N;
    return true;
  }
};

bool readReports(Cursor C, std::vector<TsanReport> &Out) {
  while (C.P < C.End) {
    const char *Start = C.P;
    TsanReportHeader H;
    if (!C.read(H) || H.Size < sizeof(H) || size_t(C.End - Start) < H.Size)
      return false;
    TsanReport R;
    R.Type.assign(H.Type, strnlen(H.Type, sizeof(H.Type)));
    for (uint32_t I = 0; I < H.NumParts; ++I) {
      TsanPartHeader PH;
      if (!C.read(PH))
        return false;
      TsanPart Part;
      Part.Kind = TsanPartKind(PH.Kind);
      Part.Tid = PH.Tid;
      Part.Addr = PH.Addr;
      Part.Extra = PH.Extra;
      Part.Extra2 = PH.Extra2;
      Part.Name.assign(PH.Name, strnlen(PH.Name, sizeof(PH.Name)));
      if (PH.NumPcs > size_t(C.End - C.P) / sizeof(uint64_t))
        return false; // more return addresses than the report holds
      Part.Pcs.resize(PH.NumPcs);
      for (uint64_t &Pc : Part.Pcs)
        if (!C.read(Pc))
          return false;
      R.Parts.push_back(std::move(Part));
    }
    C.P = Start + H.Size;
    Out.push_back(std::move(R));
  }
  return true;
}

/// Blocks of one thread by sequence number; a block written twice keeps one copy.
struct BlockInfo {
  uint64_t Offset; // of the encoded bytes
  uint64_t Bytes;
  uint64_t NumEvents;
  bool Valid; // decodes
};
struct ThreadBlocks {
  std::map<uint32_t, BlockInfo> BySeq;
  bool HasRecord = false;
  ThreadRecord Record{};
};

/// Counts the events of one block's encoded bytes; false if they are malformed.
bool countEvents(llvm::StringRef Bytes, uint64_t &Count) {
  CodecState S;
  resetCodec(S);
  const uint8_t *P = (const uint8_t *)Bytes.data(), *End = P + Bytes.size();
  Event E[MaxDecodedEvents];
  while (P < End) {
    unsigned N = decodeEvents(S, P, End, E);
    if (!N)
      return false;
    Count += N;
  }
  return true;
}

} // namespace

/// pread(2) over the trace file: no mapping, so nothing of the file stays resident in
/// this process beyond the block being read.
class TraceSource {
public:
  explicit TraceSource(int Fd) : Fd(Fd) {}
  ~TraceSource() { ::close(Fd); }
  bool read(uint64_t Offset, void *Out, size_t N) const {
    char *P = (char *)Out;
    while (N) {
      ssize_t R = ::pread(Fd, P, N, off_t(Offset));
      if (R < 0 && errno == EINTR)
        continue;
      if (R <= 0)
        return false;
      P += R;
      N -= size_t(R);
      Offset += uint64_t(R);
    }
    return true;
  }
  bool read(uint64_t Offset, std::string &Out, size_t N) const {
    Out.resize(N);
    return read(Offset, Out.data(), N);
  }

private:
  int Fd;
};

/// Decodes one block, handing each event to Fn as it goes; false where the block is
/// damaged (the events before that point have been handed on).
static bool forEachInBlock(llvm::StringRef Bytes,
                           llvm::function_ref<void(const trace::Event &)> Fn) {
  CodecState S;
  resetCodec(S);
  const uint8_t *P = (const uint8_t *)Bytes.data(), *End = P + Bytes.size();
  while (P < End) {
    Event E[MaxDecodedEvents];
    unsigned N = decodeEvents(S, P, End, E);
    if (!N)
      return false;
    for (unsigned I = 0; I < N; ++I)
      Fn(E[I]);
  }
  return true;
}

bool decodeEventBlock(llvm::StringRef Bytes, std::vector<trace::Event> &Out) {
  return forEachInBlock(Bytes, [&](const trace::Event &E) { Out.push_back(E); });
}

void Trace::forEachEvent(const TraceThread &Th,
                         llvm::function_ref<void(const trace::Event &)> Fn) const {
  if (Th.Blocks.empty() || !Source) {
    for (const Event &E : Th.Events)
      Fn(E);
    return;
  }
  std::string Buf;
  for (const TraceThread::BlockRef &B : Th.Blocks) {
    // Checked when the trace was read; a file changed since then ends the thread here.
    if (!Source->read(B.Offset, Buf, B.Bytes))
      return;
    if (!forEachInBlock(Buf, Fn))
      return;
  }
}

std::vector<trace::Event> Trace::events(const TraceThread &Th) const {
  std::vector<Event> Out;
  forEachEvent(Th, [&](const Event &E) { Out.push_back(E); });
  return Out;
}

uint64_t Trace::numEvents() const {
  uint64_t N = 0;
  for (const TraceThread &Th : Threads)
    N += Th.Blocks.empty() ? Th.Events.size() : Th.NumEvents;
  return N;
}

llvm::Expected<Trace> readTrace(llvm::StringRef Path, const ReadOptions &Options) {
  int Fd = ::open(Path.str().c_str(), O_RDONLY | O_CLOEXEC);
  struct stat St;
  if (Fd < 0 || ::fstat(Fd, &St) != 0) {
    std::error_code EC(errno, std::generic_category());
    if (Fd >= 0)
      ::close(Fd);
    return llvm::createStringError(EC, "cannot read trace " + Path + ": " + EC.message());
  }
  auto Source = std::make_shared<TraceSource>(Fd);
  const uint64_t Size = uint64_t(St.st_size);
  Trace T;
  T.Source = Source;
  if (Size < sizeof(T.Head) || !Source->read(0, &T.Head, sizeof(T.Head)) ||
      std::memcmp(T.Head.Magic, Magic, sizeof(Magic)) != 0)
    return bad(Path, "bad magic");
  if (T.Head.Version < OldestReadableVersion || T.Head.Version > Version)
    return bad(Path, "version " + llvm::Twine(T.Head.Version) + ", expected " +
                         llvm::Twine(OldestReadableVersion) + " to " + llvm::Twine(Version));
  std::map<uint32_t, ThreadBlocks> Blocks;
  uint64_t Pos = sizeof(T.Head);
  uint64_t EventBytes = 0;
  std::string Payload, Other;
  bool Ended = false;
  while (!Ended) {
    SectionHeader S;
    if (Size - Pos < sizeof(S) || !Source->read(Pos, &S, sizeof(S))) {
      // no End (a killed program): keep what we have
      if (Pos != Size)
        T.Damage.push_back("the last section header is cut short");
      break;
    }
    Pos += sizeof(S);
    if (Size - Pos < S.Size) {
      T.Damage.push_back("section of type " + std::to_string(S.Type) + " at offset " +
                         std::to_string(Pos - sizeof(S)) + " is cut short (" +
                         std::to_string(Size - Pos) + " of " + std::to_string(S.Size) +
                         " bytes): it and anything after it are lost");
      break;
    }
    const uint64_t SecPos = Pos;
    Pos += S.Size;
    if (SectionType(S.Type) == SectionType::EventBlock) {
      EventBlockHeader BH;
      if (S.Size < sizeof(BH) || !Source->read(SecPos, &BH, sizeof(BH)) ||
          S.Size - sizeof(BH) < BH.Bytes) {
        T.Damage.push_back("a malformed event block is lost");
        continue;
      }
      if (Options.EventBytesLimit &&
          (T.LimitReached || EventBytes + BH.Bytes > Options.EventBytesLimit)) {
        T.LimitReached = true; // this block and the later ones are not read
        T.LimitBytes = Options.EventBytesLimit;
        continue;
      }
      EventBytes += BH.Bytes;
      BlockInfo Info{SecPos + sizeof(BH), BH.Bytes, 0, false};
      if (!Source->read(Info.Offset, Payload, BH.Bytes))
        continue;
      auto [It, New] = Blocks[BH.Tid].BySeq.try_emplace(BH.Seq, Info);
      if (!New) {
        // The same block twice (a signal hit its writer): the copies are identical.
        if (!Source->read(It->second.Offset, Other, It->second.Bytes) || Other != Payload)
          T.Damage.push_back("thread T" + std::to_string(BH.Tid) +
                             " has two different blocks " + std::to_string(BH.Seq) +
                             ": the second is ignored");
        continue;
      }
      It->second.Valid = countEvents(Payload, It->second.NumEvents);
      continue;
    }
    if (SectionType(S.Type) == SectionType::End)
      break;
    if (SectionType(S.Type) == SectionType::Padding)
      continue;
    // Every other section is small (sites, records, reports, maps): read it whole.
    if (!Source->read(SecPos, Payload, S.Size)) {
      T.Damage.push_back("section of type " + std::to_string(S.Type) + " cannot be read");
      continue;
    }
    Cursor Sec{Payload.data(), Payload.data() + Payload.size()};
    switch (SectionType(S.Type)) {
    case SectionType::Sites:
      while (Sec.P < Sec.End) {
        SiteRecord R;
        TraceSite Site;
        if (!Sec.read(R) || !Sec.bytes(Site.File, R.FileLen) ||
            !Sec.bytes(Site.Function, R.FunctionLen)) {
          T.Damage.push_back("a malformed site record: the sites after it in its section "
                             "are lost");
          break;
        }
        Site.Line = R.Line;
        Site.Column = R.Column;
        Site.Flags = R.Flags;
        T.Sites[R.Id] = std::move(Site);
      }
      break;
    case SectionType::Thread: {
      ThreadRecord R;
      if (!Sec.read(R)) {
        T.Damage.push_back("a malformed thread record is lost");
        break;
      }
      ThreadBlocks &TB = Blocks[R.Tid];
      TB.Record = R;
      TB.HasRecord = true;
      break;
    }
    case SectionType::TsanReports:
      if (!readReports(Sec, T.Reports))
        T.Damage.push_back("a malformed TSan report: it and the reports after it in its "
                           "section are lost");
      break;
    case SectionType::Exit:
      if (!Sec.read(T.Exit)) {
        T.Damage.push_back("a malformed exit record is lost");
        break;
      }
      T.HasExit = true;
      break;
    case SectionType::Maps:
      T.Maps = Payload;
      break;
    case SectionType::Limit: {
      LimitRecord L;
      if (Sec.read(L)) {
        T.LimitReached = true;
        T.LimitBytes = L.LimitBytes;
        T.LimitDroppedEvents = L.DroppedEvents;
      }
      break;
    }
    default:
      break; // unknown sections (newer writers may add some) are skipped
    }
  }
  // Each thread's events: its blocks in order. A thread with a record must have every
  // block the record names (unless the size limit stopped them); without one (the
  // program died before writing the rest), the blocks that reached the file are kept.
  auto add = [&](TraceThread &Th, uint32_t Seq, const BlockInfo &B) {
    if (!B.Valid) {
      T.Damage.push_back("thread T" + std::to_string(Th.Tid) + ": event block " +
                         std::to_string(Seq) + " is malformed: its events from there are lost");
      return false;
    }
    Th.Blocks.push_back({B.Offset, B.Bytes});
    Th.NumEvents += B.NumEvents;
    return true;
  };
  for (auto &[Tid, TB] : Blocks) {
    TraceThread Th;
    Th.Tid = Tid;
    if (TB.HasRecord) {
      const ThreadRecord *R = &TB.Record;
      Th.ParentTid = R->ParentTid;
      Th.OsTid = R->OsTid;
      Th.CreateSite = R->CreateSite;
      Th.Flags = R->Flags;
      for (uint32_t I = 0; I < R->NumBlocks; ++I) {
        // A thread's events replay in order: after a lost block they are not read.
        auto It = TB.BySeq.find(R->FirstBlock + I);
        if (It == TB.BySeq.end()) {
          if (!T.LimitReached)
            T.Damage.push_back("thread T" + std::to_string(Tid) + " is missing event block " +
                               std::to_string(R->FirstBlock + I) +
                               ": its events from there are lost");
          break;
        }
        if (!add(Th, It->first, It->second))
          break;
      }
    } else {
      for (auto &[Seq, B] : TB.BySeq)
        if (!add(Th, Seq, B))
          break;
    }
    T.Threads.push_back(std::move(Th));
  }
  std::sort(T.Threads.begin(), T.Threads.end(),
            [](const TraceThread &A, const TraceThread &B) { return A.Tid < B.Tid; });
  return T;
}

} // namespace interlock
