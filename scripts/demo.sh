#!/usr/bin/env bash
# README's first command: set up, build, and run Interlock's main job on the samples.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$repo/scripts/setup.sh"
build=${INTERLOCK_BUILD_DIR:-$repo/build}
exec python3 "$repo/scripts/demo.py" --repo "$repo" --build "$build" "$@"
