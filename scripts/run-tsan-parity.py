#!/usr/bin/env python3
"""Parity with ThreadSanitizer's own test programs (compiler-rt/test/tsan).

Selects the plain pthread tests there whose labelled verdict is one of
  race        a CHECK for "WARNING: ThreadSanitizer: data race"
  lock-order  a CHECK for "WARNING: ThreadSanitizer: lock-order-inversion"
  clean       a CHECK-NOT for ThreadSanitizer warnings and no warning CHECK
skipping tests that need more than one configuration (env options, suppressions,
several compile lines), TSan-specific APIs (annotations, fibers, ignore lists) or
other runtimes. Each test is built with interlock-c++/interlock-cc (keeping its -O
level), run under `interlock run --format=json`, and its verdict compared with the
label. Then Interlock's removal of TSan's lock-order false positives is shown on the
two classic cases, google/sanitizers#488 (a cycle within one thread) and #814 (a gate
lock held around both orders).

    run-tsan-parity.py --bindir BUILD/bin --tsan-tests DIR [--out DIR] [--jobs N]

DIR is compiler-rt/test/tsan from `apt-get source llvm-toolchain-19` (see docs/run.md).
"""
import argparse
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import tempfile

UNSUPPORTED = re.compile(
    r"\b(?:__tsan_(?!testonly_barrier)\w*|Annotate\w*|ANNOTATE\w*|fork|vfork|sigaction|signal|"
    r"pthread_kill|raise|dlopen|setjmp|longjmp|\w*[Ff]iber\w*|java\w*|__sanitizer_\w*|"
    r"dispatch_\w*|tsan_interface\w*|malloc_hook|__malloc_hook|swapcontext|getcontext|"
    r"pthread_cancel|pthread_exit|_exit|quick_exit|no_sanitize)\b|ignorelist|suppressions")
WARNING = re.compile(r"//\s*(?:CHECK|CHECK-NEXT|CHECK-DAG):\s*(?:WARNING: )?ThreadSanitizer: ([a-z-]+)")
NO_WARNING = re.compile(r"CHECK-NOT:\s*(?:WARNING|ThreadSanitizer|data race)")

TSAN_KINDS = {"interlock-tsan-data-race": "race", "interlock-lock-order-inversion": "lock-order",
              "interlock-tsan-report": "other"}


def label(text):
    """(expected verdict, compile flags) for the test's default configuration, or
    (None, None) if the test is not a plain pthread race/no-race/lock-order test."""
    runs = [l[len("// RUN:"):].strip() for l in text.splitlines() if l.startswith("// RUN:")]
    compiles = [l for l in runs if "%clang" in l]
    if len(compiles) != 1:
        return None, None
    compile_line = compiles[0]
    if re.search(r"\s-D|\s-f(?!no-builtin)|\s-x\s|%darwin|\s-l(?!pthread)|-shared|%ld_flags|%link",
                 compile_line):
        return None, None
    # The default configuration: a %run of the binary with no TSan options, checked
    # with the default prefix.
    default = [l for l in runs if re.search(r"%run %t(\s|$)", l) and "%env" not in l
               and "--check-prefix" not in l and "_OPTIONS" not in l]
    if not default or "%t " in compile_line.split(" -o ")[0]:
        return None, None
    run_args = re.search(r"%run %t((?:\s+[\w.]+)*)", default[0]).group(1).split()
    if UNSUPPORTED.search(text):
        return None, None
    kinds = set(WARNING.findall(text))
    opt = re.search(r"\s(-O\d)\b", compile_line)
    flags = ([opt.group(1)] if opt else []), run_args
    if kinds == {"data"}:
        return "race", flags
    if kinds == {"lock-order-inversion"}:
        return "lock-order", flags
    if not kinds and NO_WARNING.search(text):
        return "clean", flags
    return None, None


def verdict(findings):
    kinds = {TSAN_KINDS[f["check"]] for f in findings if f["check"] in TSAN_KINDS}
    if "lock-order" in kinds:
        return "lock-order"
    if "race" in kinds:
        return "race"
    if kinds:
        return "other"
    return "clean"


def run_one(path, expected, flags, args):
    name = os.path.basename(path)
    flags, run_args = flags
    exe = os.path.join(args.out, name + ".exe")
    compiler = "interlock-c++" if path.endswith(".cpp") else "interlock-cc"
    build = subprocess.run([os.path.join(args.bindir, compiler)] + flags +
                           ["-I", os.path.dirname(path), "-I", os.path.dirname(os.path.dirname(path)),
                            path, "-o", exe],
                           capture_output=True, text=True)
    if build.returncode != 0:
        return name, expected, "build-error", build.stderr[-500:]
    got, info = "clean", ""
    for _attempt in range(3):  # like TSan's %deflake: a missed race may show next run
        out = exe + ".json"
        run = subprocess.run([os.path.join(args.bindir, "interlock"), "run", "--format=json",
                              "--timeout", "30", "--output", out, "--", exe] + run_args,
                             capture_output=True, text=True)
        if run.returncode not in (0, 1):
            return name, expected, "run-error", run.stderr[-500:]
        with open(out) as f:
            findings = json.load(f)["findings"]
        got = verdict(findings)
        info = run.stderr.strip().splitlines()[-1] if run.stderr.strip() else ""
        dropped = re.search(r"unable to deadlock: (\d+)", info)
        if expected == "lock-order" and got == "clean" and dropped and int(dropped.group(1)):
            got = "fp-removed"  # TSan's cycle that Interlock's log shows cannot deadlock
        if got == expected or expected == "clean":
            break
    return name, expected, got, info


