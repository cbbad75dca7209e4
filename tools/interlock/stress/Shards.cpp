#include "stress/Shards.h"

#include "ExitCodes.h"
#include "lifecycle/OutputFile.h"
#include "stress/StressDriver.h"

#include "report/Emitters.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <map>
#include <set>

namespace interlock::stress {
namespace {

/// Splits " [stress: H of R runs]" off Message; false if it has none (the findings
/// `stress` adds after its runs, such as an unmatched NOLINTBEGIN).
bool takeHits(std::string &Message, unsigned &Hits) {
  llvm::SmallVector<llvm::StringRef, 3> M;
  static const llvm::Regex Suffix(" \\[stress: ([0-9]+) of [0-9]+ runs\\]$");
  if (!Suffix.match(Message, &M))
    return false;
  M[1].getAsInteger(10, Hits);
  Message.resize(Message.size() - M[0].size());
  return true;
}

/// One shard's JSON output.
struct ShardResult {
  std::string Path;
  std::vector<Finding> Findings;
  uint64_t Runs = 0;
  uint64_t BaseSeed = 0;
  std::optional<Shard> Which;
  std::string Interrupted;
};

llvm::Expected<ShardResult> readShard(const std::string &Path) {
  auto Fail = [&](const llvm::Twine &Why) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(), "'" + Path + "': " + Why);
  };
  auto Text = llvm::MemoryBuffer::getFile(Path);
  if (!Text)
    return Fail(Text.getError().message());
  llvm::Expected<std::vector<Finding>> Findings = parseFindingsJson((*Text)->getBuffer());
  if (!Findings)
    return Fail(llvm::toString(Findings.takeError()) +
                " (merge reads the --format json output of `interlock stress`)");
  llvm::Expected<llvm::json::Value> Doc = llvm::json::parse((*Text)->getBuffer());
  const llvm::json::Object *Stress =
      Doc && Doc->getAsObject() ? Doc->getAsObject()->getObject("stress") : nullptr;
  if (!Doc)
    llvm::consumeError(Doc.takeError());
  std::optional<int64_t> Runs = Stress ? Stress->getInteger("runs") : std::nullopt;
  const llvm::json::Value *Base = Stress ? Stress->get("base_seed") : nullptr;
  std::optional<uint64_t> BaseSeed = Base ? Base->getAsUINT64() : std::nullopt;
  if (!Runs || !BaseSeed)
    return Fail("not the JSON output of `interlock stress` (no \"stress\": {\"runs\", "
                "\"base_seed\"})");
  ShardResult R{Path, std::move(*Findings), uint64_t(*Runs), *BaseSeed, std::nullopt, ""};
  if (std::optional<llvm::StringRef> S = Stress->getString("shard"))
    R.Which = parseShard(*S);
  if (std::optional<llvm::StringRef> I = Doc->getAsObject()->getString("interrupted"))
    R.Interrupted = I->str();
  return R;
}

} // namespace

std::optional<Shard> parseShard(llvm::StringRef Text) {
  auto [K, N] = Text.split('/');
  Shard S;
  if (K.getAsInteger(10, S.K) || N.getAsInteger(10, S.N) || S.K < 1 || S.K > S.N)
    return std::nullopt;
  return S;
}

RunRange shardRuns(unsigned Runs, const Shard &S) {
  return {unsigned(uint64_t(S.K - 1) * Runs / S.N), unsigned(uint64_t(S.K) * Runs / S.N)};
}

std::vector<Finding> reportedFindings(std::vector<Tally> Tallies, unsigned Runs) {
  std::sort(Tallies.begin(), Tallies.end(), [](const Tally &A, const Tally &B) {
    return A.FirstRun != B.FirstRun ? A.FirstRun < B.FirstRun : A.F.CheckId < B.F.CheckId;
  });
  std::vector<Finding> Findings;
  for (Tally &T : Tallies) {
    Finding F = std::move(T.F);
    F.Message += " [stress: " + std::to_string(T.Hits) + " of " + std::to_string(Runs) +
                 " runs]";
    Findings.push_back(std::move(F));
  }
  return Findings;
}

