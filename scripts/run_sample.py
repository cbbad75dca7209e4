#!/usr/bin/env python3
"""Run a built sample and check that it behaves as its `// RUN:` line says.

    run_sample.py --source samples/NAME.cpp --binary build/samples/sample-NAME [--timeout 5]

RUN values (see docs/samples.md):
  exit0     must exit with status 0 within the timeout
  hangs     must still be running when the timeout expires (it is then killed): PASS
  aborts    must die by SIGABRT (e.g. std::terminate)
  may-hang  exit 0, or still running at the timeout, both pass; anything else fails

The binary runs in its own process group with stdout/stderr captured; on timeout the
whole group is killed. Prints one line describing what happened; exit status 0 on pass,
1 on fail, 2 on usage errors.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import expectations  # noqa: E402


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def run(binary: str, timeout: float, args: list[str] | None = None):
    """Run binary in a new session/process group. Returns (outcome, detail, stdout, stderr,
    seconds) where outcome is 'exit' (detail = status), 'signal' (detail = signal number)
    or 'timeout'."""
    start = time.monotonic()
    proc = subprocess.Popen([binary] + (args or []), stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        out, err = proc.communicate()
        return "timeout", None, out, err, time.monotonic() - start
    finally:
        # Anything the sample left behind in its group (e.g. a forked child) goes too.
        _kill_group(proc)
    elapsed = time.monotonic() - start
    if proc.returncode < 0:
        return "signal", -proc.returncode, out, err, elapsed
    return "exit", proc.returncode, out, err, elapsed


def describe(outcome: str, detail, elapsed: float, timeout: float) -> str:
    if outcome == "timeout":
        return f"still running after {timeout:g}s (killed)"
    if outcome == "signal":
        try:
            name = signal.Signals(detail).name
        except ValueError:
            name = f"signal {detail}"
        return f"killed by {name} after {elapsed:.2f}s"
    return f"exited with status {detail} after {elapsed:.2f}s"


def verdict(expected: str, outcome: str, detail) -> bool:
    if expected == "exit0":
        return outcome == "exit" and detail == 0
    if expected == "hangs":
        return outcome == "timeout"
    if expected == "aborts":
        return outcome == "signal" and detail == signal.SIGABRT
    if expected == "may-hang":
        return outcome == "timeout" or (outcome == "exit" and detail == 0)
    raise ValueError(expected)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Check a sample's runtime behaviour against its RUN line.")
    ap.add_argument("--source", required=True, help="sample source with the // RUN: header")
    ap.add_argument("--binary", required=True, help="the built sample")
    ap.add_argument("--timeout", type=float, default=5.0, help="seconds (default 5)")
    ap.add_argument("--show-output", action="store_true", help="print the program's output")
    args = ap.parse_args(argv)

    try:
        sample = expectations.parse_file(args.source)
    except expectations.ExpectationError as e:
        print(e, file=sys.stderr)
        return 2
    except OSError as e:
        print(f"error: {args.source}: {e.strerror}", file=sys.stderr)
        return 2
    if not os.access(args.binary, os.X_OK):
        print(f"error: {args.binary}: not an executable file", file=sys.stderr)
        return 2

    outcome, detail, out, err, elapsed = run(args.binary, args.timeout)
    ok = verdict(sample.run, outcome, detail)
    what = describe(outcome, detail, elapsed, args.timeout)
    print(f"{'PASS' if ok else 'FAIL'}: {sample.name}: expected {sample.run}, {what}")
    if args.show_output or not ok:
        for label, data in (("stdout", out), ("stderr", err)):
            text = data.decode(errors="replace").rstrip()
            if text:
                lines = text.splitlines()
                shown = lines[-20:]
                print(f"--- {label} ({len(lines)} lines{', last 20' if len(lines) > 20 else ''}) ---")
                print("\n".join(shown))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
