#!/usr/bin/env bash
# The JSON summary parser (analyzer/summary/Summary.cpp, parseTUSummary) under random
# damage for minutes instead of the test suite's seconds: the unit test
# SummaryFuzz.DamagedSummariesNeverCrash with more iterations (default 400000; pass N to
# change). A crash or a hang (over 30 minutes) fails the script. Prints iterations,
# seconds and the test's verdict.
set -euo pipefail
build=${INTERLOCK_BUILD_DIR:-$(cd "$(dirname "$0")/../.." && pwd)/build}
n=${1:-400000}
start=$(date +%s.%N)
INTERLOCK_FUZZ_ITERATIONS=$n timeout 1800 "$build/bin/SummaryTests" \
  --gtest_filter='SummaryFuzz.*' --gtest_brief=1
end=$(date +%s.%N)
python3 -c 'import sys; print("fuzz-summary: %s damaged summaries parsed in %.1f s, no crash, no hang" % (sys.argv[1], float(sys.argv[3]) - float(sys.argv[2])))' "$n" "$start" "$end"
