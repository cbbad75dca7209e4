#include "TraceReader.h"

#include "TraceCodec.h"

#include "llvm/Support/MemoryBuffer.h"

#include <algorithm>
#include <cstring>

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
struct ThreadBlocks {
  std::map<uint32_t, llvm::StringRef> BySeq;
  bool HasRecord = false;
  ThreadRecord Record{};
};

} // namespace

bool decodeEventBlock(llvm::StringRef Bytes, std::vector<trace::Event> &Out) {
  CodecState S;
  resetCodec(S);
  const uint8_t *P = (const uint8_t *)Bytes.data(), *End = P + Bytes.size();
  while (P < End) {
    Event E[MaxDecodedEvents];
    unsigned N = decodeEvents(S, P, End, E);
    if (!N)
      return false;
    Out.insert(Out.end(), E, E + N);
  }
  return true;
}

llvm::Expected<Trace> readTrace(llvm::StringRef Path) {
  auto Buf = llvm::MemoryBuffer::getFile(Path, /*IsText=*/false,
                                         /*RequiresNullTerminator=*/false);
  if (!Buf)
    return llvm::createStringError(Buf.getError(), "cannot read trace " + Path + ": " +
                                                       Buf.getError().message());
  const char *Begin = (*Buf)->getBufferStart();
  Cursor C{Begin, (*Buf)->getBufferEnd()};
  Trace T;
  if (!C.read(T.Head) || std::memcmp(T.Head.Magic, Magic, sizeof(Magic)) != 0)
    return bad(Path, "bad magic");
  if (T.Head.Version < OldestReadableVersion || T.Head.Version > Version)
    return bad(Path, "version " + llvm::Twine(T.Head.Version) + ", expected " +
                         llvm::Twine(OldestReadableVersion) + " to " + llvm::Twine(Version));
  std::map<uint32_t, ThreadBlocks> Blocks;
  bool Ended = false;
  while (!Ended) {
    SectionHeader S;
    if (!C.read(S)) { // no End (a killed program): keep what we have
      if (C.P != C.End)
        T.Damage.push_back("the last section header is cut short");
      break;
    }
    if (size_t(C.End - C.P) < S.Size) {
      T.Damage.push_back("section of type " + std::to_string(S.Type) + " at offset " +
                         std::to_string(C.P - Begin - sizeof(S)) + " is cut short (" +
                         std::to_string(C.End - C.P) + " of " + std::to_string(S.Size) +
                         " bytes): it and anything after it are lost");
      break;
    }
    Cursor Sec{C.P, C.P + S.Size};
    C.P += S.Size;
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
    case SectionType::EventBlock: {
      EventBlockHeader BH;
      if (!Sec.read(BH) || size_t(Sec.End - Sec.P) < BH.Bytes) {
        T.Damage.push_back("a malformed event block is lost");
        break;
      }
      llvm::StringRef Bytes(Sec.P, BH.Bytes);
      auto [It, New] = Blocks[BH.Tid].BySeq.try_emplace(BH.Seq, Bytes);
      // The same block twice (a signal hit its writer): the copies are identical.
      if (!New && It->second != Bytes)
        T.Damage.push_back("thread T" + std::to_string(BH.Tid) + " has two different blocks " +
                           std::to_string(BH.Seq) + ": the second is ignored");
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
      T.Maps.assign(Sec.P, Sec.End - Sec.P);
      break;
    case SectionType::End:
      Ended = true;
      break;
    default:
      break; // Padding, and unknown sections (newer writers may add some), are skipped
    }
  }
  // Each thread's events: its blocks in order. A thread with a record must have every
  // block the record names; without one (the program died before writing the rest),
  // the blocks that reached the file are kept.
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
          T.Damage.push_back("thread T" + std::to_string(Tid) + " is missing event block " +
                             std::to_string(R->FirstBlock + I) + ": its events from there are lost");
          break;
        }
        if (!decodeEventBlock(It->second, Th.Events)) {
          T.Damage.push_back("thread T" + std::to_string(Tid) + ": event block " +
                             std::to_string(It->first) +
                             " is malformed: its events from there are lost");
          break;
        }
      }
    } else {
      for (auto &[Seq, Bytes] : TB.BySeq)
        if (!decodeEventBlock(Bytes, Th.Events)) {
          T.Damage.push_back("thread T" + std::to_string(Tid) + ": event block " +
                             std::to_string(Seq) +
                             " is malformed: its events from there are lost");
          break;
        }
    }
    T.Threads.push_back(std::move(Th));
  }
  std::sort(T.Threads.begin(), T.Threads.end(),
            [](const TraceThread &A, const TraceThread &B) { return A.Tid < B.Tid; });
  return T;
}

} // namespace interlock