int runMerge(const MergeOptions &O) {
  const char *Who = "interlock merge";
  auto Format = parseOutputFormat(O.Format);
  if (!Format) {
    llvm::errs() << Who << ": unknown format '" << O.Format
                 << "' (expected text, json or sarif)\n";
    return exit_code::ToolError;
  }
  auto Out = OutputFile::open(O.Output);
  if (!Out) {
    llvm::errs() << Who << ": " << llvm::toString(Out.takeError()) << "\n";
    return exit_code::ToolError;
  }
  BaselineGate Gate;
  if (!Gate.open(O.Baseline, Who))
    return exit_code::ToolError;

  std::vector<ShardResult> Shards;
  for (const std::string &P : O.Inputs) {
    llvm::Expected<ShardResult> R = readShard(P);
    if (!R) {
      llvm::errs() << Who << ": " << llvm::toString(R.takeError()) << "\n";
      return exit_code::ToolError;
    }
    Shards.push_back(std::move(*R));
  }
  // The shards must be the parts of one stress: one base seed, one N, each K once, all.
  const ShardResult &First = Shards.front();
  unsigned N = First.Which ? First.Which->N : 1;
  std::set<unsigned> Seen;
  for (const ShardResult &S : Shards) {
    std::string Why;
    if (S.BaseSeed != First.BaseSeed)
      Why = "its base seed " + std::to_string(S.BaseSeed) + " is not " +
            std::to_string(First.BaseSeed) + " (give every shard the same --seed)";
    else if (!S.Which || S.Which->N != N)
      Why = "it is not one of " + std::to_string(N) + " shards (" +
            (S.Which ? "shard " + S.Which->text() : std::string("no --shard")) + ")";
    else if (!Seen.insert(S.Which->K).second)
      Why = "shard " + S.Which->text() + " is given twice";
    if (!Why.empty()) {
      llvm::errs() << Who << ": '" << S.Path << "': " << Why << "\n";
      return exit_code::ToolError;
    }
  }
  if (Seen.size() != N) {
    for (unsigned K = 1; K <= N; ++K)
      if (!Seen.count(K)) {
        llvm::errs() << Who << ": shard " << K << "/" << N
                     << " is missing: the merge would not be what one machine gives\n";
        break;
      }
    return exit_code::ToolError;
  }

  // As `stress` aggregates its runs: by signature, the finding of the earliest run.
  uint64_t Runs = 0;
  std::map<std::string, Tally> Found;
  std::vector<Finding> After; // added after the runs (NOLINT errors): once each
  std::set<std::string> AfterSeen;
  std::string Interrupted;
  for (ShardResult &S : Shards) {
    Runs += S.Runs;
    if (Interrupted.empty())
      Interrupted = S.Interrupted;
    for (Finding &F : S.Findings) {
      unsigned Hits = 0;
      if (!takeHits(F.Message, Hits) || !F.Seed) {
        if (AfterSeen.insert(findingSignature(F) + F.Message).second)
          After.push_back(std::move(F));
        continue;
      }
      unsigned Index = unsigned(*F.Seed - S.BaseSeed); // runSeed: base + index
      std::string Sig = findingSignature(F);
      Tally &T = Found[Sig];
      if (T.Hits == 0 || Index < T.FirstRun) {
        T.FirstRun = Index;
        T.F = std::move(F);
      }
      T.Hits += Hits;
    }
  }
  std::vector<Tally> Tallies;
  for (auto &[Sig, T] : Found)
    Tallies.push_back(std::move(T));
  std::vector<Finding> Findings = reportedFindings(std::move(Tallies), unsigned(Runs));
  llvm::append_range(Findings, After);

  RunStatus Status;
  Status.Command = "stress";
  Status.ProjectRoot = projectRoot(O.ProjectRoot, "");
  Status.StressRuns = Runs;
  Status.BaseSeed = First.BaseSeed;
  Status.Interrupted = Interrupted;
  assignFingerprints(Findings, Status.ProjectRoot);
  Gate.apply(Findings, Status.ProjectRoot);
  bool Color = (*Out)->isStdout() && !std::getenv("NO_COLOR") &&
               llvm::sys::Process::StandardOutIsDisplayed();
  emitFindings((*Out)->os(), *Format, Findings, Color, &Status);
  if (llvm::Error E = (*Out)->commit()) {
    llvm::errs() << Who << ": " << llvm::toString(std::move(E)) << "\n";
    return exit_code::ToolError;
  }
  if (!Gate.commit(O.Quiet))
    return exit_code::ToolError;
  if (!O.Quiet)
    llvm::errs() << Who << ": " << Shards.size() << " shard(s), " << Runs << " runs, base seed "
                 << First.BaseSeed << "; " << Found.size() << " distinct finding(s)\n";
  return Findings.empty() ? exit_code::NoFindings : exit_code::Findings;
}

} // namespace interlock::stress
