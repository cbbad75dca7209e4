// `stress --shard K/N` runs a disjoint part of the seeds, and `interlock merge` adds the
// parts up into what one stress with the same base seed reports: the same findings, hits,
// first seeds, order and fingerprints, in JSON and in SARIF. The one thing normalised
// before comparing is TSan's hexadecimal addresses in messages: under ASLR they differ
// between any two runs of the program, two one-machine stresses included.
// RUN: %bindir/interlock-c++ %s -o %t
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: not %interlock stress --runs 12 --jobs 2 --seed 7 --strategy random --format json -o %t.d/one.json -- %t 2>/dev/null
// RUN: not %interlock stress --runs 12 --jobs 2 --seed 7 --strategy random --format sarif -o %t.d/one.sarif -- %t 2>/dev/null
// RUN: not %interlock stress --runs 12 --seed 7 --strategy random --shard 1/3 --format json -o %t.d/s1.json -- %t 2>/dev/null
// RUN: not %interlock stress --runs 12 --seed 7 --strategy random --shard 2/3 --format json -o %t.d/s2.json -- %t 2>/dev/null
// RUN: not %interlock stress --runs 12 --seed 7 --strategy random --shard 3/3 --format json -o %t.d/s3.json -- %t 2>/dev/null
// RUN: not %interlock merge %t.d/s3.json %t.d/s1.json %t.d/s2.json --format json -o %t.d/merged.json 2>%t.d/merge.err
// RUN: not %interlock merge %t.d/s2.json %t.d/s3.json %t.d/s1.json --format sarif -o %t.d/merged.sarif 2>/dev/null
// RUN: FileCheck %s --check-prefix=SAID < %t.d/merge.err
// SAID: interlock merge: 3 shard(s), 12 runs, base seed 7; 2 distinct finding(s)
// RUN: %python -c "import re,sys; [open(f + '.norm', 'w').write(re.sub('0x[0-9a-f]+', '0xADDR', open(f).read())) for f in sys.argv[1:]]" %t.d/one.json %t.d/merged.json %t.d/one.sarif %t.d/merged.sarif
// RUN: cmp %t.d/one.json.norm %t.d/merged.json.norm
// RUN: cmp %t.d/one.sarif.norm %t.d/merged.sarif.norm
// RUN: FileCheck %s --input-file=%t.d/merged.json
// CHECK: "check": "interlock-tsan-data-race"
// CHECK: "message": "data race: {{.*}} [stress: {{[0-9]+}} of 12 runs]"
// CHECK: "seed": 7
// CHECK: "stress": {
// CHECK-NEXT: "base_seed": 7,
// CHECK-NEXT: "runs": 12
// The shards ran 4 runs each, from seeds 7, 11 and 15.
// RUN: FileCheck %s --check-prefix=SHARD < %t.d/s2.json
// SHARD: "seed": {{11|12|13|14}}
// SHARD: "stress": {
// SHARD-NEXT: "base_seed": 7,
// SHARD-NEXT: "runs": 4,
// SHARD-NEXT: "shard": "2/3"

// Mistakes are errors (exit 2): a shard missing or given twice, shards of another seed,
// --shard without --seed, a malformed K/N.
// RUN: not %interlock merge %t.d/s1.json %t.d/s3.json 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: interlock merge: shard 2/3 is missing
// RUN: not %interlock merge %t.d/s1.json %t.d/s1.json 2>&1 | FileCheck %s --check-prefix=TWICE
// TWICE: interlock merge: '{{.*}}s1.json': shard 1/3 is given twice
// RUN: not %interlock stress --runs 12 --seed 8 --strategy random --shard 2/3 --format json -o %t.d/other.json -- %t 2>/dev/null
// RUN: not %interlock merge %t.d/s1.json %t.d/other.json %t.d/s3.json 2>&1 | FileCheck %s --check-prefix=SEED
// SEED: interlock merge: '{{.*}}other.json': its base seed 8 is not 7 (give every shard the same --seed)
// RUN: not %interlock merge %t.d/one.sarif 2>&1 | FileCheck %s --check-prefix=NOTJSON
// NOTJSON: interlock merge: '{{.*}}one.sarif': {{.*}}merge reads the --format json output of `interlock stress`
// RUN: %python %S/../tools/interlock/Inputs/status.py 2 %interlock stress --runs 4 --shard 1/2 -- %t 2>&1 | FileCheck %s --check-prefix=NOSEED
// NOSEED: interlock stress: --shard needs --seed
// RUN: %python %S/../tools/interlock/Inputs/status.py 2 %interlock stress --runs 4 --seed 1 --shard 3/2 -- %t 2>&1 | FileCheck %s --check-prefix=BADSHARD
// BADSHARD: expected K/N with 1 <= K <= N, got '3/2'
#include <atomic>
#include <cassert>
#include <thread>

int Counter;
std::atomic<int> Ready;

int main() {
  std::thread T([] {
    Counter++;
    Ready.store(1);
  });
  Counter++;
  std::this_thread::yield();
  assert(Ready.load() == 1 && "the worker ran first"); // fails under some schedules
  T.join();
}
