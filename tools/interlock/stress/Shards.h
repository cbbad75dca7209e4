//===- Shards.h - `stress --shard K/N` and `interlock merge` --------------===//
//
// A stress of R runs from base seed S is split over N machines: shard K runs the
// contiguous run indices [(K-1)·R/N, K·R/N), so its seeds are S + index exactly as in
// the one-machine stress, and the N shards together run each index once. `interlock
// merge` adds up the shards' JSON results (hits, runs, the first run that found each
// finding) into the findings one machine would have reported, in the same order.
// docs/distributed.md is the user's page.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_TOOLS_STRESS_SHARDS_H
#define INTERLOCK_TOOLS_STRESS_SHARDS_H

#include "BaselineGate.h"
#include "report/Finding.h"

#include <optional>
#include <string>
#include <vector>

namespace interlock::stress {

struct Shard {
  unsigned K = 1, N = 1; // 1 <= K <= N
  std::string text() const { return std::to_string(K) + "/" + std::to_string(N); }
};

/// "K/N" with 1 <= K <= N; nullopt otherwise.
std::optional<Shard> parseShard(llvm::StringRef Text);

/// The run indices [First, End) shard S of Runs runs covers.
struct RunRange {
  unsigned First = 0, End = 0;
};
RunRange shardRuns(unsigned Runs, const Shard &S);

/// One distinct finding of a stress: the first run's finding, how many runs saw it, and
/// the index of the first.
struct Tally {
  Finding F;
  unsigned Hits = 0;
  unsigned FirstRun = 0;
};

/// The findings as `stress` reports them: Tallies (given in signature order) sorted by
/// first run then check id, each message ending " [stress: HITS of RUNS runs]".
std::vector<Finding> reportedFindings(std::vector<Tally> Tallies, unsigned Runs);

struct MergeOptions {
  std::vector<std::string> Inputs; // the shards' --format json outputs
  std::string Format = "text";
  std::string Output;
  std::string ProjectRoot;
  BaselineArgs Baseline;
  bool Quiet = false;
};

int runMerge(const MergeOptions &O);

} // namespace interlock::stress

#endif
