#!/bin/sh
# Fetch the Debian sources of a few real multithreaded C/C++ projects, make a compilation
# database for each and run `interlock check` over every TU. Not part of the test suite
# (it downloads, installs the projects' build dependencies and takes minutes).
#
# Usage: scripts/check-real.sh [--project NAME]... [WORKDIR] [-- extra interlock check options]
#
#   --project NAME  only this project (repeatable; default: all of them)
#   WORKDIR         default /tmp/interlock-real; each project lives in WORKDIR/NAME: the
#                   source, build/ (the build's own compile_commands.json), db/ (the same
#                   with one command per source file, which is what is analyzed), its
#                   findings in findings.json and interlock's stderr in check.log
#
# Projects (Debian source package names):
#   leveldb    C++,  CMake      background compaction thread, Env::Schedule
#   memcached  C,    autotools  libevent worker threads, LRU crawler/maintainer, slab mover
#   pigz       C,    Makefile   yarn thread pool: compress/write threads
#   libuv1     C,    CMake      event loop, uv_thread_create, threadpool work queue
#   pbzip2     C++,  Makefile   producer, consumer and file-writer threads over shared queues
#
# Environment: INTERLOCK (default build/bin/interlock, or $INTERLOCK_BUILD_DIR/bin/interlock),
# INTERLOCK_JOBS (parallel make jobs and `interlock check -j`; default: all cores).
# The sources are fetched at run time with `apt-get source`; nothing is kept in the repo.
# A project whose source cannot be fetched or built is reported as not prepared, the
# others still run, and the exit status is 2 (as when interlock itself exits 2).
set -eu

ALL="leveldb memcached pigz libuv1 pbzip2"
usage() {
  sed -n '2,/^set -eu/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
}

PROJECTS=""
WORK=""
while [ $# -gt 0 ]; do
  case $1 in
    --project) [ $# -ge 2 ] || { echo "check-real: --project needs a name" >&2; exit 2; }
               PROJECTS="$PROJECTS $2"; shift 2 ;;
    --project=*) PROJECTS="$PROJECTS ${1#--project=}"; shift ;;
    -h|--help) usage; exit 0 ;;
    --) shift; break ;;
    -*) echo "check-real: unknown option $1 (interlock options go after --)" >&2; exit 2 ;;
    *) [ -z "$WORK" ] || { echo "check-real: one WORKDIR only" >&2; exit 2; }
       WORK=$1; shift ;;
  esac
done
PROJECTS=${PROJECTS:-$ALL}
for p in $PROJECTS; do
  case " $ALL " in *" $p "*) ;; *) echo "check-real: unknown project $p (known: $ALL)" >&2; exit 2 ;; esac
done
WORK=${WORK:-/tmp/interlock-real}
BUILD_DIR=${INTERLOCK_BUILD_DIR:-$(cd "$(dirname "$0")/.." && pwd)/build}
INTERLOCK=${INTERLOCK:-$BUILD_DIR/bin/interlock}
JOBS=${INTERLOCK_JOBS:-$(nproc)}
[ -x "$INTERLOCK" ] || { echo "check-real: no interlock binary at $INTERLOCK" >&2; exit 2; }
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)

# Installs the Debian packages named that are not installed yet.
need() {
  missing=""
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' || missing="$missing $pkg"
  done
  if [ -n "$missing" ]; then
    echo "check-real: installing$missing" >&2
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
  fi
}

deb_src_enabled=""
# Unpacks Debian source package $1 into the current folder (once); prints its folder.
fetch() {
  src=$(ls -d "$1"-*/ 2>/dev/null | head -n1 || true)
  if [ -z "$src" ]; then
    if [ -z "$deb_src_enabled" ] && \
       ! grep -qs '^Types:.*deb-src' /etc/apt/sources.list.d/*.sources 2>/dev/null && \
       ! grep -qs '^deb-src' /etc/apt/sources.list 2>/dev/null; then
      sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources \
        > /etc/apt/sources.list.d/debian-src.sources
      apt-get update -qq >&2
    fi
    deb_src_enabled=1
    need dpkg-dev
    apt-get source -qq "$1" >/dev/null 2>&1 || apt-get source -qq "$1" >&2
    src=$(ls -d "$1"-*/ | head -n1)
  fi
  echo "${src%/}"
}

# Records a Makefile build's compile commands with bear into $2/compile_commands.json;
# runs in source folder $1, the make arguments follow.
bear_make() {
  bsrc=$1 out=$2; shift 2
  need bear make gcc
  if [ ! -s "$out/compile_commands.json" ] || ! grep -q '"file"' "$out/compile_commands.json"; then
    (cd "$bsrc" && { make clean >/dev/null 2>&1 || true; })
    (cd "$bsrc" && bear --output "$out/compile_commands.json" -- make -j"$JOBS" "$@" >"$out/make.log" 2>&1) || {
      echo "check-real: make failed in $bsrc; see $out/make.log" >&2; return 1; }
  fi
}

