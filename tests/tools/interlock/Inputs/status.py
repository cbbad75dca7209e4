#!/usr/bin/env python3
"""status.py N COMMAND...: runs COMMAND, passes its stdout and stderr through, and exits
0 if COMMAND exited with status N, else 1 (saying what it got). lit's `not` only tells
zero from non-zero; the exit statuses of docs/cli.md need the exact number."""
import subprocess
import sys

want = int(sys.argv[1])
got = subprocess.run(sys.argv[2:]).returncode
if got != want:
    print(f"status.py: expected exit status {want}, got {got}", file=sys.stderr)
    sys.exit(1)