FALSE_POSITIVES = {
    "google-sanitizers-488-single-thread-cycle.c": r"""
#include <pthread.h>
pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;
static void *work(void *p) {
  pthread_mutex_lock(&a); pthread_mutex_lock(&b);
  pthread_mutex_unlock(&b); pthread_mutex_unlock(&a);
  pthread_mutex_lock(&b); pthread_mutex_lock(&a);   /* same thread, other order */
  pthread_mutex_unlock(&a); pthread_mutex_unlock(&b);
  return p;
}
int main(void) {
  pthread_t t; pthread_create(&t, 0, work, 0); pthread_join(t, 0); return 0;
}
""",
    "google-sanitizers-814-gate-lock.c": r"""
#include <pthread.h>
pthread_mutex_t g = PTHREAD_MUTEX_INITIALIZER, a = PTHREAD_MUTEX_INITIALIZER,
                b = PTHREAD_MUTEX_INITIALIZER;
static void *ab(void *p) {
  pthread_mutex_lock(&g); pthread_mutex_lock(&a); pthread_mutex_lock(&b);
  pthread_mutex_unlock(&b); pthread_mutex_unlock(&a); pthread_mutex_unlock(&g);
  return p;
}
static void *ba(void *p) {
  pthread_mutex_lock(&g); pthread_mutex_lock(&b); pthread_mutex_lock(&a);
  pthread_mutex_unlock(&a); pthread_mutex_unlock(&b); pthread_mutex_unlock(&g);
  return p;
}
int main(void) {
  pthread_t t1, t2;
  pthread_create(&t1, 0, ab, 0); pthread_create(&t2, 0, ba, 0);
  pthread_join(t1, 0); pthread_join(t2, 0); return 0;
}
""",
}


def false_positives(args):
    print("\nTSan lock-order false positives (raw TSan vs interlock run):")
    removed = 0
    for name, src in FALSE_POSITIVES.items():
        path = os.path.join(args.out, name)
        with open(path, "w") as f:
            f.write(src)
        exe = path + ".exe"
        subprocess.run([os.path.join(args.bindir, "interlock-cc"), path, "-o", exe], check=True)
        raw = subprocess.run([exe], capture_output=True, text=True,
                             env=dict(os.environ, INTERLOCK_OPTIONS="trace_path="))
        tsan_says = "lock-order-inversion" in raw.stderr
        run = subprocess.run([os.path.join(args.bindir, "interlock"), "run", "--format=json",
                              "--", exe], capture_output=True, text=True)
        findings = json.loads(run.stdout)["findings"]
        dropped = re.search(r"unable to deadlock: (\d+)", run.stderr)
        ok = tsan_says and not findings and dropped and int(dropped.group(1)) >= 1
        removed += bool(ok)
        print("  %-45s TSan alone: %-22s interlock run: %d finding(s), %s TSan report(s) dropped  %s"
              % (name, "lock-order-inversion" if tsan_says else "silent", len(findings),
                 dropped.group(1) if dropped else "?", "REMOVED" if ok else "NOT REMOVED"))
    return removed


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bindir", required=True)
    ap.add_argument("--tsan-tests", required=True)
    ap.add_argument("--out", default=None)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    args.out = args.out or tempfile.mkdtemp(prefix="interlock-parity-")
    os.makedirs(args.out, exist_ok=True)
    selected = []
    for f in sorted(os.listdir(args.tsan_tests)):
        if not f.endswith((".c", ".cpp")):
            continue
        path = os.path.join(args.tsan_tests, f)
        with open(path, errors="replace") as fh:
            expected, flags = label(fh.read())
        if expected:
            selected.append((path, expected, flags))
    counts = {}
    for _, e, _ in selected:
        counts[e] = counts.get(e, 0) + 1
    print("selected %d tests: %s" % (len(selected), ", ".join(
        "%d %s" % (n, k) for k, n in sorted(counts.items()))))
    results = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for r in pool.map(lambda s: run_one(s[0], s[1], s[2], args), selected):
            results.append(r)
            if args.verbose or (r[1] != r[2] and r[2] != "fp-removed"):
                print("%s %-45s expected %-10s got %-10s %s" % (
                    "ok  " if r[1] == r[2] else "MISS", r[0], r[1], r[2],
                    "" if r[1] == r[2] else r[3].replace("\n", " ")[:200]))
    removed_fp = [r for r in results if r[2] == "fp-removed"]
    if removed_fp:
        print("\nTSan-labelled lock-order tests whose cycle cannot deadlock (removed, not counted):")
        for r in removed_fp:
            print("  %-45s %s" % (r[0], r[3]))
    results = [r for r in results if r[2] != "fp-removed"]
    match = sum(1 for r in results if r[1] == r[2])
    by_kind = {}
    for r in results:
        k = by_kind.setdefault(r[1], [0, 0])
        k[0] += r[1] == r[2]
        k[1] += 1
    print("\nparity: %d of %d match (%.1f%%)" % (match, len(results),
                                                 100.0 * match / max(1, len(results))))
    for k, (m, n) in sorted(by_kind.items()):
        print("  %-10s %d/%d" % (k, m, n))
    removed = false_positives(args)
    print("TSan lock-order false positives removed: %d of %d" % (removed, len(FALSE_POSITIVES)))
    return 0 if match >= 0.95 * len(results) and removed == len(FALSE_POSITIVES) else 1


if __name__ == "__main__":
    sys.exit(main())
