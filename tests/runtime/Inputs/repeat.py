"""Runs a program N times and prints how often it exited with each status.

    repeat.py N PROGRAM [ARGS...]

The runs go two at a time, so that the machine is busy as it is under ctest -j2.
"""
import collections
import concurrent.futures
import subprocess
import sys


def main():
    n, cmd = int(sys.argv[1]), sys.argv[2:]
    run = lambda _: subprocess.run(cmd, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL).returncode
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        counts = collections.Counter(pool.map(run, range(n)))
    for status, times in sorted(counts.items()):
        print("status %d: %d of %d" % (status, times, n))


if __name__ == "__main__":
    main()
