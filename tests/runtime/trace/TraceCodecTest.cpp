//===- TraceCodecTest.cpp - Event encoding round trips and block reading --===//
#include "TraceCodec.h"
#include "dynamic/model/TraceReader.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

using namespace interlock;
using namespace interlock::trace;

namespace {

bool sameEvent(const Event &A, const Event &B) {
  return A.Word0 == B.Word0 && A.Word1 == B.Word1;
}

/// Whether A and B, in this order, can be encoded as one hold, as the runtime does
/// for an acquisition followed by the release of the same lock.
bool isHold(const Event &A, const Event &B) {
  return A.kind() == EventKind::LockAcquired && B.kind() == EventKind::LockReleased &&
         A.object() == B.object();
}

enum class Holds { Never, WherePossible };

/// Encodes Events into blocks of at most BlockBytes encoded bytes, as the runtime does
/// (a fresh codec per block), then decodes every block and concatenates.
std::vector<Event> roundTrip(const std::vector<Event> &Events, size_t BlockBytes,
                             size_t *NumBlocks = nullptr, size_t *TotalBytes = nullptr,
                             Holds H = Holds::Never, size_t *NumHolds = nullptr) {
  std::vector<std::string> Blocks(1);
  CodecState S;
  resetCodec(S);
  for (size_t I = 0; I < Events.size(); ++I) {
    if (Blocks.back().size() + MaxEventBytes > BlockBytes) {
      Blocks.emplace_back();
      resetCodec(S);
    }
    uint8_t Buf[MaxEventBytes];
    size_t N;
    const Event &E = Events[I];
    if (H == Holds::WherePossible && I + 1 < Events.size() && isHold(E, Events[I + 1])) {
      const Event &R = Events[++I];
      N = encodeHold(S, Buf, E.object(), E.flags(), E.site(), E.ticks(), R.flags(), R.site(),
                     R.ticks());
      if (NumHolds)
        ++*NumHolds;
    } else {
      N = encodeEvent(S, Buf, E);
    }
    EXPECT_LE(N, MaxEventBytes);
    Blocks.back().append((const char *)Buf, N);
  }
  std::vector<Event> Out;
  size_t Total = 0;
  for (const std::string &B : Blocks) {
    Total += B.size();
    EXPECT_TRUE(decodeEventBlock(B, Out));
  }
  if (NumBlocks)
    *NumBlocks = Blocks.size();
  if (TotalBytes)
    *TotalBytes = Total;
  return Out;
}

void expectSame(const std::vector<Event> &In, const std::vector<Event> &Out) {
  ASSERT_EQ(In.size(), Out.size());
  for (size_t I = 0; I < In.size(); ++I)
    ASSERT_TRUE(sameEvent(In[I], Out[I]))
        << "event " << I << ": kind " << int(In[I].kind()) << " obj " << In[I].object()
        << " ticks " << In[I].ticks() << " site " << In[I].site() << " decoded as kind "
        << int(Out[I].kind()) << " obj " << Out[I].object() << " ticks " << Out[I].ticks()
        << " site " << Out[I].site();
}

TEST(TraceCodec, EdgeValuesRoundTrip) {
  const uint64_t MaxObj = Event::ObjMask, MaxTicks = Event::TickMask;
  const uint32_t MaxSite = (1u << 20) - 1;
  std::vector<Event> In = {
      Event::make(EventKind::ThreadStart, 0xFFFFFFFFull, 0, 0, 0),
      Event::make(EventKind::LockAcquired, MaxObj, 255, 1, MaxSite),
      Event::make(EventKind::LockReleased, MaxObj, 0, MaxTicks, MaxSite), // huge gap
      Event::make(EventKind::LockAcquired, 0x7ffd12345678ull, 32, 3, 1),  // back in time
      Event::make(EventKind::LockReleased, 1, 0, MaxTicks - 1, 0),
      Event::make(EventKind::Sleep, 0, 0, MaxTicks, 5),
      Event::make(EventKind::FrameEnd, 0x555555554000ull, 0, 0, MaxSite),
      Event::make(EventKind::None, 0, 0, 0, 0),
      Event::make(EventKind::ThreadEnd, 0, 0, 12345678901ull, 0),
  };
  expectSame(In, roundTrip(In, 1 << 16));
  expectSame(In, roundTrip(In, MaxEventBytes)); // one event per block
  size_t NumHolds = 0;
  expectSame(In, roundTrip(In, 1 << 16, nullptr, nullptr, Holds::WherePossible, &NumHolds));
  EXPECT_EQ(NumHolds, 1u); // held from tick 1 to the largest tick
  expectSame(In, roundTrip(In, MaxEventBytes, nullptr, nullptr, Holds::WherePossible));
}

TEST(TraceCodec, HoldsDecodeToTheSameEventsAndState) {
  // Holds among other events of the same kinds and objects: each decoded event, and so
  // the state the next one is read against, is the same as without holds.
  std::mt19937_64 Rng(11);
  const uint64_t Locks[] = {0x7f0000001000ull, 0x7f0000001040ull, 0x555500002000ull,
                            Event::ObjMask, 1};
  std::vector<Event> In;
  uint64_t Ticks = 5;
  for (int I = 0; I < 50000; ++I) {
    uint64_t M = Locks[Rng() % 5];
    uint8_t Flags = Rng() % 8 ? LockNoAttempt : uint8_t(Rng());
    uint32_t Site = uint32_t(Rng() % 12);
    if (Rng() % 5 == 0) // an attempt, a notify, a nested lock in between
      In.push_back(Event::make(EventKind(1 + Rng() % 17), Locks[Rng() % 5], uint8_t(Rng() % 3),
                               Ticks += Rng() % 500, Site));
    In.push_back(Event::make(EventKind::LockAcquired, M, Flags, Ticks += Rng() % 4000, Site));
    In.push_back(Event::make(EventKind::LockReleased, M, uint8_t(Rng() % 2),
                             Rng() % 50 ? Ticks += Rng() % 300 : Rng() & Event::TickMask,
                             uint32_t(Rng() % 12)));
  }
  size_t NumHolds = 0, Plain = 0, WithHolds = 0;
  for (size_t BlockBytes : {size_t(MaxEventBytes), size_t(200), size_t(1) << 16})
    expectSame(In, roundTrip(In, BlockBytes, nullptr, nullptr, Holds::WherePossible));
  expectSame(In, roundTrip(In, 1 << 16, nullptr, &Plain));
  expectSame(In, roundTrip(In, 1 << 16, nullptr, &WithHolds, Holds::WherePossible, &NumHolds));
  EXPECT_GT(NumHolds, 40000u);
  EXPECT_LT(WithHolds, Plain);
}

TEST(TraceCodec, UnrolledVarintsAreLeb128) {
  // putVarint writes its first bytes unrolled; the bytes must stay those of the loop.
  std::mt19937_64 Rng(5);
  std::vector<uint64_t> Values = {0,       0x7f,     0x80,      0x3fff,    0x4000,
                                  0x1fffff, 0x200000, 1ull << 35, ~0ull,     ~0ull >> 1};
  for (int I = 0; I < 10000; ++I)
    Values.push_back(Rng() >> (Rng() % 64));
  for (uint64_t V : Values) {
    uint8_t Want[10], Got[10];
    size_t N = 0;
    uint64_t W = V;
    for (; W >= 0x80; W >>= 7)
      Want[N++] = uint8_t(W) | 0x80;
    Want[N++] = uint8_t(W);
    ASSERT_EQ(size_t(putVarint(Got, V) - Got), N) << V;
    ASSERT_EQ(std::memcmp(Want, Got, N), 0) << V;
  }
}

TEST(TraceCodec, UsualHoldsEncodeAsGeneralHolds) {
  // The lock hooks' fast path (encodeUsualHold) must write the bytes and leave the state
  // encodeHold would, for every hold usualHold accepts.
  std::mt19937_64 Rng(17);
  const uint64_t Locks[] = {0x7f0000001000ull, 0x7f0000001040ull, 0x555500002000ull, 0,
                            0x7f0000002000ull, 0x7f0000003000ull, 0x7f0000004000ull,
                            0x7f0000005000ull};
  CodecState S;
  resetCodec(S);
  uint64_t Ticks = 0;
  size_t Usual = 0;
  for (int I = 0; I < 100000; ++I) {
    if (I % 3000 == 0)
      resetCodec(S); // a new block
    uint64_t M = Locks[Rng() % 8];
    uint8_t AF = Rng() % 16 ? LockNoAttempt : LockNoAttempt | LockRecursive;
    uint32_t AS = uint32_t(Rng() % 3), RS = uint32_t(Rng() % 3);
    uint8_t RF = AF & LockRecursive;
    uint64_t Acq = Ticks += Rng() % 30000, Rel = Rng() % 100 ? Ticks += Rng() % 30000 : 1;
    uint8_t Buf[MaxEventBytes];
    if (Rng() % 8 == 0) { // another event between holds
      encodeEvent(S, Buf, Event::make(EventKind(1 + Rng() % 17), M, 0, Ticks, AS));
      continue;
    }
    if (!usualHold(S, AF, AS, RF, RS)) {
      encodeHold(S, Buf, M, AF, AS, Acq, RF, RS, Rel);
      continue;
    }
    ++Usual;
    CodecState Fast = S;
    uint8_t FastBuf[MaxEventBytes];
    size_t N = encodeHold(S, Buf, M, AF, AS, Acq, RF, RS, Rel);
    ASSERT_EQ(encodeUsualHold(Fast, FastBuf, M, Acq, Rel), N) << I;
    ASSERT_EQ(std::memcmp(Buf, FastBuf, N), 0) << I;
    ASSERT_EQ(std::memcmp(&S, &Fast, sizeof(S)), 0) << I;
  }
  EXPECT_GT(Usual, 5000u);
}

TEST(TraceCodec, RandomEventsManyObjectsAcrossBlocks) {
  std::mt19937_64 Rng(42);
  std::vector<uint64_t> Objects;
  for (int I = 0; I < 200; ++I) // far more than the 6-slot cache
    Objects.push_back(Rng() & Event::ObjMask);
  Objects.push_back(0);
  std::vector<Event> In;
  uint64_t Ticks = 0;
  for (int I = 0; I < 200000; ++I) {
    uint64_t Obj = Objects[Rng() % (I % 3 ? 8 : Objects.size())]; // hot few, then any
    auto K = EventKind(Rng() % (unsigned(EventKind::Last) + 1));
    uint8_t Flags = Rng() % 4 ? uint8_t(Rng() % 3) : uint8_t(Rng());
    uint32_t Site = Rng() % 4 ? uint32_t(Rng() % 10) : uint32_t(Rng() & 0xFFFFF);
    switch (Rng() % 8) {
    case 0: Ticks = Rng() & Event::TickMask; break; // anywhere, forward or back
    case 1: Ticks += Rng() % 100000000; break;
    default: Ticks += Rng() % 3000; break;
    }
    In.push_back(Event::make(K, Obj, Flags, Ticks, Site));
  }
  size_t Blocks = 0;
  for (size_t BlockBytes : {size_t(64), size_t(1000), size_t(4096), size_t(1) << 18}) {
    expectSame(In, roundTrip(In, BlockBytes, &Blocks));
    if (BlockBytes <= 4096)
      EXPECT_GT(Blocks, 10u);
  }
}

TEST(TraceCodec, LockLoopIsCompact) {
  // The shape of bench/run/lockbench: 4 mutexes, acquire (no attempt) and release.
  std::mt19937_64 Rng(7);
  std::vector<Event> In;
  uint64_t Ticks = 1000;
  for (int I = 0; I < 100000; ++I) {
    uint64_t M = 0x555555558040ull + 64 * (Rng() % 4);
    In.push_back(Event::make(EventKind::LockAcquired, M, LockNoAttempt, Ticks += 150, 7));
    In.push_back(Event::make(EventKind::LockReleased, M, 0, Ticks += 40, 9));
  }
  size_t Bytes = 0, HoldBytes = 0;
  expectSame(In, roundTrip(In, 1 << 18, nullptr, &Bytes));
  EXPECT_LE(double(Bytes) / double(In.size()), 3.1);
  expectSame(In, roundTrip(In, 1 << 18, nullptr, &HoldBytes, Holds::WherePossible));
  EXPECT_LE(double(HoldBytes) / double(In.size() / 2), 5.1); // per lock/unlock pair
}

TEST(TraceCodec, MalformedBytesAreRejected) {
  CodecState S;
  resetCodec(S);
  uint8_t Buf[MaxEventBytes];
  size_t N = encodeEvent(S, Buf, Event::make(EventKind::LockAcquired, 0x7fff00001234ull,
                                             LockShared, 123456789, 77));
  for (size_t Cut = 1; Cut < N; ++Cut) { // an event cut short
    std::vector<Event> Out;
    EXPECT_FALSE(decodeEventBlock(llvm::StringRef((const char *)Buf, Cut), Out)) << Cut;
  }
  std::vector<Event> Whole;
  EXPECT_TRUE(decodeEventBlock(llvm::StringRef((const char *)Buf, N), Whole));
  EXPECT_EQ(Whole.size(), 1u);
  size_t HoldBytes = encodeHold(S, Buf, 0x7fff00005678ull, LockNoAttempt, 3, 123459999, 0,
                                4, 123460999);
  for (size_t Cut = 1; Cut < HoldBytes; ++Cut) { // a hold cut short
    CodecState D;
    resetCodec(D);
    const uint8_t *P = Buf, *End = Buf + Cut;
    Event Two[MaxDecodedEvents];
    EXPECT_EQ(decodeEvents(D, P, End, Two), 0u) << Cut;
  }
  std::vector<Event> Out;
  const char Bad[] = {char(0x08), char(0xFF), char(0xFF), char(0xFF), char(0xFF), char(0xFF),
                      char(0xFF), char(0xFF), char(0xFF), char(0xFF), char(0xFF), char(0x01)};
  EXPECT_FALSE(decodeEventBlock(llvm::StringRef(Bad, sizeof(Bad)), Out)); // 11-byte varint
}

// ---- Reading blocks from a file (dynamic/model/TraceReader.cpp). ----

/// Writes a trace by hand: blocks in any order, duplicates, zero padding.
class FileBuilder {
public:
  explicit FileBuilder(uint32_t FileVersion = Version) {
    Header H{};
    std::memcpy(H.Magic, Magic, sizeof(H.Magic));
    H.Version = FileVersion;
    H.TicksPerSecond = 1000000000;
    put(&H, sizeof(H));
  }
  /// Encodes Events as block Seq of thread Tid.
  void block(uint32_t Tid, uint32_t Seq, const std::vector<Event> &Events) {
    CodecState S;
    resetCodec(S);
    std::string Bytes;
    for (const Event &E : Events) {
      uint8_t Buf[MaxEventBytes];
      Bytes.append((const char *)Buf, encodeEvent(S, Buf, E));
    }
    uint32_t Padded = (uint32_t(Bytes.size()) + BlockAlign - 1) & ~(BlockAlign - 1);
    section(SectionType::EventBlock, sizeof(EventBlockHeader) + Padded);
    EventBlockHeader BH{Tid, Seq, uint32_t(Bytes.size()), 0};
    put(&BH, sizeof(BH));
    Data += Bytes;
    Data.append(Padded - Bytes.size(), '\0');
  }
  void zeros(size_t N) { Data.append(N, '\0'); }
  void thread(uint32_t Tid, uint32_t First, uint32_t Num) {
    ThreadRecord R{Tid, 0, 100 + Tid, 0, ThreadStd, First, Num};
    section(SectionType::Thread, sizeof(R));
    put(&R, sizeof(R));
  }
  /// The file's bytes with End, as the runtime would leave them.
  std::string bytes() {
    section(SectionType::End, 0);
    return Data;
  }
  /// Ends the file, writes it to a temporary path and reads it back with readTrace.
  llvm::Expected<Trace> endAndRead() { return readBytes(bytes()); }
  static llvm::Expected<Trace> readBytes(const std::string &Data,
                                         const ReadOptions &Options = {}) {
    llvm::SmallString<128> Path;
    EXPECT_FALSE(llvm::sys::fs::createTemporaryFile("tracecodec", "trace", Path));
    {
      std::error_code EC;
      llvm::raw_fd_ostream OS(Path, EC);
      OS << Data;
    }
    auto T = readTrace(Path, Options);
    llvm::sys::fs::remove(Path); // the open trace still reads it
    return T;
  }

private:
  void put(const void *P, size_t N) { Data.append((const char *)P, N); }
  void section(SectionType T, uint64_t Size) {
    SectionHeader H{uint32_t(T), 0, Size};
    put(&H, sizeof(H));
  }
  std::string Data;
};

std::vector<Event> lockEvents(uint64_t Obj, int N, uint64_t &Ticks) {
  std::vector<Event> Out;
  for (int I = 0; I < N; ++I) {
    Out.push_back(Event::make(EventKind::LockAcquired, Obj, LockNoAttempt, Ticks += 10, 3));
    Out.push_back(Event::make(EventKind::LockReleased, Obj, 0, Ticks += 5, 4));
  }
  return Out;
}

TEST(TraceReaderBlocks, OrderDuplicatesAndPadding) {
  uint64_t Ticks = 0;
  std::vector<Event> B0 = lockEvents(0x1000, 3, Ticks), B1 = lockEvents(0x2000, 2, Ticks),
                     B2 = lockEvents(0x1000, 1, Ticks), Other = lockEvents(0x3000, 4, Ticks);
  FileBuilder F;
  F.block(1, 1, B1); // blocks land in the file in the order they filled up
  F.block(2, 0, Other);
  F.zeros(64);       // a reserved range never written
  F.block(1, 0, B0);
  F.block(1, 1, B1); // written twice
  F.block(1, 2, B2);
  F.block(1, 3, {}); // the empty partial block at exit
  F.thread(2, 0, 1);
  F.thread(1, 0, 4);
  auto T = F.endAndRead();
  ASSERT_TRUE(bool(T)) << llvm::toString(T.takeError());
  ASSERT_EQ(T->Threads.size(), 2u);
  std::vector<Event> Want = B0;
  Want.insert(Want.end(), B1.begin(), B1.end());
  Want.insert(Want.end(), B2.begin(), B2.end());
  expectSame(Want, T->events(*T->thread(1)));
  expectSame(Other, T->events(*T->thread(2)));
  EXPECT_EQ(T->thread(2)->OsTid, 102u);
}

TEST(TraceReaderBlocks, MissingBlockLosesTheRestOfItsThread) {
  uint64_t Ticks = 0;
  std::vector<Event> B0 = lockEvents(0x1000, 2, Ticks), Other = lockEvents(0x3000, 1, Ticks);
  FileBuilder F;
  F.block(1, 0, B0);
  F.block(1, 2, lockEvents(0x1000, 2, Ticks));
  F.block(2, 0, Other);
  F.thread(1, 0, 3);
  F.thread(2, 0, 1);
  auto T = F.endAndRead();
  ASSERT_TRUE(bool(T)) << llvm::toString(T.takeError());
  ASSERT_EQ(T->Damage.size(), 1u);
  EXPECT_NE(T->Damage[0].find("missing event block 1"), std::string::npos) << T->Damage[0];
  expectSame(B0, T->events(*T->thread(1))); // up to the gap
  expectSame(Other, T->events(*T->thread(2)));
}

TEST(TraceReaderBlocks, DamagedSectionsLoseOnlyWhatTheyHold) {
  uint64_t Ticks = 0;
  std::vector<Event> B0 = lockEvents(0x1000, 2, Ticks), Other = lockEvents(0x3000, 1, Ticks);
  FileBuilder F;
  F.block(2, 0, Other);
  F.block(1, 0, B0);
  F.thread(2, 0, 1);
  F.thread(1, 0, 1);
  std::string Sound = F.bytes();
  // A block whose encoded bytes are garbage: thread 1 loses its events, thread 2 not.
  std::string Bad = Sound;
  // Thread 2's block comes first; thread 1's starts right after it.
  size_t Thread1Block = 0;
  EventBlockHeader Want{1, 0, 0, 0}; // Tid 1, Seq 0: the first 8 bytes of its header
  for (size_t I = sizeof(Header); I + sizeof(Want) <= Bad.size() && !Thread1Block; ++I)
    if (std::memcmp(&Bad[I], &Want, 8) == 0)
      Thread1Block = I + sizeof(EventBlockHeader);
  ASSERT_NE(Thread1Block, 0u);
  Bad[Thread1Block] = char(0x08); // a lock-acquired whose ticks varint never ends
  for (size_t I = 1; I < 12 && Thread1Block + I < Bad.size(); ++I)
    Bad[Thread1Block + I] = char(0xFF);
  auto T = FileBuilder::readBytes(Bad);
  ASSERT_TRUE(bool(T)) << llvm::toString(T.takeError());
  EXPECT_FALSE(T->Damage.empty());
  expectSame(Other, T->events(*T->thread(2)));
  // The file cut in its last section (End's header and 8 bytes of the thread record
  // before it): what came before is read, and the cut is reported.
  auto Cut = FileBuilder::readBytes(Sound.substr(0, Sound.size() - sizeof(SectionHeader) - 8));
  ASSERT_TRUE(bool(Cut)) << llvm::toString(Cut.takeError());
  ASSERT_EQ(Cut->Damage.size(), 1u);
  EXPECT_NE(Cut->Damage[0].find("cut short"), std::string::npos) << Cut->Damage[0];
  expectSame(Other, Cut->events(*Cut->thread(2)));
  expectSame(B0, Cut->events(*Cut->thread(1))); // no record: its blocks are kept as found
}

// Random damage to a sound trace: flipped bytes, cut files, copied ranges. The reader
// must return (a trace or an error) every time, never crash or hang. A fixed seed keeps
// the suite deterministic; bench/run/fuzz-trace.sh runs the same for minutes.
TEST(TraceReaderFuzz, RandomDamageNeverCrashes) {
  uint64_t Ticks = 0;
  FileBuilder F;
  F.block(1, 0, lockEvents(0x1000, 40, Ticks));
  F.block(2, 0, lockEvents(0x2000, 40, Ticks));
  F.block(1, 1, lockEvents(0x1000, 40, Ticks));
  F.thread(1, 0, 2);
  F.thread(2, 0, 1);
  std::string Sound = F.bytes();
  const char *Env = std::getenv("INTERLOCK_FUZZ_ITERATIONS");
  unsigned Iterations = Env ? unsigned(std::strtoul(Env, nullptr, 10)) : 1000;
  std::mt19937_64 Rng(15);
  unsigned Read = 0;
  for (unsigned I = 0; I < Iterations; ++I) {
    std::string D = Sound;
    unsigned Edits = 1 + Rng() % 8;
    for (unsigned E = 0; E < Edits && !D.empty(); ++E) {
      size_t At = Rng() % D.size();
      switch (Rng() % 4) {
      case 0: D[At] = char(Rng()); break;                        // a byte
      case 1: D.resize(At); break;                               // cut
      case 2: D[At] ^= char(1u << (Rng() % 8)); break;           // a bit
      case 3: D.insert(At, D.substr(Rng() % D.size(), Rng() % 64)); break; // a copy
      }
    }
    auto T = FileBuilder::readBytes(D);
    if (T) {
      ++Read;
      for (const TraceThread &Th : T->Threads) // streamed from the file as run does
        T->forEachEvent(Th, [](const Event &) {});
    } else
      llvm::consumeError(T.takeError());
  }
  EXPECT_GT(Read, 0u); // most damage keeps the header: those traces are read
}

// --trace-limit: the reader stops taking event blocks once their bytes pass the limit,
// so each thread keeps a prefix of its events, and says the limit was reached.
TEST(TraceReaderBlocks, EventBytesLimitKeepsAPrefixOfEachThread) {
  uint64_t Ticks = 0;
  std::vector<Event> B0 = lockEvents(0x1000, 40, Ticks), Other = lockEvents(0x3000, 40, Ticks);
  FileBuilder F;
  F.block(1, 0, B0);
  F.block(2, 0, Other);
  F.block(1, 1, lockEvents(0x1000, 40, Ticks));
  F.thread(1, 0, 2);
  F.thread(2, 0, 1);
  std::string Bytes = F.bytes();
  auto Whole = FileBuilder::readBytes(Bytes);
  ASSERT_TRUE(bool(Whole)) << llvm::toString(Whole.takeError());
  EXPECT_FALSE(Whole->LimitReached);
  EXPECT_EQ(Whole->numEvents(), 2 * B0.size() + Other.size());
  // Room for two of the three blocks: thread 1's second block is not read.
  uint64_t TwoBlocks = Whole->thread(1)->Blocks[0].Bytes + Whole->thread(2)->Blocks[0].Bytes;
  auto Cut = FileBuilder::readBytes(Bytes, ReadOptions{TwoBlocks});
  ASSERT_TRUE(bool(Cut)) << llvm::toString(Cut.takeError());
  EXPECT_TRUE(Cut->LimitReached);
  EXPECT_TRUE(Cut->Damage.empty()) << Cut->Damage.front(); // a limit is not damage
  expectSame(B0, Cut->events(*Cut->thread(1)));
  expectSame(Other, Cut->events(*Cut->thread(2)));
}

TEST(TraceReaderBlocks, ForkChildStartsAtItsFirstBlock) {
  uint64_t Ticks = 0;
  std::vector<Event> B5 = lockEvents(0x1000, 2, Ticks);
  FileBuilder F;
  F.block(0, 5, B5);
  F.thread(0, 5, 1);
  auto T = F.endAndRead();
  ASSERT_TRUE(bool(T)) << llvm::toString(T.takeError());
  expectSame(B5, T->events(*T->thread(0)));
}

TEST(TraceReaderBlocks, ReadsVersionTwoRejectsOthers) {
  // Version 2 is version 3 without holds: its blocks decode the same.
  for (uint32_t V : {OldestReadableVersion - 1, OldestReadableVersion, Version, Version + 1}) {
    uint64_t Ticks = 0;
    std::vector<Event> B0 = lockEvents(0x1000, 2, Ticks);
    FileBuilder F(V);
    F.block(1, 0, B0);
    F.thread(1, 0, 1);
    auto T = F.endAndRead();
    if (V < OldestReadableVersion || V > Version) {
      ASSERT_FALSE(bool(T)) << V;
      EXPECT_NE(llvm::toString(T.takeError()).find("version " + std::to_string(V)),
                std::string::npos);
      continue;
    }
    ASSERT_TRUE(bool(T)) << llvm::toString(T.takeError());
    expectSame(B0, T->events(*T->thread(1)));
  }
}

} // namespace
