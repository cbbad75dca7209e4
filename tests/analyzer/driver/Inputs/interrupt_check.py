#!/usr/bin/env python3
"""Interrupts `interlock check` while it is analyzing, with no timing involved.

usage: interrupt_check.py SIGNAL DIR -- COMMAND...

DIR/slow.h is made a named pipe that DIR/main.cpp includes: clang blocks reading it, so
once this script's open() of the pipe for writing returns, the check is analyzing.
Then SIGNAL is sent to the check, the pipe is closed, and the script prints:
  exit-status: N
  stderr: ...            the check's stderr
  left: NAMES            what is in DIR/out besides nothing (temporary outputs)
Waits are bounded (a hung check is killed and reported), never asserted on time.
"""
import errno
import os
import signal
import subprocess
import sys
import time


def main():
    sig = getattr(signal, sys.argv[1])
    folder = sys.argv[2]
    command = sys.argv[sys.argv.index("--") + 1:]
    fifo = os.path.join(folder, "slow.h")
    os.mkfifo(fifo)
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # Opening the pipe for writing succeeds once clang has opened it to read: then the
    # check is analyzing. Bounded: a check that ends first (or never opens it) is shown.
    fd = None
    deadline = time.monotonic() + 120
    while fd is None and proc.poll() is None and time.monotonic() < deadline:
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError as e:
            if e.errno != errno.ENXIO:
                raise
            time.sleep(0.01)
    if fd is None:
        print("never-blocked: the check did not read the pipe")
    proc.send_signal(sig)
    try:
        out, err = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        print("hung: killed")
    if fd is not None:
        os.close(fd)
    print("exit-status: %d" % (proc.returncode if proc.returncode >= 0 else 128 - proc.returncode))
    print("stdout-bytes: %d" % len(out))
    sys.stdout.write("stderr: " + err.decode(errors="replace"))
    print("left: [%s]" % " ".join(sorted(os.listdir(os.path.join(folder, "out")))))


main()
