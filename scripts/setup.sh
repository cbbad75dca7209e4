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
  neovim # its built-in LSP client drives `interlock lsp` in tests/tools/interlock/lsp-neovim.test
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
# Microsoft's SARIF Multitool validates our SARIF in the test suite. Optional: without npm
# or the registry, setup goes on and that test is skipped (UNSUPPORTED).
multitool=$build/sarif-multitool/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
if [[ ! -x $multitool && -z ${INTERLOCK_NO_NPM:-} ]]; then
  if command -v npm >/dev/null; then
    echo "setup: installing @microsoft/sarif-multitool-linux with npm (for the SARIF validation test)"
    if timeout 600 npm install --silent --no-audit --no-fund --prefix "$build/sarif-multitool" \
         @microsoft/sarif-multitool-linux >/dev/null 2>&1 && [[ -f $multitool ]]; then
      chmod u+x "$multitool" # npm may not run the package's postinstall, which does this
    else
      echo "setup: note: could not install the SARIF Multitool; its test will be skipped"
    fi
  else
    echo "setup: note: no npm; the SARIF validation test will be skipped"
  fi
fi

echo "setup: building in $build ($jobs jobs)"
cmake --build "$build" -j "$jobs" 2>&1 | { grep -v '^ninja: no work to do' || true; }
