#!/usr/bin/env bash
# Installs what is missing (Debian 12 packages only), configures and builds Interlock.
# Idempotent and quiet when everything is present. Sourced or run by demo.sh and test.sh.
#   INTERLOCK_BUILD_DIR  build folder (default: build/ in the repository)
#   INTERLOCK_JOBS       parallel build jobs (default: all cores)
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${INTERLOCK_BUILD_DIR:-$repo/build}
jobs=${INTERLOCK_JOBS:-$(nproc)}

packages=(
  cmake ninja-build g++ python3
  clang-19 libclang-19-dev llvm-19-dev llvm-19-tools libclang-rt-19-dev clang-tidy-19
  libcli11-dev libgtest-dev
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "setup: need root (or sudo) to install: ${missing[*]}" >&2; exit 2; }
    sudo=sudo
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [[ ! -f $build/CMakeCache.txt ]]; then
  echo "setup: configuring $build"
  cmake -S "$repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
echo "setup: building in $build ($jobs jobs)"
cmake --build "$build" -j "$jobs" 2>&1 | { grep -v '^ninja: no work to do' || true; }
