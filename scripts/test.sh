#!/usr/bin/env bash
# README's second command: set up, build, run every test. Ends with ctest's summary line.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$repo/scripts/setup.sh"
build=${INTERLOCK_BUILD_DIR:-$repo/build}
cd "$build"
ctest --output-on-failure -j "${INTERLOCK_JOBS:-$(nproc)}" "$@"