# Makes WORK/NAME/build/compile_commands.json for project $1; prints the build folder.
prepare() {
  name=$1 dir=$WORK/$1
  mkdir -p "$dir"
  cd "$dir"
  case $name in
    leveldb)
      need cmake ninja-build g++ libsnappy-dev
      src=$(fetch leveldb)
      [ -f build/compile_commands.json ] || cmake -S "$src" -B build -G Ninja \
        -DCMAKE_EXPORT_COMPILE_COMMANDS=ON -DLEVELDB_BUILD_TESTS=OFF \
        -DLEVELDB_BUILD_BENCHMARKS=OFF >build-config.log 2>&1 ;;
    libuv1)
      need cmake ninja-build gcc
      src=$(fetch libuv1)
      # libuv builds the same sources twice (uv and uv_a): see dedupe below.
      [ -f build/compile_commands.json ] || cmake -S "$src" -B build -G Ninja \
        -DCMAKE_EXPORT_COMPILE_COMMANDS=ON -DLIBUV_BUILD_TESTS=OFF \
        -DLIBUV_BUILD_BENCH=OFF >build-config.log 2>&1 ;;
    memcached)
      need libevent-dev pkg-config
      src=$(fetch memcached)
      mkdir -p build
      if [ ! -f "$src/Makefile" ]; then
        (cd "$src" && ./configure >"$dir/build/configure.log" 2>&1) || {
          echo "check-real: configure failed; see $dir/build/configure.log" >&2; return 1; }
      fi
      # Only the server itself (not memcached-debug, the same sources again, nor tests).
      bear_make "$src" "$dir/build" memcached ;;
    pigz)
      need zlib1g-dev
      src=$(fetch pigz)
      mkdir -p build
      bear_make "$src" "$dir/build" pigz ;;
    pbzip2)
      need libbz2-dev g++
      src=$(fetch pbzip2)
      mkdir -p build
      bear_make "$src" "$dir/build" pbzip2 ;;
  esac
  [ -s "$dir/build/compile_commands.json" ] || {
    echo "check-real: no compile_commands.json for $name" >&2; return 1; }
  dedupe "$dir/build/compile_commands.json" "$dir/db"
  echo "$dir/db"
}

# Writes into folder $2 a copy of database $1 with one command per source file (the
# first): libuv compiles every source for its shared and its static library, LevelDB
# compiles memenv.cc twice, and each copy would be analyzed, and reported, again.
dedupe() {
  mkdir -p "$2"
  python3 - "$1" "$2/compile_commands.json" <<'PY'
import json, os, sys
entries, seen = [], set()
for e in json.load(open(sys.argv[1])):
    key = os.path.normpath(os.path.join(e['directory'], e['file']))
    if key not in seen:
        seen.add(key)
        entries.append(e)
json.dump(entries, open(sys.argv[2], 'w'), indent=1)
PY
}

summary() {
  python3 - "$@" <<'PY'
import collections, json, sys
name, path, tus, raw, secs, status, log = sys.argv[1:8]
try:
    findings = json.load(open(path)).get('findings', [])
except Exception as e:  # no output (crash) or broken JSON
    findings = None
dup = f" (build has {raw} commands; duplicates dropped)" if raw != tus else ""
print(f"== {name}: {tus} TUs{dup}, wall time {float(secs):.1f} s, exit status {status}")
if findings is None:
    print(f"   no readable findings in {path}")
else:
    by = collections.Counter(f.get('check', f.get('checkId', '?')) for f in findings)
    print(f"   findings: {len(findings)}")
    for check, n in sorted(by.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"   {n:6d}  {check}")
bad = [l.rstrip() for l in open(log, errors='replace')
       if any(w in l for w in ('error:', 'fatal', 'crash', 'Crash', 'skipp', 'failed', 'PLEASE'))]
if bad:
    print(f"   stderr problems ({len(bad)} lines, see {log}):")
    for l in bad[:10]:
        print("     " + l[:200])
PY
}

RESULT=0
for name in $PROJECTS; do
  if ! BUILD=$(prepare "$name"); then
    echo "== $name: could not prepare a compilation database" >&2
    RESULT=2
    continue
  fi
  DB=$BUILD/compile_commands.json
  TUS=$(grep -c '"file"' "$DB" || true)
  RAW=$(grep -c '"file"' "$WORK/$name/build/compile_commands.json" || true)
  OUT=$WORK/$name/findings.json
  LOG=$WORK/$name/check.log
  rm -f "$OUT"
  echo "check-real: $name: $TUS TUs in $BUILD" >&2
  START=$(date +%s.%N)
  set +e
  "$INTERLOCK" check -p "$BUILD" -j "$JOBS" --format=json -o "$OUT" "$@" 2>"$LOG"
  STATUS=$?
  set -e
  END=$(date +%s.%N)
  SECS=$(python3 -c "print($END - $START)")
  summary "$name" "$OUT" "$TUS" "$RAW" "$SECS" "$STATUS" "$LOG"
  case $STATUS in 0|1) ;; *) RESULT=2 ;; esac
done
exit $RESULT
