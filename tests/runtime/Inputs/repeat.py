"""Runs a program N times, two at a time (as busy as under ctest -j2), and checks how
many runs ended with the expected exit status.

    repeat.py --expect STATUS --max-misses K N PROGRAM [ARGS...]

Prints one line per exit status seen, then "ok" or "FAIL" (exit status 1) depending on
whether at most K runs ended otherwise.
"""
import argparse
import collections
import concurrent.futures
import subprocess
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--expect", type=int, required=True)
    ap.add_argument("--max-misses", type=int, default=0)
    ap.add_argument("runs", type=int)
    ap.add_argument("command", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    run = lambda _: subprocess.run(a.command, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL).returncode
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        counts = collections.Counter(pool.map(run, range(a.runs)))
    for status, times in sorted(counts.items()):
        print("status %d: %d of %d" % (status, times, a.runs))
    misses = a.runs - counts[a.expect]
    verdict = "ok" if misses <= a.max_misses else "FAIL"
    print("%s: %d of %d runs did not exit with status %d (at most %d may)"
          % (verdict, misses, a.runs, a.expect, a.max_misses))
    return 0 if verdict == "ok" else 1


if __name__ == "__main__":
    sys.exit(main())
