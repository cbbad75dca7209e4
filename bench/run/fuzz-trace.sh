#!/usr/bin/env bash
# The trace reader under random damage for minutes instead of the test suite's seconds:
# the unit test TraceReaderFuzz.RandomDamageNeverCrashes with more iterations (default
# 60000, about three minutes; pass N to change). A crash or a hang (over 30 minutes)
# fails the script. Prints iterations, seconds and the test's verdict.
set -euo pipefail
build=${INTERLOCK_BUILD_DIR:-$(cd "$(dirname "$0")/../.." && pwd)/build}
n=${1:-60000}
start=$(date +%s.%N)
INTERLOCK_FUZZ_ITERATIONS=$n timeout 1800 "$build/bin/TraceCodecTests" \
  --gtest_filter='TraceReaderFuzz.*' --gtest_brief=1
end=$(date +%s.%N)
python3 -c 'import sys; print("fuzz-trace: %s damaged traces read in %.1f s, no crash, no hang" % (sys.argv[1], float(sys.argv[3]) - float(sys.argv[2])))' "$n" "$start" "$end"
